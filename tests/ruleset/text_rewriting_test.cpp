// List substitution and exception-to-text rewriting reproduce Falco's text exactly, and every
// byte keeps pointing at where it was written.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "grammar/condition.hpp"
#include "grammar/printer.hpp"
#include "ruleset/text_rewriting.hpp"
#include "support.hpp"

using namespace rulekit::ruleset;

TEST_CASE("list substitution follows Falco's resolve_list (fixtures/ruleset/list_substitution.jsonl)", "[ruleset]") {
    const auto cases = rulekit::test::read_jsonl("tests/fixtures/ruleset/list_substitution.jsonl");
    for (const auto& [line_no, line, c] : cases) {
        const std::string condition = c["condition"];
        static const char owner_tag = 0;
        ComposedText text(condition, &owner_tag);
        bool used = false;
        std::vector<std::vector<std::string>> item_storage;
        for (const auto& list : c["lists"]) {
            std::vector<ComposedText> items;
            for (const auto& item : list[1]) {
                const std::string s = item;
                items.emplace_back(s, &item);
            }
            used = substitute_list(text, list[0], items) || used;
        }
        INFO("condition: " << condition);
        CHECK(text.str() == c["expected"].get<std::string>());
        CHECK(used == !c.value("unused", false));
    }
    CHECK(cases.size() >= 10);
}

TEST_CASE("substituted text maps back to the list item that was pasted", "[ruleset]") {
    const std::string condition = "proc.name in (shells) and fd.name = x";
    const std::string item0 = "bash", item1 = "zsh";
    ComposedText text(condition, &condition);
    REQUIRE(substitute_list(text, "shells", {ComposedText(item0, &item0), ComposedText(item1, &item1)}));
    REQUIRE(text.str() == "proc.name in ( bash, zsh ) and fd.name = x");
    const size_t z = text.str().find("zsh");
    CHECK(text.exact_origin(z + 1).owner == &item1);
    CHECK(text.exact_origin(z + 1).offset == 1);
    const size_t fd = text.str().find("fd.name");
    CHECK(text.exact_origin(fd).owner == &condition);
    CHECK(text.exact_origin(fd).offset == condition.find("fd.name"));
    CHECK(text.exact_origin(z - 2).synthetic());                        // the ", " glue
    CHECK(text.origin(z - 2).owner == &item1);                          // reported at the next real byte
}

TEST_CASE("exceptions become Falco's condition text", "[ruleset]") {
    const std::string cond = "proc.cmdline contains curl";
    ComposedText text(cond, &cond);
    ExceptionForText ex;
    ex.fields_is_list = true;
    ex.fields.emplace_back("proc.cmdline", nullptr);
    ex.comps.emplace_back("contains", nullptr);
    ExceptionEntry row;
    row.is_list = true;
    ExceptionEntry cell;
    cell.item = ComposedText("curl 127.0.0.1", &cond);
    row.items.push_back(cell);
    ex.values.push_back(row);
    REQUIRE(append_exceptions(text, {ex}).empty());
    CHECK(text.str() == "(proc.cmdline contains curl) and not (( proc.cmdline contains \"curl 127.0.0.1\"))");
    auto parsed = rulekit::grammar::parse_condition(text.str());
    REQUIRE(parsed.ok());
    CHECK(rulekit::grammar::print(*parsed.expr, rulekit::grammar::PrintStyle::Falco) ==
          "(proc.cmdline contains curl and not proc.cmdline contains \"curl 127.0.0.1\")");

    // Single-field form, scalar cell with a list operator, and an exception with no values.
    ComposedText text2(cond, &cond);
    ExceptionForText single;
    single.field = ComposedText("proc.name", nullptr);
    single.comp = ComposedText("in", nullptr);
    for (const char* v : {"a", "b c"}) {
        ExceptionEntry e;
        e.item = ComposedText(v, nullptr);
        single.values.push_back(e);
    }
    ExceptionForText listy;
    listy.fields_is_list = true;
    listy.fields = {ComposedText("proc.name", nullptr)};
    listy.comps = {ComposedText("startswith oneof", nullptr)};
    ExceptionEntry row2;
    row2.is_list = true;
    ExceptionEntry scalar;
    scalar.item = ComposedText("my_list", nullptr);
    row2.items.push_back(scalar);
    listy.values.push_back(row2);
    ExceptionForText empty;
    empty.fields_is_list = true;
    empty.fields = {ComposedText("proc.name", nullptr)};
    empty.comps = {ComposedText("=", nullptr)};
    REQUIRE(append_exceptions(text2, {single, listy, empty}).empty());
    CHECK(text2.str() ==
          "(proc.cmdline contains curl) and not (proc.name in (a, \"b c\")) and not (( proc.name startswith oneof (my_list)))");
}

TEST_CASE("exception shape errors carry Falco's messages", "[ruleset]") {
    ComposedText text("a", nullptr);
    ExceptionForText ex;
    ex.fields_is_list = true;
    ex.fields = {ComposedText("proc.name", nullptr), ComposedText("fd.name", nullptr)};
    ex.comps = {ComposedText("=", nullptr), ComposedText("=", nullptr)};
    ExceptionEntry row;
    row.is_list = true;
    row.items.resize(1);
    ex.values.push_back(row);
    auto err = append_exceptions(text, {ex});
    REQUIRE(err.size() == 1);
    CHECK(err[0].message == "Fields and values lists must have equal length");

    ComposedText text2("a", nullptr);
    ExceptionForText single;
    single.field = ComposedText("proc.name", nullptr);
    single.comp = ComposedText("in", nullptr);
    ExceptionEntry nested;
    nested.is_list = true;
    single.values.push_back(nested);
    err = append_exceptions(text2, {single});
    REQUIRE(err.size() == 1);
    CHECK(err[0].message == "Expected values array to contain a list of strings");

    // Every faulty exception is reported; the sound ones are still appended.
    ComposedText text3("a", nullptr);
    ExceptionForText sound;
    sound.field = ComposedText("proc.name", nullptr);
    sound.comp = ComposedText("in", nullptr);
    ExceptionEntry value;
    value.item = ComposedText("x", nullptr);
    sound.values.push_back(value);
    err = append_exceptions(text3, {ex, sound, single});
    REQUIRE(err.size() == 2);
    CHECK(err[0].exception_index == 0);
    CHECK(err[1].exception_index == 2);
    CHECK(text3.str() == "(a) and not (proc.name in (x))");
}
