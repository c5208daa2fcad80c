#include "grammar/edit_distance.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace rulekit::grammar {

namespace {

// Optimal string alignment with three rolling rows. Stops as soon as every entry of a row
// reaches `limit`: the distance can only grow from there, and callers only care whether it
// is below the best found so far. Names are short, so the rows usually live on the stack.
size_t bounded_distance(std::string_view a, std::string_view b, bool ignore_case, size_t limit) {
    auto same = [ignore_case](char x, char y) {
        if (!ignore_case) return x == y;
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    };
    const size_t width = b.size() + 1;
    constexpr size_t kStackWidth = 128;
    std::array<size_t, 3 * kStackWidth> stack_rows;
    std::vector<size_t> heap_rows;
    size_t* rows = stack_rows.data();
    if (width > kStackWidth) {
        heap_rows.resize(3 * width);
        rows = heap_rows.data();
    }
    size_t* before = rows;             // row i-2
    size_t* previous = rows + width;   // row i-1
    size_t* current = rows + 2 * width;  // row i
    for (size_t j = 0; j < width; ++j) previous[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        size_t row_min = i;
        for (size_t j = 1; j < width; ++j) {
            const size_t cost = same(a[i - 1], b[j - 1]) ? 0 : 1;
            size_t d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1])) d = std::min(d, before[j - 2] + 1);
            current[j] = d;
            row_min = std::min(row_min, d);
        }
        if (row_min >= limit) return limit;
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b, bool ignore_case) {
    return bounded_distance(a, b, ignore_case, static_cast<size_t>(-1));
}

std::optional<std::string_view> nearest_name(std::string_view name, const std::vector<std::string_view>& candidates,
                                             size_t limit) {
    std::optional<std::string_view> best;
    for (std::string_view candidate : candidates) {
        const size_t gap = candidate.size() > name.size() ? candidate.size() - name.size() : name.size() - candidate.size();
        if (gap >= limit) continue;  // the distance is at least the length difference
        const size_t d = bounded_distance(name, candidate, false, limit);
        if (d < limit) {
            limit = d;
            best = candidate;
        }
    }
    return best;
}

}  // namespace rulekit::grammar
