#include "eval/alert_view.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <cstring>

#include <fmt/format.h>

#include "eval/alert_input.hpp"

namespace rulekit::eval {

static_assert(alert_padding_bytes >= simdjson::SIMDJSON_PADDING);

namespace {

constexpr std::array<std::string_view, skip_reason_count> reason_names = {
    "blank", "falco_text", "falco_log", "not_json", "invalid_json", "not_object", "not_alert", "too_long",
};
// Plural and singular, for "skipped 3 lines that are blank" and "skipped 1 line that is blank".
constexpr std::array<std::string_view, skip_reason_count> reason_descriptions = {
    "lines that are blank",
    "lines of Falco text output (not JSON)",
    "lines of Falco's own log",
    "lines that are not JSON",
    "lines of invalid or truncated JSON",
    "lines of JSON that is not an object",
    "JSON objects that are not alerts (no \"rule\" and \"output_fields\")",
    "lines longer than the line limit",
};
constexpr std::array<std::string_view, skip_reason_count> reason_descriptions_of_one = {
    "line that is blank",
    "line of Falco text output (not JSON)",
    "line of Falco's own log",
    "line that is not JSON",
    "line of invalid or truncated JSON",
    "line of JSON that is not an object",
    "JSON object that is not an alert (no \"rule\" and \"output_fields\")",
    "line longer than the line limit",
};

}  // namespace

std::string_view skip_reason_name(SkipReason reason) { return reason_names[static_cast<size_t>(reason)]; }
std::string_view skip_reason_description(SkipReason reason) {
    return reason_descriptions[static_cast<size_t>(reason)];
}

void SkipStats::add(SkipReason reason, std::string_view input, uint64_t line) {
    const size_t r = static_cast<size_t>(reason);
    ++counts[r];
    ++lines;
    if (first_positions[r].size() < positions_kept) first_positions[r].push_back({std::string(input), line});
}

void SkipStats::merge(const SkipStats& later) {
    lines += later.lines;
    alerts += later.alerts;
    for (size_t r = 0; r < skip_reason_count; ++r) {
        counts[r] += later.counts[r];
        for (const LinePosition& p : later.first_positions[r]) {
            if (first_positions[r].size() >= positions_kept) break;
            first_positions[r].push_back(p);
        }
    }
}

uint64_t SkipStats::skipped() const {
    uint64_t n = 0;
    for (uint64_t c : counts) n += c;
    return n;
}

std::vector<std::string> SkipStats::messages() const {
    std::vector<std::string> out;
    for (size_t r = 0; r < skip_reason_count; ++r) {
        if (counts[r] == 0) continue;
        out.push_back(fmt::format("skipped {} {}", counts[r],
                                  counts[r] == 1 ? reason_descriptions_of_one[r] : reason_descriptions[r]));
        const LinePosition& first = first_positions[r].front();
        out.back() += fmt::format(" (first at {}:{})", first.input, first.line);
    }
    return out;
}

namespace {

using namespace simdjson;

constexpr std::array<std::string_view, 3> wrapper_keys = {"_source", "event", "data"};
constexpr size_t huge_line_bytes = size_t{1} << 22;
// An Elasticsearch hit of a Splunk event is as deep as wrapping goes in practice.
constexpr size_t max_wrapping = 2;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim_token(std::string_view token) {
    while (!token.empty() && is_blank(token.back())) token.remove_suffix(1);
    return token;
}

// "16:31:56.746609046: " or "2016-08-04T16:17:57.881781397+0000: ": the time Falco puts before
// text alerts and, in newer versions, before its log lines. Returns what follows, or nothing.
std::optional<std::string_view> after_timestamp(std::string_view line) {
    size_t i = 0;
    size_t digits = 0;
    while (i < line.size() && (is_digit(line[i]) || std::string_view(":.-+TZ").find(line[i]) != std::string_view::npos)) {
        digits += is_digit(line[i]);
        ++i;
    }
    // The run ends with the ':' of ": ".
    if (digits < 6 || i < 2 || i >= line.size() || line[i - 1] != ':' || line[i] != ' ') return std::nullopt;
    return line.substr(i + 1);
}

bool starts_with_priority(std::string_view rest) {
    static constexpr std::array<std::string_view, 8> priorities = {
        "Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"};
    for (std::string_view p : priorities) {
        if (rest.starts_with(p) && (rest.size() == p.size() || rest[p.size()] == ' ')) return true;
    }
    return false;
}

// "Thu Mar  9 10:14:53 2023: ": the ctime-style time of Falco's log lines.
bool starts_with_ctime(std::string_view line) {
    static constexpr std::string_view days = "MonTueWedThuFriSatSun";
    static constexpr std::string_view months = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (line.size() < 26) return false;
    auto listed = [](std::string_view names, std::string_view word) {
        for (size_t i = 0; i + 3 <= names.size(); i += 3) {
            if (names.substr(i, 3) == word) return true;
        }
        return false;
    };
    return listed(days, line.substr(0, 3)) && line[3] == ' ' && listed(months, line.substr(4, 3)) &&
           line[7] == ' ' && line[10] == ' ' && line[13] == ':' && line[16] == ':' && line[19] == ' ' &&
           line.substr(24, 2) == ": ";
}

SkipReason classify_text(std::string_view line) {
    if (starts_with_ctime(line)) return SkipReason::FalcoLog;
    if (auto rest = after_timestamp(line)) return starts_with_priority(*rest) ? SkipReason::FalcoText : SkipReason::FalcoLog;
    return SkipReason::NotJson;
}

// Replaces each invalid UTF-8 sequence by U+FFFD (one per maximal invalid prefix, as the Unicode
// recommendation and Falco's own text escaping do), so one bad byte in a command line does not
// cost the whole alert.
void replace_invalid_utf8(std::string_view in, std::vector<char>& out) {
    static constexpr std::string_view replacement = "\xEF\xBF\xBD";
    out.clear();
    const auto* s = reinterpret_cast<const unsigned char*>(in.data());
    const size_t n = in.size();
    size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (c < 0x80) length = 1;
        else if (c >= 0xC2 && c <= 0xDF) length = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0) low = 0xA0;
            if (c == 0xED) high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0) low = 0x90;
            if (c == 0xF4) high = 0x8F;
        }
        if (length == 0) {
            out.insert(out.end(), replacement.begin(), replacement.end());
            ++i;
            continue;
        }
        size_t k = 1;
        while (k < length && i + k < n) {
            const unsigned char lo = k == 1 ? low : 0x80, hi = k == 1 ? high : 0xBF;
            if (s[i + k] < lo || s[i + k] > hi) break;
            ++k;
        }
        if (k == length) {
            out.insert(out.end(), in.begin() + i, in.begin() + i + length);
        } else {
            out.insert(out.end(), replacement.begin(), replacement.end());
        }
        i += k;
    }
}

