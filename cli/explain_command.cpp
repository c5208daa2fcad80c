// `rulekit explain SLUG`: print a check's docs page (what it finds, why it matters, an example,
// how to fix it). The pages are compiled in (cli/check_docs.hpp), so this works from an
// installed binary; an unknown slug is a usage error with a did-you-mean, like Falco's own hints.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

#include "cli/check_docs.hpp"
#include "cli/commands.hpp"
#include "cli/standard_output.hpp"
#include "grammar/edit_distance.hpp"
#include "lint/check_registry.hpp"

namespace rulekit::cli {

namespace {

struct ExplainCommandOptions {
    std::string slug;
};

// The hint after "unknown check": the nearest slug for a typo, the checks that report a Falco
// code when given one (users meet LOAD_* codes in Falco's own output), else slugs containing it.
std::string suggestion_for(std::string_view unknown) {
    std::vector<std::string_view> slugs, same_falco_code, containing;
    for (const auto* check : lint::all_checks()) {
        slugs.push_back(check->slug);
        if (!check->falco_code.empty() && check->falco_code == unknown) same_falco_code.push_back(check->slug);
        if (!unknown.empty() && check->slug.find(unknown) != std::string_view::npos) containing.push_back(check->slug);
    }
    if (!same_falco_code.empty()) {
        return fmt::format("; checks reporting Falco's {}: {}", unknown, fmt::join(same_falco_code, ", "));
    }
    // A third of the name (at least 3) tolerates a couple of typos without suggesting unrelated checks.
    const size_t limit = std::max<size_t>(3, unknown.size() / 3 + 1);
    if (auto nearest = grammar::nearest_name(unknown, slugs, limit)) return fmt::format("; did you mean '{}'?", *nearest);
    if (containing.size() == 1) return fmt::format("; did you mean '{}'?", containing.front());
    if (!containing.empty()) return fmt::format("; did you mean one of: {}?", fmt::join(containing, ", "));
    return "";
}

int run_explain(const ExplainCommandOptions& opts) {
    const lint::CheckInfo* check = lint::find_check(opts.slug);
    if (!check) {
        std::cerr << fmt::format("rulekit explain: unknown check '{}'{}\n", opts.slug, suggestion_for(opts.slug))
                  << "`rulekit checks` lists every check.\n";
        return kExitUsage;
    }
    if (const CheckDocPage* page = find_check_doc(check->slug)) {
        print_to_stdout(page->markdown);
    } else {
        // The registry test requires a page per check, so this only shows for a build whose docs
        // were trimmed; the registry's own summary and fix are still worth printing.
        print_to_stdout(fmt::format("# `{}`\n\ndefault level: {}\nFalco code: {}\n\n{}\n\nHow to fix: {}\n", check->slug,
                                    severity_name(check->default_severity),
                                    check->falco_code.empty() ? std::string_view("-") : check->falco_code,
                                    check->summary, check->fix));
    }
    return kExitClean;
}

}  // namespace

Runner add_explain_command(CLI::App& app) {
    auto opts = std::make_shared<ExplainCommandOptions>();
    auto* cmd = app.add_subcommand("explain", "Print a check's documentation: what it finds, why, an example, the fix");
    cmd->add_option("slug", opts->slug, "The check's slug, as in a finding's [code] or `rulekit checks`")->required();
    cmd->footer(
        "The page is the Markdown of docs/checks/SLUG.md, compiled into the binary.\n"
        "Exit status: 0 printed, 2 unknown check (with a did-you-mean), usage or I/O error.");
    return [opts] { return run_explain(*opts); };
}

}  // namespace rulekit::cli
