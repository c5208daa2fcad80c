#include "lint/invented_schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "grammar/escaping.hpp"
#include "grammar/lexemes.hpp"

namespace rulekit::lint {

namespace {

// Invented "<group>.<key>" paths and the Falco field each means. A key whose value is a path
// (starts with '/') prefers the second field when one is given (`process.cmd: /usr/sbin/dkms`
// names an executable path, `process.cmd: dkms` a process name).
struct FieldMapping {
    const char* field;
    const char* path_field;  // nullptr when the same field serves
};
const std::map<std::string, FieldMapping>& invented_fields() {
    static const std::map<std::string, FieldMapping> table = {
        {"container.name", {"container.name", nullptr}},
        {"container.id", {"container.id", nullptr}},
        {"container.image", {"container.image.repository", nullptr}},
        {"container.image_name", {"container.image.repository", nullptr}},
        {"container.image_tag", {"container.image.tag", nullptr}},
        {"container.privileged", {"container.privileged", nullptr}},
        {"process.name", {"proc.name", "proc.exepath"}},
        {"process.cmd", {"proc.name", "proc.exepath"}},
        {"process.command", {"proc.name", "proc.exepath"}},
        {"process.exe", {"proc.exe", "proc.exepath"}},
        {"process.path", {"proc.exepath", nullptr}},
        {"process.cmdline", {"proc.cmdline", nullptr}},
        {"process.commandline", {"proc.cmdline", nullptr}},
        {"process.args", {"proc.args", nullptr}},
        {"process.pid", {"proc.pid", nullptr}},
        {"process.parent", {"proc.pname", "proc.pexepath"}},
        {"process.parent_name", {"proc.pname", nullptr}},
        {"process.pname", {"proc.pname", nullptr}},
        {"process.user", {"user.name", nullptr}},
        {"process.cwd", {"proc.cwd", nullptr}},
        {"user.name", {"user.name", nullptr}},
        {"user.uid", {"user.uid", nullptr}},
        {"user.id", {"user.uid", nullptr}},
        {"file.path", {"fd.name", nullptr}},
        {"file.name", {"fd.filename", "fd.name"}},
        {"file.directory", {"fd.directory", nullptr}},
        {"file.dir", {"fd.directory", nullptr}},
        {"fd.name", {"fd.name", nullptr}},
        {"network.port", {"fd.sport", nullptr}},
        {"network.dport", {"fd.sport", nullptr}},
        {"network.ip", {"fd.sip", nullptr}},
        {"network.protocol", {"fd.l4proto", nullptr}},
        {"k8s.namespace", {"k8s.ns.name", nullptr}},
        {"kubernetes.namespace", {"k8s.ns.name", nullptr}},
        {"k8s.pod", {"k8s.pod.name", nullptr}},
        {"kubernetes.pod", {"k8s.pod.name", nullptr}},
        {"event.type", {"evt.type", nullptr}},
        {"syscall.name", {"evt.type", nullptr}},
        {"syscall.type", {"evt.type", nullptr}},
    };
    return table;
}

std::string scalar_text(const grammar::yaml::Node& n) { return n.IsDefined() && n.IsScalar() ? n.Scalar() : std::string(); }

// A value as the condition language reads it: bare when it lexes as one bare string.
std::string condition_value(const std::string& v) {
    if (!v.empty() && grammar::lex::bare_string(v) == v.size() && v != "and" && v != "or" && v != "not") return v;
    return grammar::quote(v);
}

std::string yaml_quoted(const std::string& v) {
    std::string out = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

void collect_checks(const grammar::yaml::Node& node, const std::string& prefix, std::vector<std::string>& checks,
                    std::vector<std::string>& untranslated) {
    if (!node.IsMap()) return;
    for (const auto& kv : node) {
        const std::string key = scalar_text(kv.first);
        const std::string path = prefix.empty() ? key : prefix + "." + key;
        const grammar::yaml::Node& value = kv.second;
        if (value.IsMap()) {
            collect_checks(value, path, checks, untranslated);
            continue;
        }
        // `container: true` (or `in_container: yes`): whether the event comes from a container.
        if ((path == "container" || path == "in_container" || path == "container.running") && value.IsScalar()) {
            const std::string v = value.Scalar();
            if (v == "true" || v == "yes" || v == "false" || v == "no") {
                checks.push_back(v == "true" || v == "yes" ? "container.id != host" : "container.id = host");
                continue;
            }
        }
        auto it = invented_fields().find(path);
        if (it == invented_fields().end()) {
            untranslated.push_back(path);
            continue;
        }
        const FieldMapping& m = it->second;
        if (value.IsSequence()) {
            std::vector<std::string> items;
            for (const auto& v : value) items.push_back(scalar_text(v));
            if (std::string(m.field) == "proc.args") {
                std::string joined;
                for (const auto& s : items) joined += (joined.empty() ? "" : " ") + s;
                checks.push_back(fmt::format("proc.args = {}", grammar::quote(joined)));
            } else {
                std::string list;
                for (const auto& s : items) list += (list.empty() ? "" : ", ") + condition_value(s);
                checks.push_back(fmt::format("{} in ({})", m.field, list));
            }
            continue;
        }
        const std::string v = scalar_text(value);
        const char* field = (m.path_field && !v.empty() && v[0] == '/') ? m.path_field : m.field;
        checks.push_back(fmt::format("{} = {}", field, condition_value(v)));
    }
}

}  // namespace

TranslatedRule translate_invented_rule(const grammar::yaml::Node& rule) {
    TranslatedRule out;
    std::string name = scalar_text(rule["name"]);
    if (name.empty()) name = scalar_text(rule["rule"]);
    if (name.empty()) name = scalar_text(rule["id"]);
    if (name.empty()) name = "converted rule";

    std::vector<std::string> checks;
    bool has_condition_string = false;
    for (const char* key : {"filter", "match", "matches", "when", "selector", "conditions", "condition"}) {
        const grammar::yaml::Node n = rule[key];
        if (!n) continue;
        if (n.IsScalar()) {
            checks.push_back(n.Scalar());
            has_condition_string = true;
        } else if (n.IsSequence()) {
            // A list of conditions: each string is one, each mapping is translated; all must hold.
            for (const auto& element : n) {
                if (element.IsScalar()) {
                    checks.push_back(element.Scalar().find(" or ") != std::string::npos ? "(" + element.Scalar() + ")"
                                                                                        : element.Scalar());
                    has_condition_string = true;
                } else {
                    collect_checks(element, "", checks, out.untranslated);
                }
            }
        } else {
            collect_checks(n, "", checks, out.untranslated);
        }
    }
    std::string condition;
    const bool mentions_event_type =
        std::any_of(checks.begin(), checks.end(), [](const std::string& c) { return c.find("evt.type") != std::string::npos; });
    if (!has_condition_string && !mentions_event_type) condition = "evt.type in (execve, execveat)";
    for (const auto& c : checks) condition += (condition.empty() ? "" : " and ") + c;
    if (condition.empty()) condition = "evt.type in (execve, execveat)";

    std::string desc = scalar_text(rule["description"]);
    if (desc.empty()) desc = scalar_text(rule["desc"]);
    if (desc.empty()) desc = name;
    std::string priority = scalar_text(rule["priority"]);
    if (priority.empty()) priority = scalar_text(rule["severity"]);
    if (priority.empty()) priority = "WARNING";

    out.yaml = fmt::format(
        "- rule: {}\n"
        "  desc: {}\n"
        "  condition: >\n"
        "    {}\n"
        "  output: \"{} (proc=%proc.name exe=%proc.exepath cmdline=%proc.cmdline container=%container.name)\"\n"
        "  priority: {}\n",
        yaml_quoted(name), yaml_quoted(desc), condition, name, priority);
    out.condition = std::move(condition);
    return out;
}

namespace {

// "(no Falco field matches: …)" for the invented keys a translation could not map, or nothing.
std::string untranslated_note(const TranslatedRule& t) {
    if (t.untranslated.empty()) return {};
    std::string keys;
    for (const auto& k : t.untranslated) keys += (keys.empty() ? "" : ", ") + k;
    return fmt::format("(no Falco field matches: {}; check the condition by hand)\n", keys);
}

std::string rule_item_shape() {
    return "Falco expects a YAML list of items, each a mapping with one of the keys `rule`, `macro` or `list`:\n"
           "  - rule: <name>\n"
           "    desc: <text>\n"
           "    condition: <a string in Falco's filter language, e.g. evt.type = execve and proc.name = bash>\n"
           "    output: <text with %fields>\n"
           "    priority: <EMERGENCY|ALERT|CRITICAL|ERROR|WARNING|NOTICE|INFORMATIONAL|DEBUG>";
}

InventedSchemaFinding translation_finding(const grammar::yaml::Node& entry, const std::string& name) {
    InventedSchemaFinding f;
    f.line = static_cast<uint32_t>(entry.Mark().line + 1);
    f.column = static_cast<uint32_t>(entry.Mark().column + 1);
    f.severity = Severity::Info;
    TranslatedRule t = translate_invented_rule(entry);
    // Name the invented keys this entry really has (`name:` always; `filter:`, `match:`, ...).
    static constexpr std::string_view kRuleKeys[] = {"rule", "condition", "output", "desc", "priority", "source",
                                                      "enabled", "tags", "exceptions", "override", "append",
                                                      "warn_evttypes", "skip-if-unknown-filter", "capture",
                                                      "capture_duration"};
    std::vector<std::string> invented;
    for (const auto& kv : entry) {
        if (!kv.first.IsScalar()) continue;
        const std::string& key = kv.first.Scalar();
        if (std::find(std::begin(kRuleKeys), std::end(kRuleKeys), key) == std::end(kRuleKeys)) {
            invented.push_back("`" + key + ":`");
        }
    }
    std::string keys;
    for (size_t i = 0; i < invented.size(); ++i) {
        keys += (i == 0 ? "" : i + 1 == invented.size() ? " and " : ", ") + invented[i];
    }
    f.message = fmt::format("'{}' is written in an invented schema: {} {} not {} of a Falco rule, and conditions are "
                            "strings in Falco's filter language under `condition:`",
                            name, keys, invented.size() == 1 ? "is" : "are", invented.size() == 1 ? "a key" : "keys");
    f.hint = "the equivalent Falco rule:\n" + t.yaml + untranslated_note(t);
    return f;
}

}  // namespace

std::optional<InventedSchemaReport> explain_mapping_document(const grammar::yaml::Node& document) {
    if (!document.IsMap()) return std::nullopt;
    InventedSchemaReport report;
    const std::string kind = scalar_text(document["kind"]);
    if (document["apiVersion"] && !kind.empty()) {
        report.summary = fmt::format("this is a Kubernetes manifest (kind: {}), not a Falco rules file", kind);
        report.hint = kind == "ConfigMap"
                          ? "put the rules file held under `data:` in a file of its own (or lint it there); " + rule_item_shape()
                          : rule_item_shape();
        return report;
    }
    if (document["detection"] && document["logsource"]) {
        report.summary = "this is a Sigma rule (`logsource:`, `detection:`), not a Falco rules file; Falco loads only "
                         "its own rules";
        report.hint = "write the detection as a Falco rule: " + rule_item_shape();
        return report;
    }
    for (const char* key : {"rules", "customRules", "falco_rules", "macros", "lists"}) {
        const grammar::yaml::Node n = document[key];
        if (!n) continue;
        report.summary = fmt::format(
            "the top level is a mapping with a `{}:` key; Falco rules files are a top-level list of "
            "`- rule:`, `- macro:` and `- list:` items",
            key);
        report.hint = rule_item_shape();
        if (n.IsSequence()) {
            size_t falco_items = 0;
            for (const auto& entry : n) {
                if (!entry.IsMap()) continue;
                if (entry["rule"] || entry["macro"] || entry["list"]) {
                    ++falco_items;
                    continue;
                }
                std::string name = scalar_text(entry["name"]);
                report.details.push_back(translation_finding(entry, name.empty() ? "this item" : name));
            }
            if (falco_items > 0) {
                report.hint = fmt::format(
                    "the {} item(s) under `{}:` are Falco items already: delete the `{}:` line and move them to the "
                    "top level (each line {} column(s) to the left), so the file starts with `- rule:`, `- macro:` "
                    "or `- list:`",
                    falco_items, key, key, n.Mark().column);
            }
        } else if (n.IsMap()) {
            // Helm-values style: `customRules: {file.yaml: |- ...}` holds whole rules files.
            report.hint = "each value under `" + std::string(key) +
                          ":` looks like a whole rules file; lint those files on their own. " + rule_item_shape();
        }
        return report;
    }
    report.summary = "the top level is a mapping; Falco rules files are a top-level list of "
                     "`- rule:`, `- macro:` and `- list:` items";
    report.hint = rule_item_shape();
    return report;
}

std::optional<InventedSchemaFinding> explain_invented_rule_keys(const grammar::yaml::Node& item) {
    if (!item.IsMap() || !item["rule"]) return std::nullopt;
    std::string key;
    for (const char* k : {"filter", "match", "matches", "when", "selector", "conditions"}) {
        if (item[k]) {
            key = k;
            break;
        }
    }
    const bool condition_not_text = item["condition"] && (item["condition"].IsMap() || item["condition"].IsSequence());
    if (key.empty() && !condition_not_text) return std::nullopt;
    if (key.empty()) key = "condition";
    const grammar::yaml::Node at = item[key];
    InventedSchemaFinding f;
    for (const auto& kv : item) {
        if (kv.first.IsScalar() && kv.first.Scalar() == key) {
            f.line = static_cast<uint32_t>(kv.first.Mark().line + 1);
            f.column = static_cast<uint32_t>(kv.first.Mark().column + 1);
            break;
        }
    }
    f.severity = Severity::Info;
    f.message = fmt::format("'{}' gives its condition as {} under `{}:`; Falco takes one string in its filter "
                            "language under `condition:`",
                            scalar_text(item["rule"]), at.IsScalar() ? "a value" : "structured YAML", key);
    const TranslatedRule t = translate_invented_rule(item);
    f.hint = fmt::format("write it as:\ncondition: >\n  {}\n", t.condition) + untranslated_note(t);
    return f;
}

std::optional<InventedSchemaFinding> explain_unknown_item(const grammar::yaml::Node& item) {
    if (!item.IsMap() || !item["name"]) return std::nullopt;
    bool looks_like_rule = false;
    for (const char* key : {"filter", "match", "matches", "when", "selector", "conditions", "condition", "output",
                            "priority", "severity", "description", "desc"}) {
        looks_like_rule = looks_like_rule || item[key];
    }
    if (!looks_like_rule) return std::nullopt;
    InventedSchemaFinding f = translation_finding(item, scalar_text(item["name"]));
    f.severity = Severity::Warning;
    f.message = fmt::format("Falco ignores this item (no `rule:`, `macro:` or `list:` key), so '{}' never runs: ",
                            scalar_text(item["name"])) +
                f.message;
    return f;
}

}  // namespace rulekit::lint
