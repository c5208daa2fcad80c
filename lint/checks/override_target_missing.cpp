// override-target-missing (LOAD_ERR_VALIDATE)
//
// An append/override/enable item names a rule, macro or list that is not defined earlier in the
// load order.
// Why it matters: Falco rejects the file; usually a tuning file loaded before the rules it
// tunes, or a typo in the name.
//
// Example:
//   - rule: Terminal shell in containr
//     override:
//       enabled: replace
//     enabled: false
//
// Fix: Fix the name, or load the defining file first (`rulekit lint base.yaml local.yaml`).
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kOverrideTargetMissing;
const CheckInfo kOverrideTargetMissing = {
    "override-target-missing",
    Severity::Error,
    "LOAD_ERR_VALIDATE",
    "An append/override/enable item names a rule, macro or list that is not defined earlier in the load order.",
    "Fix the name, or load the defining file first (`rulekit lint base.yaml local.yaml`).",
};

}  // namespace rulekit::lint::checks
