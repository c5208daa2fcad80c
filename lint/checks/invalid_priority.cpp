// invalid-priority (LOAD_ERR_YAML_VALIDATE)
//
// `priority` is not one of Falco's priorities.
// Why it matters: Falco rejects the file.
//
// Example:
//     priority: HIGH
//
// Fix: Use EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL (or INFO) or
// DEBUG.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kInvalidPriority;
const CheckInfo kInvalidPriority = {
    "invalid-priority",
    Severity::Error,
    "LOAD_ERR_YAML_VALIDATE",
    "`priority` is not one of Falco's priorities.",
    "Use EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL (or INFO) or DEBUG.",
};

}  // namespace rulekit::lint::checks
