// A light line scanner, not a YAML parser: it tracks only what decides whether a ',' at the
// start of a line is a flow-entry token in block context — open flow collections, quoted
// scalars spanning lines, block scalars, comments and document boundaries.
#include "grammar/yaml_hazards.hpp"

namespace rulekit::grammar {

namespace {

size_t indentation(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    return i;
}

// Whether the content of a line (from `start`) ends with a block scalar header: `|` or `>`
// with optional indicators, then only blanks or a comment.
bool opens_block_scalar(std::string_view line, size_t start) {
    size_t end = line.find(" #", start);
    std::string_view s = line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    while (!s.empty() && (s.back() == '+' || s.back() == '-' || (s.back() >= '1' && s.back() <= '9'))) s.remove_suffix(1);
    if (s.empty() || (s.back() != '|' && s.back() != '>')) return false;
    s.remove_suffix(1);
    return s.empty() || s.back() == ' ' || s.back() == '\t';
}

// Whether a node may start at `line[i]`: first thing on the line (after indentation), or right
// after an indicator — "- ", ": ", "? " — or, inside a flow collection, after '[', '{' or ','.
bool value_starts_at(std::string_view line, size_t i, bool in_flow) {
    size_t j = i;
    while (j > 0 && (line[j - 1] == ' ' || line[j - 1] == '\t')) --j;
    if (j == 0) return true;
    const char prev = line[j - 1];
    if (in_flow && (prev == '[' || prev == '{' || prev == ',')) return true;
    return (prev == '-' || prev == ':' || prev == '?') && j < line.size() && (line[j] == ' ' || line[j] == '\t') &&
           (j - 1 == 0 || line[j - 2] == ' ' || line[j - 2] == '\t' || prev == ':');
}

}  // namespace

std::optional<YamlHazard> find_yaml_cpp_hang(std::string_view bytes) {
    // Only a line that starts with ',' can be the hazard: most files have none.
    if (!bytes.starts_with(',') && bytes.find("\n,") == std::string_view::npos) return std::nullopt;
    int flow_depth = 0;
    char quote = 0;                      // open quote spanning lines
    long block_scalar_parent = -2;       // indentation of the line that opened a block scalar
    uint32_t line_no = 0;
    size_t pos = 0;
    while (pos <= bytes.size()) {
        size_t eol = bytes.find('\n', pos);
        if (eol == std::string_view::npos) eol = bytes.size();
        std::string_view line = bytes.substr(pos, eol - pos);
        ++line_no;
        pos = eol + 1;
        const size_t indent = indentation(line);
        const bool blank = indent == line.size() || line[indent] == '\r' || line[indent] == '#';

        if (block_scalar_parent > -2) {
            if (blank || static_cast<long>(indent) > block_scalar_parent) continue;
            block_scalar_parent = -2;
        }
        if (quote == 0 && flow_depth == 0) {
            if (line.substr(0, 3) == "---" || line.substr(0, 3) == "...") continue;
            // (yaml-cpp survives this only when the document is one multi-line plain scalar —
            // never a rules file, which Falco rejects anyway — so it is reported in every case.)
            if (!line.empty() && line[0] == ',') {
                return YamlHazard{line_no, 1,
                                  "a ',' at the start of a line outside any flow collection ([...] or {...}) makes "
                                  "yaml-cpp, the YAML parser Falco uses, loop forever: Falco never finishes loading "
                                  "this file"};
            }
        }
        // Walk the line for quotes, flow brackets and comments. A quote or bracket only opens
        // something where a value starts; inside a plain scalar (`c [d`) it is just text.
        for (size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (quote) {
                if (quote == '"' && c == '\\') {
                    ++i;
                } else if (c == quote) {
                    if (quote == '\'' && i + 1 < line.size() && line[i + 1] == '\'') ++i;
                    else quote = 0;
                }
                continue;
            }
            if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) break;
            if ((c == '"' || c == '\'' || c == '[' || c == '{') && value_starts_at(line, i, flow_depth > 0)) {
                if (c == '"' || c == '\'') quote = c;
                else ++flow_depth;
            } else if ((c == ']' || c == '}') && flow_depth > 0) {
                --flow_depth;
            }
        }
        if (quote == 0 && flow_depth == 0 && opens_block_scalar(line, indent)) {
            block_scalar_parent = static_cast<long>(indent);
        }
        if (eol == bytes.size()) break;
    }
    return std::nullopt;
}

}  // namespace rulekit::grammar
