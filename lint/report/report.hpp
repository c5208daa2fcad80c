// Reporters: turn sorted diagnostics into text for people, or JSON, SARIF, GitHub Actions
// workflow commands and JUnit XML for tools. One file per format under lint/report/.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/diagnostic.hpp"

namespace rulekit::lint {

// Sorts by file, line, column, code (then message) so output never depends on check order.
void sort_diagnostics(Diagnostics& diagnostics);

// Line `line` (1-based) of `text` without its line break (LF or CRLF); empty past the end.
std::string_view source_line(const std::string& text, uint32_t line);

// The message, then the hint on a new line (without trailing line breaks) when there is one:
// one text for formats that have no separate place for a hint (SARIF, GitHub annotations).
std::string message_with_hint(const Diagnostic& diagnostic);

struct TextStyle {
    bool color = false;
    bool show_source = true;  // the source line and a caret under the column
};
// Returns the source text of a file, or null when unknown (no snippet is printed then).
using SourceLookup = std::function<const std::string*(const std::string& file)>;

std::string format_text(const Diagnostics& diagnostics, const TextStyle& style, const SourceLookup& sources);

// A JSON array of {file, line, column, end_line, end_column, code, severity, message, hint, falco_code}.
std::string format_json(const Diagnostics& diagnostics);

// The project's home; every link in reports (SARIF informationUri, helpUri) derives from it.
inline constexpr std::string_view kProjectUrl = "https://github.com/rulekit/rulekit";
// The documentation page of a check: docs/checks/<slug>.md in the repository.
std::string check_docs_url(std::string_view slug);

struct SarifContext {
    // The rulekit version (RULEKIT_VERSION, known to the executable, not to this library);
    // omitted from the output when empty.
    std::string tool_version;
    // When set, byte columns are converted to the UTF-16 code units SARIF consumers count;
    // without it columns stay byte counts (the same for ASCII lines).
    SourceLookup sources;
};

// A SARIF 2.1.0 log with one run: every check as a rule, every diagnostic as a result.
std::string format_sarif(const Diagnostics& diagnostics, const SarifContext& context);

// GitHub Actions workflow commands, one line per diagnostic:
// `::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=<code>::message%0Ahint`.
std::string format_github(const Diagnostics& diagnostics);

// JUnit XML: one testcase per linted file (`files`, in load order; files that only appear in
// diagnostics are added after them), one <failure> per finding at or above `fail_level`;
// findings below it go to the testcase's <system-out>.
std::string format_junit(const Diagnostics& diagnostics, const std::vector<std::string>& files, Severity fail_level);

}  // namespace rulekit::lint
