// The loader (see ruleset/loader.hpp): Falco's reader, collector and compiler over a load order,
// reporting every problem where its text was written.
#include "ruleset/loader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "grammar/condition.hpp"
#include "grammar/edit_distance.hpp"
#include "grammar/output_format.hpp"
#include "grammar/printer.hpp"
#include "grammar/rules_file.hpp"
#include "ruleset/condition_analysis.hpp"
#include "ruleset/filter_compiler.hpp"
#include "ruleset/macro_resolver.hpp"
#include "ruleset/text_rewriting.hpp"

namespace rulekit::ruleset {

namespace fs = std::filesystem;
using grammar::Expr;
using grammar::Kind;

bool falco_fails_on(const Diagnostic& d) {
    return d.severity == Severity::Error &&
           (!d.falco_code.empty() || d.code == "falco-aborts" || d.code == "plugin-version");
}

std::vector<fs::path> expand_rules_paths(const std::vector<fs::path>& inputs) {
    std::vector<fs::path> out;
    for (const auto& input : inputs) {
        std::error_code ec;
        if (fs::is_directory(input, ec)) {
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(input, ec)) {
                const auto ext = entry.path().extension();
                if ((ext == ".yaml" || ext == ".yml") && entry.is_regular_file(ec)) files.push_back(entry.path());
            }
            std::sort(files.begin(), files.end());
            out.insert(out.end(), files.begin(), files.end());
        } else if (fs::exists(input, ec)) {
            out.push_back(input);
        } else {
            throw LoadInputError(fmt::format("cannot read '{}': no such file or directory", input.string()));
        }
    }
    return out;
}

namespace {

const grammar::Scalar* scalar_of(const void* owner) { return static_cast<const grammar::Scalar*>(owner); }

Text text_of(const grammar::Scalar& s) { return Text{s.value, &s, s.location()}; }

ExceptionValue value_of(const grammar::ExceptionEntry& e) {
    ExceptionValue v;
    v.is_list = e.is_list();
    if (e.shape == grammar::ExceptionEntry::Shape::Scalar) v.item = text_of(e.scalar);
    for (const auto& item : e.items) v.items.push_back(value_of(item));
    return v;
}

}  // namespace

class Loader final : public CompileContext {
public:
    Loader(const LoadOptions& options, std::unique_ptr<grammar::FieldCatalog> owned_catalog, LoadObserver* observer)
        : options_(options), owned_catalog_(std::move(owned_catalog)), catalog_(*owned_catalog_), compiler_(catalog_),
          observer_(observer) {}
    // The compile of an earlier state: it shares the final state's catalog.
    Loader(const LoadOptions& options, grammar::FieldCatalog& catalog)
        : options_(options), catalog_(catalog), compiler_(catalog) {}

    // `read(i)` gives the i-th file.
    void run(size_t count, const std::function<grammar::RulesFile(size_t)>& read) {
        for (size_t i = 0; i < count; ++i) {
            auto read_file = std::make_unique<grammar::RulesFile>(read(i));
            if (observer_ && observer_->skip_file(i, *read_file)) continue;
            files_.push_back(std::move(read_file));
            const grammar::RulesFile& file = *files_.back();
            sources_[file.path()] = file.source->bytes();
            const size_t findings_before = problems_.size();
            take_reader_findings(file);
            collect(file);
            file_boundaries_.push_back(collector_.sequence());
            file_failed_to_load_.push_back(std::any_of(problems_.begin() + static_cast<std::ptrdiff_t>(findings_before),
                                                       problems_.end(), falco_fails_on));
            release_yaml(*files_.back());
        }
        // What each definition used is needed only to compile the earlier states cheaply.
        record_uses_ = files_.size() > 1 && options_.compile_after_each_file;
        keep_rules_ = true;
        compile_collected();
        keep_rules_ = false;
        if (options_.compile_after_each_file) compile_after_each_file();
        for (const auto& d : problems_) {
            if (falco_fails_on(d)) falco_accepts_ = false;
        }
    }

    // ---- CompileContext: what a consumer's checks use while conditions compile ----------
    SourceLocation locate(const Expr& node) override { return locate_node(node); }
    SourceLocation locate(const ComposedText& text, size_t begin, size_t end) override {
        return locate_text(text, begin, end);
    }
    const FilterCompiler& compiler() const override { return compiler_; }
    void report(Diagnostic d) override { add(std::move(d)); }

private:
    // ---- findings ----------------------------------------------------------------------
    void add(Diagnostic d) {
        if (recording_ && falco_fails_on(d)) recording_->failed = true;
        if (located_list_ && d.loc.file == located_at_.file && d.loc.line == located_at_.line &&
            d.loc.column == located_at_.column) {
            const std::string where = fmt::format("the text comes from list '{}' ({}:{}:{}), pasted here", *located_list_,
                                                  located_item_.file, located_item_.line, located_item_.column);
            d.hint = d.hint.empty() ? where : fmt::format("{} ({})", d.hint, where);
        }
        located_list_ = nullptr;
        if (observer_) observer_->decorate(d);
        problems_.push_back(std::move(d));
    }

    // Where text [begin, end) of `text` was written. Text pasted from a list is located where
    // the list's name stands in the condition, as Falco does; the item it came from is kept
    // for the hint (`located_item_`).
    SourceLocation locate_text(const ComposedText& text, size_t begin, size_t end) {
        SourceLocation loc;
        located_list_ = nullptr;
        const auto start = text.origin(begin);
        if (!start.owner) return loc;
        if (start.pasted()) {
            const grammar::Scalar& site = *scalar_of(start.pasted_at.owner);
            loc = site.locate(start.pasted_at.offset);
            const SourceLocation e = site.locate(start.pasted_at.offset + std::max<uint32_t>(start.pasted_at.length, 1) - 1);
            loc.end_line = e.line;
            loc.end_column = e.column;
            if (auto it = list_of_item_.find(start.owner); it != list_of_item_.end()) {
                located_list_ = it->second;
                located_at_ = loc;
                located_item_ = scalar_of(start.owner)->locate(start.offset);
                located_site_ = &site;
                located_site_offset_ = start.pasted_at.offset;
            }
            return loc;
        }
        loc = scalar_of(start.owner)->locate(start.offset);
        if (end > begin) {
            const auto last = text.origin(end - 1);
            if (last.owner == start.owner) {
                SourceLocation e = scalar_of(last.owner)->locate(last.offset);
                loc.end_line = e.line;
                loc.end_column = e.column;
            }
        }
        return loc;
    }
    SourceLocation locate_node(const Expr& node) {
        const ComposedText& text = *texts_.at(node.text_id);
        return locate_text(text, node.pos.offset, std::max<size_t>(node.end, node.pos.offset + 1));
    }

    // ---- reading ------------------------------------------------------------------------
    void take_reader_findings(const grammar::RulesFile& file) {
        Diagnostics findings = file.diagnostics;
        for (const Diagnostic& d : findings) {
            if (d.code == "file-read") throw LoadInputError(fmt::format("{}: {}", d.loc.file, d.message));
        }
        if (observer_) observer_->file_read(file, findings);
        for (auto& d : findings) add(std::move(d));
    }

    // ---- collecting ---------------------------------------------------------------------
    void collect(const grammar::RulesFile& file) {
        for (const grammar::Item& item : file.items) {
            if (observer_) observer_->item_read(file, item);
            if (item.has_error && !still_usable(item)) continue;
            const SourceLocation loc = file.location(item.mark);
            if (const auto* v = item.get<grammar::RequiredEngineVersion>()) check_engine_version(*v, loc);
            if (const auto* p = item.get<grammar::RequiredPluginVersions>()) check_plugin_alternatives(*p);
            if (const auto* list = item.get<grammar::List>()) collect_list(*list, loc);
            if (const auto* macro = item.get<grammar::Macro>()) collect_macro(*macro, loc);
            if (const auto* rule = item.get<grammar::Rule>()) collect_rule(*rule, item.node, loc);
        }
    }

    // Falco stops reading a file at its first error; rulekit goes on, and still compiles a rule
    // whose condition and output were read (so one bad priority does not hide a bad field).
    static bool still_usable(const grammar::Item& item) {
        const auto* rule = item.get<grammar::Rule>();
        if (!rule || rule->form != grammar::RuleForm::Definition || !rule->condition || !rule->output ||
            rule->name.value.empty()) {
            return false;
        }
        // A `source:` that failed to decode leaves the rule's source unknown: checking it as
        // `syscall` would only invent errors.
        return rule->source || !(item.node.IsMap() && item.node["source"]);
    }

    void check_engine_version(const grammar::RequiredEngineVersion& v, const SourceLocation& loc) {
        const auto engine = grammar::parse_semver(options_.engine_version);
        if (!engine) return;
        if (v.version.major != engine->major || v.version > *engine) {
            add(make_diagnostic("engine-version", v.text.location(),
                     fmt::format("Rules require engine version {}.{}.{}, but engine version is {}{}", v.version.major,
                                 v.version.minor, v.version.patch, options_.engine_version, options_.engine_note),
                     "LOAD_ERR_VALIDATE"));
        }
    }

