// Every condition of the upstream rules, as the linter resolves it (macros, lists, exceptions),
// compiles for the evaluator, and over a record that carries nothing it is unknown, never a
// verdict: only fields the record lacks can leave a real condition undecided.
#include <catch2/catch.hpp>

#include "eval/condition.hpp"
#include "eval_support.hpp"
#include "grammar/condition.hpp"
#include "lint/linter.hpp"
#include "support.hpp"

TEST_CASE("the upstream rules' resolved conditions compile for the evaluator") {
    RULEKIT_REQUIRE_SHARED(shared);
    struct Set {
        std::vector<std::string> files;
        std::string source;
    };
    const std::vector<Set> sets = {
        {{"rules/upstream/falco_rules.yaml"}, "syscall"},
        {{"rules/upstream/falco_rules.yaml", "rules/upstream/falco-incubating_rules.yaml"}, "syscall"},
        {{"rules/upstream/falco_rules.yaml", "rules/upstream/falco-sandbox_rules.yaml"}, "syscall"},
        {{"rules/plugins/k8saudit/k8s_audit_rules.yaml"}, "k8s_audit"},
    };
    size_t compiled_count = 0;
    for (const auto& set : sets) {
        rulekit::lint::LintOptions options;
        options.keep_compiled_conditions = true;
        std::vector<std::filesystem::path> files;
        for (const auto& f : set.files) files.push_back(shared / "corpus" / f);
        const auto result = rulekit::lint::lint_files(files, options);
        REQUIRE_FALSE(result.compiled_conditions.empty());
        size_t unparsable = 0;
        for (const auto& [rule, condition] : result.compiled_conditions) {
            INFO(rule << ": " << condition);
            // Falco's printed form is not always re-parsable (a value "x,y" prints bare).
            auto parsed = rulekit::grammar::parse_condition(condition);
            if (!parsed.ok()) {
                ++unparsable;
                continue;
            }
            auto compiled = rulekit::eval::CompiledCondition::compile(*parsed.expr, set.source, rulekit::test::eval_catalog());
            if (auto* error = std::get_if<std::string>(&compiled)) FAIL("does not compile: " << *error);
            const auto& cond = std::get<rulekit::eval::CompiledCondition>(compiled);
            CHECK_FALSE(cond.fields().empty());
            rulekit::eval::EvalTrace trace;
            CHECK(cond.evaluate(rulekit::eval::Record{}, trace) == rulekit::eval::Truth::Unknown);
            CHECK_FALSE(trace.missing_fields.empty());
            ++compiled_count;
        }
        CHECK(unparsable * 10 < result.compiled_conditions.size());
    }
    CHECK(compiled_count > 100);
}
