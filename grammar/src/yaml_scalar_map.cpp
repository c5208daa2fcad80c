// Rescans one YAML scalar in the raw file bytes exactly as yaml-cpp 0.7's scanner decodes it
// (its ScanScalar loop and the plain / quoted / block token set-ups), recording for every
// decoded byte the file offset it came from. Folding inserts spaces and newlines that map to
// the line break they replace; an escape sequence maps to its backslash (or first quote).
// The algorithm follows yaml-cpp's on purpose, quirks included: the decoded text is compared
// with yaml-cpp's own, and any mismatch makes the map fall back to the scalar's start.
#include "yaml_scalar_map.hpp"

#include <algorithm>

namespace rulekit::grammar::detail {
namespace {

// A read position with yaml-cpp's column bookkeeping (only '\n' resets the column).
class Cursor {
public:
    Cursor(std::string_view bytes, size_t pos, int32_t column) : s_(bytes), p_(pos), column_(column) {}

    bool at_end(size_t ahead = 0) const { return p_ + ahead >= s_.size(); }
    bool is(char c, size_t ahead = 0) const { return !at_end(ahead) && s_[p_ + ahead] == c; }
    char peek(size_t ahead = 0) const { return s_[p_ + ahead]; }
    size_t pos() const { return p_; }
    int32_t column() const { return column_; }

    char get() {
        char c = s_[p_++];
        column_ = c == '\n' ? 0 : column_ + 1;
        return c;
    }
    void eat(size_t n) {
        while (n-- > 0 && !at_end()) get();
    }

    // yaml-cpp 0.7 breaks lines at "\n" and "\r\n" only; a lone '\r' is content.
    size_t break_length(size_t ahead = 0) const {
        if (is('\n', ahead)) return 1;
        if (is('\r', ahead) && is('\n', ahead + 1)) return 2;
        return 0;
    }
    bool blank(size_t ahead = 0) const { return is(' ', ahead) || is('\t', ahead); }
    bool blank_or_break(size_t ahead = 0) const { return blank(ahead) || break_length(ahead) > 0; }
    // Length of a blank or break at `ahead`, 0 if none.
    size_t blank_or_break_length(size_t ahead = 0) const { return blank(ahead) ? 1 : break_length(ahead); }