    void check_plugin_alternatives(const grammar::RequiredPluginVersions& req) {
        for (const auto& plugin : req.plugins) {
            std::set<std::string> seen;
            bool versions_valid = true;
            for (const auto& alt : plugin.alternatives) {
                if (grammar::parse_semver(alt.version.value)) continue;
                Diagnostic d = make_diagnostic("plugin-version", alt.version.location(),
                                    fmt::format("Invalid required version '{}' for plugin '{}'", alt.version.value,
                                                alt.name.value),
                                    "LOAD_ERR_VALIDATE");
                d.hint = "write the version as x.y.z (e.g. 0.7.0)";
                add(std::move(d));
                versions_valid = false;
            }
            if (!versions_valid) continue;
            for (const auto& alt : plugin.alternatives) {
                if (seen.insert(alt.name.value).second) continue;
                add(make_diagnostic("plugin-version", alt.name.location(),
                         fmt::format("Defined multiple alternative version requirements for plugin '{}'", alt.name.value),
                         "LOAD_ERR_VALIDATE"));
            }
            check_plugin_satisfied(plugin);
        }
    }

    // Falco checks requirements after loading and refuses to start when none of a
    // requirement's alternatives is loaded with the same major and at least the version.
    void check_plugin_satisfied(const grammar::PluginRequirement& plugin) {
        if (plugin.alternatives.empty()) return;
        std::string alternatives;
        std::optional<Diagnostic> incompatible;
        for (const auto& alt : plugin.alternatives) {
            alternatives += fmt::format("{}{} (>= {})", alternatives.empty() ? "" : ", ", alt.name.value, alt.version.value);
            const auto loaded = loaded_plugin_version(alt.name.value);
            if (!loaded) {
                // Loaded, at a version rulekit does not know (`--plugins name` without @version).
                if (options_.catalog.plugins.contains(alt.name.value)) return;
                continue;
            }
            const auto have = grammar::parse_semver(*loaded), want = grammar::parse_semver(alt.version.value);
            if (!have || !want) continue;
            if (have->major == want->major && *have >= *want) return;
            if (!incompatible) {
                incompatible = make_diagnostic("plugin-version", alt.version.location(),
                                    fmt::format("Plugin '{}' version '{}' is not compatible with required plugin "
                                                "version '{}'",
                                                alt.name.value, *loaded, alt.version.value),
                                    "");
                incompatible->hint = "Falco refuses to start with this plugin; upgrade the plugin or lower the "
                                     "requirement";
            }
        }
        if (incompatible) {
            add(std::move(*incompatible));
            return;
        }
        // With the loaded set given explicitly this is Falco's fatal error; with rulekit's default
        // set it only says that rulekit cannot check the plugin.
        if (options_.plugins_explicit) {
            Diagnostic d = make_diagnostic("plugin-version", plugin.alternatives.front().name.location(),
                                fmt::format("Plugin requirement not satisfied, must load one of: {}", alternatives), "");
            d.hint = "load one of these plugins in Falco (and name it in `--plugins`), or drop the requirement";
            add(std::move(d));
            return;
        }
        const bool known = std::any_of(plugin.alternatives.begin(), plugin.alternatives.end(),
                                       [](const auto& alt) { return grammar::FieldCatalog::knows_plugin(alt.name.value); });
        Diagnostic d = make_diagnostic("plugin-version", plugin.alternatives.front().name.location(),
                            fmt::format("Plugin requirement not satisfied, must load one of: {} ({}; Falco refuses to "
                                        "start unless it is loaded)",
                                        alternatives,
                                        known ? "not in rulekit's default plugin set" : "rulekit knows no fields for it"),
                            "", Severity::Warning);
        d.hint = known ? "name the plugin your Falco loads in `--plugins` (or `plugins:` in .rulekit.yaml)"
                       : "add the plugin's fields with `--fields` (from `falco --list --format json`) and name it in "
                         "`--plugins`";
        add(std::move(d));
    }

    // The version of a plugin the emulated Falco has loaded: given in the options, or the one
    // whose fields rulekit ships.
    std::optional<std::string> loaded_plugin_version(const std::string& name) const {
        if (auto it = options_.plugin_versions.find(name); it != options_.plugin_versions.end()) return it->second;
        return catalog_.plugin_version(name);
    }

    static Operation op_for(bool appends) {
        return appends ? Operation::Append : Operation::Define;
    }

    // Falco compiles everything loaded so far after each file (spec §3.1). What it held after
    // an earlier file is needed only where a later file changes one of its definitions: the
    // collector is copied before the first such change.
    void note_definition(const std::string& name) {
        if (files_.size() < 2 || !options_.compile_after_each_file) return;
        const size_t previous_file = files_.size() - 2;
        if (snapshots_.count(previous_file)) return;
        if (collector_.list(name) || collector_.macro(name) || collector_.rule(name)) {
            snapshots_.emplace(previous_file, collector_);
        }
    }

    void collect_list(const grammar::List& list, const SourceLocation& loc) {
        note_definition(list.name.value);
        ListDefinition def{text_of(list.name), {}, op_for(list.appends()), loc};
        for (const auto& item : list.items) def.items.push_back(text_of(item));
        collector_.add(def, collector_findings());
        flush_collector_findings(def.name.value, collector_.lists());
    }

    void collect_macro(const grammar::Macro& macro, const SourceLocation& loc) {
        note_definition(macro.name.value);
        collector_.add(MacroDefinition{text_of(macro.name), text_of(macro.condition), op_for(macro.appends()), loc},
                       collector_findings());
        flush_collector_findings(macro.name.value, collector_.macros());
    }

    void collect_rule(const grammar::Rule& rule, const grammar::yaml::Node& node, const SourceLocation& loc) {
        RuleDefinition def;
        def.name = text_of(rule.name);
        def.loc = loc;
        switch (rule.form) {
            case grammar::RuleForm::Override: def.form = RuleForm::Override; break;
            case grammar::RuleForm::LegacyAppend: def.form = RuleForm::LegacyAppend; break;
            case grammar::RuleForm::EnableOnly: def.form = RuleForm::EnableOnly; break;
            case grammar::RuleForm::Definition: def.form = RuleForm::Full; break;
        }
        auto& k = def.keys;
        if (rule.condition) k.condition = text_of(*rule.condition);
        if (rule.output) k.output = text_of(*rule.output);
        if (rule.desc) k.desc = text_of(*rule.desc);
        if (rule.priority_text) k.priority = text_of(*rule.priority_text);
        if (rule.source) {
            k.source = text_of(*rule.source);
        } else if (rule.form != grammar::RuleForm::Definition && node.IsMap() && node["source"] &&
                   node["source"].IsScalar()) {
            // The reader keeps only what Falco takes from an append, but Falco's collector still
            // compares a named source with the rule's own.
            const auto mark = node["source"].Mark();
            k.source = Text{node["source"].Scalar(), nullptr,
                                     files_.back()->location(grammar::YamlMark{mark.pos, mark.line, mark.column})};
        }
        if (rule.enabled) k.enabled = rule.enabled->value;
        if (rule.warn_evttypes) k.warn_evttypes = rule.warn_evttypes->value;
        if (rule.skip_if_unknown_filter) k.skip_if_unknown_filter = rule.skip_if_unknown_filter->value;
        if (rule.capture) k.capture = rule.capture->value;
        if (rule.capture_duration) k.capture_duration = rule.capture_duration->value;
        if (rule.tags) {
            k.tags.emplace();
            for (const auto& t : *rule.tags) k.tags->push_back(text_of(t));
        }
        if (rule.exceptions) {
            k.exceptions.emplace();
            for (const auto& ex : *rule.exceptions) {
                ExceptionDefinition e;
                e.name = text_of(ex.name);
                if (ex.fields && ex.fields->shape != grammar::ExceptionEntry::Shape::Empty) e.fields = value_of(*ex.fields);
                if (ex.comps && ex.comps->shape != grammar::ExceptionEntry::Shape::Empty) e.comps = value_of(*ex.comps);
                if (ex.values) {
                    e.has_values = true;
                    for (const auto& v : *ex.values) e.values.push_back(value_of(v));
                }
                e.loc = files_.back()->location(ex.mark);
                k.exceptions->push_back(std::move(e));
            }
        }
        for (const auto& o : rule.overrides) {
            def.overrides.emplace(o.key, o.op == grammar::OverrideOp::Append ? Operation::Append
                                                                             : Operation::Replace);
        }
        note_definition(def.name.value);
        collector_.add(def, collector_findings());
        const bool rejected = !pending_.empty() && std::any_of(pending_.begin(), pending_.end(), falco_fails_on);
        flush_collector_findings(def.name.value, collector_.rules());
        // Falco's collector skips (with a warning) a rule whose source no loaded plugin provides,
        // at each definition it takes.
        if (def.form == RuleForm::Full && !rejected) {
            const std::string source = k.source ? k.source->value : "syscall";
            if (!catalog_.has_source(source)) {
                Diagnostic d = make_diagnostic("unknown-source", k.source ? k.source->loc : loc,
                                    fmt::format("Unknown source {}, skipping", source), "LOAD_UNKNOWN_SOURCE",
                                    Severity::Warning);
                if (auto near = nearest_typo(source, catalog_.source_names())) {
                    d.hint = fmt::format("did you mean '{}'? (otherwise load the plugin that provides '{}')", *near, source);
                }
                add(std::move(d));
            }
        }
    }

