// field-argument (LOAD_ERR_COMPILE_CONDITION)
//
// A field is given an argument it does not take, or lacks one it needs (`proc.aname[x]`,
// `evt.arg.nosuch`, `container.mount`).
// Why it matters: Falco rejects the file.
//
// Example:
//     condition: proc.aname[x] = bash
//
// Fix: Use a numeric index or a valid argument as the field's documentation says.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kFieldArgument;
const CheckInfo kFieldArgument = {
    "field-argument",
    Severity::Error,
    "LOAD_ERR_COMPILE_CONDITION",
    "A field is given an argument it does not take, or lacks one it needs (`proc.aname[x]`, `evt.arg.nosuch`, `container.mount`).",
    "Use a numeric index or a valid argument as the field's documentation says.",
};

}  // namespace rulekit::lint::checks
