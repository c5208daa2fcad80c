// unused-list (LOAD_UNUSED_LIST)
//
// A list no rule, macro or list uses.
// Reported only when everything compiles, as Falco does (a failing rule marks nothing used).
// Why it matters: Dead code, often a typo in a list name inside a condition (which Falco then
// compares as a literal string).
//
// Example:
//   - list: never_used
//     items: [a]
//
// Fix: Remove it or use it.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kUnusedList;
const CheckInfo kUnusedList = {
    "unused-list",
    Severity::Warning,
    "LOAD_UNUSED_LIST",
    "A list no rule, macro or list uses.",
    "Remove it or use it.",
};

}  // namespace rulekit::lint::checks
