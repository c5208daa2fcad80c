// invalid-value (LOAD_ERR_YAML_VALIDATE)
//
// A value has the wrong YAML type or cannot be decoded (a sequence where a string is expected,
// `enabled: maybe`, an empty string, …); also constants in a condition that do not fit the
// field type (`proc.pid = abc`, a bad IP or regex).
// Why it matters: Falco rejects the file.
//
// Example:
//     enabled: maybe
//
// Fix: Give the value the type the key expects (bool, string, unsigned integer, sequence).
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kInvalidValue;
const CheckInfo kInvalidValue = {
    "invalid-value",
    Severity::Error,
    "LOAD_ERR_YAML_VALIDATE",
    "A value has the wrong YAML type or cannot be decoded (a sequence where a string is expected, `enabled: maybe`, an empty string, …); also constants in a condition that do not fit the field type (`proc.pid = abc`, a bad IP or regex).",
    "Give the value the type the key expects (bool, string, unsigned integer, sequence).",
};

}  // namespace rulekit::lint::checks
