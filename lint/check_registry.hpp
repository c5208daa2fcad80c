// Every lint check rulekit has: its stable slug, default level, the Falco load code it
// corresponds to, and a one-line summary. One table (check_registry.cpp) lists them all;
// each check's own file under lint/checks/ holds its description and, for checks that go
// beyond what Falco's loader finds, its logic.
#pragma once

#include <string_view>
#include <vector>

#include "grammar/diagnostic.hpp"

namespace rulekit::lint {

struct CheckInfo {
    std::string_view slug;
    Severity default_severity;
    std::string_view falco_code;  // empty when Falco has no such code
    std::string_view summary;
    std::string_view fix;
};

const std::vector<const CheckInfo*>& all_checks();  // sorted by slug
const CheckInfo* find_check(std::string_view slug);

}  // namespace rulekit::lint
