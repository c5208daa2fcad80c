// falco-aborts
//
// An input that makes Falco itself abort or crash instead of reporting an error (a one-argument
// transformer given two, `evt.type` compared with a field, `exceptions: replace` with a field
// list and no `comps`).
// Why it matters: Falco exits during validation or start-up without a per-file result.
//
// Example:
//     condition: tolower(proc.name, proc.pname) = x
//
// Fix: Fix the construct the message names.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kFalcoAborts;
const CheckInfo kFalcoAborts = {
    "falco-aborts",
    Severity::Error,
    "",
    "An input that makes Falco itself abort or crash instead of reporting an error (a one-argument transformer given two, `evt.type` compared with a field, `exceptions: replace` with a field list and no `comps`).",
    "Fix the construct the message names.",
};

}  // namespace rulekit::lint::checks
