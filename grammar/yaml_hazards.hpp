// Inputs on which yaml-cpp 0.7 (the YAML library Falco uses) never returns. Falco itself hangs
// on them; rulekit must say so instead of hanging too, so the raw bytes are checked first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rulekit::grammar {

struct YamlHazard {
    uint32_t line = 0;    // 1-based
    uint32_t column = 0;  // 1-based
    std::string message;
};

// Found so far: a flow entry ',' at column 0 outside any flow collection, quoted or block
// scalar — yaml-cpp's parser then loops forever, allocating without bound.
std::optional<YamlHazard> find_yaml_cpp_hang(std::string_view bytes);

}  // namespace rulekit::grammar
