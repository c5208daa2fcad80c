// Writing proven proposals as Falco tuning: per rule an item that appends exceptions
// (`override: exceptions: append`, or legacy `append: true` for a Falco before 0.37) — values
// added to an existing exception whose fields and comps match, otherwise a new exception with
// a stable, readable name — each row under a comment with its evidence. Output is
// deterministic: rules by name, rows by their values.
#pragma once

#include <string>
#include <vector>

#include "gen/propose.hpp"
#include "ruleset/loader.hpp"

namespace rulekit::gen {

struct EmitOptions {
    bool legacy_append = false;  // the target Falco predates `override:`
    // --style hooks: where the rule says `and not <macro>` and no other rule uses that macro,
    // replace the macro (its condition or-ed with each proposal's) instead of adding exceptions.
    bool use_hooks = false;
    std::string header;          // comment lines put first (without '#')
};

// The tuning YAML for the proposals that were not dropped. `existing` is the rule set the rows
// are appended to (the rules, plus the file being merged into): rows it already holds are left
// out, and exceptions it already has with the same fields and comps get the new values.
// Returns an empty string when there is nothing to add.
std::string emit_tuning(const std::vector<Proposal>& proposals, const ruleset::RuleSet& existing, const EmitOptions& options);

// A scalar as YAML flow content that every YAML reader takes as that string.
std::string yaml_scalar(std::string_view value);

}  // namespace rulekit::gen
