// A finding about a rules file: where, how bad, which stable check code, and what to do.
// Shared by the reader (grammar/), the rule set (ruleset/) and the checks (lint/).
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

namespace rulekit {

enum class Severity : uint8_t { Info, Warning, Error };

inline const char* severity_name(Severity s) {
    switch (s) {
        case Severity::Info: return "info";
        case Severity::Warning: return "warning";
        case Severity::Error: return "error";
    }
    return "error";
}

// 1-based lines and columns (columns count bytes). end_* is the last position covered,
// inclusive; 0 when unknown (a point location).
struct SourceLocation {
    std::string file;
    uint32_t line = 0;
    uint32_t column = 0;
    uint32_t end_line = 0;
    uint32_t end_column = 0;
};

struct Diagnostic {
    SourceLocation loc;
    std::string code;        // stable kebab-case check slug, e.g. "unknown-field"
    Severity severity = Severity::Error;
    std::string message;
    std::string hint;        // how to fix it; may be empty
    std::string falco_code;  // the matching Falco LOAD_* code, or empty when Falco has none
};

using Diagnostics = std::vector<Diagnostic>;

inline Diagnostic make_diagnostic(std::string code, const SourceLocation& loc, std::string message,
                                  std::string falco_code, Severity severity = Severity::Error) {
    Diagnostic d;
    d.loc = loc;
    d.code = std::move(code);
    d.message = std::move(message);
    d.falco_code = std::move(falco_code);
    d.severity = severity;
    return d;
}

// What makes two findings the same problem (whatever their hints): where, which check, what.
inline auto finding_identity(const Diagnostic& d) {
    return std::tie(d.loc.file, d.loc.line, d.loc.column, d.code, d.message);
}

}  // namespace rulekit