    // What to do about each of Falco's exception-structure messages.
    static std::string exception_structure_hint(std::string_view message) {
        if (message.ends_with("is not a supported comparison operator")) {
            return "use one of = != < <= > >= in intersects pmatch contains icontains startswith endswith glob "
                   "iglob regex bcontains bstartswith exists (a string operator may take oneof/anyof/allof)";
        }
        if (message.starts_with("Can not append exception")) {
            return "an appended exception named like an existing one adds values only: drop `fields`/`comps`, or "
                   "give it a new name";
        }
        if (message.starts_with("Rule exception must have values")) return "a new exception appended to a rule needs `values`";
        if (message.starts_with("When fields is a single value")) {
            return "with a single field `comps` is in, pmatch, intersects or a modifier operator; for `=` write "
                   "`fields: [F]` and `comps: [=]`";
        }
        if (message.starts_with("Fields and comps")) return "give `comps` as a list with one operator per field";
        if (message.starts_with("Expected values array")) return "with a single field `values` is a flat list: `values: [a, b]`";
        return {};
    }

    Diagnostics& collector_findings() { return pending_; }
    // Adds the collector's findings on item `name`; an append or override to a name that does
    // not exist is told the nearest existing one of the same kind.
    template <typename Items>
    void flush_collector_findings(const std::string& name, const Items& existing) {
        for (auto& d : pending_) {
            if (d.code == "exception-structure" && d.hint.empty()) d.hint = exception_structure_hint(d.message);
            if (d.code == "override-target-missing" && d.hint.empty()) {
                if (auto near = nearest_item_name(name, existing)) {
                    d.hint = fmt::format("did you mean '{}'? (or load the file that defines '{}' first)", *near, name);
                }
            }
            add(std::move(d));
        }
        pending_.clear();
    }

    // ---- compiling ----------------------------------------------------------------------
    struct CompiledList {
        std::string name;
        std::vector<ComposedText> items;
        bool used = false;
        const CollectedList* info = nullptr;
        bool name_has_delimiter = false;
        ComposedText joined;  // the items as pasted into conditions, built once
    };

    static constexpr std::string_view kListDelimiters = " \t\n\r(),=";

    // Which lists' names stand between delimiters somewhere in `text`.
    // Length and first and last byte, hashed: most words of a condition (fields, operators,
    // values) differ from every list name in one of them, so they skip the hash lookup.
    static size_t word_signature(std::string_view word) {
        return (word.size() * 131 + static_cast<unsigned char>(word.front()) * 31 +
                static_cast<unsigned char>(word.back())) % kSignatureBits;
    }

    // Calls `visit` with each word of `text` between list delimiters.
    template <typename Visit>
    static void for_each_word(std::string_view text, Visit&& visit) {
        static constexpr auto kIsDelimiter = [] {
            std::array<bool, 256> table{};
            for (char c : kListDelimiters) table[static_cast<unsigned char>(c)] = true;
            return table;
        }();
        size_t start = 0;
        for (size_t i = 0; i <= text.size(); ++i) {
            if (i < text.size() && !kIsDelimiter[static_cast<unsigned char>(text[i])]) continue;
            if (i > start) visit(text.substr(start, i - start));
            start = i + 1;
        }
    }

    std::vector<char> lists_named_in(std::string_view text) const {
        std::vector<char> present(lists_.size(), 0);
        for_each_word(text, [&](std::string_view word) {
            if (!list_word_signatures_.test(word_signature(word))) return;
            auto it = list_by_name_.find(word);
            if (it != list_by_name_.end()) present[it->second] = 1;
        });
        return present;
    }

    void compile_lists() {
        for (const auto& list : collector_.lists()) {
            CompiledList out{list.name, {}, false, &list, list.name.find_first_of(kListDelimiters) != std::string::npos, {}};
            for (const auto& item : list.items) {
                if (item.owner) list_of_item_.emplace(item.owner, &list.name);
                const CollectedList* ref = collector_.list(item.value);
                if (ref && ref->index < list.visibility) {
                    referenced_lists_.insert(ref->name);
                    if (record_uses_) list_uses_[list.name].lists.push_back(ref->name);
                    for (const auto& v : ref->items) out.items.emplace_back(v.value, v.owner);
                } else {
                    out.items.emplace_back(item.value, item.owner);
                }
            }
            out.joined = joined_list_items(out.items);
            lists_.push_back(std::move(out));
        }
        for (auto& l : lists_) l.used = referenced_lists_.count(l.name) > 0;
        for (size_t i = 0; i < lists_.size(); ++i) {
            list_by_name_.emplace(lists_[i].name, i);
            list_word_signatures_.set(word_signature(lists_[i].name));
        }
    }

    // Substitutes every list, parses, stamps node origins. Null on a syntax error (reported).
    std::optional<Expr> parse_text(ComposedText& text) {
        // Falco tries every list on every condition. Only a name standing between delimiters
        // is ever replaced, so a list whose name is not among the text's delimited words is
        // skipped; the words are re-read after each substitution, which can paste new names.
        std::vector<char> present = lists_named_in(text.str());
        for (size_t i = 0; i < lists_.size(); ++i) {
            auto& list = lists_[i];
            if (!list.name_has_delimiter && !present[i]) continue;
            if (substitute_joined_list(text, list.name, list.joined)) {
                list.used = true;
                if (recording_) recording_->lists.push_back(list.info->name);
                present = lists_named_in(text.str());
            }
        }
        auto parsed = grammar::parse_condition(text.str());
        if (!parsed.ok()) {
            const size_t at = parsed.error->pos.offset;
            Diagnostic d = make_diagnostic("condition-syntax", locate_text(text, at, at + 1), parsed.error->message,
                                "LOAD_ERR_COMPILE_CONDITION");
            if (auto idiom = foreign_idiom_hint(std::string_view(text.str()).substr(std::min(at, text.size())))) {
                d.hint = *idiom;
            }
            if (located_list_) {
                const std::string_view op = operator_before(located_site_->value, located_site_offset_);
                if (op == "=" || op == "==" || op == "!=") {
                    d.hint = fmt::format("`{0}` compares with one value; test membership with `{1} ({2})`", op,
                                         op == "!=" ? "not ... in" : "in", *located_list_);
                } else if (!op.empty()) {
                    d.hint = fmt::format("write `{0} ({1})`: Falco pastes the items of list '{1}' as they are, without "
                                         "parentheses",
                                         op, *located_list_);
                }
            }
            add(std::move(d));
            return std::nullopt;
        }
        const auto id = static_cast<uint32_t>(texts_.size());
        texts_.push_back(&text);
        text_whose_.push_back(parsing_for_);
        stamp(*parsed.expr, id);
        if (observer_) observer_->condition_parsed(*parsed.expr, *this);
        return std::move(*parsed.expr);
    }

    // Identifiers left after macro resolution (undefined macros, loops) become the neutral
    // placeholder, so that the rest of the condition compiles.
    void replace_unresolved_macros(Expr& e) const {
        if (e.kind == Kind::Macro) {
            e = placeholder_;
            return;
        }
        for (auto& c : e.children) replace_unresolved_macros(c);
    }

    static void stamp(Expr& e, uint32_t id) {
        e.text_id = id;
        for (auto& c : e.children) stamp(c, id);
    }

