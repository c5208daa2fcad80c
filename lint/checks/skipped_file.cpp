// skipped-file
//
// A YAML file found inside a directory given on the command line that is not a Falco rules
// file (its top level is not a list of rule/macro/list items): it is skipped, not linted.
// Why it matters: rules repos hold other YAML too (CI configs, Helm values, falco.yaml); linting
// those as rules would drown the real findings. A file named explicitly is always linted.
//
// Example:
//   rulekit lint rules/   # rules/values.yaml (a Helm values file) -> info: skipped
//
// Fix: Nothing to fix; name the file explicitly to lint it anyway.
// (The logic is in lint/src/linter.cpp, where directory inputs are read.)
#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kSkippedFile;
const CheckInfo kSkippedFile = {
    "skipped-file",
    Severity::Info,
    "",
    "A YAML file in a linted directory that is not a Falco rules file, skipped.",
    "Nothing to fix; name the file explicitly to lint it as a rules file anyway.",
};

}  // namespace rulekit::lint::checks
