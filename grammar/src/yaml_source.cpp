// SourceText's line index and the Scalar side of offset mapping (the rescanner itself lives in
// yaml_scalar_map.cpp).
#include "grammar/yaml_source.hpp"

#include <algorithm>
#include <cstring>

#include "yaml_scalar_map.hpp"

namespace rulekit::grammar {

SourceText::SourceText(std::string path, std::string bytes) : path_(std::move(path)), bytes_(std::move(bytes)) {
    if (bytes_.size() >= 3 && std::memcmp(bytes_.data(), "\xEF\xBB\xBF", 3) == 0) bom_size_ = 3;
    line_starts_.reserve(bytes_.size() / 32 + 1);
    line_starts_.push_back(0);
    const char* begin = bytes_.data();
    const char* end = begin + bytes_.size();
    for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p))));) {
        ++p;
        line_starts_.push_back(static_cast<uint32_t>(p - begin));
    }
}

size_t SourceText::line_index(size_t offset) const {
    return static_cast<size_t>(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) -
                               line_starts_.begin()) -
           1;
}

int32_t SourceText::yaml_column(size_t offset) const {
    const size_t line = line_index(offset);
    size_t column = offset - line_starts_[line];
    if (line == 0) column -= std::min<size_t>(column, bom_size_);
    return static_cast<int32_t>(column);
}

SourceLocation SourceText::location(size_t offset) const {
    SourceLocation loc;
    loc.file = path_;
    offset = std::min(offset, bytes_.size());
    const size_t line = line_index(offset);
    loc.line = static_cast<uint32_t>(line + 1);
    loc.column = static_cast<uint32_t>(yaml_column(offset) + 1);
    return loc;
}

SourceLocation SourceText::location(const YamlMark& mark) const {
    if (!mark.known()) {
        SourceLocation loc;
        loc.file = path_;
        return loc;
    }
    return location(offset_of(mark));
}

const char* scalar_style_name(ScalarStyle style) {
    switch (style) {
        case ScalarStyle::Plain:
            return "plain";
        case ScalarStyle::SingleQuoted:
            return "single-quoted";
        case ScalarStyle::DoubleQuoted:
            return "double-quoted";
        case ScalarStyle::Literal:
            return "literal";
        case ScalarStyle::Folded:
            return "folded";
    }
    return "plain";
}

size_t ScalarOffsetMap::file_offset(size_t offset) const {
    if (!exact_ || origins_.empty()) return start_;
    if (offset < origins_.size()) return origins_[offset];
    return origins_.back() + 1;
}

SourceLocation ScalarOffsetMap::location(size_t offset) const {
    if (source_ == nullptr) return {};
    return source_->location(file_offset(offset));
}

Scalar::Scalar(std::shared_ptr<const SourceText> source, std::string value_, YamlMark mark_, ScalarLayout layout)
    : value(std::move(value_)),
      mark(mark_),
      source_(std::move(source)),
      layout_(layout),
      decoded_size_(static_cast<uint32_t>(value.size())) {
    if (source_ && mark.known()) {
        content_offset_ =
            static_cast<uint32_t>(detail::scalar_token_offset(source_->bytes(), source_->offset_of(mark)));
        style_ = detail::style_at(source_->bytes(), content_offset_);
    }
}

SourceLocation Scalar::location() const {
    if (!source_) return {};
    return source_->location(content_offset_);
}

ScalarOffsetMap Scalar::offset_map() const {
    ScalarOffsetMap map;
    map.source_ = source_.get();
    map.start_ = content_offset_;
    if (!source_ || !mark.known()) return map;
    auto rescan =
        detail::rescan_scalar(source_->bytes(), content_offset_, source_->yaml_column(content_offset_), layout_);
    if (!rescan || rescan->text.size() != decoded_size_ || base_ + value.size() > decoded_size_ ||
        rescan->text.compare(base_, value.size(), value) != 0)
        return map;
    map.origins_.assign(rescan->origins.begin() + base_, rescan->origins.begin() + base_ + value.size());
    map.exact_ = true;
    // An empty value still has a place: where its token starts.
    if (map.origins_.empty()) map.exact_ = false;
    return map;
}

SourceLocation Scalar::locate(size_t offset) const {
    return offset_map().location(offset);
}

Scalar Scalar::trimmed() const {
    static constexpr const char* kWhitespace = " \t\n\r\f\v";
    Scalar out = *this;
    const size_t first = value.find_first_not_of(kWhitespace);
    if (first == std::string::npos) {
        out.base_ += static_cast<uint32_t>(value.size());
        out.value.clear();
        return out;
    }
    const size_t last = value.find_last_not_of(kWhitespace);
    out.base_ += static_cast<uint32_t>(first);
    out.value = value.substr(first, last - first + 1);
    return out;
}

}  // namespace rulekit::grammar
