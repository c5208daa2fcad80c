// override-structure (LOAD_ERR_YAML_VALIDATE)
//
// An `override:` block Falco rejects: a key that cannot be appended or replaced, an unknown
// operation, a key listed but absent, a key present but not listed, or `override` with `append:
// true`.
// Why it matters: Falco rejects the file.
//
// Example:
//   - rule: r
//     override:
//       priority: append
//     priority: INFO
//
// Fix: Use `append` only for condition/output/desc/tags/exceptions and `replace` for the rest;
// list every modified key under `override:`.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kOverrideStructure;
const CheckInfo kOverrideStructure = {
    "override-structure",
    Severity::Error,
    "LOAD_ERR_YAML_VALIDATE",
    "An `override:` block Falco rejects: a key that cannot be appended or replaced, an unknown operation, a key listed but absent, a key present but not listed, or `override` with `append: true`.",
    "Use `append` only for condition/output/desc/tags/exceptions and `replace` for the rest; list every modified key under `override:`.",
};

}  // namespace rulekit::lint::checks
