// `rulekit eval --rules BASE... --tuning TUNING... [--format text|json] ALERTS...`: replays
// Falco alerts against a tuning and says, per alert, whether it would be suppressed.
#include <algorithm>
#include <iostream>
#include <memory>
#include <string_view>

#include "cli/alert_inputs.hpp"
#include "cli/commands.hpp"
#include "cli/plugin_options.hpp"
#include "cli/stdout_stream.hpp"
#include "eval/replay.hpp"

namespace rulekit::cli {

namespace {

struct EvalCommandOptions {
    std::vector<std::string> rules, tuning, alerts, plugin_lists, field_files;
    std::string format = "text";
};

int run_eval(EvalCommandOptions opts, bool plugins_given) {
    std::vector<std::string> alerts;
    take_alert_logs(opts.rules, alerts);
    take_alert_logs(opts.tuning, alerts);
    alerts.insert(alerts.end(), opts.alerts.begin(), opts.alerts.end());
    eval::ReplayOptions options;
    for (const auto& r : opts.rules) options.base.emplace_back(r);
    for (const auto& t : opts.tuning) options.tuning.emplace_back(t);
    options.alerts = std::move(alerts);
    options.format = opts.format == "json" ? eval::ReplayOptions::Format::Json : eval::ReplayOptions::Format::Text;
    for (const auto& f : opts.field_files) options.load.field_files.emplace_back(f);
    if (plugins_given) load_only_plugins(split_plugin_lists(opts.plugin_lists), options.load);
    return exit_2_on_io_error("eval", [&] {
        options.base = ruleset::expand_rules_paths(options.base);
        options.tuning = ruleset::expand_rules_paths(options.tuning);
        StdoutStream out;
        eval::replay_alerts(options, out, std::cerr);
        return kExitClean;
    });
}

}  // namespace

Runner add_eval_command(CLI::App& app) {
    auto opts = std::make_shared<EvalCommandOptions>();
    auto* cmd = app.add_subcommand(
        "eval", "Replay Falco JSON alerts against a tuning: which would be suppressed, which still fire, which cannot be told");
    cmd->add_option("--rules", opts->rules,
                    "The rules files (or directories) that produced the alerts, in Falco's load order")
        ->required()
        ->type_name("BASE");
    cmd->add_option("--tuning", opts->tuning, "Tuning files loaded after the rules (exceptions, overrides, lists)")
        ->type_name("TUNING");
    cmd->add_option("--format", opts->format,
                    "text: a table per rule; json: one {rule, verdict, reason, missing_fields} object per alert")
        ->check(CLI::IsMember({"text", "json"}))
        ->default_val("text");
    auto* plugins = add_catalog_options(cmd, opts->field_files, opts->plugin_lists);
    cmd->add_option("alerts", opts->alerts, "Falco JSON alert logs (JSON lines; .gz; - for standard input)")
        ->required();
    cmd->footer(
        "Verdicts: suppressed (the tuned rule is certainly false for the alert), fires (certainly still true),\n"
        "unknown (it depends on fields the alert does not carry; they are named). Lines that are not alerts are\n"
        "skipped and counted on standard error. Exit status: 0, or 2 when an input cannot be read.");
    return [opts, plugins] { return run_eval(*opts, plugins->count() > 0); };
}

}  // namespace rulekit::cli
