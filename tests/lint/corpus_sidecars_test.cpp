// Falco's own valid and invalid rules cases (shared corpus sidecars *.expect.json): every
// invalid case is rejected with the expected Falco code; every valid case loads with no error,
// with the warnings its sidecar asserts and the compiled conditions it records.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "lint/check_registry.hpp"
#include "lint/linter.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace rulekit;

namespace {

std::string str(const json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

std::vector<fs::path> sidecars(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name.size() > 12 && name.substr(name.size() - 12) == ".expect.json") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The plugins the case was run with: its declared context, or the stock set minus the plugins
// whose sources the sidecar expects to be unknown.
lint::LintOptions options_for(const json& c) {
    lint::LintOptions options;
    options.keep_compiled_conditions = true;
    if (c.contains("context")) {
        const json& ctx = c["context"];
        if (ctx.contains("sources") && ctx["sources"].is_array()) {
            options.catalog = grammar::CatalogOptions::libsinsp_only();
            for (const auto& s : ctx["sources"]) {
                if (s == "json") options.catalog.plugins.insert("json");
            }
        }
        if (ctx.contains("loaded_plugins") && ctx["loaded_plugins"].is_array()) {
            // Versioned plugin lists describe exactly what the engine had loaded.
            const bool exact = !ctx["loaded_plugins"].empty() && ctx["loaded_plugins"][0].is_object();
            if (exact || ctx["loaded_plugins"].empty()) {
                options.catalog.plugins.clear();
                options.plugins_explicit = true;
            }
            for (const auto& p : ctx["loaded_plugins"]) {
                const std::string name = p.is_string() ? p.get<std::string>() : p.value("name", "");
                options.catalog.plugins.insert(name);
                if (p.is_object() && p.contains("version")) options.plugin_versions[name] = p["version"].get<std::string>();
            }
        }
    }
    static const std::map<std::string, std::string> plugin_of_source = {
        {"aws_cloudtrail", "cloudtrail"}, {"k8s_audit", "k8saudit"}, {"okta", "okta"},
        {"github", "github"},             {"gcp_auditlog", "gcpaudit"}};
    for (const auto& w : c.value("warnings", json::array())) {
        const std::string msg = str(w, "message_contains");
        if (str(w, "code") != "LOAD_UNKNOWN_SOURCE" || msg.rfind("Unknown source ", 0) != 0) continue;
        const std::string source = msg.substr(15, msg.find(',') - 15);
        if (auto it = plugin_of_source.find(source); it != plugin_of_source.end()) options.catalog.plugins.erase(it->second);
    }
    return options;
}

bool any_has(const std::vector<const Diagnostic*>& ds, const std::string& code, const std::string& text, bool check_text) {
    return std::any_of(ds.begin(), ds.end(), [&](const Diagnostic* d) {
        return (code.empty() || d->falco_code == code) && (!check_text || d->message.find(text) != std::string::npos);
    });
}

std::string describe(const std::vector<const Diagnostic*>& ds) {
    std::string s;
    for (const auto* d : ds) s += "\n  " + d->falco_code + " [" + d->code + "] " + d->message;
    return s;
}

}  // namespace

TEST_CASE("Falco's rules test cases get Falco's verdict, codes and warnings", "[lint][corpus]") {
    RULEKIT_REQUIRE_SHARED(shared);
    const fs::path rules = shared / "corpus/rules";
    const json deviations = json::parse(rulekit::test::read_file(
        rulekit::test::source_dir() / "tests/fixtures/corpus/message_deviations.json"));
    size_t invalid_cases = 0, valid_cases = 0;
    for (const fs::path& dir : {rules / "invalid", rules / "cases/valid", rules / "cases/plugin_requirements", rules / "cases/engine_version"}) {
        for (const fs::path& sidecar : sidecars(dir)) {
            const json c = json::parse(rulekit::test::read_file(sidecar));
            const std::string rel = fs::relative(sidecar, rules).generic_string();
            bool check_messages = !deviations["cases"].contains(rel);
            for (const auto& [folder, why] : deviations["folders"].items()) {
                if (rel.rfind(folder, 0) == 0) check_messages = false;
            }
            std::vector<fs::path> files;
            for (const auto& f : c["files"]) files.push_back(sidecar.parent_path() / f.get<std::string>());
            const lint::LintResult result = lint::lint_files(files, options_for(c));
            std::vector<const Diagnostic*> errors, warnings;
            for (const auto& d : result.diagnostics) {
                INFO("finding " << d.code << ": " << d.message);
                CHECK(lint::find_check(d.code) != nullptr);  // every finding is a registered check
                if (lint::falco_fails_on(d)) errors.push_back(&d);
                else if (!d.falco_code.empty()) warnings.push_back(&d);
            }
            INFO("case: " << rel << describe(errors) << describe(warnings));
            if (c.contains("plugin_requirements_satisfied")) {
                // The rules load; whether Falco then starts depends on the loaded plugins.
                ++valid_cases;
                CHECK(result.falco_accepts == c["plugin_requirements_satisfied"].get<bool>());
            } else if (c["valid"].get<bool>()) {
                ++valid_cases;
                CHECK(errors.empty());
                CHECK(result.falco_accepts);
                for (const auto& w : c.value("warnings", json::array())) {
                    INFO("expected warning " << str(w, "code") << ": " << str(w, "message_contains"));
                    CHECK(any_has(warnings, str(w, "code"), str(w, "message_contains"), check_messages));
                }
                for (const auto& m : c.value("must_not_warn", json::array())) {
                    CHECK_FALSE(any_has(warnings, "", m.get<std::string>(), true));
                }
                if (c.contains("expected") && c["expected"].contains("compiled_conditions")) {
                    for (const auto& [rule, condition] : c["expected"]["compiled_conditions"].items()) {
                        INFO("compiled condition of " << rule);
                        auto it = result.compiled_conditions.find(rule);
                        REQUIRE(it != result.compiled_conditions.end());
                        CHECK(it->second == condition.get<std::string>());
                    }
                }
            } else {
                ++invalid_cases;
                CHECK_FALSE(result.falco_accepts);
                for (const auto& e : c.value("errors", json::array())) {
                    const std::string code = str(e, "code");
                    INFO("expected error " << code << ": " << str(e, "message_contains"));
                    CHECK(any_has(errors, code, str(e, "message_contains"), check_messages));
                }
            }
        }
    }
    CHECK(invalid_cases >= 60);
    CHECK(valid_cases >= 170);
}

TEST_CASE("today's upstream and plugin rules files lint with no error", "[lint][corpus]") {
    RULEKIT_REQUIRE_SHARED(shared);
    const fs::path up = shared / "corpus/rules/upstream";
    auto result = lint::lint_files({up / "falco_rules.yaml", up / "falco-incubating_rules.yaml", up / "falco-sandbox_rules.yaml"},
                                   lint::LintOptions{});
    for (const auto& d : result.diagnostics) {
        INFO(d.loc.file << ":" << d.loc.line << ": [" << d.code << "] " << d.message);
        CHECK(d.severity != Severity::Error);
    }
    for (const auto& e : fs::directory_iterator(shared / "corpus/rules/plugins")) {
        if (!e.is_regular_file() || e.path().extension() != ".yaml") continue;
        auto plugin = lint::lint_files({e.path()}, lint::LintOptions{});
        for (const auto& d : plugin.diagnostics) {
            INFO(d.loc.file << ":" << d.loc.line << ": [" << d.code << "] " << d.message);
            CHECK(d.severity != Severity::Error);
        }
    }
}
