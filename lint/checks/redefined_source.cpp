// redefined-source (LOAD_ERR_VALIDATE)
//
// A rule is redefined with a different `source`.
// Why it matters: Falco rejects the file; a full redefinition defaults `source` to syscall, so
// redefining a plugin rule without repeating its source triggers this.
//
// Example:
//   - rule: r
//     source: k8s_audit
//     ...
//   - rule: r
//     ...
//
// Fix: Repeat the original `source:`, or use `override:` to change only some keys.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kRedefinedSource;
const CheckInfo kRedefinedSource = {
    "redefined-source",
    Severity::Error,
    "LOAD_ERR_VALIDATE",
    "A rule is redefined with a different `source`.",
    "Repeat the original `source:`, or use `override:` to change only some keys.",
};

}  // namespace rulekit::lint::checks
