// The raw bytes of a rules file, and YAML scalars that remember where they were written.
// yaml-cpp only gives a scalar's start mark, while folding, escapes and indentation rewrite
// its text; a Scalar can map any offset of its decoded text back to the file's line:column by
// rescanning its raw bytes on demand (see src/yaml_scalar_map.cpp), so loading stays as cheap
// as a bare yaml-cpp load.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/diagnostic.hpp"

namespace rulekit::grammar {

// yaml-cpp's position of a node: 0-based line, column and character offset. Falco prints these
// as they are (spec 5.5). -1 when unknown.
struct YamlMark {
    int32_t pos = -1;
    int32_t line = -1;
    int32_t column = -1;
    bool known() const { return pos >= 0; }
    bool operator==(const YamlMark&) const = default;
};

class SourceText {
public:
    SourceText(std::string path, std::string bytes);

    const std::string& path() const { return path_; }
    const std::string& bytes() const { return bytes_; }

    // yaml-cpp does not count a leading UTF-8 byte-order mark in its offsets and columns.
    uint32_t bom_size() const { return bom_size_; }
    size_t offset_of(const YamlMark& mark) const { return static_cast<size_t>(mark.pos) + bom_size_; }

    // 1-based line and byte column of a file byte offset (lines end at '\n', as in yaml-cpp).
    SourceLocation location(size_t offset) const;
    SourceLocation location(const YamlMark& mark) const;
    // The column yaml-cpp's scanner would report at `offset` (0-based).
    int32_t yaml_column(size_t offset) const;

private:
    size_t line_index(size_t offset) const;

    std::string path_;
    std::string bytes_;
    uint32_t bom_size_ = 0;
    std::vector<uint32_t> line_starts_;
};

enum class ScalarStyle : uint8_t { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };
const char* scalar_style_name(ScalarStyle style);

// What yaml-cpp's scanner knew about a scalar's surroundings, needed to rescan it: the
// indentation of the enclosing block collection (-1 at top level) and whether it sits inside
// a flow collection.
struct ScalarLayout {
    int32_t block_indent = -1;
    bool in_flow = false;
};

// Maps byte offsets of a scalar's decoded text to file positions.
class ScalarOffsetMap {
public:
    // False when the rescan could not reproduce yaml-cpp's text; every offset then maps to the
    // scalar's start.
    bool exact() const { return exact_; }
    // File byte offset of decoded byte `offset`; `offset == size` maps just past the last byte.
    size_t file_offset(size_t offset) const;
    SourceLocation location(size_t offset) const;

private:
    friend class Scalar;
    const SourceText* source_ = nullptr;
    std::vector<uint32_t> origins_;  // file offset of every decoded byte, from the scalar's base
    size_t start_ = 0;               // where the scalar starts in the file (fallback)
    bool exact_ = false;
};

class Scalar {
public:
    Scalar() = default;
    Scalar(std::shared_ptr<const SourceText> source, std::string value, YamlMark mark, ScalarLayout layout);

    std::string value;  // decoded text, exactly as yaml-cpp (and so Falco) sees it
    YamlMark mark;      // yaml-cpp's node mark: Falco's position (for `|`/`>` the indicator)

    ScalarStyle style() const { return style_; }
    // Where the scalar token starts in the file: the quote, block indicator or first character
    // (after any tag or anchor).
    SourceLocation location() const;
    size_t start_offset() const { return content_offset_; }

    // File position of decoded byte `offset` (`offset == value.size()` is just past the end).
    // Rescans the raw bytes on each call; use offset_map() for many lookups.
    SourceLocation locate(size_t offset) const;
    ScalarOffsetMap offset_map() const;

    // The value with leading and trailing whitespace removed (Falco trims rule outputs), still
    // mapping offsets to the right file positions.
    Scalar trimmed() const;

    const std::shared_ptr<const SourceText>& source() const { return source_; }

private:
    std::shared_ptr<const SourceText> source_;
    ScalarLayout layout_;
    uint32_t content_offset_ = 0;  // file offset of the scalar token
    uint32_t base_ = 0;            // `value` starts this many bytes into the decoded scalar
    uint32_t decoded_size_ = 0;    // size of the whole decoded scalar
    ScalarStyle style_ = ScalarStyle::Plain;
};

}  // namespace rulekit::grammar
