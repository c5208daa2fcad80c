// The rules files a Falco configuration loads, in Falco's order: `rules_files` (or the legacy
// `rules_file`) of falco.yaml, each a file or a directory (expanded to its *.yaml/*.yml files,
// sorted, by the linter — as Falco does).
#pragma once

#include <filesystem>
#include <vector>

namespace rulekit::lint {

// Relative entries are taken relative to the directory of falco.yaml (Falco itself resolves
// them against its working directory, which for a repo checkout is usually the same place).
// Throws LintInputError (linter.hpp) when the file cannot be read or has no rules_files.
std::vector<std::filesystem::path> rules_files_of_falco_config(const std::filesystem::path& falco_yaml);

}  // namespace rulekit::lint
