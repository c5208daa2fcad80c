#include "gen/propose.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "gen/fields.hpp"

namespace rulekit::gen {

std::string condition_token(std::string_view value) {
    // Bare strings stop at blanks, parentheses, quotes, '=' and ','; a leading word that
    // looks like an operator or keyword could also be misread. Anything doubtful is quoted.
    bool bare = !value.empty();
    for (unsigned char c : value) {
        if (c <= ' ' || c == '(' || c == ')' || c == '"' || c == '\'' || c == '=' || c == ',' || c == '\\' || c >= 0x7f) {
            bare = false;
            break;
        }
    }
    for (std::string_view word : {"and", "or", "not", "in", "exists", "oneof", "anyof", "allof"}) {
        if (value == word) bare = false;
    }
    for (std::string_view fn : {"tolower(", "toupper(", "b64(", "basename(", "len(", "join(", "concat(", "getopt(", "val("}) {
        if (value.starts_with(fn)) bare = false;
    }
    if (bare) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: out += c;
        }
    }
    out += '"';
    return out;
}

std::string constraints_condition(const std::vector<Constraint>& constraints) {
    std::vector<std::string> checks;
    for (const auto& c : constraints) {
        if (c.comp == "in") {
            std::vector<std::string> tokens;
            for (const auto& v : c.values) tokens.push_back(condition_token(v));
            checks.push_back(fmt::format("{} in ({})", c.field, fmt::join(tokens, ", ")));
        } else {
            checks.push_back(fmt::format("{} {} {}", c.field, c.comp, condition_token(c.values.front())));
        }
    }
    return fmt::format("{}", fmt::join(checks, " and "));
}

namespace {

// Too little to tell a pattern from an attacker who reuses one of its values: at least two
// constrained fields, at least one pinned to one value or a short list.
bool identifies_enough(const std::vector<Constraint>& constraints) {
    if (constraints.size() < 2) return false;
    return std::any_of(constraints.begin(), constraints.end(), [](const Constraint& c) { return c.comp != "startswith"; });
}

// Volatile in this rule's data: most alerts carry a value few others share.
bool volatile_in_data(const FieldSpread& global) {
    const uint64_t values = global.seen - global.nulls;
    if (values < 10) return false;
    return global.distinct_estimate() >= 0.5 * static_cast<double>(values);
}

// The part of a versioned value before its version: "repo/image:1.2.3" -> "repo/image:".
std::string unversioned_prefix(std::string_view value) {
    const size_t at = value.find('@');
    if (at != std::string_view::npos) return std::string(value.substr(0, at + 1));
    const size_t colon = value.rfind(':');
    const size_t slash = value.rfind('/');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
        return std::string(value.substr(0, colon + 1));
    }
    return {};
}

