// Ingest benchmark for `rulekit gen`: how fast it reads a large Falco alert log, beside two
// baselines measured on the same file in the same run.
//
//   1. simdjson on-demand, one thread pinned to one CPU: every line parsed, every key unescaped
//      and every value read (strings, numbers, nulls, the tags array) — the bare cost of the
//      JSON; then the same with a thread per CPU, each on its share of the file, the bare cost
//      per CPU when all are busy (CPUs that share a core slow each other: this is what -j 0 is
//      compared with);
//   2. `rulekit gen --dry-run --rules <upstream falco_rules.yaml> -j 1 FILE` pinned to one CPU,
//      then `-j 0` on all CPUs, each a child process: wall time, and the peak resident memory
//      the child reports (VmHWM; wait4's ru_maxrss would count this process's memory at fork);
//   3. Python: `json.loads` per line + a count per (rule, proc.name) over the first --python-mb,
//      pinned to the same CPU as the other one-CPU runs.
//
// The three run --repeat times (default 5), interleaved, and the fastest run of each counts: the
// machines this runs on are shared, and a neighbour's burst should not decide a ratio. Each is
// timed by the wall clock and by its CPU time (every thread's, user and system: gen's own
// --timings, the parsing threads' clocks, wait4 for Python); the per-core ratios are printed
// both ways, since a neighbour holding the CPU stretches wall time without adding work.
//
// "Ingest" is the phase `rulekit gen --timings` reports as such: reading the log into per-rule
// pattern summaries. The whole run also loads the rules, proves every proposal by reading the
// log a second time and lints the output; it is printed beside it.
//
// Targets (from the gen issue): ingest per core >= 1/2 of simdjson's bare rate; ingest >= 10x
// Python, gen as it runs (-j 0) against the one-threaded script (the one-CPU ratio is printed
// beside it, with simdjson's own ratio to Python, its ceiling); peak RSS < 200 MiB for 1 GiB.
//
// The log is generated once, deterministically (splitmix64, fixed seed), into
// build/bench-data/alerts-<MB>mb-v2.jsonl, and reused while its size matches. It looks like
// the labelled logs of scripts/make_gen_logs.py: upstream rule names and their output fields
// (about 20 per alert, with the container/k8s fields of append_output), recurring patterns whose
// container ids, pod suffixes, dates in command lines, ports, addresses and times change on every
// alert, some nulls, and an occasional blank or text-output line.
//
// Run: build/rulekit_gen_bench [--size-mb N] [--python-mb N] [--repeat N]
//                              [--rules FILE] [--rulekit PATH] [--data-dir DIR]
#include <simdjson.h>

#include <sched.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <thread>
#include <vector>

#include "bench/bench_support.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr uint64_t kSeed = 0x5eed20261116ULL;
constexpr uint64_t kWeekStartNs = 1794787200ULL * 1000000000ULL;  // 2026-11-16T00:00:00Z
constexpr double kMiB = 1024.0 * 1024.0;

// The log generator's random source (deterministic, see bench/bench_support.hpp).
struct Random : rulekit::bench::SplitMix64 {
    void hex(std::string& out, size_t digits) {
        static constexpr char alphabet[] = "0123456789abcdef";
        for (size_t i = 0; i < digits; ++i) out += alphabet[below(16)];
    }
    void pod_suffix(std::string& out, size_t n) {
        static constexpr char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";  // Kubernetes' own
        for (size_t i = 0; i < n; ++i) out += alphabet[below(sizeof alphabet - 1)];
    }
};

// One recurring benign pattern (all of falco_rules.yaml, the file the subject loads): its rule and the identity that stays; the generator adds the
// volatile parts. `cmdline` may hold {date}, {host}, {n} placeholders.
struct Pattern {
    const char* rule;
    const char* priority;
    const char* tags;  // already a JSON array
    const char* evt_type;
    const char* image;
    const char* ns;
    const char* app;
    const char* proc_name;
    const char* exepath;
    const char* pname;  // nullptr = null
    const char* cmdline;
    const char* user;
    int uid;
    const char* file;  // fd.name; nullptr = a connection tuple
    const char* aname2;
    const char* aname3;
    int tty;
};

