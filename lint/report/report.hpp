// Reporters: turn sorted diagnostics into text for people or JSON for tools.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "grammar/diagnostic.hpp"

namespace rulekit::lint {

// Sorts by file, line, column, code (then message) so output never depends on check order.
void sort_diagnostics(Diagnostics& diagnostics);

struct TextStyle {
    bool color = false;
    bool show_source = true;  // the source line and a caret under the column
};
// Returns the source text of a file, or null when unknown (no snippet is printed then).
using SourceLookup = std::function<const std::string*(const std::string& file)>;

std::string format_text(const Diagnostics& diagnostics, const TextStyle& style, const SourceLookup& sources);

// A JSON array of {file, line, column, end_line, end_column, code, severity, message, hint, falco_code}.
std::string format_json(const Diagnostics& diagnostics);

}  // namespace rulekit::lint
