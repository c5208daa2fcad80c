// macro-loop (LOAD_ERR_VALIDATE)
//
// Macros reference each other in a loop.
// Why it matters: Falco rejects the file.
//
// Example:
//   - macro: a
//     condition: b
//   - macro: b
//     condition: a
//
// Fix: Break the loop.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kMacroLoop;
const CheckInfo kMacroLoop = {
    "macro-loop",
    Severity::Error,
    "LOAD_ERR_VALIDATE",
    "Macros reference each other in a loop.",
    "Break the loop.",
};

}  // namespace rulekit::lint::checks
