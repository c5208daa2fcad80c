// The rules-file reader. Its walk mirrors Falco's rule_loader_reader step by step (which key
// is decoded when, which message each failure gives), because the first diagnostic it emits
// must be the one Falco reports; unlike Falco it keeps going after an error so that every
// problem of the file is reported at once.
#include "grammar/rules_file.hpp"
#include "grammar/edit_distance.hpp"
#include "grammar/yaml_hazards.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <unordered_map>

namespace rulekit::grammar {

std::optional<Priority> parse_priority(std::string_view text) {
    static constexpr std::array<std::string_view, 8> kNames = {"emergency", "alert",  "critical",      "error",
                                                               "warning",   "notice", "informational", "debug"};
    const auto equals_ignoring_case = [](std::string_view a, std::string_view b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                   return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
               });
    };
    for (size_t i = 0; i < kNames.size(); ++i)
        if (equals_ignoring_case(text, kNames[i])) return static_cast<Priority>(i);
    if (equals_ignoring_case(text, "info")) return Priority::Informational;
    return std::nullopt;
}

const char* priority_name(Priority p) {
    static constexpr const char* kNames[] = {"Emergency", "Alert",  "Critical",      "Error",
                                             "Warning",   "Notice", "Informational", "Debug"};
    return kNames[static_cast<size_t>(p)];
}

std::optional<SemVer> parse_semver(const std::string& text) {
    SemVer v;
    if (std::sscanf(text.c_str(), "%u.%u.%u", &v.major, &v.minor, &v.patch) != 3) return std::nullopt;
    return v;
}

const char* rule_form_name(RuleForm form) {
    switch (form) {
        case RuleForm::Override:
            return "override";
        case RuleForm::LegacyAppend:
            return "legacy append";
        case RuleForm::EnableOnly:
            return "enable-only";
        case RuleForm::Definition:
            return "definition";
    }
    return "definition";
}

const char* item_kind_name(ItemKind kind) {
    switch (kind) {
        case ItemKind::RequiredEngineVersion:
            return "required_engine_version";
        case ItemKind::RequiredPluginVersions:
            return "required_plugin_versions";
        case ItemKind::List:
            return "list";
        case ItemKind::Macro:
            return "macro";
        case ItemKind::Rule:
            return "rule";
    }
    return "rule";
}

namespace {

bool overrides_append(const std::vector<OverrideEntry>& overrides, std::string_view key) {
    return std::any_of(overrides.begin(), overrides.end(),
                       [&](const OverrideEntry& e) { return e.key == key && e.op == OverrideOp::Append; });
}

}  // namespace

bool List::appends() const {
    return legacy_append || overrides_append(overrides, "items");
}
bool Macro::appends() const {
    return legacy_append || overrides_append(overrides, "condition");
}

std::optional<OverrideOp> Rule::override_of(std::string_view key) const {
    for (const auto& e : overrides)
        if (e.key == key) return e.op;
    return std::nullopt;
}

std::vector<const Diagnostic*> RulesFile::falco_diagnostics() const {
    std::vector<const Diagnostic*> out;
    const size_t end = falco_error ? *falco_error + 1 : diagnostics.size();
    for (size_t i = 0; i < end; ++i)
        if (!diagnostics[i].falco_code.empty()) out.push_back(&diagnostics[i]);
    return out;
}

namespace {

constexpr const char* kYamlValidate = "LOAD_ERR_YAML_VALIDATE";
constexpr const char* kValidate = "LOAD_ERR_VALIDATE";

constexpr const char* kWarningAppend =
    "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";
constexpr const char* kWarningEnabled =
    "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under "
    "the 'override' key (i.e. 'enabled: replace').";
constexpr const char* kErrorOverrideAppend =
    "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') "
    "under 'override' instead.";

using KeyList = std::vector<std::string_view>;

const KeyList kEngineVersionKeys = {"required_engine_version"};
const KeyList kPluginVersionsKeys = {"required_plugin_versions"};
const KeyList kListKeys = {"list", "items", "append", "override"};
const KeyList kMacroKeys = {"macro", "condition", "append", "override"};
const KeyList kRuleKeys = {"rule",
                           "condition",
                           "output",
                           "desc",
                           "priority",
                           "source",
                           "enabled",
                           "capture",
                           "capture_duration",
                           "warn_evttypes",
                           "skip-if-unknown-filter",
                           "tags",
                           "exceptions",
                           "override",
                           "append"};
const KeyList kItemKindKeys = {"required_engine_version", "required_plugin_versions", "list", "macro", "rule"};

const KeyList kRuleAppendable = {"condition", "output", "desc", "tags", "exceptions"};
const KeyList kRuleReplaceable = {"condition",
                                  "output",
                                  "desc",
                                  "priority",
                                  "tags",
                                  "exceptions",
                                  "enabled",
                                  "warn_evttypes",
                                  "skip-if-unknown-filter",
                                  "capture",
                                  "capture_duration"};
// The order in which Falco decodes the keys of an override item.
const KeyList kRuleAppendOrder = {"condition", "exceptions", "output", "desc", "tags"};
const KeyList kRuleReplaceOrder = {"condition",
                                   "exceptions",
                                   "output",
                                   "desc",
                                   "tags",
                                   "priority",
                                   "enabled",
                                   "warn_evttypes",
                                   "skip-if-unknown-filter",
                                   "capture",
                                   "capture_duration"};

bool contains(const KeyList& keys, std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

YamlMark mark_of(const yaml::Node& node) {
    const YAML::Mark m = node.Mark();
    return {m.pos, m.line, m.column};
}

// yaml-cpp's own conversion of a scalar's text (booleans: y/yes/true/on..., integers with range
// checks), so values decode exactly as Falco's yaml-cpp decodes them.
template <typename T>
bool decode_scalar(const yaml::Node& node, T& out) {
    if (!node.IsScalar()) return false;
    return YAML::convert<T>::decode(YAML::Node(node.Scalar()), out);
}

bool same_letter(char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    return prefix.size() <= text.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), same_letter);
}

