#include "eval/rule_tests.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "eval/condition.hpp"
#include "grammar/edit_distance.hpp"
#include "grammar/printer.hpp"

namespace rulekit::eval {

namespace fs = std::filesystem;
using grammar::Expr;
using grammar::Kind;

namespace {

// ---- reading test files ---------------------------------------------------------------------

constexpr std::string_view kFileKeys[] = {"rules", "rule_set", "tests"};
constexpr std::string_view kCaseKeys[] = {"name", "event", "fires", "not_fires"};
constexpr std::string_view kEventKeys[] = {"source", "fields"};

class TestFileReader {
public:
    TestFileReader(std::string display_name, fs::path base_dir)
        : name_(std::move(display_name)), base_(std::move(base_dir)) {}

    RuleTestFile read(const std::string& text) {
        YAML::Node root;
        try {
            root = YAML::Load(text);
        } catch (const YAML::ParserException& e) {
            throw RuleTestFileError(
                fmt::format("{}:{}:{}: invalid YAML: {}", name_, e.mark.line + 1, e.mark.column + 1, e.msg));
        }
        RuleTestFile file;
        file.path = name_;
        if (!root.IsMap()) fail(root, "a test file is a mapping with `tests:` (and optionally `rules:`, `rule_set:`)");
        bool has_tests = false;
        for (auto it = root.begin(); it != root.end(); ++it) {
            const std::string key = scalar(it->first, "a key");
            const YAML::Node& value = it->second;
            if (key == "rules") {
                for (const auto& p : strings(value, "rules")) file.rules.push_back((base_ / p).lexically_normal());
            } else if (key == "rule_set") {
                file.rule_set = scalar(value, "the name of a rule set of .rulekit.yaml");
            } else if (key == "tests") {
                has_tests = true;
                if (!value.IsSequence()) fail(value, "`tests` must be a list of test cases");
                std::set<std::string> names;
                for (const auto& c : value) {
                    file.cases.push_back(read_case(c));
                    if (!names.insert(file.cases.back().name).second) {
                        fail(c, fmt::format("a second test case named '{}' (names identify cases in reports)",
                                            file.cases.back().name));
                    }
                }
            } else {
                unknown_key(it->first, key, kFileKeys);
            }
        }
        if (!has_tests) fail(root, "no `tests:` list");
        return file;
    }

private:
    RuleTestCase read_case(const YAML::Node& n) {
        if (!n.IsMap()) fail(n, "a test case is a mapping with `name`, `event`, `fires` and/or `not_fires`");
        RuleTestCase c;
        c.line = n.Mark().line + 1;
        bool has_name = false, has_event = false;
        for (auto it = n.begin(); it != n.end(); ++it) {
            const std::string key = scalar(it->first, "a key");
            const YAML::Node& value = it->second;
            if (key == "name") {
                c.name = scalar(value, "the name of the test case");
                has_name = !c.name.empty();
            } else if (key == "event") {
                has_event = true;
                read_event(value, c);
            } else if (key == "fires") {
                c.fires = expectations(value, key);
            } else if (key == "not_fires") {
                c.not_fires = expectations(value, key);
            } else {
                unknown_key(it->first, key, kCaseKeys);
            }
        }
        if (!has_name) fail(n, "the test case has no `name`");
        if (!has_event) fail(n, fmt::format("test case '{}' has no `event`", c.name));
        if (c.fires.empty() && c.not_fires.empty()) {
            fail(n, fmt::format("test case '{}' names no rule in `fires` or `not_fires`: it would test nothing", c.name));
        }
        for (const auto& f : c.fires) {
            for (const auto& nf : c.not_fires) {
                if (f.rule == nf.rule) {
                    throw RuleTestFileError(fmt::format("{}:{}: test case '{}' lists rule '{}' in both `fires` and `not_fires`",
                                                        name_, nf.line, c.name, f.rule));
                }
            }
        }
        return c;
    }

