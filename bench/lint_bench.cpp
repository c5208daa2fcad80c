// Time to lint Falco's three upstream rules files (falco_rules.yaml, then incubating, then
// sandbox) beside two in-process floors measured in the same run: a bare YAML::LoadAll of the
// same files (the target is lint <= 1.5x it), and yaml-cpp's event parser alone, which is what
// lint itself consumes (it never calls LoadAll), so lint can never be faster than that.
// Then whole processes: `rulekit lint` on the three files against a program that only
// YAML::LoadAll's them, as a pre-commit hook pays (start-up and linking included).
// Run: build/rulekit_lint_bench.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
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

// Consumes every parser event and does nothing with it: the part of any yaml-cpp based load
// that no tree building or checking can avoid.
class IgnoreEvents : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

void BM_yaml_cpp_events(benchmark::State& state) {
    size_t bytes = 0;
    for (auto _ : state) {
        for (const auto& path : files()) {
            // Read and fed to the parser the way the rules-file reader does (grammar/yaml_tree).
            std::ifstream in(path, std::ios::binary);
            std::string text((std::istreambuf_iterator<char>(in)), {});
            bytes += text.size();
            std::istringstream stream(text);
            YAML::Parser parser(stream);
            IgnoreEvents handler;
            while (parser.HandleNextDocument(handler)) {
            }
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
// The repetitions of the benchmarks are interleaved in random order (bench_support.hpp): on a
// shared or frequency-scaling machine the CPU speed drifts within seconds, and running all
// loads first and all lints after would measure the drift instead of the ratio.
BENCHMARK(BM_yaml_cpp_load)->Unit(benchmark::kMillisecond)->MinTime(0.2)->Repetitions(12);
BENCHMARK(BM_yaml_cpp_events)->Unit(benchmark::kMillisecond)->MinTime(0.2)->Repetitions(12);
BENCHMARK(BM_rulekit_lint)->Unit(benchmark::kMillisecond)->MinTime(0.2)->Repetitions(12);


// Wall time of one run of `argv` (output discarded), in milliseconds; negative on failure.
double run_process_ms(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return -1;
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    const auto end = std::chrono::steady_clock::now();
    // rulekit lint exits 1 when it has findings at the fail level; only 2 and above are failures.
    if (WEXITSTATUS(status) > 1) return -1;
    return std::chrono::duration<double, std::milli>(end - start).count();
}

// The two commands run `runs` times each, in an order shuffled per round so that drifting CPU
// speed hits both alike; the fastest and the median of each are printed.
void compare_whole_processes(int runs) {
    // No .rulekit.yaml from wherever the bench runs: the same checks as the in-process lint.
    std::vector<std::string> lint{RULEKIT_CLI, "lint", "--no-config"}, load{RULEKIT_YAML_LOAD};
    for (const auto& f : files()) {
        lint.push_back(f.string());
        load.push_back(f.string());
    }
    std::vector<double> lint_ms, load_ms;
    std::mt19937 shuffle(20260);
    for (int i = 0; i < runs; ++i) {
        const bool lint_first = shuffle() % 2 == 0;
        for (int k = 0; k < 2; ++k) {
            const bool is_lint = (k == 0) == lint_first;
            const double ms = run_process_ms(is_lint ? lint : load);
            if (ms < 0) {
                std::printf("whole process: %s failed; no comparison\n", (is_lint ? lint : load)[0].c_str());
                return;
            }
            (is_lint ? lint_ms : load_ms).push_back(ms);
        }
    }
    std::sort(lint_ms.begin(), lint_ms.end());
    std::sort(load_ms.begin(), load_ms.end());
    const double lint_median = lint_ms[lint_ms.size() / 2], load_median = load_ms[load_ms.size() / 2];
    std::printf("whole process, wall time of %d interleaved runs each: `rulekit lint` on the 3 files %.1f ms fastest, "
                "%.1f ms median; a bare yaml-cpp load of them %.1f ms fastest, %.1f ms median; ratio %.2fx fastest, "
                "%.2fx median\n",
                runs, lint_ms.front(), lint_median, load_ms.front(), load_median, lint_ms.front() / load_ms.front(),
                lint_median / load_median);
}

}  // namespace

int main(int argc, char** argv) {
    const auto shared = rulekit::corpus::shared_dir(RULEKIT_DEFAULT_SHARED_DIR);
    if (!shared) {
        std::fprintf(stderr, "rulekit_lint_bench: no rules corpus (set RULEKIT_SHARED_DIR)\n");
        return 2;
    }
    const auto up = *shared / "corpus/rules/upstream";
    files() = {up / "falco_rules.yaml", up / "falco-incubating_rules.yaml", up / "falco-sandbox_rules.yaml"};
    const std::map<std::string, double> times = rulekit::bench::run_interleaved(argc, argv);
    auto fastest = [&](const char* name) {
        auto it = times.find(name);
        return it == times.end() ? 0.0 : it->second;
    };
    const double load = fastest("BM_yaml_cpp_load"), lint = fastest("BM_rulekit_lint");
    const double events = fastest("BM_yaml_cpp_events");
    if (load > 0 && lint > 0 && events > 0) {
        std::printf("\nlint of the 3 upstream files: %.2f ms CPU; bare yaml-cpp load: %.2f ms CPU; yaml-cpp's event "
                    "parser alone: %.2f ms CPU (fastest of 12 interleaved repetitions each)\n"
                    "ratio lint/load = %.2fx (target <= 1.5x); lint/event parser = %.2fx (the floor lint reads "
                    "from)\n",
                    lint, load, events, lint / load, lint / events);
    }
    compare_whole_processes(30);
    return 0;
}
