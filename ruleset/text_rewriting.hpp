// Falco's textual rewriting of conditions before they are parsed, reproduced on ComposedText
// so that every pasted piece keeps its origin: list substitution (spec §4.2) and exceptions
// turned into "and not (...)" clauses (spec §4.4). Both follow Falco's rule_loader_compiler
// byte for byte, quirks included, because what Falco then parses is exactly this text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ruleset/composed_text.hpp"

namespace rulekit::ruleset {

// Wraps an item in double quotes when it holds a space and does not start with a quote.
void quote_item(ComposedText& item);

// Replaces every delimited occurrence of `name` in `condition` by the items joined with ", ".
// Returns whether the list was used.
bool substitute_list(ComposedText& condition, const std::string& name, const std::vector<ComposedText>& items);
// The text a list's items become when pasted: joined with ", ", an item with a space and no
// leading quote wrapped in double quotes. Build it once per list and paste it everywhere.
ComposedText joined_list_items(const std::vector<ComposedText>& items);
bool substitute_joined_list(ComposedText& condition, const std::string& name, const ComposedText& joined);

// One exception as the rule carries it. A value entry is a scalar (`item`) or a sequence
// (`items`, each a scalar entry).
struct ExceptionEntry {
    bool is_list = false;
    ComposedText item;
    std::vector<ExceptionEntry> items;
};
struct ExceptionForText {
    bool fields_is_list = false;
    ComposedText field;                 // single-field form
    ComposedText comp;                  // single-field form
    std::vector<ComposedText> fields;   // field-list form
    std::vector<ComposedText> comps;    // field-list form, same length as fields
    std::vector<ExceptionEntry> values;
};

struct ExceptionTextError {
    size_t exception_index;
    std::string message;  // Falco's LOAD_ERR_VALIDATE text
};

// Builds "(" + condition + ")" followed by " and not <clause>" per exception with values.
// Returns the shape error of every exception whose values do not fit its fields; Falco stops
// at the first, here the faulty exceptions are left out and the others still appended.
std::vector<ExceptionTextError> append_exceptions(ComposedText& condition,
                                                  const std::vector<ExceptionForText>& exceptions);

bool is_list_operator(const std::string& op);
// A string operator with a oneof/anyof/allof modifier, e.g. "startswith oneof".
bool is_modifier_operator(const std::string& op);

}  // namespace rulekit::ruleset
