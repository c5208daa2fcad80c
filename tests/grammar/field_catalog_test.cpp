// Field catalog: libsinsp's field resolution (tests/fixtures/catalog/resolve.jsonl), sources and
// plugins, event types, suggestions, `falco --list` import, and the upstream rules' fields.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "grammar/condition.hpp"
#include "grammar/field_catalog.hpp"
#include "catalog_support.hpp"
#include "support.hpp"

using namespace rulekit::grammar;

namespace {

using rulekit::test::catalog_for;

const FieldCatalog& default_catalog() { return catalog_for(CatalogOptions{}.plugins); }

std::string fixture(const char* name) {
    return rulekit::test::read_file(rulekit::test::source_dir() / "tests/fixtures/catalog" / name);
}

}  // namespace

TEST_CASE("field catalog: resolution fixture cases", "[field_catalog][fixtures]") {
    const auto rows = rulekit::test::read_jsonl("tests/fixtures/catalog/resolve.jsonl");
    for (const auto& [line_no, line, row] : rows) {
        const std::string field = row.at("field");
        const std::string source = row.value("source", "syscall");
        const auto r = catalog_for(rulekit::test::plugins_of(row)).resolve(source, field);
        INFO("resolve.jsonl:" << line_no << ": " << field << " (source " << source << ") -> " << (r.ok() ? "ok" : r.error));
        if (row.contains("error")) {
            REQUIRE_FALSE(r.ok());
            CHECK(r.error == row["error"].get<std::string>());
            continue;
        }
        REQUIRE(r.ok());
        CHECK(r.resolved.field->name == row.at("field_info").get<std::string>());
        CHECK(field_type_name(r.resolved.field->type) == row.at("type").get<std::string>());
        CHECK(r.resolved.field->is_list == row.value("is_list", false));
        CHECK(r.resolved.argument == row.value("argument", std::string()));
        CHECK(r.resolved.full_name == field);
    }
    CHECK(rows.size() > 80);
}

TEST_CASE("field catalog: statuses and the name + argument form", "[field_catalog]") {
    const FieldCatalog& c = default_catalog();
    CHECK(c.resolve("syscall", "proc.nosuch").status == ResolveStatus::Nonexistent);
    CHECK(c.resolve("syscall", "evt.arg.nosuch").status == ResolveStatus::BadArgument);
    CHECK(c.resolve("nosuch", "proc.name").status == ResolveStatus::UnknownSource);

    // The compiler re-wraps a bracket argument; an empty one disappears, as in libsinsp.
    auto r = c.resolve("syscall", "proc.aname", "2");
    REQUIRE(r.ok());
    CHECK(r.resolved.full_name == "proc.aname[2]");
    CHECK(c.resolve("syscall", "proc.aname", "").resolved.full_name == "proc.aname");
    CHECK(c.resolve("syscall", "evt.arg", "").error == "filter syntax error: evt.arg");
    CHECK(c.resolve("syscall", "proc.name", "x").error == "filter_check called with nonexistent field proc.name[x]");
}

TEST_CASE("field catalog: sources follow the loaded plugins", "[field_catalog]") {
    const FieldCatalog& c = default_catalog();
    CHECK(c.known_sources() ==
          std::vector<std::string>{"aws_cloudtrail", "gcp_auditlog", "github", "k8s_audit", "okta", "syscall"});
    CHECK(c.has_source("syscall"));
    CHECK_FALSE(c.has_source("json"));

    const FieldCatalog& bare = catalog_for({});
    CHECK(bare.known_sources() == std::vector<std::string>{"syscall"});
    CHECK(bare.resolve("syscall", "proc.name").ok());
    CHECK_FALSE(bare.resolve("syscall", "container.id").ok());
    CHECK(CatalogOptions::libsinsp_only().plugins.empty());

    // json attaches to every source, after the source's own classes.
    const FieldCatalog& with_json = catalog_for({"k8saudit", "json"});
    CHECK(with_json.resolve("syscall", "jevt.value[/x]").ok());
    CHECK(with_json.resolve("k8s_audit", "json.obj").ok());
    auto fields = with_json.fields("k8s_audit");
    REQUIRE(fields.size() > 6);
    CHECK(fields.front()->name == "evt.num");
    CHECK(fields.back()->name == "jevt.rawtime");
    CHECK(fields.front()->has(kFlagGeneric));
    CHECK(fields.back()->from_plugin());
    CHECK(with_json.fields("nosuch").empty());
}