    void report_macro_resolution(const MacroResolution& res) {
        for (const auto& loop : res.loops) {
            Diagnostic d = make_diagnostic("macro-loop", locate_ref(loop), fmt::format("reference loop in macro '{}'", loop.name),
                                "LOAD_ERR_VALIDATE");
            add(std::move(d));
        }
        for (const auto& unknown : res.unknown) {
            const bool is_loop = std::any_of(res.loops.begin(), res.loops.end(), [&](const auto& l) {
                return l.name == unknown.name && l.pos == unknown.pos && l.text_id == unknown.text_id;
            });
            if (is_loop) continue;
            // A macro used before its definition is still used (its users fail, not it).
            if (const auto* m = collector_.macro(unknown.name)) {
                used_macros_.insert(unknown.name);
                if (recording_) recording_->macros.push_back(m->name);
            }
            Diagnostic d = make_diagnostic("undefined-macro", locate_ref(unknown),
                                fmt::format("Undefined macro '{}' used in filter.", unknown.name), "LOAD_ERR_VALIDATE");
            if (resolving_macro_ && unknown.name == *resolving_macro_) {
                d.hint = "a macro cannot use itself: it sees only the macros defined before it (to extend a macro, "
                         "append to it with `override: {condition: append}`)";
            } else if (collector_.macro(unknown.name)) {
                d.hint = fmt::format("macro '{}' is defined after the macro that uses it; a macro only sees macros "
                                     "defined before it",
                                     unknown.name);
            } else if (const auto* later = later_collector_ ? later_collector_->macro(unknown.name) : nullptr) {
                d.hint = fmt::format("macro '{}' is defined only in a later file ({}:{}): define it in this file or an "
                                     "earlier one",
                                     unknown.name, later->loc.file, later->loc.line);
            } else if (auto s = nearest_item_name(unknown.name, collector_.macros())) {
                d.hint = fmt::format("did you mean '{}'?", *s);
            }
            add(std::move(d));
        }
        if (res.too_large) {
            add(make_diagnostic("falco-aborts", {}, "macro expansion exceeds rulekit's node budget; Falco would exhaust memory", ""));
        }
        for (const auto& r : res.resolved) {
            used_macros_.insert(r.name);
            if (!recording_) continue;
            if (const auto* m = collector_.macro(r.name)) recording_->macros.push_back(m->name);
        }
    }

    SourceLocation locate_ref(const MacroReference& ref) {
        const ComposedText& text = *texts_.at(ref.text_id);
        return locate_text(text, ref.pos.offset, ref.pos.offset + ref.name.size());
    }

    // The name among `items` nearest to `name`, close enough to be a typo of it.
    template <typename Items>
    static std::optional<std::string_view> nearest_item_name(std::string_view name, const Items& items) {
        std::vector<std::string_view> names;
        for (const auto& item : items) names.push_back(item.name);
        return nearest_typo(name, names);
    }
    static std::optional<std::string_view> nearest_typo(std::string_view name, const std::vector<std::string_view>& names) {
        return grammar::nearest_name(name, names, std::max<size_t>(2, name.size() / 4) + 1);
    }

    void compile_macros() {
        macro_texts_.reserve(collector_.macros().size());
        for (const auto& macro : collector_.macros()) {
            if (macros_to_compile_ && !macros_to_compile_->count(macro.name)) continue;
            macro_texts_.push_back(std::make_unique<ComposedText>(macro.condition));
            recording_ = record_uses_ ? &macro_uses_[macro.name] : nullptr;
            parsing_for_ = {NodeOrigin::Kind::Macro, &macro.name};
            auto ast = parse_text(*macro_texts_.back());
            macro_asts_.emplace(macro.name, std::move(ast));
        }
        // Falco resolves macros one after the other, in definition order, each seeing the
        // already-resolved ASTs of the macros first defined before its latest definition.
        for (const auto& macro : collector_.macros()) {
            if (macros_to_compile_ && !macros_to_compile_->count(macro.name)) continue;
            auto& ast = macro_asts_.at(macro.name);
            if (!ast) continue;
            recording_ = record_uses_ ? &macro_uses_[macro.name] : nullptr;
            bool uses_unsound_macro = false;
            auto res = resolve_macros(*ast, [&](const std::string& name) -> const Expr* {
                const CollectedMacro* m = collector_.macro(name);
                if (!m || m->index >= macro.visibility) return nullptr;
                const auto [other, unsound] = compiled_macro(name);
                uses_unsound_macro = uses_unsound_macro || unsound;
                return other ? other : &placeholder_;
            });
            resolving_macro_ = &macro.name;
            report_macro_resolution(res);
            resolving_macro_ = nullptr;
            // Falco stops at this error; the macro's users see a sound stand-in rather than
            // report it again (a self-reference would come back from every rule as a loop).
            if (res.too_large) {
                ast.reset();
            } else if (!res.unknown.empty()) {
                replace_unresolved_macros(*ast);
                uses_unsound_macro = true;
            }
            if (!ast || uses_unsound_macro) unsound_macros_.insert(macro.name);
        }
        recording_ = nullptr;
    }

    // A hint for syntax from other languages where Falco's parser stopped (`&&`, `AND`, `[a, b]`,
    // `x not in (...)`), or nothing.
    static std::optional<std::string> foreign_idiom_hint(std::string_view rest) {
        auto word_is = [&](std::string_view w) {
            return rest.starts_with(w) &&
                   (rest.size() == w.size() || !std::isalnum(static_cast<unsigned char>(rest[w.size()])));
        };
        if (rest.starts_with("&&")) return "Falco's filter language writes `and` for `&&`";
        if (rest.starts_with("||")) return "Falco's filter language writes `or` for `||`";
        if (rest.starts_with("!") && !rest.starts_with("!=")) return "Falco's filter language writes `not` for `!`";
        for (std::string_view w : {"AND", "OR", "NOT", "And", "Or", "Not"}) {
            if (word_is(w)) return fmt::format("`{}`: the operators are lower case (`and`, `or`, `not`)", w);
        }
        if (rest.starts_with("[")) return "a list is written in parentheses: `in (a, b)`";
        if (word_is("not")) {
            std::string_view after = rest.substr(3);
            while (!after.empty() && std::isspace(static_cast<unsigned char>(after.front()))) after.remove_prefix(1);
            if (after.starts_with("in") || after.starts_with("contains") || after.starts_with("startswith") ||
                after.starts_with("endswith") || after.starts_with("glob")) {
                return "`not` goes before the whole check: `not proc.name in (a, b)`";
            }
        }
        return std::nullopt;
    }

    // The operator written right before the list name at `at` in `text` when nothing (no
    // parenthesis) stands between them: `in`, `intersects`, `pmatch`, `=`, `==`, `!=`, or empty.
    static std::string_view operator_before(std::string_view text, size_t at) {
        size_t before = std::min(at, text.size());
        while (before > 0 && std::isspace(static_cast<unsigned char>(text[before - 1]))) --before;
        for (std::string_view op : {"intersects", "pmatch", "in", "==", "!=", "="}) {
            if (before < op.size() || text.substr(before - op.size(), op.size()) != op) continue;
            const bool word = std::isalpha(static_cast<unsigned char>(op[0]));
            if (word && before == at) continue;  // `inNAME` is another word
            if (word && before > op.size() && !std::isspace(static_cast<unsigned char>(text[before - op.size() - 1]))) continue;
            return op;
        }
        return {};
    }

    void compile_rules() {
        for (const auto& rule : collector_.rules()) {
            if (!catalog_.has_source(rule.source)) continue;
            if (rules_to_compile_ && !rules_to_compile_->count(rule.name)) continue;
            recording_ = record_uses_ ? &rule_uses_[rule.name] : nullptr;
            parsing_for_ = {NodeOrigin::Kind::RuleCondition, &rule.name};
            compile_rule(rule);
        }
        recording_ = nullptr;
    }

    ComposedText exception_piece(const Text& t) { return ComposedText(t.value, t.owner); }

    ExceptionEntry entry_for_text(const ExceptionValue& v) {
        ExceptionEntry e;
        e.is_list = v.is_list;
        e.item = exception_piece(v.item);
        for (const auto& i : v.items) e.items.push_back(entry_for_text(i));
        return e;
    }

    // Falco's exception field check ("'F' is not a supported filter field"), run when the rule
    // is defined; transformer expressions are checked by compiling "<field> exists". Falco
    // skips it for `exceptions: replace`, where the compiler finds a bad field instead.
    bool check_exception_field(const CollectedRule& rule, const ExceptionDefinition& ex,
                               const Text& field) {
        if (ex.from_replace) return true;
        Expr expr;
        const size_t consumed = grammar::parse_field_expression(field.value, expr);
        std::string why;
        if (consumed == field.value.size() && compiler_.field_expression_compiles(rule.source, expr, &why)) return true;
        Diagnostic d = make_diagnostic("exception-structure", field.loc, fmt::format("'{}' is not a supported filter field", field.value),
                            "LOAD_ERR_VALIDATE");
        if (auto s = catalog_.suggest(rule.source, field.value)) d.hint = fmt::format("did you mean '{}'?", *s);
        else d.hint = fmt::format("name a field of the rule's source ({}){}", rule.source, why.empty() ? "" : ": " + why);
        add(std::move(d));
        return false;
    }

