// Output-format parsing as Falco does it: the rule loader trims the output and drops the legacy
// `%container.info` token; libsinsp's event formatter then walks the text byte by byte, and at
// each '%' resolves the longest prefix of the remaining text that lexes as a field/transformer
// expression *and* compiles, backing off one byte at a time.
#include "grammar/output_format.hpp"

#include <algorithm>
#include <limits>

#include "grammar/condition.hpp"
#include "grammar/lexemes.hpp"

namespace rulekit::grammar {

namespace {

constexpr std::string_view kCSpace = " \t\n\v\f\r";  // what C's isspace() accepts

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Every Field ends in a name character or ']', every Transformer in ')' or ']'; a prefix ending
// elsewhere cannot lex as a whole, so the back-off loop need not try it.
bool can_end_expression(char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == ')' || c == ']'; }

bool has_multivalue_single_transformer(const Expr& e) {
    if (e.kind == Kind::Transformer && is_single_value_transformer(e.text) && e.children.size() > 1) return true;
    return std::any_of(e.children.begin(), e.children.end(), has_multivalue_single_transformer);
}

// The text the formatter sees (trimmed, legacy tokens removed) and, for each of its bytes, the
// offset of that byte in the caller's string.
struct Rewritten {
    std::string text;
    std::vector<uint32_t> origin;
    uint32_t origin_end = 0;  // offset just past the trimmed output

    uint32_t at(size_t i) const { return i < origin.size() ? origin[i] : origin_end; }
    // One past the last input byte of text[begin, end); removed tokens after it are excluded.
    uint32_t end_of(size_t begin, size_t end) const { return end > begin ? origin[end - 1] + 1 : at(begin); }
};

Rewritten rewrite(std::string_view output, std::vector<OutputWarning>& warnings) {
    const size_t first = output.find_first_not_of(kCSpace);
    const size_t last = output.find_last_not_of(kCSpace);
    Rewritten r;
    if (first == std::string_view::npos) return r;
    const std::string_view trimmed = output.substr(first, last - first + 1);
    r.text.reserve(trimmed.size());
    r.origin.reserve(trimmed.size());
    r.origin_end = static_cast<uint32_t>(last + 1);
    for (size_t i = 0; i < trimmed.size();) {
        if (trimmed.substr(i, kLegacyContainerInfoToken.size()) == kLegacyContainerInfoToken) {
            warnings.push_back(OutputWarning{
                "LOAD_DEPRECATED_ITEM",
                "%container.info is deprecated and has no effect since Falco 0.41 (it is replaced by an empty "
                "string); use %container.id, %container.name or other container fields",
                static_cast<uint32_t>(first + i), static_cast<uint32_t>(kLegacyContainerInfoToken.size())});
            i += kLegacyContainerInfoToken.size();
            continue;
        }
        r.text += trimmed[i];
        r.origin.push_back(static_cast<uint32_t>(first + i));
        ++i;
    }
    return r;
}

// Where each line of the caller's string starts; libsinsp's convention is that every CR and every
// LF starts a new line.
class LineIndex {
public:
    explicit LineIndex(std::string_view input) {
        for (size_t i = 0; i < input.size(); ++i) {
            if (input[i] == '\r' || input[i] == '\n') line_starts_.push_back(static_cast<uint32_t>(i + 1));
        }
    }

