// `rulekit lint --fix` as a library (lint/fix/): every tests/fixtures/fix/<case>/ holds a
// before.yaml, fixed in memory as "rules.yaml" and compared byte for byte with after.yaml (equal
// to before.yaml when nothing may be fixed), plus optionally after.diff (the expected --diff
// output) and unfixed.txt (one line per expected reason a finding was left, as a substring);
// exit-status (1 when an error is left after the fixes) is read by tests/cli/lint_fix_test.sh.
// Adding a case is adding files; expected files are written by hand, never regenerated.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "lint/fix/fixes.hpp"
#include "lint/fix/unified_diff.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace rulekit;
using lint::fix::fix_sources;
using lint::fix::unified_diff;

namespace {

lint::fix::FixOutcome fix_one(const std::string& bytes) { return fix_sources({{"rules.yaml", bytes}}, {}); }

std::string reasons(const lint::fix::FixOutcome& outcome) {
    std::string out;
    for (const auto& u : outcome.unfixed)
        out += "\n  " + u.finding.code + " at " + std::to_string(u.finding.loc.line) + ": " + u.reason;
    return out;
}

}  // namespace

TEST_CASE("fixtures/fix: before.yaml fixed in memory is after.yaml", "[lint][fix]") {
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(rulekit::test::source_dir() / "tests/fixtures/fix"))
        if (entry.is_directory()) cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    for (const auto& dir : cases) {
        INFO("case " << dir.filename().string());
        const std::string before = rulekit::test::read_file(dir / "before.yaml");
        const std::string expected = rulekit::test::read_file(dir / "after.yaml");
        REQUIRE_FALSE(before.empty());
        const auto outcome = fix_one(before);
        INFO("not fixed:" << reasons(outcome));
        REQUIRE(outcome.files.size() == 1);
        CHECK(outcome.files[0].bytes == expected);
        CHECK(outcome.changed_files() == (before == expected ? 0u : 1u));
        CHECK(outcome.applied.empty() == (before == expected));
        // A fix never makes Falco's verdict worse.
        CHECK((outcome.after.falco_accepts || !outcome.before.falco_accepts));

        if (fs::exists(dir / "after.diff")) {
            CHECK(unified_diff("rules.yaml", before, outcome.files[0].bytes) ==
                  rulekit::test::read_file(dir / "after.diff"));
        }
        if (fs::exists(dir / "unfixed.txt")) {
            std::istringstream lines(rulekit::test::read_file(dir / "unfixed.txt"));
            for (std::string want; std::getline(lines, want);) {
                if (want.empty()) continue;
                INFO("expected reason: " << want);
                CHECK(std::any_of(outcome.unfixed.begin(), outcome.unfixed.end(),
                                  [&](const auto& u) { return u.reason.find(want) != std::string::npos; }));
            }
        }
        // The fixed text is a fixed point: fixing it again changes nothing.
        const auto again = fix_one(outcome.files[0].bytes);
        CHECK(again.applied.empty());
        CHECK(again.files[0].bytes == outcome.files[0].bytes);
    }
    CHECK(cases.size() >= 15);
}

TEST_CASE("a fix answers its finding and the re-lint no longer reports it", "[lint][fix]") {
    const std::string before = rulekit::test::read_file(rulekit::test::source_dir() /
                                                        "tests/fixtures/fix/several-fixes/before.yaml");
    const auto outcome = fix_one(before);
    REQUIRE(outcome.applied.size() == 6);
    for (const auto& fix : outcome.applied) {
        INFO(fix.description);
        REQUIRE(fix.targets.size() == 1);
        const std::string& code = fix.targets[0].code;
        CHECK((code == "deprecated-item" || code == "unknown-field" || code == "priority-case"));
    }
    const auto count = [](const lint::LintResult& r, const std::string& code) {
        return std::count_if(r.diagnostics.begin(), r.diagnostics.end(), [&](const Diagnostic& d) { return d.code == code; });
    };
    CHECK(count(outcome.before, "unknown-field") == 2);
    CHECK(count(outcome.after, "unknown-field") == 0);
    CHECK(count(outcome.before, "deprecated-item") == 4);
    CHECK(count(outcome.after, "deprecated-item") == 1);  // the item that keeps `enabled`
    CHECK(count(outcome.after, "priority-case") == 0);
    CHECK_FALSE(outcome.before.falco_accepts);
    CHECK(outcome.after.falco_accepts);
    // The unfixed finding is reported where it now is in the fixed file (three lines further down).
    REQUIRE(outcome.unfixed.size() == 1);
    CHECK(outcome.unfixed[0].finding.loc.line == 30);
    CHECK(lint::fix::location_after_fixes(outcome, outcome.unfixed[0].finding.loc).line == 33);
}

