// Filter compiler emulation: every case of tests/fixtures/compile/cases.jsonl, plus the API used
// by the output-format validator.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "grammar/condition.hpp"
#include "ruleset/filter_compiler.hpp"
#include "catalog_support.hpp"
#include "support.hpp"

using rulekit::grammar::CatalogOptions;
using rulekit::grammar::Expr;
using rulekit::grammar::FieldCatalog;
using rulekit::grammar::parse_condition;
using rulekit::ruleset::category_name;
using rulekit::ruleset::CompileCategory;
using rulekit::ruleset::downgraded_by_skip_if_unknown_filter;
using rulekit::ruleset::FilterCompiler;

namespace {

using rulekit::test::catalog_for;

std::string describe(const rulekit::ruleset::CompileReport& r) {
    std::ostringstream out;
    for (const auto& e : r.errors) {
        out << "  error [" << category_name(e.category) << "] col " << e.node->pos.column << ": " << e.message << "\n";
    }
    for (const auto& w : r.warnings) out << "  warning: " << w.message << "\n";
    return out.str();
}

Expr parse_or_fail(const std::string& text) {
    auto parsed = parse_condition(text);
    INFO("condition: " << text);
    REQUIRE(parsed.ok());
    return *parsed.expr;
}

}  // namespace

TEST_CASE("filter compiler: fixture cases", "[filter_compiler][fixtures]") {
    const auto cases = rulekit::test::read_jsonl("tests/fixtures/compile/cases.jsonl");
    for (const auto& [line_no, line, c] : cases) {
        const std::string condition = c.at("condition");
        const std::string source = c.value("source", "syscall");
        const Expr ast = parse_or_fail(condition);
        FilterCompiler compiler(catalog_for(rulekit::test::plugins_of(c)));
        const auto report = compiler.compile(ast, source);

        INFO("cases.jsonl:" << line_no << ": " << condition << " (source " << source << ")\nactual:\n" << describe(report));
        const auto& expected = c.at("errors");
        CHECK(report.errors.size() == expected.size());
        if (report.errors.size() != expected.size()) continue;
        for (size_t i = 0; i < expected.size(); ++i) {
            const auto& want = expected[i];
            const auto& got = report.errors[i];
            CHECK(got.message == want.at("message").get<std::string>());
            CHECK(std::string(category_name(got.category)) == want.at("category").get<std::string>());
            CHECK(got.downgradable == downgraded_by_skip_if_unknown_filter(got.message));
            if (want.contains("column")) CHECK(got.node->pos.column == want["column"].get<uint32_t>());
            REQUIRE(got.check != nullptr);
            CHECK(got.check->pos.offset <= got.node->pos.offset);
        }
        std::vector<std::string> warnings;
        for (const auto& w : report.warnings) warnings.push_back(w.message);
        CHECK(warnings == c.value("warnings", std::vector<std::string>{}));
    }
    CHECK(cases.size() > 150);
}

TEST_CASE("filter compiler: skip-if-unknown-filter downgrades four texts", "[filter_compiler]") {
    CHECK(downgraded_by_skip_if_unknown_filter("filter_check called with nonexistent field proc.x"));
    CHECK(downgraded_by_skip_if_unknown_filter("invalid formatting token proc.x"));
    CHECK(downgraded_by_skip_if_unknown_filter("unknown event type foo"));
    CHECK(downgraded_by_skip_if_unknown_filter("unknown filter: unexpected token after '"));
    CHECK_FALSE(downgraded_by_skip_if_unknown_filter("unknown event argument foo"));
    CHECK_FALSE(downgraded_by_skip_if_unknown_filter("x is not a valid number"));

    const FieldCatalog& catalog = catalog_for(CatalogOptions{}.plugins);
    FilterCompiler compiler(catalog);
    const Expr ast = parse_or_fail("proc.name[1] = a and evt.type = nope and evt.arg.nope = 1 and proc.pid = x");
    const auto report = compiler.compile(ast, "syscall");
    REQUIRE(report.errors.size() == 4);
    CHECK(report.errors[0].downgradable);
    CHECK(report.errors[1].downgradable);
    CHECK_FALSE(report.errors[2].downgradable);
    CHECK_FALSE(report.errors[3].downgradable);
}

TEST_CASE("filter compiler: problems point at their node and at the enclosing check", "[filter_compiler]") {
    FilterCompiler compiler(catalog_for(CatalogOptions{}.plugins));
    const Expr ast = parse_or_fail("evt.type = open and\n  (proc.name = x or proc.pid in (1, zz))");
    const auto report = compiler.compile(ast, "syscall");
    REQUIRE(report.errors.size() == 1);
    const auto& e = report.errors[0];
    CHECK(e.message == "zz is not a valid number");
    CHECK(e.category == CompileCategory::InvalidValue);
    CHECK(e.node->pos.line == 2);
    CHECK(e.node->pos.column == 37);
    CHECK(e.check->pos.line == 2);
    CHECK(e.check->pos.column == 21);
    CHECK(e.check->kind == rulekit::grammar::Kind::BinaryCheck);
}

