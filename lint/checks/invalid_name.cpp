// invalid-name (LOAD_INVALID_MACRO_NAME)
//
// A macro name that is not an identifier, or a list name with blanks, quotes, parentheses, `=`
// or `,`.
// Why it matters: Such a macro can never be referenced; such a list is substituted in
// surprising places.
//
// Example:
//   - macro: my-macro
//     condition: proc.name = x
//
// Fix: Use letters, digits and underscores, starting with a letter.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kInvalidName;
const CheckInfo kInvalidName = {
    "invalid-name",
    Severity::Warning,
    "LOAD_INVALID_MACRO_NAME",
    "A macro name that is not an identifier, or a list name with blanks, quotes, parentheses, `=` or `,`.",
    "Use letters, digits and underscores, starting with a letter.",
};

}  // namespace rulekit::lint::checks
