// Every check has a unique kebab-case slug, a summary, a docs page and a source file of its own;
// the slugs that tools and configs refer to all exist.
#include <catch2/catch.hpp>

#include "lint/check_registry.hpp"
#include "support.hpp"

using namespace rulekit::lint;

TEST_CASE("the check registry is complete and documented", "[lint]") {
    const auto& checks = all_checks();
    for (size_t i = 0; i < checks.size(); ++i) {
        const CheckInfo& c = *checks[i];
        INFO("check " << c.slug);
        if (i) CHECK(checks[i - 1]->slug < c.slug);  // sorted, unique
        CHECK(c.slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == std::string_view::npos);
        CHECK_FALSE(c.summary.empty());
        CHECK_FALSE(c.fix.empty());
        CHECK(std::filesystem::exists(rulekit::test::source_dir() / "docs/checks" / (std::string(c.slug) + ".md")));
        std::string file(c.slug);
        for (auto& ch : file) ch = ch == '-' ? '_' : ch;
        CHECK(std::filesystem::exists(rulekit::test::source_dir() / "lint/checks" / (file + ".cpp")));
        CHECK(find_check(c.slug) == &c);
    }
    for (const char* slug : {"yaml-syntax", "not-a-rules-file", "unknown-key", "missing-key", "invalid-priority",
                             "condition-syntax", "undefined-macro", "unknown-field", "field-argument",
                             "operator-type-mismatch", "invalid-value", "invalid-output", "exception-structure",
                             "override-target-missing", "unknown-source", "engine-version", "plugin-version",
                             "unused-macro", "unused-list", "no-evttype", "deprecated-evt-dir", "na-comparison"}) {
        INFO("required slug " << slug);
        CHECK(find_check(slug) != nullptr);
    }
    CHECK(find_check("no-such-check") == nullptr);
}
