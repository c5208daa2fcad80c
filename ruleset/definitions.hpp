// What the collector receives, item by item in load order: Falco's definitions after the
// reader has checked their shape. Every text keeps the identity of the YAML scalar it came
// from (`owner`, for ComposedText origins) and where that scalar starts.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grammar/diagnostic.hpp"

namespace rulekit::ruleset {

struct Text {
    std::string value;
    const void* owner = nullptr;
    SourceLocation loc;
};

enum class Operation : uint8_t { Define, Append, Replace };

struct ListDefinition {
    Text name;
    std::vector<Text> items;
    Operation op = Operation::Define;
    SourceLocation loc;  // the item
};

struct MacroDefinition {
    Text name;
    Text condition;
    Operation op = Operation::Define;
    SourceLocation loc;
};

// An exception value: a scalar, or a sequence of entries (a field-list row, or an inline list).
struct ExceptionValue {
    bool is_list = false;
    Text item;
    std::vector<ExceptionValue> items;
};

struct ExceptionDefinition {
    Text name;
    std::optional<ExceptionValue> fields;  // scalar: single field; list: field list
    std::optional<ExceptionValue> comps;
    std::vector<ExceptionValue> values;
    bool has_values = false;
    // Set by `override: {exceptions: replace}`: Falco then skips its validation and default comps.
    bool from_replace = false;
    SourceLocation loc;
};

// The keys of a rule item Falco's reader took, each present or not.
struct RuleKeys {
    std::optional<Text> condition, output, desc, priority, source;
    std::optional<bool> enabled, warn_evttypes, skip_if_unknown_filter, capture;
    std::optional<uint64_t> capture_duration;
    std::optional<std::vector<Text>> tags;
    std::optional<std::vector<ExceptionDefinition>> exceptions;
};

enum class RuleForm : uint8_t { Full, Override, LegacyAppend, EnableOnly };

struct RuleDefinition {
    Text name;
    RuleForm form = RuleForm::Full;
    RuleKeys keys;
    // For RuleForm::Override: key -> Append or Replace.
    std::map<std::string, Operation> overrides;
    SourceLocation loc;
};

// Whether two definitions say the same thing, by their text; where it was written does not
// matter (a later file that repeats a definition changes nothing).
inline bool same_text(const std::vector<Text>& a, const std::vector<Text>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Text& x, const Text& y) { return x.value == y.value; });
}
inline bool same_text(const ExceptionValue& a, const ExceptionValue& b) {
    return a.is_list == b.is_list && a.item.value == b.item.value &&
           std::equal(a.items.begin(), a.items.end(), b.items.begin(), b.items.end(),
                      [](const ExceptionValue& x, const ExceptionValue& y) { return same_text(x, y); });
}
inline bool same_text(const std::optional<ExceptionValue>& a, const std::optional<ExceptionValue>& b) {
    return a.has_value() == b.has_value() && (!a || same_text(*a, *b));
}
// An exception's fields, comps and values (its name aside).
inline bool same_fields_comps_values(const ExceptionDefinition& a, const ExceptionDefinition& b) {
    return same_text(a.fields, b.fields) && same_text(a.comps, b.comps) &&
           std::equal(a.values.begin(), a.values.end(), b.values.begin(), b.values.end(),
                      [](const ExceptionValue& x, const ExceptionValue& y) { return same_text(x, y); });
}

}  // namespace rulekit::ruleset
