// Ingest gives the same summaries for any number of threads: chunks are cut by bytes, summarised
// on their own and merged in input order. Small chunks make the labelled week-1 log many chunks.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "gen/aggregate.hpp"
#include "support.hpp"

namespace {

// Everything ingest keeps, as text: rules, patterns in key order, evidence and field summaries.
std::string dump(const rulekit::gen::AlertStats& stats) {
    std::ostringstream out;
    out << "lines " << stats.lines << " alerts " << stats.skipped.alerts << "\n";
    auto evidence = [&](const rulekit::gen::Evidence& e) {
        out << "  alerts " << e.alerts << " hosts " << e.host_estimate() << " containers " << e.container_estimate()
            << " days " << e.days.size() << " " << e.first_time << ".." << e.last_time << " sample " << e.sample_at
            << "\n";
        for (const auto& host : e.hosts.sorted()) out << "  host " << host.value << " " << host.count << "\n";
    };
    for (const auto& [name, rule] : stats.rules) {
        out << "rule " << name << " overflow " << rule.overflow << "\n";
        evidence(rule.evidence);
        for (const auto* entry : rulekit::gen::sorted_entries(rule.patterns)) {
            const auto& pattern = entry->second;
            out << " pattern\n";
            for (const auto& [field, shape] : pattern.shapes) out << "  shape " << field << "=" << shape << "\n";
            evidence(pattern.evidence);
            for (const auto& [field, values] : pattern.varying) {
                out << "  varying " << field << " seen " << values.seen << " prefix " << values.prefix.prefix()
                    << " distinct " << values.distinct.estimate() << " exact " << values.values.exact() << "\n";
                for (const auto& v : values.values.sorted()) out << "   " << v.value << " " << v.count << "\n";
            }
        }
    }
    return out.str();
}

}  // namespace

TEST_CASE("ingest summarises a log of many chunks the same for any number of threads", "[gen]") {
    const std::string log = (rulekit::test::source_dir() / "rules-examples/alerts/week1.jsonl").string();
    REQUIRE(std::filesystem::file_size(log) > 20 * 64 * 1024);
    rulekit::gen::IngestOptions options;
    options.chunk_bytes = 64 * 1024;
    options.jobs = 1;
    const std::string one = dump(rulekit::gen::ingest_alerts({log}, options));
    size_t patterns = 0;
    for (size_t at = one.find(" pattern\n"); at != std::string::npos; at = one.find(" pattern\n", at + 1)) ++patterns;
    CHECK(patterns > 20);
    for (unsigned jobs : {2u, 3u, 8u}) {
        options.jobs = jobs;
        INFO("-j " << jobs);
        CHECK(dump(rulekit::gen::ingest_alerts({log}, options)) == one);
    }
}
