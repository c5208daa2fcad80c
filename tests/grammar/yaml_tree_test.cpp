// The reader's YAML tree (built from yaml-cpp's parser events) against YAML::LoadAll itself:
// on every YAML file of the corpus, the examples and the fixtures, the same documents, node
// types, scalars, tags, marks, flow styles and map entries (duplicates included, in order),
// and the same error where yaml-cpp throws.
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include "grammar/yaml_hazards.hpp"
#include "grammar/yaml_tree.hpp"
#include "support.hpp"
#include "yaml_tree_compare.hpp"

namespace fs = std::filesystem;

namespace {

void check_same(const std::string& name, const std::string& text) {
    INFO("file " << name);
    if (rulekit::grammar::find_yaml_cpp_hang(text)) return;  // yaml-cpp would never return
    std::vector<YAML::Node> want;
    std::string want_error;
    try {
        want = YAML::LoadAll(text);
    } catch (const YAML::Exception& e) {
        want_error = e.what();
    }
    std::shared_ptr<const rulekit::grammar::yaml::Tree> got;
    std::string got_error;
    try {
        got = rulekit::grammar::yaml::load_all(text);
    } catch (const YAML::Exception& e) {
        got_error = e.what();
    }
    REQUIRE(got_error == want_error);
    if (!want_error.empty()) return;
    REQUIRE(got->documents.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) CHECK(rulekit::test::compare_yaml_trees(want[i], got->documents[i], "doc" + std::to_string(i)) == "");
}

void check_tree(const fs::path& root, size_t& files) {
    if (!fs::is_directory(root)) return;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        const auto ext = e.path().extension();
        if (!e.is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
        check_same(e.path().string(), rulekit::test::read_file(e.path()));
        ++files;
    }
}

}  // namespace

TEST_CASE("the YAML tree equals yaml-cpp's on every project YAML file", "[grammar][yaml]") {
    size_t files = 0;
    for (const char* dir : {"rules-examples", "tests/fixtures"}) check_tree(rulekit::test::source_dir() / dir, files);
    CHECK(files >= 50);
}

TEST_CASE("the YAML tree equals yaml-cpp's on the shared corpus", "[grammar][yaml][corpus]") {
    RULEKIT_REQUIRE_SHARED(shared);
    size_t files = 0;
    check_tree(shared / "corpus", files);
    CHECK(files >= 100);
}

TEST_CASE("YAML tree corner cases: anchors, aliases, duplicates, tags, documents", "[grammar][yaml]") {
    for (const char* text : {"a: &x [1, {b: c}]\nd: *x\n", "a: 1\na: 2\n", "!!str x\n--- !custom\n- 'q'\n- \"r\"\n- ~\n-\n",
                             "? [a, b]\n: c\n", "", "---\n...\n---\n", "{a: 1, b: [2, 3]}\n", "- |\n  x\n- >-\n  y\n",
                             "a: [1, 2\n", "- a\n b: c\n"}) {
        check_same(text, text);
    }
}
