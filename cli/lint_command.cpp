// `rulekit lint PATH...`: lint rules files loaded in the order given (directories expand to
// their *.yaml/*.yml files, sorted), as `falco -V a -V b` would load them.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/commands.hpp"
#include "lint/linter.hpp"
#include "lint/report/report.hpp"

namespace rulekit::cli {

namespace {

struct LintCommandOptions {
    std::vector<std::string> paths;
    std::string format = "text";
    std::vector<std::string> field_files;
    std::string fail_level = "error";
    std::string color = "auto";
    bool no_source = false;
    std::vector<std::string> plugins;
    bool plugins_given = false;
};

Severity parse_level(const std::string& s) {
    if (s == "info") return Severity::Info;
    if (s == "warning") return Severity::Warning;
    return Severity::Error;
}

int run_lint(const LintCommandOptions& opts) {
    std::vector<std::filesystem::path> inputs(opts.paths.begin(), opts.paths.end());
    lint::LintOptions options;
    for (const auto& f : opts.field_files) options.field_files.emplace_back(f);
    if (opts.plugins_given) {
        options.catalog.plugins.clear();
        options.plugins_explicit = true;
        for (const auto& p : opts.plugins) {
            if (p.empty()) continue;
            const auto at = p.find('@');
            const std::string name = p.substr(0, at);
            options.catalog.plugins.insert(name);
            if (at != std::string::npos) options.plugin_versions[name] = p.substr(at + 1);
        }
    }
    lint::LintResult result;
    try {
        result = lint::lint_files(lint::expand_rules_paths(inputs), options);
    } catch (const lint::LintInputError& e) {
        std::cerr << "rulekit lint: " << e.what() << "\n";
        return kExitUsage;
    }

    if (opts.format == "json") {
        std::cout << lint::format_json(result.diagnostics);
    } else {
        lint::TextStyle style;
        const bool tty = isatty(STDOUT_FILENO) != 0;
        const char* no_color = std::getenv("NO_COLOR");
        style.color = opts.color == "always" || (opts.color == "auto" && tty && !(no_color && *no_color));
        style.show_source = !opts.no_source;
        std::cout << lint::format_text(result.diagnostics, style, [&](const std::string& file) -> const std::string* {
            auto it = result.sources.find(file);
            return it == result.sources.end() ? nullptr : &it->second;
        });
        size_t errors = 0, warnings = 0;
        for (const auto& d : result.diagnostics) {
            errors += d.severity == Severity::Error;
            warnings += d.severity == Severity::Warning;
        }
        std::cout << fmt::format("{} file(s): {} error(s), {} warning(s); Falco would {} them\n", result.sources.size(),
                                 errors, warnings, result.falco_accepts ? "load" : "reject");
    }
    const Severity fail = parse_level(opts.fail_level);
    for (const auto& d : result.diagnostics) {
        if (d.severity >= fail) return kExitFindings;
    }
    return kExitClean;
}

}  // namespace

Runner add_lint_command(CLI::App& app) {
    auto opts = std::make_shared<LintCommandOptions>();
    auto* cmd = app.add_subcommand("lint", "Lint Falco rules files with Falco's verdicts, every problem at once");
    cmd->add_option("paths", opts->paths, "Rules files or directories, in Falco's load order")->required();
    cmd->add_option("--format", opts->format, "Output format")->check(CLI::IsMember({"text", "json"}))->default_val("text");
    cmd->add_option("--fields", opts->field_files,
                    "Add fields from `falco --list --format json` output (other plugins or versions); repeatable");
    cmd->add_option("--fail-level", opts->fail_level, "Exit 1 when a finding is at or above this level")
        ->check(CLI::IsMember({"error", "warning", "info"}))
        ->default_val("error");
    cmd->add_option("--color", opts->color, "Colour text output (auto: on a terminal unless NO_COLOR is set)")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->default_val("auto");
    cmd->add_option("--plugins", opts->plugins,
                    "The plugins your Falco loads, comma-separated, each optionally name@version (default: "
                    "container,k8smeta,k8saudit,cloudtrail,okta,github,gcpaudit,json; krsi and anomalydetection are "
                    "known too); an empty value loads none")
        ->delimiter(',')
        ->each([opts](const std::string&) { opts->plugins_given = true; })
        ->expected(0, -1)
        ->trigger_on_parse();
    cmd->add_flag("--no-source", opts->no_source, "Do not print the source line and caret under each finding");
    cmd->footer(
        "Text output: file:line:col: severity[code]: message, the source line with a caret, and a hint.\n"
        "JSON output: an array of {file, line, column, end_line, end_column, code, severity, message, hint,\n"
        "falco_code}. Exit status: 0 nothing at or above the fail level, 1 findings, 2 usage or I/O error.");
    return [opts] { return run_lint(*opts); };
}

}  // namespace rulekit::cli