constexpr const char* kShellTags = R"(["T1059","container","maturity_stable","mitre_execution","shell"])";
constexpr const char* kFileTags = R"(["T1555","container","filesystem","host","maturity_stable","mitre_credential_access"])";
constexpr const char* kSearchTags = R"(["T1552.001","container","filesystem","host","maturity_stable","mitre_credential_access","process"])";
constexpr const char* kAwsTags = R"(["T1552","aws","container","host","maturity_stable","mitre_credential_access","process"])";
constexpr const char* kLogTags = R"(["NIST_800-53_AU-10","T1070","container","filesystem","host","maturity_stable","mitre_defense_evasion"])";
constexpr const char* kPacketTags = R"(["T1557.002","container","maturity_stable","mitre_credential_access","network"])";
constexpr const char* kSshTags = R"(["T1059","container","host","maturity_stable","mitre_execution","network","process"])";
constexpr const char* kPtraceTags = R"(["T1055.008","container","host","maturity_stable","mitre_privilege_escalation","process"])";
constexpr const char* kWipeTags = R"(["T1485","container","filesystem","host","maturity_stable","mitre_impact","process"])";
constexpr const char* kShellUntrustedTags = R"(["T1059.004","container","host","maturity_stable","mitre_execution","process","shell"])";
constexpr const char* kNetTags = R"(["T1565","container","k8s","maturity_stable","mitre_discovery","network"])";
constexpr const char* kExecTags = R"(["PCI_DSS_11.5.1","TA0003","container","maturity_stable","mitre_persistence","process"])";
constexpr const char* kRedirTags = R"(["T1059","container","maturity_stable","mitre_execution","network","process"])";

const Pattern kPatterns[] = {
    {"Drop and execute new binary in container", "Critical", kExecTags, "execve",
     "docker.io/falcosecurity/falco-driver-loader", "falco", "falco", "bash", "/usr/bin/bash", "falcoctl",
     "bash -c /usr/sbin/dkms status -m falco -v 8.0.0+driver -k 6.1.0-{n}-aws", "root", 0, nullptr,
     "containerd-shim", "systemd", 0},
    {"Read sensitive file untrusted", "Warning", kFileTags, "openat", "registry.acme.internal/platform/node-backup",
     "ops-backup", "etc-backup", "tar", "/usr/bin/tar", "backup.sh",
     "tar --create --gzip --file /backup/{date}/{host}/etc.tar.gz /etc", "root", 0, "/etc/shadow", "supercronic",
     "containerd-shim", 0},
    {"Read sensitive file untrusted", "Warning", kFileTags, "openat", "registry.acme.internal/platform/node-backup",
     "ops-backup", "etc-backup", "tar", "/usr/bin/tar", "backup.sh",
     "tar --create --gzip --file /backup/{date}/{host}/etc.tar.gz /etc", "root", 0, "/etc/sudoers", "supercronic",
     "containerd-shim", 0},
    {"Search Private Keys or Passwords", "Warning", kSearchTags, "execve", "docker.io/library/alpine",
     "gitlab-runner", "runner", "grep", "/bin/grep", "sh",
     "grep -rl BEGIN RSA PRIVATE /builds/acme/project-{id}", "root", 0, nullptr, "gitlab-runner-he",
     "containerd-shim", 0},
    {"Find AWS Credentials", "Warning", kAwsTags, "execve", "registry.acme.internal/sec/cred-scanner", "security",
     "cred-scanner", "find", "/usr/bin/find", "scan.sh", "find /home -path */.aws/credentials", "scanner", 1001,
     nullptr, "supercronic", "containerd-shim", 0},
    {"Clear Log Activities", "Warning", kLogTags, "openat", "registry.acme.internal/platform/log-shipper", "logging",
     "log-shipper", "logrotate", "/usr/sbin/logrotate", "crond", "logrotate /etc/logrotate.d/auth --state /tmp/lr-{hex}",
     "root", 0, "/var/log/auth.log", "containerd-shim", "systemd", 0},
    {"Packet socket created in container", "Notice", kPacketTags, "socket", "docker.io/osixia/keepalived", "ingress",
     "keepalived", "keepalived", "/usr/sbin/keepalived", "keepalived", "keepalived --dont-fork --log-console",
     "root", 0, nullptr, "containerd-shim", "systemd", 0},
    {"Disallowed SSH Connection Non Standard Port", "Notice", kSshTags, "connect", "docker.io/alpine/git",
     "gitlab-runner", "runner", "ssh", "/usr/bin/ssh", "git",
     "ssh -p 443 git@ssh.github.com git-upload-pack 'acme/infra-{id}.git'", "root", 0, nullptr, "sh",
     "containerd-shim", 0},
    {"PTRACE attached to process", "Warning", kPtraceTags, "ptrace", "registry.acme.internal/sre/profiler",
     "sre-debug", "profiler", "py-spy", "/usr/local/bin/py-spy", "bash", "py-spy record -d 30 -o /tmp/{hex}.svg -p {id}",
     "root", 0, nullptr, "containerd-shim", "systemd", 0},
    {"Remove Bulk Data from Disk", "Warning", kWipeTags, "execve", "ghcr.io/acme/uploader", "shop", "uploader",
     "shred", "/usr/bin/shred", "node", "shred -u /tmp/upload-{hex}.part", "app", 10001, nullptr, "containerd-shim",
     "systemd", 0},
    {"Run shell untrusted", "Notice", kShellUntrustedTags, "execve", "docker.io/library/postgres", "data", "postgres",
     "sh", "/bin/sh", "postgres", "sh -c test ! -f /archive/00000001000000A2000000{hex} && cp pg_wal/00000001000000A2000000{hex} /archive/",
     "postgres", 999, nullptr, "postgres", "containerd-shim", 0},
    {"Contact K8S API Server From Container", "Notice", kNetTags, "connect", "cgr.dev/chainguard/prometheus",
     "monitoring", "prometheus-k8s", "prometheus", "/bin/prometheus", nullptr,
     "prometheus --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus", "nobody", 65534,
     nullptr, "containerd-shim", "systemd", 0},
    {"Contact K8S API Server From Container", "Notice", kNetTags, "connect",
     "registry.k8s.io/kube-state-metrics/kube-state-metrics", "monitoring", "kube-state-metrics", "kube-state-metr",
     "/kube-state-metrics", nullptr, "kube-state-metr --port=8080 --telemetry-port=8081", "nobody", 65534, nullptr,
     "containerd-shim", "systemd", 0},
    {"Terminal shell in container", "Notice", kShellTags, "execve", "docker.io/nicolaka/netshoot", "sre-debug",
     "netshoot", "zsh", "/bin/zsh", nullptr, "zsh", "root", 0, nullptr, "containerd-shim", "systemd", 34816},
    {"Terminal shell in container", "Notice", kShellTags, "execve", "registry.acme.internal/sre/toolbox", "sre-debug",
     "toolbox", "bash", "/usr/bin/bash", "runc", "bash -il", "root", 0, nullptr, "containerd-shim", "systemd", 34817},
    {"Redirect STDOUT/STDIN to Network Connection in Container", "Notice", kRedirTags, "dup2",
     "registry.acme.internal/platform/ssh-bastion", "bastion", "ssh-bastion", "sshd", "/usr/sbin/sshd", "sshd",
     "sshd -D -e -R", "root", 0, nullptr, "s6-supervise", "s6-svscan", 0},
    {"Read sensitive file untrusted", "Warning", kFileTags, "openat", "docker.io/library/postgres", "data",
     "postgres", "pg_basebackup", "/usr/lib/postgresql/16/bin/pg_basebackup", "bash",
     "pg_basebackup -D /var/lib/backup/{date} -Ft -z -P", "postgres", 999, "/etc/pam.d/common-auth", "cron",
     "containerd-shim", 0},
};

