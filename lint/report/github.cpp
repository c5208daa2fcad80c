// GitHub Actions report: workflow commands (`::error file=...,line=...::message`) that the
// runner turns into annotations on the pull request's diff, one line per diagnostic.
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "lint/report/report.hpp"

namespace rulekit::lint {

namespace {

const char* command_of(Severity s) {
    switch (s) {
        case Severity::Error: return "error";
        case Severity::Warning: return "warning";
        case Severity::Info: return "notice";
    }
    return "error";
}

// The runner splits commands on line breaks and decodes these escapes (actions/toolkit,
// command.ts escapeData); anything else is taken literally.
std::string escape_data(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '%': out += "%25"; break;
            case '\r': out += "%0D"; break;
            case '\n': out += "%0A"; break;
            default: out += c;
        }
    }
    return out;
}

// Property values are further split on ',' and at the first ':' (command.ts escapeProperty).
std::string escape_property(std::string_view text) {
    std::string out;
    for (char c : escape_data(text)) {
        switch (c) {
            case ':': out += "%3A"; break;
            case ',': out += "%2C"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace

std::string format_github(const Diagnostics& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics) {
        const SourceLocation& loc = d.loc;
        std::vector<std::string> properties;
        if (!loc.file.empty()) properties.push_back("file=" + escape_property(loc.file));
        if (loc.line > 0) {
            properties.push_back(fmt::format("line={}", loc.line));
            if (loc.column > 0) properties.push_back(fmt::format("col={}", loc.column));
            // An unknown end (0) is left out rather than sent as a range ending before it starts.
            const bool end_known = loc.end_line > loc.line || (loc.end_line == loc.line && loc.end_column >= loc.column);
            if (loc.end_line > 0 && end_known) {
                properties.push_back(fmt::format("endLine={}", loc.end_line));
                if (loc.column > 0 && loc.end_column > 0) properties.push_back(fmt::format("endColumn={}", loc.end_column));
            }
        }
        properties.push_back("title=" + escape_property(d.code));

        out += fmt::format("::{} {}::{}\n", command_of(d.severity), fmt::join(properties, ","),
                           escape_data(message_with_hint(d)));
    }
    return out;
}

}  // namespace rulekit::lint
