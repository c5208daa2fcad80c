// JUnit XML report, for CI systems that show test results (GitLab, Jenkins, Azure Pipelines):
// each linted file is a test case that passes when it has no finding at or above the fail
// level; every such finding is a <failure>, findings below it are kept in <system-out>.
// `failures` counts failing test cases (files), as the JUnit schema defines it, not findings.
#include <pugixml.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <sstream>

#include "lint/report/report.hpp"

namespace rulekit::lint {

namespace {

// XML 1.0 cannot carry control characters (not even as &#1;) or malformed UTF-8, and rules
// files may contain both; each offending byte sequence becomes U+FFFD so the report parses.
std::string xml_safe(std::string_view in) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    static constexpr uint32_t kSmallestOfLength[] = {0, 0, 0x80, 0x800, 0x10000};
    std::string out;
    out.reserve(in.size());
    size_t i = 0;
    while (i < in.size()) {
        const auto lead = static_cast<unsigned char>(in[i]);
        size_t length = 0;
        uint32_t code_point = 0;
        if (lead < 0x80) {
            length = 1, code_point = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2, code_point = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3, code_point = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4, code_point = lead & 0x07;
        }
        bool well_formed = length > 0 && i + length <= in.size();
        for (size_t k = 1; well_formed && k < length; ++k) {
            const auto next = static_cast<unsigned char>(in[i + k]);
            well_formed = (next & 0xC0) == 0x80;
            code_point = (code_point << 6) | (next & 0x3F);
        }
        well_formed = well_formed && code_point >= kSmallestOfLength[length] && code_point <= 0x10FFFF &&
                      !(code_point >= 0xD800 && code_point <= 0xDFFF);
        const bool xml_char = well_formed && (code_point == 0x9 || code_point == 0xA || code_point == 0xD ||
                                              (code_point >= 0x20 && code_point <= 0xFFFD) ||
                                              code_point >= 0x10000);
        if (xml_char) {
            out.append(in.substr(i, length));
        } else {
            out += kReplacement;
        }
        i += well_formed ? length : 1;
    }
    return out;
}

// The text reporter's line for one finding (location, severity, code, message, hint), without
// the source snippet: what a CI page shows as the failure's detail.
std::string finding_text(const Diagnostic& d) {
    TextStyle plain;
    plain.show_source = false;
    return format_text({d}, plain, [](const std::string&) -> const std::string* { return nullptr; });
}

void set_counts(pugi::xml_node node, size_t tests, size_t failures) {
    node.append_attribute("tests") = static_cast<unsigned long long>(tests);
    node.append_attribute("failures") = static_cast<unsigned long long>(failures);
    node.append_attribute("errors") = 0;
}

}  // namespace

std::string format_junit(const Diagnostics& diagnostics, const std::vector<std::string>& files, Severity fail_level) {
    // Test cases in load order, each file once; files only diagnostics name follow in the
    // order the (sorted) diagnostics give them.
    std::vector<std::string> cases;
    std::map<std::string, Diagnostics> findings_by_file;
    auto add_case = [&](const std::string& file) {
        if (findings_by_file.try_emplace(file).second) cases.push_back(file);
    };
    for (const auto& file : files) add_case(file);
    for (const auto& d : diagnostics) {
        add_case(d.loc.file);
        findings_by_file[d.loc.file].push_back(d);
    }

    pugi::xml_document document;
    auto declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "UTF-8";
    auto suites = document.append_child("testsuites");
    suites.append_attribute("name") = "rulekit";
    auto suite = suites.append_child("testsuite");
    suite.append_attribute("name") = "rulekit";

    size_t failing_cases = 0;
    for (const auto& file : cases) {
        auto testcase = suite.append_child("testcase");
        testcase.append_attribute("classname") = "rulekit";
        const std::string name = xml_safe(file);
        testcase.append_attribute("name") = name.c_str();
        testcase.append_attribute("file") = name.c_str();
        std::string below_fail_level;
        bool failed = false;
        for (const auto& d : findings_by_file[file]) {
            if (d.severity < fail_level) {
                below_fail_level += finding_text(d);
                continue;
            }
            failed = true;
            auto failure = testcase.append_child("failure");
            failure.append_attribute("type") = xml_safe(d.code).c_str();
            failure.append_attribute("message") = xml_safe(d.message).c_str();
            failure.text().set(xml_safe(finding_text(d)).c_str());
        }
        if (!below_fail_level.empty()) {
            testcase.append_child("system-out").text().set(xml_safe(below_fail_level).c_str());
        }
        failing_cases += failed;
    }

    // Attributes are appended after the children are known; pugixml keeps them ahead of the
    // children in the output regardless.
    set_counts(suites, cases.size(), failing_cases);
    set_counts(suite, cases.size(), failing_cases);
    suite.append_attribute("skipped") = 0;

    std::ostringstream out;
    document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
}

}  // namespace rulekit::lint