const char* const kHosts[] = {"ip-10-0-1-23", "ip-10-0-1-87", "ip-10-0-2-14", "ip-10-0-2-201",
                              "ip-10-0-3-45", "ip-10-0-3-132", "ip-10-0-4-11", "ip-10-0-4-76"};

void json_string(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
}

// Appends one alert line (with '\n'); returns false for a junk line written instead.
bool append_alert(std::string& out, Random& r, uint64_t time_ns) {
    const uint64_t roll = r.below(5000);
    if (roll == 0) {
        out += '\n';
        return false;
    }
    const Pattern& p = kPatterns[r.below(std::size(kPatterns))];
    const char* host = kHosts[r.below(std::size(kHosts))];
    const uint64_t seconds = time_ns / 1000000000ULL;
    const unsigned day = static_cast<unsigned>((seconds - kWeekStartNs / 1000000000ULL) / 86400);
    char date[16];
    std::snprintf(date, sizeof date, "2026-11-%02u", 16 + day % 14);

    std::string cmdline;
    for (const char* c = p.cmdline; *c; ++c) {
        if (std::strncmp(c, "{date}", 6) == 0) { cmdline += date; c += 5; }
        else if (std::strncmp(c, "{host}", 6) == 0) { cmdline += host; c += 5; }
        else if (std::strncmp(c, "{n}", 3) == 0) { cmdline += std::to_string(1015 + r.below(12)); c += 2; }
        else if (std::strncmp(c, "{id}", 4) == 0) { cmdline += std::to_string(r.between(1000, 999999)); c += 3; }
        else if (std::strncmp(c, "{hex}", 5) == 0) { r.hex(cmdline, 8); c += 4; }
        else cmdline += *c;
    }
    std::string container_id;
    r.hex(container_id, 12);
    std::string pod = p.app;
    pod += '-';
    r.pod_suffix(pod, 10);
    pod += '-';
    r.pod_suffix(pod, 5);
    std::string fd_name;
    if (p.file) {
        fd_name = p.file;
    } else {
        fd_name = "10.42." + std::to_string(r.below(16)) + "." + std::to_string(r.between(2, 254)) + ":" +
                  std::to_string(r.between(32768, 60999)) + "->10.43.0.1:443";
    }
    const bool pname_null = p.pname == nullptr || r.below(50) == 0;
    const std::string tag = "v1." + std::to_string(r.below(30)) + "." + std::to_string(r.below(10));
    const int tty = p.tty ? p.tty + static_cast<int>(r.below(6)) : 0;
    const uint64_t pid = r.between(100, 4194303);

    const uint64_t ns = time_ns % 1000000000ULL;
    char clock[40];
    std::snprintf(clock, sizeof clock, "%02" PRIu64 ":%02" PRIu64 ":%02" PRIu64 ".%09" PRIu64,
                  (seconds / 3600) % 24, (seconds / 60) % 60, seconds % 60, ns);

    // The text output, as Falco renders it (with the append_output container/k8s fields).
    std::string text = clock;
    text += ": ";
    text += p.priority;
    text += ' ';
    text += p.rule;
    text += " | file=" + fd_name + " gparent=" + p.aname2 + " ggparent=" + p.aname3 + " evt_type=" + p.evt_type +
            " user=" + p.user + " user_uid=" + std::to_string(p.uid) + " user_loginuid=-1 process=" + p.proc_name +
            " proc_exepath=" + p.exepath + " parent=" + (pname_null ? "<NA>" : p.pname) + " command=" + cmdline +
            " terminal=" + std::to_string(tty) + " pid=" + std::to_string(pid) + " container_id=" + container_id +
            " container_image=" + p.image + " container_image_tag=" + tag + " container_name=" + p.app +
            " k8s_ns=" + p.ns + " k8s_pod_name=" + pod;

    out += R"({"hostname":)";
    json_string(out, host);
    out += R"(,"output":)";
    json_string(out, text);
    out += R"(,"output_fields":{"container.id":)";
    json_string(out, container_id);
    out += R"(,"container.image.repository":)";
    json_string(out, p.image);
    out += R"(,"container.image.tag":)";
    json_string(out, tag);
    out += R"(,"container.name":)";
    json_string(out, p.app);
    out += R"(,"evt.arg.flags":"EXE_WRITABLE|EXE_LOWER_LAYER","evt.time":)";
    out += std::to_string(time_ns);
    out += R"(,"evt.type":)";
    json_string(out, p.evt_type);
    out += R"(,"fd.name":)";
    json_string(out, fd_name);
    out += R"(,"k8s.ns.name":)";
    json_string(out, p.ns);
    out += R"(,"k8s.pod.name":)";
    json_string(out, pod);
    out += R"(,"proc.aname[2]":)";
    json_string(out, p.aname2);
    out += R"(,"proc.aname[3]":)";
    json_string(out, p.aname3);
    out += R"(,"proc.cmdline":)";
    json_string(out, cmdline);
    out += R"(,"proc.exepath":)";
    json_string(out, p.exepath);
    out += R"(,"proc.name":)";
    json_string(out, p.proc_name);
    out += R"(,"proc.pid":)";
    out += std::to_string(pid);
    out += R"(,"proc.pname":)";
    if (pname_null) out += "null";
    else json_string(out, p.pname);
    out += R"(,"proc.tty":)";
    out += std::to_string(tty);
    out += R"(,"user.loginuid":-1,"user.name":)";
    json_string(out, p.user);
    out += R"(,"user.uid":)";
    out += std::to_string(p.uid);
    out += R"(},"priority":)";
    json_string(out, p.priority);
    out += R"(,"rule":)";
    json_string(out, p.rule);
    out += R"(,"source":"syscall","tags":)";
    out += p.tags;
    char iso[48];
    std::snprintf(iso, sizeof iso, "2026-11-%02uT%s", 16 + day % 14, clock);
    out += R"(,"time":")";
    out += iso;
    out += "Z\"}\n";
    if (roll == 1) {  // a text-mode line mixed into the JSON log
        out += text;
        out += '\n';
    }
    return true;
}