    void read_event(const YAML::Node& n, RuleTestCase& c) {
        if (!n.IsMap()) fail(n, "`event` must be a mapping with `source` and `fields`");
        bool has_fields = false;
        for (auto it = n.begin(); it != n.end(); ++it) {
            const std::string key = scalar(it->first, "a key");
            const YAML::Node& value = it->second;
            if (key == "source") {
                c.source = scalar(value, "an event source (syscall, k8s_audit, ...)");
            } else if (key == "fields") {
                has_fields = true;
                if (!value.IsMap()) fail(value, "`fields` must be a mapping of field names to values");
                for (auto f = value.begin(); f != value.end(); ++f) {
                    const std::string field = scalar(f->first, "a field name");
                    for (const auto& [seen, _] : c.fields) {
                        if (seen == field) fail(f->first, fmt::format("field '{}' is given twice", field));
                    }
                    c.fields.emplace_back(field, field_value(f->second, field));
                }
            } else {
                unknown_key(it->first, key, kEventKeys);
            }
        }
        if (!has_fields) fail(n, "`event` has no `fields`");
    }

    // `~` (null): the field had no value; a sequence: a list field; any other scalar: its text,
    // which the evaluator converts to the field's type as Falco converts a condition's constants.
    FieldValue field_value(const YAML::Node& n, const std::string& field) {
        if (n.IsNull()) return FieldValue::null();
        if (n.IsScalar()) return FieldValue::string(n.Scalar());
        if (n.IsSequence()) {
            std::vector<FieldValue> items;
            for (const auto& item : n) {
                if (!item.IsScalar()) fail(item, fmt::format("the items of list field '{}' must be plain values", field));
                items.push_back(FieldValue::string(item.Scalar()));
            }
            return FieldValue::list(std::move(items));
        }
        fail(n, fmt::format("field '{}' must be a value, `~` (no value) or a list of values", field));
    }

    std::vector<RuleExpectation> expectations(const YAML::Node& n, const std::string& key) {
        std::vector<RuleExpectation> out;
        auto add = [&](const YAML::Node& item) {
            const std::string rule = scalar(item, "a rule name");
            if (rule.empty()) fail(item, "an empty rule name");
            out.push_back({rule, static_cast<uint32_t>(item.Mark().line + 1)});
        };
        if (n.IsScalar()) {
            add(n);
        } else if (n.IsSequence()) {
            for (const auto& item : n) add(item);
        } else if (!n.IsNull()) {
            fail(n, fmt::format("`{}` must be a list of rule names", key));
        }
        return out;
    }

    std::vector<std::string> strings(const YAML::Node& n, std::string_view key) const {
        std::vector<std::string> out;
        if (n.IsScalar()) return {n.Scalar()};
        if (!n.IsSequence()) fail(n, fmt::format("`{}` must be a list of paths", key));
        for (const auto& item : n) out.push_back(scalar(item, "a path"));
        return out;
    }

    template <size_t N>
    [[noreturn]] void unknown_key(const YAML::Node& at, const std::string& key, const std::string_view (&known)[N]) const {
        std::vector<std::string_view> keys(std::begin(known), std::end(known));
        std::string message = fmt::format("unknown key '{}'", key);
        if (auto near = grammar::nearest_name(key, keys, 4)) message += fmt::format(" (did you mean '{}'?)", *near);
        else message += fmt::format(" (known keys: {})", fmt::join(keys, ", "));
        fail(at, message);
    }

