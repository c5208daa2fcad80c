// What the subcommands that read alert logs (eval, gen) share: telling alert logs from rules
// files among the values of a multi-value option, and reporting unreadable inputs the same way.
#pragma once

#include <algorithm>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/atomic_write.hpp"
#include "cli/commands.hpp"
#include "eval/alert_input.hpp"
#include "ruleset/loader.hpp"

namespace rulekit::cli {

// Whether a path names an alert log rather than a rules file (which is YAML).
inline bool names_alert_log(std::string_view path) {
    if (path == "-") return true;
    for (std::string_view ext : {".json", ".jsonl", ".gz", ".log"}) {
        if (path.size() > ext.size() && path.ends_with(ext)) return true;
    }
    return false;
}

// `--rules` and `--tuning` take several values, so `--tuning t.yaml a.jsonl b.jsonl` hands the
// first logs to --tuning. From the first value that names an alert log, the values are logs.
inline void take_alert_logs(std::vector<std::string>& paths, std::vector<std::string>& logs) {
    auto first = std::find_if(paths.begin(), paths.end(), names_alert_log);
    logs.insert(logs.end(), first, paths.end());
    paths.erase(first, paths.end());
}

// Runs `run`; an input that cannot be read (rules, alert logs) or an output that cannot be
// written is reported as "rulekit COMMAND: why" with exit status 2.
template <class Run>
int exit_2_on_io_error(std::string_view command, Run&& run) {
    try {
        return run();
    } catch (const ruleset::LoadInputError& e) {
        std::cerr << "rulekit " << command << ": " << e.what() << "\n";
    } catch (const eval::AlertInputError& e) {
        std::cerr << "rulekit " << command << ": " << e.what() << "\n";
    } catch (const AtomicWriteError& e) {
        std::cerr << "rulekit " << command << ": " << e.what() << "\n";
    }
    return kExitUsage;
}

}  // namespace rulekit::cli
