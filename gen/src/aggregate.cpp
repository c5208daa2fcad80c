#include "gen/aggregate.hpp"

#include <algorithm>

#include "gen/fields.hpp"

namespace rulekit::gen {

std::string field_text(const eval::AlertView& alert, const eval::ValueView& value) {
    if (value.kind != eval::ValueKind::List) return std::string(value.text);
    std::string out;
    for (const auto& item : alert.items(value)) {
        if (!out.empty()) out += ',';
        out += field_text(alert, item);
    }
    return out;
}

void FieldStats::add(std::string_view text) {
    ++seen;
    values.add(text);
    distinct.add(text);
    prefix.add(text);
}

void FieldStats::merge(const FieldStats& other) {
    seen += other.seen;
    nulls += other.nulls;
    values.merge(other.values);
    distinct.merge(other.distinct);
    prefix.merge(other.prefix);
}

double FieldStats::distinct_estimate() const {
    // Exact while the top values hold every value seen.
    if (values.exact()) return static_cast<double>(values.size());
    return std::max(distinct.estimate(), static_cast<double>(values.size()));
}

namespace {
constexpr size_t kMaxDays = 400;

uint64_t estimate_of(const TopValues& top, const DistinctCount& sketch) {
    if (top.exact()) return top.size();
    return static_cast<uint64_t>(std::max(sketch.estimate(), static_cast<double>(top.size())) + 0.5);
}
}  // namespace

void Evidence::add(const eval::AlertView& alert, std::string_view container_id) {
    ++alerts;
    hosts.add(alert.hostname);
    host_count.add(alert.hostname);
    if (!container_id.empty()) containers.add(container_id);
    if (alert.time.size() >= 10) {
        const std::string day(alert.time.substr(0, 10));
        auto it = std::lower_bound(days.begin(), days.end(), day);
        if ((it == days.end() || *it != day) && days.size() < kMaxDays) days.insert(it, day);
    }
    if (!alert.time.empty()) {
        if (first_time.empty() || alert.time < first_time) first_time = alert.time;
        if (last_time.empty() || alert.time > last_time) last_time = alert.time;
    }
    if (sample_output.empty()) {
        sample_output = std::string(alert.output.substr(0, 400));
        sample_at = std::string(alert.input) + ":" + std::to_string(alert.line);
    }
}

void Evidence::merge(const Evidence& later) {
    alerts += later.alerts;
    hosts.merge(later.hosts);
    host_count.merge(later.host_count);
    containers.merge(later.containers);
    for (const auto& d : later.days) {
        auto it = std::lower_bound(days.begin(), days.end(), d);
        if ((it == days.end() || *it != d) && days.size() < kMaxDays) days.insert(it, d);
    }
    if (!later.first_time.empty() && (first_time.empty() || later.first_time < first_time)) first_time = later.first_time;
    if (!later.last_time.empty() && (last_time.empty() || later.last_time > last_time)) last_time = later.last_time;
    if (sample_output.empty()) {
        sample_output = later.sample_output;
        sample_at = later.sample_at;
    }
}

uint64_t Evidence::host_estimate() const { return estimate_of(hosts, host_count); }
uint64_t Evidence::container_estimate() const {
    return static_cast<uint64_t>(containers.estimate() + 0.5);
}

std::string pattern_key(const std::vector<std::pair<std::string, std::string>>& shapes) {
    std::string key;
    for (const auto& [field, shape] : shapes) {
        key += field;
        key += '\0';
        key += shape;
        key += '\0';
    }
    return key;
}

void RuleStats::merge(RuleStats&& later) {
    evidence.merge(later.evidence);
    for (auto& [key, stats] : later.fields) fields[key].merge(stats);
    overflow += later.overflow;
    for (auto& [key, pattern] : later.patterns) {
        auto it = patterns.find(key);
        if (it == patterns.end()) {
            if (patterns.size() >= max_patterns) {
                overflow += pattern.evidence.alerts;
                continue;
            }
            patterns.emplace(key, std::move(pattern));
            continue;
        }
        it->second.evidence.merge(pattern.evidence);
        for (auto& [field, stats] : pattern.varying) it->second.varying[field].merge(stats);
    }
}

void AlertStats::merge(AlertStats&& later) {
    skipped.merge(later.skipped);
    for (auto& [name, rule] : later.rules) {
        auto it = rules.find(name);
        if (it == rules.end()) rules.emplace(name, std::move(rule));
        else it->second.merge(std::move(rule));
    }
}

AlertShape shape_of(const eval::AlertView& alert) {
    AlertShape out;
    out.shapes.reserve(alert.fields.size());
    for (const auto& f : alert.fields) {
        if (is_incidental_field(f.key)) continue;
        // libsinsp prints "<NA>" where it has no value; only ka.*/jevt.* compare it as text.
        const bool null = f.value.kind == eval::ValueKind::Null ||
                          (f.value.kind == eval::ValueKind::String && f.value.text == "<NA>" &&
                           !f.key.starts_with("ka.") && !f.key.starts_with("jevt."));
        // Volatile by nature: never part of what makes a pattern, only summarised in it.
        if (is_volatile_field(f.key)) {
            if (!null) out.varying_texts.emplace_back(std::string(f.key), field_text(alert, f.value));
            continue;
        }
        if (null) {
            out.shapes.emplace_back(std::string(f.key), std::string(kNullShape));
            continue;
        }
        std::string text = field_text(alert, f.value);
        std::string shape = value_shape(text);
        if (std::any_of(shape.begin(), shape.end(), is_placeholder)) out.varying_texts.emplace_back(std::string(f.key), std::move(text));
        out.shapes.emplace_back(std::string(f.key), std::move(shape));
    }
    // A key repeated on the line: the last value counts, as in eval::Record.
    std::stable_sort(out.shapes.begin(), out.shapes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::pair<std::string, std::string>> unique;
    for (auto& s : out.shapes) {
        if (!unique.empty() && unique.back().first == s.first) unique.back() = std::move(s);
        else unique.push_back(std::move(s));
    }
    out.shapes = std::move(unique);
    return out;
}

void add_alert(AlertStats& stats, const eval::AlertView& alert, const IngestOptions& options) {
    RuleStats& rule = stats.rules[std::string(alert.rule)];
    if (rule.rule.empty()) {
        rule.rule = std::string(alert.rule);
        rule.source = std::string(alert.source);
        rule.max_patterns = options.max_patterns_per_rule;
    }
    std::string container_id;
    for (const auto& f : alert.fields) {
        FieldStats& global = rule.fields[std::string(f.key)];
        if (f.value.kind == eval::ValueKind::Null) {
            global.add_null();
            continue;
        }
        std::string text = field_text(alert, f.value);
        if (f.key == "container.id") container_id = text;
        global.add(text);
    }
    AlertShape shape = shape_of(alert);
    rule.evidence.add(alert, container_id);
    std::string key = pattern_key(shape.shapes);
    auto it = rule.patterns.find(key);
    if (it == rule.patterns.end()) {
        if (rule.patterns.size() >= options.max_patterns_per_rule) {
            ++rule.overflow;
            return;
        }
        it = rule.patterns.emplace(std::move(key), Pattern{}).first;
        it->second.shapes = std::move(shape.shapes);
    }
    Pattern& pattern = it->second;
    pattern.evidence.add(alert, container_id);
    for (auto& [field, text] : shape.varying_texts) pattern.varying[field].add(text);
}

AlertStats ingest_alerts(const std::vector<std::string>& inputs, const IngestOptions& options) {
    AlertStats total;
    eval::AlertReadOptions read;
    read.jobs = options.jobs;
    const eval::SkipStats counts = eval::read_alert_chunks(
        inputs, read,
        [&](eval::AlertChunk& chunk) {
            AlertStats partial;
            chunk.for_each_alert([&](const eval::AlertView& alert) { add_alert(partial, alert, options); });
            return partial;
        },
        [&](AlertStats&& partial) { total.merge(std::move(partial)); });
    total.skipped = counts;
    return total;
}

}  // namespace rulekit::gen