// Writes the log once; returns its path. A file of the right size is reused.
fs::path ensure_log(const fs::path& dir, uint64_t size_mb) {
    fs::create_directories(dir);
    const fs::path path = dir / ("alerts-" + std::to_string(size_mb) + "mb-v2.jsonl");
    const uint64_t target = size_mb * 1024 * 1024;
    std::error_code ec;
    if (fs::exists(path, ec) && fs::file_size(path, ec) >= target && fs::file_size(path, ec) < target + 65536) {
        return path;
    }
    std::printf("generating %s (%" PRIu64 " MiB, once) ...\n", path.c_str(), size_mb);
    std::fflush(stdout);
    const fs::path partial = path.string() + ".partial";
    FILE* f = std::fopen(partial.c_str(), "wb");
    if (!f) throw std::runtime_error("cannot write " + partial.string());
    Random r{kSeed};
    std::string buffer;
    buffer.reserve(1 << 20);
    uint64_t written = 0;
    uint64_t time_ns = kWeekStartNs;
    while (written < target) {
        buffer.clear();
        while (buffer.size() < (1u << 20) - 4096) {
            time_ns += 1000000 + r.below(700000000);
            append_alert(buffer, r, time_ns);
        }
        if (std::fwrite(buffer.data(), 1, buffer.size(), f) != buffer.size()) {
            std::fclose(f);
            throw std::runtime_error("short write to " + partial.string());
        }
        written += buffer.size();
    }
    if (std::fclose(f) != 0) throw std::runtime_error("cannot close " + partial.string());
    fs::rename(partial, path);
    return path;
}

