// not-a-rules-file (LOAD_ERR_YAML_VALIDATE)
//
// The document is not a list of Falco items (a scalar, a mapping, a Kubernetes manifest, an
// invented `rules:` schema).
// Why it matters: Falco rejects such a file; invented schemas written by chat assistants look
// plausible but never load.
//
// Example:
//   rules:
//     - name: detect-shell
//       filter:
//         process:
//           cmd: /bin/bash
//
// Fix: Write a top-level list of `- rule:` / `- macro:` / `- list:` items; rulekit prints the
// equivalent `- rule:` item when it can translate the invented keys.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kNotARulesFile;
const CheckInfo kNotARulesFile = {
    "not-a-rules-file",
    Severity::Error,
    "LOAD_ERR_YAML_VALIDATE",
    "The document is not a list of Falco items (a scalar, a mapping, a Kubernetes manifest, an invented `rules:` schema).",
    "Write a top-level list of `- rule:` / `- macro:` / `- list:` items; rulekit prints the equivalent `- rule:` item when it can translate the invented keys.",
};

}  // namespace rulekit::lint::checks
