// output-placeholder
//
// An output names a field the way other template languages do — `{proc.name}`, `{{proc.name}}`,
// `${proc.name}` — where Falco only knows `%proc.name`.
// Why it matters: Falco loads the rule and prints the braces literally, so the alert never shows
// the value (a common slip in rules drafted by chat assistants).
//
// Example:
//     output: "Shell spawned by {user.name} (cmdline={{proc.cmdline}})"
//
// Fix: Write the field as `%field`.
#include "lint/check_registry.hpp"
#include "lint/checks/beyond_falco.hpp"

#include <cctype>

namespace rulekit::lint::checks {

extern const CheckInfo kOutputPlaceholder;
const CheckInfo kOutputPlaceholder = {
    "output-placeholder",
    Severity::Warning,
    "",
    "An output names a field as `{field}`, `{{field}}` or `${field}`; Falco only expands `%field`.",
    "Write the field as `%field`.",
};

namespace {
bool field_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_'; }
}  // namespace

std::vector<Placeholder> output_placeholders(std::string_view output) {
    std::vector<Placeholder> out;
    for (size_t open = output.find('{'); open != std::string_view::npos; open = output.find('{', open + 1)) {
        size_t begin = open;
        if (begin > 0 && output[begin - 1] == '$') --begin;
        size_t name = open + 1;
        const bool doubled = name < output.size() && output[name] == '{';
        if (doubled) ++name;
        while (name < output.size() && output[name] == ' ') ++name;
        size_t end = name;
        while (end < output.size() && field_char(output[end])) ++end;
        if (end == name || output.substr(name, end - name).find('.') == std::string_view::npos) continue;
        size_t close = end;
        while (close < output.size() && output[close] == ' ') ++close;
        if (close >= output.size() || output[close] != '}') continue;
        ++close;
        if (doubled) {
            if (close >= output.size() || output[close] != '}') continue;
            ++close;
        }
        out.push_back({begin, close - begin, std::string(output.substr(name, end - name))});
        open = close - 1;
    }
    return out;
}

}  // namespace rulekit::lint::checks
