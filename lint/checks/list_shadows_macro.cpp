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
#include "lint/checks/beyond_falco.hpp"

#include <fmt/format.h>

namespace rulekit::lint::checks {

extern const CheckInfo kListShadowsMacro;
const CheckInfo kListShadowsMacro = {
    "list-shadows-macro",
    Severity::Warning,
    "",
    "A list and a macro share a name.",
    "Rename one of them.",
};


Diagnostics list_shadows_macro(const ruleset::Collector& collector) {
    Diagnostics out;
    for (const auto& list : collector.lists()) {
        const ruleset::CollectedMacro* macro = collector.macro(list.name);
        if (!macro) continue;
        Diagnostic d;
        d.loc = list.loc;
        d.code = std::string(kListShadowsMacro.slug);
        d.severity = kListShadowsMacro.default_severity;
        d.message = fmt::format("list '{}' has the name of a macro (defined at line {}); Falco pastes the list's items "
                                "wherever the name appears, so the macro is never used",
                                list.name, macro->loc.line);
        d.hint = std::string(kListShadowsMacro.fix);
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace rulekit::lint::checks
