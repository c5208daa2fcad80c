// Unit tests for Falco rules (`rulekit test`), written in YAML (docs/rule-tests.md): each case
// describes one event — its source and field values — and names the rules that must fire for
// it and, optionally, those that must not. A case passes only when every verdict is certain:
// an outcome that depends on a field the event does not give fails, naming that field and the
// macro (or rule, exception, list) it is read in, because a test that passes by not knowing
// proves nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "eval/record.hpp"
#include "ruleset/loader.hpp"

namespace rulekit::eval {

// A test file that cannot be read or is not a valid test file: the message starts with
// "file:line:column: " when there is a place to point at.
struct RuleTestFileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct RuleExpectation {
    std::string rule;
    uint32_t line = 0;  // where the name is written
};

struct RuleTestCase {
    std::string name;
    uint32_t line = 0;  // of the case's first key
    std::string source = "syscall";
    // Event fields as written (key -> value, in the order written): the record is built once
    // the rules' field catalog is known, so that "evt.arg.fd" and "evt.arg[fd]" are one field.
    std::vector<std::pair<std::string, FieldValue>> fields;
    std::vector<RuleExpectation> fires, not_fires;
};

struct RuleTestFile {
    std::string path;  // as given
    // `rules:`, relative to the test file's directory, in load order; empty when not given.
    std::vector<std::filesystem::path> rules;
    // `rule_set:`: which rule set of .rulekit.yaml the cases run against.
    std::optional<std::string> rule_set;
    std::vector<RuleTestCase> cases;
};

// Throws RuleTestFileError.
RuleTestFile parse_rule_test_file(const std::string& path);
RuleTestFile parse_rule_test_text(const std::string& display_name, const std::string& text,
                                  const std::filesystem::path& base_dir);

struct CaseResult {
    std::string name;
    std::string file;
    uint32_t line = 0;
    bool passed = true;
    std::vector<std::string> failures;  // one per failed expectation; may span several lines
};

// Runs one case against a loaded rule set (evaluation only: loading problems are the caller's).
CaseResult run_rule_test_case(const RuleTestCase& test, const std::string& file, const ruleset::RuleSet& rules);

struct ConfiguredRuleSet {
    std::string name;
    std::vector<std::filesystem::path> paths;
};

struct RuleTestOptions {
    std::vector<std::string> test_files;
    // --rules: every test file runs against these, whatever it says.
    std::vector<std::filesystem::path> rules;
    // The rule sets of .rulekit.yaml, used by files that give no `rules:` (and `config_file`
    // to name it in messages).
    std::vector<ConfiguredRuleSet> configured;
    std::string config_file;
    enum class Format : uint8_t { Text, Junit } format = Format::Text;
    ruleset::LoadOptions load;
};

struct RuleTestSummary {
    uint32_t passed = 0, failed = 0;
};

// `rulekit test`: parses every test file, loads the rules each runs against (files that name
// the same rules share one load), then runs the cases and prints the report to `out`. Throws
// RuleTestFileError for a malformed test file, ruleset::LoadInputError for rules that cannot
// be read, and RuleTestLoadError when Falco would reject the rules (after printing the
// problems to `err`).
struct RuleTestLoadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
RuleTestSummary run_rule_tests(const RuleTestOptions& options, std::ostream& out, std::ostream& err);

// The reports, from results grouped by test file (in the order given).
struct FileResults {
    std::string file;
    std::vector<CaseResult> cases;
};
std::string format_rule_tests_text(const std::vector<FileResults>& results);
std::string format_rule_tests_junit(const std::vector<FileResults>& results);

}  // namespace rulekit::eval
