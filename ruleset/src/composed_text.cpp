#include "ruleset/composed_text.hpp"

#include <algorithm>

namespace rulekit::ruleset {

void ComposedText::append(std::string_view text, const void* owner, uint32_t owner_offset) {
    if (text.empty()) return;
    const auto begin = static_cast<uint32_t>(text_.size());
    text_.append(text);
    // Contiguous bytes of one owner merge into one segment.
    if (!segments_.empty()) {
        Segment& last = segments_.back();
        if (last.owner == owner && (owner == nullptr || last.owner_offset + last.length == owner_offset)) {
            last.length += static_cast<uint32_t>(text.size());
            return;
        }
    }
    segments_.push_back({begin, static_cast<uint32_t>(text.size()), owner, owner_offset});
}

void ComposedText::append(const ComposedText& other) {
    for (const Segment& s : other.segments_) {
        append(std::string_view(other.text_).substr(s.begin, s.length), s.owner, s.owner_offset);
    }
}

void ComposedText::replace(size_t begin, size_t end, const ComposedText& replacement) {
    ComposedText result;
    for (const Segment& s : segments_) {
        const size_t s_end = s.begin + s.length;
        // The part of this segment before `begin`.
        if (s.begin < begin) {
            const size_t stop = std::min(s_end, begin);
            result.append(std::string_view(text_).substr(s.begin, stop - s.begin), s.owner, s.owner_offset);
        }
    }
    result.append(replacement);
    for (const Segment& s : segments_) {
        const size_t s_end = s.begin + s.length;
        if (s_end > end) {
            const size_t start = std::max<size_t>(s.begin, end);
            const uint32_t skipped = static_cast<uint32_t>(start - s.begin);
            result.append(std::string_view(text_).substr(start, s_end - start), s.owner,
                          s.owner ? s.owner_offset + skipped : 0);
        }
    }
    *this = std::move(result);
}

size_t ComposedText::segment_at(size_t offset) const {
    auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                               [](size_t off, const Segment& s) { return off < s.begin; });
    return static_cast<size_t>(it - segments_.begin()) - 1;
}

TextOrigin ComposedText::exact_origin(size_t offset) const {
    if (segments_.empty() || offset >= text_.size()) return {};
    const Segment& s = segments_[segment_at(offset)];
    if (!s.owner) return {};
    return {s.owner, s.owner_offset + static_cast<uint32_t>(offset - s.begin)};
}

TextOrigin ComposedText::origin(size_t offset) const {
    if (segments_.empty()) return {};
    if (offset >= text_.size()) offset = text_.size() - 1;
    const size_t at = segment_at(offset);
    const Segment& s = segments_[at];
    if (s.owner) return {s.owner, s.owner_offset + static_cast<uint32_t>(offset - s.begin)};
    for (size_t i = at + 1; i < segments_.size(); ++i) {
        if (segments_[i].owner) return {segments_[i].owner, segments_[i].owner_offset};
    }
    for (size_t i = at; i-- > 0;) {
        const Segment& p = segments_[i];
        if (p.owner) return {p.owner, p.owner_offset + p.length - 1};
    }
    return {};
}

}  // namespace rulekit::ruleset
