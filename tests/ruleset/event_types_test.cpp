// LOAD_NO_EVTTYPE's event-code count (spec §4.9): every case of
// tests/fixtures/ruleset/event_types.jsonl gives a condition, the number of event codes Falco
// counts for it with libs' event table, and whether that is more than the 100 Falco accepts.
#include <catch2/catch.hpp>

#include "grammar/condition.hpp"
#include "ruleset/condition_analysis.hpp"
#include "catalog_support.hpp"
#include "support.hpp"

TEST_CASE("event types: codes counted with the real event table", "[condition_analysis][fixtures]") {
    for (const auto& [line_no, line, c] : rulekit::test::read_jsonl("tests/fixtures/ruleset/event_types.jsonl")) {
        const std::string condition = c.at("condition");
        INFO("event_types.jsonl:" << line_no << ": " << c.at("why").get<std::string>() << "\n" << condition);
        const auto parsed = rulekit::grammar::parse_condition(condition);
        REQUIRE(parsed.ok());
        const auto& catalog = rulekit::test::catalog_for(rulekit::test::plugins_of(c));
        const auto set = rulekit::ruleset::event_types(*parsed.expr, catalog);
        CHECK(set.code_count() == c.at("codes").get<size_t>());
        CHECK(rulekit::ruleset::matches_too_many_event_types(set) == c.at("warns").get<bool>());
    }
}

TEST_CASE("event types: the universe is ppm_event_max codes", "[condition_analysis]") {
    const auto& catalog = rulekit::test::catalog_for(rulekit::grammar::CatalogOptions{}.plugins);
    // libs driver 10.2.0 (Falco 0.44): PPM_EVENT_MAX is 454.
    CHECK(catalog.all_event_codes().count() == 454);
    CHECK(catalog.event_codes("open").count() == 2);
    CHECK(catalog.event_codes("execve").count() == 16);
    CHECK(catalog.event_codes("no_such_event").none());
}
