// exception-name-not-unique (LOAD_EXCEPTION_NAME_NOT_UNIQUE)
//
// Two exceptions of one rule share a name.
// Why it matters: Appending values to that name only extends the first; both are kept.
//
// Example:
//     exceptions:
//       - name: e
//         ...
//       - name: e
//
// Fix: Rename one of them.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kExceptionNameNotUnique;
const CheckInfo kExceptionNameNotUnique = {
    "exception-name-not-unique",
    Severity::Warning,
    "LOAD_EXCEPTION_NAME_NOT_UNIQUE",
    "Two exceptions of one rule share a name.",
    "Rename one of them.",
};

}  // namespace rulekit::lint::checks
