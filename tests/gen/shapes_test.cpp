// Value shapes and stable prefixes (gen/fields.hpp), driven by tests/fixtures/gen/shapes.jsonl:
// N marks a number, I an id, G a generated Kubernetes name suffix.
#include <catch2/catch.hpp>

#include "gen/fields.hpp"
#include "support.hpp"

namespace {
std::string readable(const std::string& shape) {
    std::string out;
    for (char c : shape) {
        switch (c) {
            case 1: out += 'N'; break;
            case 2: out += 'I'; break;
            case 3: out += 'G'; break;
            default: out += c;
        }
    }
    return out;
}
}  // namespace

TEST_CASE("value shapes blank what varies between occurrences of a pattern", "[gen]") {
    const auto cases = rulekit::test::read_jsonl("tests/fixtures/gen/shapes.jsonl");
    REQUIRE(cases.size() >= 10);
    for (const auto& c : cases) {
        INFO("line " << c.line_no << ": " << c.json["why"].get<std::string>());
        const std::string shape = rulekit::gen::value_shape(c.json["value"].get<std::string>());
        CHECK(readable(shape) == c.json["shape"].get<std::string>());
        CHECK(rulekit::gen::stable_prefix(shape) == c.json["prefix"].get<std::string>());
    }
}