// ---- 1. simdjson bare --------------------------------------------------------------------

struct Tally {
    uint64_t alerts = 0;
    uint64_t skipped = 0;
    uint64_t bytes_seen = 0;  // keeps every read observable
    double cpu_seconds = 0;   // of the thread(s) that parsed
};

// CPU time of the calling thread (user and system).
double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

bool touch(simdjson::ondemand::value value, Tally& t);

bool touch_object(simdjson::ondemand::object object, Tally& t) {
    for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key)) return false;
        t.bytes_seen += key.size();
        simdjson::ondemand::value v;
        if (field.value().get(v)) return false;
        if (!touch(v, t)) return false;
    }
    return true;
}

bool touch(simdjson::ondemand::value value, Tally& t) {
    using simdjson::ondemand::json_type;
    json_type type;
    if (value.type().get(type)) return false;
    switch (type) {
        case json_type::object: {
            simdjson::ondemand::object o;
            return !value.get_object().get(o) && touch_object(o, t);
        }
        case json_type::array: {
            simdjson::ondemand::array a;
            if (value.get_array().get(a)) return false;
            for (auto element : a) {
                simdjson::ondemand::value v;
                if (element.get(v) || !touch(v, t)) return false;
            }
            return true;
        }
        case json_type::string: {
            std::string_view s;
            if (value.get_string().get(s)) return false;
            t.bytes_seen += s.size();
            return true;
        }
        case json_type::number: {
            simdjson::ondemand::number n;
            if (value.get_number().get(n)) return false;
            t.bytes_seen += n.is_double() ? 1 : static_cast<uint64_t>(n.get_int64() & 1);
            return true;
        }
        case json_type::boolean: {
            bool b;
            if (value.get_bool().get(b)) return false;
            t.bytes_seen += b;
            return true;
        }
        case json_type::null:
            return value.is_null();
    }
    return false;
}

// Reads [begin, end) of the file in padded chunks (memory stays flat), parses each line that
// starts in it on its own; the whole file by default.
Tally simdjson_bare(const fs::path& path, uint64_t begin = 0, uint64_t end = UINT64_MAX) {
    Tally t;
    const double cpu_start = thread_cpu_seconds();
    simdjson::ondemand::parser parser;
    constexpr size_t kChunk = 16 << 20;
    std::vector<char> buffer(kChunk + simdjson::SIMDJSON_PADDING);
    size_t carried = 0;
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw std::runtime_error("cannot read " + path.string());
    // A share that starts inside a line leaves that line to the share before it.
    bool skip_partial_line = begin > 0;
    if (begin > 0 && std::fseek(f, static_cast<long>(begin - 1), SEEK_SET) != 0) {
        throw std::runtime_error("cannot seek in " + path.string());
    }
    uint64_t position = begin > 0 ? begin - 1 : 0;  // file offset of buffer[carried]
    for (;;) {
        const size_t got = std::fread(buffer.data() + carried, 1, kChunk - carried, f);
        const size_t filled = carried + got;
        const uint64_t buffer_offset = position - carried;  // file offset of buffer[0]
        position += got;
        const bool last = got == 0 || std::feof(f);
        size_t start = 0;
        if (skip_partial_line) {
            const void* nl = std::memchr(buffer.data(), '\n', filled);
            if (!nl && !last) {
                carried = 0;
                continue;
            }
            start = nl ? static_cast<size_t>(static_cast<const char*>(nl) - buffer.data()) + 1 : filled;
            skip_partial_line = false;
        }
        bool past_end = false;
        for (;;) {
            if (buffer_offset + start >= end) {
                past_end = true;
                break;
            }
            const void* nl = std::memchr(buffer.data() + start, '\n', filled - start);
            if (!nl && !last) break;
            const size_t line_end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - buffer.data()) : filled;
            if (line_end > start) {
                simdjson::ondemand::document doc;
                simdjson::ondemand::object object;
                if (!parser.iterate(buffer.data() + start, line_end - start, buffer.size() - start).get(doc) &&
                    !doc.get_object().get(object) && touch_object(object, t)) {
                    ++t.alerts;
                } else {
                    ++t.skipped;
                }
            }
            start = line_end + 1;
            if (!nl) break;
        }
        if (last || past_end) break;
        carried = filled - std::min(start, filled);
        std::memmove(buffer.data(), buffer.data() + start, carried);
    }
    std::fclose(f);
    t.cpu_seconds = thread_cpu_seconds() - cpu_start;
    return t;
}

