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
#include "lint/checks/beyond_falco.hpp"

#include <fmt/format.h>

namespace rulekit::lint::checks {

extern const CheckInfo kAppendDropsKeys;
const CheckInfo kAppendDropsKeys = {
    "append-drops-keys",
    Severity::Warning,
    "",
    "A legacy `append: true` item carries keys Falco ignores (desc, output, priority, tags, enabled, …).",
    "Use `override:` with `replace` for those keys.",
};


Diagnostics append_drops_keys(const grammar::RulesFile& file) {
    Diagnostics out;
    for (const auto& item : file.items) {
        const auto* rule = item.get<grammar::Rule>();
        if (!rule || rule->form != grammar::RuleForm::LegacyAppend || !item.node.IsMap()) continue;
        for (const auto& kv : item.node) {
            const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
            if (key == "rule" || key == "append" || key == "condition" || key == "exceptions") continue;
            if (key != "desc" && key != "output" && key != "priority" && key != "enabled" && key != "tags" &&
                key != "source" && key != "warn_evttypes" && key != "skip-if-unknown-filter" && key != "capture" &&
                key != "capture_duration") {
                continue;  // not a rule key at all: unknown-key reports it
            }
            if (key == "source") continue;  // an `append` may name the source; Falco ignores it harmlessly
            Diagnostic d;
            d.loc = file.location(grammar::YamlMark{kv.first.Mark().pos, kv.first.Mark().line, kv.first.Mark().column});
            d.code = std::string(kAppendDropsKeys.slug);
            d.severity = kAppendDropsKeys.default_severity;
            d.message = fmt::format("'{}' is ignored: with `append: true` Falco only appends `condition` and "
                                    "`exceptions` to rule '{}'",
                                    key, rule->name.value);
            d.hint = fmt::format("use `override: {{{}: replace}}` (and `override: {{condition: append}}` for the "
                                 "condition)",
                                 key);
            out.push_back(std::move(d));
        }
    }
    return out;
}

}  // namespace rulekit::lint::checks
