// append-no-values (LOAD_APPEND_NO_VALUES)
//
// An appended exception has no `values`.
// Why it matters: The append does nothing.
//
// Example:
//   - rule: r
//     override:
//       exceptions: append
//     exceptions:
//       - name: e
//
// Fix: Add the values to append, or drop the item.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kAppendNoValues;
const CheckInfo kAppendNoValues = {
    "append-no-values",
    Severity::Warning,
    "LOAD_APPEND_NO_VALUES",
    "An appended exception has no `values`.",
    "Add the values to append, or drop the item.",
};

}  // namespace rulekit::lint::checks
