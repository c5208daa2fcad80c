// A record of field values: what one Falco alert's `output_fields` carry, or the event a rule
// test describes. The evaluator reads conditions over it (eval/condition.hpp).
//
// Two kinds of "missing" differ, and the difference decides verdicts:
// - a field the record does not carry at all (`find` returns null) is *unknown*: the alert did
//   not print it, so nothing is known about its value;
// - a field carried as `null` had no value when Falco evaluated the event: every check on it
//   is false and `exists` is false, as in libsinsp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rulekit::eval {

enum class ValueKind : uint8_t { Null, String, Integer, Unsigned, Real, Bool, List };

struct FieldValue {
    ValueKind kind = ValueKind::Null;
    bool boolean = false;           // Bool
    int64_t integer = 0;            // Integer (JSON integers that fit int64)
    uint64_t unsigned_integer = 0;  // Unsigned (JSON integers above INT64_MAX)
    double real = 0;                // Real (JSON numbers with a fraction or exponent)
    std::string text;               // String: the text; Integer/Unsigned/Real/Bool: the JSON token
    std::vector<FieldValue> items;  // List

    static FieldValue null() { return {}; }
    static FieldValue string(std::string s) {
        FieldValue v;
        v.kind = ValueKind::String;
        v.text = std::move(s);
        return v;
    }
    static FieldValue boolean_value(bool b) {
        FieldValue v;
        v.kind = ValueKind::Bool;
        v.boolean = b;
        v.text = b ? "true" : "false";
        return v;
    }
    static FieldValue integer_value(int64_t i) {
        FieldValue v;
        v.kind = ValueKind::Integer;
        v.integer = i;
        v.text = std::to_string(i);
        return v;
    }
    static FieldValue unsigned_value(uint64_t u) {
        FieldValue v;
        v.kind = ValueKind::Unsigned;
        v.unsigned_integer = u;
        v.text = std::to_string(u);
        return v;
    }
    static FieldValue list(std::vector<FieldValue> items) {
        FieldValue v;
        v.kind = ValueKind::List;
        v.items = std::move(items);
        return v;
    }
    bool operator==(const FieldValue&) const = default;
};

// Fields by the key Falco prints in `output_fields`: the field name with its argument as
// written, "proc.name", "proc.aname[2]", "evt.arg.flags", "proc.env[HOME]". Kept sorted by key
// (records hold tens of fields; a binary search allocates nothing).
class Record {
public:
    using Entry = std::pair<std::string, FieldValue>;

    // Sets or replaces the value of `key`.
    void set(std::string_view key, FieldValue value);
    // The value of `key`, or null when the record does not carry the field (unknown).
    const FieldValue* find(std::string_view key) const;
    bool carries(std::string_view key) const { return find(key) != nullptr; }

    std::vector<Entry>::const_iterator begin() const { return fields_.begin(); }
    std::vector<Entry>::const_iterator end() const { return fields_.end(); }
    size_t size() const { return fields_.size(); }
    bool empty() const { return fields_.empty(); }
    void clear() { fields_.clear(); }

private:
    std::vector<Entry> fields_;  // sorted by key, keys unique
};

}  // namespace rulekit::eval