TEST_CASE("field catalog: field attributes come from the embedded tables", "[field_catalog]") {
    const FieldCatalog& c = default_catalog();
    auto info = [&](const char* name) { return c.resolve("syscall", name).resolved.field; };
    REQUIRE(info("proc.aname"));
    CHECK(info("proc.aname")->has(kFlagNoRhs));
    CHECK(info("proc.aname")->has(kFlagNoTransformer));
    CHECK(info("proc.aname")->arg == ArgRequirement::Allowed);
    CHECK(info("proc.aname")->arg_kinds == kArgIndex);
    CHECK(info("proc.aname")->arg_syntax == ArgSyntax::Bracket);
    CHECK(info("proc.aname")->class_name == "process");
    CHECK(info("proc.aname")->provider == "libsinsp");
    CHECK(info("evt.arg.fd")->arg_syntax == ArgSyntax::BracketOrDot);
    CHECK(info("evt.arg.fd")->arg_kinds == (kArgIndex | kArgKey));
    CHECK(info("fd.ip")->has(kFlagFilterOnly));
    CHECK(info("evt.dir")->has(kFlagDeprecated));
    CHECK(info("evt.latency.quantized")->has(kFlagHidden));
    CHECK(info("evt.outputtime")->has(kFlagPrintOnly));
    CHECK(info("util.cnt")->has(kFlagClassHidden));
    CHECK(info("container.id")->has(kFlagFormatSuggested));
    CHECK(info("container.id")->provider == "plugin:container");
    CHECK(info("container.id")->class_name == "container (plugin)");
    CHECK(info("container.mount[1]")->arg == ArgRequirement::Required);
    CHECK(c.resolve("aws_cloudtrail", "ct.info").resolved.field->has(kFlagInfo));
    CHECK(c.resolve("aws_cloudtrail", "ct.user").resolved.field->has(kFlagConversation));
    CHECK(info("evt.buffer")->has(kFlagNoPtrStability));
}

TEST_CASE("field catalog: type names round-trip", "[field_catalog]") {
    for (int t = 0; t <= int(FieldType::Enumflags32); ++t) {
        const auto type = FieldType(t);
        CHECK(field_type_from_name(field_type_name(type)) == type);
    }
    CHECK(std::string(field_type_name(FieldType::Ipnet)) == "IPNET");
    CHECK(std::string(field_type_name(FieldType::Dynamic)) == "DYNAMIC");
    CHECK_FALSE(field_type_from_name("STRING").has_value());
}

TEST_CASE("field catalog: event types and event parameters", "[field_catalog]") {
    const FieldCatalog& c = default_catalog();
    CHECK(c.is_event_type("open"));
    CHECK(c.is_event_type("execve"));
    CHECK(c.is_event_type("_llseek"));            // syscall name only
    CHECK(c.is_event_type("container_removed"));  // container plugin async event
    CHECK(c.is_event_type("k8s"));
    CHECK_FALSE(c.is_event_type("OPEN"));
    CHECK_FALSE(c.is_event_type("krsi_open"));
    CHECK(c.is_event_table_name("open"));
    CHECK_FALSE(c.is_event_table_name("_llseek"));

    const FieldCatalog& bare = catalog_for({});
    CHECK_FALSE(bare.is_event_type("container_removed"));
    CHECK(catalog_for({"krsi"}).is_event_type("krsi_open"));

    CHECK(c.longest_event_param_prefix("fd") == "fd");
    CHECK(c.longest_event_param_prefix("fdx") == "fd");
    CHECK(c.longest_event_param_prefix("newpath") == "newpath");
    CHECK_FALSE(c.longest_event_param_prefix("zzz").has_value());
}

