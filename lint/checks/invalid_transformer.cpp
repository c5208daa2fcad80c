// invalid-transformer (LOAD_ERR_COMPILE_CONDITION)
//
// A field transformer used wrongly: wrong number of arguments (`join` takes two, `concat` at
// least two), an input type it does not accept (`tolower(proc.pid)`), a field argument after a
// transformer that takes none, or `val()` around something that is not a plain field.
// Why it matters: Falco rejects the file.
//
// Example:
//     condition: evt.type = execve and tolower(proc.pid) = 1
//
// Fix: Apply the transformer to a field of a type it accepts, with the arguments it takes.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kInvalidTransformer;
const CheckInfo kInvalidTransformer = {
    "invalid-transformer",
    Severity::Error,
    "LOAD_ERR_COMPILE_CONDITION",
    "A field transformer with the wrong arguments or applied to a type it does not accept.",
    "Apply the transformer to a field of a type it accepts, with the arguments it takes.",
};

}  // namespace rulekit::lint::checks
