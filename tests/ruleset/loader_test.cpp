// The one loader: what a rule set hands to eval/gen/test — each rule's compiled condition,
// output fields, tuning hooks, and where each node of a compiled condition was written.
// Expectations are data: tests/fixtures/ruleset/loader/expected.json.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <functional>

#include "grammar/printer.hpp"
#include "ruleset/loader.hpp"
#include "support.hpp"

using namespace rulekit::ruleset;
namespace fs = std::filesystem;

namespace {

const char* kind_name(NodeOrigin::Kind k) {
    switch (k) {
        case NodeOrigin::Kind::Synthetic: return "synthetic";
        case NodeOrigin::Kind::RuleCondition: return "rule";
        case NodeOrigin::Kind::Exception: return "exception";
        case NodeOrigin::Kind::Macro: return "macro";
        case NodeOrigin::Kind::List: return "list";
    }
    return "?";
}

// The first check of `condition` (depth first) on `field` with `op`.
const rulekit::grammar::Expr* find_check(const rulekit::grammar::Expr& e, const std::string& field, const std::string& op) {
    using rulekit::grammar::Kind;
    if ((e.kind == Kind::BinaryCheck || e.kind == Kind::UnaryCheck) && e.text == op && !e.children.empty() &&
        e.children[0].text == field) {
        return &e;
    }
    for (const auto& c : e.children) {
        if (auto found = find_check(c, field, op)) return found;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("the loader hands out compiled conditions, output fields, tuning hooks and origins", "[ruleset][loader]") {
    const fs::path dir = rulekit::test::source_dir() / "tests/fixtures/ruleset/loader";
    const auto expected = nlohmann::json::parse(rulekit::test::read_file(dir / "expected.json"));
    const RuleSet rules = load_rule_files({dir / "10-rules.yaml", dir / "20-tuning.yaml"}, LoadOptions{});
    CHECK_FALSE(rules.falco_accepts());  // "Broken" has a field typo

    for (const auto& [name, want] : expected["rules"].items()) {
        INFO("rule " << name);
        const LoadedRule* rule = rules.rule(name);
        REQUIRE(rule != nullptr);
        if (want["compiled"].is_null()) {
            CHECK_FALSE(rule->condition.has_value());
        } else {
            REQUIRE(rule->condition.has_value());
            CHECK(rulekit::grammar::print(*rule->condition, rulekit::grammar::PrintStyle::Falco) ==
                  want["compiled"].get<std::string>());
        }
        CHECK(rule->output_fields == want["output_fields"].get<std::vector<std::string>>());
        CHECK(rule->hooks.negated_macros == want["negated_macros"].get<std::vector<std::string>>());
        std::vector<std::vector<std::string>> lists;
        for (const auto& l : rule->hooks.negated_lists) lists.push_back({l.field, l.op, l.list});
        CHECK(lists == want["negated_lists"].get<std::vector<std::vector<std::string>>>());
    }

    for (const auto& o : expected["origins"]) {
        INFO(o.dump());
        const LoadedRule* rule = rules.rule(o["rule"].get<std::string>());
        REQUIRE((rule && rule->condition));
        const auto* check = find_check(*rule->condition, o["check_text"].get<std::string>(), o["operator"].get<std::string>());
        REQUIRE(check != nullptr);
        const auto& node = o.contains("value") ? check->children[1].children[0] : *check;
        const NodeOrigin origin = rules.origin(node);
        CHECK(std::string(kind_name(origin.kind)) == o["kind"].get<std::string>());
        CHECK(origin.name == o["name"].get<std::string>());
        CHECK(fs::path(origin.loc.file).filename() == o["file"].get<std::string>());
        CHECK(origin.loc.line == o["line"].get<uint32_t>());
    }
}

TEST_CASE("the loader's problems are lint's Falco-coded findings, unsorted and undecorated", "[ruleset][loader]") {
    const fs::path dir = rulekit::test::source_dir() / "tests/fixtures/ruleset/loader";
    const RuleSet rules = load_rule_files({dir / "10-rules.yaml"}, LoadOptions{});
    bool typo = false;
    for (const auto& d : rules.problems()) {
        if (d.code == "unknown-field") {
            typo = true;
            CHECK(d.message == "filter_check called with nonexistent field proc.nmae");
            CHECK(d.falco_code == "LOAD_ERR_COMPILE_CONDITION");
            CHECK(d.loc.line == 27);
        }
    }
    CHECK(typo);
}
