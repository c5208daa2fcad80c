// The rule-test library (eval/rule_tests): what a test file's YAML means, and how a case is
// judged. The reports themselves are golden files (tests/fixtures/rule-tests/cases.expected.*,
// compared by the CLI cases).
#include <catch2/catch.hpp>

#include "eval/rule_tests.hpp"
#include "support.hpp"

using rulekit::eval::FieldValue;
using rulekit::eval::parse_rule_test_text;
using rulekit::eval::RuleTestFileError;
using rulekit::eval::ValueKind;

namespace {

std::string parse_error(const std::string& text) {
    try {
        parse_rule_test_text("t.yaml", text, ".");
    } catch (const RuleTestFileError& e) {
        return e.what();
    }
    return "(parsed)";
}

const rulekit::ruleset::RuleSet& fixture_rules() {
    static const auto rules = rulekit::ruleset::load_rule_files(
        {rulekit::test::source_dir() / "tests/fixtures/rule-tests/rules.yaml"}, rulekit::ruleset::LoadOptions{});
    return rules;
}

}  // namespace

TEST_CASE("field values: ~ is no value, a quoted ~ is text, a sequence is a list", "[rule-tests]") {
    const auto file = parse_rule_test_text("t.yaml", R"(
tests:
  - name: values
    event:
      fields:
        proc.pname: ~
        proc.name: "~"
        proc.exe:
        fd.types: [file, ipv4]
        fd.sport: 443
    fires: Interactive shell
)",
                                           "dir");
    REQUIRE(file.cases.size() == 1);
    const auto& c = file.cases[0];
    CHECK(c.source == "syscall");
    CHECK(c.line == 3);
    REQUIRE(c.fields.size() == 5);
    CHECK(c.fields[0].second.kind == ValueKind::Null);
    CHECK(c.fields[1].second == FieldValue::string("~"));
    CHECK(c.fields[2].second.kind == ValueKind::Null);
    CHECK(c.fields[3].second == FieldValue::list({FieldValue::string("file"), FieldValue::string("ipv4")}));
    CHECK(c.fields[4].second == FieldValue::string("443"));
    REQUIRE(c.fires.size() == 1);  // one name may be written as a scalar
    CHECK(c.fires[0].rule == "Interactive shell");
    CHECK(c.fires[0].line == 11);
}

TEST_CASE("rules: paths are relative to the test file", "[rule-tests]") {
    const auto file = parse_rule_test_text("t.yaml", "rules: [../rules/a.yaml, b.yaml]\ntests: []\n", "tests/unit");
    REQUIRE(file.rules.size() == 2);
    CHECK(file.rules[0] == std::filesystem::path("tests/rules/a.yaml"));
    CHECK(file.rules[1] == std::filesystem::path("tests/unit/b.yaml"));
}

TEST_CASE("a malformed test file is an error at file:line:column", "[rule-tests]") {
    CHECK(parse_error("tests: {}\n") == "t.yaml:1:8: `tests` must be a list of test cases");
    CHECK(parse_error("rules: [a.yaml]\n") == "t.yaml:1:1: no `tests:` list");
    CHECK(parse_error("- a\n") == "t.yaml:1:1: a test file is a mapping with `tests:` (and optionally `rules:`, `rule_set:`)");
    CHECK(parse_error("tests:\n  - name: x\n    event: {fields: {}}\n    fires: [A]\n    not_fires: [B, A]\n") ==
          "t.yaml:5: test case 'x' lists rule 'A' in both `fires` and `not_fires`");
    CHECK(parse_error("tests:\n  - name: x\n    event: {fields: {}}\n    fires: [A]\n"
                      "  - name: x\n    event: {fields: {}}\n    fires: [A]\n") ==
          "t.yaml:5:5: a second test case named 'x' (names identify cases in reports)");
    CHECK(parse_error("tests:\n  - name: x\n    event: {fields: {a: 1, a: 2}}\n    fires: [A]\n") ==
          "t.yaml:3:28: field 'a' is given twice");
    CHECK(parse_error("tests:\n  - name: x\n    event: {source: syscall}\n    fires: [A]\n") ==
          "t.yaml:3:12: `event` has no `fields`");
    CHECK(parse_error("tests:\n  - name: x\n    event: {fields: {}, sauce: syscall}\n    fires: [A]\n") ==
          "t.yaml:3:25: unknown key 'sauce' (did you mean 'source'?)");
}

TEST_CASE("a case passes only on certain verdicts", "[rule-tests]") {
    const auto file = parse_rule_test_text("t.yaml", R"(
tests:
  - name: certain
    event:
      fields: {evt.type: execve, proc.name: bash, proc.pname: sshd, user.name: root}
    not_fires: [Interactive shell]
  - name: the exception's field is missing
    event:
      fields: {evt.type: execve, proc.name: bash, proc.pname: sshd}
    not_fires: [Interactive shell]
  - name: a false conjunct decides without the other fields
    event:
      fields: {evt.type: open}
    not_fires: [Interactive shell]
)",
                                           ".");
    const auto& rules = fixture_rules();
    const auto certain = rulekit::eval::run_rule_test_case(file.cases[0], "t.yaml", rules);
    CHECK(certain.passed);
    CHECK(certain.failures.empty());

    const auto missing = rulekit::eval::run_rule_test_case(file.cases[1], "t.yaml", rules);
    CHECK_FALSE(missing.passed);
    REQUIRE(missing.failures.size() == 1);
    CHECK_THAT(missing.failures[0], Catch::Contains("\n  user.name (read in exception 'trusted_users')\n"));

    CHECK(rulekit::eval::run_rule_test_case(file.cases[2], "t.yaml", rules).passed);
}
