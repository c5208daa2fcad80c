// `rulekit lint` as a library call: the one loader (ruleset/loader.hpp) reads the files in
// Falco's order and reports what Falco's loader would; lint adds its own checks through the
// loader's hooks and afterwards, maps the load problems to findings (each check's level and
// hint, the item each finding is about), applies configuration and inline suppressions, and
// sorts. Everything Falco-shaped lives in the loader; this file knows only lint's checks.
#include "lint/linter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "grammar/condition.hpp"
#include "grammar/rules_file.hpp"
#include "lint/check_registry.hpp"
#include "lint/checks/beyond_falco.hpp"
#include "lint/checks/newer_than_target.hpp"
#include "lint/invented_schema.hpp"
#include "lint/report/report.hpp"
#include "lint/suppressions.hpp"
#include "ruleset/loader.hpp"

namespace rulekit::lint {

namespace fs = std::filesystem;
using grammar::Expr;

bool falco_fails_on(const Diagnostic& d) { return ruleset::falco_fails_on(d); }

std::vector<fs::path> expand_rules_paths(const std::vector<fs::path>& inputs) { return ruleset::expand_rules_paths(inputs); }

namespace {


// A finding takes its check's default level (warnings and infos; a softer finding of an
// error-level check, a plugin requirement rulekit cannot judge, keeps its own) and, without a
// hint of its own, the check's.
void apply_check_defaults(Diagnostic& d) {
    const CheckInfo* info = find_check(d.code);
    if (!info) return;
    if (d.severity != Severity::Error && info->default_severity != Severity::Error) d.severity = info->default_severity;
    if (d.hint.empty()) d.hint = std::string(info->fix);
}

// lint's own checks, run through the loader's hooks while the files load.
class LintChecks final : public ruleset::LoadObserver {
public:
    LintChecks(std::optional<FalcoVersion> target, std::function<bool(size_t)> from_directory)
        : target_(std::move(target)), from_directory_(std::move(from_directory)) {}

    // Findings lint made while files were read (the loader never sees them).
    Diagnostics take_findings() { return std::move(findings_); }

    void decorate(Diagnostic& d) const override { apply_check_defaults(d); }

    bool skip_file(size_t index, const grammar::RulesFile& file) override {
        if (!from_directory_(index)) return false;
        auto why = why_not_a_rules_file(file);
        if (!why) return false;
        Diagnostic d = make_diagnostic("skipped-file", {file.path(), 0, 0, 0, 0},
                            fmt::format("skipped: not a Falco rules file ({})", *why), "", Severity::Info);
        d.hint = "name the file explicitly to lint it as a rules file";
        add(std::move(d));
        return true;
    }

    void file_read(const grammar::RulesFile& file, Diagnostics& reader_findings) override {
        for (auto& d : reader_findings) {
            if (d.code == "not-a-rules-file") explain_not_a_rules_file(file, d);
        }
        explain_invented_items(file);
        for (auto& d : checks::append_drops_keys(file)) add(std::move(d));
        for (auto& d : checks::priority_case(file)) add(std::move(d));
    }

    void item_read(const grammar::RulesFile& file, const grammar::Item& item) override {
        if (!target_) return;
        for (const auto& f : checks::keys_newer_than_target(item.node, *target_)) {
            add(make_diagnostic("newer-than-target", file.location(grammar::YamlMark{f.mark.pos, f.mark.line, f.mark.column}),
                     f.message, ""));
        }
    }

    void compile_started(const ruleset::Collector& collector) override {
        for (const auto& l : collector.lists()) known_names_.lists.push_back(l.name);
        for (const auto& m : collector.macros()) known_names_.macros.insert(m.name);
    }

    void condition_parsed(const Expr& condition, ruleset::CompileContext& context) override {
        if (target_) {
            for (const auto& f : checks::newer_than_target(condition, *target_)) {
                context.report(make_diagnostic("newer-than-target", context.locate(*f.node), f.message, ""));
            }
        }
        for (const auto& f : checks::list_name_literal(condition, known_names_)) {
            Diagnostic d = make_diagnostic("list-name-literal", context.locate(*f.node), f.message, "", Severity::Warning);
            d.hint = f.hint;
            context.report(std::move(d));
        }
    }

    void output_compiled(const ruleset::CollectedRule& rule, const ruleset::ComposedText& output,
                         ruleset::CompileContext& context) override {
        for (const auto& p : checks::output_placeholders(output.str())) {
            Expr expr;
            std::string why;
            if (grammar::parse_field_expression(p.field, expr) != p.field.size() ||
                !context.compiler().field_expression_compiles(rule.source, expr, &why)) {
                continue;
            }
            Diagnostic d = make_diagnostic("output-placeholder", context.locate(output, p.offset, p.offset + p.length),
                                fmt::format("'{}' is printed as it is: Falco expands only `%{}`",
                                            output.str().substr(p.offset, p.length), p.field),
                                "", Severity::Warning);
            d.hint = fmt::format("write %{}", p.field);
            context.report(std::move(d));
        }
    }

private:
    void add(Diagnostic d) {
        apply_check_defaults(d);
        findings_.push_back(std::move(d));
    }

