// `rulekit lint [PATH...]`: lint rules files loaded in the order given (directories expand to
// their *.yaml/*.yml files, sorted), as `falco -V a -V b` would load them — or, without paths,
// the rule sets of .rulekit.yaml or the rules_files of a falco.yaml. The config sets check
// levels, the fail level, field catalogs, plugins and the target Falco.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <iostream>

#include "cli/atomic_write.hpp"
#include "cli/commands.hpp"
#include "cli/plugin_options.hpp"
#include "cli/fix_driver.hpp"
#include "cli/standard_output.hpp"
#include "lint/config.hpp"
#include "lint/falco_config.hpp"
#include "lint/linter.hpp"
#include "lint/report/report.hpp"

namespace rulekit::cli {

namespace {

struct LintCommandOptions {
    std::vector<std::string> paths;
    std::string format = "text";
    std::string output;  // --output FILE; empty: the report goes to standard output
    std::vector<std::string> field_files;
    std::string fail_level = "error";
    bool fail_level_given = false;
    std::string color = "auto";
    bool no_source = false;
    std::vector<std::string> plugin_lists;  // each --plugins value: comma-separated name[@version]
    bool plugins_given = false;
    std::string config_file;
    bool no_config = false;
    std::vector<std::string> rule_sets;
    std::string falco_config;
    std::string target_falco;
    bool fix = false;   // --fix: rewrite the files with the safe fixes, then lint what remains
    bool diff = false;  // --diff: print those fixes as a unified diff, write nothing
};

// One load of files into one emulated Falco: the paths of the command line, a rule set of the
// config, or the rules_files of a falco.yaml.
struct LintRun {
    std::string name;
    std::vector<lint::LintInput> inputs;
};

std::optional<lint::Config> load_config(const LintCommandOptions& opts) {
    if (opts.no_config) return std::nullopt;
    if (!opts.config_file.empty()) return lint::load_config(opts.config_file);
    if (auto found = lint::find_config(std::filesystem::current_path())) return lint::load_config(*found);
    return std::nullopt;
}

std::vector<LintRun> plan_runs(const LintCommandOptions& opts, const std::optional<lint::Config>& config) {
    auto fixed_order = [](const std::vector<std::filesystem::path>& paths) {
        std::vector<lint::LintInput> inputs;
        for (auto& file : lint::expand_rules_paths(paths)) inputs.push_back({std::move(file), false});
        return inputs;
    };
    if (!opts.paths.empty()) {
        if (!opts.falco_config.empty() || !opts.rule_sets.empty()) {
            throw lint::LintInputError("give either paths, or --rule-set / --falco-config, not both");
        }
        return {{"", lint::expand_lint_inputs({opts.paths.begin(), opts.paths.end()})}};
    }
    if (!opts.falco_config.empty()) {
        if (!opts.rule_sets.empty()) throw lint::LintInputError("give either --rule-set or --falco-config, not both");
        return {{opts.falco_config, fixed_order(lint::rules_files_of_falco_config(opts.falco_config))}};
    }
    if (!config || config->rule_sets.empty()) {
        throw lint::LintInputError(
            "nothing to lint: give rules files or directories, --falco-config falco.yaml, or configure `rule-sets:` "
            "in .rulekit.yaml");
    }
    std::vector<LintRun> runs;
    for (const auto& set : config->rule_sets) {
        if (!opts.rule_sets.empty() &&
            std::find(opts.rule_sets.begin(), opts.rule_sets.end(), set.name) == opts.rule_sets.end()) {
            continue;
        }
        runs.push_back({set.name, fixed_order(set.paths)});
    }
    for (const auto& wanted : opts.rule_sets) {
        const bool known = std::any_of(config->rule_sets.begin(), config->rule_sets.end(),
                                       [&](const lint::RuleSet& s) { return s.name == wanted; });
        if (!known) throw lint::LintInputError(fmt::format("no rule set '{}' in {}", wanted, config->file.string()));
    }
    return runs;
}

// Several runs may load the same file: its findings are reported once.
void merge_into(lint::LintResult& total, lint::LintResult&& run) {
    total.falco_accepts = total.falco_accepts && run.falco_accepts;
    total.sources.merge(run.sources);
    for (auto& d : run.diagnostics) {
        const bool seen = std::any_of(total.diagnostics.begin(), total.diagnostics.end(), [&](const Diagnostic& t) {
            return finding_identity(t) == finding_identity(d);
        });
        if (!seen) total.diagnostics.push_back(std::move(d));
    }
}

int run_lint(const LintCommandOptions& opts) {
    std::optional<lint::Config> config;
    try {
        config = load_config(opts);
    } catch (const lint::ConfigError& e) {
        std::cerr << "rulekit lint: " << e.what() << "\n";
        return kExitUsage;
    }
    lint::LintOptions options;
    Severity fail = lint::parse_level(opts.fail_level).value_or(Severity::Error);  // CLI11 checked the name
    if (config) {
        options.check_levels = config->check_levels;
        options.field_files = config->field_files;
        if (config->fail_on && !opts.fail_level_given) fail = *config->fail_on;
        if (config->target_falco) options.target_falco = config->target_falco;
    }
    for (const auto& f : opts.field_files) options.field_files.emplace_back(f);
    if (!opts.target_falco.empty()) {
        if (!lint::parse_falco_version(opts.target_falco)) {
            std::cerr << "rulekit lint: --target-falco: '" << opts.target_falco << "' is not a Falco version (e.g. 0.39.0)\n";
            return kExitUsage;
        }
        options.target_falco = opts.target_falco;
    }
    std::optional<std::vector<std::string>> plugins;
    if (opts.plugins_given) {
        plugins = split_plugin_lists(opts.plugin_lists);
    } else if (config && config->plugins) {
        plugins = config->plugins;
    }
    if (plugins) load_only_plugins(*plugins, options);
    if (opts.fix || opts.diff) {
        std::vector<std::vector<lint::LintInput>> load_orders;
        try {
            for (auto& run : plan_runs(opts, config)) load_orders.push_back(std::move(run.inputs));
        } catch (const lint::LintInputError& e) {
            std::cerr << "rulekit lint: " << e.what() << "\n";
            return kExitUsage;
        }
        const int fixed = fix_rules_files(load_orders, options, opts.diff ? FixMode::Diff : FixMode::Write);
        if (opts.diff || fixed != kExitClean) return fixed;  // --fix goes on to report what remains
    }
    lint::LintResult result;
    std::vector<std::string> linted_files;  // load order, for reports that list every file
    try {
        for (auto& run : plan_runs(opts, config)) {
            for (const auto& input : run.inputs) linted_files.push_back(input.path.string());
            merge_into(result, lint::lint_inputs(run.inputs, options));
        }
    } catch (const lint::LintInputError& e) {
        std::cerr << "rulekit lint: " << e.what() << "\n";
        return kExitUsage;
    }
    lint::sort_diagnostics(result.diagnostics);

    size_t errors = 0, warnings = 0;
    for (const auto& d : result.diagnostics) {
        errors += d.severity == Severity::Error;
        warnings += d.severity == Severity::Warning;
    }
    const std::string summary = fmt::format("{} file(s): {} error(s), {} warning(s); Falco would {} them\n",
                                            result.sources.size(), errors, warnings,
                                            result.falco_accepts ? "load" : "reject");
    const lint::SourceLookup source_of = [&](const std::string& file) -> const std::string* {
        auto it = result.sources.find(file);
        return it == result.sources.end() ? nullptr : &it->second;
    };
    std::string report;
    if (opts.format == "json") {
        report = lint::format_json(result.diagnostics);
    } else if (opts.format == "sarif") {
        lint::SarifContext context;
        context.tool_version = RULEKIT_VERSION;
        context.sources = source_of;
        report = lint::format_sarif(result.diagnostics, context);
    } else if (opts.format == "github") {
        report = lint::format_github(result.diagnostics);
    } else if (opts.format == "junit") {
        // Every linted file is a test case, clean ones too, in load order (skipped files are not).
        std::erase_if(linted_files, [&](const std::string& f) { return !result.sources.count(f); });
        report = lint::format_junit(result.diagnostics, linted_files, fail);
    } else {
        lint::TextStyle style;
        const bool to_terminal = opts.output.empty() && isatty(STDOUT_FILENO) != 0;
        const char* no_color = std::getenv("NO_COLOR");
        style.color = opts.color == "always" || (opts.color == "auto" && to_terminal && !(no_color && *no_color));
        style.show_source = !opts.no_source;
        report = lint::format_text(result.diagnostics, style, source_of) + summary;
    }
    if (opts.output.empty()) {
        print_to_stdout(report);
    } else {
        // The report goes to the file; standard output keeps the one-line summary so a CI log
        // still says what was found.
        try {
            write_file_atomically(opts.output, report);
        } catch (const AtomicWriteError& e) {
            std::cerr << "rulekit lint: " << e.what() << "\n";
            return kExitUsage;
        }
        print_to_stdout(summary);
    }
    for (const auto& d : result.diagnostics) {
        if (d.severity >= fail) return kExitFindings;
    }
    return kExitClean;
}

// An option that takes one value each time it is given and may be given any number of times
// (`--fields a.json --fields b.json`); a following path is never taken as a second value.
CLI::Option* add_repeatable_option(CLI::App* cmd, const std::string& name, std::vector<std::string>& values,
                                   const std::string& description, const std::string& value_name) {
    return cmd->add_option(name, values, description)->allow_extra_args(false)->type_name(value_name);
}

}  // namespace

Runner add_lint_command(CLI::App& app) {
    auto opts = std::make_shared<LintCommandOptions>();
    auto* cmd = app.add_subcommand("lint", "Lint Falco rules files with Falco's verdicts, every problem at once");
    cmd->add_option("paths", opts->paths,
                    "Rules files or directories, in Falco's load order (directories: their *.yaml/*.yml files, "
                    "sorted; YAML that is not a rules file is skipped). Without paths: the rule sets of .rulekit.yaml, "
                    "or --falco-config");
    cmd->add_option("--format", opts->format,
                    "Output format: text, json, sarif (SARIF 2.1.0), github (GitHub Actions annotations), junit "
                    "(JUnit XML, one test case per file)")
        ->check(CLI::IsMember({"text", "json", "sarif", "github", "junit"}))
        ->default_val("text");
    cmd->add_option("--output", opts->output,
                    "Write the report to FILE instead of standard output (replaced atomically; standard output then "
                    "gets only the one-line summary)")
        ->type_name("FILE");
    add_repeatable_option(cmd, "--fields", opts->field_files,
                          "Add fields from `falco --list --format json` output (other plugins or versions); repeatable",
                          "FILE");
    cmd->add_option("--fail-level", opts->fail_level,
                    "Exit 1 when a finding is at or above this level (default: `fail-on` of .rulekit.yaml, else error)")
        ->check(CLI::IsMember({"error", "warning", "info"}))
        ->each([opts](const std::string&) { opts->fail_level_given = true; });
    cmd->add_option("--config", opts->config_file,
                    "Read this config file instead of the nearest .rulekit.yaml (searched from the working directory up)")
        ->type_name("FILE");
    cmd->add_flag("--no-config", opts->no_config, "Ignore any .rulekit.yaml");
    add_repeatable_option(cmd, "--rule-set", opts->rule_sets, "Lint only this rule set of the config (repeatable)",
                          "NAME");
    cmd->add_option("--falco-config", opts->falco_config,
                    "Lint the rules a Falco config loads: its `rules_files`, in Falco's order (relative entries are "
                    "relative to the config file)")
        ->type_name("FALCO_YAML");
    cmd->add_option("--target-falco", opts->target_falco,
                    "The oldest Falco version the rules must load on (e.g. 0.39.0): flags syntax and keys newer than it")
        ->type_name("VERSION");
    cmd->add_option("--color", opts->color, "Colour text output (auto: on a terminal unless NO_COLOR is set)")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->default_val("auto");
    // One value per occurrence, split on commas here: CLI11's own delimiter would count `a,b` as two
    // values, and an empty value (`--plugins ''`, which loads none) as no value at all.
    auto* plugins = add_repeatable_option(
        cmd, "--plugins", opts->plugin_lists,
        "The plugins your Falco loads, comma-separated, each optionally name@version (default: "
        "container,k8smeta,k8saudit,cloudtrail,okta,github,gcpaudit,json; krsi and anomalydetection are known too); "
        "repeatable; an empty value ('') loads none",
        "LIST");
    cmd->add_flag("--no-source", opts->no_source, "Do not print the source line and caret under each finding");
    auto* fix = cmd->add_flag("--fix", opts->fix,
                              "Apply the safe fixes (legacy `append: true` -> `override:`, an unambiguous field typo, "
                              "priority case) to the files in place, then lint and report what remains");
    cmd->add_flag("--diff", opts->diff,
                  "Print the fixes --fix would apply as a unified diff on standard output and write nothing; exit 1 "
                  "when there is something to fix, 0 when not")
        ->excludes(fix);
    cmd->footer(
        "Text output: file:line:col: severity[code]: message, the source line with a caret, and a hint.\n"
        "JSON output: an array of {file, line, column, end_line, end_column, code, severity, message, hint,\n"
        "falco_code}. Exit status: 0 nothing at or above the fail level, 1 findings, 2 usage or I/O error.");
    return [opts, plugins] {
        opts->plugins_given = plugins->count() > 0;
        return run_lint(*opts);
    };
}

}  // namespace rulekit::cli
