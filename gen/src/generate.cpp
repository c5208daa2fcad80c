#include "gen/generate.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <ostream>

#include "gen/aggregate.hpp"
#include "gen/emit.hpp"
#include "gen/prove.hpp"
#include "gen/report.hpp"
#include "lint/config.hpp"
#include "lint/linter.hpp"

namespace rulekit::gen {

namespace fs = std::filesystem;

namespace {

// Standard input can be read once; the proof reads the alerts a second time, so it is kept in
// a temporary file for the run.
class SpooledInputs {
public:
    explicit SpooledInputs(std::vector<std::string> inputs) : inputs_(std::move(inputs)) {
        for (auto& input : inputs_) {
            if (input != "-") continue;
            if (spool_.empty()) {
                char name[] = "/tmp/rulekit-gen-stdin-XXXXXX";
                const int fd = mkstemp(name);
                if (fd < 0) throw std::runtime_error("cannot create a temporary file for standard input");
                spool_ = name;
                std::FILE* out = fdopen(fd, "wb");
                if (!out) close(fd);
                char buffer[1 << 16];
                size_t n;
                bool ok = out != nullptr;
                while (ok && (n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) ok = std::fwrite(buffer, 1, n, out) == n;
                if (out && std::fclose(out) != 0) ok = false;
                if (!ok) throw std::runtime_error("cannot keep standard input in " + spool_);
            }
            input = spool_;
        }
    }
    ~SpooledInputs() {
        if (!spool_.empty()) std::remove(spool_.c_str());
    }
    const std::vector<std::string>& inputs() const { return inputs_; }

private:
    std::vector<std::string> inputs_;
    std::string spool_;
};

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ruleset::LoadInputError(fmt::format("cannot read '{}'", path.string()));
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// CPU time of the whole process (every thread, user and system) so far: --timings prints it
// beside each phase's wall time, which on a shared machine also counts waiting for a CPU.
double process_cpu_seconds() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The process's peak resident memory (VmHWM) in KiB, where Linux says it. Not getrusage's
// ru_maxrss: that also counts the memory of whatever process forked this one before exec.
std::optional<uint64_t> peak_memory_kib() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmHWM:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10);
    }
    return std::nullopt;
}

void report_load_problems(const ruleset::RuleSet& rules, std::ostream& err) {
    for (const auto& line : ruleset::falco_error_lines(rules)) {
        err << "rulekit gen: warning: Falco would reject the rules: " << line << "\n";
    }
}

// The generated tuning must lint clean on top of the rules it tunes (and the file it merges into).
// Findings before `first_line` are about the file merged into, which is the user's business.
void lint_generated(const GenOptions& options, const ruleset::RuleSet& rules, const std::string& tuning_name,
                    const std::string& tuning, bool legacy_append, uint32_t first_line) {
    // The rules' bytes as they were loaded, in load order.
    std::vector<lint::SourceFile> files;
    for (const auto& r : options.rules) {
        auto loaded = rules.sources().find(r.string());
        files.push_back({r.string(), loaded != rules.sources().end() ? loaded->second : read_bytes(r)});
    }
    files.push_back({tuning_name, tuning});
    lint::LintOptions lint_options;
    lint_options.catalog = options.load.catalog;
    lint_options.plugins_explicit = options.load.plugins_explicit;
    lint_options.plugin_versions = options.load.plugin_versions;
    lint_options.field_files = options.load.field_files;
    if (options.target_falco) lint_options.target_falco = options.target_falco;
    const lint::LintResult result = lint::lint_sources(files, lint_options);
    std::vector<std::string> problems;
    for (const auto& d : result.diagnostics) {
        if (d.loc.file != tuning_name || d.severity == Severity::Info || d.loc.line < first_line) continue;
        // Asked for: the target Falco predates `override:`, so `append: true` is the only form.
        if (legacy_append && d.code == "deprecated-item") continue;
        problems.push_back(fmt::format("{}:{}:{}: {}[{}]: {}", d.loc.file, d.loc.line, d.loc.column,
                                       severity_name(d.severity), d.code, d.message));
    }
    if (!problems.empty()) {
        // A bug in rulekit gen: say so with everything needed to report it.
        throw std::runtime_error(fmt::format(
            "the generated tuning does not lint clean (not written; please report this):\n  {}\n--- rejected tuning ---\n{}",
            fmt::join(problems, "\n  "), tuning));
    }
}

std::string header_of(const GenOptions& options, const AlertStats& stats, uint64_t alerts) {
    std::vector<std::string> inputs;
    for (const auto& i : options.alerts) inputs.push_back(i == "-" ? "standard input" : fs::path(i).filename().string());
    return fmt::format(
        "Tuning generated by rulekit gen from {} alerts of {} rule(s) ({}).\n"
        "Each exception row carries the evidence it was made from; every row was proven to suppress the\n"
        "alerts of its pattern and none of the alerts left firing. Review before merging.",
        alerts, stats.rules.size(), fmt::join(inputs, ", "));
}

}  // namespace

