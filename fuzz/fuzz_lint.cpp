// libFuzzer target for the rules-file reader and the whole lint pipeline: any bytes, read as a
// rules file and linted (collector, list substitution, macros, exceptions, compiler, checks,
// both reporters), must give findings — never a crash, hang, sanitizer report or exception.
#include <cstdint>
#include <string>

#include "lint/linter.hpp"
#include "lint/report/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const rulekit::lint::LintOptions options;
    std::vector<rulekit::lint::SourceFile> files{{"fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)}};
    const auto result = rulekit::lint::lint_sources(files, options);
    (void)rulekit::lint::format_json(result.diagnostics);
    (void)rulekit::lint::format_text(result.diagnostics, {}, [&](const std::string&) { return &files[0].bytes; });
    return 0;
}
