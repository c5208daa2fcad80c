// `rulekit gen --rules RULES... [-o FILE] ALERTS...`: tuning proposals from Falco alert logs,
// proven with the evaluator and linted before they are written.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/alert_inputs.hpp"
#include "cli/atomic_write.hpp"
#include "cli/commands.hpp"
#include "cli/plugin_options.hpp"
#include "cli/standard_output.hpp"
#include "eval/alert_input.hpp"
#include "gen/generate.hpp"

namespace rulekit::cli {

namespace {

struct GenCommandOptions {
    std::vector<std::string> rules, alerts, keep, plugin_lists, field_files;
    std::string output, merge, report, target_falco;
    uint64_t min_count = 10, min_hosts = 1, min_days = 0;
    unsigned jobs = 0;
    bool force = false, dry_run = false, timings = false;
    std::string style = "exceptions";
};

int run_gen(GenCommandOptions opts, bool plugins_given) {
    namespace fs = std::filesystem;
    gen::GenOptions options;
    std::vector<std::string> alerts;
    take_alert_logs(opts.rules, alerts);
    alerts.insert(alerts.end(), opts.alerts.begin(), opts.alerts.end());
    options.alerts = std::move(alerts);
    if (options.alerts.empty()) {
        std::cerr << "rulekit gen: no alert logs given (files, .gz files, or - for standard input)\n";
        return kExitUsage;
    }
    options.keep = opts.keep;
    options.thresholds = {opts.min_count, opts.min_hosts, opts.min_days};
    options.jobs = opts.jobs;
    options.force = opts.force;
    options.dry_run = opts.dry_run;
    if (!opts.output.empty()) options.output = opts.output;
    if (!opts.merge.empty()) options.merge = opts.merge;
    if (!opts.report.empty()) options.report = opts.report;
    if (!opts.target_falco.empty()) options.target_falco = opts.target_falco;
    for (const auto& f : opts.field_files) options.load.field_files.emplace_back(f);
    if (plugins_given) load_only_plugins(split_plugin_lists(opts.plugin_lists), options.load);
    options.progress = isatty(STDERR_FILENO) != 0;
    options.use_hooks = opts.style == "hooks";
    options.timings = opts.timings;

    // Never replace a user's file unless asked: checked before any work.
    if (options.output && !options.dry_run && !options.merge && !options.force && fs::exists(*options.output)) {
        std::cerr << "rulekit gen: " << options.output->string()
                  << " exists; use --force to replace it, or --merge to add to it\n";
        return kExitUsage;
    }
    return exit_2_on_io_error("gen", [&] {
        std::vector<fs::path> rules(opts.rules.begin(), opts.rules.end());
        options.rules = ruleset::expand_rules_paths(rules);
        gen::GenResult result;
        try {
            result = gen::generate_tuning(options, std::cerr);
        } catch (const gen::GenUsageError& e) {
            std::cerr << "rulekit gen: " << e.what() << "\n";
            return kExitUsage;
        }
        if (options.dry_run) {
            print_to_stdout(result.tuning);
        } else if (!result.tuning.empty()) {
            const auto target = options.output ? *options.output : options.merge ? *options.merge : fs::path();
            if (target.empty()) print_to_stdout(result.tuning);
            else write_file_atomically(target, result.tuning);
        }
        if (options.report && !options.dry_run) write_file_atomically(*options.report, result.report);
        return kExitClean;
    });
}

}  // namespace

Runner add_gen_command(CLI::App& app) {
    auto opts = std::make_shared<GenCommandOptions>();
    auto* cmd = app.add_subcommand("gen", "Generate proven tuning (exceptions) from Falco JSON alert logs");
    cmd->add_option("--rules", opts->rules, "The rules files (or directories) that produced the alerts, in load order")
        ->required()
        ->type_name("RULES");
    cmd->add_option("alerts", opts->alerts, "Falco JSON alert logs (JSON lines; .gz; - for standard input)");
    cmd->add_option("-o,--output", opts->output, "Write the tuning to FILE (atomically; an existing file needs --force)")
        ->type_name("FILE");
    cmd->add_flag("--force", opts->force, "Replace an existing --output file");
    cmd->add_option("--merge", opts->merge,
                    "Add to this tuning file, keeping every other byte (idempotent: a second run adds nothing)")
        ->type_name("FILE");
    cmd->add_option("--keep", opts->keep, "Alerts that must keep firing (JSON lines); no proposal may suppress them")
        ->allow_extra_args(false)
        ->type_name("FILE");
    cmd->add_option("--min-count", opts->min_count, "Alerts a pattern needs to be tuned (default 10)")->default_val(10);
    cmd->add_option("--min-hosts", opts->min_hosts, "Hosts a pattern must be seen on (default 1)")->default_val(1);
    cmd->add_option("--min-days", opts->min_days,
                    "Days a pattern must be seen on (default: 2 when the log spans two days or more, else 1)")
        ->default_val(0);
    cmd->add_option("--report", opts->report, "Write a report: FILE.md (Markdown) or FILE.html (with a chart)")
        ->type_name("FILE");
    cmd->add_flag("--dry-run", opts->dry_run, "Print the proposals on standard output and write nothing");
    cmd->add_option("--style", opts->style,
                    "exceptions: append exceptions to each rule (default); hooks: where a rule says `and not <macro>` "
                    "and no other rule uses that macro, extend the macro instead")
        ->check(CLI::IsMember({"exceptions", "hooks"}))
        ->default_val("exceptions");
    cmd->add_flag("--timings", opts->timings, "Print how long each phase took (load, ingest, synthesis, proof, emit) and the peak memory on standard error");
    cmd->add_option("-j,--jobs", opts->jobs, "Threads (default: all cores); the result is the same for any number");
    cmd->add_option("--target-falco", opts->target_falco,
                    "The oldest Falco the tuning must load on; before 0.37 it uses `append: true` instead of `override:`")
        ->type_name("VERSION");
    auto* plugins = add_catalog_options(cmd, opts->field_files, opts->plugin_lists);
    cmd->footer(
        "Patterns that recur (--min-count alerts on --min-hosts hosts over --min-days days) become exception rows that\n"
        "pin what is stable and generalise only what the data shows varying; each row is proven with the evaluator to\n"
        "suppress its alerts and none of those left firing (or --keep), and the output is linted on top of --rules.\n"
        "Exit status: 0, or 2 for a usage or I/O error.");
    return [opts, plugins] { return run_gen(*opts, plugins->count() > 0); };
}

}  // namespace rulekit::cli
