// `rulekit lint` as a library call: load rules files in Falco's order into one emulated engine,
// report every problem Falco's loader would (each once, where its text was written) and the
// findings rulekit adds beyond Falco.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grammar/diagnostic.hpp"
#include "grammar/field_catalog.hpp"
#include "ruleset/loader.hpp"

namespace rulekit::lint {

inline grammar::CatalogOptions default_catalog() { return ruleset::default_catalog(); }

struct LintOptions {
    // The plugins the emulated Falco has loaded: the stock set plus json, which k8saudit
    // deployments load for the jevt.* fields the upstream k8s_audit rules use.
    grammar::CatalogOptions catalog = default_catalog();
    // True when the loaded set was given (`--plugins`): a requirement on a plugin outside it is
    // then Falco's fatal "Plugin requirement not satisfied", not just a plugin rulekit lacks.
    bool plugins_explicit = false;
    // Versions of loaded plugins (`--plugins name@x.y.z`), overriding those rulekit ships.
    std::map<std::string, std::string> plugin_versions;
    // `falco --list --format json` outputs whose fields are added to the catalog.
    std::vector<std::filesystem::path> field_files;
    // The engine version `required_engine_version` is checked against (Falco master: 0.63.0).
    std::string engine_version = "0.63.0";
    // Fill LintResult::compiled_conditions (printing every expanded condition costs time).
    bool keep_compiled_conditions = false;
    // Levels set by configuration: slug -> new severity, or nullopt to turn the check off.
    std::map<std::string, std::optional<Severity>, std::less<>> check_levels;
    // The oldest Falco the rules must load on ("0.39.0"): syntax and keys newer than it are
    // reported (newer-than-target), and required_engine_version is checked against its engine.
    std::optional<std::string> target_falco;
};

struct LintResult {
    Diagnostics diagnostics;                   // sorted by file, line, column, code
    std::map<std::string, std::string> sources;  // file path -> bytes, for source snippets
    // Whether Falco would load this set of files successfully (no finding carries a Falco
    // error code and nothing makes Falco abort).
    bool falco_accepts = true;
    // Rule name -> its final condition (macros, lists and exceptions resolved) printed the way
    // `falco -L` prints condition_compiled; for rules that compiled, when keep_compiled_conditions.
    std::map<std::string, std::string> compiled_conditions;
};

// Whether Falco fails on this finding: an error Falco reports with a load code, or one of the
// inputs that make Falco abort or refuse to start (falco-aborts, an unsatisfiable plugin-version).
bool falco_fails_on(const Diagnostic& d);

// A usage or I/O problem (missing file, unreadable field catalog): exit status 2. The loader's
// own error, so that what it throws reaches lint's callers as it is.
using LintInputError = ruleset::LoadInputError;

// Expands directories into their *.yaml/*.yml regular files, sorted, as Falco does.
std::vector<std::filesystem::path> expand_rules_paths(const std::vector<std::filesystem::path>& inputs);

LintResult lint_files(const std::vector<std::filesystem::path>& files, const LintOptions& options);

// A file to lint, and whether it was found in a directory named on the command line: such a
// file is skipped (info `skipped-file`) when it is not a Falco rules file, e.g. a CI config.
struct LintInput {
    std::filesystem::path path;
    bool from_directory = false;
};
std::vector<LintInput> expand_lint_inputs(const std::vector<std::filesystem::path>& paths);
LintResult lint_inputs(const std::vector<LintInput>& inputs, const LintOptions& options);

// The same over in-memory files (path, bytes), in load order: for editors and the fuzzer.
struct SourceFile {
    std::string path;
    std::string bytes;
};
LintResult lint_sources(const std::vector<SourceFile>& files, const LintOptions& options);

}  // namespace rulekit::lint