    bool document_indicator() const {
        if (column_ != 0 || at_end(2)) return false;
        const char c = peek();
        if ((c != '-' && c != '.') || peek(1) != c || peek(2) != c) return false;
        return at_end(3) || blank_or_break(3);
    }

private:
    std::string_view s_;
    size_t p_;
    int32_t column_;
};

enum class End : uint8_t { PlainBlock, PlainFlow, SingleQuote, DoubleQuote, EndOfInput };
enum class Fold : uint8_t { Keep, Block, Flow };  // literal, folded block, flow (plain/quoted)
enum class Chomp : uint8_t { Strip, Clip, Keep };

struct Params {
    End end = End::EndOfInput;
    bool eat_end = false;
    int32_t indent = 0;
    bool detect_indent = false;
    char escape = 0;
    Fold fold = Fold::Flow;
    bool eat_leading_whitespace = false;
    bool trim_trailing_spaces = false;
    Chomp chomp = Chomp::Clip;
    bool break_on_document_indicator = false;  // else a document indicator is an error
    bool tab_in_indentation_is_error = false;
};

bool is_flow_indicator(char c) {
    return c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}';
}

// Length of the scalar terminator at the cursor, or -1 (yaml-cpp's params.end->Match).
int end_match(const Cursor& in, End end) {
    const auto comment_after_blank = [&]() -> int {
        const size_t n = in.blank_or_break_length();
        return n > 0 && in.is('#', n) ? static_cast<int>(n + 1) : -1;
    };
    switch (end) {
        case End::PlainBlock:
            if (in.is(':') && (in.at_end(1) || in.blank_or_break(1))) return 1;
            return comment_after_blank();
        case End::PlainFlow:
            if (in.is(':') && (in.at_end(1) || in.blank_or_break(1) || in.is(',', 1) || in.is(']', 1) || in.is('}', 1)))
                return 1;
            if (!in.at_end() && is_flow_indicator(in.peek())) return 1;
            return comment_after_blank();
        case End::SingleQuote:
            return in.is('\'') && !in.is('\'', 1) ? 1 : -1;
        case End::DoubleQuote:
            return in.is('"') ? 1 : -1;
        case End::EndOfInput:
            return in.at_end() ? 0 : -1;
    }
    return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp <= 0x7F) {
        out += static_cast<char>(cp);
    } else if (cp <= 0x7FF) {
        out += static_cast<char>(0xC0 + (cp >> 6));
        out += static_cast<char>(0x80 + (cp & 0x3F));
    } else if (cp <= 0xFFFF) {
        out += static_cast<char>(0xE0 + (cp >> 12));
        out += static_cast<char>(0x80 + ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 + (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 + (cp >> 18));
        out += static_cast<char>(0x80 + ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 + ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 + (cp & 0x3F));
    }
}

// Decodes one escape sequence at the cursor (a backslash, or a doubled single quote).
bool decode_escape(Cursor& in, std::string& out) {
    const char escape = in.get();
    if (in.at_end()) return false;
    const char c = in.get();
    if (escape == '\'' && c == '\'') {
        out += '\'';
        return true;
    }
    const auto hex = [&](int digits) {
        uint32_t value = 0;
        for (int i = 0; i < digits; ++i) {
            if (in.at_end()) return false;
            const char h = in.get();
            int d;
            if (h >= '0' && h <= '9')
                d = h - '0';
            else if (h >= 'a' && h <= 'f')
                d = h - 'a' + 10;
            else if (h >= 'A' && h <= 'F')
                d = h - 'A' + 10;
            else
                return false;
            value = (value << 4) + static_cast<uint32_t>(d);
        }
        if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) return false;
        append_utf8(out, value);
        return true;
    };
    switch (c) {
        case '0':
            out += '\0';
            return true;
        case 'a':
            out += '\x07';
            return true;
        case 'b':
            out += '\x08';
            return true;
        case 't':
        case '\t':
            out += '\x09';
            return true;
        case 'n':
            out += '\x0A';
            return true;
        case 'v':
            out += '\x0B';
            return true;
        case 'f':
            out += '\x0C';
            return true;
        case 'r':
            out += '\x0D';
            return true;
        case 'e':
            out += '\x1B';
            return true;
        case ' ':
            out += ' ';
            return true;
        case '"':
            out += '"';
            return true;
        case '\'':
            out += '\'';
            return true;
        case '\\':
            out += '\\';
            return true;
        case '/':
            out += '/';
            return true;
        case 'N':
            out += "\xC2\x85";
            return true;
        case '_':
            out += "\xC2\xA0";
            return true;
        case 'L':
            out += "\xE2\x80\xA8";
            return true;
        case 'P':
            out += "\xE2\x80\xA9";
            return true;
        case 'x':
            return hex(2);
        case 'u':
            return hex(4);
        case 'U':
            return hex(8);
        default:
            return false;
    }
}