enum class ObjectKind { Alert, NotAlert, Wrapper, Invalid };

// Whether a document that is no object is valid JSON: the type only says how it starts
// ("done" starts like a string would not, but "nothing" starts like null).
bool valid_scalar_or_array(ondemand::document& doc, ondemand::json_type type) {
    switch (type) {
    case ondemand::json_type::array: {
        std::string_view whole;
        return doc.raw_json().get(whole) == SUCCESS;
    }
    case ondemand::json_type::string: {
        std::string_view s;
        return doc.get_string().get(s) == SUCCESS;
    }
    case ondemand::json_type::number: {
        ondemand::number n;
        return doc.get_number().get(n) == SUCCESS;
    }
    case ondemand::json_type::boolean: {
        bool b = false;
        return doc.get_bool().get(b) == SUCCESS;
    }
    case ondemand::json_type::null: {
        bool is_null = false;
        return doc.is_null().get(is_null) == SUCCESS && is_null;
    }
    case ondemand::json_type::object: break;
    }
    return false;
}

// Whether the document was read to its last byte: simdjson 3.0 has no document::at_end(), but
// asking where the iterator stands past the end says so.
bool read_to_end(ondemand::document& doc) {
    const char* location = nullptr;
    return doc.current_location().get(location) == OUT_OF_BOUNDS;
}

}  // namespace

