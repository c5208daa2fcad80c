// Rules-file reader: fixture cases (tests/fixtures/reader/<case>.yaml + <case>.expected.json),
// offsets inside every YAML scalar style, and Falco's verdicts on the shared corpus.
#include <algorithm>
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "grammar/rules_file.hpp"
#include "grammar/yaml_hazards.hpp"
#include "support.hpp"

using namespace rulekit;
using namespace rulekit::grammar;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string describe(const RulesFile& file) {
    std::string out;
    for (size_t i = 0; i < file.diagnostics.size(); ++i) {
        const auto& d = file.diagnostics[i];
        out += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + " " + severity_name(d.severity) +
               " [" + d.code + "] " + d.falco_code + " " + d.message;
        if (file.falco_error == i) out += "   <- Falco's error";
        out += "\n";
    }
    return out;
}

const Rule& only_rule(const RulesFile& file) {
    REQUIRE(file.items.size() == 1);
    const Rule* rule = file.items[0].get<Rule>();
    REQUIRE(rule != nullptr);
    return *rule;
}

// Where `token` (its `occurrence`-th appearance) of the rule's condition was written.
SourceLocation locate_in_condition(const std::string& yaml, const std::string& token, int occurrence = 0) {
    const RulesFile file = read_rules_text("t.yaml", yaml);
    INFO(describe(file));
    const Rule& rule = only_rule(file);
    REQUIRE(rule.condition);
    size_t at = rule.condition->value.find(token);
    for (int i = 0; i < occurrence && at != std::string::npos; ++i) at = rule.condition->value.find(token, at + 1);
    REQUIRE(at != std::string::npos);
    const ScalarOffsetMap map = rule.condition->offset_map();
    CHECK(map.exact());
    return map.location(at);
}

