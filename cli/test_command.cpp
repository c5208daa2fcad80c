// `rulekit test [--rules FILE]... [--format text|junit] TESTFILE...`: runs unit tests for
// rules written in YAML (docs/rule-tests.md) and reports a line per case, like a test runner.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/plugin_options.hpp"
#include "cli/stdout_stream.hpp"
#include "eval/rule_tests.hpp"
#include "lint/config.hpp"

namespace rulekit::cli {

namespace {

struct TestCommandOptions {
    std::vector<std::string> rules, test_files, plugin_lists, field_files;
    std::string format = "text";
    std::string config_file;
    bool no_config = false;
};

int run_test(const TestCommandOptions& opts, bool plugins_given) {
    eval::RuleTestOptions options;
    options.test_files = opts.test_files;
    for (const auto& r : opts.rules) options.rules.emplace_back(r);
    options.format = opts.format == "junit" ? eval::RuleTestOptions::Format::Junit : eval::RuleTestOptions::Format::Text;
    std::optional<std::vector<std::string>> plugins;
    if (plugins_given) plugins = split_plugin_lists(opts.plugin_lists);
    try {
        std::optional<lint::Config> config;
        if (!opts.no_config) {
            if (!opts.config_file.empty()) config = lint::load_config(opts.config_file);
            else if (auto found = lint::find_config(std::filesystem::current_path())) config = lint::load_config(*found);
        }
        if (config) {
            options.config_file = config->file.string();
            for (const auto& set : config->rule_sets) options.configured.push_back({set.name, set.paths});
            options.load.field_files = config->field_files;
            if (!plugins && config->plugins) plugins = config->plugins;
        }
        for (const auto& f : opts.field_files) options.load.field_files.emplace_back(f);
        if (plugins) load_only_plugins(*plugins, options.load);

        StdoutStream out;
        const auto summary = eval::run_rule_tests(options, out, std::cerr);
        return summary.failed > 0 ? kExitFindings : kExitClean;
    } catch (const lint::ConfigError& e) {
        std::cerr << "rulekit test: " << e.what() << "\n";
    } catch (const eval::RuleTestFileError& e) {
        std::cerr << "rulekit test: " << e.what() << "\n";
    } catch (const eval::RuleTestLoadError& e) {
        std::cerr << "rulekit test: " << e.what() << "\n";
    } catch (const ruleset::LoadInputError& e) {
        std::cerr << "rulekit test: " << e.what() << "\n";
    }
    return kExitUsage;
}

}  // namespace

Runner add_test_command(CLI::App& app) {
    auto opts = std::make_shared<TestCommandOptions>();
    auto* cmd = app.add_subcommand("test", "Run unit tests for rules: events in YAML and the rules that must (not) fire");
    cmd->add_option("--rules", opts->rules,
                    "Rules files (or directories) every test file runs against, in load order (repeatable or "
                    "comma-separated); default: the test file's `rules:`, else the rule set of .rulekit.yaml")
        ->allow_extra_args(false)
        ->delimiter(',')
        ->type_name("FILE");
    cmd->add_option("--format", opts->format, "text: a line per case and a summary; junit: JUnit XML")
        ->check(CLI::IsMember({"text", "junit"}))
        ->default_val("text");
    cmd->add_option("--config", opts->config_file,
                    "Read this config file instead of the nearest .rulekit.yaml (searched from the working directory up)")
        ->type_name("FILE");
    cmd->add_flag("--no-config", opts->no_config, "Ignore any .rulekit.yaml");
    auto* plugins = add_catalog_options(cmd, opts->field_files, opts->plugin_lists);
    cmd->add_option("tests", opts->test_files,
                    "Test files (YAML, docs/rule-tests.md), or directories of them (their *.yaml, sorted)")
        ->required()
        ->type_name("TESTFILE");
    cmd->footer(
        "A case fails when a rule it names does not do what it says, and also when the outcome depends on a\n"
        "field the event does not give (the field and the macro reading it are named).\n"
        "Exit status: 0 every case passed, 1 a case failed, 2 usage or I/O error, a malformed test file, or\n"
        "rules that Falco would not load.");
    return [opts, plugins] { return run_test(*opts, plugins->count() > 0); };
}

}  // namespace rulekit::cli
