// list-shadows-macro
//
// A list and a macro share a name.
// Why it matters: Falco substitutes lists textually before macros are resolved, so every use of
// the name becomes the list's items.
//
// Example:
//   - list: sensitive
//     items: [a]
//   - macro: sensitive
//     condition: fd.name = x
//
// Fix: Rename one of them.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kListShadowsMacro;
const CheckInfo kListShadowsMacro = {
    "list-shadows-macro",
    Severity::Warning,
    "",
    "A list and a macro share a name.",
    "Rename one of them.",
};

}  // namespace rulekit::lint::checks
