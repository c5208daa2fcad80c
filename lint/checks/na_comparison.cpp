// na-comparison (LOAD_UNSAFE_NA_CHECK)
//
// A `ka.*` or `jevt.*` field compared with the literal `<NA>`.
// Why it matters: `<NA>` is how Falco prints a missing value, not a value the field ever has;
// the check does not do what it reads like.
//
// Example:
//     condition: ka.user.name = <NA>
//
// Fix: Use `not ka.user.name exists`.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kNaComparison;
const CheckInfo kNaComparison = {
    "na-comparison",
    Severity::Warning,
    "LOAD_UNSAFE_NA_CHECK",
    "A `ka.*` or `jevt.*` field compared with the literal `<NA>`.",
    "Use `not ka.user.name exists`.",
};

}  // namespace rulekit::lint::checks
