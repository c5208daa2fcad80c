// unknown-key (LOAD_UNKNOWN_KEY)
//
// A key Falco does not know for this item kind (or an item with no known kind), which Falco
// ignores.
// Why it matters: A misspelled key (`priorty`, `exception`) silently does nothing; an item with
// no `rule`/`macro`/`list` key is dropped.
//
// Example:
//   - rule: r
//     desc: d
//     condition: evt.type = open
//     output: o
//     priority: INFO
//     exception: []
//
// Fix: Use the suggested key; for dropped items add the missing `rule:`/`macro:`/`list:` key.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kUnknownKey;
const CheckInfo kUnknownKey = {
    "unknown-key",
    Severity::Warning,
    "LOAD_UNKNOWN_KEY",
    "A key Falco does not know for this item kind (or an item with no known kind), which Falco ignores.",
    "Use the suggested key; for dropped items add the missing `rule:`/`macro:`/`list:` key.",
};

}  // namespace rulekit::lint::checks
