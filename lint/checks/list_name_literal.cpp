// list-name-literal
//
// A bare word inside a list value or a list operator's operand that is neither a defined list
// nor plausibly a literal (it looks like a list name with a typo).
// Why it matters: Falco silently compares with the literal string, so the check never matches
// what was meant.
//
// Example:
//     condition: proc.name in (shell_binaris)
//
// Fix: Fix the list name (did-you-mean is shown) or quote the literal.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kListNameLiteral;
const CheckInfo kListNameLiteral = {
    "list-name-literal",
    Severity::Warning,
    "",
    "A bare word inside a list value or a list operator's operand that is neither a defined list nor plausibly a literal (it looks like a list name with a typo).",
    "Fix the list name (did-you-mean is shown) or quote the literal.",
};

}  // namespace rulekit::lint::checks
