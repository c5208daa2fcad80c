// duplicate-key
//
// A mapping key appears twice; yaml-cpp (and so Falco) keeps only the first.
// Why it matters: The second value — often the one the author meant — is silently ignored.
//
// Example:
//   - rule: r
//     condition: evt.type = open
//     condition: evt.type = openat
//
// Fix: Remove one of the two keys.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kDuplicateKey;
const CheckInfo kDuplicateKey = {
    "duplicate-key",
    Severity::Warning,
    "",
    "A mapping key appears twice; yaml-cpp (and so Falco) keeps only the first.",
    "Remove one of the two keys.",
};

}  // namespace rulekit::lint::checks
