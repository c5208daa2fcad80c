// engine-version (LOAD_ERR_VALIDATE)
//
// `required_engine_version` cannot be parsed, or needs a newer engine than the one targeted.
// Why it matters: Falco rejects the file.
//
// Example:
//   - required_engine_version: 0.99.0
//
// Fix: Use an `x.y.z` version no newer than your Falco's engine.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kEngineVersion;
const CheckInfo kEngineVersion = {
    "engine-version",
    Severity::Error,
    "LOAD_ERR_VALIDATE",
    "`required_engine_version` cannot be parsed, or needs a newer engine than the one targeted.",
    "Use an `x.y.z` version no newer than your Falco's engine.",
};

}  // namespace rulekit::lint::checks