struct AlertLineParser::State {
    ondemand::parser parser;
    std::vector<char> copy;  // the line with padding, when it came without
    std::vector<char> repaired;
    std::vector<FieldView> fields;
    std::vector<ValueView> items;    // items of the lists, each list's contiguous
    std::vector<ValueView> pending;  // items of the lists being read
    std::vector<std::string_view> tags;
    AlertView view;
    std::string_view wrapper;  // the wrapper key seen in the last object read
    std::string_view input;
    uint64_t line_number = 0;

    void reset_alert() {
        fields.clear();
        items.clear();
        pending.clear();
        tags.clear();
        view = AlertView{};
        wrapper = {};
    }

    // Small, so that it is inlined where fields are read: the rest, with its large frame, is in
    // read_other_value.
    [[gnu::always_inline]] bool read_value(ondemand::value value, ValueView& out) {
        // Most values are strings: asking for one first spares a type query per field.
        if (value.get_string().get(out.text) == SUCCESS) {
            out.kind = ValueKind::String;
            return true;
        }
        return read_other_value(value, out);
    }

    // A value that is not a string (read_value has asked).
    bool read_other_value(ondemand::value value, ValueView& out) {
        ondemand::json_type type;
        if (value.type().get(type)) return false;
        switch (type) {
        case ondemand::json_type::string:
            out.kind = ValueKind::String;
            return !value.get_string().get(out.text);
        case ondemand::json_type::number: return read_number(value, out);
        case ondemand::json_type::boolean:
            out.kind = ValueKind::Bool;
            if (value.get_bool().get(out.boolean)) return false;
            out.text = out.boolean ? "true" : "false";
            return true;
        case ondemand::json_type::null: {
            bool is_null = false;
            out.kind = ValueKind::Null;
            return !value.is_null().get(is_null) && is_null;
        }
        case ondemand::json_type::array: {
            ondemand::array array;
            if (value.get_array().get(array)) return false;
            const size_t start = pending.size();
            for (auto element : array) {
                ondemand::value item_value;
                if (element.get(item_value)) return false;
                ValueView item;
                if (!read_value(item_value, item)) return false;
                pending.push_back(item);
            }
            out.kind = ValueKind::List;
            out.first_item = static_cast<uint32_t>(items.size());
            out.item_count = static_cast<uint32_t>(pending.size() - start);
            items.insert(items.end(), pending.begin() + start, pending.end());
            pending.resize(start);
            return true;
        }
        case ondemand::json_type::object: {
            ondemand::object object;
            out.kind = ValueKind::String;
            return !value.get_object().get(object) && !object.raw_json().get(out.text);
        }
        }
        return false;
    }

