// invalid-output (LOAD_ERR_COMPILE_OUTPUT)
//
// The `output` format does not compile: an unknown `%field`, a trailing `%`, an empty output.
// Why it matters: Falco rejects the file.
//
// Example:
//     output: user=%user.nmae
//
// Fix: Fix the `%field` token; a literal percent sign is not expressible.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kInvalidOutput;
const CheckInfo kInvalidOutput = {
    "invalid-output",
    Severity::Error,
    "LOAD_ERR_COMPILE_OUTPUT",
    "The `output` format does not compile: an unknown `%field`, a trailing `%`, an empty output.",
    "Fix the `%field` token; a literal percent sign is not expressible.",
};

}  // namespace rulekit::lint::checks
