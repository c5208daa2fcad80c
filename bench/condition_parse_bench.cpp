// Condition-parsing throughput on one core, against an in-process baseline over the same bytes.
// The input is every `condition:` of the shared rules corpus (upstream, plugins, community),
// replicated to at least 10 MB. Run: build/rulekit_bench [google-benchmark flags]; the corpus is
// $RULEKIT_SHARED_DIR/corpus/rules (default <source>/../shared).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_support.hpp"
#include "bench/rules_corpus.hpp"
#include "grammar/condition.hpp"

namespace {

constexpr size_t kMinimumBytes = 10u << 20;

struct Workload {
    std::string bytes;                         // all conditions back to back
    std::vector<std::string_view> conditions;  // views into `bytes`
    size_t distinct = 0;          // conditions collected from the corpus
    size_t distinct_parsing = 0;  // how many of them parse
};

Workload& workload() {
    static Workload w;
    return w;
}

bool load_workload() {
    const auto shared = rulekit::corpus::shared_dir(RULEKIT_DEFAULT_SHARED_DIR);
    if (!shared) {
        const char* env = std::getenv("RULEKIT_SHARED_DIR");
        std::fprintf(stderr,
                     "rulekit_bench: no rules corpus at %s/corpus/rules; set RULEKIT_SHARED_DIR to the folder "
                     "that holds corpus/rules\n",
                     env ? env : RULEKIT_DEFAULT_SHARED_DIR);
        return false;
    }
    const auto rules = *shared / "corpus/rules";
    const auto distinct = rulekit::corpus::collect({rules / "upstream", rules / "plugins", rules / "community"}, "condition");
    if (distinct.empty()) {
        std::fprintf(stderr, "rulekit_bench: no condition found under %s\n", rules.c_str());
        return false;
    }
    Workload& w = workload();
    w.distinct = distinct.size();
    size_t one_copy = 0;
    for (const auto& c : distinct) {
        one_copy += c.size();
        if (rulekit::grammar::parse_condition(c).ok()) ++w.distinct_parsing;
    }
    const size_t copies = (kMinimumBytes + one_copy - 1) / one_copy;
    w.bytes.reserve(copies * one_copy);
    std::vector<std::pair<size_t, size_t>> spans;
    for (size_t i = 0; i < copies; ++i) {
        for (const auto& c : distinct) {
            spans.emplace_back(w.bytes.size(), c.size());
            w.bytes += c;
        }
    }
    for (auto [offset, size] : spans) w.conditions.emplace_back(w.bytes.data() + offset, size);
    return true;
}

void account(benchmark::State& state) {
    const Workload& w = workload();
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * w.bytes.size()));
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * w.conditions.size()));
}

void BM_ParseConditions(benchmark::State& state) {
    const Workload& w = workload();
    for (auto _ : state) {
        size_t ok = 0;
        for (std::string_view c : w.conditions) ok += rulekit::grammar::parse_condition(c).ok();
        benchmark::DoNotOptimize(ok);
    }
    account(state);
}

// Baselines: the least work that still reads every byte of every condition.
void BM_BaselineHash(benchmark::State& state) {
    const Workload& w = workload();
    const std::hash<std::string_view> hash;
    for (auto _ : state) {
        size_t h = 0;
        for (std::string_view c : w.conditions) h ^= hash(c);
        benchmark::DoNotOptimize(h);
    }
    account(state);
}

void BM_BaselineMemchr(benchmark::State& state) {
    const Workload& w = workload();
    for (auto _ : state) {
        size_t spaces = 0;
        for (std::string_view c : w.conditions) {
            const char* p = c.data();
            const char* const end = p + c.size();
            while ((p = static_cast<const char*>(std::memchr(p, ' ', static_cast<size_t>(end - p))))) {
                ++spaces;
                if (++p == end) break;
            }
        }
        benchmark::DoNotOptimize(spaces);
    }
    account(state);
}

BENCHMARK(BM_ParseConditions)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_BaselineHash)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_BaselineMemchr)->Unit(benchmark::kMillisecond)->MinTime(1.0);

using rulekit::bench::RecordingReporter;

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    if (!load_workload()) return 2;
    const Workload& w = workload();
    std::printf("workload: %zu conditions from the corpus (%zu parse), replicated to %zu conditions, %.1f MB\n", w.distinct,
                w.distinct_parsing, w.conditions.size(), static_cast<double>(w.bytes.size()) / 1e6);

    RecordingReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    const auto parse = reporter.rates.find("BM_ParseConditions");
    if (parse == reporter.rates.end()) return 0;
    const double mb = 1e6;
    std::printf("\nparse: %.1f MB/s, %.0f conditions/s (one core)\n", parse->second.first / mb, parse->second.second);
    for (const char* baseline : {"BM_BaselineHash", "BM_BaselineMemchr"}) {
        const auto b = reporter.rates.find(baseline);
        if (b == reporter.rates.end() || b->second.first == 0) continue;
        std::printf("%s: %.1f MB/s; ratio parse/baseline = %.4f (baseline is %.1fx faster)\n", baseline,
                    b->second.first / mb, parse->second.first / b->second.first, b->second.first / parse->second.first);
    }
    return 0;
}
