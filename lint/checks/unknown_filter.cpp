// unknown-filter (LOAD_UNKNOWN_FILTER)
//
// A rule with `skip-if-unknown-filter: true` uses an unknown field or event type and is
// dropped.
// Why it matters: The rule does not run.
//
// Example:
//     skip-if-unknown-filter: true
//     condition: proc.nosuch = 1
//
// Fix: Fix the field, or accept that the rule only runs where the field exists.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kUnknownFilter;
const CheckInfo kUnknownFilter = {
    "unknown-filter",
    Severity::Warning,
    "LOAD_UNKNOWN_FILTER",
    "A rule with `skip-if-unknown-filter: true` uses an unknown field or event type and is dropped.",
    "Fix the field, or accept that the rule only runs where the field exists.",
};

}  // namespace rulekit::lint::checks
