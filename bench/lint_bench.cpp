// Time to lint Falco's three upstream rules files (falco_rules.yaml, then incubating, then
// sandbox) beside a bare yaml-cpp load of the same files, measured in the same run. The YAML
// parse is the floor: the target is lint <= 1.5x the load. Run: build/rulekit_lint_bench.
#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "bench/rules_corpus.hpp"
#include "lint/linter.hpp"

namespace {

std::vector<std::filesystem::path>& files() {
    static std::vector<std::filesystem::path> f;
    return f;
}

void BM_yaml_cpp_load(benchmark::State& state) {
    size_t bytes = 0;
    for (auto _ : state) {
        for (const auto& path : files()) {
            // What any loader must do at least: read the file and build yaml-cpp's documents.
            std::ifstream in(path, std::ios::binary);
            std::string text((std::istreambuf_iterator<char>(in)), {});
            bytes += text.size();
            auto docs = YAML::LoadAll(text);
            benchmark::DoNotOptimize(docs);
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_rulekit_lint(benchmark::State& state) {
    rulekit::lint::LintOptions options;
    size_t findings = 0;
    for (auto _ : state) {
        auto result = rulekit::lint::lint_files(files(), options);
        findings = result.diagnostics.size();
        benchmark::DoNotOptimize(result);
    }
    state.counters["findings"] = static_cast<double>(findings);
}

// Several repetitions each; the ratio uses the fastest of each, the least disturbed by whatever
// else the machine is doing.
// The repetitions of the two benchmarks are interleaved in random order (see main): on a
// shared or frequency-scaling machine the CPU speed drifts within seconds, and running all
// loads first and all lints after would measure the drift instead of the ratio.
BENCHMARK(BM_yaml_cpp_load)->Unit(benchmark::kMillisecond)->MinTime(0.2)->Repetitions(12);
BENCHMARK(BM_rulekit_lint)->Unit(benchmark::kMillisecond)->MinTime(0.2)->Repetitions(12);

class RatioReporter : public benchmark::ConsoleReporter {
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

}  // namespace

int main(int argc, char** argv) {
    const auto shared = rulekit::corpus::shared_dir(RULEKIT_DEFAULT_SHARED_DIR);
    if (!shared) {
        std::fprintf(stderr, "rulekit_lint_bench: no rules corpus (set RULEKIT_SHARED_DIR)\n");
        return 2;
    }
    const auto up = *shared / "corpus/rules/upstream";
    files() = {up / "falco_rules.yaml", up / "falco-incubating_rules.yaml", up / "falco-sandbox_rules.yaml"};
    std::vector<char*> args(argv, argv + argc);
    static char interleave[] = "--benchmark_enable_random_interleaving=true";
    args.insert(args.begin() + 1, interleave);  // a later command-line flag still wins
    int count = static_cast<int>(args.size());
    benchmark::Initialize(&count, args.data());
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    const double load = reporter.times_["BM_yaml_cpp_load"], lint = reporter.times_["BM_rulekit_lint"];
    if (load > 0 && lint > 0) {
        std::printf("\nlint of the 3 upstream files: %.2f ms CPU; bare yaml-cpp load: %.2f ms CPU (fastest of 12 "
                    "interleaved repetitions each); ratio lint/load = %.2fx (target <= 1.5x)\n",
                    lint, load, lint / load);
    }
    return 0;
}