TEST_CASE("filter compiler: field expressions for outputs and exception fields", "[filter_compiler]") {
    FilterCompiler compiler(catalog_for(CatalogOptions{}.plugins));
    auto compiles = [&](const std::string& text, std::string* error, const std::string& source = "syscall") {
        Expr e;
        const size_t used = rulekit::grammar::parse_field_expression(text, e);
        INFO("expression: " << text);
        REQUIRE(used == text.size());
        return compiler.field_expression_compiles(source, e, error);
    };
    std::string error;
    CHECK(compiles("proc.name", &error));
    CHECK(compiles("proc.aname[2]", &error));
    CHECK(compiles("toupper(proc.name)", &error));
    CHECK(compiles("len(proc.args)", &error));
    CHECK(compiles("join(\",\", fd.types)", &error));
    CHECK(compiles("getopt((\"-n\"), \"n\")[n]", &error));
    CHECK(compiles("evt.around[1]", &error));  // filter-only is not enforced for outputs
    CHECK(compiles("ka.verb", &error, "k8s_audit"));

    CHECK_FALSE(compiles("proc.nosuch", &error));
    CHECK(error == "filter_check called with nonexistent field proc.nosuch");
    CHECK_FALSE(compiles("evt.arg.nosuch", &error));
    CHECK(error == "unknown event argument nosuch");
    CHECK_FALSE(compiles("tolower(proc.pid)", &error));
    CHECK(error == "can't add field transformer: type 'INT64' is not supported by 'tolower' transformer applied on field 'proc.pid'");
    CHECK_FALSE(compiles("tolower(proc.name, proc.pname)", &error));
    CHECK(error == "unknown multivalue transformer");
    CHECK_FALSE(compiles("proc.name", &error, "okta"));
    CHECK(error == "filter_check called with nonexistent field proc.name");
    CHECK_FALSE(compiles("proc.name", &error, "nosuch_source"));
    CHECK(error == "unknown event source nosuch_source");
    CHECK_FALSE(compiles("proc.name", nullptr, "nosuch_source"));

    // val() is only meaningful on the right-hand side of a comparison.
    const Expr check = parse_or_fail("proc.name = val(proc.pname)");
    CHECK_FALSE(compiler.field_expression_compiles("syscall", check.children.at(1), &error));
    CHECK(error == "transformer 'val' can only be used on the right-hand side of a comparison");
    CHECK_FALSE(compiler.field_expression_compiles("syscall", check, &error));
    CHECK(error == "expected a field or a field transformer");
}

TEST_CASE("filter compiler: a single-value transformer given two arguments aborts Falco in a condition", "[filter_compiler]") {
    FilterCompiler compiler(catalog_for(CatalogOptions{}.plugins));
    const Expr condition = parse_or_fail("b64(proc.name, fd.name) = x");
    const auto report = compiler.compile(condition, "syscall");
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].category == CompileCategory::FalcoAborts);
}

TEST_CASE("filter compiler: every category has a stable name", "[filter_compiler]") {
    CHECK(std::string(category_name(CompileCategory::UnknownField)) == "unknown-field");
    CHECK(std::string(category_name(CompileCategory::FieldArgument)) == "field-argument");
    CHECK(std::string(category_name(CompileCategory::OperatorTypeMismatch)) == "operator-type-mismatch");
    CHECK(std::string(category_name(CompileCategory::InvalidValue)) == "invalid-value");
    CHECK(std::string(category_name(CompileCategory::Transformer)) == "transformer");
    CHECK(std::string(category_name(CompileCategory::RhsField)) == "rhs-field");
    CHECK(std::string(category_name(CompileCategory::UnresolvedMacro)) == "unresolved-macro");
    CHECK(std::string(category_name(CompileCategory::FalcoAborts)) == "falco-aborts");
}

TEST_CASE("filter compiler: field types only other Falco versions or plugins have", "[filter_compiler]") {
    // The stock catalog has no list of integers and no UID field; a `falco --list` import can.
    FieldCatalog catalog;
    const auto imported = catalog.add_fields_from_falco_list_json(R"J({"fieldclasses": [
        {"name": "extra (plugin)", "event_sources": ["syscall"], "fields": [
            {"name": "extra.ports", "type": "PORT", "is_list": true},
            {"name": "extra.counts", "type": "UINT64", "is_list": true},
            {"name": "extra.owner", "type": "UID", "is_list": false}]}]})J");
    REQUIRE(imported.ok);
    FilterCompiler compiler(catalog);
    auto first_error = [&](const std::string& condition) {
        const auto report = compiler.compile(parse_or_fail(condition), "syscall");
        return report.errors.empty() ? std::string() : report.errors.front().message;
    };
    CHECK(first_error("extra.ports in (22)") == "filter error: list filters are not supported for type 'PORT'");
    CHECK(first_error("extra.counts intersects (1, 2)").empty());
    CHECK(first_error("extra.counts = 1") == "filter error: '=' operator not supported list filters");
    CHECK(first_error("extra.owner = 0") == "filter error: '=' operator not supported for type 'UID'");
    CHECK(first_error("tolower(extra.counts) intersects (1)") ==
          "can't add field transformer: type 'UINT64' is not supported by 'tolower' transformer applied on list field 'extra.counts'");
    CHECK(first_error("len(extra.counts) > 1").empty());
}