    // The rule's exceptions as Falco turns them into text, split into those whose fields
    // compile (`sound`) and those whose do not (`faulty`; already reported), each with the
    // definition it came from.
    struct ExceptionsForText {
        std::vector<ExceptionForText> sound, faulty;
        std::vector<const ExceptionDefinition*> sound_from, faulty_from;
    };
    ExceptionsForText build_exceptions(const CollectedRule& rule) {
        ExceptionsForText out;
        for (const auto& ex : rule.exceptions) {
            ExceptionForText t;
            if (!ex.fields) continue;
            bool fields_ok = true;
            t.fields_is_list = ex.fields->is_list;
            if (!t.fields_is_list) {
                t.field = exception_piece(ex.fields->item);
                fields_ok = check_exception_field(rule, ex, ex.fields->item);
                if (ex.comps) t.comp = exception_piece(ex.comps->item);
                else if (!ex.from_replace) t.comp = ComposedText("in", nullptr);
            } else {
                for (const auto& f : ex.fields->items) {
                    t.fields.push_back(exception_piece(f.item));
                    fields_ok = check_exception_field(rule, ex, f.item) && fields_ok;
                }
                if (ex.comps) {
                    for (const auto& c : ex.comps->items) t.comps.push_back(exception_piece(c.item));
                } else if (ex.from_replace) {
                    add(make_diagnostic("falco-aborts", ex.loc,
                             "an `exceptions: replace` entry with a list of fields and no `comps` crashes Falco "
                             "(undefined behaviour in its collector); spell out `comps`",
                             ""));
                    continue;
                } else {
                    t.comps.assign(t.fields.size(), ComposedText("=", nullptr));
                }
            }
            for (const auto& v : ex.values) t.values.push_back(entry_for_text(v));
            (fields_ok ? out.sound : out.faulty).push_back(std::move(t));
            (fields_ok ? out.sound_from : out.faulty_from).push_back(&ex);
        }
        return out;
    }

    void report_exception_shape_errors(const std::vector<ExceptionTextError>& errors,
                                       const std::vector<const ExceptionDefinition*>& from) {
        for (const auto& err : errors) {
            const ExceptionDefinition& ex = *from[err.exception_index];
            Diagnostic d = make_diagnostic("exception-structure", ex.loc, err.message, "LOAD_ERR_VALIDATE");
            d.hint = exception_structure_hint(err.message);
            const bool scalar_rows = ex.fields && ex.fields->is_list &&
                                     std::any_of(ex.values.begin(), ex.values.end(), [](const auto& v) { return !v.is_list; });
            if (scalar_rows) {
                const std::vector<std::string> row(ex.fields->items.size(), "...");
                d.hint = fmt::format("with a list of {} fields each value is a row with one entry per field: "
                                     "`values: [[{}]]`",
                                     row.size(), fmt::join(row, ", "));
            }
            add(std::move(d));
        }
    }

    bool compile_output(const CollectedRule& rule) {
        if (rule.output.size() == 0 && rule.output_loc.line == 0) return true;
        const ComposedText& output = rule.output;
        auto result = grammar::parse_output_format(output.str(), [&](const Expr& e, std::string* error) {
            return compiler_.field_expression_compiles(rule.source, e, error);
        });
        for (const auto& w : result.warnings) {
            Diagnostic d = make_diagnostic("deprecated-item", locate_text(output, w.offset, w.offset + w.length), w.message, w.falco_code,
                                Severity::Warning);
            d.hint = "delete `%container.info` (it prints nothing), or print the container fields you want, e.g. "
                     "`container_id=%container.id container_name=%container.name`";
            add(std::move(d));
        }
        if (!result.ok()) {
            const auto& err = *result.error;
            if (err.unknown_filter && rule.skip_if_unknown_filter) {
                add(make_diagnostic("unknown-filter", locate_text(output, err.offset, err.offset + 1), err.message, "LOAD_UNKNOWN_FILTER",
                         Severity::Warning));
                return false;
            }
            SourceLocation at = locate_text(output, err.offset, err.offset + 1);
            const bool blank = at.line == 0;  // the reader trimmed the output to nothing
            if (blank) at = rule.output_loc;
            Diagnostic d = make_diagnostic("invalid-output", at, err.message, "LOAD_ERR_COMPILE_OUTPUT");
            if (blank) d.hint = "write the alert text: Falco rejects an output of only blanks";
            if (!err.detail.empty()) d.message += fmt::format(" ({})", err.detail);
            add(std::move(d));
            return true;
        }
        output_fields_ = output_field_keys(*result.format);
        if (observer_) observer_->output_compiled(rule, output, *this);
        // Deprecated fields anywhere in the output text (Falco searches the plain text).
        for (const auto& [field, message] : deprecated_field_messages()) {
            const size_t at = output.str().find(field);
            if (at == std::string::npos) continue;
            add(make_diagnostic("deprecated-evt-dir", locate_text(output, at, at + field.size()),
                     fmt::format("usage of deprecated field '{}' has been detected in the rule output", field),
                     "LOAD_DEPRECATED_ITEM", Severity::Warning));
        }
        return true;
    }

    void compile_rule(const CollectedRule& rule) {
        const size_t problems_before = problems_.size();
        output_fields_.clear();
        rule_texts_.push_back(std::make_unique<ComposedText>(rule.condition));
        ComposedText& text = *rule_texts_.back();
        // Every exception problem is reported; the condition is still compiled with the
        // exceptions that are sound, so that its own problems show in the same run.
        const ExceptionsForText exceptions = build_exceptions(rule);
        if (!rule.exceptions.empty()) {
            report_exception_shape_errors(append_exceptions(text, exceptions.sound), exceptions.sound_from);
            ComposedText faulty_only;
            report_exception_shape_errors(append_exceptions(faulty_only, exceptions.faulty),
                                          exceptions.faulty_from);
        }
        if (!compile_output(rule)) return;  // dropped by skip-if-unknown-filter
        auto ast = parse_text(text);
        if (!ast) return;
        bool uses_unsound_macro = false;
        auto res = resolve_macros(*ast, [&](const std::string& name) -> const Expr* {
            const auto [macro, unsound] = compiled_macro(name);
            uses_unsound_macro = uses_unsound_macro || unsound;
            return macro;
        });
        report_macro_resolution(res);
        if (res.too_large) return;
        // The missing macro is reported; what the rule and its other macros say is still
        // checked, with a neutral stand-in where the missing one stood.
        if (!res.unknown.empty()) {
            replace_unresolved_macros(*ast);
            uses_unsound_macro = true;
        } else if (options_.keep_compiled_conditions) {
            compiled_conditions_[rule.name] = grammar::print(*ast, grammar::PrintStyle::Falco);
        }

        for (const Expr* check : unsafe_na_checks(*ast)) {
            add(make_diagnostic("na-comparison", locate_node(*check), "Unsafe <NA> comparison in condition", "LOAD_UNSAFE_NA_CHECK",
                     Severity::Warning));
        }
        for (const auto& use : deprecated_fields(*ast)) {
            const auto& messages = deprecated_field_messages();
            auto it = std::find_if(messages.begin(), messages.end(), [&](const auto& m) { return m.first == use.field; });
            add(make_diagnostic("deprecated-evt-dir", locate_node(*use.check), it->second, "LOAD_DEPRECATED_ITEM", Severity::Warning));
        }

        auto report = compiler_.compile(*ast, rule.source);
        for (const auto& w : report.warnings) {
            add(make_diagnostic("compile-warning", locate_node(w.node ? *w.node : *w.check), w.message, "LOAD_COMPILE_CONDITION",
                     Severity::Warning));
        }
        if (!report.errors.empty()) {
            // Falco's compiler stops at its first error: when that one is downgraded, the rule
            // is dropped and nothing after it is ever checked.
            if (rule.skip_if_unknown_filter && report.errors.front().downgradable) {
                add(make_diagnostic("unknown-filter", locate_node(*report.errors.front().check), report.errors.front().message,
                         "LOAD_UNKNOWN_FILTER", Severity::Warning));
                return;
            }
            for (const auto& e : report.errors) {
                if (rule.skip_if_unknown_filter && e.downgradable) continue;
                add(compile_error(rule, e));
            }
            return;
        }
        if (rule.source == "syscall" && rule.warn_evttypes && !uses_unsound_macro) {
            auto set = event_types(*ast, catalog_);
            if (matches_too_many_event_types(set)) {
                add(make_diagnostic("no-evttype", rule.condition_loc.line ? rule.condition_loc : rule.loc,
                         "Rule matches too many evt.type values. This has a significant performance penalty.",
                         "LOAD_NO_EVTTYPE", Severity::Warning));
            }
        }
        // The final state's rules that compiled cleanly are kept, as Falco would run them.
        const bool clean = !uses_unsound_macro && std::none_of(problems_.begin() + static_cast<std::ptrdiff_t>(problems_before),
                                                                problems_.end(), falco_fails_on);
        if (keep_rules_ && clean) {
            KeptRule& kept = kept_rules_[rule.name];
            kept.condition = std::move(*ast);
            kept.output_fields = std::move(output_fields_);
        }
    }



