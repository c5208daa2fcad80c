// unknown-source (LOAD_UNKNOWN_SOURCE)
//
// A rule's `source` is not one rulekit (or Falco with its loaded plugins) knows.
// Why it matters: Falco skips the rule silently apart from this warning, so nothing in it is
// checked.
//
// Example:
//     source: k8s_audti
//
// Fix: Fix the source name, or add the plugin's fields with `--fields`.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kUnknownSource;
const CheckInfo kUnknownSource = {
    "unknown-source",
    Severity::Warning,
    "LOAD_UNKNOWN_SOURCE",
    "A rule's `source` is not one rulekit (or Falco with its loaded plugins) knows.",
    "Fix the source name, or add the plugin's fields with `--fields`.",
};

}  // namespace rulekit::lint::checks
