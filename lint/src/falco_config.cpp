#include "lint/falco_config.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "lint/linter.hpp"

namespace rulekit::lint {

namespace fs = std::filesystem;

std::vector<fs::path> rules_files_of_falco_config(const fs::path& falco_yaml) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(falco_yaml.string());
    } catch (const YAML::BadFile&) {
        throw LintInputError(fmt::format("cannot read Falco config '{}'", falco_yaml.string()));
    } catch (const YAML::Exception& e) {
        throw LintInputError(fmt::format("{}:{}:{}: invalid YAML: {}", falco_yaml.string(), e.mark.line + 1,
                                         e.mark.column + 1, e.msg));
    }
    if (!root.IsMap()) {
        throw LintInputError(fmt::format("{}: not a Falco configuration (the top level is not a mapping)",
                                         falco_yaml.string()));
    }
    YAML::Node entries = root["rules_files"];
    if (!entries) entries = root["rules_file"];  // the name before Falco 0.36
    if (!entries) {
        throw LintInputError(fmt::format("{}: no `rules_files` list: nothing says which rules Falco loads",
                                         falco_yaml.string()));
    }
    std::vector<std::string> names;
    if (entries.IsScalar()) names.push_back(entries.Scalar());
    else if (entries.IsSequence()) {
        for (const auto& e : entries) {
            if (!e.IsScalar()) {
                throw LintInputError(fmt::format("{}:{}:{}: `rules_files` entries must be paths", falco_yaml.string(),
                                                 e.Mark().line + 1, e.Mark().column + 1));
            }
            names.push_back(e.Scalar());
        }
    } else {
        throw LintInputError(fmt::format("{}:{}:{}: `rules_files` must be a list of paths", falco_yaml.string(),
                                         entries.Mark().line + 1, entries.Mark().column + 1));
    }
    std::vector<fs::path> out;
    for (const auto& name : names) {
        fs::path p(name);
        if (p.is_relative()) p = falco_yaml.parent_path() / p;
        out.push_back(p.lexically_normal());
    }
    return out;
}

}  // namespace rulekit::lint
