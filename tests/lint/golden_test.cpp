// Golden lint output: every rules-examples/malformed/<name>.yaml is linted alone and compared
// with <name>.expected.json; rules-examples/good/ is linted as a directory (load order = sorted
// names) against good/expected.json; tests/fixtures/lint/<case>/ directories likewise (with the
// lint options of an optional options.json). Adding a
// case is adding files. Expected files are reviewed by hand, never regenerated blindly.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "lint/config.hpp"
#include "lint/linter.hpp"
#include "lint/report/report.hpp"
#include "support.hpp"

namespace fs = std::filesystem;

namespace {

// options.json beside a case: {"target_falco": "0.37.0", "check_levels": {"<slug>": "off|info|warning|error"}}.
rulekit::lint::LintOptions options_of(const fs::path& file) {
    rulekit::lint::LintOptions options;
    if (!fs::exists(file)) return options;
    const auto json = nlohmann::json::parse(rulekit::test::read_file(file));
    if (json.contains("target_falco")) options.target_falco = json["target_falco"].get<std::string>();
    const auto levels = json.value("check_levels", nlohmann::json::object());
    for (const auto& [slug, level] : levels.items()) {
        const auto severity = rulekit::lint::parse_level(level.get<std::string>());  // nullopt: "off"
        REQUIRE((severity || level == "off"));
        options.check_levels[slug] = severity;
    }
    return options;
}

void check_golden(const std::vector<fs::path>& inputs, const fs::path& expected_file,
                  const rulekit::lint::LintOptions& options = {}) {
    INFO("expected: " << expected_file.string());
    const auto result = rulekit::lint::lint_files(rulekit::lint::expand_rules_paths(inputs), options);
    const auto actual = nlohmann::json::parse(rulekit::lint::format_json(result.diagnostics));
    const auto expected = nlohmann::json::parse(rulekit::test::read_file(expected_file));
    REQUIRE(actual.size() == expected.size());
    for (size_t i = 0; i < actual.size(); ++i) {
        INFO("finding " << i);
        CHECK(actual[i].dump(2) == expected[i].dump(2));
    }
}

}  // namespace

TEST_CASE("rules-examples give their golden diagnostics", "[lint][golden]") {
    // Paths in the golden files are relative to the repository root.
    fs::current_path(rulekit::test::source_dir());
    size_t cases = 0;
    for (const auto& entry : fs::directory_iterator("rules-examples/malformed")) {
        if (entry.path().extension() != ".yaml") continue;
        auto expected = entry.path();
        expected.replace_extension(".expected.json");
        check_golden({entry.path()}, expected);
        ++cases;
    }
    check_golden({"rules-examples/good"}, "rules-examples/good/expected.json");
    if (fs::is_directory("tests/fixtures/lint")) {
        for (const auto& entry : fs::directory_iterator("tests/fixtures/lint")) {
            if (!entry.is_directory()) continue;
            check_golden({entry.path()}, entry.path() / "expected.json", options_of(entry.path() / "options.json"));
            ++cases;
        }
    }
    CHECK(cases >= 5);
}
