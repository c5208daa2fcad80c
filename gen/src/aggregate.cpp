#include "gen/aggregate.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstring>
#include <deque>
#include <unordered_map>

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
    const uint64_t hash = stable_hash(text);
    values.add(text, hash, 1);
    distinct.add_hash(hash);
    prefix.add(text);
}

void FieldStats::merge(const FieldStats& other) {
    seen += other.seen;
    values.merge(other.values);
    distinct.merge(other.distinct);
    prefix.merge(other.prefix);
}

namespace {

constexpr size_t kMaxDays = 400;

uint64_t estimate_of(const TopValues& top, const DistinctCount& sketch) {
    if (top.exact()) return top.size();
    return static_cast<uint64_t>(std::max(sketch.estimate(), static_cast<double>(top.size())) + 0.5);
}

// Equality of short strings (field keys, values) compared inline, a word at a time and with
// overlapping loads at the ends rather than a byte loop: ingest compares every key of every
// alert with its rule's layout and most values with their last occurrence, and a call, or a
// loop whose length changes from one string to the next, costs more than the comparing.
[[gnu::always_inline]] inline bool same_bytes(std::string_view a, std::string_view b) {
    const size_t n = a.size();
    if (n != b.size()) return false;
    const char* p = a.data();
    const char* q = b.data();
    auto equal_at = [&]<typename Word>(Word, size_t at) {
        Word x, y;
        std::memcpy(&x, p + at, sizeof x);
        std::memcpy(&y, q + at, sizeof y);
        return x == y;
    };
    if (n >= 8) {
        // Both ends first: that covers strings of up to 16 bytes (most keys and values) without
        // a loop.
        if (!equal_at(uint64_t{}, 0) || !equal_at(uint64_t{}, n - 8)) return false;
        for (size_t i = 8; i + 8 < n; i += 8) {
            if (!equal_at(uint64_t{}, i)) return false;
        }
        return true;
    }
    if (n >= 4) return equal_at(uint32_t{}, 0) && equal_at(uint32_t{}, n - 4);
    if (n == 0) return true;
    return p[0] == q[0] && p[n / 2] == q[n / 2] && p[n - 1] == q[n - 1];
}

void add_day(std::vector<std::string>& days, std::string_view day) {
    if (!days.empty() && same_bytes(days.back(), day)) return;  // alerts mostly come in time order
    auto it = std::lower_bound(days.begin(), days.end(), day, [](const std::string& a, std::string_view b) { return a < b; });
    if ((it == days.end() || *it != day) && days.size() < kMaxDays) days.insert(it, std::string(day));
}

enum class FieldRole : uint8_t { Identity, Incidental, Volatile };

// Field roles by name, decided once per name and thread.
FieldRole role_of(std::string_view key) {
    thread_local std::unordered_map<std::string, FieldRole, TransparentHash, std::equal_to<>> cache;
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    const FieldRole role = is_incidental_field(key) ? FieldRole::Incidental
                           : is_volatile_field(key) ? FieldRole::Volatile
                                                    : FieldRole::Identity;
    cache.emplace(std::string(key), role);
    return role;
}

// libsinsp prints "<NA>" where it has no value; only ka.*/jevt.* compare it as text.
bool has_no_value(const eval::FieldView& f) {
    if (f.value.kind == eval::ValueKind::Null) return true;
    return f.value.kind == eval::ValueKind::String && same_bytes(f.value.text, "<NA>") && !f.key.starts_with("ka.") &&
           !f.key.starts_with("jevt.");
}

// The alert's fields in key order, the last of a repeated key only.
void fields_in_key_order(const eval::AlertView& alert, std::vector<const eval::FieldView*>& out) {
    out.clear();
    for (const auto& f : alert.fields) out.push_back(&f);
    std::stable_sort(out.begin(), out.end(), [](const eval::FieldView* a, const eval::FieldView* b) { return a->key < b->key; });
    size_t kept = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        if (kept && out[kept - 1]->key == out[i]->key) out[kept - 1] = out[i];
        else out[kept++] = out[i];
    }
    out.resize(kept);
}

// A field's text as a view: into the alert for scalars, into `lists` for a list.
std::string_view text_view(const eval::AlertView& alert, const eval::FieldView& f, std::deque<std::string>& lists) {
    if (f.value.kind != eval::ValueKind::List) return f.value.text;
    lists.push_back(field_text(alert, f.value));
    return lists.back();
}

}  // namespace

