// Edit distance for "did you mean" hints (fields, keys, macros, lists): optimal string
// alignment, so a swap of two neighbouring letters costs one, like any single typo.
#pragma once

#include <cstddef>
#include <string_view>

namespace rulekit::grammar {

size_t edit_distance(std::string_view a, std::string_view b, bool ignore_case = false);

}  // namespace rulekit::grammar
