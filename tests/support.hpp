// Helpers shared by the tests: locating the shared corpus, reading files and JSON Lines fixtures.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rulekit::test {

// ../shared beside the checkout (or $RULEKIT_SHARED_DIR); tests that need it skip without it
// (RULEKIT_REQUIRE_SHARED below).
inline std::optional<std::filesystem::path> shared_dir() {
    std::filesystem::path dir = RULEKIT_SHARED_DIR;
    if (const char* env = std::getenv("RULEKIT_SHARED_DIR")) dir = env;
    if (std::filesystem::is_directory(dir / "corpus")) return dir;
    return std::nullopt;
}

inline std::filesystem::path source_dir() { return RULEKIT_SOURCE_DIR; }

// RULEKIT_REQUIRE_SHARED=1 (set by .ci/run): a test that cannot run here fails instead of
// skipping, so CI cannot pass on tests that checked nothing.
inline bool skipping_forbidden() {
    const char* value = std::getenv("RULEKIT_REQUIRE_SHARED");
    return value && std::string(value) == "1";
}

// Printed by a test case that skips; ctest reports the test as skipped on seeing it
// (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt, which defines it), never as passed.
inline constexpr const char* kSkipMarker = RULEKIT_SKIP_MARKER;

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// One case of a JSON Lines fixture: a non-empty line and its parse.
struct JsonlCase {
    size_t line_no = 0;  // 1-based, for messages
    std::string text;    // the line as written
    nlohmann::json json;
};

// The cases of a JSON Lines fixture (`relative` to the source directory), in file order. A file
// that cannot be read throws, which fails the test case instead of letting it check nothing.
inline std::vector<JsonlCase> read_jsonl(const std::filesystem::path& relative) {
    const std::filesystem::path file = source_dir() / relative;
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read the fixture " + file.string());
    std::vector<JsonlCase> cases;
    std::string line;
    for (size_t line_no = 1; std::getline(in, line); ++line_no) {
        if (!line.empty()) cases.push_back({line_no, line, nlohmann::json::parse(line)});
    }
    return cases;
}

}  // namespace rulekit::test

// Catch2 v2 has no SKIP: a missing corpus prints the skip marker and leaves the test case
// (ctest shows it as skipped), or fails it under RULEKIT_REQUIRE_SHARED=1.
#define RULEKIT_REQUIRE_SHARED(var)                                                                   \
    auto var##_opt = ::rulekit::test::shared_dir();                                                    \
    if (!var##_opt) {                                                                                  \
        if (::rulekit::test::skipping_forbidden()) {                                                   \
            FAIL("../shared/corpus not found (RULEKIT_SHARED_DIR) and RULEKIT_REQUIRE_SHARED=1");     \
        }                                                                                              \
        std::cout << ::rulekit::test::kSkipMarker                                                      \
                  << ": ../shared/corpus not found (set RULEKIT_SHARED_DIR to run this)" << std::endl; \
        return;                                                                                        \
    }                                                                                                  \
    const std::filesystem::path var = *var##_opt
