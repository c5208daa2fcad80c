// Private to the grammar library: the scalar rescanner behind Scalar::offset_map().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/yaml_source.hpp"

namespace rulekit::grammar::detail {

struct ScalarRescan {
    std::string text;               // the decoded scalar
    std::vector<uint32_t> origins;  // file offset each byte of `text` came from
};

// Skips the tag and anchor properties that may precede a scalar (yaml-cpp's node mark points at
// them) and returns the file offset of the scalar token itself.
size_t scalar_token_offset(std::string_view bytes, size_t mark_offset);

ScalarStyle style_at(std::string_view bytes, size_t token_offset);

// Decodes the scalar whose token starts at `token_offset` as yaml-cpp 0.7's scanner does,
// tracking origins. `column` is yaml-cpp's column there. Nullopt when the bytes are not a
// scalar yaml-cpp would have accepted.
std::optional<ScalarRescan> rescan_scalar(std::string_view bytes, size_t token_offset, int32_t column,
                                          const ScalarLayout& layout);

}  // namespace rulekit::grammar::detail
