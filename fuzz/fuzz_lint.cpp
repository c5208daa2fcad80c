// libFuzzer target for the rules-file reader and the whole lint pipeline: any bytes, read as a
// rules file and linted (collector, list substitution, macros, exceptions, compiler, checks,
// every reporter, and `--fix`/`--diff`'s planning, re-lint and diff), must give findings —
// never a crash, hang, sanitizer report or exception. The JSON and SARIF reports must be JSON
// and the JUnit report XML. Inputs of odd length are also linted as two files loaded in order.
// Differentially, the reader's YAML tree (built from yaml-cpp's parser events) must equal
// YAML::LoadAll's nodes, and fail with the same error, on every input yaml-cpp returns from.
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "grammar/yaml_hazards.hpp"
#include "grammar/yaml_tree.hpp"
#include "lint/fix/fixes.hpp"
#include "lint/fix/unified_diff.hpp"
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

[[noreturn]] void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "%s: %s\n", what, detail.c_str());
    std::abort();
}

void require_json(const char* format, const std::string& report) {
    if (!nlohmann::json::accept(report)) fail("report is not JSON", format);
}

void report_in_every_format(const rulekit::lint::LintResult& result, const std::vector<rulekit::lint::SourceFile>& files) {
    using namespace rulekit::lint;
    const auto lookup = [&](const std::string& path) {
        for (const auto& f : files)
            if (f.path == path) return &f.bytes;
        return static_cast<const std::string*>(nullptr);
    };
    std::vector<std::string> paths;
    for (const auto& f : files) paths.push_back(f.path);
    (void)format_text(result.diagnostics, {}, lookup);
    (void)format_text(result.diagnostics, {.color = true, .show_source = true}, lookup);
    require_json("json", format_json(result.diagnostics));
    require_json("sarif", format_sarif(result.diagnostics, {"fuzz", lookup}));
    (void)format_github(result.diagnostics);
    const std::string junit = format_junit(result.diagnostics, paths, rulekit::Severity::Warning);
    pugi::xml_document xml;
    if (!xml.load_buffer(junit.data(), junit.size())) fail("JUnit report is not XML", junit.substr(0, 200));
}

// `rulekit lint --fix` / `--diff` in memory: fixes planned, applied and verified by a re-lint.
// The lint before the fixes is the one every reporter formats, so an input costs one lint
// (plus a re-lint when something is fixable), which keeps the smoke runs in CI useful.
rulekit::lint::LintResult lint_fix_and_diff(const std::vector<rulekit::lint::SourceFile>& files,
                                            const rulekit::lint::LintOptions& options) {
    auto outcome = rulekit::lint::fix::fix_sources(files, options);
    if (outcome.files.size() != files.size()) fail("fix_sources", "returned a different number of files");
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string diff = rulekit::lint::fix::unified_diff(files[i].path, files[i].bytes, outcome.files[i].bytes);
        if (diff.empty() != (files[i].bytes == outcome.files[i].bytes)) fail("unified_diff", "empty for changed text or the reverse");
    }
    for (const auto& u : outcome.unfixed) (void)rulekit::lint::fix::location_after_fixes(outcome, u.finding.loc);
    return std::move(outcome.before);
}

}  // namespace

void lint_and_report(const std::vector<rulekit::lint::SourceFile>& files) {
    static const rulekit::lint::LintOptions options;
    report_in_every_format(lint_fix_and_diff(files, options), files);
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
