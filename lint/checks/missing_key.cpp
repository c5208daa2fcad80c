// missing-key (LOAD_ERR_YAML_VALIDATE)
//
// A required key is missing or empty (`condition`, `output`, `desc`, `priority` for a rule,
// `items` for a list, …).
// Why it matters: Falco rejects the file.
//
// Example:
//   - rule: r
//     condition: evt.type = open
//     output: o
//     priority: INFO
//
// Fix: Add the key the message names.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kMissingKey;
const CheckInfo kMissingKey = {
    "missing-key",
    Severity::Error,
    "LOAD_ERR_YAML_VALIDATE",
    "A required key is missing or empty (`condition`, `output`, `desc`, `priority` for a rule, `items` for a list, …).",
    "Add the key the message names.",
};

}  // namespace rulekit::lint::checks
