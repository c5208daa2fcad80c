#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/standard_output.hpp"

namespace {

int run_subcommand(int argc, char** argv) {
    CLI::App app{"rulekit: lint Falco rules and generate tuning from Falco alerts"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "rulekit " RULEKIT_VERSION);
    app.footer(
        "`rulekit SUBCOMMAND --help` describes each subcommand; `rulekit checks` lists the checks and\n"
        "`rulekit explain SLUG` prints one check's page. Manual: man rulekit.\n"
        "Exit status: 0 clean, 1 findings (or conditions that do not parse), 2 usage or I/O error.");

    std::vector<std::pair<CLI::App*, rulekit::cli::Runner>> commands;
    auto add = [&](rulekit::cli::Runner (*factory)(CLI::App&)) {
        auto runner = factory(app);
        commands.emplace_back(app.get_subcommands({}).back(), std::move(runner));
    };
    add(rulekit::cli::add_parse_command);
    add(rulekit::cli::add_lint_command);
    add(rulekit::cli::add_checks_command);
    add(rulekit::cli::add_explain_command);
    add(rulekit::cli::add_eval_command);
    add(rulekit::cli::add_gen_command);
    add(rulekit::cli::add_test_command);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : rulekit::cli::kExitUsage;
    }
    for (auto& [sub, run] : commands) {
        if (sub->parsed()) {
            try {
                return run();
            } catch (const std::exception& e) {
                std::cerr << "rulekit: " << e.what() << "\n";
                return rulekit::cli::kExitUsage;
            }
        }
    }
    return rulekit::cli::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
    const int exit_code = run_subcommand(argc, argv);
    // Checked for every subcommand and for --help: whatever went to standard output was the
    // point of the run.
    if (auto error = rulekit::cli::standard_output_error()) {
        std::cerr << "rulekit: cannot write standard output: " << *error << "\n";
        return rulekit::cli::kExitUsage;
    }
    return exit_code;
}
