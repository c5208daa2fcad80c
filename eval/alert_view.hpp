// One line of an alert log, parsed without copying: the alert's strings are views into simdjson's
// buffers, valid until the parser reads the next line. Invalid UTF-8 costs a copy of the line
// with each bad sequence replaced by U+FFFD, not the alert. This is the level `rulekit gen` aggregates
// from; eval::Alert (alert_log.hpp) is the owning copy built from it.
//
// What counts as an alert: a JSON object with a string `rule` and an object `output_fields`,
// either the line itself or the alert a common export wrapped:
// - Elasticsearch / OpenSearch documents:       {"_index": …, "_source": {<alert>}}
// - Splunk HEC events, falcosidekick's web UI:  {"event": {<alert>}, …}
// - CloudEvents in structured JSON mode:        {"specversion": …, "data": {<alert>}}
// - a syslog or `kubectl logs --timestamps` prefix before the JSON (taken only when what follows
//   is an alert): `<5>2024-08-07T13:49:16Z host Falco[1]: {<alert>}`
// falcosidekick's own payload is Falco's plus `uuid` (and `@timestamp` in Elasticsearch), so the
// keys Falco does not print are ignored wherever they come from.
//
// A missing (or non-string) `source` reads as "syscall", Falco's default source: Falco printed
// no `source` (nor `tags`) until falcosecurity/falco#1647, when the only sources were syscall and
// k8s_audit, and syscall alerts are what such old logs mostly hold. `source_given` tells the two
// apart for callers that would rather not guess.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eval/record.hpp"

namespace rulekit::eval {

// Why a line is not an alert. Skipping is never fatal; the reader counts lines by reason.
enum class SkipReason : uint8_t {
    Blank,             // empty or white space only
    FalcoText,         // a text-mode alert: "16:31:56.746609046: Error File below …"
    FalcoLog,          // Falco's own log: "Thu Mar  9 10:14:53 2023: Falco version: 0.34.1"
    NotJson,           // any other text
    InvalidJson,       // starts like JSON but does not parse: truncated, malformed, trailing bytes
    NotObject,         // valid JSON that is not an object: an array, a string, a number …
    NotAlert,          // an object without a string `rule` and an object `output_fields`
    TooLong,           // longer than the line limit; read through without being kept
};
inline constexpr size_t skip_reason_count = 8;

// "blank", "falco_text", …: stable names for JSON output and tests.
std::string_view skip_reason_name(SkipReason reason);
// "lines that are blank", "lines of Falco text output", …: for messages.
std::string_view skip_reason_description(SkipReason reason);

struct LinePosition {
    std::string input;  // as alert_input_name() names it
    uint64_t line = 0;  // 1-based
    bool operator==(const LinePosition&) const = default;
};

// Lines read and skipped, with the first few places of each skip reason, so messages can say
// "skipped 3 lines that are not JSON (first at app.log:7)".
struct SkipStats {
    static constexpr size_t positions_kept = 5;

    uint64_t lines = 0;   // lines read, alerts and skipped
    uint64_t alerts = 0;  // lines that gave an alert
    std::array<uint64_t, skip_reason_count> counts{};
    std::array<std::vector<LinePosition>, skip_reason_count> first_positions;

    void add(SkipReason reason, std::string_view input, uint64_t line);
    // Adds what `later` counted over the lines after these.
    void merge(const SkipStats& later);
    uint64_t count(SkipReason reason) const { return counts[static_cast<size_t>(reason)]; }
    const std::vector<LinePosition>& first(SkipReason reason) const {
        return first_positions[static_cast<size_t>(reason)];
    }
    uint64_t skipped() const;
    // One sentence per reason that occurred, in reason order:
    // "skipped 3 lines that are not JSON (first at app.log:7)".
    std::vector<std::string> messages() const;
    bool operator==(const SkipStats&) const = default;
};

// One JSON value of `output_fields`, unconverted. The kinds are eval::FieldValue's; an object
// (Falco prints none, exports sometimes add them) is a String holding its JSON text.
struct ValueView {
    ValueKind kind = ValueKind::Null;
    bool boolean = false;
    int64_t integer = 0;
    uint64_t unsigned_integer = 0;
    double real = 0;
    std::string_view text;     // String: the unescaped text; numbers and Bool: the JSON token
    uint32_t first_item = 0;   // List: items are AlertView::items(*this)
    uint32_t item_count = 0;
};

struct FieldView {
    std::string_view key;  // unescaped, as Falco prints it: "proc.aname[2]"
    ValueView value;
};

// One alert as views; valid until the parser that produced it reads another line.
struct AlertView {
    std::string_view rule, priority, source, hostname, time, output;
    bool source_given = false;  // false when `source` was absent and reads as "syscall"
    std::span<const std::string_view> tags;
    std::span<const FieldView> fields;  // in the order of the line; a repeated key appears twice
    std::string_view input;             // alert_input_name() of the input
    uint64_t line = 0;                  // 1-based line number in the input

    // The value of `key` in output_fields (the last one when repeated, as Record keeps), or null.
    const ValueView* find(std::string_view key) const {
        for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
            if (it->key == key) return &it->value;
        }
        return nullptr;
    }
    std::span<const ValueView> items(const ValueView& list) const {
        return list_items_.subspan(list.first_item, list.item_count);
    }

private:
    friend class AlertLineParser;
    std::span<const ValueView> list_items_;
};

// Parses lines one at a time. Not thread-safe: one parser per thread; it keeps its buffers from
// line to line, so a warm parser allocates nothing for a line like the ones before it.
class AlertLineParser {
public:
    AlertLineParser();
    ~AlertLineParser();
    AlertLineParser(const AlertLineParser&) = delete;
    AlertLineParser& operator=(const AlertLineParser&) = delete;

    // The alert on `line` (without its newline), or null with `why` set. `readable` is how many
    // bytes may be read from line.data(): with at least alert_padding_bytes beyond the line the
    // parse runs in place, otherwise on a copy.
    // `input` and `line_number` are copied into the view.
    const AlertView* parse(std::string_view line, size_t readable, SkipReason& why, std::string_view input = {},
                           uint64_t line_number = 0);
    const AlertView* parse(std::string_view line, SkipReason& why) { return parse(line, line.size(), why); }

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace rulekit::eval