    Diagnostic compile_error(const CollectedRule& rule, const CompileProblem& e) {
        const Expr& at = e.node ? *e.node : *e.check;
        std::string code = category_name(e.category);
        if (e.category == CompileCategory::Transformer) code = "invalid-transformer";
        if (e.category == CompileCategory::RhsField) code = "operator-type-mismatch";
        if (e.category == CompileCategory::UnresolvedMacro) code = "invalid-value";
        Diagnostic d = make_diagnostic(code, locate_node(at), e.message,
                            e.category == CompileCategory::FalcoAborts ? "" : "LOAD_ERR_COMPILE_CONDITION");
        if (e.category == CompileCategory::UnknownField && at.kind == Kind::Field) {
            if (auto s = catalog_.suggest(rule.source, at.text)) d.hint = fmt::format("did you mean '{}'?", *s);
        }
        return d;
    }

    // `state_failed`: whether definitions not compiled here are known to fail (the compile of
    // an earlier state, whose unchanged definitions compiled as in the final state).
    void compile_collected(bool state_failed = false) {
        if (observer_) observer_->compile_started(collector_);
        const size_t findings_before = problems_.size();
        compile_lists();
        compile_macros();
        compile_rules();
        // Falco's compiler stops at its first error and reports unused items only at the end;
        // after a failed compile they would only be noise (a failing rule marks nothing used).
        if (state_failed || std::any_of(problems_.begin() + static_cast<std::ptrdiff_t>(findings_before),
                                        problems_.end(), falco_fails_on) ||
            (!files_.empty() && file_failed_to_load_.back())) {  // no compile after a failed read
            unused_items_checked_ = false;
            report_certainly_unused(collector_);
            return;
        }
        report_unused_in(
            collector_, [&](const std::string& name) { return used_macros_.count(name) > 0; },
            [&](const std::string& name) {
                return lists_[list_by_name_.at(name)].used || lists_used_outside_compile_.count(name) > 0;
            });
    }

    template <typename MacroUsed, typename ListUsed>
    void report_unused_in(const Collector& loaded, MacroUsed&& macro_used, ListUsed&& list_used,
                          std::string_view note = {}) {
        auto report = [&](const char* code, const char* falco_code, const char* kind, const auto& item) {
            Diagnostic d = make_diagnostic(code, item.loc, fmt::format("{} '{}' not referred to by any other rule/macro", kind, item.name),
                                falco_code, Severity::Warning);
            if (!note.empty()) d.hint = std::string(note);
            add(std::move(d));
        };
        for (const auto& m : loaded.macros()) {
            if (!macro_used(m.name)) report("unused-macro", "LOAD_UNUSED_MACRO", "Macro", m);
        }
        for (const auto& l : loaded.lists()) {
            if (!list_used(l.name)) report("unused-list", "LOAD_UNUSED_LIST", "List", l);
        }
    }

    // After a failed compile Falco reports no unused items. Those whose name no condition,
    // output, exception or list of `state` mentions at all are unused whatever the errors, and
    // are reported now rather than after the errors are fixed.
    void report_certainly_unused(const Collector& state) {
        std::unordered_set<std::string_view> words;
        std::vector<std::string_view> texts;
        for (const auto& [text, user] : texts_by_user(state)) texts.push_back(text);
        for (const auto& r : state.rules()) texts.push_back(r.output.str());
        for (std::string_view text : texts) for_each_word(text, [&](std::string_view w) { words.insert(w); });
        auto mentioned = [&](const std::string& name) {
            if (words.count(name)) return true;
            if (name.find_first_of(kListDelimiters) == std::string::npos) return false;
            return std::any_of(texts.begin(), texts.end(), [&](std::string_view t) { return t.find(name) != std::string_view::npos; });
        };
        report_unused_in(state, mentioned, mentioned,
                         "remove it or use it: nothing mentions it, so it is unused whatever the errors (Falco reports "
                         "it once they are fixed)");
    }

    // ---- the compile after each earlier file ---------------------------------------------
    // Falco compiles everything loaded so far after each file, and a file fails on what that
    // compile finds even when a later file would mend it (a macro it uses defined only later, a
    // broken rule redefined later); a macro used only by a later file is unused for the earlier
    // one (spec §3.1). Findings the final compile made already are not repeated.
    void compile_after_each_file() {
        if (files_.size() < 2) return;
        std::set<std::tuple<std::string, uint32_t, uint32_t, std::string, std::string>> seen;
        for (const auto& d : problems_) seen.insert(finding_identity(d));
        for (size_t k = 0; k + 1 < files_.size(); ++k) {
            if (file_boundaries_[k] == collector_.sequence()) break;  // nothing was loaded after it
            if (file_failed_to_load_[k]) continue;  // Falco compiles only after a successful read
            auto snapshot = snapshots_.lower_bound(k);
            const Collector& source = snapshot == snapshots_.end() ? collector_ : snapshot->second;
            Collector loaded = source.first_defined_by(file_boundaries_[k]);
            auto changed = changed_by_later_files(loaded);
            Diagnostics found = changed.empty() ? unused_in_earlier_state(loaded)
                                                : compile_earlier_state(std::move(loaded), changed);
            for (auto& d : found) {
                if (d.falco_code.empty() && d.code != "falco-aborts") continue;
                if (!seen.insert(finding_identity(d)).second) continue;
                if (!d.hint.empty()) d.hint += " ";
                d.hint += fmt::format("(Falco compiles what is loaded so far after each file: it reports this after {}, "
                                      "before {})",
                                      files_[k]->path(), files_[k + 1]->path());
                problems_.push_back(std::move(d));
            }
        }
    }

    // Whether a rule compiles the same way in both states (its enabled flag does not matter).
    static bool same_compile_input(const CollectedRule& a, const CollectedRule& b) {
        auto same_exception = [](const ExceptionDefinition& x, const ExceptionDefinition& y) {
            return x.name.value == y.name.value && x.from_replace == y.from_replace && same_fields_comps_values(x, y);
        };
        return a.condition.str() == b.condition.str() && a.output.str() == b.output.str() && a.source == b.source &&
               a.skip_if_unknown_filter == b.skip_if_unknown_filter && a.warn_evttypes == b.warn_evttypes &&
               std::equal(a.exceptions.begin(), a.exceptions.end(), b.exceptions.begin(), b.exceptions.end(),
                          same_exception);
    }

    // The definitions of `loaded` that compile differently from the final state (empty when
    // none does): those a later file changed, and those that use (through lists and macros) a
    // name a later file changed or defined. Redefinitions with the same text (upstream files
    // repeat many shared macros and lists) change nothing.
    std::unordered_set<std::string_view> changed_by_later_files(const Collector& loaded) {
        std::unordered_set<std::string_view> changed;
        for (const auto& l : collector_.lists()) {
            const auto* before = loaded.list(l.name);
            if (!before || !same_text(before->items, l.items)) changed.insert(l.name);
        }
        for (const auto& m : collector_.macros()) {
            const auto* before = loaded.macro(m.name);
            if (!before || before->condition.str() != m.condition.str()) changed.insert(m.name);
        }
        for (const auto& r : collector_.rules()) {
            const auto* before = loaded.rule(r.name);
            if (!before || !same_compile_input(*before, r)) changed.insert(r.name);
        }
        // Everything that uses a changed name, through any chain of lists and macros, compiles
        // differently too. Unchanged definitions have the final state's text, so the final
        // state's word index tells who uses what.
        if (!users_indexed_) index_users_by_word();
        std::vector<std::string_view> pending(changed.begin(), changed.end());
        while (!pending.empty()) {
            const std::string_view name = pending.back();
            pending.pop_back();
            auto visit = [&](std::string_view user) {
                if (changed.insert(user).second) pending.push_back(user);
            };
            if (auto it = users_by_word_.find(name); it != users_by_word_.end()) {
                for (std::string_view user : it->second) visit(user);
            }
            // A list or macro name with a delimiter in it is never one word: look for it in
            // every text. (Nothing refers to a rule, whatever its name.)
            if (name.find_first_of(kListDelimiters) != std::string_view::npos &&
                (collector_.list(std::string(name)) || collector_.macro(std::string(name)))) {
                for (const auto& [text, user] : final_texts_) {
                    if (text.find(name) != std::string_view::npos) visit(user);
                }
            }
        }
        std::unordered_set<std::string_view> out;
        auto take = [&](const auto& items) {
            for (const auto& item : items) {
                if (changed.count(item.name)) out.insert(item.name);
            }
        };
        take(loaded.lists());
        take(loaded.macros());
        take(loaded.rules());
        return out;
    }

    // Every text of the final state's lists, macros and rules (exceptions included), with the
    // name of the definition it belongs to.
    static std::vector<std::pair<std::string_view, std::string_view>> texts_by_user(const Collector& state) {
        std::vector<std::pair<std::string_view, std::string_view>> out;
        std::function<void(const ExceptionValue&, std::string_view)> value = [&](const auto& v, std::string_view user) {
            out.emplace_back(v.item.value, user);
            for (const auto& i : v.items) value(i, user);
        };
        for (const auto& l : state.lists()) {
            for (const auto& item : l.items) out.emplace_back(item.value, l.name);
        }
        for (const auto& m : state.macros()) out.emplace_back(m.condition.str(), m.name);
        for (const auto& r : state.rules()) {
            out.emplace_back(r.condition.str(), r.name);
            for (const auto& ex : r.exceptions) {
                if (ex.fields) value(*ex.fields, r.name);
                if (ex.comps) value(*ex.comps, r.name);
                for (const auto& v : ex.values) value(v, r.name);
            }
        }
        return out;
    }