TEST_CASE("field catalog: did-you-mean suggestions", "[field_catalog]") {
    const FieldCatalog& c = default_catalog();
    CHECK(c.suggest("syscall", "proc.nmae") == "proc.name");
    CHECK(c.suggest("syscall", "proc.nam") == "proc.name");
    CHECK(c.suggest("syscall", "proc.cmdlin") == "proc.cmdline");
    CHECK(c.suggest("syscall", "fd.nmae") == "fd.name");
    CHECK(c.suggest("syscall", "proc.name[1]") == "proc.name");  // drop the argument
    CHECK(c.suggest("k8s_audit", "ka.verbb") == "ka.verb");
    CHECK_FALSE(c.suggest("syscall", "totally.unrelated.thing").has_value());
    CHECK_FALSE(c.suggest("nosuch", "proc.name").has_value());
    // Deterministic: the same answer every time.
    for (int i = 0; i < 3; ++i) CHECK(c.suggest("syscall", "proc.pnam") == "proc.pname");
}

TEST_CASE("field catalog: lookups are fast", "[field_catalog]") {
    const FieldCatalog& c = default_catalog();
    const auto start = std::chrono::steady_clock::now();
    size_t ok = 0;
    for (int i = 0; i < 100000; ++i) ok += c.resolve("syscall", i % 2 ? "proc.name" : "container.mount.source[/var]").ok();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(ok == 100000);
    // Generous bound (about 10 µs a lookup) so that a slow CI machine passes.
    CHECK(elapsed < std::chrono::seconds(1));
}

