// Unified diff over lines with Myers' O((N+M)D) algorithm: fixes change a few lines of files of
// thousands, so D is small and only the 2d+3 furthest-reaching entries of each step are kept
// for the backtrack (memory O(D^2), not O(N*M)).
#include "lint/fix/unified_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace rulekit::lint::fix {

namespace {

// Lines with their terminators, so "x" and "x\n" (a last line without newline) differ.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start < text.size()) {
        const size_t nl = text.find('\n', start);
        const size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
        lines.push_back(text.substr(start, end - start));
        start = end;
    }
    return lines;
}

enum class Op { Equal, Delete, Insert };

struct Step {
    Op op;
    size_t line;  // index in the old text (Equal, Delete) or the new text (Insert)
};

// The shortest edit script turning `a` into `b`.
std::vector<Step> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
    const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size());
    const long max = n + m;
    // v[k + max + 1]: the furthest x reached on diagonal k = x - y.
    std::vector<long> v(static_cast<size_t>(2 * max + 3), 0);
    const auto at = [&](long k) -> long& { return v[static_cast<size_t>(k + max + 1)]; };
    // trace[d]: v over diagonals [-(d+1), d+1] as it was when step d began.
    std::vector<std::vector<long>> trace;
    long found_d = -1;
    for (long d = 0; d <= max && found_d < 0; ++d) {
        trace.emplace_back(v.begin() + (max + 1 - (d + 1)), v.begin() + (max + 1 + d + 2));
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
            long y = x - k;
            while (x < n && y < m && a[static_cast<size_t>(x)] == b[static_cast<size_t>(y)]) ++x, ++y;
            at(k) = x;
            if (x >= n && y >= m) {
                found_d = d;
                break;
            }
        }
    }
    std::vector<Step> steps;
    long x = n, y = m;
    for (long d = found_d; d >= 0; --d) {
        const auto& vd = trace[static_cast<size_t>(d)];
        const auto prev = [&](long k) { return vd[static_cast<size_t>(k + d + 1)]; };
        const long k = x - y;
        const long prev_k = (k == -d || (k != d && prev(k - 1) < prev(k + 1))) ? k + 1 : k - 1;
        const long prev_x = prev(prev_k), prev_y = prev_x - prev_k;
        while (x > prev_x && y > prev_y) {
            steps.push_back({Op::Equal, static_cast<size_t>(x - 1)});
            --x, --y;
        }
        if (d > 0) {
            if (x == prev_x) steps.push_back({Op::Insert, static_cast<size_t>(y - 1)});
            else steps.push_back({Op::Delete, static_cast<size_t>(x - 1)});
        }
        x = prev_x, y = prev_y;
    }
    std::reverse(steps.begin(), steps.end());
    return steps;
}

void append_line(std::string& out, char marker, std::string_view line) {
    out += marker;
    out += line;
    if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

// diff's range notation: "start,count", "start" alone for one line; an empty range names the
// line before it.
std::string range(size_t first, size_t count) {
    if (count == 1) return fmt::format("{}", first + 1);
    return fmt::format("{},{}", count == 0 ? first : first + 1, count);
}

}  // namespace

std::string unified_diff(const std::string& path, std::string_view before, std::string_view after, size_t context) {
    if (before == after) return {};
    const auto a = split_lines(before), b = split_lines(after);
    const std::vector<Step> steps = edit_script(a, b);

    // Old and new line positions in front of each step.
    std::vector<size_t> old_pos(steps.size() + 1, 0), new_pos(steps.size() + 1, 0);
    for (size_t i = 0; i < steps.size(); ++i) {
        old_pos[i + 1] = old_pos[i] + (steps[i].op != Op::Insert);
        new_pos[i + 1] = new_pos[i] + (steps[i].op != Op::Delete);
    }
    std::vector<size_t> changes;
    for (size_t i = 0; i < steps.size(); ++i)
        if (steps[i].op != Op::Equal) changes.push_back(i);

    std::string out = fmt::format("--- {}\n+++ {}\n", path, path);
    for (size_t c = 0; c < changes.size();) {
        // Changes closer than two contexts share a hunk.
        size_t last = c;
        while (last + 1 < changes.size() && changes[last + 1] - changes[last] - 1 <= 2 * context) ++last;
        const size_t begin = changes[c] >= context ? changes[c] - context : 0;
        const size_t end = std::min(steps.size(), changes[last] + context + 1);
        out += fmt::format("@@ -{} +{} @@\n", range(old_pos[begin], old_pos[end] - old_pos[begin]),
                           range(new_pos[begin], new_pos[end] - new_pos[begin]));
        for (size_t i = begin; i < end; ++i) {
            const Step& s = steps[i];
            if (s.op == Op::Equal) append_line(out, ' ', a[s.line]);
            else if (s.op == Op::Delete) append_line(out, '-', a[s.line]);
            else append_line(out, '+', b[s.line]);
        }
        c = last + 1;
    }
    return out;
}

}  // namespace rulekit::lint::fix
