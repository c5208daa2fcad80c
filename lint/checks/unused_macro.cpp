// unused-macro (LOAD_UNUSED_MACRO)
//
// A macro no rule or macro uses.
// Reported only when everything compiles, as Falco does (a failing rule marks nothing used).
// Why it matters: Dead code, often a typo in the name of the macro a rule meant to use.
//
// Example:
//   - macro: never_used
//     condition: proc.name = x
//
// Fix: Remove it or use it.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kUnusedMacro;
const CheckInfo kUnusedMacro = {
    "unused-macro",
    Severity::Warning,
    "LOAD_UNUSED_MACRO",
    "A macro no rule or macro uses.",
    "Remove it or use it.",
};

}  // namespace rulekit::lint::checks