TEST_CASE("priority-case reports a priority Falco accepts but not in upper case", "[lint][fix]") {
    const auto result = lint::lint_sources(
        {{"rules.yaml", rulekit::test::read_file(rulekit::test::source_dir() /
                                                 "tests/fixtures/fix/priority-quoted/before.yaml")}},
        {});
    std::vector<const Diagnostic*> found;
    for (const auto& d : result.diagnostics)
        if (d.code == "priority-case") found.push_back(&d);
    REQUIRE(found.size() == 2);
    CHECK(found[0]->severity == Severity::Info);
    CHECK(found[0]->loc.line == 5);
    CHECK(found[0]->loc.column == 13);
    CHECK(found[0]->loc.end_column == 21);  // the quotes included
    CHECK(found[0]->message.find("'WARNING'") != std::string::npos);
    CHECK(found[1]->loc.line == 10);
    CHECK(result.falco_accepts);
    // Invalid priorities are invalid-priority's, not this check's.
    const auto invalid = lint::lint_sources({{"r.yaml", "- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n"
                                                         "  priority: high\n"}},
                                            {});
    CHECK(std::none_of(invalid.diagnostics.begin(), invalid.diagnostics.end(),
                       [](const Diagnostic& d) { return d.code == "priority-case"; }));
}

TEST_CASE("fixes keep CRLF line endings", "[lint][fix]") {
    const std::string before =
        "- list: l\r\n  items: [a]\r\n- list: l\r\n  append: true\r\n  items: [b]\r\n- rule: r\r\n  desc: d\r\n"
        "  condition: evt.type = open and proc.name in (l)\r\n  output: o\r\n  priority: 'notice'\r\n";
    const std::string after =
        "- list: l\r\n  items: [a]\r\n- list: l\r\n  override:\r\n    items: append\r\n  items: [b]\r\n- rule: r\r\n"
        "  desc: d\r\n  condition: evt.type = open and proc.name in (l)\r\n  output: o\r\n  priority: 'NOTICE'\r\n";
    CHECK(fix_one(before).files[0].bytes == after);
}

TEST_CASE("a typo in a macro used by two rules is one fix", "[lint][fix]") {
    const std::string before = "- macro: m\n  condition: evt.type = open and proc.nmae = x\n"
                               "- rule: a\n  desc: d\n  condition: m\n  output: o\n  priority: INFO\n"
                               "- rule: b\n  desc: d\n  condition: m and fd.name = y\n  output: o\n  priority: INFO\n";
    const auto outcome = fix_one(before);
    REQUIRE(outcome.applied.size() == 1);
    CHECK(outcome.files[0].bytes.find("proc.name = x") != std::string::npos);
    CHECK(outcome.after.falco_accepts);
}

TEST_CASE("unified_diff prints what diff -u prints", "[lint][fix]") {
    CHECK(unified_diff("f", "a\nb\n", "a\nb\n").empty());
    // One changed line in the middle, with three lines of context on each side.
    CHECK(unified_diff("f", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n") ==
          "--- f\n+++ f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
    // Changes more than six lines apart make two hunks; a one-line range has no count.
    CHECK(unified_diff("f", "a\n1\n2\n3\n4\n5\n6\n7\nb\n", "A\n1\n2\n3\n4\n5\n6\n7\nB\n") ==
          "--- f\n+++ f\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -6,4 +6,4 @@\n 5\n 6\n 7\n-b\n+B\n");
    // Lines added at the top; an empty old range names the line before it.
    CHECK(unified_diff("f", "x\n", "new\nx\n", 0) == "--- f\n+++ f\n@@ -0,0 +1 @@\n+new\n");
    // A last line without newline.
    CHECK(unified_diff("f", "a\nb", "a\nc") ==
          "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
    CHECK(unified_diff("f", "a\nb", "a\nb\n") ==
          "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}

TEST_CASE("apply_edits replaces byte ranges", "[lint][fix]") {
    using lint::fix::TextEdit;
    CHECK(lint::fix::apply_edits("hello world", {{0, 5, "HELLO"}, {6, 6, "big "}, {11, 11, "!"}}) == "HELLO big world!");
    CHECK(lint::fix::apply_edits("abc", {}) == "abc");
}
