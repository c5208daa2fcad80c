// The rules-file reader: Falco's rule_loader_reader with exact positions (spec 3.1-3.10).
// It loads a file as a multi-document YAML stream, walks every item the way Falco does and
// yields typed items in load order plus every problem Falco's reader reports. Falco stops at
// the first reader error of a file; we skip the bad part and go on, and say which diagnostic
// is the one Falco reports (`falco_error`).
#pragma once


#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "grammar/diagnostic.hpp"
#include "grammar/yaml_source.hpp"
#include "grammar/yaml_tree.hpp"

namespace rulekit::grammar {

enum class Priority : uint8_t { Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug };
// Falco's case-insensitive priority names (plus "info"); nullopt means "Invalid priority".
std::optional<Priority> parse_priority(std::string_view text);
const char* priority_name(Priority p);  // canonical spelling, e.g. "Informational"

struct SemVer {
    uint32_t major = 0;
    uint32_t minor = 0;
    uint32_t patch = 0;
    auto operator<=>(const SemVer&) const = default;
};
// libsinsp's sinsp_version: three leading dot-separated unsigned numbers, rest ignored.
std::optional<SemVer> parse_semver(const std::string& text);

template <class T>
struct Located {
    T value{};
    YamlMark mark;
};

struct RequiredEngineVersion {
    Scalar text;
    SemVer version;               // an integer N reads as 0.N.0
    bool legacy_integer = false;  // written as a plain unsigned integer
};

// One `required_plugin_versions` entry; alternatives[0] is the entry's own name/version.
struct PluginRequirement {
    struct Alternative {
        Scalar name;
        Scalar version;
    };
    std::vector<Alternative> alternatives;
    YamlMark mark;
};

struct RequiredPluginVersions {
    std::vector<PluginRequirement> plugins;
};

enum class OverrideOp : uint8_t { Append, Replace };

// One valid `override:` entry, in YAML order.
struct OverrideEntry {
    std::string key;
    OverrideOp op = OverrideOp::Append;
    YamlMark mark;  // of the key
};

struct List {
    Scalar name;
    std::vector<Scalar> items;
    bool legacy_append = false;  // `append: true` (deprecated)
    std::vector<OverrideEntry> overrides;
    // Falco appends to an earlier list (legacy append or `override: {items: append}`);
    // otherwise the item (re)defines the list.
    bool appends() const;
};

struct Macro {
    Scalar name;
    Scalar condition;
    bool legacy_append = false;
    std::vector<OverrideEntry> overrides;
    bool appends() const;
};

// Falco's rule_exception_info::entry: a scalar, a (nested) sequence, or neither (null or a
// mapping, which Falco's reader lets through as an empty entry).
struct ExceptionEntry {
    enum class Shape : uint8_t { Empty, Scalar, List };
    Shape shape = Shape::Empty;
    grammar::Scalar scalar;             // Shape::Scalar
    std::vector<ExceptionEntry> items;  // Shape::List
    YamlMark mark;
    bool is_list() const { return shape == Shape::List; }
};

struct Exception {
    Scalar name;
    std::optional<ExceptionEntry> fields;               // absent: no `fields` key
    std::optional<ExceptionEntry> comps;                // absent: no `comps` key
    std::optional<std::vector<ExceptionEntry>> values;  // absent: no `values` key
    YamlMark mark;
};

// Which of Falco's four rule forms the item is (spec 3.8), chosen in this order.
enum class RuleForm : uint8_t {
    Override,      // has a non-empty `override:` mapping
    LegacyAppend,  // `append: true`: only condition and exceptions are read
    EnableOnly,    // none of condition/output/desc/priority: sets `enabled` of an earlier rule
    Definition,    // a full definition
};
const char* rule_form_name(RuleForm form);

// Only the keys Falco reads for the item's form are filled in: a legacy append carries just
// condition and exceptions, an enable-only item just `enabled`, an override the keys it lists.
struct Rule {
    RuleForm form = RuleForm::Definition;
    Scalar name;
    std::optional<Scalar> condition;
    std::optional<Scalar> output;  // trimmed in a full definition, as Falco does
    std::optional<Scalar> desc;
    std::optional<Scalar> priority_text;
    std::optional<Priority> priority;
    std::optional<Scalar> source;  // absent: Falco's default "syscall" (full definitions)
    std::optional<Located<bool>> enabled;
    std::optional<Located<bool>> warn_evttypes;
    std::optional<Located<bool>> skip_if_unknown_filter;
    std::optional<Located<bool>> capture;
    std::optional<Located<uint64_t>> capture_duration;
    std::optional<std::vector<Scalar>> tags;
    std::optional<std::vector<Exception>> exceptions;  // present (maybe empty) when the key was read
    bool legacy_append = false;
    std::vector<OverrideEntry> overrides;

    // The override operation listed for `key`, if any (the first one in YAML order).
    std::optional<OverrideOp> override_of(std::string_view key) const;
};

enum class ItemKind : uint8_t { RequiredEngineVersion, RequiredPluginVersions, List, Macro, Rule };
const char* item_kind_name(ItemKind kind);

struct Item {
    std::variant<RequiredEngineVersion, RequiredPluginVersions, List, Macro, Rule> value;
    yaml::Node node;        // the item's mapping, for checks that need more than the model
    YamlMark mark;          // of the mapping (its first key)
    uint32_t document = 0;  // index into RulesFile::documents
    // The reader reported an error for this item: Falco rejects the file. Fields that failed to
    // decode are absent; the rest is kept so later passes can still resolve names.
    bool has_error = false;

    ItemKind kind() const { return static_cast<ItemKind>(value.index()); }
    template <class T>
    const T* get() const {
        return std::get_if<T>(&value);
    }
};

struct RulesFile {
    std::shared_ptr<const SourceText> source;
    std::shared_ptr<const yaml::Tree> yaml;  // the parse; `documents` and item nodes point into it
    std::vector<yaml::Node> documents;      // every document of the stream
    bool yaml_ok = false;               // the YAML stream parsed (otherwise no documents/items)
    std::vector<Item> items;            // in load order
    // Everything the reader found, in Falco's processing order. Diagnostics with a falco_code
    // are Falco's own; the others (e.g. duplicate-key) are rulekit's additions.
    Diagnostics diagnostics;
    // Index in `diagnostics` of the error Falco reports for this file; nullopt when Falco's
    // reader accepts the file.
    std::optional<size_t> falco_error;
    // items[0, falco_collected_items) reached Falco's collector before its reader stopped.
    size_t falco_collected_items = 0;

    const std::string& path() const { return source->path(); }
    SourceLocation location(const YamlMark& mark) const { return source->location(mark); }
    // What Falco's reader reports for this file: its warnings up to its first error, and that error.
    std::vector<const Diagnostic*> falco_diagnostics() const;
};

// Reads the file's bytes and reads them as a rules file. An unreadable file gives one
// "file-read" error (LOAD_ERR_FILE_READ).
RulesFile read_rules_file(const std::filesystem::path& path);
RulesFile read_rules_text(std::string path, std::string bytes);

}  // namespace rulekit::grammar
