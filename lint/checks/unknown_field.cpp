// unknown-field (LOAD_ERR_COMPILE_CONDITION)
//
// A field that does not exist for the rule's event source.
// Why it matters: Falco rejects the file (or drops the rule with `skip-if-unknown-filter`).
//
// Example:
//     condition: evt.type = execve and proc.nmae = bash
//
// Fix: Use the suggested field, or load the plugin that provides it (`--fields`).
// Automatic fix (lint/fix/): the name is replaced when exactly one field is nearest.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kUnknownField;
const CheckInfo kUnknownField = {
    "unknown-field",
    Severity::Error,
    "LOAD_ERR_COMPILE_CONDITION",
    "A field that does not exist for the rule's event source.",
    "Use the suggested field, or load the plugin that provides it (`--fields`).",
};

}  // namespace rulekit::lint::checks
