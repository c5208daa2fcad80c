// Structural comparison of a yaml-cpp node and the reader's YAML tree node (yaml_tree.hpp):
// marks, tags, types, scalars, flow style, map entries in order. Shared by the test and the
// differential fuzz target.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "grammar/yaml_tree.hpp"

namespace rulekit::test {

using grammar::yaml::Node;

inline std::string where(const YAML::Mark& m) { return std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1); }

// Returns the first difference, or "".
inline std::string compare_yaml_trees(const YAML::Node& want, const Node& got, const std::string& path) {
    const YAML::Mark wm = want.Mark(), gm = got.Mark();
    if (wm.pos != gm.pos || wm.line != gm.line || wm.column != gm.column) {
        return path + ": mark " + where(gm) + ", yaml-cpp " + where(wm);
    }
    if (want.Tag() != got.Tag()) return path + ": tag '" + got.Tag() + "', yaml-cpp '" + want.Tag() + "'";
    switch (want.Type()) {
        case YAML::NodeType::Null:
            return got.IsNull() ? "" : path + ": not null";
        case YAML::NodeType::Scalar:
            if (!got.IsScalar()) return path + ": not a scalar";
            return got.Scalar() == want.Scalar() ? "" : path + ": scalar '" + got.Scalar() + "', yaml-cpp '" + want.Scalar() + "'";
        case YAML::NodeType::Sequence: {
            if (!got.IsSequence() || got.size() != want.size()) return path + ": not the same sequence";
            if ((got.Style() == YAML::EmitterStyle::Flow) != (want.Style() == YAML::EmitterStyle::Flow)) return path + ": style";
            for (size_t i = 0; i < want.size(); ++i) {
                auto d = compare_yaml_trees(want[i], got[i], path + "[" + std::to_string(i) + "]");
                if (!d.empty()) return d;
            }
            return "";
        }
        case YAML::NodeType::Map: {
            if (!got.IsMap()) return path + ": not a map";
            if ((got.Style() == YAML::EmitterStyle::Flow) != (want.Style() == YAML::EmitterStyle::Flow)) return path + ": style";
            auto g = got.begin();
            size_t i = 0;
            for (auto w = want.begin(); w != want.end(); ++w, ++g, ++i) {
                if (g == got.end()) return path + ": fewer entries";
                const std::string at = path + "{" + std::to_string(i) + "}";
                auto d = compare_yaml_trees(w->first, g->first, at + ".key");
                if (d.empty()) d = compare_yaml_trees(w->second, g->second, at + ".value");
                if (!d.empty()) return d;
            }
            return g == got.end() ? "" : path + ": more entries";
        }
        default:
            return path + ": undefined in yaml-cpp";
    }
}


}  // namespace rulekit::test
