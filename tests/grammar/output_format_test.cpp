// Output-format parser: segments, offsets and Falco's verdicts for hand-written cases
// (fixtures/output/cases.jsonl, resolved against a small fake field catalog), and every
// `output:` of the upstream and plugin rules files with a catalog that accepts any field.
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "grammar/output_format.hpp"
#include "grammar/printer.hpp"
#include "support.hpp"

using namespace rulekit::grammar;
using nlohmann::json;

namespace {

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A stand-in for the field catalog, shaped like libsinsp's checks for the few fields it knows:
// argument rules per field, evt.arg.<param>, transformer arity and input types.
class FakeCatalog {
public:
    bool compiles(const Expr& e, std::string* error) const {
        if (e.kind == Kind::Field) return field(e, error);
        if (e.kind != Kind::Transformer) return reject(error, "not a field");
        if (e.has_arg) return reject(error, "transformer '" + e.text + "' does not support field arguments");
        if (e.text == "len") return e.children.size() == 1 && compiles(e.children[0], error);
        if (e.text == "concat") {
            return e.children.size() >= 2 && std::all_of(e.children.begin(), e.children.end(),
                                                         [&](const Expr& c) { return is_string(c, error); });
        }
        return e.children.size() == 1 && is_string(e.children[0], error);
    }

private:
    static bool reject(std::string* error, std::string why) {
        if (error) *error = std::move(why);
        return false;
    }

    bool field(const Expr& e, std::string* error) const {
        if (e.text == "proc.aname") return !e.has_arg || all_digits(e.arg);
        if (e.text == "proc.env") return e.has_arg;
        if (e.text.rfind("evt.arg.", 0) == 0) return !e.has_arg && kEventParams.count(e.text.substr(8)) > 0;
        if (!e.has_arg && kFields.count(e.text)) return true;
        return reject(error, "filter_check called with nonexistent field " + e.text);
    }

    bool is_string(const Expr& e, std::string* error) const {
        if (!compiles(e, error)) return false;
        if (e.kind == Kind::Transformer) return e.text != "len";
        return kStringFields.count(e.text) > 0 || e.text == "proc.aname" || e.text == "proc.env";
    }

    const std::set<std::string> kFields{"proc.name",    "proc.pid", "proc.cmdline", "proc.args",     "user.name",
                                        "fd.name",      "evt.type", "container.id", "container.name"};
    const std::set<std::string> kStringFields{"proc.name", "proc.cmdline", "user.name", "fd.name", "container.id",
                                              "container.name"};
    const std::set<std::string> kEventParams{"flags", "fd", "name", "newpath"};
};

// Properties every successful parse has, whatever the catalog: segments in input order without
// overlap, each token's bytes in the input being '%', optional width digits, then its text.
// A `%container.info` removed from inside a token (Falco removes it as text) breaks the latter.
void check_segment_invariants(std::string_view input, const OutputFormatResult& result) {
    const OutputFormat& format = *result.format;
    uint32_t previous_end = 0;
    for (const OutputSegment& s : format.segments) {
        INFO("segment at " << s.offset << ": " << s.text);
        REQUIRE(s.offset >= previous_end);
        REQUIRE(s.offset + s.length <= input.size());
        previous_end = s.offset + s.length;
        if (s.kind == SegmentKind::Text || !result.warnings.empty()) continue;
        const std::string_view written = input.substr(s.offset, s.length);
        CHECK(written.front() == '%');
        CHECK(written.substr(written.size() - s.text.size()) == s.text);
        CHECK(s.expr_offset + s.text.size() == s.offset + s.length);
        CHECK(s.expr.pos.offset == s.expr_offset);
        CHECK(s.expr.end == s.offset + s.length);
    }
}

void check_segments(const json& expected, const OutputFormat& format) {
    REQUIRE(format.segments.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        const json& want = expected[i];
        const OutputSegment& got = format.segments[i];
        INFO("segment " << i << ": " << want.dump());
        CHECK(got.offset == want["at"].get<uint32_t>());
        if (want.contains("text")) {
            CHECK(got.kind == SegmentKind::Text);
            CHECK(got.text == want["text"].get<std::string>());
            CHECK(got.length == want.value("len", static_cast<uint32_t>(got.text.size())));
            continue;
        }
        CHECK(got.kind == SegmentKind::Field);
        CHECK(got.text == want["field"].get<std::string>());
        CHECK(got.length == want["len"].get<uint32_t>());
        if (want.contains("width")) {
            REQUIRE(got.width.has_value());
            CHECK(*got.width == want["width"].get<uint32_t>());
        } else {
            CHECK_FALSE(got.width.has_value());
        }
        CHECK(print(got.expr) == want.value("expr", want["field"].get<std::string>()));
    }
}

void check_warnings(const json& c, const OutputFormatResult& result) {
    const json expected = c.value("warnings", json::array());
    REQUIRE(result.warnings.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        CHECK(result.warnings[i].falco_code == expected[i]["code"].get<std::string>());
        CHECK(result.warnings[i].offset == expected[i]["at"].get<uint32_t>());
    }
}

}  // namespace

