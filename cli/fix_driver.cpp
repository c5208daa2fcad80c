// `rulekit lint --fix` / `--diff` (see fix_driver.hpp): reads the files the linter would read,
// lets lint::fix choose and verify the fixes, then writes or diffs the result.
#include "cli/fix_driver.hpp"

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <set>
#include <tuple>

#include "cli/atomic_write.hpp"
#include "cli/commands.hpp"
#include "cli/standard_output.hpp"
#include "lint/fix/fixes.hpp"
#include "lint/fix/unified_diff.hpp"

namespace rulekit::cli {

int fix_rules_files(const std::vector<std::vector<lint::LintInput>>& load_orders, const lint::LintOptions& options,
                    FixMode mode) {
    const char* const who = mode == FixMode::Diff ? "rulekit lint --diff" : "rulekit lint --fix";
    std::map<std::string, std::string> original, fixed;  // path -> bytes read / bytes after the fixes
    std::vector<std::string> paths;                      // in the order first loaded
    size_t applied = 0;
    std::vector<lint::fix::Unfixed> unfixed;
    std::set<std::tuple<std::string, uint32_t, uint32_t, std::string>> reported;
    try {
        for (const auto& inputs : load_orders) {
            // Lint from disk first to learn which files the linter reads: YAML found in a
            // directory that is not a rules file is skipped, and so never edited.
            const lint::LintResult as_read = lint::lint_inputs(inputs, options);
            std::vector<lint::SourceFile> files;
            for (const auto& input : inputs) {
                const std::string path = input.path.string();
                const auto read = as_read.sources.find(path);
                if (read == as_read.sources.end()) continue;
                if (original.emplace(path, read->second).second) paths.push_back(path);
                // A file an earlier load order already fixed is loaded with those fixes.
                const auto earlier = fixed.find(path);
                files.push_back({path, earlier != fixed.end() ? earlier->second : read->second});
            }
            lint::fix::FixOutcome outcome = lint::fix::fix_sources(files, options);
            applied += outcome.applied.size();
            for (auto& f : outcome.files) fixed[f.path] = std::move(f.bytes);
            for (auto& u : outcome.unfixed) {
                // Report positions in the file as it will be: on disk after --fix, as read for --diff.
                if (mode == FixMode::Write) u.finding.loc = lint::fix::location_after_fixes(outcome, u.finding.loc);
                const auto& d = u.finding;
                if (reported.emplace(d.loc.file, d.loc.line, d.loc.column, d.code).second) unfixed.push_back(std::move(u));
            }
        }
    } catch (const lint::LintInputError& e) {
        std::cerr << who << ": " << e.what() << "\n";
        return kExitUsage;
    }

    std::vector<std::string> changed;
    for (const auto& path : paths)
        if (fixed[path] != original[path]) changed.push_back(path);
    for (const auto& u : unfixed) {
        const auto& d = u.finding;
        std::cerr << fmt::format("{}:{}:{}: not fixed [{}]: {}\n", d.loc.file, d.loc.line, d.loc.column, d.code, u.reason);
    }
    std::cerr << fmt::format("{}: {} fix(es) {} {} file(s); {} fixable finding(s) left as they are\n", who, applied,
                             mode == FixMode::Diff ? "would change" : "applied to", changed.size(), unfixed.size());

    if (mode == FixMode::Diff) {
        for (const auto& path : changed) print_to_stdout(lint::fix::unified_diff(path, original[path], fixed[path]));
        return changed.empty() ? kExitClean : kExitFindings;
    }
    for (const auto& path : changed) {
        try {
            write_file_atomically(path, fixed[path]);
        } catch (const AtomicWriteError& e) {
            std::cerr << who << ": " << e.what() << "\n";
            return kExitUsage;
        }
    }
    return kExitClean;
}

}  // namespace rulekit::cli