    bool read_number(ondemand::value value, ValueView& out) {
        std::string_view token = trim_token(value.raw_json_token());
        out.text = token;
        // Parsed once, then asked for its type (asking the value for its type and then for the
        // number would parse it twice).
        ondemand::number number;
        if (value.get_number().get(number) == SUCCESS) {
            switch (number.get_number_type()) {
            case ondemand::number_type::signed_integer:
                out.kind = ValueKind::Integer;
                out.integer = number.get_int64();
                return true;
            case ondemand::number_type::unsigned_integer:
                out.kind = ValueKind::Unsigned;
                out.unsigned_integer = number.get_uint64();
                return true;
            case ondemand::number_type::floating_point_number:
                out.kind = ValueKind::Real;
                out.real = number.get_double();
                return true;
            }
        }
        // Integers beyond 64 bits: kept as their token, approximately as a Real.
        out.kind = ValueKind::Real;
        const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), out.real);
        return error == std::errc() && end == token.data() + token.size();
    }

    bool read_fields(ondemand::object object) {
        for (auto field : object) {
            std::string_view key;
            if (field.unescaped_key().get(key)) return false;
            ondemand::value value;
            if (field.value().get(value)) return false;
            FieldView& f = fields.emplace_back();  // in place: no copy per field
            f.key = key;
            if (!read_value(value, f.value)) return false;
        }
        return true;
    }

    // Reads the alert keys of `object`. A wrapper key holding an object is remembered (the first
    // one) when `wrappers_allowed`, to be read after a rewind if the object is no alert itself.
    ObjectKind read_object(ondemand::object object, bool wrappers_allowed) {
        bool has_rule = false, has_fields = false;
        for (auto field : object) {
            std::string_view key;
            if (field.unescaped_key().get(key)) return ObjectKind::Invalid;
            ondemand::value value;
            if (field.value().get(value)) return ObjectKind::Invalid;
            std::string_view* text = nullptr;
            if (key == "rule") {
                has_rule = value.get_string().get(view.rule) == SUCCESS;
                continue;
            }
            if (key == "priority") text = &view.priority;
            else if (key == "source") text = &view.source;
            else if (key == "hostname") text = &view.hostname;
            else if (key == "time") text = &view.time;
            else if (key == "output") text = &view.output;
            if (text == &view.output) {
                // The output is the longest string of an alert and seldom has an escape: then it
                // is its own text, read in place rather than copied out.
                const std::string_view token = trim_token(value.raw_json_token());
                if (token.size() >= 2 && token.front() == '"' && token.back() == '"' &&
                    !std::memchr(token.data() + 1, '\\', token.size() - 2)) {
                    *text = token.substr(1, token.size() - 2);
                    continue;
                }
            }
            if (text) {
                const bool is_string = value.get_string().get(*text) == SUCCESS;
                if (text == &view.source) view.source_given = is_string;
                if (!is_string) *text = {};
                continue;
            }
            if (key == "output_fields") {
                ondemand::object output_fields;
                if (value.get_object().get(output_fields) == SUCCESS) {
                    if (has_fields) fields.clear();  // a repeated key: the last one counts
                    if (!read_fields(output_fields)) return ObjectKind::Invalid;
                    has_fields = true;
                }
                continue;
            }
            if (key == "tags") {
                ondemand::array array;
                if (value.get_array().get(array) == SUCCESS) {
                    tags.clear();
                    for (auto element : array) {
                        std::string_view tag;
                        if (element.get_string().get(tag) == SUCCESS) tags.push_back(tag);
                    }
                }
                continue;
            }
            if (wrappers_allowed && wrapper.empty()) {
                for (std::string_view w : wrapper_keys) {
                    ondemand::json_type type;
                    if (key == w && value.type().get(type) == SUCCESS && type == ondemand::json_type::object) {
                        wrapper = w;
                    }
                }
            }
        }
        if (has_rule && has_fields) return ObjectKind::Alert;
        return wrapper.empty() ? ObjectKind::NotAlert : ObjectKind::Wrapper;
    }

    // The alert in the padded bytes [data, data + size), or the reason it is none.
    const AlertView* parse_json(const char* data, size_t size, size_t capacity, SkipReason& why, bool repairing) {
        reset_alert();
        // simdjson keeps buffers of several times the longest document it parsed: after a huge
        // line, start afresh rather than hold them for the rest of the log.
        if (parser.capacity() > huge_line_bytes && size < huge_line_bytes) parser = ondemand::parser{};
        ondemand::document doc;
        const error_code started = parser.iterate(data, size, capacity).get(doc);
        if (started == UTF8_ERROR && !repairing) return repair_and_parse(data, size, why);
        if (started) {
            why = SkipReason::InvalidJson;
            return nullptr;
        }
        ondemand::json_type type;
        if (const error_code e = doc.type().get(type)) {
            if (e == UTF8_ERROR && !repairing) return repair_and_parse(data, size, why);
            why = SkipReason::InvalidJson;
            return nullptr;
        }
        if (type != ondemand::json_type::object) {
            why = valid_scalar_or_array(doc, type) && read_to_end(doc) ? SkipReason::NotObject : SkipReason::InvalidJson;
            return nullptr;
        }
        std::array<std::string_view, max_wrapping> path;
        size_t depth = 0;
        for (;;) {
            ondemand::object object;
            if (depth == 0) {
                if (doc.get_object().get(object)) return invalid(why);
            } else {
                doc.rewind();
                reset_alert();
                if (doc.get_object().get(object)) return invalid(why);
                for (size_t d = 0; d < depth; ++d) {
                    ondemand::value inner;
                    if (object.find_field_unordered(path[d]).get(inner) || inner.get_object().get(object)) {
                        return invalid(why);
                    }
                }
            }
            const ObjectKind kind = read_object(object, depth < max_wrapping);
            if (kind == ObjectKind::Invalid) return invalid(why);
            // Trailing bytes after the object: only the outermost read sees the whole line.
            if (depth == 0 && !read_to_end(doc)) return invalid(why);
            if (kind == ObjectKind::Alert) return finish();
            if (kind == ObjectKind::NotAlert) {
                why = SkipReason::NotAlert;
                return nullptr;
            }
            path[depth++] = wrapper;
        }
    }

    const AlertView* invalid(SkipReason& why) {
        why = SkipReason::InvalidJson;
        return nullptr;
    }

    const AlertView* repair_and_parse(const char* data, size_t size, SkipReason& why) {
        replace_invalid_utf8(std::string_view(data, size), repaired);
        const size_t repaired_size = repaired.size();
        repaired.resize(repaired_size + SIMDJSON_PADDING, ' ');
        return parse_json(repaired.data(), repaired_size, repaired.size(), why, true);
    }

    const AlertView* finish() {
        if (!view.source_given) view.source = "syscall";
        view.fields = fields;
        view.tags = tags;
        view.list_items_ = items;
        view.input = input;
        view.line = line_number;
        return &view;
    }
};

