// Proof: before a proposal is written, eval/ evaluates it over every alert it was made from and
// over every alert that must keep firing — the alerts left firing by synthesis and those of
// --keep — and the proposal must suppress the first and none of the second. One that
// suppresses something it must not is narrowed (pinned on more of its constant fields) and
// proven again, or dropped with the reason.
#pragma once

#include <string>
#include <vector>

#include "gen/propose.hpp"
#include "ruleset/loader.hpp"

namespace rulekit::gen {

struct ProofOptions {
    unsigned jobs = 0;
    std::vector<std::string> keep_inputs;  // alerts that must keep firing (--keep)
};

// Fills each proposal's suppressed/missed/collateral counts, narrows or drops the ones that
// suppress alerts they must not. Proposals are matched to the alerts they were made from through
// their pattern keys. Reads `inputs` again (and the keep inputs); throws eval::AlertInputError.
void prove(std::vector<Proposal>& proposals, const std::vector<std::string>& inputs, const ruleset::RuleSet& rules,
           const ProofOptions& options);

}  // namespace rulekit::gen