TEST_CASE("output format cases (fixtures/output/cases.jsonl)", "[grammar][output]") {
    const FakeCatalog catalog;
    const FieldCompiles compiles = [&](const Expr& e, std::string* error) { return catalog.compiles(e, error); };
    const auto cases = rulekit::test::read_jsonl("tests/fixtures/output/cases.jsonl");
    for (const auto& [line_no, line, c] : cases) {
        const std::string output = c["output"];
        INFO("output: " << output);
        const OutputFormatResult result = parse_output_format(output, compiles);
        INFO("error: " << (result.error ? result.error->message + " at " + std::to_string(result.error->offset) : "none"));
        check_warnings(c, result);
        if (c.contains("error")) {
            REQUIRE_FALSE(result.ok());
            CHECK(result.error->message == c["error"].get<std::string>());
            CHECK(result.error->offset == c["offset"].get<uint32_t>());
        } else {
            REQUIRE(result.ok());
            CHECK(result.format->na_for_missing_values == c.value("na", false));
            check_segments(c["segments"], *result.format);
            check_segment_invariants(output, result);
        }
    }
    CHECK(cases.size() > 50);
}

TEST_CASE("output format errors carry the catalog's reason and the skip-if-unknown-filter flag", "[grammar][output]") {
    const FakeCatalog catalog;
    const FieldCompiles compiles = [&](const Expr& e, std::string* error) { return catalog.compiles(e, error); };

    auto unknown = parse_output_format("user=%proc.nme", compiles);
    REQUIRE(unknown.error);
    CHECK(unknown.error->unknown_filter);
    // The longest expression that lexed is the one the author meant; its rejection explains.
    CHECK(unknown.error->detail == "filter_check called with nonexistent field proc.nme");

    auto nothing = parse_output_format("%%", compiles);
    REQUIRE(nothing.error);
    CHECK(nothing.error->detail == "no field or transformer follows the '%'");

    for (const char* stays_error : {"a %", "a %1", "", "%tolower(proc.name,fd.name)"}) {
        auto r = parse_output_format(stays_error, compiles);
        REQUIRE(r.error);
        CHECK_FALSE(r.error->unknown_filter);
    }
}

TEST_CASE("output format: positions of nodes inside a token point into the output", "[grammar][output]") {
    const FakeCatalog catalog;
    const FieldCompiles compiles = [&](const Expr& e, std::string* error) { return catalog.compiles(e, error); };
    auto r = parse_output_format("first line\r\n  name=%toupper(proc.name)", compiles);
    REQUIRE(r.ok());
    const OutputSegment& token = r.format->segments.at(1);
    CHECK(token.expr.pos.offset == 20);
    const Expr& inner = token.expr.children.at(0);
    CHECK(inner.pos.offset == 28);
    CHECK(inner.pos.line == 3);  // CR and LF each start a line, as in conditions
    CHECK(inner.pos.column == 17);
    CHECK(inner.end == 37);
}

TEST_CASE("every upstream and plugin rule output parses", "[grammar][output][corpus]") {
    RULEKIT_REQUIRE_SHARED(shared);
    // The catalog is not this parser's business: accept any field-shaped name.
    const FieldCompiles any_field = [](const Expr&, std::string*) { return true; };
    size_t outputs = 0;
    for (const char* folder : {"corpus/rules/upstream", "corpus/rules/plugins"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(shared / folder)) {
            if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
            for (const YAML::Node& doc : YAML::LoadAllFromFile(entry.path().string())) {
                if (!doc.IsSequence()) continue;
                for (const YAML::Node& item : doc) {
                    if (!item.IsMap() || !item["output"] || !item["output"].IsScalar()) continue;
                    const std::string output = item["output"].Scalar();
                    INFO(entry.path().string() << ": " << output);
                    const OutputFormatResult r = parse_output_format(output, any_field);
                    INFO("error: " << (r.error ? r.error->message + " at " + std::to_string(r.error->offset) : "none"));
                    REQUIRE(r.ok());
                    check_segment_invariants(output, r);
                    ++outputs;
                }
            }
        }
    }
    CHECK(outputs > 300);
}
