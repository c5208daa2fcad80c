// condition-syntax (LOAD_ERR_COMPILE_CONDITION)
//
// The condition (after Falco pastes lists and exceptions into it) does not parse.
// Why it matters: Falco rejects the file.
//
// Example:
//     condition: evt.type = open and (fd.name contains /tmp
//
// Fix: Fix the syntax at the reported column; the message is Falco's own.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kConditionSyntax;
const CheckInfo kConditionSyntax = {
    "condition-syntax",
    Severity::Error,
    "LOAD_ERR_COMPILE_CONDITION",
    "The condition (after Falco pastes lists and exceptions into it) does not parse.",
    "Fix the syntax at the reported column; the message is Falco's own.",
};

}  // namespace rulekit::lint::checks
