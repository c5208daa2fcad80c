// `rulekit lint --fix` / `--diff`: runs the library's fixer (lint/fix/) over the files of each
// load order and either writes the fixed files (atomically) or prints a unified diff of them.
// Kept apart from lint_command.cpp so the command only decides when to call it.
#pragma once

#include <vector>

#include "lint/linter.hpp"

namespace rulekit::cli {

enum class FixMode {
    Write,  // --fix: replace each changed file; the normal lint then reports what remains
    Diff,   // --diff: print the changes as a unified diff on standard output, write nothing
};

// Fixes the files of each load order in turn, each verified by re-linting that load order (a
// file loaded by several rule sets gets the fixes of the first, then those of the later ones on
// top). Prints on standard error how many fixes were applied
// and, for each fixable finding left as it is, why. Returns the exit status: for Diff 0 when
// nothing would change, 1 when something would; for Write 0 once the files are written; 2 when a
// file cannot be read or written (a file that could not be written is left as it was).
int fix_rules_files(const std::vector<std::vector<lint::LintInput>>& load_orders, const lint::LintOptions& options,
                    FixMode mode);

}  // namespace rulekit::cli
