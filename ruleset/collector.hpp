// Falco's collector: accumulates list, macro and rule definitions over the whole load order,
// applying redefinition, legacy `append: true`, `override:` and enable-only items exactly as
// Falco does (spec §3.7–3.9, §4.1, §4.5), with Falco's LOAD_ERR_VALIDATE messages.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "grammar/diagnostic.hpp"
#include "ruleset/composed_text.hpp"
#include "ruleset/definitions.hpp"

namespace rulekit::ruleset {

struct CollectedList {
    std::string name;
    std::vector<Text> items;
    uint32_t index = 0;       // sequence number of the first definition
    uint32_t visibility = 0;  // sequence number of the latest define/append/replace
    SourceLocation loc;
};

struct CollectedMacro {
    std::string name;
    ComposedText condition;
    uint32_t index = 0;
    uint32_t visibility = 0;
    SourceLocation loc;
};

struct CollectedRule {
    std::string name;
    ComposedText condition;
    ComposedText output;
    std::string desc;
    std::string priority;
    std::string source = "syscall";
    bool enabled = true;
    bool warn_evttypes = true;
    bool skip_if_unknown_filter = false;
    bool capture = false;
    uint64_t capture_duration = 0;
    std::set<std::string> tags;
    std::vector<ExceptionDefinition> exceptions;
    SourceLocation condition_loc;  // where the (first) condition scalar starts
    SourceLocation output_loc;
    uint32_t index = 0;
    SourceLocation loc;
};

class Collector {
public:
    // Each call takes one item; problems are appended to `out` (Falco stops at the first).
    void add(const ListDefinition& def, Diagnostics& out);
    void add(const MacroDefinition& def, Diagnostics& out);
    void add(const RuleDefinition& def, Diagnostics& out);

    const std::vector<CollectedList>& lists() const { return lists_; }
    const std::vector<CollectedMacro>& macros() const { return macros_; }
    const std::vector<CollectedRule>& rules() const { return rules_; }
    const CollectedList* list(const std::string& name) const;
    const CollectedMacro* macro(const std::string& name) const;
    const CollectedRule* rule(const std::string& name) const;

    // The sequence number of the latest item taken (every `add` counts, even a rejected one).
    uint32_t sequence() const { return sequence_; }
    // The definitions first made at or before `sequence`, as they stand now: what the collector
    // held at that point, provided none of them has been modified since.
    Collector first_defined_by(uint32_t sequence) const;

private:
    void append_exceptions(CollectedRule& rule, const std::vector<ExceptionDefinition>& items, Diagnostics& out);

    uint32_t sequence_ = 0;
    std::vector<CollectedList> lists_;
    std::vector<CollectedMacro> macros_;
    std::vector<CollectedRule> rules_;
    std::unordered_map<std::string, size_t> list_index_, macro_index_, rule_index_;
};

// Falco's checks on a freshly defined exception (not run for `exceptions: replace`): the
// message of the first problem, or nothing.
std::optional<std::string> validate_new_exception(const ExceptionDefinition& ex);

// Operators Falco's collector accepts in exception comps: the parser's operators, optionally
// followed by a oneof/anyof/allof modifier for string operators.
bool is_supported_comparison_operator(const std::string& op);

}  // namespace rulekit::ruleset