    // Why a file found in a directory is not a Falco rules file, or nullopt when it is one or
    // looks like an attempt at one (an invented schema, a rules file with a YAML error).
    static std::optional<std::string> why_not_a_rules_file(const grammar::RulesFile& file) {
        static constexpr std::string_view kItemKeys[] = {"rule", "macro", "list", "required_engine_version",
                                                         "required_plugin_versions"};
        auto is_item = [](const grammar::yaml::Node& n) {
            if (!n.IsMap()) return false;
            for (std::string_view key : kItemKeys)
                if (n[std::string(key)]) return true;
            return explain_unknown_item(n).has_value();
        };
        if (!file.yaml_ok) {
            // Not YAML (a Helm template, say): a rules file only if some line starts an item,
            // `- rule:` after optional blanks. Scanned by hand, line by line: libstdc++'s regex
            // engine recursed once per character and overflowed the stack on a long run of blanks.
            auto without_leading_blanks = [](std::string_view s) {
                return s.substr(std::min(s.find_first_not_of(" \t"), s.size()));
            };
            auto starts_an_item = [&](std::string_view line) {
                line = without_leading_blanks(line);
                if (!line.starts_with('-')) return false;
                line.remove_prefix(1);
                const std::string_view key_and_rest = without_leading_blanks(line);
                if (key_and_rest.size() == line.size()) return false;  // `-rule:` is a scalar, not an item
                return std::any_of(std::begin(kItemKeys), std::end(kItemKeys), [&](std::string_view key) {
                    return key_and_rest.starts_with(key) &&
                           without_leading_blanks(key_and_rest.substr(key.size())).starts_with(':');
                });
            };
            const std::string_view bytes = file.source->bytes();
            for (size_t line_start = 0; line_start <= bytes.size();) {
                const size_t line_end = std::min(bytes.find('\n', line_start), bytes.size());
                if (starts_an_item(bytes.substr(line_start, line_end - line_start))) return std::nullopt;
                line_start = line_end + 1;
            }
            return "not valid YAML, and no line starts a rule, macro or list item";
        }
        bool any_content = false;
        for (const grammar::yaml::Node& doc : file.documents) {
            if (doc.IsNull()) continue;
            any_content = true;
            if (doc.IsSequence()) {
                for (const auto& item : doc)
                    if (is_item(item)) return std::nullopt;
            } else if (doc.IsMap()) {
                if (doc["rules"]) return std::nullopt;
                if (auto report = explain_mapping_document(doc); report && !report->details.empty()) return std::nullopt;
            }
        }
        if (!any_content) return std::nullopt;  // empty: Falco loads it, nothing to say
        for (const grammar::yaml::Node& doc : file.documents) {
            if (doc.IsMap()) return std::string("the top level is a mapping");
        }
        for (const grammar::yaml::Node& doc : file.documents) {
            if (doc.IsSequence()) return std::string("no item of the top-level list is a rule, macro or list");
        }
        return std::string("the top level is a single value");
    }

    void explain_invented_items(const grammar::RulesFile& file) {
        // Items Falco drops as unknown: explain the ones that are invented rules.
        for (const grammar::yaml::Node& doc : file.documents) {
            if (!doc.IsSequence()) continue;
            for (const auto& item : doc) {
                if (auto finding = explain_invented_rule_keys(item)) {
                    Diagnostic d = make_diagnostic("unknown-key", {file.path(), finding->line, finding->column}, finding->message, "",
                                        finding->severity);
                    d.hint = finding->hint;
                    findings_.push_back(std::move(d));
                }
                if (!item.IsMap() || item["rule"] || item["macro"] || item["list"] || item["required_engine_version"] ||
                    item["required_plugin_versions"]) {
                    continue;
                }
                if (auto finding = explain_unknown_item(item)) {
                    Diagnostic d = make_diagnostic("unknown-key", {file.path(), finding->line, finding->column}, finding->message, "",
                                        finding->severity);
                    apply_check_defaults(d);
                    d.hint = finding->hint;
                    findings_.push_back(std::move(d));
                }
            }
        }
    }

    void explain_not_a_rules_file(const grammar::RulesFile& file, Diagnostic& d) {
        for (const grammar::yaml::Node& doc : file.documents) {
            if (!doc.IsMap()) continue;
            if (static_cast<uint32_t>(doc.Mark().line + 1) != d.loc.line) continue;
            auto report = explain_mapping_document(doc);
            if (!report) return;
            d.message += ": " + report->summary;
            d.hint = report->hint;
            for (const auto& detail : report->details) {
                Diagnostic extra = make_diagnostic("not-a-rules-file", {file.path(), detail.line, detail.column}, detail.message, "",
                                        detail.severity);
                extra.hint = detail.hint;
                findings_.push_back(std::move(extra));
            }
            return;
        }
    }