// The allowed key a misspelt `key` most likely meant, or empty.
std::string_view nearest_key(std::string_view key, const KeyList& allowed) {
    std::string_view best;
    size_t best_distance = std::max<size_t>(1, key.size() / 3) + 1;
    for (std::string_view candidate : allowed) {
        size_t d = edit_distance(key, candidate, /*ignore_case=*/true);
        // "description" for "desc", "exception" for "exceptions": a prefix is a strong hint.
        const bool prefix = std::min(key.size(), candidate.size()) >= 4 &&
                            (starts_with_ignoring_case(key, candidate) || starts_with_ignoring_case(candidate, key));
        if (prefix) d = std::min<size_t>(d, 1);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

std::string join(const KeyList& keys) {
    std::string out;
    for (auto k : keys) {
        if (!out.empty()) out += ", ";
        out += k;
    }
    return out;
}

// Falco's `item[key]` lookup over one mapping: the first pair whose key is a scalar with that
// text (yaml-cpp keeps duplicate keys and finds the first).
class MapKeys {
public:
    struct Entry {
        yaml::Node key;
        yaml::Node value;
    };

    explicit MapKeys(const yaml::Node& map) {
        for (auto it = map.begin(); it != map.end(); ++it) entries_.push_back({it->first, it->second});
    }

    const Entry* find(std::string_view key) const {
        for (const auto& e : entries_)
            if (e.key.IsScalar() && e.key.Scalar() == key) return &e;
        return nullptr;
    }
    const std::vector<Entry>& entries() const { return entries_; }

private:
    std::vector<Entry> entries_;
};

// Where a scalar sits, as yaml-cpp's scanner saw it when it read the scalar.
ScalarLayout value_layout(const yaml::Node& map, const yaml::Node& key) {
    return {key.Mark().column, map.Style() == YAML::EmitterStyle::Flow};
}
ScalarLayout element_layout(const yaml::Node& sequence) {
    return {sequence.Mark().column, sequence.Style() == YAML::EmitterStyle::Flow};
}

class Reader {
public:
    explicit Reader(RulesFile& file) : file_(file) {}

    void read_document(const yaml::Node& doc, uint32_t index) {
        if (!doc.IsDefined() || doc.IsNull()) return;
        report_duplicate_keys(doc);
        constexpr const char* kShapeHint =
            "a rules file is a YAML sequence of items: '- rule: ...', '- macro: ...', '- list: ...'";
        if (!doc.IsMap() && !doc.IsSequence()) {
            error("not-a-rules-file", kYamlValidate, "Rules content is not yaml", doc, kShapeHint);
            return;
        }
        if (!doc.IsSequence()) {
            error("not-a-rules-file", kYamlValidate, "Rules content is not yaml array of objects", doc, kShapeHint);
            return;
        }
        for (auto it = doc.begin(); it != doc.end(); ++it) {
            const yaml::Node item = *it;
            if (!item.IsNull()) read_item(item, index);
        }
    }

private:
    // ---- reporting ----

    void report(Severity severity, const char* code, const char* falco_code, std::string message, const YamlMark& at,
                std::string hint = {}) {
        Diagnostic d;
        d.loc = file_.location(at);
        d.code = code;
        d.severity = severity;
        d.message = std::move(message);
        d.hint = std::move(hint);
        d.falco_code = falco_code;
        if (severity == Severity::Error) {
            item_failed_ = true;
            if (!file_.falco_error && !d.falco_code.empty()) {
                file_.falco_error = file_.diagnostics.size();
                file_.falco_collected_items = file_.items.size();
            }
        }
        file_.diagnostics.push_back(std::move(d));
    }
    void error(const char* code, const char* falco_code, std::string message, const yaml::Node& at,
               std::string hint = {}) {
        report(Severity::Error, code, falco_code, std::move(message), mark_of(at), std::move(hint));
    }
    void warning(const char* code, const char* falco_code, std::string message, const yaml::Node& at,
                 std::string hint = {}) {
        report(Severity::Warning, code, falco_code, std::move(message), mark_of(at), std::move(hint));
    }

    // rulekit's own check: yaml-cpp silently keeps the first of two equal keys when a key is
    // looked up. Falco walks the entries of an `override:` mapping instead, so there both count.
    void report_duplicate_keys(const yaml::Node& root) {
        struct Pending {
            yaml::Node node;
            bool walked_by_falco;
        };
        std::vector<Pending> pending{{root, false}};
        std::unordered_map<std::string, yaml::Node> seen;
        while (!pending.empty()) {
            const Pending next = std::move(pending.back());
            pending.pop_back();
            const yaml::Node& node = next.node;
            if (node.IsSequence()) {
                for (auto it = node.begin(); it != node.end(); ++it) pending.push_back({*it, false});
                continue;
            }
            if (!node.IsMap()) continue;
            seen.clear();
            for (auto it = node.begin(); it != node.end(); ++it) {
                const yaml::Node key = it->first;
                if (key.IsScalar()) {
                    auto [first, inserted] = seen.emplace(key.Scalar(), key);
                    if (!inserted)
                        warning("duplicate-key", "",
                                "Duplicate key '" + key.Scalar() + "' (line " +
                                    std::to_string(first->second.Mark().line + 1) + " and line " +
                                    std::to_string(key.Mark().line + 1) + "): " +
                                    (next.walked_by_falco
                                         ? "Falco reads every entry of an `override:` mapping, so both are used"
                                         : "yaml-cpp, and so Falco, uses the first value and ignores this one"),
                                key, "remove one of the two keys, or merge their values");
                }
                pending.push_back({it->second, key.IsScalar() && key.Scalar() == "override"});
            }
        }
    }

    void report_unknown_keys(const MapKeys& keys, const KeyList& allowed, ItemKind kind) {
        for (const auto& e : keys.entries()) {
            if (!e.key.IsScalar()) {
                warning("unknown-key", "", "Key is not a scalar value. The key will be ignored.", e.key);
                continue;
            }
            const std::string& key = e.key.Scalar();
            if (contains(allowed, key)) continue;
            std::string hint;
            if (auto near = nearest_key(key, allowed); !near.empty())
                hint = "did you mean '" + std::string(near) + "'?";
            else if (contains(kRuleKeys, key) || contains(kListKeys, key) || contains(kMacroKeys, key))
                hint = "'" + key + "' does not apply to a " + item_kind_name(kind) + ", which takes: " + join(allowed);
            else
                hint = "a " + std::string(item_kind_name(kind)) + " takes: " + join(allowed);
            warning("unknown-key", "LOAD_UNKNOWN_KEY", "Unknown key '" + key + "'. The key will be ignored.", e.key,
                    std::move(hint));
        }
    }

    // ---- scalar decoding (Falco's decode_val / decode_seq) ----

    Scalar make_scalar(const yaml::Node& node, ScalarLayout layout) const {
        return Scalar(file_.source, node.Scalar(), mark_of(node), layout);
    }

    // The entry for `key` if its value is a non-empty scalar; otherwise reports why not
    // (nothing when an optional key is absent).
    const MapKeys::Entry* scalar_entry(const MapKeys& keys, std::string_view key, bool required,
                                       const yaml::Node& owner) {
        const MapKeys::Entry* e = keys.find(key);
        const std::string k(key);
        if (e == nullptr) {
            if (required) error("missing-key", kYamlValidate, "Item has no mapping for key '" + k + "'", owner);
            return nullptr;
        }
        if (e->value.IsNull()) {
            error("missing-key", kYamlValidate, "Mapping for key '" + k + "' is empty", e->key);
            return nullptr;
        }
        if (!e->value.IsScalar()) {
            error("invalid-value", kYamlValidate, "Value is not a scalar value", e->value);
            return nullptr;
        }
        if (e->value.Scalar().empty()) {
            error("invalid-value", kYamlValidate, "Value must be non-empty", e->value);
            return nullptr;
        }
        return e;
    }

    std::optional<Scalar> read_string(const MapKeys& keys, std::string_view key, bool required,
                                      const yaml::Node& owner) {
        const MapKeys::Entry* e = scalar_entry(keys, key, required, owner);
        if (e == nullptr) return std::nullopt;
        return make_scalar(e->value, value_layout(owner, e->key));
    }

    std::optional<Located<bool>> read_bool(const MapKeys& keys, std::string_view key, bool required,
                                           const yaml::Node& owner) {
        const MapKeys::Entry* e = scalar_entry(keys, key, required, owner);
        if (e == nullptr) return std::nullopt;
        Located<bool> out{false, mark_of(e->value)};
        if (!decode_scalar<bool>(e->value, out.value)) {
            error("invalid-value", kYamlValidate, "Can't decode YAML scalar value", e->value,
                  "'" + std::string(key) + "' takes true or false");
            return std::nullopt;
        }
        return out;
    }

    std::optional<Located<uint64_t>> read_unsigned(const MapKeys& keys, std::string_view key, bool required,
                                                   const yaml::Node& owner) {
        const MapKeys::Entry* e = scalar_entry(keys, key, required, owner);
        if (e == nullptr) return std::nullopt;
        Located<uint64_t> out{0, mark_of(e->value)};
        if (!decode_scalar<uint64_t>(e->value, out.value)) {
            error("invalid-value", kYamlValidate, "Can't decode YAML scalar value", e->value,
                  "'" + std::string(key) + "' takes a non-negative whole number");
            return std::nullopt;
        }
        return out;
    }

    std::optional<std::vector<Scalar>> read_scalar_sequence(const MapKeys& keys, std::string_view key, bool required,
                                                            const yaml::Node& owner) {
        const MapKeys::Entry* e = keys.find(key);
        if (e == nullptr) {
            if (required)
                error("missing-key", kYamlValidate, "Item has no mapping for key '" + std::string(key) + "'", owner);
            return std::nullopt;
        }
        if (!e->value.IsSequence()) {
            error("invalid-value", kYamlValidate, "Value is not a sequence", e->value.IsNull() ? e->key : e->value,
                  "write '" + std::string(key) + ": [a, b]' (an empty list is '[]')");
            return std::nullopt;
        }
        std::vector<Scalar> out;
        bool ok = true;
        const ScalarLayout layout = element_layout(e->value);
        for (auto it = e->value.begin(); it != e->value.end(); ++it) {
            const yaml::Node v = *it;
            if (!v.IsScalar()) {
                error("invalid-value", kYamlValidate, "sequence value is not scalar", v);
                ok = false;
                continue;
            }
            out.push_back(make_scalar(v, layout));
        }
        if (!ok) return std::nullopt;
        return out;
    }

    // ---- items ----

    void read_item(const yaml::Node& node, uint32_t document) {
        item_failed_ = false;
        if (!node.IsMap()) {
            error("invalid-value", kYamlValidate,
                  "Unexpected element type. Each element should be a yaml associative array.", node,
                  "each item is a mapping such as '- rule: name'");
            return;
        }
        const MapKeys keys(node);
        Item item;
        item.node = node;
        item.mark = mark_of(node);
        item.document = document;
        bool keep = false;
        if (keys.find("required_engine_version")) {
            keep = read_engine_version(keys, node, item);
        } else if (keys.find("required_plugin_versions")) {
            keep = read_plugin_versions(keys, node, item);
        } else if (keys.find("list")) {
            keep = read_list(keys, node, item);
        } else if (keys.find("macro")) {
            keep = read_macro(keys, node, item);
        } else if (keys.find("rule")) {
            keep = read_rule(keys, node, item);
        } else {
            std::string hint = "an item needs one of the keys " + join(kItemKindKeys);
            for (const auto& e : keys.entries()) {
                if (!e.key.IsScalar()) continue;
                if (auto near = nearest_key(e.key.Scalar(), kItemKindKeys); !near.empty()) {
                    hint = "did you mean '" + std::string(near) + "' instead of '" + e.key.Scalar() + "'?";
                    break;
                }
            }
            warning("unknown-key", "LOAD_UNKNOWN_ITEM", "Unknown top level item", node, std::move(hint));
            return;
        }
        if (!keep) return;
        item.has_error = item_failed_;
        file_.items.push_back(std::move(item));
    }

    bool read_engine_version(const MapKeys& keys, const yaml::Node& node, Item& item) {
        report_unknown_keys(keys, kEngineVersionKeys, ItemKind::RequiredEngineVersion);
        const MapKeys::Entry* e = scalar_entry(keys, "required_engine_version", true, node);
        if (e == nullptr) return false;
        RequiredEngineVersion v;
        v.text = make_scalar(e->value, value_layout(node, e->key));
        // Falco first tries an unsigned integer (the legacy form), then a semver string.
        uint32_t legacy = 0;
        if (decode_scalar<uint32_t>(e->value, legacy)) {
            v.version = {0, legacy, 0};
            v.legacy_integer = true;
        } else if (auto semver = parse_semver(v.text.value)) {
            v.version = *semver;
        } else {
            error("engine-version", kYamlValidate,
                  "Unable to parse engine version '" + v.text.value +
                      "' as a semver string. Expected \"x.y.z\" semver format.",
                  e->value, "write the engine version as x.y.z, e.g. 0.31.0");
            return false;
        }
        item.value = std::move(v);
        return true;
    }

    std::optional<PluginRequirement::Alternative> read_plugin_alternative(const yaml::Node& node) {
        const MapKeys keys(node);
        auto name = read_string(keys, "name", true, node);
        auto version = read_string(keys, "version", true, node);
        if (!name || !version) return std::nullopt;
        return PluginRequirement::Alternative{std::move(*name), std::move(*version)};
    }

    bool read_plugin_versions(const MapKeys& keys, const yaml::Node& node, Item& item) {
        report_unknown_keys(keys, kPluginVersionsKeys, ItemKind::RequiredPluginVersions);
        const MapKeys::Entry* e = keys.find("required_plugin_versions");
        if (!e->value.IsSequence()) {
            error("plugin-version", kYamlValidate, "Value of required_plugin_versions must be a sequence",
                  e->value.IsNull() ? e->key : e->value, "list entries such as '- name: k8saudit' + 'version: 0.7.0'");
            return false;
        }
        RequiredPluginVersions v;
        for (auto it = e->value.begin(); it != e->value.end(); ++it) {
            const yaml::Node plugin = *it;
            if (!plugin.IsMap()) {
                error("plugin-version", kYamlValidate, "Plugin version must be a mapping", plugin);
                continue;
            }
            PluginRequirement requirement;
            requirement.mark = mark_of(plugin);
            bool ok = true;
            if (auto own = read_plugin_alternative(plugin))
                requirement.alternatives.push_back(std::move(*own));
            else
                ok = false;
            const MapKeys plugin_keys(plugin);
            if (const MapKeys::Entry* alternatives = plugin_keys.find("alternatives")) {
                if (!alternatives->value.IsSequence()) {
                    error("plugin-version", kYamlValidate, "Value of plugin version alternatives must be a sequence",
                          alternatives->value.IsNull() ? alternatives->key : alternatives->value);
                    ok = false;
                } else {
                    for (auto alt = alternatives->value.begin(); alt != alternatives->value.end(); ++alt) {
                        const yaml::Node a = *alt;
                        if (!a.IsMap()) {
                            error("plugin-version", kYamlValidate, "Plugin version alternative must be a mapping", a);
                            ok = false;
                        } else if (auto parsed = read_plugin_alternative(a)) {
                            requirement.alternatives.push_back(std::move(*parsed));
                        } else {
                            ok = false;
                        }
                    }
                }
            }
            if (ok) v.plugins.push_back(std::move(requirement));
        }
        item.value = std::move(v);
        return true;
    }

    struct Overrides {
        std::vector<OverrideEntry> entries;  // the valid ones
        std::set<std::string> invalid_keys;  // keys listed with an unusable operation
        bool malformed = false;              // yaml-cpp could not even read the entries
        bool has_errors() const { return malformed || !invalid_keys.empty(); }
    };

    // Falco's decode_overrides. yaml-cpp conversion failures (a mapping as operation, a
    // sequence as `override`) escape Falco's reader as LOAD_ERR_VALIDATE with yaml-cpp's text.
    Overrides read_overrides(const MapKeys& keys, const KeyList& appendable, const KeyList& replaceable) {
        Overrides out;
        const MapKeys::Entry* e = keys.find("override");
        if (e == nullptr) return out;
        for (auto it = e->value.begin(); it != e->value.end(); ++it) {
            std::string key, op;
            try {
                key = it->first.as_string();
                op = it->second.as_string();
            } catch (const YAML::Exception& ex) {
                error("override-structure", kValidate, ex.what(), e->value,
                      "'override' maps each key to 'append' or 'replace', e.g. 'override: {condition: append}'");
                out.malformed = true;
                break;
            }
            const bool can_append = contains(appendable, key);
            const bool can_replace = contains(replaceable, key);
            if (op == "append" && can_append) {
                out.entries.push_back({key, OverrideOp::Append, mark_of(it->first)});
                continue;
            }
            if (op == "replace" && can_replace) {
                out.entries.push_back({key, OverrideOp::Replace, mark_of(it->first)});
                continue;
            }
            out.invalid_keys.insert(key);
            if (op == "append") {
                error("override-structure", kYamlValidate,
                      "Key '" + key + "' cannot be appended to, use 'replace' instead", it->first);
            } else if (op == "replace") {
                error("override-structure", kYamlValidate, "Key '" + key + "' cannot be replaced", it->first,
                      can_append ? "use 'append'" : "this key cannot be overridden");
            } else {
                std::string message =
                    "Invalid override operation for key '" + key + "': '" + op + "'. Allowed values are: ";
                if (can_append) message += "append ";
                if (can_replace) message += "replace ";
                // A missing operation has no position of its own: point at its key.
                error("override-structure", kYamlValidate, std::move(message),
                      it->second.IsNull() ? it->first : it->second,
                      can_append || can_replace ? "use 'append' or 'replace'" : "this key cannot be overridden");
            }
        }
        return out;
    }

    bool read_legacy_append_flag(const MapKeys& keys, const yaml::Node& node) {
        auto append = read_bool(keys, "append", false, node);
        if (!append || !append->value) return false;
        warning("deprecated-item", "LOAD_DEPRECATED_ITEM", kWarningAppend, node,
                "replace 'append: true' with an 'override:' entry (`rulekit lint --fix` rewrites it)");
        return true;
    }

    void report_override_with_append(const MapKeys& keys) {
        error("override-structure", kYamlValidate, kErrorOverrideAppend, keys.find("override")->key,
              "remove 'append: true'");
    }

    static bool is_identifier(const std::string& name) {
        if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
        return std::all_of(name.begin(), name.end(),
                           [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
    }
    static bool is_bare_string(const std::string& name) {
        return !name.empty() && std::none_of(name.begin(), name.end(), [](char c) {
            return c == '(' || c == ')' || c == '"' || c == '\'' || c == '=' || c == ',' || c == ' ' || c == '\t' ||
                   c == '\n' || c == '\v' || c == '\f' || c == '\r';
        });
    }

    bool read_list(const MapKeys& keys, const yaml::Node& node, Item& item) {
        report_unknown_keys(keys, kListKeys, ItemKind::List);
        auto name = read_string(keys, "list", true, node);
        if (!name) return false;
        if (!is_bare_string(name->value))
            report(Severity::Warning, "invalid-name", "LOAD_INVALID_LIST_NAME",
                   "List has an invalid name. List names should match a regular expression: ([^()\"'[:space:]=,]+)",
                   name->mark, "a list name cannot contain blanks, quotes, parentheses, '=' or ','");
        List list;
        list.name = std::move(*name);
        if (auto items = read_scalar_sequence(keys, "items", true, node)) list.items = std::move(*items);
        list.legacy_append = read_legacy_append_flag(keys, node);
        list.overrides = read_overrides(keys, {"items"}, {"items"}).entries;
        if (list.legacy_append && !list.overrides.empty()) report_override_with_append(keys);
        item.value = std::move(list);
        return true;
    }

    bool read_macro(const MapKeys& keys, const yaml::Node& node, Item& item) {
        report_unknown_keys(keys, kMacroKeys, ItemKind::Macro);
        auto name = read_string(keys, "macro", true, node);
        if (!name) return false;
        if (!is_identifier(name->value))
            report(Severity::Warning, "invalid-name", "LOAD_INVALID_MACRO_NAME",
                   "Macro has an invalid name. Macro names should match a regular expression: ([a-zA-Z]+[a-zA-Z0-9_]*)",
                   name->mark,
                   "a macro name is a letter followed by letters, digits or '_'; otherwise no condition can use it");
        Macro macro;
        macro.name = std::move(*name);
        if (auto condition = read_string(keys, "condition", true, node)) macro.condition = std::move(*condition);
        macro.legacy_append = read_legacy_append_flag(keys, node);
        macro.overrides = read_overrides(keys, {"condition"}, {"condition"}).entries;
        if (macro.legacy_append && !macro.overrides.empty()) report_override_with_append(keys);
        item.value = std::move(macro);
        return true;
    }

    // Falco's decode_exception_info_entry for one value node.
    ExceptionEntry read_exception_entry(const yaml::Node& node, ScalarLayout layout) {
        ExceptionEntry entry;
        entry.mark = mark_of(node);
        if (node.IsScalar()) {
            if (node.Scalar().empty()) error("invalid-value", kYamlValidate, "Value must be non-empty", node);
            entry.shape = ExceptionEntry::Shape::Scalar;
            entry.scalar = make_scalar(node, layout);
        } else if (node.IsSequence()) {
            entry.shape = ExceptionEntry::Shape::List;
            const ScalarLayout inner = element_layout(node);
            for (auto it = node.begin(); it != node.end(); ++it)
                entry.items.push_back(read_exception_entry(*it, inner));
        }
        return entry;
    }

    // Falco's reader ignores other keys of an exception (only its JSON schema objects), so a
    // misspelt `values` silently changes what the exception matches: rulekit warns.
    void report_unknown_exception_keys(const MapKeys& keys) {
        static const KeyList kExceptionKeys = {"name", "fields", "comps", "values"};
        for (const auto& e : keys.entries()) {
            if (!e.key.IsScalar() || contains(kExceptionKeys, e.key.Scalar())) continue;
            const auto near = nearest_key(e.key.Scalar(), kExceptionKeys);
            warning("unknown-key", "", "Unknown key '" + e.key.Scalar() + "' in an exception. Falco ignores it.", e.key,
                    near.empty() ? "an exception takes: " + join(kExceptionKeys)
                                 : "did you mean '" + std::string(near) + "'?");
        }
    }

    // `append`: the exceptions extend an earlier rule's, so `fields` may be left out.
    std::optional<std::vector<Exception>> read_exceptions(const MapKeys& keys, bool append) {
        const MapKeys::Entry* e = keys.find("exceptions");
        if (e == nullptr) return std::nullopt;
        std::vector<Exception> out;
        if (e->value.IsNull()) return out;
        if (!e->value.IsSequence()) {
            error("exception-structure", kYamlValidate, "Rule exceptions must be a sequence", e->value,
                  "write each exception as '- name: ...' with fields, comps and values");
            return std::nullopt;
        }
        for (auto it = e->value.begin(); it != e->value.end(); ++it) {
            const yaml::Node ex = *it;
            if (!ex.IsMap()) {
                error("exception-structure", kYamlValidate, "Rule exception must be a mapping", ex);
                continue;
            }
            const MapKeys ex_keys(ex);
            report_unknown_exception_keys(ex_keys);
            auto name = read_string(ex_keys, "name", true, ex);
            if (!name) continue;
            for (const auto& previous : out)
                if (previous.name.value == name->value)
                    warning("exception-name-not-unique", "LOAD_EXCEPTION_NAME_NOT_UNIQUE",
                            "Multiple definitions of exception '" + name->value + "' in the same rule", ex,
                            "give each exception of a rule its own name");
            Exception exception;
            exception.name = std::move(*name);
            exception.mark = mark_of(ex);
            if (const MapKeys::Entry* fields = ex_keys.find("fields"))
                exception.fields = read_exception_entry(fields->value, value_layout(ex, fields->key));
            else if (!append) {
                // Falco's reader stops here: the entry never reaches the collector.
                error("missing-key", kYamlValidate, "Item has no mapping for key 'fields'", ex);
                continue;
            }
            if (const MapKeys::Entry* comps = ex_keys.find("comps"))
                exception.comps = read_exception_entry(comps->value, value_layout(ex, comps->key));
            if (const MapKeys::Entry* values = ex_keys.find("values")) {
                if (!values->value.IsSequence()) {
                    error("exception-structure", kYamlValidate, "Rule exception values must be a sequence",
                          values->value.IsNull() ? values->key : values->value);
                } else {
                    exception.values.emplace();
                    const ScalarLayout layout = element_layout(values->value);
                    for (auto v = values->value.begin(); v != values->value.end(); ++v)
                        exception.values->push_back(read_exception_entry(*v, layout));
                }
            } else if (append) {
                warning("append-no-values", "LOAD_APPEND_NO_VALUES", "Overriding/appending exception with no values",
                        ex);
            }
            out.push_back(std::move(exception));
        }
        return out;
    }

    void read_priority(const MapKeys& keys, const yaml::Node& node, bool required, Rule& rule) {
        rule.priority_text = read_string(keys, "priority", required, node);
        if (!rule.priority_text) return;
        rule.priority = parse_priority(rule.priority_text->value);
        if (!rule.priority) {
            std::string hint = "use one of Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug";
            static const KeyList kPriorities = {"Emergency", "Alert",  "Critical",      "Error",
                                                "Warning",   "Notice", "Informational", "Debug"};
            if (auto near = nearest_key(rule.priority_text->value, kPriorities); !near.empty())
                hint = "did you mean '" + std::string(near) + "'?";
            report(Severity::Error, "invalid-priority", kYamlValidate, "Invalid priority '" + rule.priority_text->value + "'",
                   rule.priority_text->mark, std::move(hint));
        }
    }

    // Decodes one rule key the way Falco's reader does for it.
    void read_rule_key(const MapKeys& keys, const yaml::Node& node, std::string_view key, bool required,
                       bool append_exceptions, Rule& rule) {
        if (key == "condition")
            rule.condition = read_string(keys, key, required, node);
        else if (key == "output")
            rule.output = read_string(keys, key, required, node);
        else if (key == "desc")
            rule.desc = read_string(keys, key, required, node);
        else if (key == "priority")
            read_priority(keys, node, required, rule);
        else if (key == "source")
            rule.source = read_string(keys, key, required, node);
        else if (key == "enabled")
            rule.enabled = read_bool(keys, key, required, node);
        else if (key == "warn_evttypes")
            rule.warn_evttypes = read_bool(keys, key, required, node);
        else if (key == "skip-if-unknown-filter")
            rule.skip_if_unknown_filter = read_bool(keys, key, required, node);
        else if (key == "capture")
            rule.capture = read_bool(keys, key, required, node);
        else if (key == "capture_duration")
            rule.capture_duration = read_unsigned(keys, key, required, node);
        else if (key == "tags")
            rule.tags = read_scalar_sequence(keys, key, required, node);
        else if (key == "exceptions")
            rule.exceptions = read_exceptions(keys, append_exceptions);
    }

    void read_rule_override(const MapKeys& keys, const yaml::Node& node, const Overrides& overrides, Rule& rule) {
        // Keys that an override item may carry only when `override:` lists them.
        std::set<std::string> expected;
        for (const auto& list : {kRuleAppendable, kRuleReplaceable})
            for (auto key : list)
                if (keys.find(key)) expected.emplace(key);

        const auto listed = [&](std::string_view key, OverrideOp op) -> const OverrideEntry* {
            for (const auto& e : rule.overrides)
                if (e.key == key && e.op == op) return &e;
            return nullptr;
        };
        const auto take = [&](std::string_view key, OverrideOp op) {
            const OverrideEntry* entry = listed(key, op);
            if (entry == nullptr) return false;
            if (!expected.erase(std::string(key))) {
                const std::string k(key);
                report(Severity::Error, "override-structure", kYamlValidate,
                       std::string("An ") + (op == OverrideOp::Append ? "append" : "replace") + " override for '" + k +
                           "' was specified but '" + k + "' is not defined",
                       entry->mark, "add the '" + k + "' key to the item, or remove it from 'override'");
                return false;
            }
            return true;
        };
        for (auto key : kRuleAppendOrder)
            if (take(key, OverrideOp::Append)) read_rule_key(keys, node, key, true, true, rule);
        for (auto key : kRuleReplaceOrder)
            if (take(key, OverrideOp::Replace)) read_rule_key(keys, node, key, true, false, rule);
        if (overrides.malformed) return;
        for (const auto& key : expected) {
            if (overrides.invalid_keys.count(key)) continue;  // already reported as a bad entry
            error("override-structure", kYamlValidate,
                  "Unexpected key '" + key + "': no corresponding entry under 'override' is defined.",
                  keys.find(key)->key, "add '" + key + ": append' or '" + key + ": replace' under 'override'");
        }
    }

    bool read_rule(const MapKeys& keys, const yaml::Node& node, Item& item) {
        report_unknown_keys(keys, kRuleKeys, ItemKind::Rule);
        auto name = read_string(keys, "rule", true, node);
        if (!name) return false;
        Rule rule;
        rule.name = std::move(*name);
        rule.legacy_append = read_legacy_append_flag(keys, node);
        Overrides overrides = read_overrides(keys, kRuleAppendable, kRuleReplaceable);
        rule.overrides = std::move(overrides.entries);
        if (rule.legacy_append && !rule.overrides.empty()) report_override_with_append(keys);

        // An override Falco rejected was still meant as one: reading the item as a full
        // definition would only add noise about keys an override does not need.
        if (!rule.overrides.empty() || overrides.has_errors()) {
            rule.form = RuleForm::Override;
            read_rule_override(keys, node, overrides, rule);
        } else if (rule.legacy_append) {
            // Falco reads only these two keys of a legacy append and ignores the rest.
            rule.form = RuleForm::LegacyAppend;
            if (keys.find("condition")) rule.condition = read_string(keys, "condition", true, node);
            if (keys.find("exceptions")) rule.exceptions = read_exceptions(keys, true);
        } else if (!keys.find("condition") && !keys.find("output") && !keys.find("desc") && !keys.find("priority")) {
            rule.form = RuleForm::EnableOnly;
            rule.enabled = read_bool(keys, "enabled", true, node);
            if (rule.enabled)
                warning("deprecated-item", "LOAD_DEPRECATED_ITEM", kWarningEnabled, node,
                        "write 'override: {enabled: replace}' next to 'enabled'");
        } else {
            rule.form = RuleForm::Definition;
            for (auto key : {"condition", "output", "desc"}) read_rule_key(keys, node, key, true, false, rule);
            read_priority(keys, node, true, rule);
            if (rule.output) rule.output = rule.output->trimmed();
            for (auto key : {"source", "enabled", "warn_evttypes", "skip-if-unknown-filter", "capture",
                             "capture_duration", "tags", "exceptions"})
                read_rule_key(keys, node, key, false, false, rule);
        }
        item.value = std::move(rule);
        return true;
    }

    RulesFile& file_;
    bool item_failed_ = false;
};

}  // namespace

RulesFile read_rules_text(std::string path, std::string bytes) {
    RulesFile file;
    file.source = std::make_shared<const SourceText>(std::move(path), std::move(bytes));
    if (auto hang = find_yaml_cpp_hang(file.source->bytes())) {
        Diagnostic d;
        d.loc = file.location(YamlMark{static_cast<int32_t>(hang->offset), static_cast<int32_t>(hang->line) - 1,
                                       static_cast<int32_t>(hang->column) - 1});
        d.code = "yaml-syntax";
        d.message = hang->message;
        d.hint = "remove the ',' or put the list in brackets: [a, b]";
        d.falco_code = "LOAD_ERR_YAML_PARSE";
        file.diagnostics.push_back(std::move(d));
        file.falco_error = 0;
        return file;
    }
    try {
        file.yaml = yaml::load_all(file.source->bytes());
        file.documents = file.yaml->documents;
        file.yaml_ok = true;
    } catch (const YAML::ParserException& e) {
        Diagnostic d;
        d.loc = file.location({e.mark.pos, e.mark.line, e.mark.column});
        d.code = "yaml-syntax";
        d.message = e.what();
        d.falco_code = "LOAD_ERR_YAML_PARSE";
        file.diagnostics.push_back(std::move(d));
        file.falco_error = 0;
        return file;
    } catch (const std::exception& e) {
        Diagnostic d;
        d.loc.file = file.path();
        d.code = "yaml-syntax";
        d.message = e.what();
        d.falco_code = "LOAD_ERR_YAML_PARSE";
        file.diagnostics.push_back(std::move(d));
        file.falco_error = 0;
        return file;
    }
    // Items are not cheap to move (they hold yaml-cpp nodes): size the vector once.
    size_t item_count = 0;
    for (const auto& doc : file.documents) item_count += doc.IsSequence() ? doc.size() : 0;
    file.items.reserve(item_count);
    Reader reader(file);
    for (size_t i = 0; i < file.documents.size(); ++i)
        reader.read_document(file.documents[i], static_cast<uint32_t>(i));
    if (!file.falco_error) file.falco_collected_items = file.items.size();
    return file;
}

RulesFile read_rules_file(const std::filesystem::path& path) {
    std::string bytes;
    std::string failure;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        failure = "is a directory";
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in.is_open()) {
            failure = std::strerror(errno);
        } else {
            try {
                // One read of the whole file when its size is known (a regular file); a pipe or
                // a special file is read to its end piecewise.
                const auto size = std::filesystem::file_size(path, ec);
                if (!ec && std::filesystem::is_regular_file(path, ec)) {
                    bytes.resize(size);
                    in.read(bytes.data(), static_cast<std::streamsize>(size));
                    bytes.resize(static_cast<size_t>(in.gcount()));
                    if (in.gcount() == static_cast<std::streamsize>(size)) {
                        bytes.append(std::istreambuf_iterator<char>(in), {});  // grew meanwhile
                    }
                } else {
                    bytes.assign(std::istreambuf_iterator<char>(in), {});
                }
            } catch (const std::exception& e) {
                failure = e.what();
            }
            if (failure.empty() && in.bad()) failure = "read error";
        }
    }
    if (failure.empty()) return read_rules_text(path.string(), std::move(bytes));

    RulesFile file;
    file.source = std::make_shared<const SourceText>(path.string(), std::string());
    Diagnostic d;
    d.loc.file = path.string();
    d.code = "file-read";
    d.message = "Could not read file: " + failure;
    d.falco_code = "LOAD_ERR_FILE_READ";
    file.diagnostics.push_back(std::move(d));
    file.falco_error = 0;
    return file;
}

}  // namespace rulekit::grammar
