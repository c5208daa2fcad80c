// undefined-macro (LOAD_ERR_VALIDATE)
//
// A condition references a macro that is not defined (or, inside a macro, one defined only
// later).
// Why it matters: Falco rejects the file.
//
// Example:
//     condition: spawned_proces and proc.name = bash
//
// Falco compiles after each file, so a macro defined only in a later file is undefined for the
// rules of the earlier one.
//
// Fix: Define the macro, fix its name, or define it before the macro (or in a file loaded before
// the rule) that uses it.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kUndefinedMacro;
const CheckInfo kUndefinedMacro = {
    "undefined-macro",
    Severity::Error,
    "LOAD_ERR_VALIDATE",
    "A condition references a macro that is not defined (or, inside a macro, one defined only later).",
    "Define the macro, fix its name, or define it before the macro (or in a file loaded before the rule) that "
    "uses it.",
};

}  // namespace rulekit::lint::checks