    [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const {
        const YAML::Mark m = at.Mark();
        if (m.is_null()) throw RuleTestFileError(fmt::format("{}: {}", name_, message));
        throw RuleTestFileError(fmt::format("{}:{}:{}: {}", name_, m.line + 1, m.column + 1, message));
    }

    std::string scalar(const YAML::Node& n, std::string_view what) const {
        if (!n.IsScalar()) fail(n, fmt::format("expected {} here", what));
        return n.Scalar();
    }

    std::string name_;
    fs::path base_;
};

// ---- running a case -------------------------------------------------------------------------

std::string origin_label(const ruleset::NodeOrigin& o) {
    switch (o.kind) {
        case ruleset::NodeOrigin::Kind::Macro: return fmt::format("macro '{}'", o.name);
        case ruleset::NodeOrigin::Kind::Exception: return fmt::format("exception '{}'", o.name);
        case ruleset::NodeOrigin::Kind::List: return fmt::format("list '{}'", o.name);
        case ruleset::NodeOrigin::Kind::RuleCondition: return fmt::format("the condition of rule '{}'", o.name);
        case ruleset::NodeOrigin::Kind::Synthetic: break;
    }
    return {};
}

void for_each_field(const Expr& e, const std::function<void(const Expr&)>& visit) {
    if (e.kind == Kind::Field) visit(e);
    for (const auto& c : e.children) for_each_field(c, visit);
}

// Where a conjunct was written when not in the rule's own condition — the macros and exceptions
// its fields come from, the lists pasted into it — for a reader to look up a line of the diff.
std::string conjunct_label(const Expr& conjunct, const ruleset::RuleSet& rules) {
    std::vector<std::string> labels;
    std::function<void(const Expr&)> visit = [&](const Expr& e) {
        if (e.kind == Kind::Field || e.kind == Kind::Value) {
            const ruleset::NodeOrigin o = rules.origin(e);
            const bool wanted = e.kind == Kind::Field ? o.kind != ruleset::NodeOrigin::Kind::RuleCondition &&
                                                            o.kind != ruleset::NodeOrigin::Kind::Synthetic
                                                      : o.kind == ruleset::NodeOrigin::Kind::List;
            std::string label = wanted ? origin_label(o) : std::string();
            if (!label.empty() && std::find(labels.begin(), labels.end(), label) == labels.end()) {
                labels.push_back(std::move(label));
            }
        }
        for (const auto& c : e.children) visit(c);
    };
    visit(conjunct);
    if (labels.empty()) return {};
    return fmt::format("   [{}]", fmt::join(labels, ", "));
}

const char* truth_mark(Truth t) {
    switch (t) {
        case Truth::True: return "✓";
        case Truth::False: return "✗";
        case Truth::Unknown: return "?";
    }
    return "?";
}

void flatten_conjuncts(const Expr& e, std::vector<const Expr*>& out) {
    if (e.kind != Kind::And) {
        out.push_back(&e);
        return;
    }
    for (const auto& c : e.children) flatten_conjuncts(c, out);
}

// Every conjunct of the condition with its truth for the event. Falco wraps a rule's condition
// in parentheses to append exceptions, so the evaluator's top-level conjuncts are often just
// "the rule" and "its exceptions"; nested `and`s are flattened here, each conjunct evaluated on
// its own, so that the line that is false is the check that is false.
std::string conjunct_diff(const Expr& condition, std::string_view source, const Record& record,
                          const ruleset::RuleSet& rules) {
    std::vector<const Expr*> conjuncts;
    flatten_conjuncts(condition, conjuncts);
    std::string out;
    for (const Expr* node : conjuncts) {
        auto compiled = CompiledCondition::compile(*node, source, rules.catalog());
        const Truth truth = std::holds_alternative<CompiledCondition>(compiled)
                                ? std::get<CompiledCondition>(compiled).evaluate(record)
                                : Truth::Unknown;
        out += fmt::format("\n  {} {}{}", truth_mark(truth), grammar::print(*node), conjunct_label(*node, rules));
    }
    return out;
}

void for_each_check(const Expr& e, const std::function<void(const Expr&)>& visit) {
    if (e.kind == Kind::BinaryCheck || e.kind == Kind::UnaryCheck) {
        visit(e);
        return;
    }
    for (const auto& c : e.children) for_each_check(c, visit);
}

// Each missing field with where the rule reads it: "proc.pname (read in macro 'shell_parent')".
// A check is asked which record keys it reads (the evaluator's answer), so a field that reads
// others (fd.ip reads fd.cip and fd.sip) is found too, and named.
std::string missing_field_lines(const EvalTrace& trace, const Expr& condition, std::string_view source,
                                const ruleset::RuleSet& rules) {
    struct CheckReads {
        const Expr* check;
        std::vector<std::string> keys;
    };
    std::vector<CheckReads> checks;
    for_each_check(condition, [&](const Expr& check) {
        auto compiled = CompiledCondition::compile(check, source, rules.catalog());
        if (auto* program = std::get_if<CompiledCondition>(&compiled)) checks.push_back({&check, program->fields()});
    });
    std::string out;
    for (const auto& missing : trace.missing_fields) {
        std::vector<std::string> places;
        for (const auto& [check, keys] : checks) {
            if (!std::binary_search(keys.begin(), keys.end(), missing)) continue;
            // The field itself where the check names it; else the fields that read it.
            std::vector<std::pair<const Expr*, bool>> readers;  // field, named as the missing key
            for_each_field(*check, [&](const Expr& field) {
                const auto& resolved = rules.catalog().resolve(
                    source, field.text, field.has_arg ? std::string_view(field.arg) : std::string_view());
                readers.emplace_back(&field, resolved.ok() && resolved.resolved.full_name == missing);
            });
            const bool named = std::any_of(readers.begin(), readers.end(), [](const auto& r) { return r.second; });
            for (const auto& [field, is_missing_key] : readers) {
                if (named && !is_missing_key) continue;
                std::string label = origin_label(rules.origin(*field));
                if (label.empty()) continue;
                label = named ? "in " + label : fmt::format("by {} in {}", grammar::print(*field), label);
                if (std::find(places.begin(), places.end(), label) == places.end()) places.push_back(std::move(label));
            }
        }
        out += fmt::format("\n  {}", missing);
        if (!places.empty()) out += fmt::format(" (read {})", fmt::join(places, ", "));
    }
    return out;
}

std::string undefined_rule_message(const std::string& name, const ruleset::RuleSet& rules) {
    std::vector<std::string_view> names;
    for (const auto& r : rules.rules()) names.push_back(r.definition->name);
    std::string message = fmt::format("rule '{}' is not defined by the loaded rules", name);
    if (auto near = grammar::nearest_name(name, names, std::max<size_t>(3, name.size() / 4))) {
        message += fmt::format(" (did you mean '{}'?)", *near);
    }
    return message;
}

// The failure message of one expectation, or nothing when it holds.
std::optional<std::string> check_expectation(const RuleExpectation& expected, bool must_fire, const RuleTestCase& test,
                                             const Record& record, const ruleset::RuleSet& rules) {
    const char* wanted = must_fire ? "must fire" : "must not fire";
    const ruleset::LoadedRule* rule = rules.rule(expected.rule);
    if (!rule) return undefined_rule_message(expected.rule, rules);
    const auto& definition = *rule->definition;
    if (!definition.enabled) {
        return fmt::format("rule '{}' {}, but it is disabled (enabled: false): Falco never evaluates it", expected.rule,
                           wanted);
    }
    if (definition.source != test.source) {
        return fmt::format("rule '{}' {}, but it is a rule for '{}' events and this event's source is '{}'",
                           expected.rule, wanted, definition.source, test.source);
    }
    if (!rule->condition) {
        return fmt::format("rule '{}' {}, but its condition does not compile with the loaded rules", expected.rule, wanted);
    }
    auto compiled = CompiledCondition::compile(*rule->condition, test.source, rules.catalog());
    if (auto* error = std::get_if<std::string>(&compiled)) {
        return fmt::format("rule '{}' {}, but its condition cannot be evaluated: {}", expected.rule, wanted, *error);
    }
    EvalTrace trace;
    const Truth truth = std::get<CompiledCondition>(compiled).evaluate(record, trace);
    auto diff = [&] { return conjunct_diff(*rule->condition, test.source, record, rules); };
    if (truth == Truth::Unknown) {
        return fmt::format("rule '{}' {}, but that depends on fields the event does not give:{}\n"
                           "  condition:{}",
                           expected.rule, wanted, missing_field_lines(trace, *rule->condition, test.source, rules),
                           diff());
    }
    if (must_fire && truth == Truth::False) {
        return fmt::format("rule '{}' must fire, but its condition is false:{}", expected.rule, diff());
    }
    if (!must_fire && truth == Truth::True) {
        std::string message = fmt::format("rule '{}' must not fire, but its condition is true:{}", expected.rule, diff());
        if (!definition.exceptions.empty()) {
            std::vector<std::string> names;
            for (const auto& ex : definition.exceptions) names.push_back(ex.name.value);
            message += fmt::format("\n  none of its exceptions matched: {}", fmt::join(names, ", "));
        }
        return message;
    }
    return std::nullopt;
}

}  // namespace

RuleTestFile parse_rule_test_text(const std::string& display_name, const std::string& text, const fs::path& base_dir) {
    return TestFileReader(display_name, base_dir).read(text);
}

RuleTestFile parse_rule_test_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in || fs::is_directory(path)) throw RuleTestFileError(fmt::format("cannot read test file '{}'", path));
    std::ostringstream text;
    text << in.rdbuf();
    return parse_rule_test_text(path, text.str(), fs::path(path).parent_path());
}