// The same on every CPU at once, each thread on its share of the file: what simdjson's bare parse
// gives per CPU when every CPU is busy (on machines whose CPUs share a core, less than alone).
Tally simdjson_bare_all_cpus(const fs::path& path, unsigned threads) {
    const uint64_t size = fs::file_size(path);
    std::vector<Tally> tallies(threads);
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < threads; ++i) {
        workers.emplace_back([&, i] { tallies[i] = simdjson_bare(path, size * i / threads, size * (i + 1) / threads); });
    }
    for (auto& w : workers) w.join();
    Tally total;
    for (const Tally& t : tallies) {
        total.alerts += t.alerts;
        total.skipped += t.skipped;
        total.bytes_seen += t.bytes_seen;
        total.cpu_seconds += t.cpu_seconds;
    }
    return total;
}

// ---- 2./3. child processes -----------------------------------------------------------------

struct ChildRun {
    double seconds = 0;
    double cpu_seconds = 0;  // user + system, from wait4
    int exit_code = -1;
    std::string output;  // stdout + stderr, from a file
};

// Every one-CPU measurement (simdjson's one-thread parse, gen -j 1, Python) runs on the same
// CPU, the first this process may use: a neighbour busy on one CPU then slows all of them alike.
void pin_to_first_cpu() {
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &allowed)) {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            sched_setaffinity(0, sizeof one, &one);
            return;
        }
    }
}

// The calling thread on the first CPU while it lives, on the CPUs it had before afterwards.
class PinnedToFirstCpu {
public:
    PinnedToFirstCpu() : restore_(sched_getaffinity(0, sizeof before_, &before_) == 0) { pin_to_first_cpu(); }
    ~PinnedToFirstCpu() {
        if (restore_) sched_setaffinity(0, sizeof before_, &before_);
    }
    PinnedToFirstCpu(const PinnedToFirstCpu&) = delete;
    PinnedToFirstCpu& operator=(const PinnedToFirstCpu&) = delete;

private:
    cpu_set_t before_{};
    bool restore_;
};

ChildRun run_child(const std::vector<std::string>& argv, bool one_cpu, const fs::path& log) {
    const auto started = Clock::now();
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        if (one_cpu) pin_to_first_cpu();
        const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        std::perror("exec");
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    ChildRun run;
    run.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    run.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    run.output = text.str();
    return run;
}

constexpr const char* kPythonBaseline = R"PY(
import collections, json, sys
path, limit = sys.argv[1], int(sys.argv[2])
counts = collections.Counter()
alerts = size = 0
with open(path, "rb") as f:
    for line in f:
        size += len(line)
        try:
            alert = json.loads(line)
        except ValueError:
            alert = None
        if isinstance(alert, dict) and "rule" in alert:
            alerts += 1
            counts[(alert["rule"], (alert.get("output_fields") or {}).get("proc.name"))] += 1
        if size >= limit:
            break
peak_kib = 0
with open("/proc/self/status") as status:
    for line in status:
        if line.startswith("VmHWM:"):
            peak_kib = int(line.split()[1])
print(alerts, size, len(counts), peak_kib)
)PY";

std::string arg_value(int& i, int argc, char** argv) {
    if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", argv[i]);
        std::exit(2);
    }
    return argv[++i];
}

