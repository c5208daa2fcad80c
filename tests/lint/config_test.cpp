// .rulekit.yaml parsing, driven from tests/fixtures/config/<name>.yaml: <name>.expected holds
// either "error: <message>" or the parsed config, one setting per line (see describe()).
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lint/config.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace rulekit;

namespace {

std::string describe(const lint::Config& c) {
    std::string out;
    auto join_paths = [](const std::vector<fs::path>& paths) {
        std::vector<std::string> s;
        for (const auto& p : paths) s.push_back(p.generic_string());
        return fmt::format("{}", fmt::join(s, ", "));
    };
    for (const auto& set : c.rule_sets) out += fmt::format("rule-set {}: {}\n", set.name, join_paths(set.paths));
    for (const auto& [slug, level] : c.check_levels) out += fmt::format("check {}: {}\n", slug, level ? severity_name(*level) : "off");
    if (c.fail_on) out += fmt::format("fail-on: {}\n", severity_name(*c.fail_on));
    if (!c.field_files.empty()) out += fmt::format("fields: {}\n", join_paths(c.field_files));
    if (c.plugins) out += fmt::format("plugins: {}\n", fmt::join(*c.plugins, ", "));
    if (c.target_falco) out += fmt::format("target-falco: {}\n", *c.target_falco);
    return out;
}

}  // namespace

TEST_CASE("config files (fixtures/config)", "[lint][config]") {
    const fs::path dir = test::source_dir() / "tests/fixtures/config";
    size_t cases = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".yaml") continue;
        const std::string name = entry.path().filename().string();
        INFO("config " << name);
        auto expected_file = entry.path();
        expected_file.replace_extension(".expected");
        std::string expected = test::read_file(expected_file);
        while (!expected.empty() && expected.back() == '\n') expected.pop_back();
        std::string actual;
        try {
            actual = describe(lint::parse_config(name, test::read_file(entry.path()), ""));
            while (!actual.empty() && actual.back() == '\n') actual.pop_back();
        } catch (const lint::ConfigError& e) {
            actual = std::string("error: ") + e.what();
        }
        CHECK(actual == expected);
        ++cases;
    }
    CHECK(cases >= 10);
}

TEST_CASE("Falco versions for target-falco", "[lint][config]") {
    CHECK(lint::parse_falco_version("0.39") == lint::FalcoVersion{0, 39, 0});
    CHECK(lint::parse_falco_version("0.39.2") == lint::FalcoVersion{0, 39, 2});
    CHECK(lint::parse_falco_version("1.0.0") > lint::parse_falco_version("0.44.9"));
    for (const char* bad : {"", "0", "0.", ".1", "0.39.", "0.39.1.2", "v0.39", "0.39-rc1", "latest"}) {
        INFO(bad);
        CHECK_FALSE(lint::parse_falco_version(bad).has_value());
    }
}

TEST_CASE("the config is found from the working directory upward", "[lint][config]") {
    const fs::path project = test::source_dir() / "tests/fixtures/cli/project";
    CHECK(lint::find_config(project / "rules/local") == project / ".rulekit.yaml");
    const auto config = lint::load_config(project / ".rulekit.yaml");
    REQUIRE(config.rule_sets.size() == 1);
    CHECK(config.rule_sets[0].paths.size() == 2);
}
