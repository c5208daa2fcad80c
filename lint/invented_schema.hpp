// Recognises YAML that is not a Falco rules file but looks like one somebody meant — the
// "rules" chat assistants invent (a top-level `rules:` map, `name:` + `filter:` mappings of
// `container:`/`process:` keys), Kubernetes manifests, `- name:` items — and says what Falco
// expects instead, translating invented keys to real fields where a translation exists.
#pragma once

#include "grammar/yaml_tree.hpp"

#include <optional>
#include <string>
#include <vector>

#include "grammar/diagnostic.hpp"

namespace rulekit::lint {

struct InventedSchemaFinding {
    uint32_t line = 0;     // 1-based
    uint32_t column = 0;   // 1-based
    std::string message;
    std::string hint;      // may hold a whole `- rule:` item to paste
    Severity severity = Severity::Info;
};

struct InventedSchemaReport {
    std::string summary;   // why the document is not a rules file, what Falco expects
    std::string hint;
    std::vector<InventedSchemaFinding> details;  // one per invented rule, with its translation
};

// For a document whose top level is a mapping (Falco: "Rules content is not yaml array of
// objects"): the explanation. Always returns a report for a mapping; null for anything else.
std::optional<InventedSchemaReport> explain_mapping_document(const grammar::yaml::Node& document);

// For one top-level list item that has none of Falco's item keys: a translation when the item
// looks like an invented rule (`name:` with `filter:`/`condition:`/`match:` …), else null.
std::optional<InventedSchemaFinding> explain_unknown_item(const grammar::yaml::Node& item);

// For a `- rule:` item whose condition is given the invented way (a `filter:`/`match:` …
// mapping, or `condition:` as a mapping or sequence): the condition string to write instead.
std::optional<InventedSchemaFinding> explain_invented_rule_keys(const grammar::yaml::Node& item);

// The Falco `- rule:` item equivalent to an invented rule mapping, with notes on keys that
// have no equivalent. Exposed for tests.
struct TranslatedRule {
    std::string yaml;
    std::string condition;                  // the condition string inside `yaml`
    std::vector<std::string> untranslated;  // invented keys with no Falco field
};
TranslatedRule translate_invented_rule(const grammar::yaml::Node& rule);

}  // namespace rulekit::lint
