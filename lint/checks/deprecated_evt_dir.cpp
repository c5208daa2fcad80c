// deprecated-evt-dir (LOAD_DEPRECATED_ITEM)
//
// A condition or output uses `evt.dir` or an `evt.latency*`/`evt.wait_latency` field.
// Why it matters: Enter events are no longer delivered: `evt.dir = <` is always true, `evt.dir
// = >` always false, latencies are unavailable.
//
// Example:
//     condition: evt.type = execve and evt.dir = <
//
// Fix: Remove the `evt.dir` check.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kDeprecatedEvtDir;
const CheckInfo kDeprecatedEvtDir = {
    "deprecated-evt-dir",
    Severity::Warning,
    "LOAD_DEPRECATED_ITEM",
    "A condition or output uses `evt.dir` or an `evt.latency*`/`evt.wait_latency` field.",
    "Remove the `evt.dir` check.",
};

}  // namespace rulekit::lint::checks
