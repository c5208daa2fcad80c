// Alert replay throughput: Falco's upstream rules (falco_rules.yaml, then incubating) with
// rules-examples/tuning/upstream-tuning.yaml, judging a deterministic synthetic log of alerts
// for a handful of upstream rules (their real output fields, container fields, some nulls and
// some alerts without container fields), beside the bare parse of the same lines by the
// project's alert reader. The parse is the floor: replay = parse + Replay::judge.
// Run: build/rulekit_replay_bench [google-benchmark flags].
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_support.hpp"
#include "bench/rules_corpus.hpp"
#include "eval/alert_log.hpp"
#include "eval/replay.hpp"

namespace {

constexpr size_t kAlerts = 20000;

using Random = rulekit::bench::SplitMix64;

struct Workload {
    std::vector<std::string> lines;
    std::unique_ptr<rulekit::ruleset::RuleSet> base, tuned;
    std::unique_ptr<rulekit::eval::Replay> replay;
};

Workload& workload() {
    static Workload w;
    return w;
}

std::string hex(Random& r, size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += "0123456789abcdef"[r.below(16)];
    return s;
}

std::vector<std::string> make_alerts(size_t count) {
    using nlohmann::ordered_json;
    Random r{42};
    const std::vector<std::string> images = {"docker.io/library/nginx", "registry.example.com/ci/build-runner",
                                             "ghcr.io/example/cluster-operator", "registry.example.com/ci/image-builder",
                                             "docker.io/bitnami/kubectl", "quay.io/prometheus/prometheus"};
    const std::vector<std::string> shells = {"bash", "sh", "zsh", "dash"};
    const std::vector<std::string> parents = {"runc", "containerd-shim", "node-agent", "nginx", "java", "python3"};
    const std::vector<std::string> readers = {"restic", "cat", "python3", "vault", "less"};
    const std::vector<std::string> gparents = {"backup-cron", "bash", "sshd", "systemd"};
    const std::vector<std::string> files = {"/etc/shadow", "/etc/sudoers", "/etc/pam.d/common-auth", "/etc/pam.conf"};
    const std::vector<std::string> packagers = {"apk", "apt-get", "pip", "npm", "dpkg"};
    std::vector<std::string> out;
    for (size_t i = 0; i < count; ++i) {
        ordered_json f;
        auto proc = [&](const std::string& name, const std::string& pname, const std::string& evt_type) {
            f["evt.type"] = evt_type;
            f["user.name"] = r.below(4) ? "root" : "app";
            f["user.uid"] = r.below(4) ? 0 : 1000;
            f["user.loginuid"] = -1;
            f["proc.name"] = name;
            f["proc.exepath"] = "/usr/bin/" + name;
            f["proc.pname"] = pname;
            f["proc.cmdline"] = name + " -c " + hex(r, 8);
            f["proc.tty"] = r.below(2) ? 34816 : 0;
        };
        std::string rule;
        switch (r.below(6)) {
            case 0:
                rule = "Terminal shell in container";
                proc(r.pick(shells), r.pick(parents), "execve");
                f["evt.arg.flags"] = "EXE_WRITABLE";
                break;
            case 1:
                rule = "Read sensitive file untrusted";
                proc(r.pick(readers), r.pick(parents), "openat");
                f["fd.name"] = r.pick(files);
                f["proc.aname[2]"] = r.below(5) ? nlohmann::json(r.pick(gparents)) : nlohmann::json(nullptr);
                f["proc.aname[3]"] = "systemd";
                f["proc.aname[4]"] = nullptr;
                break;
            case 2:
                rule = "Run shell untrusted";
                proc(r.pick(shells), r.pick(parents), "execve");
                f["proc.pexe"] = "/usr/bin/" + f["proc.pname"].get<std::string>();
                f["proc.pexepath"] = f["proc.pexe"];
                f["proc.pcmdline"] = f["proc.pname"].get<std::string>() + " --serve";
                for (int a = 2; a <= 7; ++a) f["proc.aname[" + std::to_string(a) + "]"] = a < 5 ? nlohmann::json("nginx") : nlohmann::json(nullptr);
                f["evt.arg.flags"] = "EXE_WRITABLE";
                break;
            case 3:
                rule = "Contact K8S API Server From Container";
                proc("kubectl", "containerd-shim", "connect");
                f["fd.name"] = "10.244.1.17:" + std::to_string(30000 + r.below(30000)) + "->10.96.0.1:443";
                f["fd.lport"] = 41234;
                f["fd.rport"] = 443;
                f["fd.type"] = "ipv4";
                f["fd.l4proto"] = "tcp";
                break;
            case 4:
                rule = "Launch Package Management Process in Container";
                proc(r.pick(packagers), "sh", "execve");
                f["evt.arg.flags"] = "EXE_WRITABLE";
                break;
            default:
                rule = "Netcat Remote Code Execution in Container";
                proc("nc", "bash", "execve");
                f["evt.arg.flags"] = "EXE_WRITABLE";
                break;
        }
        if (r.below(8)) {  // most alerts carry the container fields Falco appends
            f["container.id"] = hex(r, 12);
            f["container.image.repository"] = r.pick(images);
            f["container.image.tag"] = "latest";
            f["container.name"] = "c" + hex(r, 4);
            f["k8s.ns.name"] = r.below(3) ? nlohmann::json("default") : nlohmann::json(nullptr);
            f["k8s.pod.name"] = r.below(3) ? nlohmann::json("pod-" + hex(r, 5)) : nlohmann::json(nullptr);
        }
        f["evt.time"] = 1733306400000000000ULL + i * 1000003ULL;
        ordered_json alert;
        alert["hostname"] = "worker-" + std::to_string(r.below(8));
        alert["output"] = rule + " (synthetic)";
        alert["output_fields"] = f;
        alert["priority"] = "Notice";
        alert["rule"] = rule;
        alert["source"] = "syscall";
        alert["tags"] = {"container", "maturity_stable"};
        alert["time"] = "2024-12-04T10:00:00.000000000Z";
        out.push_back(alert.dump());
    }
    return out;
}

void BM_parse(benchmark::State& state) {
    size_t alerts = 0;
    for (auto _ : state) {
        for (const auto& line : workload().lines) {
            auto alert = rulekit::eval::parse_alert_line(line);
            alerts += alert.has_value();
            benchmark::DoNotOptimize(alert);
        }
    }
    state.counters["alerts/s"] = benchmark::Counter(static_cast<double>(alerts), benchmark::Counter::kIsRate);
}

void BM_replay(benchmark::State& state) {
    size_t alerts = 0, suppressed = 0;
    for (auto _ : state) {
        for (const auto& line : workload().lines) {
            auto alert = rulekit::eval::parse_alert_line(line);
            if (!alert) continue;
            const auto v = workload().replay->judge(alert->rule, alert->fields, alert->source);
            suppressed += v.verdict == rulekit::eval::Verdict::Suppressed;
            ++alerts;
        }
    }
    state.counters["alerts/s"] = benchmark::Counter(static_cast<double>(alerts), benchmark::Counter::kIsRate);
    state.counters["suppressed"] = static_cast<double>(suppressed) / static_cast<double>(state.iterations());
}

// Fastest of several interleaved repetitions each (as bench/lint_bench.cpp): the least
// disturbed by whatever else the machine is doing.
BENCHMARK(BM_parse)->Unit(benchmark::kMillisecond)->MinTime(0.2)->Repetitions(8);
BENCHMARK(BM_replay)->Unit(benchmark::kMillisecond)->MinTime(0.2)->Repetitions(8);


}  // namespace

