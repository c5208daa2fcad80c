// `rulekit checks [--format text|json]`: every check rulekit has, from the one registry table,
// so users (and config files, which name checks by slug) can discover them without the docs.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/standard_output.hpp"
#include "lint/check_registry.hpp"

namespace rulekit::cli {

namespace {

struct ChecksCommandOptions {
    std::string format = "text";
};

// Checks with no Falco counterpart show a dash, so every row has four columns.
std::string_view falco_code_cell(const lint::CheckInfo& check) {
    return check.falco_code.empty() ? std::string_view("-") : check.falco_code;
}

std::string format_checks_table(const std::vector<const lint::CheckInfo*>& checks) {
    const std::string_view headers[] = {"CHECK", "LEVEL", "FALCO CODE", "SUMMARY"};
    size_t slug_width = headers[0].size(), level_width = headers[1].size(), code_width = headers[2].size();
    for (const auto* check : checks) {
        slug_width = std::max(slug_width, check->slug.size());
        level_width = std::max(level_width, std::string_view(severity_name(check->default_severity)).size());
        code_width = std::max(code_width, falco_code_cell(*check).size());
    }
    auto row = [&](std::string_view slug, std::string_view level, std::string_view code, std::string_view summary) {
        return fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", slug, slug_width, level, level_width, code, code_width,
                           summary);
    };
    std::string out = row(headers[0], headers[1], headers[2], headers[3]);
    for (const auto* check : checks) {
        out += row(check->slug, severity_name(check->default_severity), falco_code_cell(*check), check->summary);
    }
    return out;
}

std::string format_checks_json(const std::vector<const lint::CheckInfo*>& checks) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const auto* check : checks) {
        nlohmann::ordered_json j;
        j["slug"] = check->slug;
        j["default_level"] = severity_name(check->default_severity);
        j["falco_code"] =
            check->falco_code.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(check->falco_code);
        j["summary"] = check->summary;
        j["fix"] = check->fix;
        array.push_back(std::move(j));
    }
    return array.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

int run_checks(const ChecksCommandOptions& opts) {
    const auto& checks = lint::all_checks();
    print_to_stdout(opts.format == "json" ? format_checks_json(checks) : format_checks_table(checks));
    return kExitClean;
}

}  // namespace

Runner add_checks_command(CLI::App& app) {
    auto opts = std::make_shared<ChecksCommandOptions>();
    auto* cmd = app.add_subcommand("checks", "List every check: slug, default level, Falco load code, summary");
    cmd->add_option("--format", opts->format,
                    "text: an aligned table; json: an array of {slug, default_level, falco_code, summary, fix}")
        ->check(CLI::IsMember({"text", "json"}))
        ->default_val("text");
    cmd->footer(
        "Slugs are stable: findings carry them as their code, and configs refer to checks by them.\n"
        "FALCO CODE is the Falco LOAD_* code of the same problem, '-' (JSON null) for checks beyond Falco.\n"
        "`rulekit explain SLUG` prints a check's full page.\n"
        "Exit status: 0 listed, 2 usage or I/O error (output that cannot be written).");
    return [opts] { return run_checks(*opts); };
}

}  // namespace rulekit::cli