// `usable(field)`: a field of the rule's event source that an exception can name (output_fields
// may also carry custom keys that append_output adds, which are no fields).
template <typename Usable>
std::vector<Constraint> describe_pattern(const Pattern& pattern, const StringMap<FieldSpread>& spreads, Usable&& usable) {
    std::vector<Constraint> out;
    // Volatile fields are not part of the pattern: a stable start of theirs may still narrow it
    // ("prometheus-" of pod names), when the data shows where the varying part begins.
    for (const auto& [field, values] : pattern.varying) {
        if (!is_volatile_field(field) || values.seen != pattern.evidence.alerts || !usable(field)) continue;
        std::string prefix;
        if (values.values.size() > 1) {
            // Where the values part is where they vary: cut back to a token boundary.
            prefix = values.prefix.prefix();
            while (!prefix.empty() && std::isalnum(static_cast<unsigned char>(prefix.back()))) prefix.pop_back();
            prefix = stable_prefix(prefix);
        } else {
            // One value: only a part the shape shows as generated may vary next time.
            const std::string shape = value_shape(values.prefix.prefix());
            if (std::any_of(shape.begin(), shape.end(), is_placeholder)) prefix = stable_prefix(shape);
        }
        if (prefix.size() >= 6) out.push_back({field, "startswith", {std::move(prefix)}});
    }
    for (const auto& [field, shape] : pattern.shapes) {
        if (shape == kNullShape || !usable(field)) continue;
        auto global = spreads.find(field);
        const bool volatile_field = is_volatile_field(field) || (global != spreads.end() && volatile_in_data(global->second));
        const bool varies = std::any_of(shape.begin(), shape.end(), is_placeholder);
        if (!varies) {
            // The shape is the value: the same in every alert of the pattern.
            if (is_versioned_field(field)) {
                if (auto prefix = unversioned_prefix(shape); !prefix.empty()) {
                    out.push_back({field, "startswith", {prefix}});
                    continue;
                }
            }
            if (volatile_field) continue;
            out.push_back({field, "=", {shape}});
            continue;
        }
        auto stats = pattern.varying.find(field);
        if (stats == pattern.varying.end()) continue;
        const FieldStats& values = stats->second;
        // Within a pattern a field varies only where its shape has a placeholder (a number, an
        // id, a generated suffix): the stable start before it is what identifies it.
        std::string prefix = stable_prefix(shape);
        if (is_versioned_field(field)) {
            if (auto unversioned = unversioned_prefix(values.prefix.prefix()); !unversioned.empty()) prefix = unversioned;
        }
        if (!prefix.empty()) {
            out.push_back({field, "startswith", {prefix}});
            continue;
        }
        // Nothing stable before the varying part (a port, a number): a few values that each
        // recur may still be listed.
        if (!volatile_field && values.values.exact() && values.values.size() <= 5) {
            const auto top = values.values.sorted();
            const bool each_recurs = std::all_of(top.begin(), top.end(), [](const auto& e) { return e.count >= 2; });
            if (each_recurs) {
                Constraint c{field, top.size() == 1 ? "=" : "in", {}};
                for (const auto& e : top) c.values.push_back(e.value);
                std::sort(c.values.begin(), c.values.end());
                out.push_back(std::move(c));
            }
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Constraint& a, const Constraint& b) { return a.field < b.field; });
    return out;
}

std::string describe_constraints(const std::vector<Constraint>& constraints) {
    std::vector<std::string> parts;
    for (const auto& c : constraints) {
        parts.push_back(c.comp == "in" ? fmt::format("{} in ({})", c.field, fmt::join(c.values, ", "))
                                       : fmt::format("{} {} {}", c.field, c.comp, c.values.front()));
    }
    return parts.empty() ? std::string("(no stable field)") : fmt::format("{}", fmt::join(parts, ", "));
}

