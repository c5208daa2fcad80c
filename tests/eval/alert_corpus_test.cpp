// Real alerts: Falco fired these rules, so over the alert's output_fields the rule's current
// condition must not be false (it may be unknown: an alert prints only some fields).
#include <catch2/catch.hpp>

#include <fstream>

#include "eval/condition.hpp"
#include "eval_support.hpp"
#include "grammar/condition.hpp"
#include "lint/linter.hpp"
#include "support.hpp"

TEST_CASE("real alerts are not false under the rules that fired them") {
    RULEKIT_REQUIRE_SHARED(shared);
    rulekit::lint::LintOptions options;
    options.keep_compiled_conditions = true;
    std::map<std::string, std::pair<std::string, std::string>> conditions;  // rule -> (source, condition)
    for (const auto& [files, source] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"rules/upstream/falco_rules.yaml", "rules/upstream/falco-incubating_rules.yaml",
               "rules/upstream/falco-sandbox_rules.yaml"},
              "syscall"},
             {{"rules/plugins/k8saudit/k8s_audit_rules.yaml"}, "k8s_audit"},
             {{"rules/plugins/gcpaudit/gcp_auditlog_rules.yaml"}, "gcp_auditlog"}}) {
        std::vector<std::filesystem::path> paths;
        for (const auto& f : files) paths.push_back(shared / "corpus" / f);
        if (!std::filesystem::exists(paths.back())) continue;
        for (const auto& [rule, condition] : rulekit::lint::lint_files(paths, options).compiled_conditions) {
            conditions[rule] = {source, condition};
        }
    }
    size_t checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(shared / "corpus" / "alerts")) {
        if (entry.path().extension() != ".jsonl") continue;
        std::ifstream in(entry.path());
        std::string line;
        while (std::getline(in, line)) {
            const auto alert = nlohmann::json::parse(line, nullptr, false);
            if (alert.is_discarded() || !alert.contains("rule") || !alert.contains("output_fields")) continue;
            auto it = conditions.find(alert["rule"].get<std::string>());
            if (it == conditions.end()) continue;
            const auto& [source, condition] = it->second;
            auto parsed = rulekit::grammar::parse_condition(condition);
            if (!parsed.ok()) continue;
            auto compiled = rulekit::eval::CompiledCondition::compile(*parsed.expr, source, rulekit::test::eval_catalog());
            REQUIRE(std::holds_alternative<rulekit::eval::CompiledCondition>(compiled));
            const auto record = rulekit::test::record_from_json(alert["output_fields"]);
            const auto verdict = std::get<rulekit::eval::CompiledCondition>(compiled).evaluate(record);
            INFO(entry.path().filename() << ": " << alert["rule"] << "\n" << alert["output_fields"].dump());
            CHECK(verdict != rulekit::eval::Truth::False);
            ++checked;
        }
    }
    CHECK(checked >= 15);
}
