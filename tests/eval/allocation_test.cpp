// The evaluator allocates nothing per evaluation once its scratch buffers have grown: counted
// with a replaced global operator new, switched on only around the evaluations.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

#include "eval/condition.hpp"
#include "eval_support.hpp"
#include "grammar/condition.hpp"

namespace {
std::atomic<bool> counting{false};
std::atomic<size_t> allocations{0};
}  // namespace

void* operator new(size_t size) {
    if (counting) ++allocations;
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

TEST_CASE("evaluating a compiled condition allocates nothing once warmed up") {
    const char* text =
        "evt.type in (open, openat) and fd.name pmatch (/etc, /usr/*/lib) and not proc.name in (dpkg, rpm) "
        "and proc.pid > 100 and fd.sip = 10.0.0.1 and fd.snet = 10.0.0.0/8 and not proc.cmdline regex \".*ansible.*\" "
        "and tolower(proc.exepath) glob \"/usr/bin/*\" and proc.name = val(proc.name) and len(fd.name) > 3 "
        "and proc.name startswith anyof (v, x) and fd.ip = 10.0.0.1";
    auto parsed = rulekit::grammar::parse_condition(text);
    REQUIRE(parsed.ok());
    auto compiled = rulekit::eval::CompiledCondition::compile(*parsed.expr, "syscall", rulekit::test::eval_catalog());
    REQUIRE(std::holds_alternative<rulekit::eval::CompiledCondition>(compiled));
    const auto& condition = std::get<rulekit::eval::CompiledCondition>(compiled);
    const auto record = rulekit::test::record_from_json(nlohmann::json::parse(R"({
        "evt.type": "openat", "fd.name": "/etc/shadow", "proc.name": "vi", "proc.pid": 1234,
        "fd.sip": "10.0.0.1", "fd.cip": "10.0.0.2", "proc.cmdline": "vi /etc/shadow",
        "proc.exepath": "/USR/BIN/VI"})"));
    REQUIRE(condition.evaluate(record) == rulekit::eval::Truth::True);  // grows the scratch buffers
    counting = true;
    rulekit::eval::Truth result = rulekit::eval::Truth::Unknown;
    for (int i = 0; i < 100; ++i) result = condition.evaluate(record);
    counting = false;
    CHECK(result == rulekit::eval::Truth::True);
    CHECK(allocations == 0);
}
