#include "ruleset/composed_text.hpp"

#include <algorithm>

namespace rulekit::ruleset {

void ComposedText::append(std::string_view text, const void* owner, uint32_t owner_offset) {
    append_segment(text, Segment{0, 0, owner, 0, {}}, owner_offset);
}

// Appends `text` with the origin of `like` (owner and paste site), starting at `owner_offset`.
void ComposedText::append_segment(std::string_view text, const Segment& like, uint32_t owner_offset) {
    if (text.empty()) return;
    const auto begin = static_cast<uint32_t>(text_.size());
    text_.append(text);
    // Contiguous bytes of one owner (pasted at the same place) merge into one segment.
    if (!segments_.empty()) {
        Segment& last = segments_.back();
        if (last.owner == like.owner && last.pasted_at == like.pasted_at &&
            (like.owner == nullptr || last.owner_offset + last.length == owner_offset)) {
            last.length += static_cast<uint32_t>(text.size());
            return;
        }
    }
    segments_.push_back(
        {begin, static_cast<uint32_t>(text.size()), like.owner, like.owner ? owner_offset : 0, like.pasted_at});
}

void ComposedText::append(const ComposedText& other) {
    for (const Segment& s : other.segments_) {
        append_segment(std::string_view(other.text_).substr(s.begin, s.length), s, s.owner_offset);
    }
}

void ComposedText::replace(size_t begin, size_t end, const ComposedText& replacement) {
    splice(begin, end, replacement, nullptr);
}

void ComposedText::paste(size_t begin, size_t end, const ComposedText& replacement, size_t name_offset,
                         size_t name_length) {
    PasteSite site;
    if (name_offset < text_.size()) {
        const Segment& at = segments_[segment_at(name_offset)];
        if (at.pasted_at.owner) {
            site = at.pasted_at;
        } else if (at.owner) {
            site = {at.owner, at.owner_offset + static_cast<uint32_t>(name_offset - at.begin),
                    static_cast<uint32_t>(name_length)};
        }
    }
    splice(begin, end, replacement, &site);
}

// Replaces bytes [begin, end) with `replacement`, whose bytes take the paste site of `site`
// when one is given.
void ComposedText::splice(size_t begin, size_t end, const ComposedText& replacement, const PasteSite* site) {
    ComposedText result;
    result.text_.reserve(text_.size() - (end - begin) + replacement.text_.size());
    result.segments_.reserve(segments_.size() + replacement.segments_.size());
    for (const Segment& s : segments_) {
        if (s.begin >= begin) break;
        const size_t stop = std::min<size_t>(s.begin + s.length, begin);
        result.append_segment(std::string_view(text_).substr(s.begin, stop - s.begin), s, s.owner_offset);
    }
    for (const Segment& s : replacement.segments_) {
        Segment like = s;
        if (site) like.pasted_at = *site;
        result.append_segment(std::string_view(replacement.text_).substr(s.begin, s.length), like, s.owner_offset);
    }
    for (const Segment& s : segments_) {
        const size_t s_end = s.begin + s.length;
        if (s_end <= end) continue;
        const size_t start = std::max<size_t>(s.begin, end);
        const uint32_t skipped = static_cast<uint32_t>(start - s.begin);
        result.append_segment(std::string_view(text_).substr(start, s_end - start), s, s.owner_offset + skipped);
    }
    *this = std::move(result);
}

size_t ComposedText::segment_at(size_t offset) const {
    auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                               [](size_t off, const Segment& s) { return off < s.begin; });
    return static_cast<size_t>(it - segments_.begin()) - 1;
}

TextOrigin ComposedText::origin_in(const Segment& s, uint32_t owner_offset) const {
    return {s.owner, owner_offset, s.pasted_at};
}

TextOrigin ComposedText::exact_origin(size_t offset) const {
    if (segments_.empty() || offset >= text_.size()) return {};
    const Segment& s = segments_[segment_at(offset)];
    if (!s.owner) return {};
    return origin_in(s, s.owner_offset + static_cast<uint32_t>(offset - s.begin));
}

TextOrigin ComposedText::origin(size_t offset) const {
    if (segments_.empty()) return {};
    if (offset >= text_.size()) offset = text_.size() - 1;
    const size_t at = segment_at(offset);
    const Segment& s = segments_[at];
    if (s.owner) return origin_in(s, s.owner_offset + static_cast<uint32_t>(offset - s.begin));
    for (size_t i = at + 1; i < segments_.size(); ++i) {
        if (segments_[i].owner) return origin_in(segments_[i], segments_[i].owner_offset);
    }
    for (size_t i = at; i-- > 0;) {
        const Segment& p = segments_[i];
        if (p.owner) return origin_in(p, p.owner_offset + p.length - 1);
    }
    return {};
}

}  // namespace rulekit::ruleset