AlertLineParser::AlertLineParser() : state_(std::make_unique<State>()) {}
AlertLineParser::~AlertLineParser() = default;

const AlertView* AlertLineParser::parse(std::string_view line, size_t readable, SkipReason& why,
                                        std::string_view input, uint64_t line_number) {
    State& s = *state_;
    s.input = input;
    s.line_number = line_number;
    size_t start = 0;
    if (line.starts_with("\xEF\xBB\xBF")) start = 3;  // a byte order mark opening the file
    while (start < line.size() && is_blank(line[start])) ++start;
    size_t end = line.size();
    while (end > start && is_blank(line[end - 1])) --end;
    if (start == end) {
        why = SkipReason::Blank;
        return nullptr;
    }
    const std::string_view text = line.substr(start, end - start);
    readable = readable > start ? readable - start : 0;

    auto parse_json = [&](std::string_view json, size_t json_readable, SkipReason& reason) {
        if (json_readable >= json.size() + SIMDJSON_PADDING) {
            return s.parse_json(json.data(), json.size(), json_readable, reason, false);
        }
        s.copy.assign(json.begin(), json.end());
        s.copy.resize(json.size() + SIMDJSON_PADDING, ' ');
        return s.parse_json(s.copy.data(), json.size(), s.copy.size(), reason, false);
    };

    if (text.front() == '{' || text.front() == '[') return parse_json(text, readable, why);
    // A JSON scalar on its own line ("a string", 42, null) is valid JSON, just no object.
    if (std::string_view("\"-0123456789tfn").find(text.front()) != std::string_view::npos) {
        SkipReason scalar;
        parse_json(text, readable, scalar);
        if (scalar == SkipReason::NotObject) {
            why = scalar;
            return nullptr;
        }
    }

    // JSON behind a prefix of syslog or `kubectl logs --timestamps`:
    // "<5>2024-08-07T13:49:16Z host Falco[1]: {…}". Taken only when it is an alert.
    const size_t brace = text.find('{');
    if (brace != std::string_view::npos && brace > 0 && text[brace - 1] == ' ' && text.back() == '}' &&
        text.substr(0, brace).find('"') == std::string_view::npos) {
        SkipReason inner;
        if (const AlertView* alert = parse_json(text.substr(brace), readable - brace, inner)) return alert;
    }
    why = classify_text(text);
    return nullptr;
}

}  // namespace rulekit::eval
