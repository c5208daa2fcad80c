// The evaluator against tests/fixtures/eval/operators.jsonl: one condition, one record and the
// verdict Falco reaches (the spec section it follows is on each line), plus the API around it.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "eval/condition.hpp"
#include "eval_support.hpp"
#include "grammar/condition.hpp"
#include "ruleset/field_values.hpp"
#include "support.hpp"

using rulekit::eval::CompiledCondition;
using rulekit::eval::EvalTrace;
using rulekit::eval::Truth;

namespace {

rulekit::grammar::Expr parse(const std::string& text) {
    auto parsed = rulekit::grammar::parse_condition(text);
    if (!parsed.ok()) FAIL("does not parse: " << text << ": " << parsed.error->message);
    return *parsed.expr;
}

CompiledCondition compile(const rulekit::grammar::Expr& e, const std::string& source = "syscall",
                          const rulekit::eval::KnownTruth& known = {}) {
    auto compiled = CompiledCondition::compile(e, source, rulekit::test::eval_catalog(), known);
    if (auto* error = std::get_if<std::string>(&compiled)) FAIL("does not compile: " << *error);
    return std::get<CompiledCondition>(std::move(compiled));
}

}  // namespace

TEST_CASE("every operator, modifier and transformer gives Falco's verdict (operators.jsonl)") {
    size_t cases = 0;
    for (const auto& c : rulekit::test::read_jsonl("tests/fixtures/eval/operators.jsonl")) {
        const std::string condition = c.json.at("condition");
        const std::string source = c.json.value("source", "syscall");
        INFO("line " << c.line_no << ": " << condition << "  (" << c.json.value("spec", "") << ")");
        REQUIRE(c.json.contains("spec"));
        const auto expr = parse(condition);
        auto compiled = CompiledCondition::compile(expr, source, rulekit::test::eval_catalog());
        const std::string expect = c.json.at("expect");
        if (expect == "error") {
            REQUIRE(std::holds_alternative<std::string>(compiled));
            continue;
        }
        if (auto* error = std::get_if<std::string>(&compiled)) FAIL("does not compile: " << *error);
        const auto& cond = std::get<CompiledCondition>(compiled);
        const auto record = rulekit::test::record_from_json(c.json.at("record"));
        EvalTrace trace;
        const Truth got = cond.evaluate(record, trace);
        CHECK(rulekit::eval::truth_name(got) == expect);
        CHECK(cond.evaluate(record) == got);
        // The same values given by position (fields() order, null where not carried).
        std::vector<const rulekit::eval::FieldValue*> by_position;
        for (const auto& field : cond.fields()) by_position.push_back(record.find(field));
        CHECK(cond.evaluate(by_position) == got);
        if (c.json.contains("missing")) {
            CHECK(trace.missing_fields == c.json.at("missing").get<std::vector<std::string>>());
        }
        ++cases;
    }
    CHECK(cases > 100);
}

TEST_CASE("the trace reports each top-level conjunct and the fields that made the verdict unknown") {
    const auto expr = parse("evt.type = open and proc.name = sh and (fd.name startswith /etc or proc.pname = bash)");
    const auto cond = compile(expr);
    rulekit::eval::Record record;
    record.set("evt.type", rulekit::eval::FieldValue::string("open"));
    record.set("fd.name", rulekit::eval::FieldValue::string("/tmp/x"));
    EvalTrace trace;
    CHECK(cond.evaluate(record, trace) == Truth::Unknown);
    REQUIRE(trace.conjuncts.size() == 3);
    CHECK(trace.conjuncts[0].first == &expr.children[0]);
    CHECK(trace.conjuncts[0].second == Truth::True);
    CHECK(trace.conjuncts[1].second == Truth::Unknown);
    CHECK(trace.conjuncts[2].second == Truth::Unknown);
    CHECK(trace.missing_fields == std::vector<std::string>{"proc.name", "proc.pname"});
    CHECK(cond.fields() == std::vector<std::string>{"evt.type", "fd.name", "proc.name", "proc.pname"});

    // A false conjunct decides: nothing is reported missing.
    record.set("fd.name", rulekit::eval::FieldValue::string("/etc/passwd"));
    record.set("evt.type", rulekit::eval::FieldValue::string("openat"));
    CHECK(cond.evaluate(record, trace) == Truth::False);
    CHECK(trace.missing_fields.empty());
}

TEST_CASE("known truths replace sub-expressions before they are compiled") {
    const auto expr = parse("proc.name = sh and not proc.pname in (bash, zsh)");
    const auto* pname_check = &expr.children[1];
    const auto cond = compile(expr, "syscall", [&](const rulekit::grammar::Expr& e) -> std::optional<bool> {
        if (&e == pname_check) return true;
        return std::nullopt;
    });
    rulekit::eval::Record record;
    record.set("proc.name", rulekit::eval::FieldValue::string("sh"));
    CHECK(cond.evaluate(record) == Truth::True);
    CHECK(cond.fields() == std::vector<std::string>{"proc.name"});
}

TEST_CASE("compile errors come back as libsinsp's messages") {
    auto error_of = [](const std::string& text, const std::string& source = "syscall") {
        auto compiled = CompiledCondition::compile(parse(text), source, rulekit::test::eval_catalog());
        REQUIRE(std::holds_alternative<std::string>(compiled));
        return std::get<std::string>(compiled);
    };
    CHECK(error_of("proc.pid = abc") == "abc is not a valid number");
    CHECK(error_of("fd.sport = nosuchservice") == "unrecognized protocol nosuchservice");
    CHECK(error_of("some_macro") == "filter error: unexpected identifier 'some_macro'");
    CHECK(error_of("proc.name = x", "nosuchsource") == "unknown event source nosuchsource");
    CHECK(error_of("proc.nme = x").find("nonexistent field proc.nme") != std::string::npos);
}

TEST_CASE("a compiled condition copies and moves with its own scratch buffers") {
    const auto expr = parse("tolower(proc.name) = sh");
    const auto original = compile(expr);
    CompiledCondition copy = original;
    CompiledCondition moved = std::move(copy);
    rulekit::eval::Record record;
    record.set("proc.name", rulekit::eval::FieldValue::string("SH"));
    CHECK(original.evaluate(record) == Truth::True);
    CHECK(moved.evaluate(record) == Truth::True);
}

TEST_CASE("port names resolve from the embedded services table, not the host") {
    CHECK(rulekit::ruleset::service_port("ssh") == 22);
    CHECK(rulekit::ruleset::service_port("www") == 80);  // an alias of http
    CHECK(rulekit::ruleset::service_port("postgresql") == 5432);
    CHECK_FALSE(rulekit::ruleset::service_port("nosuchservice"));
}

TEST_CASE("regex subjects have invalid UTF-8 replaced by U+FFFD, as libsinsp sanitizes them") {
    rulekit::eval::Record record;
    record.set("proc.name", rulekit::eval::FieldValue::string("a\xff" "b"));
    auto verdict = [&](const std::string& text) { return compile(parse(text)).evaluate(record); };
    CHECK(verdict("proc.name regex \"a.b\"") == Truth::True);
    CHECK(verdict("proc.name regex \"a\xEF\xBF\xBD" "b\"") == Truth::True);
    CHECK(verdict("proc.name = \"a\xff" "b\"") == Truth::True);  // other operators see the bytes
}
