// no-evttype (LOAD_NO_EVTTYPE)
//
// A syscall rule whose condition does not restrict `evt.type` to a small set.
// Why it matters: Such a rule is evaluated for every event: a significant performance penalty.
//
// Example:
//     condition: proc.name = bash
//
// Fix: Add an `evt.type` restriction, or `warn_evttypes: false` when intended.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kNoEvttype;
const CheckInfo kNoEvttype = {
    "no-evttype",
    Severity::Warning,
    "LOAD_NO_EVTTYPE",
    "A syscall rule whose condition does not restrict `evt.type` to a small set.",
    "Add an `evt.type` restriction, or `warn_evttypes: false` when intended.",
};

}  // namespace rulekit::lint::checks
