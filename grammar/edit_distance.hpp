// Edit distance for "did you mean" hints (fields, keys, macros, lists): optimal string
// alignment, so a swap of two neighbouring letters costs one, like any single typo.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace rulekit::grammar {

size_t edit_distance(std::string_view a, std::string_view b, bool ignore_case = false);

// The candidate closest to `name` at a distance below `limit` (the first one on ties), or nothing.
std::optional<std::string_view> nearest_name(std::string_view name, const std::vector<std::string_view>& candidates,
                                             size_t limit);

}  // namespace rulekit::grammar