std::string describe_shapes(const Pattern& p) {
    std::vector<std::string> parts;
    for (const auto& [field, shape] : p.shapes) {
        if (is_volatile_field(field) || shape == kNullShape) continue;
        std::string readable;
        for (char c : shape) readable += is_placeholder(c) ? std::string("…") : std::string(1, c);
        parts.push_back(fmt::format("{}={}", field, readable));
        if (parts.size() == 4) break;
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

// Patterns that differ only in a field that one of them has without a value (a process whose
// parent had already exited, a uid without a name) are one pattern in which that field
// identifies nothing: merged, without it.
std::vector<Pattern> merge_over_missing_values(const RuleStats& rule) {
    std::vector<Pattern> patterns;
    for (const auto* entry : sorted_entries(rule.patterns)) {
        patterns.push_back(entry->second);
        patterns.back().merged_keys = {entry->first};
    }
    std::set<std::string> nullable;
    for (const auto& p : patterns) {
        for (const auto& [field, shape] : p.shapes) {
            if (shape == kNullShape) nullable.insert(field);
        }
    }
    for (const auto& field : nullable) {
        std::map<std::string, std::vector<size_t>> groups;  // key without `field` -> patterns
        for (size_t i = 0; i < patterns.size(); ++i) {
            auto shapes = patterns[i].shapes;
            std::erase_if(shapes, [&](const auto& s) { return s.first == field; });
            groups[pattern_key(shapes)].push_back(i);
        }
        std::vector<bool> gone(patterns.size(), false);
        for (auto& [key, members] : groups) {
            const bool has_null = std::any_of(members.begin(), members.end(), [&](size_t i) {
                return std::any_of(patterns[i].shapes.begin(), patterns[i].shapes.end(),
                                   [&](const auto& s) { return s.first == field && s.second == kNullShape; });
            });
            if (!has_null || members.size() < 2) continue;
            Pattern& into = patterns[members.front()];
            std::erase_if(into.shapes, [&](const auto& s) { return s.first == field; });
            into.varying.erase(field);
            for (size_t k = 1; k < members.size(); ++k) {
                Pattern& other = patterns[members[k]];
                into.evidence.merge(other.evidence);
                into.merged_keys.insert(into.merged_keys.end(), other.merged_keys.begin(), other.merged_keys.end());
                for (auto& [f, stats] : other.varying) {
                    if (f != field) into.varying[f].merge(stats);
                }
                gone[members[k]] = true;
            }
        }
        std::vector<Pattern> kept;
        for (size_t i = 0; i < patterns.size(); ++i) {
            if (!gone[i]) kept.push_back(std::move(patterns[i]));
        }
        patterns = std::move(kept);
    }
    return patterns;
}

// Proposals of one rule that differ only in the value of one pinned field become one, with that
// field as an `in` list (each of them recurring on its own already).
void merge_into_lists(std::vector<Proposal>& proposals) {
    constexpr size_t kMaxListed = 10;
    for (size_t i = 0; i < proposals.size(); ++i) {
        for (size_t j = i + 1; j < proposals.size();) {
            Proposal& a = proposals[i];
            const Proposal& b = proposals[j];
            std::optional<size_t> differing;
            bool mergeable = a.constraints.size() == b.constraints.size();
            for (size_t k = 0; mergeable && k < a.constraints.size(); ++k) {
                const Constraint& x = a.constraints[k];
                const Constraint& y = b.constraints[k];
                if (x == y) continue;
                const bool listable = x.field == y.field && (x.comp == "=" || x.comp == "in") && y.comp == "=";
                if (!listable || differing) mergeable = false;
                differing = k;
            }
            if (!mergeable || !differing || a.constraints[*differing].values.size() >= kMaxListed) {
                ++j;
                continue;
            }
            Constraint& c = a.constraints[*differing];
            c.comp = "in";
            c.values.push_back(b.constraints[*differing].values.front());
            std::sort(c.values.begin(), c.values.end());
            a.evidence.merge(b.evidence);
            a.pattern_keys.insert(a.pattern_keys.end(), b.pattern_keys.begin(), b.pattern_keys.end());
            std::erase_if(a.narrowing, [&](const auto& n) {
                return std::find(b.narrowing.begin(), b.narrowing.end(), n) == b.narrowing.end();
            });
            proposals.erase(proposals.begin() + static_cast<std::ptrdiff_t>(j));
        }
    }
}

}  // namespace

Synthesis synthesize(const AlertStats& stats, const ruleset::RuleSet& rules, const Thresholds& thresholds) {
    Synthesis out;
    std::set<std::string> days;
    for (const auto& [name, rule] : stats.rules) days.insert(rule.evidence.days.begin(), rule.evidence.days.end());
    out.min_days_used = thresholds.min_days ? thresholds.min_days : (days.size() >= 2 ? 2 : 1);

    for (const auto& [name, rule] : stats.rules) {
        const ruleset::LoadedRule* loaded = rules.rule(name);
        if (!loaded) {
            out.left_firing.push_back({name, "every alert", rule.evidence.alerts,
                                       "the rules given with --rules do not define this rule (never tuned)",
                                       rule.evidence.sample_at});
            continue;
        }
        if (!loaded->condition) {
            out.left_firing.push_back({name, "every alert", rule.evidence.alerts,
                                       "the rule does not compile with the rules given (see the load errors)",
                                       rule.evidence.sample_at});
            continue;
        }
        if (rule.overflow) {
            out.left_firing.push_back({name, "patterns beyond the first " + std::to_string(rule.max_patterns), rule.overflow,
                                       "too many distinct patterns to summarise", rule.evidence.sample_at});
        }
        // Patterns with the same description become one proposal.
        std::map<std::vector<Constraint>, size_t> by_description;
        std::vector<Proposal> proposals;
        const StringMap<FieldSpread> spreads = field_spreads(rule);
        for (const Pattern& pattern : merge_over_missing_values(rule)) {
            std::vector<Constraint> constraints = describe_pattern(pattern, spreads, [&](const std::string& field) {
                return rules.catalog().resolve(loaded->definition->source, field).ok();
            });
            const uint64_t alerts = pattern.evidence.alerts;
            if (!identifies_enough(constraints)) {
                out.left_firing.push_back({name, describe_shapes(pattern), alerts,
                                           fmt::format("too little stable identity to tell it from an attacker reusing one "
                                                       "of its values ({})",
                                                       describe_constraints(constraints)),
                                           pattern.evidence.sample_at});
                continue;
            }
            auto [it, inserted] = by_description.try_emplace(constraints, proposals.size());
            if (inserted) {
                Proposal p;
                p.rule = name;
                p.source = loaded->definition->source;
                p.constraints = std::move(constraints);
                p.evidence = pattern.evidence;
                for (const auto& field_shape : pattern.shapes) {
                    const std::string& field = field_shape.first;
                    const std::string& shape = field_shape.second;
                    const bool constrained = std::any_of(p.constraints.begin(), p.constraints.end(),
                                                         [&](const Constraint& c) { return c.field == field; });
                    if (!constrained && shape != kNullShape && !is_volatile_field(field) &&
                        std::none_of(shape.begin(), shape.end(), is_placeholder)) {
                        p.narrowing.emplace_back(field, shape);
                    }
                }
                proposals.push_back(std::move(p));
            } else {
                Proposal& p = proposals[it->second];
                p.evidence.merge(pattern.evidence);
                // Narrowing candidates must be constant over every pattern of the proposal.
                std::erase_if(p.narrowing, [&](const auto& n) {
                    auto s = std::find_if(pattern.shapes.begin(), pattern.shapes.end(),
                                          [&](const auto& fs) { return fs.first == n.first; });
                    return s == pattern.shapes.end() || s->second != n.second;
                });
            }
            auto& keys = proposals[it->second].pattern_keys;
            keys.insert(keys.end(), pattern.merged_keys.begin(), pattern.merged_keys.end());
        }
        std::vector<Proposal> kept;
        for (auto& p : proposals) {
            const uint64_t hosts = p.evidence.host_estimate();
            const uint64_t day_count = p.evidence.days.size();
            std::string why;
            if (p.evidence.alerts < thresholds.min_count) {
                why = fmt::format("{} alerts, fewer than --min-count {}", p.evidence.alerts, thresholds.min_count);
            } else if (hosts < thresholds.min_hosts) {
                why = fmt::format("seen on {} host(s), fewer than --min-hosts {}", hosts, thresholds.min_hosts);
            } else if (day_count < out.min_days_used) {
                why = fmt::format("seen on {} day(s), fewer than --min-days {}", day_count, out.min_days_used);
            }
            if (!why.empty()) {
                out.left_firing.push_back({name, describe_constraints(p.constraints), p.evidence.alerts, why,
                                           p.evidence.sample_at});
                continue;
            }
            kept.push_back(std::move(p));
        }
        merge_into_lists(kept);
        for (auto& p : kept) out.proposals.push_back(std::move(p));
    }
    return out;
}

}  // namespace rulekit::gen