    // Only list and macro names are worth indexing: nothing else is ever referred to.
    void index_users_by_word() {
        std::unordered_set<std::string_view> names;
        for (const auto& l : collector_.lists()) names.insert(l.name);
        for (const auto& m : collector_.macros()) names.insert(m.name);
        users_indexed_ = true;
        final_texts_ = texts_by_user(collector_);
        for (const auto& entry : final_texts_) {
            const std::string_view user = entry.second;  // clang 14 cannot capture a structured binding
            for_each_word(entry.first, [&](std::string_view word) {
                if (!names.count(word)) return;
                auto& users = users_by_word_[word];
                if (users.empty() || users.back() != user) users.push_back(user);
            });
        }
    }

    // What the definitions of `state` used in the final compile, and whether any of them failed
    // there; definitions in `recompiled` are left out, and the lists' own records unless asked.
    struct RecordedUses {
        std::unordered_set<std::string_view> macros, lists;
        bool failed = false;
    };
    RecordedUses recorded_uses(const Collector& state, const std::unordered_set<std::string_view>& recompiled,
                               bool with_lists) const {
        RecordedUses out;
        auto take = [&](const UsesByName& uses, const std::string& name) {
            if (recompiled.count(name)) return;
            auto it = uses.find(name);
            if (it == uses.end()) return;
            out.macros.insert(it->second.macros.begin(), it->second.macros.end());
            out.lists.insert(it->second.lists.begin(), it->second.lists.end());
            out.failed = out.failed || it->second.failed;
        };
        if (with_lists) {
            for (const auto& l : state.lists()) take(list_uses_, l.name);
        }
        for (const auto& m : state.macros()) take(macro_uses_, m.name);
        for (const auto& r : state.rules()) take(rule_uses_, r.name);
        return out;
    }

    // Compiles `loaded` again, but only the `changed` definitions: the others compile as in the
    // final state, and what they used comes from its records.
    Diagnostics compile_earlier_state(Collector loaded, const std::unordered_set<std::string_view>& changed) {
        Loader earlier(options_, catalog_);
        earlier.collector_ = std::move(loaded);
        const Collector& c = earlier.collector_;
        // Macros not compiled again are the final state's, already resolved; their nodes point
        // into the final state's texts, which the earlier state's compile sees under the same ids.
        earlier.final_ = this;
        earlier.texts_ = texts_;
        earlier.text_whose_ = text_whose_;
        // Lists are all compiled again, so only the macros' and rules' records are taken.
        const RecordedUses recorded = recorded_uses(c, changed, false);
        for (std::string_view m : recorded.macros) earlier.used_macros_.emplace(m);
        for (std::string_view l : recorded.lists) earlier.lists_used_outside_compile_.emplace(l);
        earlier.later_collector_ = &collector_;
        earlier.rules_to_compile_ = &changed;
        earlier.macros_to_compile_ = &changed;
        earlier.compile_collected(recorded.failed);
        return std::move(earlier.problems_);
    }

    // Nothing in `loaded` differs from the final state, so each definition uses what it used
    // in the final compile: only which macros and lists nobody used yet can differ.
    Diagnostics unused_in_earlier_state(const Collector& loaded) {
        const RecordedUses recorded = recorded_uses(loaded, {}, true);
        const size_t before = problems_.size();
        if (recorded.failed) {  // Falco's compile of that state stops before the unused warnings
            report_certainly_unused(loaded);
        } else {
            report_unused_in(
                loaded, [&](const std::string& name) { return recorded.macros.count(name) > 0; },
                [&](const std::string& name) { return recorded.lists.count(name) > 0; });
        }
        Diagnostics found(std::make_move_iterator(problems_.begin() + static_cast<std::ptrdiff_t>(before)),
                          std::make_move_iterator(problems_.end()));
        problems_.resize(before);
        return found;
    }

    // Everything later passes need was copied out of yaml-cpp's nodes while reading; dropping
    // them now keeps one file's node graph in memory at a time instead of all of them.
    static void release_yaml(grammar::RulesFile& file) {
        file.documents.clear();
        file.documents.shrink_to_fit();
        for (auto& item : file.items) item.node = grammar::yaml::Node();
    }

    friend class RuleSet;
    const LoadOptions options_;  // a copy: the rule set outlives the call that loaded it
    // The compiled (resolved) macro `name`, and whether it is unsound; null when there is none.
    // Compiling an earlier state, a macro not compiled again is the final state's.
    std::pair<const Expr*, bool> compiled_macro(const std::string& name) const {
        if (auto it = macro_asts_.find(name); it != macro_asts_.end()) {
            return {it->second ? &*it->second : &placeholder_, !it->second || unsound_macros_.count(name) > 0};
        }
        if (final_ && collector_.macro(name)) return final_->compiled_macro(name);
        return {nullptr, false};
    }

    static constexpr size_t kSignatureBits = 8192;
    std::bitset<kSignatureBits> list_word_signatures_;
    std::unique_ptr<grammar::FieldCatalog> owned_catalog_;  // the final state's; earlier states share it
    grammar::FieldCatalog& catalog_;
    FilterCompiler compiler_;
    LoadObserver* observer_ = nullptr;
    Diagnostics problems_;
    std::map<std::string, std::string> sources_;
    std::map<std::string, std::string> compiled_conditions_;
    bool falco_accepts_ = true;
    bool unused_items_checked_ = true;
    std::vector<std::unique_ptr<grammar::RulesFile>> files_;
    Collector collector_;
    Diagnostics pending_;
    std::vector<CompiledList> lists_;
    std::set<std::string> referenced_lists_;
    std::unordered_map<std::string_view, size_t> list_by_name_;  // views into lists_ (never resized after)
    std::vector<const ComposedText*> texts_;
    std::vector<std::unique_ptr<ComposedText>> macro_texts_;
    std::vector<std::unique_ptr<ComposedText>> rule_texts_;
    std::unordered_map<std::string, std::optional<Expr>> macro_asts_;
    // Macros with an error of their own or that use such a macro: what their users compile is
    // partly a stand-in, so event-type analysis of those users would be noise.
    std::unordered_set<std::string> unsound_macros_;
    const std::string* resolving_macro_ = nullptr;  // the macro whose references are being reported
    // Text pasted from a list is reported where the list's name was written (as Falco does); the
    // hint names the list item it came from.
    std::unordered_map<const void*, const std::string*> list_of_item_;  // item scalar -> list name
    const std::string* located_list_ = nullptr;  // the list whose pasted text the last `locate` met
    SourceLocation located_at_;                  // where that `locate` put it (the list name)
    SourceLocation located_item_;                // and the list item the text came from
    const grammar::Scalar* located_site_ = nullptr;  // the text where the list name stands
    size_t located_site_offset_ = 0;
    std::set<std::string> used_macros_;
    // For the compile after each earlier file: the collector's sequence after each file, copies
    // of the collector taken before a later file changed it (by the index of the last file they
    // hold), and what each definition used in the final compile (recorded only when there are
    // several files).
    std::vector<uint32_t> file_boundaries_;
    std::map<size_t, Collector> snapshots_;
    std::vector<bool> file_failed_to_load_;  // an error while reading or collecting it
    struct Uses {  // views of names in collector_
        std::vector<std::string_view> macros, lists;
        bool failed = false;  // the definition had an error Falco fails on
    };
    bool record_uses_ = false;
    Uses* recording_ = nullptr;
    using UsesByName = std::unordered_map<std::string_view, Uses>;  // keyed by names in collector_
    UsesByName list_uses_, macro_uses_, rule_uses_;
    // While compiling an earlier state: the final one, for hints about later definitions; the
    // rules to compile (the others compile as in the final state) and the lists those others use.
    const Collector* later_collector_ = nullptr;
    const Loader* final_ = nullptr;  // the final state's compile
    // Word -> the final state's definitions whose text has it (views into collector_).
    std::unordered_map<std::string_view, std::vector<std::string_view>> users_by_word_;
    std::vector<std::pair<std::string_view, std::string_view>> final_texts_;  // text, whose
    bool users_indexed_ = false;
    const std::unordered_set<std::string_view>* rules_to_compile_ = nullptr;
    const std::unordered_set<std::string_view>* macros_to_compile_ = nullptr;
    std::unordered_set<std::string> lists_used_outside_compile_;
    // Whose text each parsed text (by text id) is: a macro's or a rule's condition.
    struct TextWhose {
        NodeOrigin::Kind kind = NodeOrigin::Kind::Synthetic;
        const std::string* name = nullptr;
    };
    TextWhose parsing_for_;
    std::vector<TextWhose> text_whose_;
    // The final state's rules as Falco would run them, and what a RuleSet hands out.
    struct KeptRule {
        Expr condition;
        std::vector<std::string> output_fields;
    };
    bool keep_rules_ = false;
    std::vector<std::string> output_fields_;  // of the rule being compiled
    static std::vector<std::string> output_field_keys(const grammar::OutputFormat& format);
    std::unordered_map<std::string, KeptRule> kept_rules_;
    std::vector<LoadedRule> loaded_rules_;
    std::unordered_map<std::string_view, size_t> loaded_rule_index_;
    std::unordered_map<const void*, const std::string*> exception_of_scalar_;  // -> exception name
    // Stands in for a macro whose own condition did not parse (already reported), so that its
    // users are not reported as using an undefined macro.
    Expr placeholder_ = [] {
        Expr e;
        e.kind = Kind::UnaryCheck;
        e.text = "exists";
        Expr f;
        f.kind = Kind::Field;
        f.text = "evt.num";
        e.children.push_back(f);
        return e;
    }();

public:
    // ---- the rule set handed out -----------------------------------------------------------
    // After the final compile: every rule of the final state, with what compiled.
    void finalize() {
        for (const auto& rule : collector_.rules()) {
            LoadedRule out;
            out.definition = &rule;
            if (auto it = kept_rules_.find(rule.name); it != kept_rules_.end()) {
                out.condition = std::move(it->second.condition);
                out.output_fields = std::move(it->second.output_fields);
            }
            out.hooks = tuning_hooks(rule);
            loaded_rule_index_.emplace(rule.name, loaded_rules_.size());
            loaded_rules_.push_back(std::move(out));
            for (const auto& ex : rule.exceptions) note_exception_scalars(ex);
        }
        kept_rules_.clear();
    }

