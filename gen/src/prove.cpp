#include "gen/prove.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "eval/condition.hpp"
#include "gen/aggregate.hpp"
#include "grammar/condition.hpp"

namespace rulekit::gen {

namespace {

constexpr size_t kCollateralSamples = 64;

struct Compiled {
    grammar::Expr expr;  // the program points into it
    std::optional<eval::CompiledCondition> condition;
    std::string error;
};

std::unique_ptr<Compiled> compile(const Proposal& p, const ruleset::RuleSet& rules) {
    auto out = std::make_unique<Compiled>();
    auto parsed = grammar::parse_condition(constraints_condition(p.constraints));
    if (!parsed.ok()) {
        out->error = parsed.error->message;
        return out;
    }
    out->expr = std::move(*parsed.expr);
    auto compiled = eval::CompiledCondition::compile(out->expr, p.source, rules.catalog());
    if (auto* error = std::get_if<std::string>(&compiled)) out->error = *error;
    else out->condition.emplace(std::move(std::get<eval::CompiledCondition>(compiled)));
    return out;
}

struct Tally {
    uint64_t suppressed = 0, missed = 0, collateral = 0;
    std::vector<eval::Record> samples;  // collateral alerts, for narrowing
    std::string first_collateral;

    // Adds what `later` counted over later alerts.
    void merge(Tally&& later) {
        suppressed += later.suppressed;
        missed += later.missed;
        collateral += later.collateral;
        if (first_collateral.empty()) first_collateral = std::move(later.first_collateral);
        for (auto& sample : later.samples) {
            if (samples.size() < kCollateralSamples) samples.push_back(std::move(sample));
        }
    }
};

void merge_tallies(std::vector<Tally>& into, std::vector<Tally>&& later) {
    for (size_t i = 0; i < into.size(); ++i) into[i].merge(std::move(later[i]));
}

// A rule's proposals, the fields they read, and the patterns they were made from.
struct RuleProposals {
    std::vector<size_t> indices;
    std::vector<std::string> fields;  // every field any of them reads
    // By proposal (in `indices` order): where each of its condition's fields() is in `fields`.
    std::vector<std::vector<size_t>> field_positions;
    StringMap<size_t> by_pattern;  // pattern key -> the proposal made from it
};

// What one worker keeps from alert to alert: its copies of the compiled conditions (they hold
// scratch buffers) and the values of the fields being read, assigned in place.
struct ProofScratch {
    std::vector<std::optional<eval::CompiledCondition>> conditions;  // by proposal index
    std::vector<eval::FieldValue> values;                            // by RuleProposals::fields
    std::vector<const eval::FieldValue*> carried;                    // the same, null if absent
    std::vector<const eval::FieldValue*> arguments;                  // one proposal's fields()
    std::string key;
};

class Prover {
public:
    Prover(std::vector<Proposal>& proposals, const ruleset::RuleSet& rules) : proposals_(proposals), rules_(rules) {}

    // Compiles every live proposal; the ones that do not compile are dropped.
    void compile_all() {
        compiled_.clear();
        by_rule_.clear();
        for (size_t i = 0; i < proposals_.size(); ++i) {
            Proposal& p = proposals_[i];
            compiled_.push_back(p.dropped ? nullptr : compile(p, rules_));
            if (p.dropped) continue;
            if (!compiled_.back()->condition) {
                p.dropped = true;
                p.dropped_why = "its condition does not evaluate: " + compiled_.back()->error;
                continue;
            }
            RuleProposals& of_rule = by_rule_[p.rule];
            of_rule.indices.push_back(i);
            auto& fields = of_rule.fields;
            for (const auto& f : compiled_.back()->condition->fields()) {
                if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.push_back(f);
            }
            for (const auto& key : p.pattern_keys) of_rule.by_pattern[key] = i;
        }
        for (auto& [rule, of_rule] : by_rule_) {
            for (size_t index : of_rule.indices) {
                std::vector<size_t> positions;
                for (const auto& f : compiled_[index]->condition->fields()) {
                    positions.push_back(static_cast<size_t>(
                        std::find(of_rule.fields.begin(), of_rule.fields.end(), f) - of_rule.fields.begin()));
                }
                of_rule.field_positions.push_back(std::move(positions));
            }
        }
    }

