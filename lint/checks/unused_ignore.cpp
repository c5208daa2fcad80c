// unused-ignore
//
// A `# rulekit: ignore=<check>` or `ignore-file=<check>` comment that suppresses nothing: the
// finding it was written for is gone, it names no check, or it is not a rulekit directive.
// Why it matters: stale suppressions hide the next real finding on that line and mislead
// readers about what is wrong with the rule.
//
// Example:
//   - rule: r   # rulekit: ignore=unknown-field   (the rule has no unknown field any more)
//
// Fix: Remove the comment, or the slug that no longer applies.
// (The logic is in lint/src/suppressions.cpp, which applies the comments.)
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kUnusedIgnore;
const CheckInfo kUnusedIgnore = {
    "unused-ignore",
    Severity::Warning,
    "",
    "A `# rulekit: ignore=` or `ignore-file=` comment that suppresses nothing, names no check, or is malformed.",
    "Remove the comment, or the slug that no longer applies.",
};

}  // namespace rulekit::lint::checks
