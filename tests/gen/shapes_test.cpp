// Value shapes and stable prefixes (gen/fields.hpp), driven by tests/fixtures/gen/shapes.jsonl:
// N marks a number, I an id, G a generated Kubernetes name suffix; and the quick same-shape test
// ingest uses to spare shaping, driven by tests/fixtures/gen/same-shape.jsonl.
#include <catch2/catch.hpp>

#include <cctype>
#include <string>
#include <vector>

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

TEST_CASE("values that differ only in whole numbers are known to share a shape", "[gen]") {
    const auto pairs = rulekit::test::read_jsonl("tests/fixtures/gen/same-shape.jsonl");
    REQUIRE(pairs.size() >= 10);
    std::vector<std::string> values;
    for (const auto& c : pairs) {
        INFO("line " << c.line_no << ": " << c.json["why"].get<std::string>());
        const std::string known = c.json["known"].get<std::string>(), value = c.json["value"].get<std::string>();
        CHECK(rulekit::gen::same_shape_by_tokens(known, value) == c.json["same"].get<bool>());
        values.push_back(known);
        values.push_back(value);
    }
    for (const auto& c : rulekit::test::read_jsonl("tests/fixtures/gen/shapes.jsonl")) {
        values.push_back(c.json["value"].get<std::string>());
    }
    // What ingest relies on: whenever the test says so, the shapes are equal. Every value against
    // every other, and against itself with each of its numbers rewritten.
    auto renumbered = [](const std::string& value, const std::string& number) {
        std::string out;
        for (size_t i = 0; i < value.size();) {
            if (std::isdigit(static_cast<unsigned char>(value[i]))) {
                while (i < value.size() && std::isdigit(static_cast<unsigned char>(value[i]))) ++i;
                out += number;
            } else {
                out += value[i++];
            }
        }
        return out;
    };
    size_t said_same = 0;
    for (const auto& a : values) {
        std::vector<std::string> others = values;
        for (const char* number : {"0", "7", "4242", "1234567890123"}) others.push_back(renumbered(a, number));
        for (const auto& b : others) {
            if (!rulekit::gen::same_shape_by_tokens(a, b)) continue;
            ++said_same;
            INFO(a << " | " << b);
            CHECK(rulekit::gen::value_shape(a) == rulekit::gen::value_shape(b));
        }
    }
    CHECK(said_same > values.size());  // more than each value against itself
}