CaseResult run_rule_test_case(const RuleTestCase& test, const std::string& file, const ruleset::RuleSet& rules) {
    CaseResult result{test.name, file, test.line, true, {}};
    auto failed = [&](std::string message) {
        result.passed = false;
        result.failures.push_back(std::move(message));
    };
    if (!rules.catalog().has_source(test.source)) {
        const auto known = rules.catalog().known_sources();
        failed(fmt::format("the event's source '{}' is not loaded (loaded sources: {})", test.source, fmt::join(known, ", ")));
        return result;
    }
    // Keyed as the evaluator reads them (the catalog's full name), so that spellings libsinsp
    // takes as one field are one field here.
    Record record;
    for (const auto& [key, value] : test.fields) {
        const auto& resolved = rules.catalog().resolve(test.source, key);
        if (!resolved.ok()) {
            failed(fmt::format("event field '{}' is not a field of source '{}': {}", key, test.source, resolved.error));
            continue;
        }
        record.set(resolved.resolved.full_name, value);
    }
    if (!result.passed) return result;
    for (const auto& e : test.fires) {
        if (auto message = check_expectation(e, true, test, record, rules)) failed(std::move(*message));
    }
    for (const auto& e : test.not_fires) {
        if (auto message = check_expectation(e, false, test, record, rules)) failed(std::move(*message));
    }
    return result;
}

