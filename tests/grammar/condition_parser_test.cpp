// Condition parser: Falco's accept/reject verdicts and messages (libs unit-test cases from the
// shared corpus), our own edge cases (fixtures/grammar/conditions.jsonl), and the round-trip
// property parse(print(parse(x))) == parse(x).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "grammar/condition.hpp"
#include "grammar/printer.hpp"
#include "support.hpp"

using namespace rulekit::grammar;
using nlohmann::json;

namespace {

void check_round_trip(const std::string& condition) {
    auto first = parse_condition(condition);
    REQUIRE(first.ok());
    const std::string printed = print(*first.expr);
    auto second = parse_condition(printed);
    INFO("condition: " << condition << "\nprinted:   " << printed);
    REQUIRE(second.ok());
    CHECK(second.expr->same_as(*first.expr));
    CHECK(print(*second.expr) == printed);
}

std::string replace_all(std::string s, char from, char to) {
    for (auto& c : s) {
        if (c == from) c = to;
    }
    return s;
}

}  // namespace

TEST_CASE("libs filter-parser cases give Falco's verdict and message", "[grammar][corpus]") {
    RULEKIT_REQUIRE_SHARED(shared);
    auto cases = json::parse(rulekit::test::read_file(shared / "corpus/rules/cases/conditions/libs_filter_parser.json"));
    size_t count = 0;
    for (const auto& c : cases["cases"]) {
        const std::string condition = c["condition"];
        const bool accepts = c["parser_accepts"];
        // libs' test also retries each string with surrounding spaces and with every space
        // turned into a newline or a tab.
        for (const std::string& variant : {condition, " " + condition + " ", replace_all(condition, ' ', '\n'),
                                           replace_all(condition, ' ', '\t')}) {
            // Only the grammar tests proper are varied (not the ones asserting positions), and
            // a blank inside a quoted string is content, not a separator.
            if (variant != condition && (!accepts || c.contains("note"))) continue;
            auto result = parse_condition(variant);
            INFO("condition: " << variant);
            REQUIRE(result.ok() == accepts);
            if (!accepts && c.contains("error_message")) CHECK(result.error->message == c["error_message"]);
            if (accepts) check_round_trip(variant);
            ++count;
        }
    }
    CHECK(count > 500);
}

TEST_CASE("condition edge cases from the spec (fixtures/grammar/conditions.jsonl)", "[grammar]") {
    const auto cases = rulekit::test::read_jsonl("tests/fixtures/grammar/conditions.jsonl");
    for (const auto& [line_no, line, c] : cases) {
        const std::string condition = c["condition"];
        auto result = parse_condition(condition);
        INFO("condition: " << condition.substr(0, 200));
        const bool accepts = c.contains("canonical") || c.value("accepts", false);
        if (!result.ok()) INFO("error: " << result.error->message);
        REQUIRE(result.ok() == accepts);
        if (accepts) {
            if (c.contains("canonical")) CHECK(print(*result.expr) == c["canonical"].get<std::string>());
            check_round_trip(condition);
        } else {
            CHECK(result.error->message == c["error"].get<std::string>());
            if (c.contains("line")) {
                CHECK(result.error->pos.line == c["line"].get<uint32_t>());
                CHECK(result.error->pos.column == c["column"].get<uint32_t>());
            }
            if (c.contains("offset")) CHECK(result.error->pos.offset == c["offset"].get<uint32_t>());
        }
    }
    CHECK(cases.size() > 50);
}

TEST_CASE("recursion depth is capped like Falco's (limit 1000)", "[grammar]") {
    auto nest = [](int n, const std::string& inner) { return std::string(n, '(') + inner + std::string(n, ')'); };
    CHECK(parse_condition(nest(199, "a")).ok());
    auto deep = parse_condition(nest(200, "a"));
    REQUIRE_FALSE(deep.ok());
    CHECK(deep.error->message == "exceeded max depth limit of 1000");
    CHECK(parse_condition(nest(198, "a.b = 1")).ok());
    CHECK_FALSE(parse_condition(nest(199, "a.b = 1")).ok());

    auto transformers = [](int n) {
        std::string s;
        for (int i = 0; i < n; ++i) s += "tolower(";
        return s + "a.b" + std::string(n, ')') + " = x";
    };
    CHECK(parse_condition(transformers(497)).ok());
    CHECK_FALSE(parse_condition(transformers(498)).ok());

    auto nots = [](int n) {
        std::string s;
        for (int i = 0; i < n; ++i) s += "not(";
        return s + "a" + std::string(n, ')');
    };
    // 3 active calls above the first not(, then 4 per level, 4 for the innermost check.
    CHECK(parse_condition(nots(248)).ok());
    CHECK_FALSE(parse_condition(nots(249)).ok());

    std::string chain = "a";
    for (int i = 0; i < 3000; ++i) chain += " and not not b";
    CHECK(parse_condition(chain).ok());

    // Far beyond the limit: an error, never a stack overflow.
    auto huge = parse_condition(nest(1000000, "a"));
    REQUIRE_FALSE(huge.ok());
    CHECK(huge.error->message == "exceeded max depth limit of 1000");
}

TEST_CASE("positions: 0-based offset, 1-based line and column, CR and LF each break a line", "[grammar]") {
    auto r = parse_condition("evt.type = open and\r\n  proc.nosuch = 1 and (x");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->message == "expected a ')' token");
    CHECK(r.error->pos.line == 3);
    CHECK(r.error->pos.column == 25);
    auto ok = parse_condition("a and\n  b.c = 1");
    REQUIRE(ok.ok());
    const Expr& check = ok.expr->children[1];
    CHECK(check.pos.line == 2);
    CHECK(check.pos.column == 3);
    CHECK(check.pos.offset == 8);
    CHECK(check.end == 15);
}

TEST_CASE("Falco-style printing matches condition_compiled of falco -L", "[grammar]") {
    auto p = [](const std::string& s) { return print(*parse_condition(s).expr, PrintStyle::Falco); };
    CHECK(p("proc.name = \"\"") == "proc.name = ");
    CHECK(p("proc.cmdline contains \"curl 127.0.0.1\"") == "proc.cmdline contains \"curl 127.0.0.1\"");
    CHECK(p("a.b in (\"x,y\", z)") == "a.b in (x,y, z)");
    CHECK(p("(evt.type = open or evt.type = close) and not proc.name = a") ==
          "((evt.type = open or evt.type = close) and not proc.name = a)");
    CHECK(p("proc.name = \"a\\/b\"") == "proc.name = a/b");
}

TEST_CASE("canonical printing never nests deeper than the source", "[grammar]") {
    // An `and` inside an `or` needs no parentheses; Falco's style adds them at every level.
    std::string chain = "x";
    for (int i = 0; i < 100; ++i) chain = "a" + std::to_string(i) + " or b" + std::to_string(i) + " and (" + chain + ")";
    auto parsed = parse_condition(chain);
    REQUIRE(parsed.ok());
    auto again = parse_condition(print(*parsed.expr));
    REQUIRE(again.ok());
    CHECK(again.expr->same_as(*parsed.expr));

    std::string nots = "a";
    for (int i = 0; i < 246; ++i) nots = "not(" + nots + ")";
    parsed = parse_condition(nots);
    REQUIRE(parsed.ok());
    again = parse_condition(print(*parsed.expr));
    REQUIRE(again.ok());
    CHECK(again.expr->same_as(*parsed.expr));
}
