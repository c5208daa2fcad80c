// append-drops-keys
//
// A legacy `append: true` item carries keys Falco ignores (desc, output, priority, tags,
// enabled, …).
// Why it matters: Only `condition` and `exceptions` are appended; the other keys look effective
// but do nothing.
//
// Example:
//   - rule: r
//     append: true
//     priority: CRITICAL
//
// Fix: Use `override:` with `replace` for those keys.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kAppendDropsKeys;
const CheckInfo kAppendDropsKeys = {
    "append-drops-keys",
    Severity::Warning,
    "",
    "A legacy `append: true` item carries keys Falco ignores (desc, output, priority, tags, enabled, …).",
    "Use `override:` with `replace` for those keys.",
};

}  // namespace rulekit::lint::checks