    Position position_of(uint32_t offset) const {
        const auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
        const uint32_t line_start = next == line_starts_.begin() ? 0 : *(next - 1);
        return Position{offset, static_cast<uint32_t>(next - line_starts_.begin()) + 1, offset - line_start + 1};
    }

private:
    std::vector<uint32_t> line_starts_;
};

// Moves the positions of a node lexed from a substring of the rewritten text onto the caller's
// string.
void rebase(Expr& e, const Rewritten& rewritten, const LineIndex& lines, size_t base) {
    const size_t begin = base + e.pos.offset;
    const size_t end = base + e.end;
    e.pos = lines.position_of(rewritten.at(begin));
    e.end = rewritten.end_of(begin, end);
    for (Expr& child : e.children) rebase(child, rewritten, lines, base);
}

// No prefix of `rest` longer than this lexes as a whole expression. A Field is a run of name
// characters, optionally followed by a bracketed argument right after the name; without the
// argument, any longer prefix lexes to the same name and then stops short. Transformers and
// arguments, which may hold quoted strings, get no bound.
// End of a bracket argument starting at `open` ('['): no prefix reaching past it can lex as one
// expression, because a bare argument cannot contain ']' and nothing follows the ']'.
size_t after_bracket_argument(std::string_view rest, size_t open) {
    if (open + 1 < rest.size() && (rest[open + 1] == '"' || rest[open + 1] == '\'')) return rest.size();
    const size_t close = rest.find(']', open);
    return close == std::string_view::npos ? rest.size() : close + 1;
}

// End of a transformer call starting at `rest[0]`: the ')' that balances its '(' (quotes
// skipped), plus a bracket argument right after it. Falls back to the whole text when unsure.
size_t after_transformer_call(std::string_view rest) {
    int depth = 0;
    char quote = 0;
    for (size_t i = 0; i < rest.size(); ++i) {
        const char c = rest[i];
        if (quote) {
            if (c == quote && rest[i - 1] != '\\') quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') quote = c;
        else if (c == '(') ++depth;
        else if (c == ')' && --depth == 0) {
            return i + 1 < rest.size() && rest[i + 1] == '[' ? after_bracket_argument(rest, i + 1) : i + 1;
        }
    }
    return rest.size();
}

size_t longest_possible_expression(std::string_view rest) {
    for (std::string_view transformer : {"tolower(", "toupper(", "b64(", "basename(", "len(", "join(", "concat(",
                                         "getopt("}) {
        if (rest.substr(0, transformer.size()) == transformer) return after_transformer_call(rest);
    }
    const size_t name = lex::field_name(rest);
    if (name < rest.size() && rest[name] == '[') return after_bracket_argument(rest, name);
    size_t run = 0;
    auto name_char = [](char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '.'; };
    while (run < rest.size() && name_char(rest[run])) ++run;
    return run;
}

struct TokenError {
    OutputFormatError error;
};

class FormatParser {
public:
    FormatParser(std::string_view input, const FieldCompiles& compiles, OutputFormatResult& result)
        : input_(input), lines_(input), compiles_(compiles), result_(result) {}

    OutputFormat parse() {
        rewritten_ = rewrite(input_, result_.warnings);
        const std::string& text = rewritten_.text;
        if (text.empty()) throw TokenError{OutputFormatError{std::string(kEmptyFormatMessage), 0, {}, false}};

        OutputFormat format;
        size_t j = 0;
        if (text[0] == '*') {
            format.na_for_missing_values = true;
            j = 1;
        }
        size_t literal_start = j;
        const size_t n = text.size();
        for (; j < n; ++j) {
            if (text[j] != '%') continue;
            const size_t percent = j;
            if (literal_start != j) format.segments.push_back(literal(literal_start, j));
            if (j == n - 1) fail(kEndsWithPercentMessage, percent);

            std::optional<uint32_t> width;
            if (is_digit(text[j + 1])) {
                width = parse_width(j + 1);
                while (true) {
                    if (j == n - 1) fail(kEndsWithNumberMessage, percent);
                    if (!is_digit(text[j + 1])) break;
                    ++j;
                }
            }

            const size_t expr_start = j + 1;
            OutputSegment token = resolve_token(percent, expr_start);
            token.width = width;
            j = expr_start + token.text.size() - 1;
            literal_start = j + 1;
            format.segments.push_back(std::move(token));
        }
        if (literal_start != n) format.segments.push_back(literal(literal_start, n));
        return format;
    }

private:
    [[noreturn]] void fail(std::string_view message, size_t text_offset, std::string detail = {},
                           bool unknown_filter = false) const {
        throw TokenError{OutputFormatError{std::string(message), rewritten_.at(text_offset), std::move(detail),
                                           unknown_filter}};
    }

    OutputSegment literal(size_t begin, size_t end) const {
        OutputSegment s;
        s.kind = SegmentKind::Text;
        s.offset = rewritten_.at(begin);
        s.length = rewritten_.end_of(begin, end) - s.offset;
        s.text = rewritten_.text.substr(begin, end - begin);
        return s;
    }

    // sscanf("%d") reads the digits; absurd widths saturate instead of overflowing.
    uint32_t parse_width(size_t at) const {
        uint64_t width = 0;
        for (size_t i = at; i < rewritten_.text.size() && is_digit(rewritten_.text[i]); ++i) {
            width = std::min<uint64_t>(width * 10 + static_cast<uint64_t>(rewritten_.text[i] - '0'),
                                       std::numeric_limits<int32_t>::max());
        }
        return static_cast<uint32_t>(width);
    }

    // Longest prefix of the text at `expr_start` that lexes entirely as a Field or Transformer
    // and compiles; shorter prefixes are tried one byte at a time, as libsinsp does.
    OutputSegment resolve_token(size_t percent, size_t expr_start) const {
        const std::string_view rest = std::string_view(rewritten_.text).substr(expr_start);
        std::string first_rejection;
        bool lexed_any = false;
        if (!rest.empty() && is_alpha(rest[0])) {
            for (size_t len = longest_possible_expression(rest); len > 0; --len) {
                if (!can_end_expression(rest[len - 1])) continue;
                Expr expr;
                if (parse_field_expression(rest.substr(0, len), expr) != len) continue;
                if (has_multivalue_single_transformer(expr)) fail(kUnknownMultivalueTransformerMessage, percent);
                std::string why;
                if (compiles_(expr, &why)) return token(percent, expr_start, len, std::move(expr));
                if (!lexed_any) {
                    lexed_any = true;
                    first_rejection = std::move(why);
                    if (first_rejection.empty()) {
                        first_rejection.append("'").append(rest.substr(0, len)).append("' does not compile");
                    }
                }
            }
        }
        if (!lexed_any) first_rejection = "no field or transformer follows the '%'";
        fail(kUnknownFilterMessage, percent, std::move(first_rejection), true);
    }

    OutputSegment token(size_t percent, size_t expr_start, size_t len, Expr expr) const {
        OutputSegment s;
        s.kind = SegmentKind::Field;
        s.offset = rewritten_.at(percent);
        s.length = rewritten_.end_of(percent, expr_start + len) - s.offset;
        s.text = rewritten_.text.substr(expr_start, len);
        s.expr_offset = rewritten_.at(expr_start);
        rebase(expr, rewritten_, lines_, expr_start);
        s.expr = std::move(expr);
        return s;
    }

    std::string_view input_;
    LineIndex lines_;
    const FieldCompiles& compiles_;
    OutputFormatResult& result_;
    Rewritten rewritten_;
};

}  // namespace

bool is_single_value_transformer(std::string_view name) {
    return name == "tolower" || name == "toupper" || name == "b64" || name == "basename" || name == "len";
}

OutputFormatResult parse_output_format(std::string_view output, const FieldCompiles& compiles) {
    OutputFormatResult result;
    FormatParser parser(output, compiles, result);
    try {
        result.format = parser.parse();
    } catch (const TokenError& e) {
        result.error = e.error;
    }
    return result;
}

}  // namespace rulekit::grammar
