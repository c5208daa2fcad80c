// The human report of a `rulekit gen` run: per rule, alerts before and after, each proposal with
// its evidence and the alerts it suppresses, and what was left firing and why. Markdown, or HTML
// with an inline SVG bar chart of alert volume per rule before and after.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gen/propose.hpp"

namespace rulekit::gen {

struct ReportInput {
    std::vector<std::string> inputs;
    uint64_t alerts = 0;
    std::vector<std::string> skipped;  // messages about skipped lines
    const AlertStats* stats = nullptr;
    const Synthesis* synthesis = nullptr;
    std::string tuning_file;  // where the tuning went, if anywhere
    std::string tuning_text;
};

std::string markdown_report(const ReportInput& input);
std::string html_report(const ReportInput& input);

}  // namespace rulekit::gen