    NodeOrigin origin(const Expr& node) const {
        NodeOrigin out;
        if (node.text_id >= texts_.size() || node.text_id >= text_whose_.size()) return out;
        const ComposedText& text = *texts_[node.text_id];
        const TextWhose& whose = text_whose_[node.text_id];
        const TextOrigin at = text.origin(std::min<size_t>(node.pos.offset, text.size() ? text.size() - 1 : 0));
        if (!at.owner) return out;
        out.loc = scalar_of(at.owner)->locate(at.offset);
        if (auto list = list_of_item_.find(at.owner); list != list_of_item_.end()) {
            out.kind = NodeOrigin::Kind::List;
            out.name = *list->second;
        } else if (auto ex = exception_of_scalar_.find(at.owner); ex != exception_of_scalar_.end()) {
            out.kind = NodeOrigin::Kind::Exception;
            out.name = *ex->second;
        } else if (whose.name) {
            out.kind = whose.kind;
            out.name = *whose.name;
        }
        return out;
    }

    const Expr* macro_condition(std::string_view name) const {
        auto it = macro_asts_.find(std::string(name));
        return it != macro_asts_.end() && it->second ? &*it->second : nullptr;
    }

private:
    void note_exception_scalars(const ExceptionDefinition& ex) {
        std::function<void(const ExceptionValue&)> note = [&](const ExceptionValue& v) {
            if (v.item.owner) exception_of_scalar_.emplace(v.item.owner, &ex.name.value);
            for (const auto& i : v.items) note(i);
        };
        if (ex.fields) note(*ex.fields);
        if (ex.comps) note(*ex.comps);
        for (const auto& v : ex.values) note(v);
    }

    // The rule's top-level `not <macro>` and `not <field> in (<list>)` conjuncts, read from its
    // condition as written.
    TuningHooks tuning_hooks(const CollectedRule& rule) const {
        TuningHooks hooks;
        auto parsed = grammar::parse_condition(rule.condition.str());
        if (!parsed.ok()) return hooks;
        std::vector<const Expr*> conjuncts;
        std::function<void(const Expr&)> flatten = [&](const Expr& e) {
            if (e.kind == Kind::And) {
                for (const auto& c : e.children) flatten(c);
            } else {
                conjuncts.push_back(&e);
            }
        };
        flatten(*parsed.expr);
        for (const Expr* c : conjuncts) {
            if (c->kind != Kind::Not || c->children.size() != 1) continue;
            const Expr& inner = c->children[0];
            if (inner.kind == Kind::Macro && collector_.macro(inner.text)) {
                hooks.negated_macros.push_back(inner.text);
                continue;
            }
            if (inner.kind != Kind::BinaryCheck || inner.children.size() != 2) continue;
            if (inner.text != "in" && inner.text != "pmatch" && inner.text != "intersects") continue;
            const Expr& field = inner.children[0];
            const Expr& values = inner.children[1];
            if (field.kind != Kind::Field || values.kind != Kind::List || values.children.size() != 1) continue;
            const std::string& name = values.children[0].text;
            if (!collector_.list(name)) continue;
            hooks.negated_lists.push_back(
                {field.has_arg ? fmt::format("{}[{}]", field.text, field.arg) : field.text, inner.text, name});
        }
        return hooks;
    }
};

namespace {

// The keys Falco prints in `output_fields` for an output's tokens: each field as written, with
// its argument; a transformer's inner fields.
std::vector<std::string> collect_output_field_keys(const grammar::OutputFormat& format) {
    std::vector<std::string> keys;
    std::function<void(const Expr&)> visit = [&](const Expr& e) {
        if (e.kind == Kind::Field) {
            std::string key = e.has_arg ? fmt::format("{}[{}]", e.text, e.arg) : e.text;
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
            return;
        }
        for (const auto& c : e.children) visit(c);
    };
    for (const auto& segment : format.segments) {
        if (segment.kind == grammar::SegmentKind::Field) visit(segment.expr);
    }
    return keys;
}

void import_field_files(grammar::FieldCatalog& catalog, const LoadOptions& options) {
    for (const auto& path : options.field_files) {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw LoadInputError(fmt::format("cannot read field list '{}'", path.string()));
        std::string text((std::istreambuf_iterator<char>(in)), {});
        auto imported = catalog.add_fields_from_falco_list_json(text);
        if (!imported.ok) throw LoadInputError(fmt::format("{}: {}", path.string(), imported.error));
    }
}

}  // namespace

std::vector<std::string> Loader::output_field_keys(const grammar::OutputFormat& format) {
    return collect_output_field_keys(format);
}

RuleSet::RuleSet(std::unique_ptr<Loader> state) : state_(std::move(state)) {}
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
RuleSet::~RuleSet() = default;

const Diagnostics& RuleSet::problems() const { return state_->problems_; }
Diagnostics RuleSet::take_problems() { return std::move(state_->problems_); }
bool RuleSet::falco_accepts() const { return state_->falco_accepts_; }
bool RuleSet::unused_items_checked() const { return state_->unused_items_checked_; }
const std::map<std::string, std::string>& RuleSet::sources() const { return state_->sources_; }
const std::vector<std::unique_ptr<grammar::RulesFile>>& RuleSet::files() const { return state_->files_; }
const Collector& RuleSet::definitions() const { return state_->collector_; }
const grammar::FieldCatalog& RuleSet::catalog() const { return state_->catalog_; }
const std::map<std::string, std::string>& RuleSet::compiled_conditions() const { return state_->compiled_conditions_; }
const std::vector<LoadedRule>& RuleSet::rules() const { return state_->loaded_rules_; }
const LoadedRule* RuleSet::rule(std::string_view name) const {
    auto it = state_->loaded_rule_index_.find(name);
    return it == state_->loaded_rule_index_.end() ? nullptr : &state_->loaded_rules_[it->second];
}
const grammar::Expr* RuleSet::macro_condition(std::string_view name) const { return state_->macro_condition(name); }
NodeOrigin RuleSet::origin(const grammar::Expr& node) const { return state_->origin(node); }

RuleSet load_rules(size_t count, const std::function<grammar::RulesFile(size_t)>& read, const LoadOptions& options,
                   LoadObserver* observer) {
    auto catalog = std::make_unique<grammar::FieldCatalog>(options.catalog);
    import_field_files(*catalog, options);
    auto loader = std::make_unique<Loader>(options, std::move(catalog), observer);
    loader->run(count, read);
    loader->finalize();
    return RuleSet(std::move(loader));
}

RuleSet load_rule_files(const std::vector<fs::path>& files, const LoadOptions& options, LoadObserver* observer) {
    return load_rules(
        files.size(), [&](size_t i) { return grammar::read_rules_file(files[i]); }, options, observer);
}

std::vector<std::string> falco_error_lines(const RuleSet& rules) {
    std::vector<std::string> out;
    for (const auto& d : rules.problems()) {
        if (!falco_fails_on(d)) continue;
        out.push_back(fmt::format("{}:{}:{}: {}[{}]: {}", d.loc.file, d.loc.line, d.loc.column, severity_name(d.severity),
                                  d.code, d.message));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace rulekit::ruleset
