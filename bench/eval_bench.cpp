// rulekit_eval_bench: evaluations per second of an upstream-like resolved condition (the shape
// of "Write below etc" with its macros expanded) over records that pass late, fail early, and
// leave the verdict unknown.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

#include "eval/condition.hpp"
#include "grammar/condition.hpp"

namespace {

using rulekit::eval::CompiledCondition;
using rulekit::eval::FieldValue;
using rulekit::eval::Record;

constexpr const char* kCondition =
    "evt.type in (open, openat, openat2) and evt.is_open_write = true and fd.typechar = f and fd.num >= 0 "
    "and fd.name startswith /etc and not proc.name in (passwd, useradd, userdel, groupadd, groupdel, chage, "
    "adduser, deluser, dpkg, rpm, apt-get, yum, dnf, ansible, puppet, chef-client, systemd, sshd) "
    "and not fd.name pmatch (/etc/ssl, /etc/pki, /etc/ca-certificates) and not proc.pname glob \"run-parts*\" "
    "and not proc.cmdline regex \".*ansible.*\" and not tolower(proc.exepath) endswith /usr/bin/dpkg";

struct Fixture {
    rulekit::grammar::Expr expr;
    rulekit::grammar::FieldCatalog catalog;
    std::optional<CompiledCondition> condition;
    Fixture() {
        expr = *rulekit::grammar::parse_condition(kCondition).expr;
        auto compiled = CompiledCondition::compile(expr, "syscall", catalog);
        if (auto* error = std::get_if<std::string>(&compiled)) {
            std::cerr << *error << "\n";
            std::abort();
        }
        condition.emplace(std::get<CompiledCondition>(std::move(compiled)));
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

Record passing_record() {
    Record r;
    r.set("evt.type", FieldValue::string("openat"));
    r.set("evt.is_open_write", FieldValue::boolean_value(true));
    r.set("fd.typechar", FieldValue::string("f"));
    r.set("fd.num", FieldValue::integer_value(3));
    r.set("fd.name", FieldValue::string("/etc/shadow"));
    r.set("proc.name", FieldValue::string("vi"));
    r.set("proc.pname", FieldValue::string("bash"));
    r.set("proc.cmdline", FieldValue::string("vi /etc/shadow"));
    r.set("proc.exepath", FieldValue::string("/usr/bin/vi"));
    return r;
}

void BM_EvaluatePassing(benchmark::State& state) {
    const auto& condition = *fixture().condition;
    const Record record = passing_record();
    for (auto _ : state) benchmark::DoNotOptimize(condition.evaluate(record));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluatePassing);

void BM_EvaluateFailingEarly(benchmark::State& state) {
    const auto& condition = *fixture().condition;
    Record record = passing_record();
    record.set("evt.type", FieldValue::string("execve"));
    for (auto _ : state) benchmark::DoNotOptimize(condition.evaluate(record));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateFailingEarly);

void BM_EvaluateUnknownWithTrace(benchmark::State& state) {
    const auto& condition = *fixture().condition;
    Record record = passing_record();
    Record partial;
    for (const auto& [key, value] : record) {
        if (key != "proc.cmdline") partial.set(key, value);
    }
    rulekit::eval::EvalTrace trace;
    for (auto _ : state) benchmark::DoNotOptimize(condition.evaluate(partial, trace));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateUnknownWithTrace);

}  // namespace

BENCHMARK_MAIN();