void Evidence::add(const eval::AlertView& alert, std::string_view container_id) {
    ++alerts;
    const uint64_t host_hash = stable_hash(alert.hostname);
    hosts.add(alert.hostname, host_hash, 1);
    host_count.add_hash(host_hash);
    if (!container_id.empty()) containers.add(container_id);
    if (alert.time.size() >= 10) add_day(days, alert.time.substr(0, 10));
    if (!alert.time.empty()) {
        // Alerts mostly come in time order: a later time is the common case, and then it cannot
        // be the earliest.
        if (last_time.empty()) {
            first_time = last_time = alert.time;
        } else if (alert.time > last_time) {
            last_time = alert.time;
        } else if (alert.time < first_time) {
            first_time = alert.time;
        }
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
    for (const auto& d : later.days) add_day(days, d);
    if (!later.first_time.empty() && (first_time.empty() || later.first_time < first_time)) first_time = later.first_time;
    if (!later.last_time.empty() && (last_time.empty() || later.last_time > last_time)) last_time = later.last_time;
    if (sample_output.empty()) {
        sample_output = later.sample_output;
        sample_at = later.sample_at;
    }
}

uint64_t Evidence::host_estimate() const { return estimate_of(hosts, host_count); }
uint64_t Evidence::container_estimate() const { return static_cast<uint64_t>(containers.estimate() + 0.5); }

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
    overflow_evidence.merge(later.overflow_evidence);
    overflow += later.overflow;
    for (auto& [key, pattern] : later.patterns) {
        auto it = patterns.find(key);
        if (it == patterns.end()) {
            if (patterns.size() >= max_patterns) {
                overflow += pattern.evidence.alerts;
                overflow_evidence.merge(pattern.evidence);
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
    lines += later.lines;
    for (auto& [name, rule] : later.rules) {
        auto it = rules.find(name);
        if (it == rules.end()) rules.emplace(name, std::move(rule));
        else it->second.merge(std::move(rule));
    }
}

namespace {

// Tells apart the AlertStats a cached pointer into one belongs to (see FieldLayout::recent_ids).
std::atomic<uint64_t> next_stats_id{1};

// The order and roles of an alert's fields. Alerts of one rule print the same keys in the same
// order, so the layout of the last alert of each rule is kept (per thread) and only checked.
struct FieldLayout {
    // The keys in line order, one after the other in `key_bytes` (compared for every alert, so
    // kept together rather than as separate strings).
    std::string key_bytes;
    std::vector<uint32_t> key_ends;
    // The last few values a slot took and their shapes: most identifying values repeat from one
    // alert of a rule to the next, and comparing bytes is cheaper than shaping them again.
    struct ShapeCache {
        // What every alert reads of an entry (its value's size and first bytes, the shape's
        // hash and version) shares one cache line; the shape itself is read only when a key is
        // built.
        struct alignas(64) Entry {
            uint32_t size = 0;
            bool varied = false;
            uint64_t shape_hash = 0;
            uint64_t version = 0;  // how often the entry was given a new shape
            // The value, in place when short (most are): compared on every alert, and a
            // string's separate allocation would cost a cache miss per field.
            static constexpr size_t kInline = 40;
            std::array<char, kInline> inline_value{};
            std::string long_value;  // when longer than kInline
            std::string shape;

            std::string_view value() const {
                return size <= kInline ? std::string_view(inline_value.data(), size) : std::string_view(long_value);
            }
            void set_value(std::string_view v) {
                size = static_cast<uint32_t>(v.size());
                if (v.size() <= kInline) std::memcpy(inline_value.data(), v.data(), v.size());
                else long_value.assign(v);
            }
        };
        std::array<Entry, 8> entries;
        uint8_t last = 0;  // the entry whose shape the slot's last value had
        uint8_t index_for(std::string_view value) const {
            if (value.empty()) return 0;
            const auto byte = [&](size_t i) { return static_cast<size_t>(static_cast<unsigned char>(value[i])); };
            const size_t h = value.size() * 31 + byte(value.size() - 1) * 7 + byte(value.size() / 2);
            return static_cast<uint8_t>((h ^ (h >> 3)) & 7);
        }
    };
    struct Slot {
        uint32_t index;  // into the alert's fields
        FieldRole role;
    };
    std::vector<Slot> slots;  // key order, the last of a repeated key, incidental fields left out
    mutable std::vector<ShapeCache> caches;  // by slot
    int container_id = -1;    // index of container.id in the alert's fields, or -1
    // Stands for the names of the identifying fields in a pattern key (a stable hash of them), so
    // that keys hold only the shapes.
    std::string signature;

    // The patterns this layout's alerts went to lately, with the summaries of their varying
    // slots: alerts of a few patterns interleave, and finding a pattern here costs a hash and a
    // key compare instead of a map lookup per pattern and per varying field.
    // A pattern is known without building its key when every slot's shape comes from the same
    // cache entry, not reshaped since, as in an alert of it seen before: its marks (see
    // shape_mark) are the same.
    struct RecentPattern {
        std::string key;
        std::vector<uint64_t> marks;  // by slot
        Pattern* pattern = nullptr;
        std::vector<FieldStats*> varying;  // by slot; null until the slot first has a value
    };
    // Which AlertStats and key hash each recent pattern is of, apart: every alert scans them.
    struct RecentId {
        uint64_t stats_id = 0, key_hash = 0;
    };
    mutable std::array<RecentId, 8> recent_ids;
    mutable std::array<RecentPattern, 8> recent;
    mutable size_t next_recent = 0;

    bool matches(const eval::AlertView& alert) const {
        if (alert.fields.size() != key_ends.size()) return false;
        uint32_t start = 0;
        for (size_t i = 0; i < key_ends.size(); ++i) {
            if (!same_bytes(alert.fields[i].key, std::string_view(key_bytes.data() + start, key_ends[i] - start))) return false;
            start = key_ends[i];
        }
        return true;
    }
};

const FieldLayout& layout_of(const eval::AlertView& alert) {
    thread_local StringMap<FieldLayout> layouts;
    auto it = layouts.find(alert.rule);
    if (it == layouts.end()) it = layouts.emplace(std::string(alert.rule), FieldLayout{}).first;
    FieldLayout& layout = it->second;
    if (!layout.key_ends.empty() && layout.matches(alert)) return layout;
    layout = FieldLayout{};
    for (const auto& f : alert.fields) {
        if (f.key == "container.id") layout.container_id = static_cast<int>(layout.key_ends.size());
        layout.key_bytes.append(f.key);
        layout.key_ends.push_back(static_cast<uint32_t>(layout.key_bytes.size()));
    }
    std::vector<const eval::FieldView*> fields;
    fields_in_key_order(alert, fields);
    for (const eval::FieldView* f : fields) {
        const FieldRole role = role_of(f->key);
        if (role == FieldRole::Incidental) continue;
        layout.slots.push_back({static_cast<uint32_t>(f - alert.fields.data()), role});
    }
    layout.caches.resize(layout.slots.size());
    std::string names;
    for (const auto& slot : layout.slots) {
        if (slot.role == FieldRole::Identity) names.append(alert.fields[slot.index].key).push_back('\0');
    }
    const uint64_t hash = stable_hash(names);
    layout.signature.assign(reinterpret_cast<const char*>(&hash), sizeof hash);
    return layout;
}

// One slot of one alert: its text, and for identifying fields the cached shape.
struct SlotValue {
    std::string_view text;
    const FieldLayout::ShapeCache::Entry* shape = nullptr;  // null for volatile fields
    bool null = false;
};

constexpr uint64_t kNullShapeHash = 0x6e756c6c5f736870ULL;

// A slot's shape as the cache entry it came from and how often that entry had been reshaped
// (0 for a null value or a volatile slot): equal marks, equal shapes.
uint64_t shape_mark(uint64_t version, uint8_t entry_index) { return (version << 8) | (entry_index + 1u); }

// Each slot's value of `alert` into `values` (views into the alert, `lists` or the layout), with
// the cached shape of the identifying ones, and its mark into `marks`; returns a hash of the
// alert's pattern key.
uint64_t identify(const eval::AlertView& alert, const FieldLayout& layout, std::vector<SlotValue>& values,
                  std::vector<uint64_t>& marks, std::deque<std::string>& lists) {
    values.resize(layout.slots.size());
    marks.assign(layout.slots.size(), 0);
    uint64_t hash = 0;
    for (size_t i = 0; i < layout.slots.size(); ++i) {
        const auto& slot = layout.slots[i];
        const eval::FieldView& f = alert.fields[slot.index];
        SlotValue& value = values[i];
        value.null = has_no_value(f);
        value.shape = nullptr;
        value.text = value.null ? std::string_view{} : text_view(alert, f, lists);
        if (slot.role == FieldRole::Volatile) continue;
        uint64_t shape_hash = kNullShapeHash;
        if (!value.null) {
            auto& cache = layout.caches[i];
            uint8_t index = cache.index_for(value.text);
            auto* cached = &cache.entries[index];
            if (!same_bytes(cached->value(), value.text)) {
                // Most values that change on every alert change only in their volatile parts (a
                // new port, a new temporary file): then the slot's last shape is theirs too.
                if (auto& last = cache.entries[cache.last]; same_shape_by_tokens(last.value(), value.text)) {
                    cached = &last;
                    index = cache.last;
                } else {
                    cached->set_value(value.text);
                    cached->shape.clear();
                    cached->varied = append_value_shape(cached->shape, value.text);
                    cached->shape_hash = stable_hash(cached->shape);
                    ++cached->version;
                }
            }
            cache.last = index;
            marks[i] = shape_mark(cached->version, index);
            value.shape = cached;
            shape_hash = cached->shape_hash;
        }
        hash = std::rotl((hash ^ shape_hash) * 0x9e3779b97f4a7c15ULL, 31);
    }
    return hash;
}

// The pattern key (see pattern_key_of) of the alert identify() read into `values`: a hash of the
// identifying fields' names, then their shapes.
void write_key(const FieldLayout& layout, const std::vector<SlotValue>& values, std::string& key) {
    size_t key_size = layout.signature.size();
    for (size_t i = 0; i < layout.slots.size(); ++i) {
        if (layout.slots[i].role == FieldRole::Volatile) continue;
        key_size += (values[i].null ? kNullShape.size() : values[i].shape->shape.size()) + 1;
    }
    // The key in one piece: its size is known, so it is copied into place without appends.
    key.resize(key_size);
    char* out = key.data();
    auto put = [&](std::string_view bytes) {
        std::memcpy(out, bytes.data(), bytes.size());
        out += bytes.size();
    };
    put(layout.signature);
    for (size_t i = 0; i < layout.slots.size(); ++i) {
        if (layout.slots[i].role == FieldRole::Volatile) continue;
        put(values[i].null ? kNullShape : std::string_view(values[i].shape->shape));
        *out++ = '\0';
    }
}

}  // namespace

AlertStats::AlertStats() : id(next_stats_id.fetch_add(1, std::memory_order_relaxed)) {}

void pattern_key_of(const eval::AlertView& alert, std::string& key) {
    thread_local std::deque<std::string> lists;
    thread_local std::vector<SlotValue> values;
    thread_local std::vector<uint64_t> marks;
    lists.clear();
    const FieldLayout& layout = layout_of(alert);
    identify(alert, layout, values, marks, lists);
    write_key(layout, values, key);
}

void add_alert(AlertStats& stats, const eval::AlertView& alert, const IngestOptions& options) {
    const FieldLayout& layout = layout_of(alert);
    thread_local std::string key;
    thread_local std::vector<SlotValue> values;
    thread_local std::vector<uint64_t> marks;
    // List fields' joined texts; a deque, so that views into earlier ones stay valid.
    thread_local std::deque<std::string> lists;
    lists.clear();
    const uint64_t key_hash = identify(alert, layout, values, marks, lists);

    FieldLayout::RecentPattern* recent = nullptr;
    auto is_candidate = [&](size_t k) {
        return layout.recent_ids[k].stats_id == stats.id && layout.recent_ids[k].key_hash == key_hash;
    };
    for (size_t k = 0; k < layout.recent.size(); ++k) {
        if (is_candidate(k) && layout.recent[k].marks == marks) {
            recent = &layout.recent[k];
            break;
        }
    }
    if (!recent) {
        // Values of the same shape from other cache entries: the key tells.
        write_key(layout, values, key);
        for (size_t k = 0; k < layout.recent.size(); ++k) {
            if (is_candidate(k) && layout.recent[k].key == key) {
                recent = &layout.recent[k];
                recent->marks = marks;
                break;
            }
        }
    }
    std::string_view container_id;
    if (const int id = layout.container_id; id >= 0 && alert.fields[id].value.kind == eval::ValueKind::String) {
        container_id = alert.fields[id].value.text;
    }
    if (!recent) {
        auto rule_it = stats.rules.find(alert.rule);
        if (rule_it == stats.rules.end()) {
            rule_it = stats.rules.emplace(std::string(alert.rule), RuleStats{}).first;
            rule_it->second.rule = std::string(alert.rule);
            rule_it->second.source = std::string(alert.source);
            rule_it->second.max_patterns = options.max_patterns_per_rule;
        }
        RuleStats& rule = rule_it->second;
        auto it = rule.patterns.find(key);
        if (it == rule.patterns.end()) {
            if (rule.patterns.size() >= options.max_patterns_per_rule) {
                ++rule.overflow;
                rule.overflow_evidence.add(alert, container_id);
                return;
            }
            it = rule.patterns.emplace(key, Pattern{}).first;
            for (size_t i = 0; i < layout.slots.size(); ++i) {
                if (layout.slots[i].role == FieldRole::Volatile) continue;
                it->second.shapes.emplace_back(alert.fields[layout.slots[i].index].key,
                                               values[i].null ? kNullShape : std::string_view(values[i].shape->shape));
            }
        }
        const size_t k = layout.next_recent++ % layout.recent.size();
        layout.recent_ids[k] = {stats.id, key_hash};
        recent = &layout.recent[k];
        recent->key = key;
        recent->marks = marks;
        recent->pattern = &it->second;
        recent->varying.assign(layout.slots.size(), nullptr);
    }
    Pattern& pattern = *recent->pattern;
    pattern.evidence.add(alert, container_id);
    for (size_t i = 0; i < layout.slots.size(); ++i) {
        const SlotValue& value = values[i];
        const bool volatile_field = layout.slots[i].role == FieldRole::Volatile;
        if (value.null || !(volatile_field || value.shape->varied)) continue;
        FieldStats*& field_stats = recent->varying[i];
        if (!field_stats) field_stats = &pattern.varying[std::string(alert.fields[layout.slots[i].index].key)];
        if (volatile_field) field_stats->add_volatile(value.text);
        else field_stats->add(value.text);
    }
}

StringMap<FieldSpread> field_spreads(const RuleStats& rule) {
    StringMap<FieldSpread> out;
    // Constant values of a field across patterns: one distinct value per different shape.
    for (const auto& [key, pattern] : rule.patterns) {
        for (const auto& [field, shape] : pattern.shapes) {
            FieldSpread& spread = out[field];
            spread.seen += pattern.evidence.alerts;
            if (shape == kNullShape) {
                spread.nulls += pattern.evidence.alerts;
            } else if (std::none_of(shape.begin(), shape.end(), is_placeholder)) {
                spread.distinct.add(shape);
            }
        }
        for (const auto& entry : pattern.varying) {
            const std::string& field = entry.first;
            const FieldStats& stats = entry.second;
            FieldSpread& spread = out[field];
            if (std::none_of(pattern.shapes.begin(), pattern.shapes.end(), [&](const auto& s) { return s.first == field; })) {
                spread.seen += stats.seen;  // volatile fields are not in the shapes
            }
            spread.distinct.merge(stats.distinct);
        }
    }
    return out;
}

AlertStats ingest_alerts(const std::vector<std::string>& inputs, const IngestOptions& options) {
    AlertStats total;
    eval::AlertReadOptions read;
    read.jobs = options.jobs;
    read.chunking.chunk_bytes = options.chunk_bytes;
    const eval::SkipStats counts = eval::read_alert_chunks(
        inputs, read,
        [&](eval::AlertChunk& chunk) {
            AlertStats partial;
            chunk.for_each_alert([&](const eval::AlertView& alert) { add_alert(partial, alert, options); });
            chunk.finish();
            partial.lines = chunk.skips().lines;
            return partial;
        },
        [&](AlertStats&& partial) {
            total.merge(std::move(partial));
            if (options.progress) options.progress(total.lines);
        });
    total.skipped = counts;
    // A rule's evidence is its patterns' (in key order, so the sample is deterministic).
    for (auto& [name, rule] : total.rules) {
        rule.evidence = Evidence{};
        for (const auto* entry : sorted_entries(rule.patterns)) rule.evidence.merge(entry->second.evidence);
        rule.evidence.merge(rule.overflow_evidence);
    }
    return total;
}

}  // namespace rulekit::gen