TEST_CASE("field catalog: importing falco --list --format json", "[field_catalog]") {
    SECTION("the sample listing of Falco 0.44 with the container plugin") {
        FieldCatalog c;
        const auto result = c.add_fields_from_falco_list_json(fixture("falco-list-fields.json"));
        INFO(result.error);
        REQUIRE(result.ok);
        // The listing hides fields marked hidden/print-only; everything it shows is known.
        CHECK(result.fields_added == 0);
        CHECK(result.fields_updated == 0);
        CHECK(c.resolve("syscall", "proc.name").ok());
    }
    SECTION("new plugin fields, a new source, a type change") {
        FieldCatalog c;
        const char* listing = R"J({"fieldclasses": [
            {"name": "myplugin (plugin)", "event_sources": ["syscall", "mysource"], "fields": [
                {"name": "my.count", "type": "UINT64", "is_list": false, "argument": null},
                {"name": "my.tag", "type": "CHARBUF", "is_list": true,
                 "argument": {"required": true, "type": ["KEY"]}},
                {"name": "my.item", "type": "CHARBUF", "argument": {"required": false, "type": ["INDEX"]}}]},
            {"name": "process", "event_sources": ["syscall"], "fields": [
                {"name": "proc.name", "type": "CHARBUF", "is_list": true, "argument": null},
                {"name": "proc.newfield", "type": "INT64", "is_list": false, "argument": null}]}
        ]})J";
        const auto result = c.add_fields_from_falco_list_json(listing);
        INFO(result.error);
        REQUIRE(result.ok);
        CHECK(result.fields_added == 7);  // 3 plugin fields in each of 2 sources, 1 process field
        CHECK(result.fields_updated == 1);
        CHECK(c.has_source("mysource"));
        CHECK(c.resolve("mysource", "evt.num").ok());  // generic evt.* class of every source
        CHECK_FALSE(c.resolve("mysource", "proc.name").ok());
        auto tag = c.resolve("syscall", "my.tag[env]");
        REQUIRE(tag.ok());
        CHECK(tag.resolved.field->is_list);
        CHECK(tag.resolved.field->provider == "plugin:myplugin");
        CHECK(c.resolve("syscall", "my.tag").error == "filter 'my.tag': my.tag requires an argument but none provided");
        CHECK(c.resolve("syscall", "my.item[01]").error ==
              "filter my.item[01] my.item has an invalid index argument starting with 0: 01");
        CHECK(c.resolve("syscall", "my.item").ok());
        auto name = c.resolve("syscall", "proc.name");
        REQUIRE(name.ok());
        CHECK(name.resolved.field->is_list);                              // updated
        CHECK(c.resolve("syscall", "proc.aname[2]").ok());                // rest intact
        CHECK(c.resolve("syscall", "proc.newfield").resolved.field->class_name == "process");
    }
    SECTION("malformed input changes nothing and says where") {
        FieldCatalog c;
        auto error_of = [&](const char* text) { return c.add_fields_from_falco_list_json(text).error; };
        CHECK(error_of("{") == "falco --list JSON: not valid JSON");
        CHECK(error_of("{}") == "falco --list JSON: expected an object with a 'fieldclasses' array");
        CHECK(error_of(R"J({"fieldclasses": 3})J") == "falco --list JSON: 'fieldclasses' must be an array");
        CHECK(error_of(R"J([{"event_sources": [], "fields": []}])J") == "falco --list JSON: fieldclasses[0]: missing string 'name'");
        CHECK(error_of(R"J([{"name": "x", "fields": []}])J") == "falco --list JSON: fieldclasses[0]: missing array 'event_sources'");
        CHECK(error_of(R"J([{"name": "x", "event_sources": [""], "fields": []}])J") ==
              "falco --list JSON: fieldclasses[0]: 'event_sources' must hold non-empty strings");
        CHECK(error_of(R"J([{"name": "x", "event_sources": ["s"]}])J") == "falco --list JSON: fieldclasses[0]: missing array 'fields'");
        CHECK(error_of(R"J([{"name": "x", "event_sources": ["s"], "fields": [{"type": "UINT64"}]}])J") ==
              "falco --list JSON: fieldclasses[0].fields[0]: missing string 'name'");
        CHECK(error_of(R"J([{"name": "x", "event_sources": ["s"], "fields": [{"name": "a b", "type": "UINT64"}]}])J") ==
              "falco --list JSON: fieldclasses[0].fields[0]: invalid field name 'a b'");
        CHECK(error_of(R"J([{"name": "x", "event_sources": ["s"], "fields": [{"name": "a.b", "type": "STRING"}]}])J") ==
              "falco --list JSON: fieldclasses[0].fields[0] (a.b): unknown field type 'STRING'");
        CHECK(error_of(R"J([{"name": "x", "event_sources": ["s"], "fields": [{"name": "a.b", "type": "UINT64", "is_list": 1}]}])J") ==
              "falco --list JSON: fieldclasses[0].fields[0] (a.b): 'is_list' must be a boolean");
        CHECK(error_of(R"J([{"name": "x", "event_sources": ["s"], "fields": [{"name": "a.b", "type": "UINT64", "argument": 1}]}])J") ==
              "falco --list JSON: fieldclasses[0].fields[0] (a.b): 'argument' must be null or an object");
        CHECK(error_of(R"J([{"name": "x", "event_sources": ["s"], "fields": [{"name": "a.b", "type": "UINT64", "argument": {}}]}])J") ==
              "falco --list JSON: fieldclasses[0].fields[0] (a.b): 'argument.required' must be a boolean");
        CHECK(error_of(R"J([{"name": "x", "event_sources": ["s"], "fields": [{"name": "a.b", "type": "UINT64",
                          "argument": {"required": true, "type": ["NAME"]}}]}])J") ==
              "falco --list JSON: fieldclasses[0].fields[0] (a.b): unknown argument type \"NAME\"");
        // A valid class before the broken one was not applied either.
        CHECK_FALSE(error_of(R"J([{"name": "ok (plugin)", "event_sources": ["s"], "fields": [{"name": "ok.f", "type": "UINT64"}]},
                                 {"name": "x"}])J").empty());
        CHECK_FALSE(c.has_source("s"));
        CHECK_FALSE(c.resolve("syscall", "ok.f").ok());
    }
}

namespace {

void collect_fields(const Expr& e, std::vector<const Expr*>& out) {
    if (e.kind == Kind::Field) out.push_back(&e);
    for (const Expr& c : e.children) collect_fields(c, out);
}

}  // namespace