void row(const char* name, double mb, double seconds, double alerts, double rss_mib, double cpu_seconds = 0) {
    std::printf("%-52s %9.1f %12.0f %8.2f", name, mb / seconds, alerts / seconds, seconds);
    if (rss_mib > 0) std::printf(" %10.1f", rss_mib);
    else std::printf(" %10s", "-");
    if (cpu_seconds > 0) std::printf(" %8.2f", cpu_seconds);
    std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
    uint64_t size_mb = 1024;
    uint64_t python_mb = 100;
    int repeat = 5;
    std::string rulekit = RULEKIT_BINARY;
    std::string rules = std::string(RULEKIT_DEFAULT_SHARED_DIR) + "/corpus/rules/upstream/falco_rules.yaml";
    fs::path data_dir = RULEKIT_BENCH_DATA_DIR;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--size-mb") size_mb = std::stoull(arg_value(i, argc, argv));
        else if (a == "--python-mb") python_mb = std::stoull(arg_value(i, argc, argv));
        else if (a == "--repeat") repeat = std::max(1, std::stoi(arg_value(i, argc, argv)));
        else if (a == "--rulekit") rulekit = arg_value(i, argc, argv);
        else if (a == "--rules") rules = arg_value(i, argc, argv);
        else if (a == "--data-dir") data_dir = arg_value(i, argc, argv);
        else {
            std::fprintf(stderr,
                         "usage: %s [--size-mb N (1024)] [--python-mb N (100)] [--repeat N (5)] "
                         "[--rules FILE] [--rulekit PATH] [--data-dir DIR]\n",
                         argv[0]);
            return 2;
        }
    }
    if (!fs::exists(rules)) {
        // The upstream rules live in ../shared, outside the repository: a skip (77) unless the
        // environment requires the corpus (CI), as for every other corpus-backed test.
        const char* required = std::getenv("RULEKIT_REQUIRE_SHARED");
        const bool fail = required && std::string_view(required) == "1";
        std::printf("%s: rules file not found: %s (pass --rules)\n", fail ? "FAIL" : "SKIPPED", rules.c_str());
        return fail ? 1 : 77;
    }

    const fs::path log = ensure_log(data_dir, size_mb);
    const double file_mb = static_cast<double>(fs::file_size(log)) / kMiB;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());

    auto gen_command = [&](bool all_cores) {
        return std::vector<std::string>{rulekit, "gen", "--dry-run", "--timings", "--rules", rules, "-j",
                                        all_cores ? "0" : "1", log.string()};
    };
    // The ingest phase of a run, wall and CPU time (every thread's), from its --timings line:
    // "ingest 1.234s (1.200s cpu)"; zeros when absent.
    auto ingest_times = [](const ChildRun& run) -> std::pair<double, double> {
        const size_t at = run.output.find("timings:");
        const size_t ingest = at == std::string::npos ? at : run.output.find("ingest ", at);
        const size_t open = ingest == std::string::npos ? ingest : run.output.find('(', ingest);
        if (open == std::string::npos) return {0.0, 0.0};
        return {std::atof(run.output.c_str() + ingest + 7), std::atof(run.output.c_str() + open + 1)};
    };
    // Wall time is what a user waits; CPU time is the work itself, which is what "per core"
    // means and what a neighbour taking the CPU away does not inflate. The least of each counts.
    struct Fastest {
        double seconds = 1e300, ingest = 1e300, cpu = 1e300, peak_rss_mib = 0;
        void add(double s, double phase, double phase_cpu, double rss) {
            seconds = std::min(seconds, s);
            ingest = std::min(ingest, phase);
            cpu = std::min(cpu, phase_cpu);
            peak_rss_mib = std::max(peak_rss_mib, rss);
        }
    };
    Fastest bare_best, bare_all_best, one, all, py;
    Tally bare;
    uint64_t py_alerts = 0, py_bytes = 0, py_groups = 0;
    for (int round = 0; round < repeat; ++round) {
        // 1.
        {
            const PinnedToFirstCpu pinned;
            const auto started = Clock::now();
            bare = simdjson_bare(log);
            const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
            bare_best.add(seconds, seconds, bare.cpu_seconds, 0);
        }
        const auto started_all = Clock::now();
        const Tally bare_all = simdjson_bare_all_cpus(log, cores);
        const double seconds_all = std::chrono::duration<double>(Clock::now() - started_all).count();
        bare_all_best.add(seconds_all, seconds_all, bare_all.cpu_seconds, 0);
        if (bare_all.alerts != bare.alerts || bare_all.skipped != bare.skipped) {
            std::fprintf(stderr, "simdjson on %u threads read %" PRIu64 " alerts and %" PRIu64 " other lines, one thread %" PRIu64 " and %" PRIu64 "\n",
                         cores, bare_all.alerts, bare_all.skipped, bare.alerts, bare.skipped);
            return 1;
        }

        // 2. rulekit gen pinned to one CPU, then free on all of them.
        for (bool all_cores : {false, true}) {
            const ChildRun run = run_child(gen_command(all_cores), !all_cores,
                                           data_dir / (all_cores ? "gen-allcores.log" : "gen-1core.log"));
            if (run.exit_code != 0) {
                std::fprintf(stderr, "rulekit gen exited %d; its output:\n%s\n", run.exit_code,
                             run.output.substr(0, 2000).c_str());
                return 1;
            }
            const auto [phase, phase_cpu] = ingest_times(run);
            const size_t peak_at = run.output.find("peak memory ");
            if (phase <= 0 || phase_cpu <= 0 || peak_at == std::string::npos) {
                std::fprintf(stderr, "rulekit gen --timings printed no ingest phase (wall and CPU) or peak memory:\n%s\n",
                             run.output.substr(0, 2000).c_str());
                return 1;
            }
            (all_cores ? all : one).add(run.seconds, phase, phase_cpu, std::atof(run.output.c_str() + peak_at + 12));
        }

        // 3.
        const ChildRun run = run_child({"python3", "-c", kPythonBaseline, log.string(),
                                        std::to_string(python_mb * 1024 * 1024)},
                                       true, data_dir / "python.log");
        uint64_t py_peak_kib = 0;
        if (run.exit_code != 0 || std::sscanf(run.output.c_str(), "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64, &py_alerts,
                                              &py_bytes, &py_groups, &py_peak_kib) != 4) {
            std::fprintf(stderr, "python baseline failed (exit %d):\n%s\n", run.exit_code, run.output.substr(0, 2000).c_str());
            return 1;
        }
        py.add(run.seconds, run.seconds, run.cpu_seconds, static_cast<double>(py_peak_kib) / 1024.0);
    }

    const double alerts = static_cast<double>(bare.alerts);
    std::printf("\nlog: %s, %.0f MiB, %" PRIu64 " alerts, %" PRIu64 " other lines; %u CPUs; fastest of %d interleaved runs\n",
                log.c_str(), file_mb, bare.alerts, bare.skipped, cores, repeat);
    std::printf("\n%-52s %9s %12s %8s %10s %8s\n", "", "MiB/s", "alerts/s", "wall s", "peak MiB", "CPU s");
    row("simdjson on-demand bare parse, 1 thread", file_mb, bare_best.seconds, alerts, 0, bare_best.cpu);
    row("simdjson on-demand bare parse, a thread per CPU", file_mb, bare_all_best.seconds, alerts, 0, bare_all_best.cpu);
    row("rulekit gen ingest, -j 1 pinned to 1 CPU", file_mb, one.ingest, alerts, 0, one.cpu);
    row("rulekit gen ingest, -j 0 on all CPUs", file_mb, all.ingest, alerts, 0, all.cpu);
    const double py_mb = static_cast<double>(py_bytes) / kMiB;
    char py_name[80];
    std::snprintf(py_name, sizeof py_name, "python3 json.loads + group-by (first %.0f MiB)", py_mb);
    row(py_name, py_mb, py.seconds, static_cast<double>(py_alerts), py.peak_rss_mib, py.cpu);
    std::printf("whole run (rules, ingest, proof = the log read again, lint of the output):\n");
    row("  rulekit gen --dry-run -j 1, 1 CPU", file_mb, one.seconds, alerts, one.peak_rss_mib);
    row("  rulekit gen --dry-run -j 0, all CPUs", file_mb, all.seconds, alerts, all.peak_rss_mib);

    const double bare_rate = file_mb / bare_best.seconds;
    const double py_rate = py_mb / py.seconds;
    const double ingest_1 = file_mb / one.ingest, ingest_all = file_mb / all.ingest;
    const double peak = std::max(one.peak_rss_mib, all.peak_rss_mib);
    // The limit is absolute: memory must not grow with the log, so a smaller log gets no smaller
    // budget (the figure is the issue's, for 1 GiB).
    const double rss_budget = 200.0;
    auto verdict = [](bool ok) { return ok ? "ok" : "MISSED"; };
    auto ratio = [](const char* name, double value, const char* target, const char* outcome) {
        std::printf("%-60s %8.2f %8s  %s\n", name, value, target, outcome);
    };
    std::printf("\n%-60s %8s %8s\n", "ratio", "value", "target");
    ratio("ingest 1 CPU / simdjson bare 1 thread, wall", ingest_1 / bare_rate, ">= 0.50", verdict(ingest_1 / bare_rate >= 0.5));
    ratio("  the same per CPU-second", bare_best.cpu / one.cpu, ">= 0.50", verdict(bare_best.cpu / one.cpu >= 0.5));
    const double bare_all_rate = file_mb / bare_all_best.seconds;
    ratio("ingest all CPUs / simdjson bare a thread per CPU, wall", ingest_all / bare_all_rate, ">= 0.50",
          verdict(ingest_all / bare_all_rate >= 0.5));
    ratio("  the same per CPU-second", bare_all_best.cpu / all.cpu, ">= 0.50", verdict(bare_all_best.cpu / all.cpu >= 0.5));
    ratio("simdjson a thread per CPU / 1 thread (how the CPUs scale)", bare_all_rate / bare_rate, "-", "");
    // The 10x is gen as it runs (-j 0, every CPU) against the one-threaded script; the per-core
    // bar is simdjson's, above. Per CPU the ratio is printed without a target: simdjson's bare
    // parse alone is only 11-15x Python per CPU on the machines this was measured on.
    ratio("ingest all CPUs (-j 0, as gen runs) / python", ingest_all / py_rate, ">= 10", verdict(ingest_all / py_rate >= 10));
    ratio("ingest 1 CPU / python", ingest_1 / py_rate, "-", "");
    ratio("simdjson bare 1 thread / python (the ceiling of the above)", bare_rate / py_rate, "-", "");
    ratio("whole run 1 CPU / simdjson bare 1 thread", file_mb / one.seconds / bare_rate, "-", "");
    ratio("whole run all CPUs / python", file_mb / all.seconds / py_rate, "-", "");
    std::printf("%-60s %8.1f %8s  %s\n", "peak RSS MiB, either run", peak, "< 200", verdict(peak < rss_budget));
    return 0;
}