// ---- reports --------------------------------------------------------------------------------

std::string format_rule_tests_text(const std::vector<FileResults>& results) {
    std::string out;
    size_t passed = 0, failed = 0;
    for (const auto& file : results) {
        for (const auto& c : file.cases) {
            out += fmt::format("{} {} ({}:{})\n", c.passed ? "PASS" : "FAIL", c.name, c.file, c.line);
            for (const auto& f : c.failures) {
                std::string indented = "  ";
                for (char ch : f) {
                    indented += ch;
                    if (ch == '\n') indented += "  ";
                }
                out += indented + "\n";
            }
            ++(c.passed ? passed : failed);
        }
    }
    out += fmt::format("\n{} passed, {} failed\n", passed, failed);
    return out;
}

namespace {

// XML 1.0 cannot carry most control characters, which a YAML double-quoted name can hold.
std::string xml_text(std::string_view in) {
    std::string out;
    for (char ch : in) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') out += "\xEF\xBF\xBD";
        else out += ch;
    }
    return out;
}

void set_counts(pugi::xml_node node, size_t tests, size_t failures) {
    node.append_attribute("tests") = static_cast<unsigned long long>(tests);
    node.append_attribute("failures") = static_cast<unsigned long long>(failures);
    node.append_attribute("errors") = 0;
}

}  // namespace

std::string format_rule_tests_junit(const std::vector<FileResults>& results) {
    pugi::xml_document document;
    auto declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "UTF-8";
    auto suites = document.append_child("testsuites");
    suites.append_attribute("name") = "rulekit test";
    size_t all_tests = 0, all_failures = 0;
    for (const auto& file : results) {
        auto suite = suites.append_child("testsuite");
        const std::string file_name = xml_text(file.file);
        suite.append_attribute("name") = file_name.c_str();
        size_t failures = 0;
        for (const auto& c : file.cases) {
            auto testcase = suite.append_child("testcase");
            testcase.append_attribute("classname") = file_name.c_str();
            testcase.append_attribute("name") = xml_text(c.name).c_str();
            testcase.append_attribute("file") = file_name.c_str();
            testcase.append_attribute("line") = c.line;
            if (c.passed) continue;
            ++failures;
            std::string text;
            for (const auto& f : c.failures) text += f + "\n";
            // The message is the first failure's headline, without the colon that opens its details.
            std::string first_line = c.failures.empty() ? "failed" : c.failures.front().substr(0, c.failures.front().find('\n'));
            if (first_line.ends_with(':')) first_line.pop_back();
            auto failure = testcase.append_child("failure");
            failure.append_attribute("type") = "rule-test";
            failure.append_attribute("message") = xml_text(first_line).c_str();
            failure.text().set(xml_text(text).c_str());
        }
        set_counts(suite, file.cases.size(), failures);
        suite.append_attribute("skipped") = 0;
        all_tests += file.cases.size();
        all_failures += failures;
    }
    set_counts(suites, all_tests, all_failures);
    std::ostringstream out;
    document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
}

