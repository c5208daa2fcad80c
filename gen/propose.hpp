// Synthesis: each recurring pattern of a rule described as tightly as the evidence allows, as
// an exception row. A field constant in the pattern is pinned (`=`), one that takes a few
// values that each recur becomes an `in` list, one whose values share a stable start before a
// varying part (a date, a counter, a generated suffix) becomes a `startswith` prefix cut at a
// token boundary; volatile fields (ids, client ports and addresses, times) and version tags are
// never pinned, and fields that identify nothing are left out. Only patterns that recur (enough
// alerts, hosts and days) and that have enough stable identity to tell them from an attacker
// reusing one of their values are proposed; everything else is listed as left firing, with why.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gen/aggregate.hpp"
#include "ruleset/loader.hpp"

namespace rulekit::gen {

struct Thresholds {
    uint64_t min_count = 10;  // alerts of a pattern
    uint64_t min_hosts = 1;
    // Distinct days; 0 = automatic: 2 when the log spans at least two days, else 1.
    uint64_t min_days = 0;
};

struct Constraint {
    std::string field;                // the alert's output_fields key
    std::string comp;                 // "=", "in" or "startswith"
    std::vector<std::string> values;  // one, or the `in` list (sorted)
    auto operator<=>(const Constraint&) const = default;
};

struct Proposal {
    std::string rule;
    std::string source;
    std::vector<Constraint> constraints;      // sorted by field
    std::vector<std::string> pattern_keys;    // the patterns it covers
    Evidence evidence;                        // over those patterns
    // Constant fields of the patterns that could narrow it (field -> value), used when the
    // proof shows it suppresses alerts it must not.
    std::vector<std::pair<std::string, std::string>> narrowing;
    // Filled by the proof.
    uint64_t suppressed = 0;  // alerts of its patterns it suppresses
    uint64_t missed = 0;      // alerts of its patterns it does not
    uint64_t collateral = 0;  // alerts it must not suppress and does
    std::string collateral_sample;  // input:line of one
    bool narrowed = false;
    bool dropped = false;
    std::string dropped_why;
};

struct LeftFiring {
    std::string rule;
    std::string what;  // the pattern, in a few words
    uint64_t alerts = 0;
    std::string why;
    std::string sample_at;
};

struct Synthesis {
    std::vector<Proposal> proposals;
    std::vector<LeftFiring> left_firing;
    uint64_t min_days_used = 1;
};

// The proposals for every rule of `stats` that `rules` defines (alerts of others are left
// firing, never tuned).
Synthesis synthesize(const AlertStats& stats, const ruleset::RuleSet& rules, const Thresholds& thresholds);

// The condition text of a proposal's constraints (`f1 = v1 and f2 in (a, b) and …`), with
// every value written so that Falco's parser reads it back as that exact string.
std::string constraints_condition(const std::vector<Constraint>& constraints);

// A value as a token of Falco's condition language: bare when that is safe, else quoted with
// escapes. Also how exception values are written, so Falco pastes them back unchanged.
std::string condition_token(std::string_view value);

}  // namespace rulekit::gen
