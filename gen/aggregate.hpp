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
#include <functional>
#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eval/alert_log.hpp"
#include "gen/sketch.hpp"

namespace rulekit::gen {

// Hash maps looked up by string_view without building a string (one lookup per field of every
// alert), hashed eight bytes a step (stable_hash; std::hash goes through a call and more mixing).
// Iterate them sorted (sorted_entries) wherever order reaches the output.
struct TransparentHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return static_cast<size_t>(stable_hash(s)); }
};
template <typename T>
using StringMap = std::unordered_map<std::string, T, TransparentHash, std::equal_to<>>;
template <typename T>
std::vector<const typename StringMap<T>::value_type*> sorted_entries(const StringMap<T>& map) {
    std::vector<const typename StringMap<T>::value_type*> out;
    for (const auto& entry : map) out.push_back(&entry);
    std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    return out;
}

// A field's text as the summaries see it: strings as they are, numbers and booleans as their
// JSON token, lists joined with ','. Null is told apart by the caller.
std::string field_text(const eval::AlertView& alert, const eval::ValueView& value);

// The values a field took in the alerts of one pattern.
struct FieldStats {
    uint64_t seen = 0;  // alerts that carry the field with a value
    TopValues values{8};
    DistinctCount distinct;
    CommonPrefix prefix;
    void add(std::string_view text);
    // For volatile fields, of which only the common prefix and whether values differ are used.
    void add_volatile(std::string_view text) {
        ++seen;
        prefix.add(text);
        if (values.size() < 2) values.add(text);
    }
    void merge(const FieldStats& other);
};

// How a field's values spread over all alerts of a rule (no values kept: a distinct-count
// estimate is what tells volatile fields from identifying ones).
struct FieldSpread {
    uint64_t seen = 0, nulls = 0;
    DistinctCount distinct;
    void merge(const FieldSpread& other) {
        seen += other.seen;
        nulls += other.nulls;
        distinct.merge(other.distinct);
    }
    double distinct_estimate() const { return distinct.estimate(); }
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
    std::map<std::string, FieldStats, std::less<>> varying;  // field key -> values, for fields whose shape varies
    // The keys of the patterns merged into this one by synthesis (gen/propose.cpp), which is
    // how the proof finds the alerts a proposal was made from.
    std::vector<std::string> merged_keys;
};

inline constexpr std::string_view kNullShape = "\x07null";

struct RuleStats {
    std::string rule, source;
    size_t max_patterns = 5000;
    // Over every alert of the rule: the patterns' evidence merged (once ingest is done).
    Evidence evidence;
    StringMap<Pattern> patterns;  // by pattern key
    uint64_t overflow = 0;                     // alerts of patterns beyond the cap
    Evidence overflow_evidence;                // their evidence
    void merge(RuleStats&& later);
};

struct AlertStats {
    AlertStats();
    // Unique per AlertStats in the process: the ingest caches pointers into the one it fills.
    uint64_t id;
    std::map<std::string, RuleStats, std::less<>> rules;
    eval::SkipStats skipped;
    uint64_t lines = 0;  // lines read
    void merge(AlertStats&& later);
};

// Ingest summarises each chunk of the log on its own and merges the summaries in order, which is
// what makes the result the same for any number of threads; every pattern seen in a chunk costs
// a summary and a merge, so chunks are larger than the alert reader's default. The size is
// fixed (not derived from the thread count): the chunks decide the result.
inline constexpr size_t kIngestChunkBytes = size_t{4} << 20;

struct IngestOptions {
    unsigned jobs = 0;  // 0: one per core
    size_t max_patterns_per_rule = 5000;
    size_t chunk_bytes = kIngestChunkBytes;  // smaller in tests, to have many chunks
    // Called on the calling thread as chunks are summarised, with the lines read so far.
    std::function<void(uint64_t lines)> progress;
};

// The key of an alert's pattern (the keys of RuleStats::patterns), into `key`: a hash of the
// identifying fields' names, then their shapes. Built by ingest and, identically, by the proof.
void pattern_key_of(const eval::AlertView& alert, std::string& key);

// Adds one alert to `stats`.
void add_alert(AlertStats& stats, const eval::AlertView& alert, const IngestOptions& options);

// How each field's values spread over all alerts of the rule, from its patterns' summaries.
StringMap<FieldSpread> field_spreads(const RuleStats& rule);

// Reads every input (files, .gz, "-") into summaries. Throws eval::AlertInputError.
AlertStats ingest_alerts(const std::vector<std::string>& inputs, const IngestOptions& options);

// A key for a list of field shapes (names and shapes), for grouping patterns.
std::string pattern_key(const std::vector<std::pair<std::string, std::string>>& shapes);

}  // namespace rulekit::gen