int main(int argc, char** argv) {
    const auto shared = rulekit::corpus::shared_dir(RULEKIT_DEFAULT_SHARED_DIR);
    if (!shared) {
        std::fprintf(stderr, "rulekit_replay_bench: no rules corpus (set RULEKIT_SHARED_DIR)\n");
        return 2;
    }
    const auto up = *shared / "corpus/rules/upstream";
    const std::vector<std::filesystem::path> base = {up / "falco_rules.yaml", up / "falco-incubating_rules.yaml"};
    std::vector<std::filesystem::path> tuned = base;
    tuned.push_back(std::filesystem::path(RULEKIT_SOURCE_DIR) / "rules-examples/tuning/upstream-tuning.yaml");
    rulekit::ruleset::LoadOptions load;
    load.compile_after_each_file = false;
    Workload& w = workload();
    w.base = std::make_unique<rulekit::ruleset::RuleSet>(rulekit::ruleset::load_rule_files(base, load));
    w.tuned = std::make_unique<rulekit::ruleset::RuleSet>(rulekit::ruleset::load_rule_files(tuned, load));
    w.replay = std::make_unique<rulekit::eval::Replay>(*w.base, *w.tuned);
    w.lines = make_alerts(kAlerts);
    // Each rule's plan is built on its first alert: build them all before timing.
    std::map<std::string, size_t> verdicts;
    for (const auto& line : w.lines) {
        const auto alert = rulekit::eval::parse_alert_line(line);
        verdicts[rulekit::eval::verdict_name(w.replay->judge(alert->rule, alert->fields, alert->source).verdict)]++;
    }

    const std::map<std::string, double> times = rulekit::bench::run_interleaved(argc, argv);
    auto fastest = [&](const char* name) {
        auto it = times.find(name);
        return it == times.end() ? 0.0 : it->second;
    };
    const double parse = fastest("BM_parse"), replay = fastest("BM_replay");
    if (parse > 0 && replay > 0) {
        const double n = static_cast<double>(w.lines.size());
        std::printf("\n%zu synthetic alerts for 6 upstream rules (%zu suppressed, %zu fires, %zu unknown):\n"
                    "replay (parse + judge): %.0f alerts/s; bare parse (eval::parse_alert_line): %.0f alerts/s; "
                    "ratio replay/parse = %.2fx time (fastest of 8 interleaved repetitions each, CPU time)\n",
                    w.lines.size(), verdicts["suppressed"], verdicts["fires"], verdicts["unknown"], n / (replay / 1e3),
                    n / (parse / 1e3), replay / parse);
    }
    return 0;
}
