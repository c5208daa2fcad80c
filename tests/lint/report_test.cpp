// The machine reporters (SARIF, GitHub Actions, JUnit), data-driven:
// - tests/fixtures/report/<case>/input.json holds the linted files in load order, the fail
//   level, optional file contents and diagnostics in the `--format json` shape; the case's
//   expected.sarif.json, expected.github.txt and expected.junit.xml are the outputs. The SARIF
//   golden leaves out what the check registry decides (the driver's rules, each result's
//   ruleIndex), checked against the registry below, so adding a check changes no golden file. Adding a case is adding a
//   directory; RULEKIT_UPDATE_GOLDEN=1 rewrites the expected files, to be reviewed with git diff.
// - tests/fixtures/report/github_escaping.jsonl: one diagnostic (fields over a default) and
//   the exact workflow command it must become.
// The SARIF schema itself is checked by tests/validate_sarif.py (ctest sarif_output_matches_schema).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include "lint/check_registry.hpp"
#include "lint/report/report.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using rulekit::Diagnostic;
using rulekit::Diagnostics;
using rulekit::Severity;

namespace {

Severity severity_from(const std::string& name) {
    if (name == "info") return Severity::Info;
    if (name == "warning") return Severity::Warning;
    REQUIRE(name == "error");
    return Severity::Error;
}

// A diagnostic from the `--format json` shape; missing keys keep the given default's value.
Diagnostic diagnostic_from(const nlohmann::json& j, Diagnostic d = {}) {
    d.loc.file = j.value("file", d.loc.file);
    d.loc.line = j.value("line", d.loc.line);
    d.loc.column = j.value("column", d.loc.column);
    d.loc.end_line = j.value("end_line", d.loc.end_line);
    d.loc.end_column = j.value("end_column", d.loc.end_column);
    d.code = j.value("code", d.code);
    if (j.contains("severity")) d.severity = severity_from(j["severity"]);
    d.message = j.value("message", d.message);
    d.hint = j.value("hint", d.hint);
    if (j.contains("falco_code") && j["falco_code"].is_string()) d.falco_code = j["falco_code"];
    return d;
}

struct ReportCase {
    fs::path dir;
    std::vector<std::string> files;
    Severity fail_level = Severity::Error;
    std::map<std::string, std::string> sources;
    Diagnostics diagnostics;
};

std::vector<ReportCase> report_cases() {
    std::vector<ReportCase> cases;
    for (const auto& entry : fs::directory_iterator(rulekit::test::source_dir() / "tests/fixtures/report")) {
        if (!entry.is_directory()) continue;
        const auto input = nlohmann::json::parse(rulekit::test::read_file(entry.path() / "input.json"));
        ReportCase c;
        c.dir = entry.path();
        c.files = input.at("files").get<std::vector<std::string>>();
        c.fail_level = severity_from(input.value("fail_level", "error"));
        if (input.contains("sources")) c.sources = input["sources"].get<std::map<std::string, std::string>>();
        for (const auto& d : input.at("diagnostics")) c.diagnostics.push_back(diagnostic_from(d));
        cases.push_back(std::move(c));
    }
    std::sort(cases.begin(), cases.end(), [](const ReportCase& a, const ReportCase& b) { return a.dir < b.dir; });
    return cases;
}

rulekit::lint::SarifContext sarif_context(const ReportCase& c) {
    rulekit::lint::SarifContext context;
    context.tool_version = "0.0.0-test";  // not RULEKIT_VERSION: a release must not change the goldens
    context.sources = [&c](const std::string& file) -> const std::string* {
        auto it = c.sources.find(file);
        return it == c.sources.end() ? nullptr : &it->second;
    };
    return context;
}

void check_golden(const fs::path& expected_file, const std::string& actual) {
    INFO("expected: " << expected_file.string());
    if (const char* update = std::getenv("RULEKIT_UPDATE_GOLDEN"); update && std::string(update) == "1") {
        std::ofstream(expected_file, std::ios::binary) << actual;
        WARN("rewrote " << expected_file.string() << "; review it with git diff");
        return;
    }
    REQUIRE(fs::exists(expected_file));
    CHECK(actual == rulekit::test::read_file(expected_file));
}

const char* sarif_level(Severity s) {
    return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}

}  // namespace

