// operator-type-mismatch (LOAD_ERR_COMPILE_CONDITION)
//
// An operator that the field's type does not support (`glob` on a number, `bcontains` on a
// string), or incompatible field-to-field types.
// Why it matters: Falco rejects the file.
//
// Example:
//     condition: proc.pid glob 1*
//
// Fix: Use an operator the field type supports.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kOperatorTypeMismatch;
const CheckInfo kOperatorTypeMismatch = {
    "operator-type-mismatch",
    Severity::Error,
    "LOAD_ERR_COMPILE_CONDITION",
    "An operator that the field's type does not support (`glob` on a number, `bcontains` on a string), or incompatible field-to-field types.",
    "Use an operator the field type supports.",
};

}  // namespace rulekit::lint::checks