TEST_CASE("field catalog: every field of the upstream Falco rules resolves", "[field_catalog][corpus]") {
    RULEKIT_REQUIRE_SHARED(shared);
    const auto path = shared / "corpus/rules/upstream/falco_rules.yaml";
    REQUIRE(std::filesystem::exists(path));
    const YAML::Node doc = YAML::LoadFile(path.string());
    const FieldCatalog& c = default_catalog();
    size_t conditions = 0, fields = 0;
    for (const auto& item : doc) {
        if (!item.IsMap() || !item["condition"]) continue;
        const std::string source = item["source"] ? item["source"].as<std::string>() : "syscall";
        const std::string text = item["condition"].as<std::string>();
        auto parsed = parse_condition(text);
        INFO("condition: " << text);
        REQUIRE(parsed.ok());
        ++conditions;
        std::vector<const Expr*> found;
        collect_fields(*parsed.expr, found);
        for (const Expr* f : found) {
            const auto r = c.resolve(source, f->text, f->has_arg ? std::string_view(f->arg) : std::string_view());
            INFO("field: " << f->text << (f->has_arg ? "[" + f->arg + "]" : ""));
            CHECK(r.ok());
            ++fields;
        }
    }
    CHECK(conditions > 100);
    CHECK(fields > 200);
}

// eval and gen resolve fields from several threads over one catalog. Every round builds a fresh
// catalog, so the threads race on first lookups (a miss resolves and publishes) as well as on
// hits; each answer must be what one thread alone gets, and every thread must get the same
// remembered answer (the same address) for the same question.
TEST_CASE("field catalog: resolve from several threads at once", "[field_catalog][threads]") {
    struct Question {
        std::string source, name, arg;
    };
    std::vector<Question> questions;
    for (const auto& [line_no, line, row] : rulekit::test::read_jsonl("tests/fixtures/catalog/resolve.jsonl")) {
        if (!row.contains("plugins")) questions.push_back({row.value("source", "syscall"), row.at("field"), ""});
    }
    questions.push_back({"syscall", "proc.aname", "2"});
    questions.push_back({"syscall", "evt.arg", "fd"});
    questions.push_back({"syscall", "proc.aname", "x"});
    questions.push_back({"no_such_source", "proc.name", ""});
    questions.push_back({"k8s_audit", "ka.user.name", ""});

    const auto describe = [](const ResolveResult& r) {
        return r.ok() ? "ok " + r.resolved.full_name + " " + std::string(r.resolved.field->name) + " " + r.resolved.argument
                      : "error " + r.error;
    };
    std::vector<std::string> expected;
    for (const auto& q : questions) expected.push_back(describe(default_catalog().resolve(q.source, q.name, q.arg)));

    constexpr size_t kThreads = 6;
    for (int round = 0; round < 8; ++round) {
        const FieldCatalog catalog;
        std::vector<std::vector<const ResolveResult*>> answers(kThreads, std::vector<const ResolveResult*>(questions.size()));
        std::atomic<size_t> ready{0};
        std::vector<std::thread> threads;
        for (size_t t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                ++ready;
                while (ready.load() < kThreads) {
                }
                // Each thread asks in its own order, both overloads, several times.
                for (int pass = 0; pass < 20; ++pass) {
                    for (size_t k = 0; k < questions.size(); ++k) {
                        const size_t i = (k * (t + 1) + t + pass) % questions.size();
                        const Question& q = questions[i];
                        const std::string with_arg = q.arg.empty() ? q.name : q.name + "[" + q.arg + "]";
                        answers[t][i] = pass % 2 ? &catalog.resolve(q.source, q.name, q.arg) : &catalog.resolve(q.source, with_arg);
                    }
                }
            });
        }
        for (auto& thread : threads) thread.join();
        for (size_t i = 0; i < questions.size(); ++i) {
            INFO("round " << round << ": " << questions[i].source << " " << questions[i].name << " [" << questions[i].arg << "]");
            for (size_t t = 0; t < kThreads; ++t) {
                CHECK(answers[t][i] == answers[0][i]);
                CHECK(describe(*answers[t][i]) == expected[i]);
            }
        }
    }
}
