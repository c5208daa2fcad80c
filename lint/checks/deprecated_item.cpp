// deprecated-item (LOAD_DEPRECATED_ITEM)
//
// A deprecated construct: legacy `append: true`, an enable-only item, `%container.info`.
// Why it matters: Deprecated since Falco 0.37/0.41; `append: true` also silently drops keys.
//
// Example:
//   - rule: r
//     append: true
//     condition: and proc.name = x
//
// Fix: each cause has its own hint: `override:` for `append: true` (`rulekit lint --fix` rewrites
// it) and for enable-only items; container fields instead of `%container.info`.
// Automatic fix (lint/fix/): `append: true` -> `override:` entries, unless a rule item carries
// keys legacy append ignores (converting would make them take effect).
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kDeprecatedItem;
const CheckInfo kDeprecatedItem = {
    "deprecated-item",
    Severity::Warning,
    "LOAD_DEPRECATED_ITEM",
    "A deprecated construct: legacy `append: true`, an enable-only item, `%container.info`.",
    "Replace the deprecated construct: `override:` instead of `append: true` or an enable-only item; container "
    "fields instead of `%container.info`.",
};

}  // namespace rulekit::lint::checks
