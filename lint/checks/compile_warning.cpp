// compile-warning (LOAD_COMPILE_CONDITION)
//
// Falco's compiler hints: a regex that a plain operator could do, a constant that looks like a
// field name or a transformer call.
// Why it matters: `proc.name = proc.pname` compares with the literal text `proc.pname`, not the
// parent's name.
//
// Example:
//     condition: proc.name = proc.pname
//
// Fix: Use `val(proc.pname)` for a field comparison, or quote the literal.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kCompileWarning;
const CheckInfo kCompileWarning = {
    "compile-warning",
    Severity::Warning,
    "LOAD_COMPILE_CONDITION",
    "Falco's compiler hints: a regex that a plain operator could do, a constant that looks like a field name or a transformer call.",
    "Use `val(proc.pname)` for a field comparison, or quote the literal.",
};

}  // namespace rulekit::lint::checks