// yaml-cpp's ScanScalar with origins. The three phases per line: scan to the line end, eat the
// break, eat the indentation; folding decides what the break becomes.
std::optional<ScalarRescan> scan(Cursor& in, Params params) {
    ScalarRescan r;
    std::string& text = r.text;
    std::vector<uint32_t>& origins = r.origins;
    const auto push = [&](char c, size_t origin) {
        text += c;
        origins.push_back(static_cast<uint32_t>(origin));
    };
    const auto truncate = [&](size_t size) {
        if (size < text.size()) {
            text.resize(size);
            origins.resize(size);
        }
    };

    bool found_non_empty_line = false;
    bool past_opening_break = params.fold == Fold::Flow;
    bool empty_line = false;
    bool more_indented = false;
    bool folded_started_more_indented = false;
    std::vector<size_t> folded_breaks;  // line breaks of pending empty lines (folded block)
    size_t last_escaped = std::string::npos;

    while (!in.at_end()) {
        size_t last_non_whitespace = text.size();
        bool escaped_newline = false;
        while (end_match(in, params.end) < 0 && in.break_length() == 0) {
            if (in.at_end()) break;
            if (in.document_indicator()) {
                if (params.break_on_document_indicator) break;
                return std::nullopt;
            }
            found_non_empty_line = true;
            past_opening_break = true;

            if (params.escape == '\\' && in.is('\\') && in.break_length(1) > 0) {
                in.get();  // the backslash; its line break is eaten below and folds to nothing
                last_non_whitespace = text.size();
                last_escaped = text.size();
                escaped_newline = true;
                break;
            }
            if (params.escape != 0 && in.is(params.escape)) {
                const size_t at = in.pos();
                if (!decode_escape(in, text)) return std::nullopt;
                origins.resize(text.size(), static_cast<uint32_t>(at));
                last_non_whitespace = text.size();
                last_escaped = text.size();
                continue;
            }
            const size_t at = in.pos();
            const char c = in.get();
            push(c, at);
            if (c != ' ' && c != '\t') last_non_whitespace = text.size();
        }

        if (in.at_end()) {
            if (params.eat_end) return std::nullopt;  // unterminated quote
            break;
        }
        if (params.break_on_document_indicator && in.document_indicator()) break;
        if (const int n = end_match(in, params.end); n >= 0) {
            if (params.eat_end) in.eat(static_cast<size_t>(n));
            break;
        }

        if (params.fold == Fold::Flow) truncate(last_non_whitespace);

        const size_t line_break = in.pos();
        in.eat(in.break_length());

        while (in.is(' ') && (in.column() < params.indent || (params.detect_indent && !found_non_empty_line)) &&
               end_match(in, params.end) < 0)
            in.eat(1);
        if (params.detect_indent && !found_non_empty_line) params.indent = std::max(params.indent, in.column());
        while (in.blank()) {
            if (in.is('\t') && in.column() < params.indent && params.tab_in_indentation_is_error) return std::nullopt;
            if (!params.eat_leading_whitespace || end_match(in, params.end) >= 0) break;
            in.eat(1);
        }

        const bool next_empty_line = in.break_length() > 0;
        const bool next_more_indented = in.blank();
        if (params.fold == Fold::Block && folded_breaks.empty() && next_empty_line)
            folded_started_more_indented = more_indented;

        // A block scalar starts with the break after its header, which is neither kept nor folded.
        if (past_opening_break) {
            switch (params.fold) {
                case Fold::Keep:
                    push('\n', line_break);
                    break;
                case Fold::Block:
                    if (!empty_line && !next_empty_line && !more_indented && !next_more_indented &&
                        in.column() >= params.indent)
                        push(' ', line_break);
                    else if (next_empty_line)
                        folded_breaks.push_back(line_break);
                    else
                        push('\n', line_break);
                    if (!next_empty_line && !folded_breaks.empty()) {
                        for (size_t i = 1; i < folded_breaks.size(); ++i) push('\n', folded_breaks[i]);
                        if (folded_started_more_indented || next_more_indented || !found_non_empty_line)
                            push('\n', folded_breaks.front());
                        folded_breaks.clear();
                    }
                    break;
                case Fold::Flow:
                    if (next_empty_line)
                        push('\n', line_break);
                    else if (!empty_line && !escaped_newline)
                        push(' ', line_break);
                    break;
            }
        }

        empty_line = next_empty_line;
        more_indented = next_more_indented;
        past_opening_break = true;
        if (!empty_line && in.column() < params.indent) break;
    }

    // The trailing-space and chomping rules never remove an escaped character.
    const auto keep_escaped = [&](size_t pos) {
        if (last_escaped != std::string::npos && (pos == std::string::npos || pos < last_escaped)) return last_escaped;
        return pos;
    };
    if (params.trim_trailing_spaces) {
        const size_t pos = keep_escaped(text.find_last_not_of(" \t"));
        if (pos < text.size()) truncate(pos + 1);
    }
    if (params.chomp != Chomp::Keep) {
        const size_t pos = keep_escaped(text.find_last_not_of('\n'));
        if (pos == std::string::npos)
            truncate(0);
        else if (params.chomp == Chomp::Clip && pos + 1 < text.size())
            truncate(pos + 2);
        else if (params.chomp == Chomp::Strip && pos < text.size())
            truncate(pos + 1);
    }
    return r;
}

