// plugin-version (LOAD_ERR_VALIDATE)
//
// A `required_plugin_versions` block Falco rejects (shape, version format, duplicate
// alternatives).
// Why it matters: Falco rejects the file, or refuses to start when the requirement is not met.
//
// Example:
//   - required_plugin_versions:
//     - name: k8saudit
//       version: 0.4
//
// Fix: Give each plugin a `name` and an `x.y.z` `version`.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kPluginVersion;
const CheckInfo kPluginVersion = {
    "plugin-version",
    Severity::Error,
    "LOAD_ERR_VALIDATE",
    "A `required_plugin_versions` block Falco rejects (shape, version format, duplicate alternatives).",
    "Give each plugin a `name` and an `x.y.z` `version`.",
};

}  // namespace rulekit::lint::checks