// ---- the run --------------------------------------------------------------------------------

namespace {

std::vector<fs::path> rules_for(const RuleTestFile& file, const RuleTestOptions& options) {
    if (!options.rules.empty()) return options.rules;
    if (!file.rules.empty()) return file.rules;
    if (options.configured.empty()) {
        throw RuleTestFileError(fmt::format(
            "{}: no rules to test: give `rules:` in the test file, --rules, or configure `rule-sets:` in .rulekit.yaml",
            file.path));
    }
    if (file.rule_set) {
        for (const auto& set : options.configured) {
            if (set.name == *file.rule_set) return set.paths;
        }
        throw RuleTestFileError(fmt::format("{}: no rule set '{}' in {}", file.path, *file.rule_set, options.config_file));
    }
    if (options.configured.size() > 1) {
        throw RuleTestFileError(fmt::format("{}: {} configures {} rule sets: say which one with `rule_set:`", file.path,
                                            options.config_file, options.configured.size()));
    }
    return options.configured.front().paths;
}


}  // namespace

RuleTestSummary run_rule_tests(const RuleTestOptions& options, std::ostream& out, std::ostream& err) {
    std::vector<RuleTestFile> files;
    for (const auto& path : options.test_files) {
        if (!fs::is_directory(path)) {
            files.push_back(parse_rule_test_file(path));
            continue;
        }
        // A directory of test files, as a rules directory expands: its *.yaml/*.yml, sorted.
        for (const auto& file : ruleset::expand_rules_paths({fs::path(path)})) {
            files.push_back(parse_rule_test_file(file.string()));
        }
    }

    // Files that run against the same rules share one load.
    std::map<std::vector<std::string>, std::unique_ptr<ruleset::RuleSet>> loaded;
    std::vector<const ruleset::RuleSet*> rules_of_file;
    for (const auto& file : files) {
        std::vector<fs::path> paths;
        try {
            paths = ruleset::expand_rules_paths(rules_for(file, options));
        } catch (const ruleset::LoadInputError& e) {
            throw ruleset::LoadInputError(fmt::format("{}: {}", file.path, e.what()));
        }
        std::vector<std::string> key;
        for (const auto& p : paths) key.push_back(p.string());
        auto [it, inserted] = loaded.try_emplace(key);
        if (inserted) {
            try {
                it->second = std::make_unique<ruleset::RuleSet>(ruleset::load_rule_files(paths, options.load));
            } catch (const ruleset::LoadInputError& e) {
                throw ruleset::LoadInputError(fmt::format("{}: {}", file.path, e.what()));
            }
            const auto errors = ruleset::falco_error_lines(*it->second);
            if (!errors.empty()) {
                for (const auto& e : errors) err << e << "\n";
                throw RuleTestLoadError(fmt::format("the rules of {} do not load in Falco ({} error(s) above)",
                                                    file.path, errors.size()));
            }
        }
        rules_of_file.push_back(it->second.get());
    }

    std::vector<FileResults> results;
    RuleTestSummary summary;
    for (size_t i = 0; i < files.size(); ++i) {
        FileResults r{files[i].path, {}};
        for (const auto& test : files[i].cases) {
            r.cases.push_back(run_rule_test_case(test, files[i].path, *rules_of_file[i]));
            ++(r.cases.back().passed ? summary.passed : summary.failed);
        }
        results.push_back(std::move(r));
    }
    out << (options.format == RuleTestOptions::Format::Junit ? format_rule_tests_junit(results)
                                                             : format_rule_tests_text(results));
    return summary;
}

}  // namespace rulekit::eval
