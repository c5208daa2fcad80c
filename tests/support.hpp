// Helpers shared by the tests: locating the shared corpus and reading files.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

namespace rulekit::test {

// ../shared beside the checkout (or $RULEKIT_SHARED_DIR); tests that need it skip without it.
inline std::optional<std::filesystem::path> shared_dir() {
    std::filesystem::path dir = RULEKIT_SHARED_DIR;
    if (const char* env = std::getenv("RULEKIT_SHARED_DIR")) dir = env;
    if (std::filesystem::is_directory(dir / "corpus")) return dir;
    return std::nullopt;
}

inline std::filesystem::path source_dir() { return RULEKIT_SOURCE_DIR; }

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace rulekit::test

// Catch2 v2 has no SKIP: say why and leave the test case.
#define RULEKIT_REQUIRE_SHARED(var)                                                      \
    auto var##_opt = ::rulekit::test::shared_dir();                                       \
    if (!var##_opt) {                                                                     \
        WARN("skipped: ../shared/corpus not found (set RULEKIT_SHARED_DIR to run this)"); \
        return;                                                                           \
    }                                                                                     \
    const std::filesystem::path var = *var##_opt
