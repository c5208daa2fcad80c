#include "eval/replay.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <ostream>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

namespace rulekit::eval {

using grammar::Expr;
using grammar::Kind;

const char* verdict_name(Verdict v) {
    switch (v) {
        case Verdict::Suppressed: return "suppressed";
        case Verdict::Fires: return "fires";
        case Verdict::Unknown: return "unknown";
    }
    return "unknown";
}

namespace {

Expr nnf(const Expr& e, bool negate) {
    if (e.kind == Kind::Not && e.children.size() == 1) return nnf(e.children[0], !negate);
    if ((e.kind == Kind::And || e.kind == Kind::Or) && !e.children.empty()) {
        Expr out;
        out.kind = (e.kind == Kind::And) != negate ? Kind::And : Kind::Or;
        out.pos = e.pos;
        out.text_id = e.text_id;
        out.end = e.end;
        for (const auto& c : e.children) {
            Expr child = nnf(c, negate);
            if (child.kind == out.kind) {
                for (auto& grandchild : child.children) out.children.push_back(std::move(grandchild));
            } else {
                out.children.push_back(std::move(child));
            }
        }
        if (out.children.size() == 1) return std::move(out.children[0]);
        return out;
    }
    if (!negate) return e;
    Expr out;
    out.kind = Kind::Not;
    out.pos = e.pos;
    out.text_id = e.text_id;
    out.end = e.end;
    out.children.push_back(e);
    return out;
}

std::vector<const Expr*> conjuncts_of(const Expr& e) {
    if (e.kind != Kind::And) return {&e};
    std::vector<const Expr*> out;
    for (const auto& c : e.children) out.push_back(&c);
    return out;
}

// The constants of a list operand (nested lists flattened), or nothing for another operand.
std::optional<std::set<std::string>> list_values(const Expr& rhs) {
    std::set<std::string> out;
    std::function<bool(const Expr&)> collect = [&](const Expr& e) {
        if (e.kind == Kind::Value) return out.insert(e.text), true;
        if (e.kind != Kind::List) return false;
        return std::all_of(e.children.begin(), e.children.end(), collect);
    };
    if (!collect(rhs)) return std::nullopt;
    return out;
}

// `lhs op (A)` implies `lhs op (B)` when A is a subset of B, for `in` and `intersects`. Not for
// fd.ip/fd.net/fd.port/fd.proto and the *net fields: libsinsp compares some of them with the
// first constant only, so a longer list is not a weaker test.
bool weaker_list_check(const Expr& strong, const Expr& weak) {
    if (strong.kind != Kind::BinaryCheck || weak.kind != Kind::BinaryCheck || strong.text != weak.text) return false;
    // (Not pmatch: libsinsp's prefix trie can miss a match once more paths share a level.)
    if (strong.text != "in" && strong.text != "intersects") return false;
    if (strong.children.size() != 2 || weak.children.size() != 2 || !strong.children[0].same_as(weak.children[0])) {
        return false;
    }
    const Expr& field = strong.children[0];
    if (field.kind == Kind::Field) {
        const std::string_view name = field.text;
        if (name == "fd.ip" || name == "fd.port" || name == "fd.proto" || name.ends_with("net")) return false;
    }
    const auto a = list_values(strong.children[1]), b = list_values(weak.children[1]);
    return a && b && std::includes(b->begin(), b->end(), a->begin(), a->end());
}

// Whenever `a` holds for an event, `b` holds too (sound, not complete): the same expression, a
// list check against a superset (`not` of one against a subset: a list an exclusion shrank),
// and the and/or structure around them (a macro extended with `or`).
bool implies(const Expr& a, const Expr& b) {
    if (a.same_as(b)) return true;
    if (weaker_list_check(a, b)) return true;
    if (a.kind == Kind::Not && b.kind == Kind::Not && a.children.size() == 1 && b.children.size() == 1 &&
        weaker_list_check(b.children[0], a.children[0])) {
        return true;
    }
    auto any_of = [](const Expr& e, auto&& f) { return std::any_of(e.children.begin(), e.children.end(), f); };
    auto all_of = [](const Expr& e, auto&& f) { return std::all_of(e.children.begin(), e.children.end(), f); };
    if (b.kind == Kind::Or && any_of(b, [&](const Expr& c) { return implies(a, c); })) return true;
    if (b.kind == Kind::And && !b.children.empty() && all_of(b, [&](const Expr& c) { return implies(a, c); })) return true;
    if (a.kind == Kind::Or && !a.children.empty() && all_of(a, [&](const Expr& c) { return implies(c, b); })) return true;
    if (a.kind == Kind::And && any_of(a, [&](const Expr& c) { return implies(c, b); })) return true;
    return false;
}

// What an alert proves: expressions known true (BASE's top-level conjuncts) and known false
// (their negations). An expression is true when a true fact implies it, false when it implies
// a false fact.
class Facts {
public:
    void add(const Expr& e, bool value) { facts_.emplace_back(std::make_unique<Expr>(e), value); }
    std::optional<bool> truth_of(const Expr& e) const {
        for (const auto& [fact, value] : facts_) {
            if (value ? implies(*fact, e) : implies(e, *fact)) return value;
        }
        return std::nullopt;
    }

private:
    std::vector<std::pair<std::unique_ptr<Expr>, bool>> facts_;
};

std::string where(const SourceLocation& loc) {
    if (loc.file.empty()) return {};
    return fmt::format(" ({}:{})", loc.file, loc.line);
}

}  // namespace

Expr negation_normal_form(const Expr& e) { return nnf(e, false); }

// What the tuning changed for one rule, and the rule's tuned condition compiled with what
// BASE proves.
struct Replay::Plan {
    std::optional<AlertVerdict> fixed;  // the same verdict for every alert of the rule
    Expr tuned;                         // negation normal form; the program points into it
    std::optional<CompiledCondition> program;
    Facts facts;
    // What the tuning changed, to say what decided.
    std::set<std::string> exceptions, lists, macros;
    bool condition_changed = false;
    // The tuned condition's top-level conjuncts that BASE does not already decide, described
    // once (judging an alert then allocates no descriptions it does not print).
    std::unordered_map<const Expr*, std::string> open_conjuncts;
};

Replay::Replay(const ruleset::RuleSet& base, const ruleset::RuleSet& tuned) : base_(base), tuned_(tuned) {}
Replay::~Replay() = default;

namespace {

// The most specific change of the tuning a conjunct comes from: an exception, a list, a macro,
// the rule's own condition.
std::string describe(const Expr& conjunct, const ruleset::RuleSet& tuned, const std::set<std::string>& exceptions,
                     const std::set<std::string>& lists, const std::set<std::string>& macros, bool condition_changed,
                     const std::string& rule) {
    int best_rank = 0;
    std::string best;
    std::function<void(const Expr&)> visit = [&](const Expr& e) {
        if (e.kind == Kind::BinaryCheck || e.kind == Kind::UnaryCheck || e.kind == Kind::Value) {
            const ruleset::NodeOrigin o = tuned.origin(e);
            int rank = 0;
            std::string text;
            switch (o.kind) {
                case ruleset::NodeOrigin::Kind::Exception:
                    if (exceptions.count(o.name)) rank = 4, text = fmt::format("exception '{}'{}", o.name, where(o.loc));
                    break;
                case ruleset::NodeOrigin::Kind::List:
                    if (lists.count(o.name)) rank = 3, text = fmt::format("list '{}'{}", o.name, where(o.loc));
                    break;
                case ruleset::NodeOrigin::Kind::Macro:
                    if (macros.count(o.name)) rank = 2, text = fmt::format("macro '{}'{}", o.name, where(o.loc));
                    break;
                case ruleset::NodeOrigin::Kind::RuleCondition:
                    if (condition_changed) {
                        rank = 1, text = fmt::format("condition of rule '{}' as the tuning changed it{}", rule, where(o.loc));
                    }
                    break;
                case ruleset::NodeOrigin::Kind::Synthetic: break;
            }
            // Of equal kinds the last written wins: what a later file appended comes after what
            // it extends (list items, exception values, a macro's appended text), and the
            // tuning is the later file.
            if (rank > 0 && rank >= best_rank) best_rank = rank, best = std::move(text);
        }
        for (const auto& c : e.children) visit(c);
    };
    visit(conjunct);
    // Appended text made only of a macro the tuning left alone (`and not container`): no node
    // of it was written by the rule, but the rule's condition is what changed.
    if (best.empty() && condition_changed) best = fmt::format("condition of rule '{}' as the tuning changed it", rule);
    return best;
}

}  // namespace

const Replay::Plan& Replay::plan_for(const std::string& name) {
    auto [it, inserted] = plans_.try_emplace(name);
    if (!inserted) return *it->second;
    it->second = std::make_unique<Plan>();
    Plan& plan = *it->second;
    auto fixed = [&](Verdict v, std::string reason) -> const Plan& {
        plan.fixed = AlertVerdict{v, std::move(reason), {}};
        return plan;
    };
    const ruleset::LoadedRule* before = base_.rule(name);
    const ruleset::LoadedRule* after = tuned_.rule(name);
    if (!before || !after) return fixed(Verdict::Unknown, fmt::format("rule '{}' is not defined by the base rules", name));
    if (before->definition->enabled && !after->definition->enabled) {
        return fixed(Verdict::Suppressed, fmt::format("rule '{}' is disabled by the tuning", name));
    }
    if (!after->condition) {
        return fixed(Verdict::Unknown, fmt::format("rule '{}' does not compile with the tuning (see the load errors)", name));
    }
    if (!before->condition) {
        return fixed(Verdict::Unknown, fmt::format("rule '{}' does not compile in the base rules (see the load errors)", name));
    }
    if (before->condition->same_as(*after->condition)) {
        return fixed(Verdict::Fires, fmt::format("the tuning does not change rule '{}'", name));
    }

    // What changed, for the reasons.
    const ruleset::CollectedRule& b = *before->definition;
    const ruleset::CollectedRule& a = *after->definition;
    for (const auto& ex : a.exceptions) {
        auto old = std::find_if(b.exceptions.begin(), b.exceptions.end(),
                                [&](const auto& e) { return e.name.value == ex.name.value; });
        if (old == b.exceptions.end() || !ruleset::same_fields_comps_values(*old, ex)) plan.exceptions.insert(ex.name.value);
    }
    for (const auto& list : tuned_.definitions().lists()) {
        const auto* old = base_.definitions().list(list.name);
        if (!old || !ruleset::same_text(old->items, list.items)) plan.lists.insert(list.name);
    }
    for (const auto& macro : tuned_.definitions().macros()) {
        const auto* old = base_.definitions().macro(macro.name);
        if (!old || old->condition.str() != macro.condition.str()) plan.macros.insert(macro.name);
    }
    plan.condition_changed = a.condition.str() != b.condition.str();

    // Every top-level conjunct of BASE held; its negation is false.
    const Expr base_nnf = negation_normal_form(*before->condition);
    for (const Expr* fact : conjuncts_of(base_nnf)) {
        plan.facts.add(*fact, true);
        plan.facts.add(nnf(*fact, true), false);
    }
    plan.tuned = negation_normal_form(*after->condition);
    const Facts& facts = plan.facts;
    auto compiled = CompiledCondition::compile(plan.tuned, a.source, tuned_.catalog(),
                                               [&facts](const Expr& e) { return facts.truth_of(e); });
    if (auto* error = std::get_if<std::string>(&compiled)) {
        return fixed(Verdict::Unknown, fmt::format("rule '{}' cannot be evaluated: {}", name, *error));
    }
    plan.program.emplace(std::move(std::get<CompiledCondition>(compiled)));
    for (const Expr* conjunct : conjuncts_of(plan.tuned)) {
        // A conjunct BASE proves true decides nothing; one it proves false (an appended
        // `and not <what BASE required>`) suppresses every alert and is the reason.
        if (facts.truth_of(*conjunct) == true) continue;
        std::string d = describe(*conjunct, tuned_, plan.exceptions, plan.lists, plan.macros, plan.condition_changed, name);
        plan.open_conjuncts.emplace(conjunct, d.empty() ? "the tuned condition" : std::move(d));
    }
    // What BASE proves may decide the whole tuned condition, the same for every alert.
    if (const auto whole = facts.truth_of(plan.tuned)) {
        if (*whole) return fixed(Verdict::Fires, fmt::format("the base condition implies what the tuning changed in rule '{}'", name));
        for (const Expr* conjunct : conjuncts_of(plan.tuned)) {
            if (facts.truth_of(*conjunct) == false) return fixed(Verdict::Suppressed, plan.open_conjuncts.at(conjunct));
        }
        return fixed(Verdict::Suppressed, "the base condition contradicts the tuned condition");
    }
    return plan;
}

AlertVerdict Replay::judge(const std::string& rule, const Record& fields, std::string_view) {
    const Plan& plan = plan_for(rule);
    if (plan.fixed) return *plan.fixed;
    EvalTrace trace;
    const Truth truth = plan.program->evaluate(fields, trace);
    // The changed conjuncts with the given truth, described.
    auto described = [&](Truth wanted) {
        std::vector<std::string> out;
        for (const auto& [node, t] : trace.conjuncts) {
            if (t != wanted) continue;
            auto it = plan.open_conjuncts.find(node);
            if (it == plan.open_conjuncts.end()) continue;
            if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
        }
        return out;
    };
    AlertVerdict v;
    switch (truth) {
        case Truth::False: {
            v.verdict = Verdict::Suppressed;
            const auto why = described(Truth::False);
            v.reason = why.empty() ? "the tuned condition is false" : why.front();
            break;
        }
        case Truth::True: {
            v.verdict = Verdict::Fires;
            const auto checked = described(Truth::True);
            v.reason = checked.empty()
                           ? fmt::format("the base condition implies what the tuning changed in rule '{}'", rule)
                           : fmt::format("not matched by {}", fmt::join(checked, ", "));
            break;
        }
        case Truth::Unknown: {
            v.verdict = Verdict::Unknown;
            const auto open = described(Truth::Unknown);
            v.reason = fmt::format("{} depends on fields the alert does not carry",
                                   open.empty() ? "the tuned condition" : fmt::format("{}", fmt::join(open, ", ")));
            v.missing_fields = trace.missing_fields;
            break;
        }
    }
    return v;
}

namespace {

std::vector<std::string> falco_errors(const ruleset::RuleSet& rules, std::string_view what) {
    std::vector<std::string> out;
    for (const auto& line : ruleset::falco_error_lines(rules)) out.push_back(fmt::format("{}: {}", what, line));
    return out;
}

void print_table(const ReplayResult& result, std::ostream& out) {
    size_t width = std::string_view("total").size();
    for (const auto& [rule, tally] : result.by_rule) width = std::max(width, rule.size());
    out << fmt::format("{:<{}}  {:>8}  {:>10}  {:>12}  {:>8}\n", "rule", width, "alerts", "suppressed", "still firing",
                       "unknown");
    auto row = [&](const std::string& name, const RuleTally& t) {
        out << fmt::format("{:<{}}  {:>8}  {:>10}  {:>12}  {:>8}\n", name, width, t.alerts, t.suppressed, t.fires, t.unknown);
    };
    for (const auto& [rule, tally] : result.by_rule) row(rule, tally);
    row("total", result.total);
}

}  // namespace

ReplayResult replay_alerts(const ReplayOptions& options, std::ostream& out, std::ostream& err) {
    ruleset::LoadOptions load = options.load;
    load.compile_after_each_file = false;
    const ruleset::RuleSet base = ruleset::load_rule_files(options.base, load);
    std::vector<std::filesystem::path> all = options.base;
    all.insert(all.end(), options.tuning.begin(), options.tuning.end());
    const ruleset::RuleSet tuned = ruleset::load_rule_files(all, load);

    ReplayResult result;
    result.load_errors = falco_errors(base, "base rules");
    for (auto& e : falco_errors(tuned, "base + tuning")) {
        if (std::find(result.load_errors.begin(), result.load_errors.end(), e) == result.load_errors.end()) {
            result.load_errors.push_back(std::move(e));
        }
    }
    for (const auto& e : result.load_errors) err << "rulekit eval: warning: Falco would reject " << e << "\n";

    Replay replay(base, tuned);
    result.skipped = read_alerts(options.alerts, [&](Alert&& alert) {
        const AlertVerdict v = replay.judge(alert.rule, alert.fields, alert.source);
        RuleTally& tally = result.by_rule[alert.rule];
        for (RuleTally* t : {&tally, &result.total}) {
            ++t->alerts;
            (v.verdict == Verdict::Suppressed ? t->suppressed : v.verdict == Verdict::Fires ? t->fires : t->unknown)++;
        }
        if (options.format == ReplayOptions::Format::Json) {
            nlohmann::ordered_json line;
            line["rule"] = alert.rule;
            line["verdict"] = verdict_name(v.verdict);
            line["reason"] = v.reason;
            line["missing_fields"] = v.missing_fields;
            out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        }
    });
    if (options.format == ReplayOptions::Format::Text) print_table(result, out);
    for (const auto& message : result.skipped.messages()) err << "rulekit eval: " << message << "\n";
    // The totals, so a log that was mostly not alerts (text output, the wrong file) is noticed.
    err << fmt::format("rulekit eval: {} line{} read: {} alert{}, {} skipped\n", result.skipped.lines,
                       result.skipped.lines == 1 ? "" : "s", result.skipped.alerts, result.skipped.alerts == 1 ? "" : "s",
                       result.skipped.skipped());
    return result;
}

}  // namespace rulekit::eval
