// Inline suppressions written as YAML comments in rules files:
//   `# rulekit: ignore=<slug>[,<slug>]` at the end of a line       -> findings on that line
//   the same comment alone on a line                                 -> the next line and the lines
//                                                                      indented below it: the whole item
//                                                                      after `- rule:`, a multi-line value
//   `# rulekit: ignore-file=<slug>[,<slug>]` anywhere                 -> the whole file
// A suppression that suppresses nothing, or names no check, is itself a finding (`unused-ignore`),
// so stale comments do not pile up.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "grammar/diagnostic.hpp"

namespace rulekit::lint {

// Removes the suppressed findings and adds `unused-ignore` ones. `sources` maps each linted
// file to its bytes; findings in files without source text are left alone. Suppressions of
// `checks_not_run` (skipped this time, e.g. unused-macro after a failed compile) are never unused.
void apply_inline_suppressions(Diagnostics& diagnostics, const std::map<std::string, std::string>& sources,
                               const std::set<std::string>& checks_not_run = {});

// Configured levels (`checks:` in .rulekit.yaml): slug -> new severity, or nullopt for off.
void apply_check_levels(Diagnostics& diagnostics,
                        const std::map<std::string, std::optional<Severity>, std::less<>>& levels);

}  // namespace rulekit::lint