GenResult generate_tuning(const GenOptions& options, std::ostream& err) {
    if (options.report) {
        const auto ext = options.report->extension();
        if (ext != ".md" && ext != ".html" && ext != ".htm") {
            throw GenUsageError(fmt::format("--report {}: the report is .md (Markdown) or .html", options.report->string()));
        }
    }
    bool legacy_append = false;
    if (options.target_falco) {
        const auto version = lint::parse_falco_version(*options.target_falco);
        if (!version) throw GenUsageError(fmt::format("--target-falco: '{}' is not a Falco version", *options.target_falco));
        legacy_append = *version < lint::FalcoVersion{0, 37, 0};
    }
    using Clock = std::chrono::steady_clock;
    struct Phase {
        std::string name;
        double seconds, cpu_seconds;
    };
    std::vector<Phase> phases;
    auto phase_start = Clock::now();
    double phase_cpu_start = process_cpu_seconds();
    auto end_phase = [&](const char* name) {
        const auto now = Clock::now();
        const double cpu = process_cpu_seconds();
        phases.push_back({name, std::chrono::duration<double>(now - phase_start).count(), cpu - phase_cpu_start});
        phase_start = now;
        phase_cpu_start = cpu;
    };
    ruleset::LoadOptions load = options.load;
    load.compile_after_each_file = false;
    const ruleset::RuleSet rules = ruleset::load_rule_files(options.rules, load);
    end_phase("load");
    report_load_problems(rules, err);

    const SpooledInputs spooled(options.alerts);

    IngestOptions ingest;
    ingest.jobs = options.jobs;
    auto last_report = Clock::now();
    const auto ingest_start = Clock::now();
    if (options.progress) {
        ingest.progress = [&](uint64_t lines) {
            const auto now = Clock::now();
            if (now - last_report < std::chrono::milliseconds(500)) return;
            last_report = now;
            const double seconds = std::chrono::duration<double>(now - ingest_start).count();
            err << fmt::format("\rrulekit gen: {} lines read ({:.0f} lines/s)", lines, seconds > 0 ? lines / seconds : 0.0)
                << std::flush;
        };
    }
    end_phase("spool");
    const AlertStats stats = ingest_alerts(spooled.inputs(), ingest);
    if (options.progress) err << "\r\033[K" << std::flush;
    end_phase("ingest");
    for (const auto& message : stats.skipped.messages()) err << "rulekit gen: " << message << "\n";

    Synthesis synthesis = synthesize(stats, rules, options.thresholds);
    end_phase("synthesis");
    ProofOptions proof;
    proof.jobs = options.jobs;
    proof.keep_inputs = options.keep;
    prove(synthesis.proposals, spooled.inputs(), rules, proof);
    end_phase("proof");
    for (const auto& p : synthesis.proposals) {
        if (p.dropped) {
            synthesis.left_firing.push_back({p.rule, constraints_condition(p.constraints), p.evidence.alerts,
                                             "proposal dropped: " + p.dropped_why, p.evidence.sample_at});
        }
    }

    GenResult result;
    result.alerts = stats.skipped.alerts;
    for (const auto& p : synthesis.proposals) {
        if (p.dropped) {
            ++result.proposals_dropped;
            continue;
        }
        ++result.proposals_written;
        result.alerts_suppressed += p.suppressed;
    }

    // What the rows are appended to: the rules, and the file merged into.
    std::string merged_bytes;
    std::optional<ruleset::RuleSet> with_merge;
    if (options.merge && fs::exists(*options.merge)) {
        merged_bytes = read_bytes(*options.merge);
        std::vector<fs::path> all = options.rules;
        all.push_back(*options.merge);
        with_merge.emplace(ruleset::load_rule_files(all, load));
    }
    EmitOptions emit;
    emit.legacy_append = legacy_append;
    emit.use_hooks = options.use_hooks;
    emit.header = merged_bytes.empty() ? header_of(options, stats, result.alerts) : std::string();
    std::string added = emit_tuning(synthesis.proposals, with_merge ? *with_merge : rules, emit);
    if (!added.empty()) {
        if (!merged_bytes.empty()) {
            if (merged_bytes.back() != '\n') merged_bytes += '\n';
            result.tuning = merged_bytes + added;
        } else {
            result.tuning = added;
        }
        const std::string name = options.merge ? options.merge->string()
                                 : options.output ? options.output->string()
                                                  : std::string("generated-tuning.yaml");
        const auto first_line = static_cast<uint32_t>(std::count(merged_bytes.begin(), merged_bytes.end(), '\n') + 1);
        lint_generated(options, rules, name, result.tuning, legacy_append, first_line);
    }
    end_phase("emit+lint");

    if (options.report) {
        ReportInput input;
        input.inputs = options.alerts;
        input.alerts = result.alerts;
        input.skipped = stats.skipped.messages();
        input.stats = &stats;
        input.synthesis = &synthesis;
        if (options.merge) input.tuning_file = options.merge->string();
        else if (options.output) input.tuning_file = options.output->string();
        const auto ext = options.report->extension();
        input.tuning_text = result.tuning;
        result.report = ext == ".md" ? markdown_report(input) : html_report(input);
    }

    err << fmt::format("rulekit gen: {} alerts of {} rule(s); {} proposal(s) suppressing {} alerts", result.alerts,
                       stats.rules.size(), result.proposals_written, result.alerts_suppressed);
    if (result.proposals_dropped) err << fmt::format(", {} dropped by the proof", result.proposals_dropped);
    uint64_t left = 0;
    for (const auto& l : synthesis.left_firing) left += l.alerts;
    err << fmt::format("; {} alerts left firing ({} pattern(s))\n", left, synthesis.left_firing.size());
    if (added.empty()) err << "rulekit gen: nothing new to add\n";
    if (options.timings) {
        std::vector<std::string> parts;
        for (const Phase& p : phases) parts.push_back(fmt::format("{} {:.3f}s ({:.3f}s cpu)", p.name, p.seconds, p.cpu_seconds));
        if (const auto peak = peak_memory_kib()) parts.push_back(fmt::format("peak memory {:.1f} MiB", *peak / 1024.0));
        err << fmt::format("rulekit gen: timings: {}\n", fmt::join(parts, ", "));
    }
    return result;
}

}  // namespace rulekit::gen
