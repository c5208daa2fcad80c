#include "grammar/edit_distance.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace rulekit::grammar {

size_t edit_distance(std::string_view a, std::string_view b, bool ignore_case) {
    auto same = [ignore_case](char x, char y) {
        if (!ignore_case) return x == y;
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    };
    const size_t width = b.size() + 1;
    std::vector<size_t> d((a.size() + 1) * width);
    auto at = [&](size_t i, size_t j) -> size_t& { return d[i * width + j]; };
    for (size_t i = 0; i <= a.size(); ++i) at(i, 0) = i;
    for (size_t j = 0; j <= b.size(); ++j) at(0, j) = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = same(a[i - 1], b[j - 1]) ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1])) {
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
            }
        }
    }
    return at(a.size(), b.size());
}

std::optional<std::string_view> nearest_name(std::string_view name, const std::vector<std::string_view>& candidates,
                                             size_t limit) {
    std::optional<std::string_view> best;
    for (std::string_view candidate : candidates) {
        const size_t gap = candidate.size() > name.size() ? candidate.size() - name.size() : name.size() - candidate.size();
        if (gap >= limit) continue;  // the distance is at least the length difference
        const size_t d = edit_distance(name, candidate);
        if (d < limit) {
            limit = d;
            best = candidate;
        }
    }
    return best;
}

}  // namespace rulekit::grammar
