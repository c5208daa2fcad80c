// The checks that find what Falco's loader accepts silently; each lives in its own file.
#pragma once

#include <string>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/rules_file.hpp"
#include "ruleset/collector.hpp"

namespace rulekit::lint::checks {

// list-shadows-macro: a list and a macro with one name.
Diagnostics list_shadows_macro(const ruleset::Collector& collector);

// append-drops-keys: a legacy `append: true` rule item carrying keys Falco ignores.
Diagnostics append_drops_keys(const grammar::RulesFile& file);

// priority-case: a rule priority Falco accepts but not in the upper case its schema knows.
Diagnostics priority_case(const grammar::RulesFile& file);
// The spelling priority-case asks for ("warning" -> "WARNING"); `rulekit lint --fix` writes it.
std::string upper_case_priority(std::string_view text);

// list-name-literal: a bare word used as a list value (after list substitution) that looks
// like a list or macro name with a typo, so Falco compares with the literal text.
struct LiteralFinding {
    const grammar::Expr* node;
    std::string message;
    std::string hint;
};
struct KnownNames {
    std::vector<std::string_view> lists;  // views into the collector's names
    std::unordered_set<std::string> macros;
    // Word -> nearest list name; the same words recur across conditions.
    mutable std::unordered_map<std::string, std::optional<std::string_view>> nearest_list;
};
std::vector<LiteralFinding> list_name_literal(const grammar::Expr& condition, const KnownNames& names);

// output-placeholder: `{field}`, `{{field}}` or `${field}` in an output, which Falco prints as
// it is. The candidates (a dotted name in braces); the linter keeps those that are fields.
struct Placeholder {
    size_t offset;
    size_t length;
    std::string field;
};
std::vector<Placeholder> output_placeholders(std::string_view output);

}  // namespace rulekit::lint::checks
