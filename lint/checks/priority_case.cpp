// priority-case
//
// A rule's `priority` is not written in upper case (`warning`, `Warning` instead of `WARNING`).
// Why it matters: Falco's reader accepts any case, but Falco's JSON schema only knows the upper
// case names (`falco -V` then reports the file as not schema-valid) and Falco's own rules all
// use them.
//
// Example:
//     priority: warning
//
// Fix: Write the priority in upper case (`rulekit lint --fix` rewrites it).
#include "lint/check_registry.hpp"
#include "lint/checks/beyond_falco.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace rulekit::lint::checks {

extern const CheckInfo kPriorityCase;
const CheckInfo kPriorityCase = {
    "priority-case",
    Severity::Info,
    "",
    "A rule's `priority` is not written in upper case (`warning`, `Warning` instead of `WARNING`).",
    "Write the priority in upper case (`rulekit lint --fix` rewrites it).",
};

std::string upper_case_priority(std::string_view text) {
    std::string upper(text);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return upper;
}

Diagnostics priority_case(const grammar::RulesFile& file) {
    Diagnostics out;
    for (const auto& item : file.items) {
        const auto* rule = item.get<grammar::Rule>();
        // Only a priority Falco read and accepted: an invalid one is invalid-priority's, and one
        // on a legacy append is ignored by Falco (append-drops-keys says so).
        if (!rule || !rule->priority_text || !rule->priority) continue;
        const grammar::Scalar& text = *rule->priority_text;
        const std::string upper = upper_case_priority(text.value);
        if (upper == text.value) continue;
        Diagnostic d;
        d.loc = text.location();
        const bool quoted = text.style() == grammar::ScalarStyle::SingleQuoted ||
                            text.style() == grammar::ScalarStyle::DoubleQuoted;
        d.loc.end_line = d.loc.line;
        d.loc.end_column = d.loc.column + static_cast<uint32_t>(text.value.size() + (quoted ? 2 : 0)) - 1;
        d.code = std::string(kPriorityCase.slug);
        d.severity = kPriorityCase.default_severity;
        d.message = fmt::format("priority '{}' of rule '{}' is not in upper case; Falco's JSON schema and its own "
                                "rules spell it '{}'",
                                text.value, rule->name.value, upper);
        d.hint = fmt::format("write '{}' (`rulekit lint --fix` rewrites it)", upper);
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace rulekit::lint::checks
