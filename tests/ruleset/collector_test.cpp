// The collector applies Falco's redefinition, append and override semantics.
#include <catch2/catch.hpp>

#include "ruleset/collector.hpp"

using namespace rulekit::ruleset;
using rulekit::Diagnostics;

namespace {
Text text(const std::string& s) { return Text{s, nullptr, {}}; }
RuleDefinition full_rule(const std::string& name, const std::string& condition, const std::string& source = "") {
    RuleDefinition r;
    r.name = text(name);
    r.keys.condition = text(condition);
    r.keys.output = text("out");
    r.keys.desc = text("d");
    r.keys.priority = text("INFO");
    if (!source.empty()) r.keys.source = text(source);
    return r;
}
}  // namespace

TEST_CASE("lists and macros: redefinition keeps the index, append extends and needs a base", "[ruleset]") {
    Collector c;
    Diagnostics out;
    c.add(ListDefinition{text("l"), {text("a")}, Operation::Define, {}}, out);
    c.add(MacroDefinition{text("m"), text("proc.name in (l)"), Operation::Define, {}}, out);
    c.add(ListDefinition{text("l"), {text("b")}, Operation::Append, {}}, out);
    c.add(MacroDefinition{text("m"), text("or proc.name = x"), Operation::Append, {}}, out);
    REQUIRE(out.empty());
    CHECK(c.list("l")->items.size() == 2);
    CHECK(c.list("l")->index == 1);
    CHECK(c.list("l")->visibility == 3);
    CHECK(c.macro("m")->condition.str() == "proc.name in (l) or proc.name = x");
    CHECK(c.macro("m")->visibility == 4);

    c.add(ListDefinition{text("nosuch"), {text("a")}, Operation::Append, {}}, out);
    c.add(MacroDefinition{text("nosuch"), text("x"), Operation::Append, {}}, out);
    REQUIRE(out.size() == 2);
    CHECK(out[0].message == "List uses 'append' or 'override.items: append' but no list by that name already exists");
    CHECK(out[1].message == "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists");
    CHECK(out[0].falco_code == "LOAD_ERR_VALIDATE");
    CHECK(out[0].code == "override-target-missing");
}

TEST_CASE("rules: legacy append keeps only condition and exceptions; override appends and replaces", "[ruleset]") {
    Collector c;
    Diagnostics out;
    c.add(full_rule("r", "evt.type = open"), out);
    RuleDefinition legacy;
    legacy.name = text("r");
    legacy.form = RuleForm::LegacyAppend;
    legacy.keys.condition = text("and proc.name = cat");
    legacy.keys.priority = text("CRITICAL");
    c.add(legacy, out);
    RuleDefinition ov;
    ov.name = text("r");
    ov.form = RuleForm::Override;
    ov.keys.output = text("more");
    ov.keys.priority = text("ERROR");
    ov.overrides = {{"output", Operation::Append}, {"priority", Operation::Replace}};
    c.add(ov, out);
    REQUIRE(out.empty());
    const CollectedRule* r = c.rule("r");
    CHECK(r->condition.str() == "evt.type = open and proc.name = cat");
    CHECK(r->output.str() == "out more");
    CHECK(r->priority == "ERROR");

    c.add(full_rule("k", "ka.verb = get", "k8s_audit"), out);
    c.add(full_rule("k", "ka.verb = get"), out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].message == "Rule has been re-defined with a different source");

    RuleDefinition enable;
    enable.name = text("missing");
    enable.form = RuleForm::EnableOnly;
    enable.keys.enabled = false;
    c.add(enable, out);
    CHECK(out.back().message == "Rule has 'enabled' key but no rule by that name already exists");
}

TEST_CASE("exception validation and appends use Falco's messages", "[ruleset]") {
    ExceptionDefinition ex;
    ex.name = text("e");
    ExceptionValue fields;
    fields.item = text("proc.name");
    ex.fields = fields;
    ExceptionValue comps;
    comps.item = text("=");
    ex.comps = comps;
    CHECK(validate_new_exception(ex) ==
          "When fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier operator (e.g. "
          "startswith oneof)");
    ex.comps->item = text("startswith oneof");
    CHECK_FALSE(validate_new_exception(ex).has_value());

    ExceptionValue list_fields;
    list_fields.is_list = true;
    list_fields.items = {ExceptionValue{false, text("proc.name"), {}}, ExceptionValue{false, text("fd.name"), {}}};
    ex.fields = list_fields;
    ExceptionValue list_comps;
    list_comps.is_list = true;
    list_comps.items = {ExceptionValue{false, text("="), {}}, ExceptionValue{false, text("like"), {}}};
    ex.comps = list_comps;
    CHECK(validate_new_exception(ex) == "'like' is not a supported comparison operator");
    ex.comps->items.pop_back();
    CHECK(validate_new_exception(ex) == "Fields and comps lists must have equal length");
    CHECK(is_supported_comparison_operator(" bstartswith "));
    CHECK_FALSE(is_supported_comparison_operator("in oneof"));
}
