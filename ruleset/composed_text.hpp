// Text assembled from pieces of several sources — a rule condition, list items pasted in by
// list substitution, exception values, appended conditions — that remembers, byte for byte,
// where each piece was written. Falco parses only such rewritten text; this lets every error
// found in it be reported where the author wrote the offending piece.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rulekit::ruleset {

// Where a byte came from: `owner` is an opaque pointer to the source text (for example a
// YAML scalar), `offset` the byte offset within it. A null owner marks glue text that Falco
// adds itself (spaces, parentheses, " and not "). Bytes pasted in place of a list name also
// know where that name was written (`pasted_at`): Falco reports errors in
// them there, in the condition, not in the list.
struct PasteSite {
    const void* owner = nullptr;  // null: not pasted
    uint32_t offset = 0;
    uint32_t length = 0;  // of the list name
    bool operator==(const PasteSite&) const = default;
};
struct TextOrigin {
    const void* owner = nullptr;
    uint32_t offset = 0;
    PasteSite pasted_at;
    bool synthetic() const { return owner == nullptr; }
    bool pasted() const { return pasted_at.owner != nullptr; }
};

class ComposedText {
public:
    ComposedText() = default;
    // A text taken whole from one source.
    ComposedText(std::string_view text, const void* owner) { append(text, owner, 0); }

    void append(std::string_view text, const void* owner, uint32_t owner_offset);
    void append_synthetic(std::string_view text) { append(text, nullptr, 0); }
    void append(const ComposedText& other);

    // Replaces bytes [begin, end) with `replacement`.
    void replace(size_t begin, size_t end, const ComposedText& replacement);
    // The same for list substitution: the pasted bytes remember where the list name stood, the
    // `name_length` bytes at `name_offset` (kept from an earlier paste when the name itself was
    // pasted text).
    void paste(size_t begin, size_t end, const ComposedText& replacement, size_t name_offset, size_t name_length);

    const std::string& str() const { return text_; }
    size_t size() const { return text_.size(); }

    // Origin of byte `offset`. Glue text reports the nearest written byte after it (or before
    // it at the end), so an error never points at text nobody wrote.
    TextOrigin origin(size_t offset) const;
    // The exact origin of `offset`, synthetic when it is glue.
    TextOrigin exact_origin(size_t offset) const;

private:
    struct Segment {
        uint32_t begin;  // in text_
        uint32_t length;
        const void* owner;
        uint32_t owner_offset;
        PasteSite pasted_at;
    };
    void append_segment(std::string_view text, const Segment& like, uint32_t owner_offset);
    void splice(size_t begin, size_t end, const ComposedText& replacement, const PasteSite* site);
    TextOrigin origin_in(const Segment& s, uint32_t owner_offset) const;
    size_t segment_at(size_t offset) const;

    std::string text_;
    std::vector<Segment> segments_;
};

}  // namespace rulekit::ruleset
