// Invented schemas are explained, and invented keys translated to real Falco fields.
#include <catch2/catch.hpp>

#include "grammar/condition.hpp"
#include "lint/invented_schema.hpp"
#include "support.hpp"

using namespace rulekit::lint;
using rulekit::grammar::yaml::load;

TEST_CASE("a chat-assistant `rules:` map is explained and translated", "[lint]") {
    auto doc = load(rulekit::test::read_file(rulekit::test::source_dir() / "rules-examples/malformed/chat-assistant-schema.yaml"));
    auto report = explain_mapping_document(doc.root);
    REQUIRE(report.has_value());
    CHECK(report->summary.find("`rules:` key") != std::string::npos);
    CHECK(report->hint.find("- rule: <name>") != std::string::npos);
    REQUIRE(report->details.size() == 1);
    const auto& d = report->details[0];
    CHECK(d.line == 4);
    CHECK(d.column == 5);
    CHECK(d.message.find("'detect-shell-execution'") != std::string::npos);
    CHECK(d.hint.find("- rule: \"detect-shell-execution\"") != std::string::npos);
    CHECK(d.hint.find("container.name = \" falco-kernel-module\"") != std::string::npos);
    CHECK(d.hint.find("proc.exepath = /usr/sbin/dkms") != std::string::npos);
    CHECK(d.hint.find("proc.args = \"status -m 'falco'\"") != std::string::npos);
    CHECK(d.hint.find("no Falco field matches: container.status") != std::string::npos);
}

TEST_CASE("the translated condition is valid Falco syntax", "[lint]") {
    auto rule = load("name: x\nfilter:\n  process:\n    name: [bash, 'sh -c']\n  user:\n    name: root\n");
    auto t = translate_invented_rule(rule.root);
    auto start = t.yaml.find("condition: >\n    ") + 17;
    auto condition = t.yaml.substr(start, t.yaml.find('\n', start) - start);
    CHECK(condition == "evt.type in (execve, execveat) and proc.name in (bash, \"sh -c\") and user.name = root");
    CHECK(rulekit::grammar::parse_condition(condition).ok());
}

TEST_CASE("Kubernetes manifests and `- name:` items are recognised", "[lint]") {
    auto manifest = explain_mapping_document(load("apiVersion: v1\nkind: ConfigMap\ndata: {}\n").root);
    REQUIRE(manifest.has_value());
    CHECK(manifest->summary == "this is a Kubernetes manifest (kind: ConfigMap), not a Falco rules file");

    auto item = explain_unknown_item(load("name: r\ncondition: proc.name = bash\npriority: high\n").root);
    REQUIRE(item.has_value());
    CHECK(item->severity == rulekit::Severity::Warning);
    CHECK(item->message.find("never runs") != std::string::npos);
    CHECK_FALSE(explain_unknown_item(load("foo: bar\n").root).has_value());
    CHECK_FALSE(explain_mapping_document(load("- rule: r\n").root).has_value());
}