TEST_CASE("reporters give their golden output (fixtures/report/<case>/)", "[report][golden]") {
    const auto cases = report_cases();
    REQUIRE(cases.size() >= 2);
    for (const auto& c : cases) {
        SECTION(c.dir.filename().string()) {
            // The golden file is the expectation (and proves the output deterministic).
            auto log = nlohmann::ordered_json::parse(rulekit::lint::format_sarif(c.diagnostics, sarif_context(c)));
            log["runs"][0]["tool"]["driver"].erase("rules");
            for (auto& result : log["runs"][0]["results"]) result.erase("ruleIndex");
            check_golden(c.dir / "expected.sarif.json", log.dump(2) + "\n");
            check_golden(c.dir / "expected.github.txt", rulekit::lint::format_github(c.diagnostics));
            check_golden(c.dir / "expected.junit.xml", rulekit::lint::format_junit(c.diagnostics, c.files, c.fail_level));
        }
    }
}

TEST_CASE("SARIF: the driver lists every check with its docs page and level", "[report][sarif]") {
    const auto& checks = rulekit::lint::all_checks();
    const auto log = nlohmann::json::parse(rulekit::lint::format_sarif({}, {}));
    CHECK(log["version"] == "2.1.0");
    REQUIRE(log["runs"].size() == 1);
    const auto& driver = log["runs"][0]["tool"]["driver"];
    CHECK(driver["name"] == "rulekit");
    CHECK_FALSE(driver.contains("version"));  // no version given, none invented
    CHECK(log["runs"][0]["results"].empty());
    REQUIRE(driver["rules"].size() == checks.size());
    for (size_t i = 0; i < checks.size(); ++i) {
        const auto& rule = driver["rules"][i];
        const auto& check = *checks[i];
        INFO("check " << check.slug);
        CHECK(rule["id"] == std::string(check.slug));
        CHECK(rule["shortDescription"]["text"] == std::string(check.summary));
        CHECK(rule["help"]["text"].get<std::string>().find(std::string(check.fix)) != std::string::npos);
        // The page in the repository (check_registry_test makes sure it exists).
        const std::string help_uri = rule["helpUri"];
        CHECK(help_uri == std::string(rulekit::lint::kProjectUrl) + "/blob/main/docs/checks/" + std::string(check.slug) + ".md");
        CHECK(rule["defaultConfiguration"]["level"] == sarif_level(check.default_severity));
        CHECK(rule.contains("properties") == !check.falco_code.empty());
        if (!check.falco_code.empty()) CHECK(rule["properties"]["falco_code"] == std::string(check.falco_code));
    }
    rulekit::lint::SarifContext versioned;
    versioned.tool_version = "1.2.3";
    CHECK(nlohmann::json::parse(rulekit::lint::format_sarif({}, versioned))["runs"][0]["tool"]["driver"]["version"] ==
          "1.2.3");
}

TEST_CASE("SARIF: each result's ruleIndex names the rule of its ruleId", "[report][sarif]") {
    // Expected from the registry alone: the driver lists the checks in registry order (the test above).
    const auto& checks = rulekit::lint::all_checks();
    auto registry_index = [&](const std::string& code) {
        const auto at = std::find_if(checks.begin(), checks.end(), [&](const auto* check) { return check->slug == code; });
        REQUIRE(at != checks.end());
        return static_cast<size_t>(at - checks.begin());
    };
    for (const auto& c : report_cases()) {
        const auto run = nlohmann::json::parse(rulekit::lint::format_sarif(c.diagnostics, sarif_context(c)))["runs"][0];
        REQUIRE(run["results"].size() == c.diagnostics.size());
        for (size_t i = 0; i < c.diagnostics.size(); ++i) {
            const auto& result = run["results"][i];
            INFO(c.dir.filename().string() << " result " << i);
            CHECK(result["ruleId"] == c.diagnostics[i].code);
            REQUIRE(result.contains("ruleIndex"));
            CHECK(result["ruleIndex"].get<size_t>() == registry_index(c.diagnostics[i].code));
            CHECK(result["level"] == sarif_level(c.diagnostics[i].severity));
        }
    }
}

