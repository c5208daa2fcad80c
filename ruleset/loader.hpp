// One loader for every consumer (lint, eval, gen, rule tests): reads rules files in Falco's
// load order into one emulated engine and returns the resulting rule set — every rule's
// definition as collected (appends, overrides, redefinitions applied) and its condition as
// Falco compiles it (lists pasted, exceptions appended, macros expanded) — together with every
// problem Falco's loader would report, each once, where its text was written.
//
// The loader follows Falco's own order: read every file (reader), collect definitions
// (collector), then compile lists, macros and rules over everything collected (compiler) and,
// as Falco does, over what was loaded after each earlier file. Falco stops at the first error;
// the loader reports everything it finds and keeps going with what is sound.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/field_catalog.hpp"
#include "grammar/rules_file.hpp"
#include "ruleset/collector.hpp"
#include "ruleset/composed_text.hpp"
#include "ruleset/filter_compiler.hpp"

namespace rulekit::ruleset {

// The plugins a stock Falco deployment loads, plus json: k8saudit deployments load it for the
// jevt.* fields the upstream k8s_audit rules use.
inline grammar::CatalogOptions default_catalog() {
    grammar::CatalogOptions options;
    options.plugins.insert("json");
    return options;
}

struct LoadOptions {
    grammar::CatalogOptions catalog = default_catalog();
    // True when the loaded plugin set was given explicitly: a requirement on a plugin outside it
    // is then Falco's fatal "Plugin requirement not satisfied", not just a plugin rulekit lacks.
    bool plugins_explicit = false;
    // Versions of loaded plugins (name -> x.y.z), overriding those rulekit ships.
    std::map<std::string, std::string> plugin_versions;
    // `falco --list --format json` outputs whose fields are added to the catalog.
    std::vector<std::filesystem::path> field_files;
    // The engine version `required_engine_version` is checked against (Falco master: 0.63.0),
    // and a note appended to that finding's message saying where the version came from.
    std::string engine_version = "0.63.0";
    std::string engine_note;
    // Keep every compiled condition printed the way `falco -L` prints condition_compiled.
    bool keep_compiled_conditions = false;
    // Also compile what was loaded after each earlier file, as Falco does (a file fails on what
    // that compile finds). Consumers that only need the final rule set can turn it off.
    bool compile_after_each_file = true;
};

// Whether Falco fails on this problem: an error Falco reports with a load code, or one of the
// inputs that make Falco abort or refuse to start (falco-aborts, an unsatisfiable plugin-version).
bool falco_fails_on(const Diagnostic& d);

// A usage or I/O problem (missing file, unreadable field catalog): not a finding about the rules.
struct LoadInputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Expands directories into their *.yaml/*.yml regular files, sorted, as Falco does.
std::vector<std::filesystem::path> expand_rules_paths(const std::vector<std::filesystem::path>& inputs);

// What a consumer's own checks may use while the loader compiles a condition or an output.
class CompileContext {
public:
    virtual ~CompileContext() = default;
    // Where a node of the condition being compiled, or bytes of a composed text, were written.
    virtual SourceLocation locate(const grammar::Expr& node) = 0;
    virtual SourceLocation locate(const ComposedText& text, size_t begin, size_t end) = 0;
    virtual const FilterCompiler& compiler() const = 0;
    // Adds a problem to the load's, with what the loader knows about its location (text pasted
    // from a list names the list item).
    virtual void report(Diagnostic d) = 0;
};

// Hooks through which a consumer (lint) runs its own checks while files load, without the
// loader knowing them. Every hook is optional.
class LoadObserver {
public:
    virtual ~LoadObserver() = default;
    // Completes a problem the loader found (lint: the check's default level and hint).
    virtual void decorate(Diagnostic&) const {}
    // Whether the index-th input is left out (lint: YAML in a directory that is no rules file).
    virtual bool skip_file(size_t index, const grammar::RulesFile&) { return false; }
    // A file was read; `reader_findings` are the reader's problems, about to be added (they may
    // be completed). The file's YAML nodes are still there.
    virtual void file_read(const grammar::RulesFile&, Diagnostics& reader_findings) {}
    // One item of a file, before it is collected.
    virtual void item_read(const grammar::RulesFile&, const grammar::Item&) {}
    // Everything is collected; the final compile starts.
    virtual void compile_started(const Collector&) {}
    // A rule or macro condition parsed (lists pasted, macros not yet expanded).
    virtual void condition_parsed(const grammar::Expr&, CompileContext&) {}
    // A rule's output compiled without error.
    virtual void output_compiled(const CollectedRule&, const ComposedText& output, CompileContext&) {}
};

// A rule's own tuning hooks, read from its condition text as written (before lists are pasted
// and macros expanded): where a tuning can make it match less without touching the rule.
struct TuningHooks {
    // Macros the rule uses as a top-level `and not <macro>` (e.g. user_known_..._activities).
    std::vector<std::string> negated_macros;
    // Lists it uses as a top-level `not <field> <op> (<list>)`, op in / pmatch / intersects.
    struct NegatedList {
        std::string field;  // as written, e.g. "proc.name" or "proc.aname[2]"
        std::string op;
        std::string list;
    };
    std::vector<NegatedList> negated_lists;
};

struct LoadedRule {
    const CollectedRule* definition = nullptr;  // as collected: texts, exceptions, flags, locations
    // The condition as Falco compiles it: lists pasted, exceptions appended, macros expanded.
    // Empty when the rule did not compile cleanly (or its source is not loaded).
    std::optional<grammar::Expr> condition;
    // The keys Falco prints in the alert's `output_fields` for the output's %-tokens (fields
    // inside transformers too), in output order, unique.
    std::vector<std::string> output_fields;
    TuningHooks hooks;
};

// Where a node of a compiled condition was written, most specific first: text pasted from a
// list, an exception's clause, a macro's condition, or the rule's own condition (which may
// have been appended to by a later file).
struct NodeOrigin {
    enum class Kind : uint8_t { Synthetic, RuleCondition, Exception, Macro, List };
    Kind kind = Kind::Synthetic;
    std::string name;  // the list, exception or macro; the rule for RuleCondition
    SourceLocation loc;
};

class Loader;

// The loaded rule set, read-only. It owns the files it was read from: every text, location and
// AST it hands out stays valid while it lives.
class RuleSet {
public:
    RuleSet(RuleSet&&) noexcept;
    RuleSet& operator=(RuleSet&&) noexcept;
    ~RuleSet();

    // Every problem found, in discovery order (not sorted).
    const Diagnostics& problems() const;
    Diagnostics take_problems();
    // Whether Falco would load these files successfully.
    bool falco_accepts() const;
    // False when Falco would not report unused macros and lists (the compile failed), so the
    // loader reported only those nothing mentions.
    bool unused_items_checked() const;

    const std::map<std::string, std::string>& sources() const;  // file path -> bytes
    const std::vector<std::unique_ptr<grammar::RulesFile>>& files() const;
    const Collector& definitions() const;  // the final state
    const grammar::FieldCatalog& catalog() const;
    // Rule name -> condition_compiled, when LoadOptions::keep_compiled_conditions.
    const std::map<std::string, std::string>& compiled_conditions() const;

    // Every rule of the final state, in definition order.
    const std::vector<LoadedRule>& rules() const;
    const LoadedRule* rule(std::string_view name) const;
    // The expanded condition of a macro (lists pasted, inner macros expanded), or null.
    const grammar::Expr* macro_condition(std::string_view name) const;
    // Where a node of a rule's compiled condition (or a macro's) was written.
    NodeOrigin origin(const grammar::Expr& node) const;

private:
    friend RuleSet load_rules(size_t, const std::function<grammar::RulesFile(size_t)>&, const LoadOptions&, LoadObserver*);
    explicit RuleSet(std::unique_ptr<Loader> state);
    std::unique_ptr<Loader> state_;
};

// Loads `count` files in order; `read(i)` gives the i-th. Throws LoadInputError for a file that
// cannot be read or a field list that cannot be imported.
RuleSet load_rules(size_t count, const std::function<grammar::RulesFile(size_t)>& read, const LoadOptions& options,
                   LoadObserver* observer = nullptr);
RuleSet load_rule_files(const std::vector<std::filesystem::path>& files, const LoadOptions& options,
                        LoadObserver* observer = nullptr);

// The problems that make Falco reject a rule set, one line each as lint prints them
// ("file:line:column: error[code]: message"), sorted, each once: for the commands that only
// need to say why the rules they were given do not load.
std::vector<std::string> falco_error_lines(const RuleSet& rules);

}  // namespace rulekit::ruleset