std::optional<ScalarRescan> rescan_block(Cursor& in, int32_t block_indent) {
    Params params;
    params.indent = 1;
    params.detect_indent = true;
    params.fold = in.get() == '>' ? Fold::Block : Fold::Keep;
    params.chomp = Chomp::Clip;

    // Chomping and indentation indicators, in either order.
    const auto is_chomp = [&](size_t ahead) { return in.is('+', ahead) || in.is('-', ahead); };
    const auto is_digit = [&](size_t ahead) {
        return !in.at_end(ahead) && in.peek(ahead) >= '0' && in.peek(ahead) <= '9';
    };
    size_t indicators = 0;
    if ((is_chomp(0) && is_digit(1)) || (is_digit(0) && is_chomp(1)))
        indicators = 2;
    else if (is_chomp(0) || is_digit(0))
        indicators = 1;
    for (size_t i = 0; i < indicators; ++i) {
        const char c = in.get();
        if (c == '+') {
            params.chomp = Chomp::Keep;
        } else if (c == '-') {
            params.chomp = Chomp::Strip;
        } else {
            if (c == '0') return std::nullopt;
            params.indent = c - '0';
            params.detect_indent = false;
        }
    }
    while (in.blank()) in.eat(1);
    if (in.is('#'))
        while (!in.at_end() && in.break_length() == 0) in.eat(1);
    if (!in.at_end() && in.break_length() == 0) return std::nullopt;

    if (block_indent >= 0) params.indent += block_indent;
    params.eat_leading_whitespace = false;
    params.trim_trailing_spaces = false;
    params.tab_in_indentation_is_error = true;
    return scan(in, params);
}

}  // namespace

size_t scalar_token_offset(std::string_view bytes, size_t offset) {
    const auto is_space = [&](size_t p) {
        return bytes[p] == ' ' || bytes[p] == '\t' || bytes[p] == '\r' || bytes[p] == '\n';
    };
    while (offset < bytes.size() && (bytes[offset] == '!' || bytes[offset] == '&')) {
        while (offset < bytes.size() && !is_space(offset)) ++offset;
        // A property may be followed by blanks, a comment and line breaks before the scalar.
        while (offset < bytes.size()) {
            if (is_space(offset)) {
                ++offset;
            } else if (bytes[offset] == '#') {
                while (offset < bytes.size() && bytes[offset] != '\n') ++offset;
            } else {
                break;
            }
        }
    }
    return offset;
}

ScalarStyle style_at(std::string_view bytes, size_t token_offset) {
    if (token_offset >= bytes.size()) return ScalarStyle::Plain;
    switch (bytes[token_offset]) {
        case '\'':
            return ScalarStyle::SingleQuoted;
        case '"':
            return ScalarStyle::DoubleQuoted;
        case '|':
            return ScalarStyle::Literal;
        case '>':
            return ScalarStyle::Folded;
        default:
            return ScalarStyle::Plain;
    }
}

std::optional<ScalarRescan> rescan_scalar(std::string_view bytes, size_t token_offset, int32_t column,
                                          const ScalarLayout& layout) {
    if (token_offset > bytes.size()) return std::nullopt;
    Cursor in(bytes, token_offset, column);
    Params params;
    switch (style_at(bytes, token_offset)) {
        case ScalarStyle::Literal:
        case ScalarStyle::Folded:
            return rescan_block(in, layout.block_indent);
        case ScalarStyle::SingleQuoted:
        case ScalarStyle::DoubleQuoted: {
            const bool single = in.get() == '\'';
            params.end = single ? End::SingleQuote : End::DoubleQuote;
            params.eat_end = true;
            params.escape = single ? '\'' : '\\';
            params.indent = 0;
            params.fold = Fold::Flow;
            params.eat_leading_whitespace = true;
            params.trim_trailing_spaces = false;
            params.chomp = Chomp::Clip;
            params.break_on_document_indicator = false;
            return scan(in, params);
        }
        case ScalarStyle::Plain:
            params.end = layout.in_flow ? End::PlainFlow : End::PlainBlock;
            params.eat_end = false;
            params.indent = layout.in_flow ? 0 : layout.block_indent + 1;
            params.fold = Fold::Flow;
            params.eat_leading_whitespace = true;
            params.trim_trailing_spaces = true;
            params.chomp = Chomp::Strip;
            params.break_on_document_indicator = true;
            params.tab_in_indentation_is_error = true;
            return scan(in, params);
    }
    return std::nullopt;
}

}  // namespace rulekit::grammar::detail
