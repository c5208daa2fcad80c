#include "lint/suppressions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "grammar/edit_distance.hpp"
#include "lint/check_registry.hpp"

namespace rulekit::lint {

namespace {

struct Suppression {
    std::string slug;
    uint32_t comment_line = 0;    // where the comment is (1-based)
    uint32_t comment_column = 0;
    uint32_t slug_column = 0;     // where the slug is written, for the unused-ignore caret
    uint32_t first_line = 0;      // lines covered, inclusive; 0..UINT32_MAX for ignore-file
    uint32_t last_line = 0;
    bool used = false;
};

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (end == text.size()) break;
        start = end + 1;
    }
    return lines;
}

size_t indentation(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    return i;
}

bool is_blank_or_comment(std::string_view line) {
    const size_t i = indentation(line);
    return i == line.size() || line[i] == '#';
}

// The start of a YAML comment: a '#' at the start of the line or after a blank, outside quotes.
// (A '#' inside a block scalar is text to YAML; such a "comment" there is ignored by Falco's
// parser anyway only if it is not in a condition, so block scalars are not special-cased.)
std::optional<size_t> comment_start(std::string_view line) {
    char quote = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') {
            if (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t' || line[i - 1] == ':' || line[i - 1] == '[' ||
                line[i - 1] == ',' || line[i - 1] == '{' || line[i - 1] == '-') {
                quote = c;
            }
            continue;
        }
        if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return i;
    }
    return std::nullopt;
}

// The last line of what starts at `line_index`: the line itself and the lines indented below it
// (a whole item after `- rule:`, a multi-line value after `condition: >`), up to the next line
// at the same or smaller indentation that is not blank or a comment.
size_t block_end(const std::vector<std::string_view>& lines, size_t line_index) {
    const size_t indent = indentation(lines[line_index]);
    size_t last = line_index;
    for (size_t i = line_index + 1; i < lines.size(); ++i) {
        if (is_blank_or_comment(lines[i])) continue;
        if (indentation(lines[i]) <= indent) break;
        last = i;
    }
    return last;
}

// A `# rulekit:` comment that is not a directive, or names no check; `at` is the 0-based column
// of its text after `rulekit:`.
Diagnostic malformed_directive(const std::string& file, size_t line_index, size_t at, std::string message) {
    Diagnostic d;
    d.loc = {file, static_cast<uint32_t>(line_index + 1), static_cast<uint32_t>(at + 1), 0, 0};
    d.code = "unused-ignore";
    d.severity = Severity::Warning;
    d.message = std::move(message);
    d.hint = "write `# rulekit: ignore=<check>[,<check>]` or `# rulekit: ignore-file=<check>`";
    return d;
}

std::vector<Suppression> read_suppressions(std::string_view text, Diagnostics& findings, const std::string& file) {
    std::vector<Suppression> out;
    const auto lines = split_lines(text);
    for (size_t index = 0; index < lines.size(); ++index) {
        const std::string_view line = lines[index];
        const auto hash = comment_start(line);
        if (!hash) continue;
        std::string_view comment = line.substr(*hash + 1);
        const size_t lead = comment.find_first_not_of(" \t");
        if (lead == std::string_view::npos || !comment.substr(lead).starts_with("rulekit:")) continue;
        size_t at = *hash + 1 + lead + std::string_view("rulekit:").size();
        while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
        const std::string_view directive = line.substr(at);
        const bool whole_file = directive.starts_with("ignore-file=");
        if (!whole_file && !directive.starts_with("ignore=")) {
            findings.push_back(malformed_directive(file, index, at, fmt::format("unrecognised rulekit comment '{}'", directive)));
            continue;
        }
        size_t pos = at + (whole_file ? 12 : 7);
        // The lines this comment covers.
        uint32_t first = 0, last = UINT32_MAX;
        if (!whole_file) {
            if (indentation(line) != *hash) {
                first = last = static_cast<uint32_t>(index + 1);  // trailing: its own line
            } else {
                size_t next = index + 1;
                while (next < lines.size() && is_blank_or_comment(lines[next])) ++next;
                if (next == lines.size()) next = index;  // nothing follows: covers nothing real
                first = static_cast<uint32_t>(next + 1);
                last = static_cast<uint32_t>(block_end(lines, next) + 1);
            }
        }
        // Slugs: comma-separated, ending at a blank (anything after is a free-text reason).
        const size_t slug_count = out.size();
        while (pos < line.size()) {
            size_t end = pos;
            while (end < line.size() && line[end] != ',' && line[end] != ' ' && line[end] != '\t') ++end;
            if (end > pos) {
                out.push_back({std::string(line.substr(pos, end - pos)), static_cast<uint32_t>(index + 1),
                               static_cast<uint32_t>(*hash + 1), static_cast<uint32_t>(pos + 1), first, last, false});
            }
            if (end >= line.size() || line[end] != ',') break;
            pos = end + 1;
        }
        if (out.size() == slug_count) {  // `ignore=` followed by nothing, or by a blank
            findings.push_back(malformed_directive(file, index, at,
                                                   fmt::format("no check follows '{}', so this comment suppresses nothing",
                                                               whole_file ? "ignore-file=" : "ignore=")));
        }
    }
    return out;
}

}  // namespace

