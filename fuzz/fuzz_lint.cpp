// libFuzzer target for the rules-file reader and the whole lint pipeline: any bytes, read as a
// rules file and linted (collector, list substitution, macros, exceptions, compiler, checks,
// both reporters), must give findings — never a crash, hang, sanitizer report or exception.
// Inputs of odd length are also linted as two files loaded in order. Differentially, the
// reader's YAML tree (built from yaml-cpp's parser events) must equal YAML::LoadAll's nodes,
// and fail with the same error, on every input yaml-cpp returns from.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "grammar/yaml_hazards.hpp"
#include "grammar/yaml_tree.hpp"
#include "lint/linter.hpp"
#include "lint/report/report.hpp"
#include "tests/yaml_tree_compare.hpp"

namespace {

void check_yaml_tree(const std::string& text) {
    if (rulekit::grammar::find_yaml_cpp_hang(text)) return;
    std::vector<YAML::Node> want;
    std::string want_error, got_error;
    std::shared_ptr<const rulekit::grammar::yaml::Tree> got;
    try {
        want = YAML::LoadAll(text);
    } catch (const YAML::Exception& e) {
        want_error = e.what();
    }
    try {
        got = rulekit::grammar::yaml::load_all(text);
    } catch (const YAML::Exception& e) {
        got_error = e.what();
    }
    std::string difference;
    if (got_error != want_error) difference = "error '" + got_error + "', yaml-cpp '" + want_error + "'";
    else if (got && got->documents.size() != want.size()) difference = "document count";
    for (size_t i = 0; difference.empty() && got && i < want.size(); ++i) {
        difference = rulekit::test::compare_yaml_trees(want[i], got->documents[i], "doc" + std::to_string(i));
    }
    if (!difference.empty()) {
        std::fprintf(stderr, "YAML tree differs from yaml-cpp: %s\n", difference.c_str());
        std::abort();
    }
}

}  // namespace

void lint_and_report(const std::vector<rulekit::lint::SourceFile>& files) {
    static const rulekit::lint::LintOptions options;
    const auto result = rulekit::lint::lint_sources(files, options);
    (void)rulekit::lint::format_json(result.diagnostics);
    (void)rulekit::lint::format_text(result.diagnostics, {}, [&](const std::string& path) {
        for (const auto& f : files)
            if (f.path == path) return &f.bytes;
        return static_cast<const std::string*>(nullptr);
    });
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    check_yaml_tree(text);
    lint_and_report({{"fuzz.yaml", text}});
    // Inputs of odd length are also loaded as two files, split at the first item of the second
    // half: the compile after each earlier file and cross-file overrides get exercised too.
    if (size % 2 == 1) {
        const size_t split = text.find("\n- ", size / 2);
        if (split != std::string::npos) lint_and_report({{"a.yaml", text.substr(0, split + 1)}, {"b.yaml", text.substr(split + 1)}});
    }
    return 0;
}
