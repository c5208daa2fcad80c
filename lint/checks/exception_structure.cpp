// exception-structure (LOAD_ERR_VALIDATE)
//
// An `exceptions:` entry Falco rejects: missing name or fields, fields/comps/values of
// different lengths, an unsupported comparison operator, a field that does not exist.
// Why it matters: Falco rejects the file (or, for `exceptions: replace` without `comps`,
// crashes).
//
// Example:
//     exceptions:
//       - name: e
//         fields: [proc.name, fd.name]
//         values: [[bash]]
//
// Fix: Give every value row one entry per field, and spell out `comps`.
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kExceptionStructure;
const CheckInfo kExceptionStructure = {
    "exception-structure",
    Severity::Error,
    "LOAD_ERR_VALIDATE",
    "An `exceptions:` entry Falco rejects: missing name or fields, fields/comps/values of different lengths, an unsupported comparison operator, a field that does not exist.",
    "Give every value row one entry per field, and spell out `comps`.",
};

}  // namespace rulekit::lint::checks
