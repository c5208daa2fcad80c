// Inputs on which yaml-cpp 0.7 (the YAML library Falco uses) never returns. Falco itself hangs
// on them; rulekit must say so instead of hanging too, so the raw bytes are checked first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rulekit::grammar {

struct YamlHazard {
    size_t offset = 0;    // byte offset of the token yaml-cpp is stuck at
    uint32_t line = 0;    // 1-based
    uint32_t column = 0;  // 1-based
    std::string message;
};

// Found so far: a flow entry ',' where a new document would start (at the root, after a
// quoted/flow value or at a line that closes the root block collection): yaml-cpp 0.7 then
// loops forever, allocating without bound.
std::optional<YamlHazard> find_yaml_cpp_hang(std::string_view bytes);

}  // namespace rulekit::grammar
