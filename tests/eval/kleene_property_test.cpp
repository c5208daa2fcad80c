// Properties of the evaluator over random conditions and random records: `not` flips a known
// result, `and`/`or` follow Kleene's tables, the printed condition evaluates the same, and a
// known verdict never changes when the fields the record lacked are filled in.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "eval/condition.hpp"
#include "eval_support.hpp"
#include "grammar/condition.hpp"
#include "grammar/printer.hpp"

using rulekit::eval::CompiledCondition;
using rulekit::eval::FieldValue;
using rulekit::eval::Record;
using rulekit::eval::Truth;

namespace {

constexpr const char* kLeaves[] = {
    "proc.name = sh",
    "proc.name in (sh, bash)",
    "proc.name startswith b",
    "proc.name icontains S",
    "proc.pid > 100",
    "fd.name pmatch (/etc)",
    "fd.name glob \"/tmp/*\"",
    "proc.pname exists",
    "tolower(proc.name) = sh",
    "proc.name = val(proc.pname)",
    "proc.name != anyof (sh, zsh)",
    "fd.sport = ssh",
    "fd.ip = 10.0.0.1",
    "fd.ip != 10.0.0.1",
    "len(fd.name) < 8",
};

struct FieldChoices {
    const char* key;
    std::vector<FieldValue> values;  // carried values; "absent" is chosen separately
};

std::vector<FieldChoices> field_choices() {
    return {
        {"proc.name", {FieldValue::null(), FieldValue::string("sh"), FieldValue::string("SH"), FieldValue::string("bash"), FieldValue::string("<NA>")}},
        {"proc.pname", {FieldValue::null(), FieldValue::string("sh"), FieldValue::string("bash")}},
        {"proc.pid", {FieldValue::null(), FieldValue::integer_value(50), FieldValue::integer_value(500), FieldValue::string("200")}},
        {"fd.name", {FieldValue::null(), FieldValue::string("/etc/passwd"), FieldValue::string("/tmp/a"), FieldValue::string("/etc")}},
        {"fd.sport", {FieldValue::null(), FieldValue::integer_value(22), FieldValue::integer_value(80)}},
        {"fd.cip", {FieldValue::null(), FieldValue::string("10.0.0.1"), FieldValue::string("10.0.0.2")}},
        {"fd.sip", {FieldValue::null(), FieldValue::string("10.0.0.1"), FieldValue::string("::1")}},
    };
}

std::string random_condition(std::mt19937& rng, int depth) {
    std::uniform_int_distribution<int> shape(0, depth <= 0 ? 0 : 3);
    std::uniform_int_distribution<size_t> leaf(0, std::size(kLeaves) - 1);
    switch (shape(rng)) {
        case 1: return "not (" + random_condition(rng, depth - 1) + ")";
        case 2: return "(" + random_condition(rng, depth - 1) + ") and (" + random_condition(rng, depth - 1) + ")";
        case 3: return "(" + random_condition(rng, depth - 1) + ") or (" + random_condition(rng, depth - 1) + ")";
        default: return kLeaves[leaf(rng)];
    }
}

// A record where each field is absent (not carried) with probability 1/3.
Record random_record(std::mt19937& rng, std::set<std::string>& absent) {
    Record r;
    absent.clear();
    for (const auto& f : field_choices()) {
        std::uniform_int_distribution<size_t> pick(0, f.values.size() + f.values.size() / 2);
        const size_t i = pick(rng);
        if (i >= f.values.size()) {
            absent.insert(f.key);
        } else {
            r.set(f.key, f.values[i]);
        }
    }
    return r;
}

struct Compiled {
    rulekit::grammar::Expr expr;
    std::optional<CompiledCondition> condition;
};

// Compiles in place: the compiled condition points into its expression.
void compile_into(Compiled& c, const std::string& text) {
    auto parsed = rulekit::grammar::parse_condition(text);
    REQUIRE(parsed.ok());
    c.expr = std::move(*parsed.expr);
    auto compiled = CompiledCondition::compile(c.expr, "syscall", rulekit::test::eval_catalog());
    if (auto* error = std::get_if<std::string>(&compiled)) FAIL(text << ": " << *error);
    c.condition.emplace(std::get<CompiledCondition>(std::move(compiled)));
}

}  // namespace

TEST_CASE("not flips known results and and/or follow Kleene's tables over random conditions") {
    std::mt19937 rng(20261204);
    std::set<std::string> absent;
    for (int round = 0; round < 300; ++round) {
        const std::string x = random_condition(rng, 3);
        const std::string y = random_condition(rng, 2);
        Compiled cx, cy, cnot, cand, cor, reprinted;
        compile_into(cx, x);
        compile_into(cy, y);
        compile_into(cnot, "not (" + x + ")");
        compile_into(cand, "(" + x + ") and (" + y + ")");
        compile_into(cor, "(" + x + ") or (" + y + ")");
        compile_into(reprinted, rulekit::grammar::print(cx.expr));
        for (int r = 0; r < 10; ++r) {
            const Record record = random_record(rng, absent);
            INFO("x = " << x << "\ny = " << y);
            const Truth tx = cx.condition->evaluate(record);
            const Truth ty = cy.condition->evaluate(record);
            CHECK(cnot.condition->evaluate(record) == rulekit::eval::truth_not(tx));
            CHECK(cand.condition->evaluate(record) == rulekit::eval::truth_and(tx, ty));
            CHECK(cor.condition->evaluate(record) == rulekit::eval::truth_or(tx, ty));
            CHECK(reprinted.condition->evaluate(record) == tx);

            rulekit::eval::EvalTrace trace;
            CHECK(cx.condition->evaluate(record, trace) == tx);
            if (tx == Truth::Unknown) {
                // Only fields the record lacks can make a verdict unknown.
                CHECK_FALSE(trace.missing_fields.empty());
                for (const auto& f : trace.missing_fields) CHECK(absent.count(f) == 1);
            } else {
                CHECK(trace.missing_fields.empty());
                // Filling in what was absent never changes a known verdict.
                Record filled = record;
                for (const auto& f : field_choices()) {
                    if (!absent.count(f.key)) continue;
                    std::uniform_int_distribution<size_t> pick(0, f.values.size() - 1);
                    filled.set(f.key, f.values[pick(rng)]);
                }
                CHECK(cx.condition->evaluate(filled) == tx);
            }
        }
    }
}

TEST_CASE("Kleene tables") {
    using rulekit::eval::truth_and;
    using rulekit::eval::truth_not;
    using rulekit::eval::truth_or;
    const Truth F = Truth::False, T = Truth::True, U = Truth::Unknown;
    CHECK(truth_and(F, U) == F);
    CHECK(truth_and(T, U) == U);
    CHECK(truth_and(U, U) == U);
    CHECK(truth_and(T, T) == T);
    CHECK(truth_or(T, U) == T);
    CHECK(truth_or(F, U) == U);
    CHECK(truth_or(F, F) == F);
    CHECK(truth_not(U) == U);
    CHECK(truth_not(T) == F);
}
