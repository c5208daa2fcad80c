// Text report: `file:line:col: severity[code]: message`, then the source line with a caret
// (and the hint), coloured on a terminal.
#include <fmt/color.h>
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "lint/report/report.hpp"

namespace rulekit::lint {

void sort_diagnostics(Diagnostics& d) {
    std::stable_sort(d.begin(), d.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.loc.file, a.loc.line, a.loc.column, a.code, a.message) <
               std::tie(b.loc.file, b.loc.line, b.loc.column, b.code, b.message);
    });
}

std::string_view source_line(const std::string& text, uint32_t line) {
    size_t start = 0;
    for (uint32_t l = 1; l < line; ++l) {
        start = text.find('\n', start);
        if (start == std::string::npos) return {};
        ++start;
    }
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view v(text.data() + start, end - start);
    if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
    return v;
}

std::string message_with_hint(const Diagnostic& d) {
    std::string text = d.message;
    std::string_view hint = d.hint;
    while (!hint.empty() && hint.back() == '\n') hint.remove_suffix(1);
    if (!hint.empty()) {
        text += '\n';
        text += hint;
    }
    return text;
}

namespace {

fmt::text_style severity_style(Severity s, bool color) {
    if (!color) return {};
    switch (s) {
        case Severity::Error: return fmt::emphasis::bold | fg(fmt::terminal_color::red);
        case Severity::Warning: return fmt::emphasis::bold | fg(fmt::terminal_color::yellow);
        case Severity::Info: return fmt::emphasis::bold | fg(fmt::terminal_color::cyan);
    }
    return {};
}

}  // namespace

std::string format_text(const Diagnostics& diagnostics, const TextStyle& style, const SourceLookup& sources) {
    std::string out;
    const auto bold = style.color ? fmt::text_style(fmt::emphasis::bold) : fmt::text_style();
    for (const auto& d : diagnostics) {
        if (d.loc.line == 0) out += fmt::format(bold, "{}:", d.loc.file);  // about the whole file
        else out += fmt::format(bold, "{}:{}:{}:", d.loc.file, d.loc.line, d.loc.column);
        out += ' ';
        out += fmt::format(severity_style(d.severity, style.color), "{}[{}]", severity_name(d.severity), d.code);
        out += fmt::format(": {}\n", d.message);
        const std::string* text = style.show_source && d.loc.line > 0 ? sources(d.loc.file) : nullptr;
        if (text) {
            std::string_view src = source_line(*text, d.loc.line);
            if (!src.empty()) {
                out += fmt::format("  {:>5} | {}\n", d.loc.line, src);
                // The caret keeps tabs so it lines up under the column in a terminal.
                std::string pad;
                for (uint32_t i = 1; i < d.loc.column && i - 1 < src.size(); ++i) pad += src[i - 1] == '\t' ? '\t' : ' ';
                uint32_t width = 1;
                if (d.loc.end_line == d.loc.line && d.loc.end_column >= d.loc.column) {
                    width = d.loc.end_column - d.loc.column + 1;
                }
                out += fmt::format("        | {}{}\n", pad,
                                   fmt::format(severity_style(d.severity, style.color), "{}", std::string(width, '^')));
            }
        }
        if (!d.hint.empty()) {
            std::string hint = d.hint;
            if (!hint.empty() && hint.back() == '\n') hint.pop_back();
            size_t pos = 0;
            bool first = true;
            while (pos <= hint.size()) {
                size_t nl = hint.find('\n', pos);
                if (nl == std::string::npos) nl = hint.size();
                out += first ? "  hint: " : "        ";
                out.append(hint, pos, nl - pos);
                out += '\n';
                first = false;
                pos = nl + 1;
            }
        }
    }
    return out;
}

}  // namespace rulekit::lint
