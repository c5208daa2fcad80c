// `--plugins a,b@1.2.3` as every subcommand that loads rules takes it: the plugins the emulated
// Falco loads, each optionally with its version.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace rulekit::cli {

// The names in comma-separated `--plugins` values, in order (empty names kept: `--plugins ''`
// loads none).
inline std::vector<std::string> split_plugin_lists(const std::vector<std::string>& lists) {
    std::vector<std::string> out;
    for (const auto& list : lists) {
        for (size_t start = 0; start <= list.size();) {
            const size_t comma = std::min(list.find(',', start), list.size());
            out.push_back(list.substr(start, comma - start));
            start = comma + 1;
        }
    }
    return out;
}

// Loads exactly `plugins` (name or name@version) into `options` (LintOptions or LoadOptions).
template <typename Options>
void load_only_plugins(const std::vector<std::string>& plugins, Options& options) {
    options.catalog.plugins.clear();
    options.plugins_explicit = true;
    for (const auto& p : plugins) {
        if (p.empty()) continue;
        const auto at = p.find('@');
        const std::string name = p.substr(0, at);
        options.catalog.plugins.insert(name);
        if (at != std::string::npos) options.plugin_versions[name] = p.substr(at + 1);
    }
}

// `--fields FILE` and `--plugins LIST` (each repeatable) as eval, gen and test take them; returns
// the --plugins option, whose count() says whether the loaded plugin set was given.
inline CLI::Option* add_catalog_options(CLI::App* cmd, std::vector<std::string>& field_files,
                                        std::vector<std::string>& plugin_lists) {
    cmd->add_option("--fields", field_files, "Add fields from `falco --list --format json` output")
        ->allow_extra_args(false)
        ->type_name("FILE");
    return cmd
        ->add_option("--plugins", plugin_lists, "The plugins your Falco loads, comma-separated, each optionally name@version")
        ->allow_extra_args(false)
        ->type_name("LIST");
}

}  // namespace rulekit::cli
