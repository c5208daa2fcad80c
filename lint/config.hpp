// `.rulekit.yaml`: one file that says how a rules repo is linted — which checks at which level,
// what fails the run, which files load together (rule sets), extra field catalogs, the loaded
// plugins and the oldest Falco the rules must still load on. Found from the working directory
// upward, or given with --config. Every key is validated; an unknown one is an error with a
// did-you-mean, because a silently ignored typo in a lint config is worse than none.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "grammar/diagnostic.hpp"

namespace rulekit::lint {

struct RuleSet {
    std::string name;
    std::vector<std::filesystem::path> paths;  // files and directories, in load order
};

struct Config {
    std::filesystem::path file;  // empty when no config file was found
    std::map<std::string, std::optional<Severity>, std::less<>> check_levels;  // nullopt: off
    std::optional<Severity> fail_on;
    std::vector<RuleSet> rule_sets;  // in the order written
    std::vector<std::filesystem::path> field_files;
    std::optional<std::string> target_falco;  // "0.39.0"
    std::optional<std::vector<std::string>> plugins;  // name or name@version, like --plugins
};

// Malformed config: the message starts with "file:line:column: ".
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

inline constexpr const char* kConfigFileName = ".rulekit.yaml";

// The nearest `.rulekit.yaml` in `start` or one of its parents.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);

// Relative paths in the file are taken relative to the file's directory.
Config load_config(const std::filesystem::path& file);
Config parse_config(const std::string& display_name, const std::string& text, const std::filesystem::path& base_dir);

// "error" / "warning" / "info" -> the severity (the levels of `fail-on`, `checks:` and
// --fail-level); nullopt for anything else, "off" included.
std::optional<Severity> parse_level(std::string_view name);

// "0.39" / "0.39.1" -> {0, 39, 1}; nullopt when not a version.
struct FalcoVersion {
    int major = 0, minor = 0, patch = 0;
    auto operator<=>(const FalcoVersion&) const = default;
};
std::optional<FalcoVersion> parse_falco_version(std::string_view text);

}  // namespace rulekit::lint
