// What the benchmarks share: a deterministic random source for the logs they generate, and a
// Google Benchmark reporter that keeps the fastest repetition of each benchmark for the ratios.
#pragma once

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rulekit::bench {

// splitmix64: the same sequence, so the same log, on every machine.
struct SplitMix64 {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    uint64_t below(uint64_t n) { return next() % n; }
    uint64_t between(uint64_t lo, uint64_t hi) { return lo + below(hi - lo + 1); }
    template <class T>
    const T& pick(const std::vector<T>& items) {
        return items[below(items.size())];
    }
    template <class T, size_t N>
    const T& pick(const T (&items)[N]) {
        return items[below(N)];
    }
};

// Prints as the console reporter does and remembers, per benchmark, the fastest CPU time of
// its repetitions: the one least disturbed by whatever else the machine is doing.
class FastestRunReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& run : runs) {
            if (run.run_type != Run::RT_Iteration) continue;
            const std::string name = run.benchmark_name();
            double& best = times_[name.substr(0, name.find('/'))];
            const double t = run.GetAdjustedCPUTime();
            if (best == 0 || t < best) best = t;
        }
        ConsoleReporter::ReportRuns(runs);
    }
    std::map<std::string, double> times_;
};

// Runs the registered benchmarks with their repetitions interleaved in random order (a later
// command-line flag still wins): on a shared or frequency-scaling machine the CPU speed drifts
// within seconds, and running one benchmark's repetitions after the other's would measure the
// drift instead of the ratio. Returns the fastest CPU time of each benchmark.
inline std::map<std::string, double> run_interleaved(int argc, char** argv) {
    std::vector<char*> args(argv, argv + argc);
    static char interleave[] = "--benchmark_enable_random_interleaving=true";
    args.insert(args.begin() + 1, interleave);
    int count = static_cast<int>(args.size());
    benchmark::Initialize(&count, args.data());
    FastestRunReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    return reporter.times_;
}

// Prints as the console reporter does and keeps each benchmark's rates (bytes/s, items/s), so
// that main() can print ratios between them.
class RecordingReporter : public benchmark::ConsoleReporter {
public:
    RecordingReporter() : ConsoleReporter(isatty(fileno(stdout)) ? OO_ColorTabular : OO_Tabular) {}

    std::map<std::string, std::pair<double, double>> rates;  // name -> (bytes/s, items/s)

    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& run : runs) {
            if (run.run_type != Run::RT_Iteration || run.error_occurred) continue;
            rates[run.run_name.function_name] = {counter(run, "bytes_per_second"), counter(run, "items_per_second")};
        }
        ConsoleReporter::ReportRuns(runs);
    }

private:
    static double counter(const Run& run, const char* name) {
        const auto it = run.counters.find(name);
        return it == run.counters.end() ? 0.0 : it->second.value;
    }
};

}  // namespace rulekit::bench
