#include "ruleset/collector.hpp"

#include <fmt/format.h>

namespace rulekit::ruleset {

namespace {

Diagnostic error(std::string code, const SourceLocation& loc, std::string message) {
    Diagnostic d;
    d.loc = loc;
    d.code = std::move(code);
    d.severity = Severity::Error;
    d.message = std::move(message);
    d.falco_code = "LOAD_ERR_VALIDATE";
    return d;
}

void append_text(ComposedText& target, const Text& addition) {
    // Falco joins appended condition/output/desc text with one space.
    target.append_synthetic(" ");
    target.append(addition.value, addition.owner, 0);
}

template <typename T>
T* find_in(std::vector<T>& items, const std::unordered_map<std::string, size_t>& index, const std::string& name) {
    auto it = index.find(name);
    return it == index.end() ? nullptr : &items[it->second];
}

constexpr const char* kStringOperators[] = {"==", "=", "!=", "glob", "iglob", "contains", "icontains",
                                            "bcontains", "startswith", "bstartswith", "endswith", "regex"};

std::string trim(std::string s) {
    const char* blanks = " \t\r\n";
    s.erase(0, s.find_first_not_of(blanks));
    s.erase(s.find_last_not_of(blanks) + 1);
    return s;
}

bool is_modifier_form(const std::string& op) {
    const auto space = op.find(' ');
    if (space == std::string::npos) return false;
    const std::string base = op.substr(0, space), modifier = op.substr(space + 1);
    if (modifier != "oneof" && modifier != "anyof" && modifier != "allof") return false;
    for (const char* s : kStringOperators) {
        if (base == s) return true;
    }
    return false;
}

// An append or override that names a source must name the rule's own (an empty one is fine).
bool source_conflicts(const CollectedRule& existing, const RuleKeys& k, Diagnostics& out, const SourceLocation& loc) {
    if (!k.source || k.source->value.empty() || k.source->value == existing.source) return false;
    out.push_back(error("redefined-source", loc, "Rule has been re-defined with a different source"));
    return true;
}

}  // namespace

bool is_supported_comparison_operator(const std::string& raw) {
    const std::string op = trim(raw);
    for (const char* s : {"exists", "<", "<=", ">", ">=", "intersects", "in", "pmatch"}) {
        if (op == s) return true;
    }
    for (const char* s : kStringOperators) {
        if (op == s) return true;
    }
    return is_modifier_form(op);
}

std::optional<std::string> validate_new_exception(const ExceptionDefinition& ex) {
    if (!ex.fields) return "Rule exception item must have fields property with a list of fields";
    if (!ex.fields->is_list) {
        if (ex.comps && ex.comps->is_list) return "Fields and comps must both be strings";
        const std::string comp = ex.comps ? trim(ex.comps->item.value) : "in";
        if (comp != "in" && comp != "pmatch" && comp != "intersects" && !is_modifier_form(comp)) {
            return "When fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier "
                   "operator (e.g. startswith oneof)";
        }
        return std::nullopt;
    }
    if (ex.comps) {
        if (!ex.comps->is_list || ex.comps->items.size() != ex.fields->items.size()) {
            return "Fields and comps lists must have equal length";
        }
        for (const auto& comp : ex.comps->items) {
            if (!is_supported_comparison_operator(comp.item.value)) {
                return fmt::format("'{}' is not a supported comparison operator", comp.item.value);
            }
        }
    }
    return std::nullopt;
}

const CollectedList* Collector::list(const std::string& name) const {
    auto it = list_index_.find(name);
    return it == list_index_.end() ? nullptr : &lists_[it->second];
}
const CollectedMacro* Collector::macro(const std::string& name) const {
    auto it = macro_index_.find(name);
    return it == macro_index_.end() ? nullptr : &macros_[it->second];
}
const CollectedRule* Collector::rule(const std::string& name) const {
    auto it = rule_index_.find(name);
    return it == rule_index_.end() ? nullptr : &rules_[it->second];
}

namespace {
template <typename T>
void copy_first_defined(const std::vector<T>& from, uint32_t sequence, std::vector<T>& to,
                        std::unordered_map<std::string, size_t>& index) {
    for (const T& item : from) {
        if (item.index > sequence) continue;
        index.emplace(item.name, to.size());
        to.push_back(item);
    }
}
}  // namespace

Collector Collector::first_defined_by(uint32_t sequence) const {
    Collector out;
    out.sequence_ = sequence;
    copy_first_defined(lists_, sequence, out.lists_, out.list_index_);
    copy_first_defined(macros_, sequence, out.macros_, out.macro_index_);
    copy_first_defined(rules_, sequence, out.rules_, out.rule_index_);
    return out;
}

void Collector::add(const ListDefinition& def, Diagnostics& out) {
    const uint32_t seq = ++sequence_;
    CollectedList* existing = find_in(lists_, list_index_, def.name.value);
    if (def.op == Operation::Append) {
        if (!existing) {
            out.push_back(error("override-target-missing", def.loc,
                                "List uses 'append' or 'override.items: append' but no list by that name already exists"));
            return;
        }
        existing->items.insert(existing->items.end(), def.items.begin(), def.items.end());
        existing->visibility = seq;
        return;
    }
    if (existing) {
        existing->items = def.items;
        existing->visibility = seq;
        existing->loc = def.loc;
        return;
    }
    list_index_.emplace(def.name.value, lists_.size());
    lists_.push_back({def.name.value, def.items, seq, seq, def.loc});
}

void Collector::add(const MacroDefinition& def, Diagnostics& out) {
    const uint32_t seq = ++sequence_;
    CollectedMacro* existing = find_in(macros_, macro_index_, def.name.value);
    if (def.op == Operation::Append) {
        if (!existing) {
            out.push_back(error("override-target-missing", def.loc,
                                "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists"));
            return;
        }
        append_text(existing->condition, def.condition);
        existing->visibility = seq;
        return;
    }
    ComposedText condition(def.condition.value, def.condition.owner);
    if (existing) {
        existing->condition = std::move(condition);
        existing->visibility = seq;
        existing->loc = def.loc;
        return;
    }
    macro_index_.emplace(def.name.value, macros_.size());
    macros_.push_back({def.name.value, std::move(condition), seq, seq, def.loc});
}

void Collector::append_exceptions(CollectedRule& rule, const std::vector<ExceptionDefinition>& items, Diagnostics& out) {
    // Falco stops at the first problem; every one is reported here and the sound entries kept.
    for (const auto& ex : items) {
        ExceptionDefinition* previous = nullptr;
        for (auto& e : rule.exceptions) {
            if (e.name.value == ex.name.value) {
                previous = &e;
                break;
            }
        }
        if (previous) {
            if (ex.fields) {
                out.push_back(error("exception-structure", ex.loc,
                                    "Can not append exception fields to existing exception, only values"));
                continue;
            }
            if (ex.comps) {
                out.push_back(error("exception-structure", ex.loc,
                                    "Can not append exception comps to existing exception, only values"));
                continue;
            }
            previous->values.insert(previous->values.end(), ex.values.begin(), ex.values.end());
            previous->has_values = previous->has_values || ex.has_values;
        } else {
            if (!ex.fields) {
                out.push_back(error("exception-structure", ex.loc,
                                    "Rule exception must have fields property with a list of fields"));
                continue;
            }
            if (ex.values.empty()) {
                out.push_back(error("exception-structure", ex.loc,
                                    "Rule exception must have values property with a list of values"));
                continue;
            }
            if (auto problem = validate_new_exception(ex)) {
                out.push_back(error("exception-structure", ex.loc, *problem));
                continue;
            }
            rule.exceptions.push_back(ex);
        }
        if (!ex.has_values) {
            Diagnostic w;
            w.loc = ex.loc;
            w.code = "append-no-values";
            w.severity = Severity::Warning;
            w.message = "Overriding/appending exception with no values";
            w.falco_code = "LOAD_APPEND_NO_VALUES";
            out.push_back(std::move(w));
        }
    }
}

void Collector::add(const RuleDefinition& def, Diagnostics& out) {
    ++sequence_;
    CollectedRule* existing = find_in(rules_, rule_index_, def.name.value);
    const RuleKeys& k = def.keys;

    switch (def.form) {
        case RuleForm::Full: {
            CollectedRule rule;
            rule.name = def.name.value;
            if (k.condition) {
                rule.condition = ComposedText(k.condition->value, k.condition->owner);
                rule.condition_loc = k.condition->loc;
            }
            if (k.output) {
                rule.output = ComposedText(k.output->value, k.output->owner);
                rule.output_loc = k.output->loc;
            }
            if (k.desc) rule.desc = k.desc->value;
            if (k.priority) rule.priority = k.priority->value;
            if (k.source) rule.source = k.source->value;
            if (k.enabled) rule.enabled = *k.enabled;
            if (k.warn_evttypes) rule.warn_evttypes = *k.warn_evttypes;
            if (k.skip_if_unknown_filter) rule.skip_if_unknown_filter = *k.skip_if_unknown_filter;
            if (k.capture) rule.capture = *k.capture;
            if (k.capture_duration) rule.capture_duration = *k.capture_duration;
            if (k.tags) for (const auto& t : *k.tags) rule.tags.insert(t.value);
            if (k.exceptions) {
                // Falco rejects the rule at its first invalid exception. Every one is reported
                // here, and the rule is kept with its valid exceptions so that the rest of it
                // is still checked.
                for (const auto& ex : *k.exceptions) {
                    if (auto problem = validate_new_exception(ex)) {
                        out.push_back(error("exception-structure", ex.loc, *problem));
                        continue;
                    }
                    rule.exceptions.push_back(ex);
                }
            }
            rule.loc = def.loc;
            if (existing) {
                if (!existing->source.empty() && !rule.source.empty() && existing->source != rule.source) {
                    out.push_back(error("redefined-source", def.loc, "Rule has been re-defined with a different source"));
                    return;
                }
                rule.index = existing->index;
                *existing = std::move(rule);
            } else {
                rule.index = sequence_;
                rule_index_.emplace(rule.name, rules_.size());
                rules_.push_back(std::move(rule));
            }
            return;
        }
        case RuleForm::EnableOnly:
            if (!existing) {
                out.push_back(error("override-target-missing", def.loc,
                                    "Rule has 'enabled' key but no rule by that name already exists"));
                return;
            }
            if (k.enabled) existing->enabled = *k.enabled;
            return;
        case RuleForm::LegacyAppend:
            if (!k.condition && !k.exceptions) {
                out.push_back(error("missing-key", def.loc, "Appended rule must have exceptions or condition property"));
                return;
            }
            if (!existing) {
                out.push_back(error("override-target-missing", def.loc,
                                    "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists"));
                return;
            }
            if (source_conflicts(*existing, k, out, def.loc)) return;
            if (k.condition) append_text(existing->condition, *k.condition);
            if (k.exceptions) append_exceptions(*existing, *k.exceptions, out);
            return;
        case RuleForm::Override: {
            bool any_append = false;
            for (const auto& [key, op] : def.overrides) any_append = any_append || op == Operation::Append;
            if (!existing) {
                out.push_back(error("override-target-missing", def.loc,
                                    any_append ? "Rule uses 'append' or 'override.<key>: append' but no rule by that "
                                                 "name already exists"
                                               : "An 'override.<key>: replace' to a rule was requested but no rule by "
                                                 "that name already exists"));
                return;
            }
            if (source_conflicts(*existing, k, out, def.loc)) return;
            CollectedRule& r = *existing;
            for (const auto& [key, op] : def.overrides) {
                const bool append = op == Operation::Append;
                if (key == "condition" && k.condition) {
                    if (append) append_text(r.condition, *k.condition);
                    else r.condition = ComposedText(k.condition->value, k.condition->owner);
                } else if (key == "output" && k.output) {
                    if (append) append_text(r.output, *k.output);
                    else r.output = ComposedText(k.output->value, k.output->owner);
                } else if (key == "desc" && k.desc) {
                    r.desc = append ? r.desc + " " + k.desc->value : k.desc->value;
                } else if (key == "tags" && k.tags) {
                    if (!append) r.tags.clear();
                    for (const auto& t : *k.tags) r.tags.insert(t.value);
                } else if (key == "exceptions" && k.exceptions) {
                    if (append) append_exceptions(r, *k.exceptions, out);
                    else {
                        r.exceptions = *k.exceptions;  // Falco skips validation here (spec §4.5)
                        for (auto& ex : r.exceptions) ex.from_replace = true;
                    }
                } else if (key == "priority" && k.priority) {
                    r.priority = k.priority->value;
                } else if (key == "enabled" && k.enabled) {
                    r.enabled = *k.enabled;
                } else if (key == "warn_evttypes" && k.warn_evttypes) {
                    r.warn_evttypes = *k.warn_evttypes;
                } else if (key == "skip-if-unknown-filter" && k.skip_if_unknown_filter) {
                    r.skip_if_unknown_filter = *k.skip_if_unknown_filter;
                } else if (key == "capture" && k.capture) {
                    r.capture = *k.capture;
                } else if (key == "capture_duration" && k.capture_duration) {
                    r.capture_duration = *k.capture_duration;
                }
            }
            return;
        }
    }
}

}  // namespace rulekit::ruleset
