// yaml-syntax (LOAD_ERR_YAML_PARSE)
//
// The file is not valid YAML.
// Why it matters: Falco cannot read any rule from a file yaml-cpp rejects; the whole file is
// lost.
//
// Example:
//   - rule: r
//     desc: x: y: z
//
// Fix: Fix the YAML at the reported line (often an unquoted `: ` or a tab in indentation).
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kYamlSyntax;
const CheckInfo kYamlSyntax = {
    "yaml-syntax",
    Severity::Error,
    "LOAD_ERR_YAML_PARSE",
    "The file is not valid YAML.",
    "Fix the YAML at the reported line (often an unquoted `: ` or a tab in indentation).",
};

}  // namespace rulekit::lint::checks
