// SARIF 2.1.0 report, the format code-scanning services (GitHub code scanning, Azure DevOps,
// IDE viewers) ingest: one run whose driver lists every check as a rule (with its docs page)
// and one result per diagnostic, located by a relative URI under %SRCROOT% and a region.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "lint/check_registry.hpp"
#include "lint/report/report.hpp"

namespace rulekit::lint {

std::string check_docs_url(std::string_view slug) {
    return std::string(kProjectUrl) + "/blob/main/docs/checks/" + std::string(slug) + ".md";
}

namespace {

using Json = nlohmann::ordered_json;  // keeps keys in the order written: stable, readable output

constexpr const char* kSarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

const char* sarif_level(Severity s) {
    switch (s) {
        case Severity::Error: return "error";
        case Severity::Warning: return "warning";
        case Severity::Info: return "note";
    }
    return "error";
}

// "unknown-field" -> "UnknownField": SARIF wants rule names as identifiers, the id stays the slug.
std::string rule_name(std::string_view slug) {
    std::string name;
    bool upper = true;
    for (char c : slug) {
        if (c == '-' || c == '_') {
            upper = true;
            continue;
        }
        name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
    }
    return name;
}

// Percent-encodes everything but RFC 3986 unreserved characters and '/', so spaces, '%', '#',
// '?' and a ':' that would read as a scheme survive as part of the path.
std::string percent_encode_path(std::string_view path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

Json artifact_location(const std::string& file) {
    Json location;
    if (!file.empty() && file.front() == '/') {
        location["uri"] = "file://" + percent_encode_path(file);
        return location;
    }
    std::string_view relative = file;
    while (relative.substr(0, 2) == "./") relative.remove_prefix(2);
    location["uri"] = percent_encode_path(relative);
    location["uriBaseId"] = "%SRCROOT%";
    return location;
}

// Converts a 1-based byte column to the 1-based UTF-16 code unit column (SARIF's default
// columnKind): a 4-byte UTF-8 sequence is two code units, any other sequence one. Columns past
// the end of the line (an exclusive end column) keep their distance from it.
uint32_t utf16_column(const std::string* source, uint32_t line, uint32_t byte_column) {
    if (!source || line == 0 || byte_column == 0) return byte_column;
    const std::string_view text = source_line(*source, line);
    const size_t prefix = std::min<size_t>(byte_column - 1, text.size());
    uint32_t units = 0;
    for (size_t i = 0; i < prefix; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) != 0x80) ++units;  // continuation bytes belong to the preceding unit
        if (c >= 0xF0) ++units;           // outside the BMP: a surrogate pair
    }
    return units + static_cast<uint32_t>(byte_column - 1 - prefix) + 1;
}

// The region of a diagnostic, or null for a file-level one (line 0). SARIF's endColumn is
// exclusive, ours inclusive; unknown parts (0) are left out rather than invented.
Json region_of(const Diagnostic& d, const std::string* source) {
    const SourceLocation& loc = d.loc;
    if (loc.line == 0) return nullptr;
    Json region;
    region["startLine"] = loc.line;
    if (loc.column > 0) region["startColumn"] = utf16_column(source, loc.line, loc.column);
    const bool end_known = loc.end_line > 0 && (loc.end_line > loc.line ||
                                                (loc.end_line == loc.line && loc.end_column >= loc.column));
    if (end_known) {
        region["endLine"] = loc.end_line;
        if (loc.column > 0 && loc.end_column > 0) {
            region["endColumn"] = utf16_column(source, loc.end_line, loc.end_column + 1);
        }
    }
    return region;
}

Json rule_of(const CheckInfo& check) {
    Json rule;
    rule["id"] = check.slug;
    rule["name"] = rule_name(check.slug);
    rule["shortDescription"]["text"] = check.summary;
    rule["fullDescription"]["text"] = std::string(check.summary) + " " + std::string(check.fix);
    const std::string docs = check_docs_url(check.slug);
    rule["help"]["text"] = std::string(check.summary) + "\n" + std::string(check.fix) + "\n" + docs;
    rule["help"]["markdown"] =
        std::string(check.summary) + "\n\n" + std::string(check.fix) + "\n\n[Documentation](" + docs + ")";
    rule["helpUri"] = docs;
    rule["defaultConfiguration"]["level"] = sarif_level(check.default_severity);
    if (!check.falco_code.empty()) rule["properties"]["falco_code"] = check.falco_code;
    return rule;
}

}  // namespace

std::string format_sarif(const Diagnostics& diagnostics, const SarifContext& context) {
    const auto& checks = all_checks();

    Json driver;
    driver["name"] = "rulekit";
    if (!context.tool_version.empty()) driver["version"] = context.tool_version;
    driver["informationUri"] = kProjectUrl;
    driver["rules"] = Json::array();
    for (const CheckInfo* check : checks) driver["rules"].push_back(rule_of(*check));

    Json results = Json::array();
    for (const auto& d : diagnostics) {
        Json result;
        result["ruleId"] = d.code;
        // A code outside the registry (none today) keeps its ruleId but has no ruleIndex.
        const auto it = std::find_if(checks.begin(), checks.end(), [&](const CheckInfo* c) { return c->slug == d.code; });
        if (it != checks.end()) result["ruleIndex"] = it - checks.begin();
        result["level"] = sarif_level(d.severity);
        result["message"]["text"] = message_with_hint(d);
        if (!d.loc.file.empty()) {
            Json physical;
            physical["artifactLocation"] = artifact_location(d.loc.file);
            const std::string* source = context.sources ? context.sources(d.loc.file) : nullptr;
            Json region = region_of(d, source);
            if (!region.is_null()) physical["region"] = std::move(region);
            Json location;
            location["physicalLocation"] = std::move(physical);
            result["locations"] = Json::array();
            result["locations"].push_back(std::move(location));
        }
        if (!d.falco_code.empty()) result["properties"]["falco_code"] = d.falco_code;
        results.push_back(std::move(result));
    }

    Json run;
    run["tool"]["driver"] = std::move(driver);
    run["columnKind"] = "utf16CodeUnits";
    run["results"] = std::move(results);

    Json log;
    log["$schema"] = kSarifSchema;
    log["version"] = "2.1.0";
    log["runs"] = Json::array();
    log["runs"].push_back(std::move(run));
    return log.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace rulekit::lint
