// Writes libFuzzer seed corpora from the shared rules corpus:
//   fuzz_make_seeds <condition-dir> <output-dir>
// one file per distinct `condition:` / `output:` string (named by index, so reruns overwrite).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "bench/rules_corpus.hpp"

namespace fs = std::filesystem;

namespace {

size_t write_all(const std::set<std::string>& strings, const fs::path& dir) {
    fs::create_directories(dir);
    size_t index = 0;
    for (const auto& s : strings) {
        std::ofstream(dir / ("seed-" + std::to_string(index++)), std::ios::binary) << s;
    }
    return index;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s <condition-seed-dir> <output-seed-dir>\n", argv[0]);
        return 2;
    }
    const auto shared = rulekit::corpus::shared_dir(RULEKIT_DEFAULT_SHARED_DIR);
    if (!shared) {
        std::fprintf(stderr, "no rules corpus: set RULEKIT_SHARED_DIR to the folder holding corpus/rules\n");
        return 2;
    }
    const std::vector<fs::path> roots{*shared / "corpus/rules"};
    auto conditions = rulekit::corpus::collect(roots, "condition");
    auto outputs = rulekit::corpus::collect(roots, "output");
    const size_t c = write_all({conditions.begin(), conditions.end()}, argv[1]);
    const size_t o = write_all({outputs.begin(), outputs.end()}, argv[2]);
    std::printf("%zu condition seeds in %s, %zu output seeds in %s\n", c, argv[1], o, argv[2]);
    return 0;
}
