// JSON report: the contract other tools rely on (docs/cli.md).
#include <nlohmann/json.hpp>

#include "lint/report/report.hpp"

namespace rulekit::lint {

std::string format_json(const Diagnostics& diagnostics) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const auto& d : diagnostics) {
        nlohmann::ordered_json j;
        j["file"] = d.loc.file;
        j["line"] = d.loc.line;
        j["column"] = d.loc.column;
        j["end_line"] = d.loc.end_line ? d.loc.end_line : d.loc.line;
        j["end_column"] = d.loc.end_column ? d.loc.end_column : d.loc.column;
        j["code"] = d.code;
        j["severity"] = severity_name(d.severity);
        j["message"] = d.message;
        j["hint"] = d.hint;
        j["falco_code"] = d.falco_code.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.falco_code);
        array.push_back(std::move(j));
    }
    return array.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace rulekit::lint