bool has_error(const RulesFile& file) {
    return std::any_of(file.diagnostics.begin(), file.diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

// Every decoded byte maps to a file byte that produced it: the same character, or the break,
// blank, escape or quote that folding and unescaping turned into it.
void check_offset_map(const Scalar& scalar) {
    if (scalar.value.empty()) return;
    const ScalarOffsetMap map = scalar.offset_map();
    INFO(scalar.location().file << ":" << scalar.location().line << " (" << scalar_style_name(scalar.style()) << ") "
                                << scalar.value);
    REQUIRE(map.exact());
    const std::string& bytes = scalar.source()->bytes();
    size_t previous = 0;
    for (size_t i = 0; i < scalar.value.size(); ++i) {
        const size_t at = map.file_offset(i);
        if (at >= bytes.size()) FAIL("byte " << i << " maps past the end of the file");
        const char decoded = scalar.value[i];
        const char written = bytes[at];
        const bool folded = (decoded == ' ' || decoded == '\n') && (written == '\n' || written == '\r');
        const bool escaped = written == '\\' || written == '\'';
        if (!(written == decoded || folded || escaped)) FAIL("byte " << i << " maps to '" << written << "'");
        if (at < previous) FAIL("byte " << i << " maps before byte " << i - 1);
        previous = at;
    }
}

void check_item_scalars(const RulesFile& file) {
    for (const auto& item : file.items) {
        if (const Rule* rule = item.get<Rule>()) {
            for (const auto* s : {&rule->condition, &rule->output, &rule->desc})
                if (*s) check_offset_map(**s);
            if (rule->exceptions) {
                std::vector<const ExceptionEntry*> pending;
                for (const auto& ex : *rule->exceptions) {
                    if (ex.fields) pending.push_back(&*ex.fields);
                    if (ex.comps) pending.push_back(&*ex.comps);
                    if (ex.values)
                        for (const auto& v : *ex.values) pending.push_back(&v);
                }
                while (!pending.empty()) {
                    const ExceptionEntry* e = pending.back();
                    pending.pop_back();
                    if (e->shape == ExceptionEntry::Shape::Scalar) check_offset_map(e->scalar);
                    for (const auto& child : e->items) pending.push_back(&child);
                }
            }
        } else if (const Macro* macro = item.get<Macro>()) {
            check_offset_map(macro->condition);
        } else if (const List* list = item.get<List>()) {
            for (const auto& v : list->items) check_offset_map(v);
        }
    }
}

std::vector<fs::path> yaml_files_under(const fs::path& root) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("reader fixtures report the expected diagnostics", "[grammar][reader]") {
    const fs::path dir = rulekit::test::source_dir() / "tests/fixtures/reader";
    size_t cases = 0;
    for (const auto& yaml : yaml_files_under(dir)) {
        const fs::path expected_path = fs::path(yaml).replace_extension(".expected.json");
        if (!fs::exists(expected_path)) continue;
        const json expected = json::parse(rulekit::test::read_file(expected_path));
        const RulesFile file = read_rules_file(yaml);
        INFO("case " << yaml.filename().string() << "\n" << describe(file));
        const auto& want = expected["diagnostics"];
        REQUIRE(file.diagnostics.size() == want.size());
        for (size_t i = 0; i < want.size(); ++i) {
            const Diagnostic& d = file.diagnostics[i];
            INFO("diagnostic " << i);
            CHECK(d.code == want[i]["code"].get<std::string>());
            CHECK(d.loc.line == want[i]["line"].get<uint32_t>());
            CHECK(d.loc.column == want[i]["column"].get<uint32_t>());
            CHECK(std::string(severity_name(d.severity)) == want[i]["severity"].get<std::string>());
            CHECK(d.falco_code == want[i].value("falco_code", ""));
            CHECK_THAT(d.message, Catch::Contains(want[i]["message"].get<std::string>()));
            if (want[i].contains("hint")) CHECK_THAT(d.hint, Catch::Contains(want[i]["hint"].get<std::string>()));
        }
        // Which diagnostic Falco itself reports: an index into the list, or null.
        if (expected.contains("falco_error")) {
            if (expected["falco_error"].is_null())
                CHECK_FALSE(file.falco_error.has_value());
            else
                CHECK(file.falco_error == std::optional<size_t>(expected["falco_error"].get<size_t>()));
        }
        if (expected.contains("items")) {
            const auto& items = expected["items"];
            REQUIRE(file.items.size() == items.size());
            for (size_t i = 0; i < items.size(); ++i) {
                const Item& item = file.items[i];
                CHECK(std::string(item_kind_name(item.kind())) == items[i]["kind"].get<std::string>());
                if (items[i].contains("form")) {
                    REQUIRE(item.get<Rule>() != nullptr);
                    CHECK(std::string(rule_form_name(item.get<Rule>()->form)) == items[i]["form"].get<std::string>());
                }
                if (items[i].contains("has_error")) CHECK(item.has_error == items[i]["has_error"].get<bool>());
            }
        }
        if (expected.contains("falco_collected_items"))
            CHECK(file.falco_collected_items == expected["falco_collected_items"].get<size_t>());
        ++cases;
    }
    CHECK(cases >= 20);
}

TEST_CASE("a token on the third line maps to its file position in every scalar style", "[grammar][reader]") {
    const std::string head = "- rule: r\n  desc: d\n  output: o\n  priority: INFO\n";  // condition starts on line 5

    SECTION("plain, folded over indented lines") {
        const auto loc = locate_in_condition(
            head + "  condition: evt.type = open\n    and proc.name = a\n      and   fd.name = b\n", "fd.name");
        CHECK(loc.line == 7);
        CHECK(loc.column == 13);
    }
    SECTION("plain, with an empty line kept as a newline") {
        const auto loc = locate_in_condition(head + "  condition: evt.type = open\n\n    and fd.name = b\n", "fd.name");
        CHECK(loc.line == 7);
        CHECK(loc.column == 9);
    }
    SECTION("single-quoted with '' escapes") {
        const auto loc = locate_in_condition(
            head + "  condition: 'proc.name = ''a''\n     and proc.name = ''b''\n     and fd.name = ''c'''\n",
            "fd.name");
        CHECK(loc.line == 7);
        CHECK(loc.column == 10);
    }
    SECTION("double-quoted with escapes and a line continuation") {
        const std::string yaml = head +
                                 "  condition: \"proc.name = \\\"a\\\" \\t and \\\n"
                                 "     proc.name = \\x41\n"
                                 "     and fd.name = \\u00e9x\"\n";
        const auto loc = locate_in_condition(yaml, "fd.name");
        CHECK(loc.line == 7);
        CHECK(loc.column == 10);
        const RulesFile file = read_rules_text("t.yaml", yaml);
        const Rule& rule = only_rule(file);
        CHECK(rule.condition->value == "proc.name = \"a\" \t and proc.name = A and fd.name = \xC3\xA9x");
        // The two bytes of an escaped character both map to its backslash.
        const size_t e_acute = rule.condition->value.find("\xC3\xA9");
        const auto map = rule.condition->offset_map();
        CHECK(map.location(e_acute).column == 20);
        CHECK(map.location(e_acute + 1).column == 20);
        CHECK(map.location(e_acute + 2).column == 26);
    }
    SECTION("literal block") {
        const auto loc = locate_in_condition(
            head + "  condition: |\n    evt.type = open\n    and proc.name = a\n    and fd.name = b\n", "fd.name");
        CHECK(loc.line == 8);
        CHECK(loc.column == 9);
    }
    SECTION("folded block with a more-indented line") {
        const auto loc = locate_in_condition(
            head + "  condition: >\n    evt.type = open\n      and proc.name = a\n    and fd.name = b\n", "fd.name");
        CHECK(loc.line == 8);
        CHECK(loc.column == 9);
    }
    SECTION("folded block with indentation indicator, strip chomping and a comment") {
        const auto loc = locate_in_condition(head +
                                                 "  condition: >-2  # explicit indentation\n     evt.type = open\n    "
                                                 "and proc.name = a\n    and  fd.name = b\n\n",
                                             "fd.name");
        CHECK(loc.line == 8);
        CHECK(loc.column == 10);
    }
    SECTION("literal block with keep chomping, after a tag") {
        const std::string yaml =
            head + "  condition: !!str |+\n    evt.type = open\n    and proc.name = a\n    and fd.name = b\n\n";
        const auto loc = locate_in_condition(yaml, "fd.name");
        CHECK(loc.line == 8);
        CHECK(loc.column == 9);
        const RulesFile file = read_rules_text("t.yaml", yaml);
        CHECK(only_rule(file).condition->style() == ScalarStyle::Literal);
    }
    SECTION("plain over CRLF line ends, after a byte-order mark") {
        std::string crlf_head;
        for (char c : head) crlf_head += c == '\n' ? std::string("\r\n") : std::string(1, c);
        const auto loc =
            locate_in_condition("\xEF\xBB\xBF" + crlf_head +
                                    "  condition: evt.type = open\r\n    and proc.name = a\r\n    and fd.name = b\r\n",
                                "fd.name");
        CHECK(loc.line == 7);
        CHECK(loc.column == 9);
    }
    SECTION("columns of the first line do not count a byte-order mark") {
        const std::string line = "- {rule: r, desc: d, output: o, priority: INFO, condition: evt.type = open}";
        const auto loc = locate_in_condition("\xEF\xBB\xBF" + line + "\n", "open");
        CHECK(loc.line == 1);
        CHECK(loc.column == line.find("open}") + 1);
    }
    SECTION("plain scalar inside a flow mapping") {
        const auto loc = locate_in_condition(
            "- {rule: r, desc: d, output: o, priority: INFO,\n   condition: evt.type = open\n     and proc.name = a\n  "
            "   and fd.name = b}\n",
            "fd.name");
        CHECK(loc.line == 4);
        CHECK(loc.column == 10);
    }
}

TEST_CASE("scalars keep Falco's own position", "[grammar][reader]") {
    const RulesFile file = read_rules_text("t.yaml",
                                           "- rule: r\n  desc: d\n  condition: >\n    evt.type = open\n"
                                           "  output: '  x %proc.name  '\n  priority: INFO\n");
    const Rule& rule = only_rule(file);
    // Falco positions a block scalar at its indicator (0-based yaml-cpp mark).
    CHECK(rule.condition->mark.line == 2);
    CHECK(rule.condition->mark.column == 13);
    CHECK(rule.condition->location().line == 3);
    CHECK(rule.condition->locate(0).line == 4);
    // A full definition's output is trimmed as Falco trims it, and still maps exactly.
    CHECK(rule.output->value == "x %proc.name");
    CHECK(rule.output->locate(2).column == 16);
}

TEST_CASE("the item model follows Falco's reader", "[grammar][reader]") {
    const RulesFile file = read_rules_text("t.yaml", R"(
- required_engine_version: 15
- required_engine_version: 0.31.0
- required_plugin_versions:
    - name: k8saudit
      version: 0.7.0
      alternatives:
        - name: k8saudit-eks
          version: 0.2.0
- list: shells
  items: [bash, "zsh"]
- macro: spawned
  condition: evt.type = execve
  override:
    condition: append
- rule: a
  desc: d
  condition: spawned
  output: "x"
  priority: info
  enabled: Off
  capture_duration: 0x10
  tags: [b, a]
  exceptions:
    - name: e
      fields: [proc.name, fd.name]
      comps: [=, in]
      values:
        - [bash, [a, b]]
- rule: a
  condition: and proc.name in (shells)
  override:
    condition: append
- rule: a
  enabled: true
---
- rule: a
  append: yes
  condition: and x
  desc: ignored
)");
    INFO(describe(file));
    REQUIRE(file.items.size() == 9);
    CHECK_FALSE(file.falco_error);
    CHECK(file.documents.size() == 2);

    const auto* legacy = file.items[0].get<RequiredEngineVersion>();
    REQUIRE(legacy);
    CHECK(legacy->legacy_integer);
    CHECK(legacy->version == SemVer{0, 15, 0});
    CHECK(file.items[1].get<RequiredEngineVersion>()->version == SemVer{0, 31, 0});

    const auto* plugins = file.items[2].get<RequiredPluginVersions>();
    REQUIRE(plugins);
    REQUIRE(plugins->plugins.size() == 1);
    REQUIRE(plugins->plugins[0].alternatives.size() == 2);
    CHECK(plugins->plugins[0].alternatives[1].name.value == "k8saudit-eks");

    const auto* list = file.items[3].get<List>();
    REQUIRE(list);
    REQUIRE(list->items.size() == 2);
    CHECK(list->items[1].value == "zsh");
    CHECK_FALSE(list->appends());

    const auto* macro = file.items[4].get<Macro>();
    REQUIRE(macro);
    CHECK(macro->appends());

    const auto* rule = file.items[5].get<Rule>();
    REQUIRE(rule);
    CHECK(rule->form == RuleForm::Definition);
    CHECK(rule->priority == Priority::Informational);
    CHECK(rule->enabled->value == false);
    CHECK(rule->capture_duration->value == 16);
    CHECK_FALSE(rule->source);
    REQUIRE(rule->exceptions);
    const Exception& ex = rule->exceptions->at(0);
    CHECK(ex.fields->is_list());
    REQUIRE(ex.values->size() == 1);
    CHECK(ex.values->at(0).items.at(1).is_list());

    CHECK(file.items[6].get<Rule>()->form == RuleForm::Override);
    CHECK(file.items[6].get<Rule>()->override_of("condition") == OverrideOp::Append);
    CHECK(file.items[7].get<Rule>()->form == RuleForm::EnableOnly);
    const Rule* appended = file.items[8].get<Rule>();
    CHECK(appended->form == RuleForm::LegacyAppend);
    CHECK_FALSE(appended->desc);  // Falco ignores every other key of a legacy append
    CHECK(file.items[8].document == 1);
}

TEST_CASE("upstream, plugin and community rules read without reader errors", "[grammar][reader][corpus]") {
    RULEKIT_REQUIRE_SHARED(shared);
    size_t files = 0;
    for (const char* folder : {"upstream", "plugins", "community"}) {
        for (const auto& path : yaml_files_under(shared / "corpus/rules" / folder)) {
            const RulesFile file = read_rules_file(path);
            INFO(path.string() << "\n" << describe(file));
            CHECK(file.yaml_ok);
            // falco-lsp's editor test file is broken on purpose, though not in ways the reader sees.
            if (!(path.filename() == "test.falco.yaml" && path.parent_path().filename() == "falco-lsp"))
                CHECK_FALSE(has_error(file));
            check_item_scalars(file);
            ++files;
        }
    }
    CHECK(files > 30);
}

TEST_CASE("Falco's invalid YAML cases are rejected by the reader with Falco's code", "[grammar][reader][corpus]") {
    RULEKIT_REQUIRE_SHARED(shared);
    size_t checked = 0;
    for (const auto& entry : fs::recursive_directory_iterator(shared / "corpus/rules/invalid")) {
        const std::string name = entry.path().filename().string();
        if (name.size() < 12 || name.substr(name.size() - 12) != ".expect.json") continue;
        const json expect = json::parse(rulekit::test::read_file(entry.path()));
        if (!expect.contains("errors") || expect["errors"].empty()) continue;
        const json& want = expect["errors"][0];
        if (!want.contains("code") || !want["code"].is_string()) continue;
        const std::string code = want["code"];
        if (code != "LOAD_ERR_YAML_PARSE" && code != "LOAD_ERR_YAML_VALIDATE") continue;
        // Only the last file of a load order is the case; the reader keeps no state across files.
        const fs::path last = entry.path().parent_path() / expect["files"].back().get<std::string>();
        const RulesFile file = read_rules_file(last);
        INFO(last.string() << "\n" << describe(file));
        REQUIRE(file.falco_error.has_value());
        const Diagnostic& d = file.diagnostics[*file.falco_error];
        CHECK(d.falco_code == code);
        if (want.contains("message_contains") && want["message_contains"].is_string())
            CHECK_THAT(d.message, Catch::Contains(want["message_contains"].get<std::string>()));
        ++checked;
    }
    CHECK(checked >= 20);
}

TEST_CASE("Falco's valid cases pass the reader with Falco's reader warnings", "[grammar][reader][corpus]") {
    RULEKIT_REQUIRE_SHARED(shared);
    const std::set<std::string> reader_warnings = {
        "LOAD_UNKNOWN_KEY",        "LOAD_UNKNOWN_ITEM",      "LOAD_EXCEPTION_NAME_NOT_UNIQUE",
        "LOAD_INVALID_MACRO_NAME", "LOAD_INVALID_LIST_NAME", "LOAD_APPEND_NO_VALUES"};
    size_t checked = 0;
    for (const auto& entry : fs::recursive_directory_iterator(shared / "corpus/rules/cases/valid")) {
        const std::string name = entry.path().filename().string();
        if (name.size() < 12 || name.substr(name.size() - 12) != ".expect.json") continue;
        const json expect = json::parse(rulekit::test::read_file(entry.path()));
        if (!expect.value("valid", false)) continue;
        RulesFile file;
        for (const auto& f : expect["files"]) {
            file = read_rules_file(entry.path().parent_path() / f.get<std::string>());
            INFO(f.get<std::string>() << "\n" << describe(file));
            CHECK_FALSE(file.falco_error.has_value());
            check_item_scalars(file);
        }
        const auto falco = file.falco_diagnostics();
        for (const auto& w : expect.value("warnings", json::array())) {
            const std::string code = w["code"];
            const std::string text = w.value("message_contains", "");
            const bool reader_phase =
                reader_warnings.count(code) ||
                (code == "LOAD_DEPRECATED_ITEM" && (text.find("'append' key") != std::string::npos ||
                                                    text.find("standalone 'enabled'") != std::string::npos));
            if (!reader_phase) continue;
            INFO(entry.path().string() << ": expects " << code << " " << text << "\n" << describe(file));
            CHECK(std::any_of(falco.begin(), falco.end(), [&](const Diagnostic* d) {
                return d->falco_code == code && d->message.find(text) != std::string::npos;
            }));
            ++checked;
        }
    }
    CHECK(checked >= 10);
}

// Inputs on which yaml-cpp 0.7 loops forever are recognised before it is called; the others
// are left to yaml-cpp (and are parsed here to prove they do return).
TEST_CASE("yaml-cpp hang guard (fixtures/reader/yaml_cpp_hangs.jsonl)", "[grammar][reader]") {
    std::ifstream in(rulekit::test::source_dir() / "tests/fixtures/reader/yaml_cpp_hangs.jsonl");
    std::string line;
    size_t count = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto c = nlohmann::json::parse(line);
        const std::string yaml = c["yaml"];
        INFO("yaml: " << yaml);
        const bool hangs = c["hangs"];
        const auto hazard = rulekit::grammar::find_yaml_cpp_hang(yaml);
        CHECK(hazard.has_value() == hangs);
        if (hazard && c.contains("line")) {
            CHECK(hazard->line == c["line"].get<uint32_t>());
            CHECK(hazard->column == c["column"].get<uint32_t>());
        }
        if (!hangs) {
            try {
                (void)YAML::LoadAll(yaml);
            } catch (const YAML::Exception&) {
            }
        } else {
            const auto file = rulekit::grammar::read_rules_text("hang.yaml", yaml);
            REQUIRE(file.falco_error.has_value());
            CHECK(file.diagnostics[*file.falco_error].code == "yaml-syntax");
        }
        ++count;
    }
    CHECK(count >= 20);
}
