// newer-than-target
//
// Syntax or keys that the Falco version the rules must still load on (`target-falco:` in
// .rulekit.yaml or --target-falco) does not know yet: operators (`iglob` 0.38, `regex` 0.39, …),
// transformers (`tolower` 0.38, `basename` 0.39, `len` 0.40, `join`/`getopt` 0.44), `val()`,
// list modifiers (`oneof`/`anyof`/`allof` 0.44), empty lists (0.32), and keys (`exceptions` 0.28,
// `required_plugin_versions` 0.31, `alternatives` 0.33, `override` 0.37, `capture` 0.42).
// Versions come from the spec's version history (Falco ↔ libs pins).
// Why it matters: a fleet runs mixed Falco versions; a rule that uses something newer than the
// oldest one fails to load there — and one load error stops that Falco from starting.
//
// Example (target-falco: 0.37.0):
//   condition: proc.name iglob "*sh"     # iglob needs Falco 0.38
//
// Fix: Rewrite with what the target Falco supports, or raise target-falco when the fleet is upgraded.
#include "lint/checks/newer_than_target.hpp"

#include <fmt/format.h>

#include "lint/check_registry.hpp"

namespace rulekit::lint::checks {

extern const CheckInfo kNewerThanTarget;
const CheckInfo kNewerThanTarget = {
    "newer-than-target",
    Severity::Error,
    "",
    "Syntax or keys newer than the target Falco version (target-falco / --target-falco).",
    "Rewrite with what the target Falco supports, or raise target-falco when the fleet is upgraded.",
};

namespace {

struct Pin {
    std::string_view name;
    FalcoVersion since;
};

constexpr Pin kOperators[] = {
    {"endswith", {0, 12, 0}}, {"intersects", {0, 18, 0}}, {"bcontains", {0, 32, 0}},
    {"bstartswith", {0, 32, 0}}, {"iglob", {0, 38, 0}},    {"regex", {0, 39, 0}},
};
constexpr Pin kTransformers[] = {
    {"tolower", {0, 38, 0}}, {"toupper", {0, 38, 0}}, {"b64", {0, 38, 0}},   {"val", {0, 38, 0}},
    {"basename", {0, 39, 0}}, {"len", {0, 40, 0}},    {"join", {0, 44, 0}}, {"concat", {0, 44, 0}},
    {"getopt", {0, 44, 0}},
};
constexpr FalcoVersion kModifiers{0, 44, 0};
constexpr FalcoVersion kEmptyList{0, 32, 0};

std::string version_text(const FalcoVersion& v) { return fmt::format("{}.{}.{}", v.major, v.minor, v.patch); }

void visit(const grammar::Expr& e, const FalcoVersion& target, std::vector<TargetFinding>& out) {
    using grammar::Kind;
    auto flag = [&](const grammar::Expr& node, std::string what, const FalcoVersion& since) {
        out.push_back({&node, fmt::format("{} needs Falco {}, newer than the target Falco {}", what, version_text(since),
                                          version_text(target))});
    };
    if (e.kind == Kind::BinaryCheck || e.kind == Kind::UnaryCheck) {
        std::string_view op = e.text;
        if (const size_t blank = op.find(' '); blank != std::string_view::npos) {
            if (target < kModifiers) flag(e, fmt::format("the list modifier '{}'", op.substr(blank + 1)), kModifiers);
            op = op.substr(0, blank);
        }
        for (const Pin& pin : kOperators) {
            if (op == pin.name && target < pin.since) flag(e, fmt::format("the '{}' operator", op), pin.since);
        }
    }
    if (e.kind == Kind::List && e.children.empty() && target < kEmptyList) flag(e, "an empty list '()'", kEmptyList);
    if (e.kind == Kind::Transformer) {
        for (const Pin& pin : kTransformers) {
            if (e.text == pin.name && target < pin.since) {
                flag(e, e.text == "val" ? std::string("'val()' (a field on the right-hand side)")
                                        : fmt::format("the '{}()' transformer", e.text),
                     pin.since);
            }
        }
    }
    for (const auto& c : e.children) visit(c, target, out);
}

}  // namespace

std::vector<TargetFinding> newer_than_target(const grammar::Expr& condition, const FalcoVersion& target) {
    std::vector<TargetFinding> out;
    visit(condition, target, out);
    return out;
}

std::vector<TargetKeyFinding> keys_newer_than_target(const grammar::yaml::Node& item, const FalcoVersion& target) {
    static constexpr Pin kKeys[] = {
        {"exceptions", {0, 28, 0}}, {"required_plugin_versions", {0, 31, 0}}, {"override", {0, 37, 0}},
        {"capture", {0, 42, 0}},    {"capture_duration", {0, 42, 0}},
    };
    std::vector<TargetKeyFinding> out;
    if (!item.IsMap()) return out;
    for (auto it = item.begin(); it != item.end(); ++it) {
        if (!it->first.IsScalar()) continue;
        const std::string& key = it->first.Scalar();
        for (const Pin& pin : kKeys) {
            if (key == pin.name && target < pin.since) {
                out.push_back({it->first.Mark(), fmt::format("the '{}' key needs Falco {}, newer than the target Falco {}",
                                                             key, version_text(pin.since), version_text(target))});
            }
        }
        // `alternatives` inside required_plugin_versions entries (0.33).
        constexpr FalcoVersion kAlternatives{0, 33, 0};
        if (key == "required_plugin_versions" && it->second.IsSequence() && target < kAlternatives) {
            for (const auto& plugin : it->second) {
                if (!plugin.IsMap()) continue;
                for (auto p = plugin.begin(); p != plugin.end(); ++p) {
                    if (p->first.IsScalar() && p->first.Scalar() == "alternatives") {
                        out.push_back({p->first.Mark(),
                                       fmt::format("'alternatives' in required_plugin_versions needs Falco {}, newer "
                                                   "than the target Falco {}",
                                                   version_text(kAlternatives), version_text(target))});
                    }
                }
            }
        }
    }
    // A semver string required_engine_version (0.37); before, only an integer was accepted.
    constexpr FalcoVersion kSemverEngine{0, 37, 0};
    if (auto v = item["required_engine_version"]; v && v.IsScalar() && target < kSemverEngine &&
                                                  v.Scalar().find('.') != std::string::npos) {
        out.push_back({v.Mark(), fmt::format("a semver required_engine_version needs Falco {}, newer than the target "
                                             "Falco {} (which takes an integer)",
                                             version_text(kSemverEngine), version_text(target))});
    }
    return out;
}

std::optional<std::string> engine_version_of_falco(const FalcoVersion& falco) {
    // Falco minor -> engine version it shipped (spec §7); integer engines n read as 0.n.0.
    static constexpr std::pair<int, std::string_view> kEngines[] = {
        {28, "0.8.0"},   {31, "0.11.0"},  {32, "0.12.0"},  {33, "0.15.0"},  {37, "0.31.0"},  {38, "0.40.0"},
        {39, "0.43.0"},  {40, "0.46.0"},  {41, "0.50.0"},  {42, "0.57.0"},  {43, "0.58.0"},  {44, "0.62.0"},
    };
    if (falco.major != 0) return std::nullopt;
    for (const auto& [minor, engine] : kEngines) {
        if (minor == falco.minor) return std::string(engine);
    }
    return std::nullopt;
}

}  // namespace rulekit::lint::checks