void apply_inline_suppressions(Diagnostics& diagnostics, const std::map<std::string, std::string>& sources,
                               const std::set<std::string>& checks_not_run) {
    Diagnostics added;
    std::map<std::string, std::vector<Suppression>> by_file;
    for (const auto& [file, text] : sources) {
        if (text.find("rulekit:") == std::string::npos) continue;
        auto suppressions = read_suppressions(text, added, file);
        if (!suppressions.empty()) by_file.emplace(file, std::move(suppressions));
    }
    if (by_file.empty() && added.empty()) return;

    std::erase_if(diagnostics, [&](const Diagnostic& d) {
        auto it = by_file.find(d.loc.file);
        if (it == by_file.end()) return false;
        bool suppressed = false;
        for (auto& s : it->second) {
            if (s.slug != d.code) continue;
            if (d.loc.line < s.first_line || d.loc.line > s.last_line) continue;
            s.used = true;
            suppressed = true;  // keep going: every matching comment counts as used
        }
        return suppressed;
    });

    std::vector<std::string_view> slugs;
    for (const CheckInfo* c : all_checks()) slugs.push_back(c->slug);
    for (const auto& [file, suppressions] : by_file) {
        for (const auto& s : suppressions) {
            if (s.used || checks_not_run.count(s.slug)) continue;
            Diagnostic d;
            d.loc = {file, s.comment_line, s.slug_column, s.comment_line,
                     static_cast<uint32_t>(s.slug_column + s.slug.size() - 1)};
            d.code = "unused-ignore";
            d.severity = Severity::Warning;
            if (!find_check(s.slug)) {
                d.message = fmt::format("'{}' is not a rulekit check, so this comment suppresses nothing", s.slug);
                if (auto near = grammar::nearest_name(s.slug, slugs, 4)) d.hint = fmt::format("did you mean '{}'?", *near);
                else d.hint = "`rulekit checks` lists every check";
            } else {
                d.message = fmt::format("this comment suppresses nothing: no '{}' finding {}", s.slug,
                                        s.last_line == UINT32_MAX ? "in this file" : "where it applies");
                d.hint = "remove the comment (or the slug) now that the finding is gone";
            }
            added.push_back(std::move(d));
        }
    }
    diagnostics.insert(diagnostics.end(), added.begin(), added.end());
}

void apply_check_levels(Diagnostics& diagnostics,
                        const std::map<std::string, std::optional<Severity>, std::less<>>& levels) {
    if (levels.empty()) return;
    std::erase_if(diagnostics, [&](Diagnostic& d) {
        auto it = levels.find(d.code);
        if (it == levels.end()) return false;
        if (!it->second) return true;
        d.severity = *it->second;
        return false;
    });
}

}  // namespace rulekit::lint
