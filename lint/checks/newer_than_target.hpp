// newer-than-target: what a given Falco version does not support yet (see newer_than_target.cpp).
#pragma once

#include "grammar/yaml_tree.hpp"

#include <optional>
#include <string>
#include <vector>

#include "grammar/ast.hpp"
#include "lint/config.hpp"

namespace rulekit::lint::checks {

struct TargetFinding {
    const grammar::Expr* node;
    std::string message;
};
std::vector<TargetFinding> newer_than_target(const grammar::Expr& condition, const FalcoVersion& target);

struct TargetKeyFinding {
    YAML::Mark mark;
    std::string message;
};
// Keys of one rules-file item (its mapping) newer than the target.
std::vector<TargetKeyFinding> keys_newer_than_target(const grammar::yaml::Node& item, const FalcoVersion& target);

// The engine version a Falco release shipped, for the minors the spec pins; nullopt otherwise.
std::optional<std::string> engine_version_of_falco(const FalcoVersion& falco);

}  // namespace rulekit::lint::checks