TEST_CASE("GitHub: workflow commands escaped as the runner decodes them (fixtures/report/github_escaping.jsonl)",
          "[report][github]") {
    Diagnostic base;
    base.loc = {"rules.yaml", 3, 5, 0, 0};
    base.code = "unknown-field";
    base.severity = Severity::Error;
    base.message = "msg";
    const auto cases = rulekit::test::read_jsonl("tests/fixtures/report/github_escaping.jsonl");
    for (const auto& [line_no, line, c] : cases) {
        INFO("case: " << line);
        const std::string out = rulekit::lint::format_github({diagnostic_from(c["diagnostic"], base)});
        CHECK(out == c["expected"].get<std::string>() + "\n");
    }
    CHECK(cases.size() >= 10);
    CHECK(rulekit::lint::format_github({}).empty());
}

TEST_CASE("JUnit: parses back with one test case per file and one failure per finding at the fail level",
          "[report][junit]") {
    for (const auto& c : report_cases()) {
        for (Severity level : {Severity::Info, Severity::Warning, Severity::Error}) {
            INFO(c.dir.filename().string() << " at fail level " << rulekit::severity_name(level));
            const std::string xml = rulekit::lint::format_junit(c.diagnostics, c.files, level);
            pugi::xml_document doc;
            REQUIRE(doc.load_string(xml.c_str()));

            // Expected from the input alone: test cases in load order, each file once.
            std::vector<std::string> files;
            for (const auto& f : c.files)
                if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
            for (const auto& d : c.diagnostics)
                if (std::find(files.begin(), files.end(), d.loc.file) == files.end()) files.push_back(d.loc.file);

            const auto suites = doc.child("testsuites");
            const auto suite = suites.child("testsuite");
            REQUIRE(suite);
            CHECK(std::string(suite.attribute("name").value()) == "rulekit");
            size_t index = 0, failing = 0;
            for (const auto testcase : suite.children("testcase")) {
                REQUIRE(index < files.size());
                CHECK(std::string(testcase.attribute("classname").value()) == "rulekit");
                CHECK(std::string(testcase.attribute("name").value()) == files[index]);
                size_t expected_failures = 0, below = 0;
                for (const auto& d : c.diagnostics) {
                    if (d.loc.file != files[index]) continue;
                    (d.severity >= level ? expected_failures : below) += 1;
                }
                const auto failures = testcase.children("failure");
                CHECK(static_cast<size_t>(std::distance(failures.begin(), failures.end())) == expected_failures);
                CHECK(static_cast<bool>(testcase.child("system-out")) == (below > 0));
                for (const auto failure : failures) {
                    CHECK(rulekit::lint::find_check(failure.attribute("type").value()) != nullptr);
                    CHECK(std::string(failure.text().get()).find(files[index] + ":") == 0);
                }
                failing += expected_failures > 0;
                ++index;
            }
            CHECK(index == files.size());
            for (const auto node : {suites, suite}) {
                CHECK(node.attribute("tests").as_ullong() == files.size());
                CHECK(node.attribute("failures").as_ullong() == failing);
                CHECK(node.attribute("errors").as_ullong() == 0);
            }
        }
    }
}

TEST_CASE("JUnit: control characters and malformed UTF-8 cannot break the XML", "[report][junit]") {
    Diagnostic d;
    d.loc = {"bad\x01name.yaml", 1, 1, 0, 0};
    d.code = "yaml-syntax";
    d.message = std::string("tab\there, bell\x07, cut \xC3, stray \xFF, surrogate \xED\xA0\x80, ok \xC3\xA9");
    const std::string xml = rulekit::lint::format_junit({d}, {}, Severity::Error);
    for (unsigned char c : xml) CHECK((c >= 0x20 || c == '\t' || c == '\n' || c == '\r'));
    // A character reference is no way out (XML 1.0 forbids &#1; too): only tab, LF and CR may
    // appear as references (pugixml writes them so in attributes).
    for (size_t at = xml.find("&#"); at != std::string::npos; at = xml.find("&#", at + 1)) {
        const int code = std::stoi(xml.substr(at + 2, xml.find(';', at) - at - 2));  // pugixml writes decimal
        CHECK((code == 9 || code == 10 || code == 13));
    }
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml.c_str()));
    const auto testcase = doc.child("testsuites").child("testsuite").child("testcase");
    CHECK(std::string(testcase.attribute("name").value()) == "bad\uFFFDname.yaml");
    CHECK(std::string(testcase.child("failure").attribute("message").value()) ==
          "tab\there, bell\uFFFD, cut \uFFFD, stray \uFFFD, surrogate \uFFFD\uFFFD\uFFFD, ok \u00E9");
}
