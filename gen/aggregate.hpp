// Ingest: Falco alert logs read in parallel chunks (eval/alert_log.hpp) into bounded per-rule
// summaries. Alerts of one rule are grouped into *patterns*: alerts whose fields have the same
// shape once their varying parts (numbers, ids, generated name suffixes) are blanked out. A
// pattern keeps how often each of those varying fields took which values (the few most
// frequent, a distinct-count estimate, their common prefix) and the evidence a reviewer needs
// (alerts, hosts, containers, days, first and last seen, a sample). Memory grows with the
// number of patterns, not of alerts; per-chunk summaries merge in chunk order, so the result is
// the same for any number of threads.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eval/alert_log.hpp"
#include "gen/sketch.hpp"

namespace rulekit::gen {

// A field's text as the summaries see it: strings as they are, numbers and booleans as their
// JSON token, lists joined with ','. Null is told apart by the caller.
std::string field_text(const eval::AlertView& alert, const eval::ValueView& value);

struct FieldStats {
    uint64_t seen = 0;   // alerts that carry the field (null included)
    uint64_t nulls = 0;  // of those, how many as null
    TopValues values{8};
    DistinctCount distinct;
    CommonPrefix prefix;
    void add(std::string_view text);
    void add_null() {
        ++seen;
        ++nulls;
    }
    void merge(const FieldStats& other);
    double distinct_estimate() const;
};

struct Evidence {
    uint64_t alerts = 0;
    TopValues hosts{16};
    DistinctCount host_count;
    DistinctCount containers;
    std::vector<std::string> days;  // "YYYY-MM-DD", sorted, unique (at most a few hundred)
    std::string first_time, last_time;
    std::string sample_output;
    std::string sample_at;  // input:line of the sample

    void add(const eval::AlertView& alert, std::string_view container_id);
    void merge(const Evidence& later);
    uint64_t host_estimate() const;
    uint64_t container_estimate() const;
};

// Alerts of one rule whose fields have one shape. Fields whose shape has no varying part have
// the same value in every alert of the pattern (the shape is the value); the others are
// summarised in `varying`.
struct Pattern {
    std::vector<std::pair<std::string, std::string>> shapes;  // field key -> shape (kNullShape for null), sorted
    Evidence evidence;
    std::map<std::string, FieldStats> varying;  // field key -> values, for fields whose shape varies
    // The keys of the patterns merged into this one by synthesis (gen/propose.cpp), which is
    // how the proof finds the alerts a proposal was made from.
    std::vector<std::string> merged_keys;
};

inline constexpr std::string_view kNullShape = "\x07null";

struct RuleStats {
    std::string rule, source;
    size_t max_patterns = 5000;
    Evidence evidence;
    std::map<std::string, FieldStats> fields;  // over every alert of the rule
    std::map<std::string, Pattern> patterns;   // by pattern key
    uint64_t overflow = 0;                     // alerts of patterns beyond the cap
    void merge(RuleStats&& later);
};

struct AlertStats {
    std::map<std::string, RuleStats> rules;
    eval::SkipStats skipped;
    void merge(AlertStats&& later);
};

struct IngestOptions {
    unsigned jobs = 0;  // 0: one per core
    size_t max_patterns_per_rule = 5000;
};

// The shapes of an alert's fields that identify its pattern (incidental fields left out), in
// key order, and the texts of the fields whose shape varies.
struct AlertShape {
    std::vector<std::pair<std::string, std::string>> shapes;
    std::vector<std::pair<std::string, std::string>> varying_texts;
};
AlertShape shape_of(const eval::AlertView& alert);

// Adds one alert to `stats`.
void add_alert(AlertStats& stats, const eval::AlertView& alert, const IngestOptions& options);

// Reads every input (files, .gz, "-") into summaries. Throws eval::AlertInputError.
AlertStats ingest_alerts(const std::vector<std::string>& inputs, const IngestOptions& options);

// The key of an alert's pattern: its fields' shapes (without incidental fields), in key order.
std::string pattern_key(const std::vector<std::pair<std::string, std::string>>& shapes);

}  // namespace rulekit::gen
