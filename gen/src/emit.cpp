#include "gen/emit.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "gen/fields.hpp"

namespace rulekit::gen {

std::string yaml_scalar(std::string_view value) {
    bool plain = !value.empty() && value.front() != ' ' && value.back() != ' ';
    if (plain) {
        constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`=~";
        if (kIndicators.find(value.front()) != std::string_view::npos) plain = false;
        for (char c : value) {
            if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '\'' || c == '"' || c == '\\' ||
                static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                plain = false;
            }
        }
        if (value.find(": ") != std::string_view::npos || value.find(" #") != std::string_view::npos ||
            value.back() == ':') {
            plain = false;
        }
        std::string lower;
        for (char c : value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (std::string_view word : {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}) {
            if (lower == word) plain = false;
        }
        // Anything a YAML reader could take for a number.
        if (std::all_of(value.begin(), value.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-' || c == 'e' ||
                       c == 'E' || c == 'x' || c == 'o' || c == '_';
            })) {
            plain = false;
        }
    }
    if (plain) return std::string(value);
    std::string out = "'";
    for (char c : value) {
        if (c == '\'') out += "''";
        else out += c;
    }
    out += '\'';
    return out;
}

namespace {

std::string row_cell(const Constraint& c) {
    if (c.comp != "in") return yaml_scalar(condition_token(c.values.front()));
    std::vector<std::string> items;
    for (const auto& v : c.values) items.push_back(yaml_scalar(condition_token(v)));
    return fmt::format("[{}]", fmt::join(items, ", "));
}

std::string thousands(uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string evidence_comment(const Proposal& p, const std::string& indent) {
    const Evidence& e = p.evidence;
    std::string days = e.days.empty() ? "" : fmt::format(", {} day(s) {}..{}", e.days.size(), e.days.front(), e.days.back());
    std::string out = fmt::format("{}# {} alerts ({} suppressed when proven), {} host(s), {} container(s){}\n", indent,
                                  thousands(e.alerts), thousands(p.suppressed), e.host_estimate(), e.container_estimate(), days);
    if (!e.first_time.empty()) out += fmt::format("{}# first seen {}, last seen {}\n", indent, e.first_time, e.last_time);
    if (!e.sample_output.empty()) {
        std::string sample;
        for (char c : e.sample_output) sample += (c == '\n' || c == '\r') ? ' ' : c;
        if (sample.size() > 160) sample = sample.substr(0, 157) + "...";
        out += fmt::format("{}# sample ({}): {}\n", indent, e.sample_at, sample);
    }
    if (p.narrowed) out += fmt::format("{}# narrowed: pinned on more fields so that alerts that must keep firing do\n", indent);
    return out;
}

// Exception values as text, for comparing rows.
std::vector<std::vector<std::string>> rows_of(const ruleset::ExceptionDefinition& ex) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& v : ex.values) {
        std::vector<std::string> row;
        for (const auto& cell : v.items) {
            if (!cell.is_list) {
                row.push_back(cell.item.value);
                continue;
            }
            std::vector<std::string> items;
            for (const auto& i : cell.items) items.push_back(i.item.value);
            row.push_back(fmt::format("[{}]", fmt::join(items, ", ")));
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<std::string> row_values(const Proposal& p) {
    std::vector<std::string> row;
    for (const auto& c : p.constraints) {
        if (c.comp != "in") {
            row.push_back(condition_token(c.values.front()));
            continue;
        }
        std::vector<std::string> items;
        for (const auto& v : c.values) items.push_back(condition_token(v));
        row.push_back(fmt::format("[{}]", fmt::join(items, ", ")));
    }
    return row;
}

std::vector<std::string> texts_of(const std::optional<ruleset::ExceptionValue>& v) {
    std::vector<std::string> out;
    if (!v) return out;
    if (!v->is_list) return {v->item.value};
    for (const auto& i : v->items) out.push_back(i.item.value);
    return out;
}

std::string trim(std::string s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
    return s;
}

}  // namespace

namespace {

// The tuning macro of `rule` that --style hooks may replace: one it uses as `and not <macro>`
// and that no other rule uses that way, so replacing it changes this rule only.
const ruleset::CollectedMacro* own_tuning_macro(const std::string& rule, const ruleset::RuleSet& existing) {
    const ruleset::LoadedRule* loaded = existing.rule(rule);
    if (!loaded) return nullptr;
    for (const auto& name : loaded->hooks.negated_macros) {
        // Falco's tuning macros are the user_* ones (user_known_*, user_expected_*, ...).
        if (!name.starts_with("user_")) continue;
        size_t users = 0;
        for (const auto& other : existing.rules()) {
            const auto& macros = other.hooks.negated_macros;
            if (std::find(macros.begin(), macros.end(), name) != macros.end()) ++users;
        }
        // Macros may also use it; only a name nothing else mentions is safe.
        bool mentioned_elsewhere = false;
        for (const auto& m : existing.definitions().macros()) {
            if (m.name != name && m.condition.str().find(name) != std::string::npos) mentioned_elsewhere = true;
        }
        if (users == 1 && !mentioned_elsewhere) return existing.definitions().macro(name);
    }
    return nullptr;
}

std::string macro_items(const std::vector<Proposal>& proposals, const ruleset::RuleSet& existing,
                        std::vector<bool>& handled) {
    std::map<std::string, std::vector<size_t>> by_macro;
    for (size_t i = 0; i < proposals.size(); ++i) {
        if (proposals[i].dropped) continue;
        if (const auto* macro = own_tuning_macro(proposals[i].rule, existing)) by_macro[macro->name].push_back(i);
    }
    std::string out;
    for (const auto& [name, indices] : by_macro) {
        const ruleset::CollectedMacro* macro = existing.definitions().macro(name);
        std::string current = macro->condition.str();
        std::replace(current.begin(), current.end(), '\n', ' ');
        std::string condition = "(" + current + ")";
        std::string comments;
        std::vector<std::string> rows;
        for (size_t i : indices) {
            handled[i] = true;
            const std::string row = constraints_condition(proposals[i].constraints);
            if (current.find(row) != std::string::npos) continue;  // already there (--merge)
            rows.push_back(row);
            comments += evidence_comment(proposals[i], "");
        }
        if (rows.empty()) continue;
        std::sort(rows.begin(), rows.end());
        for (const auto& row : rows) condition += " or (" + row + ")";
        out += fmt::format("\n# Tuning hook of rule(s) using `not {}`; the macro's previous condition comes first.\n{}", name,
                           comments);
        out += fmt::format("- macro: {}\n  condition: {}\n", yaml_scalar(name), yaml_scalar(condition));
        out += "  override:\n    condition: replace\n";
    }
    return out;
}

}  // namespace

std::string emit_tuning(const std::vector<Proposal>& proposals, const ruleset::RuleSet& existing, const EmitOptions& options) {
    std::vector<bool> handled(proposals.size(), false);
    std::string hook_items = options.use_hooks && !options.legacy_append ? macro_items(proposals, existing, handled) : "";
    // rule -> (fields, comps) -> proposals
    std::map<std::string, std::map<std::pair<std::vector<std::string>, std::vector<std::string>>, std::vector<const Proposal*>>>
        grouped;
    for (size_t index = 0; index < proposals.size(); ++index) {
        const Proposal& p = proposals[index];
        if (p.dropped || handled[index]) continue;
        std::vector<std::string> fields, comps;
        for (const auto& c : p.constraints) {
            fields.push_back(c.field);
            comps.push_back(c.comp);
        }
        grouped[p.rule][{fields, comps}].push_back(&p);
    }
    std::string body;
    for (auto& [rule_name, exceptions] : grouped) {
        const ruleset::LoadedRule* rule = existing.rule(rule_name);
        std::set<std::string> names_taken;
        if (rule) {
            for (const auto& ex : rule->definition->exceptions) names_taken.insert(ex.name.value);
        }
        std::string items;
        for (auto& [signature, rows] : exceptions) {
            const auto& [fields, comps] = signature;
            // An exception of the rule with these fields and comps takes the new values.
            const ruleset::ExceptionDefinition* same = nullptr;
            if (rule) {
                for (const auto& ex : rule->definition->exceptions) {
                    if (!ex.fields || !ex.fields->is_list || texts_of(ex.fields) != fields) continue;
                    std::vector<std::string> their_comps = texts_of(ex.comps);
                    for (auto& c : their_comps) c = trim(c);
                    if (!ex.comps) their_comps.assign(fields.size(), "=");
                    if (their_comps == comps) {
                        same = &ex;
                        break;
                    }
                }
            }
            // Each row's values as Falco reads them back: the order they are written in, and how a
            // row the exception already holds is recognised.
            std::vector<std::pair<std::vector<std::string>, const Proposal*>> ordered;
            for (const Proposal* p : rows) ordered.emplace_back(row_values(*p), p);
            std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            const auto have = same ? rows_of(*same) : std::vector<std::vector<std::string>>{};
            std::string values;
            for (const auto& [row, p] : ordered) {
                if (std::find(have.begin(), have.end(), row) != have.end()) continue;  // already there
                std::vector<std::string> cells;
                for (const auto& c : p->constraints) cells.push_back(row_cell(c));
                values += evidence_comment(*p, "        ");
                values += fmt::format("        - [{}]\n", fmt::join(cells, ", "));
            }
            if (values.empty()) continue;
            if (same) {
                items += fmt::format("    - name: {}\n      values:\n{}", yaml_scalar(same->name.value), values);
                continue;
            }
            // A readable name from the fields' short names, the first few of them.
            std::vector<std::string> words;
            for (const auto& f : fields) {
                std::string w = short_field_name(f);
                if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(std::move(w));
            }
            constexpr size_t kWords = 4;
            std::string base = fmt::format("rulekit_{}", fmt::join(words.begin(), words.begin() + std::min(words.size(), kWords), "_"));
            if (words.size() > kWords) base += fmt::format("_and_{}_more", words.size() - kWords);
            std::string name = base;
            for (int n = 2; names_taken.count(name); ++n) name = fmt::format("{}_{}", base, n);
            names_taken.insert(name);
            std::vector<std::string> comp_cells, field_cells;
            for (const auto& c : comps) comp_cells.push_back(yaml_scalar(c));
            for (const auto& f : fields) field_cells.push_back(yaml_scalar(f));
            items += fmt::format("    - name: {}\n      fields: [{}]\n      comps: [{}]\n      values:\n{}", name,
                                 fmt::join(field_cells, ", "), fmt::join(comp_cells, ", "), values);
        }
        if (items.empty()) continue;
        body += fmt::format("\n- rule: {}\n", yaml_scalar(rule_name));
        if (options.legacy_append) body += "  append: true\n";
        else body += "  override:\n    exceptions: append\n";
        body += "  exceptions:\n" + items;
    }
    body = hook_items + body;
    if (body.empty()) return {};
    std::string out;
    for (size_t start = 0; start < options.header.size();) {
        const size_t end = std::min(options.header.find('\n', start), options.header.size());
        out += "# " + options.header.substr(start, end - start) + "\n";
        start = end + 1;
    }
    return out + body;
}

}  // namespace rulekit::gen
