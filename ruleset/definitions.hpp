// What the collector receives, item by item in load order: Falco's definitions after the
// reader has checked their shape. Every text keeps the identity of the YAML scalar it came
// from (`owner`, for ComposedText origins) and where that scalar starts.
#pragma once

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

}  // namespace rulekit::ruleset
