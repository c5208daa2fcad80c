// `rulekit gen` as one library call: ingest the alert logs, synthesize proposals per rule,
// prove them with eval/, write the tuning (linted on top of the rules with lint/), and report.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "gen/propose.hpp"
#include "ruleset/loader.hpp"

namespace rulekit::gen {

struct GenOptions {
    std::vector<std::filesystem::path> rules;  // in load order
    std::vector<std::string> alerts;           // files, .gz files, "-" for stdin
    std::vector<std::string> keep;             // alerts that must keep firing
    Thresholds thresholds;
    unsigned jobs = 0;
    std::optional<std::filesystem::path> output;  // -o; standard output when neither this nor merge
    bool force = false;                           // replace an existing -o file
    std::optional<std::filesystem::path> merge;   // add to this tuning file, in place (or to -o)
    std::optional<std::filesystem::path> report;  // .md or .html
    bool dry_run = false;
    std::optional<std::string> target_falco;
    ruleset::LoadOptions load;
    bool progress = false;  // progress on standard error (a terminal)
    bool use_hooks = false;  // --style hooks
    bool timings = false;    // print how long each phase took
};

// Usage problems (an existing output without --force, an unknown report type): exit 2.
struct GenUsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct GenResult {
    // The file to write: the tuning alone, or, with --merge, the merged file's bytes with the
    // new items after them. Empty when there is nothing to add.
    std::string tuning;
    std::string report;  // for options.report
    uint64_t alerts = 0;
    uint64_t alerts_suppressed = 0;  // by the proposals written
    size_t proposals_written = 0;
    size_t proposals_dropped = 0;
};

// Everything but writing files: the CLI writes `tuning` and `report` where the options say.
// Prints the summary (and load problems, skipped lines, progress) to `err`. Throws
// GenUsageError, ruleset::LoadInputError, eval::AlertInputError, and std::runtime_error when
// the generated tuning does not lint clean on top of the rules (a bug: never written).
GenResult generate_tuning(const GenOptions& options, std::ostream& err);

}  // namespace rulekit::gen
