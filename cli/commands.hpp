// Subcommands of the rulekit executable: each registers its options and returns the exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace rulekit::cli {

// Exit codes shared by every subcommand (docs/cli.md).
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

using Runner = std::function<int()>;

Runner add_parse_command(CLI::App& app);
Runner add_lint_command(CLI::App& app);
Runner add_checks_command(CLI::App& app);
Runner add_explain_command(CLI::App& app);
Runner add_eval_command(CLI::App& app);
Runner add_gen_command(CLI::App& app);
Runner add_test_command(CLI::App& app);

}  // namespace rulekit::cli