    std::optional<FalcoVersion> target_;
    std::function<bool(size_t)> from_directory_;
    checks::KnownNames known_names_;
    Diagnostics findings_;
};

// Many of Falco's messages name no item ("... but no rule by that name already exists",
// "Fields and values lists must have equal length"): its error context does. Such findings
// get the kind and name of the item they are in, so each one names what it is about.
void name_items_in_messages(const ruleset::RuleSet& rules, Diagnostics& findings) {
    static const std::set<std::string_view> kItemScoped = {
        "missing-key", "override-structure", "override-target-missing", "exception-structure", "redefined-source",
        "invalid-priority", "condition-syntax", "invalid-value", "invalid-output", "append-no-values",
        "no-evttype", "na-comparison", "deprecated-item", "deprecated-evt-dir", "falco-aborts", "unknown-source"};
    std::unordered_map<std::string_view, const grammar::RulesFile*> by_path;
    for (const auto& f : rules.files()) by_path.emplace(f->path(), f.get());
    for (auto& d : findings) {
        if (!kItemScoped.count(d.code) || d.message.starts_with("Unexpected element type")) continue;
        auto file = by_path.find(d.loc.file);
        if (file == by_path.end()) continue;
        const grammar::Item* owner = nullptr;  // the last item starting at or before the finding
        for (const auto& item : file->second->items) {
            const auto line = static_cast<uint32_t>(item.mark.line + 1), column = static_cast<uint32_t>(item.mark.column + 1);
            if (line > d.loc.line || (line == d.loc.line && column > d.loc.column)) break;
            owner = &item;
        }
        if (!owner) continue;
        std::string_view kind, name;
        if (const auto* r = owner->get<grammar::Rule>()) kind = "rule", name = r->name.value;
        if (const auto* m = owner->get<grammar::Macro>()) kind = "macro", name = m->name.value;
        if (const auto* l = owner->get<grammar::List>()) kind = "list", name = l->name.value;
        if (name.empty() || d.message.find(fmt::format("'{}'", name)) != std::string::npos) continue;
        d.message += fmt::format(" ({} '{}')", kind, name);
    }
}

ruleset::LoadOptions load_options_of(const LintOptions& options, const std::optional<FalcoVersion>& target) {
    ruleset::LoadOptions load;
    load.catalog = options.catalog;
    load.plugins_explicit = options.plugins_explicit;
    load.plugin_versions = options.plugin_versions;
    load.field_files = options.field_files;
    load.engine_version = options.engine_version;
    load.keep_compiled_conditions = options.keep_compiled_conditions;
    if (target) {
        if (auto engine = checks::engine_version_of_falco(*target)) {
            load.engine_version = *engine;
            load.engine_note = fmt::format(" (the engine of the target Falco {})", *options.target_falco);
        }
    }
    return load;
}

LintResult lint(size_t count, const std::function<grammar::RulesFile(size_t)>& read,
                const std::function<bool(size_t)>& from_directory, const LintOptions& options) {
    std::optional<FalcoVersion> target;
    if (options.target_falco) {
        target = parse_falco_version(*options.target_falco);
        if (!target) throw LintInputError(fmt::format("'{}' is not a Falco version", *options.target_falco));
    }
    LintChecks checks(target, from_directory);
    ruleset::RuleSet rules = ruleset::load_rules(count, read, load_options_of(options, target), &checks);
    LintResult result;
    result.diagnostics = rules.take_problems();
    for (auto& d : checks.take_findings()) result.diagnostics.push_back(std::move(d));
    for (auto& d : checks::list_shadows_macro(rules.definitions())) {
        apply_check_defaults(d);
        result.diagnostics.push_back(std::move(d));
    }
    name_items_in_messages(rules, result.diagnostics);
    result.falco_accepts = rules.falco_accepts();
    result.sources = rules.sources();
    result.compiled_conditions = rules.compiled_conditions();
    std::set<std::string> checks_not_run;
    if (!rules.unused_items_checked()) checks_not_run = {"unused-macro", "unused-list"};
    // Falco's verdict stands whatever the user silences; only the report changes.
    apply_inline_suppressions(result.diagnostics, result.sources, checks_not_run);
    apply_check_levels(result.diagnostics, options.check_levels);
    sort_diagnostics(result.diagnostics);
    return result;
}

}  // namespace

LintResult lint_files(const std::vector<fs::path>& files, const LintOptions& options) {
    return lint(
        files.size(), [&](size_t i) { return grammar::read_rules_file(files[i]); }, [](size_t) { return false; },
        options);
}

LintResult lint_inputs(const std::vector<LintInput>& inputs, const LintOptions& options) {
    return lint(
        inputs.size(), [&](size_t i) { return grammar::read_rules_file(inputs[i].path); },
        [&](size_t i) { return inputs[i].from_directory; }, options);
}

std::vector<LintInput> expand_lint_inputs(const std::vector<fs::path>& paths) {
    std::vector<LintInput> out;
    for (const auto& path : paths) {
        std::error_code ec;
        const bool directory = fs::is_directory(path, ec);
        for (auto& file : expand_rules_paths({path})) out.push_back({std::move(file), directory});
    }
    return out;
}

LintResult lint_sources(const std::vector<SourceFile>& files, const LintOptions& options) {
    return lint(
        files.size(), [&](size_t i) { return grammar::read_rules_text(files[i].path, files[i].bytes); },
        [](size_t) { return false; }, options);
}

}  // namespace rulekit::lint