    // One pass over `inputs`; `keep`: every alert must keep firing.
    std::vector<Tally> run(const std::vector<std::string>& inputs, bool keep, unsigned jobs) {
        std::vector<Tally> total(proposals_.size());
        if (by_rule_.empty() || inputs.empty()) return total;
        eval::AlertReadOptions read;
        read.jobs = jobs;
        eval::read_alert_chunks(
            inputs, read,
            [&](eval::AlertChunk& chunk) {
                std::vector<Tally> tally(proposals_.size());
                thread_local ProofScratch scratch;
                // Compiled conditions keep scratch buffers: one copy per chunk (they share the program).
                scratch.conditions.assign(proposals_.size(), std::nullopt);
                chunk.for_each_alert([&](const eval::AlertView& alert) {
                    auto rule = by_rule_.find(alert.rule);
                    if (rule == by_rule_.end()) return;
                    const RuleProposals& of_rule = rule->second;
                    size_t claimed = SIZE_MAX;
                    if (!keep) {
                        pattern_key_of(alert, scratch.key);
                        auto it = of_rule.by_pattern.find(scratch.key);
                        if (it != of_rule.by_pattern.end()) claimed = it->second;
                    }
                    // Only the fields the rule's proposals read, assigned in place.
                    if (scratch.values.size() < of_rule.fields.size()) scratch.values.resize(of_rule.fields.size());
                    scratch.carried.assign(of_rule.fields.size(), nullptr);
                    for (size_t f = 0; f < of_rule.fields.size(); ++f) {
                        if (const eval::ValueView* v = alert.find(of_rule.fields[f])) {
                            eval::assign_field_value(alert, *v, scratch.values[f]);
                            scratch.carried[f] = &scratch.values[f];
                        }
                    }
                    for (size_t n = 0; n < of_rule.indices.size(); ++n) {
                        const size_t index = of_rule.indices[n];
                        // An alert one proposal claims counts for that proposal only (suppressed
                        // or missed); the others are checked against the alerts nobody claims.
                        if (claimed != SIZE_MAX && index != claimed) continue;
                        auto& condition = scratch.conditions[index];
                        if (!condition) condition.emplace(*compiled_[index]->condition);
                        scratch.arguments.clear();
                        for (size_t position : of_rule.field_positions[n]) scratch.arguments.push_back(scratch.carried[position]);
                        const bool matches = condition->evaluate(scratch.arguments) == eval::Truth::True;
                        Tally& t = tally[index];
                        if (index == claimed) {
                            (matches ? t.suppressed : t.missed)++;
                        } else if (matches && claimed == SIZE_MAX) {
                            ++t.collateral;
                            if (t.first_collateral.empty()) t.first_collateral = fmt::format("{}:{}", alert.input, alert.line);
                            if (t.samples.size() < kCollateralSamples) t.samples.push_back(eval::to_alert(alert).fields);
                        }
                    }
                });
                scratch.conditions.clear();  // they point into this round's compiled proposals
                return tally;
            },
            [&](std::vector<Tally>&& chunk) { merge_tallies(total, std::move(chunk)); });
        return total;
    }

private:
    std::vector<Proposal>& proposals_;
    const ruleset::RuleSet& rules_;
    std::vector<std::unique_ptr<Compiled>> compiled_;
    StringMap<RuleProposals> by_rule_;
};

}  // namespace

void prove(std::vector<Proposal>& proposals, const std::vector<std::string>& inputs, const ruleset::RuleSet& rules,
           const ProofOptions& options) {
    Prover prover(proposals, rules);
    for (int round = 0; round < 2; ++round) {
        prover.compile_all();
        std::vector<Tally> tallies = prover.run(inputs, false, options.jobs);
        merge_tallies(tallies, prover.run(options.keep_inputs, true, options.jobs));
        bool narrowed_any = false;
        for (size_t i = 0; i < proposals.size(); ++i) {
            Proposal& p = proposals[i];
            if (p.dropped) continue;
            const Tally& t = tallies[i];
            p.suppressed = t.suppressed;
            p.missed = t.missed;
            p.collateral = t.collateral;
            p.collateral_sample = t.first_collateral;
            if (t.collateral == 0) {
                if (t.suppressed == 0) {
                    p.dropped = true;
                    p.dropped_why = "it suppresses none of the alerts it was made from";
                }
                continue;
            }
            // Narrow once: pin the fields its patterns hold constant, if that spares every
            // alert it must not suppress (checked on a sample now, on all of them next pass).
            if (round == 0 && !p.narrowed && !p.narrowing.empty() && t.samples.size() == t.collateral) {
                Proposal narrower = p;
                for (const auto& [field, value] : p.narrowing) narrower.constraints.push_back({field, "=", {value}});
                std::sort(narrower.constraints.begin(), narrower.constraints.end(),
                          [](const Constraint& a, const Constraint& b) { return a.field < b.field; });
                auto compiled = compile(narrower, rules);
                bool spares_all = compiled->condition.has_value();
                for (const auto& sample : t.samples) {
                    if (!spares_all) break;
                    if (compiled->condition->evaluate(sample) != eval::Truth::False) spares_all = false;
                }
                if (spares_all) {
                    p.constraints = std::move(narrower.constraints);
                    p.narrowing.clear();
                    p.narrowed = true;
                    narrowed_any = true;
                    continue;
                }
            }
            p.dropped = true;
            p.dropped_why = fmt::format("it would also suppress {} alert(s) that must keep firing (e.g. {})", t.collateral,
                                        t.first_collateral);
        }
        if (!narrowed_any) break;
    }
}

}  // namespace rulekit::gen
