#include "grammar/escaping.hpp"

#include <fmt/format.h>

namespace rulekit::grammar {

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::string unescape_quoted(std::string_view str) {
    std::string res;
    res.reserve(str.size());
    const size_t len = str.size() - 1;  // the closing delimiter
    bool escaped = false;
    for (size_t i = 1; i < len; i++) {
        const char c = str[i];
        if (!escaped) {
            if (c == '\\') escaped = true;
            else res += c;
            continue;
        }
        escaped = false;
        switch (c) {
            case 'b': res += '\b'; break;
            case 'f': res += '\f'; break;
            case 'n': res += '\n'; break;
            case 'r': res += '\r'; break;
            case 't': res += '\t'; break;
            case ' ':  // legacy: "\ " is a lone backslash (kept by libsinsp for old rules)
            case '\\': res += '\\'; break;
            case '/': res += '/'; break;
            case '"':
                if (str[0] != c) throw EscapeError{"invalid \\\" escape in '-quoted string"};
                res += c;
                break;
            case '\'':
                if (str[0] != c) throw EscapeError{"invalid \\' escape in \"-quoted string"};
                res += c;
                break;
            case 'x': {
                if (i + 2 >= len) {
                    throw EscapeError{"truncated hex char escape sequence"};
                }
                const int hi = hex_value(str[i + 1]), lo = hex_value(str[i + 2]);
                if (hi < 0 || lo < 0) {
                    throw EscapeError{fmt::format("invalid hex char escape sequence: {}{}", str[i + 1],
                                                  str[i + 2])};
                }
                res += static_cast<char>(hi * 16 + lo);
                i += 2;
                break;
            }
            default:
                throw EscapeError{std::string("unsupported string escape sequence: \\") + c};
        }
    }
    return res;
}

namespace {
void append_escaped(std::string& out, char c) {
    switch (c) {
        case '\b': out += "\\b"; return;
        case '\f': out += "\\f"; return;
        case '\n': out += "\\n"; return;
        case '\r': out += "\\r"; return;
        case '\t': out += "\\t"; return;
        case '\\': out += "\\\\"; return;
        case '"': out += "\\\""; return;
        default: break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) out += fmt::format("\\x{:02x}", u);
    else out += c;
}
}  // namespace

std::string quote(std::string_view value) {
    std::string out = "\"";
    for (size_t i = 0; i < value.size(); ++i) {
        // The lexer ends a string at a quote not preceded by a backslash, so a final backslash
        // is written as a hex escape to keep the closing quote effective.
        if (value[i] == '\\' && i + 1 == value.size()) out += "\\x5c";
        else append_escaped(out, value[i]);
    }
    out += '"';
    return out;
}

std::string falco_escape(std::string_view value) {
    bool needs_quotes = false;
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (c == ' ' || c == '=' || c == '"' || c == '\'' || c == '\\' || u < 0x20 || u == 0x7f) {
            needs_quotes = true;
            break;
        }
    }
    if (!needs_quotes) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '\'') out += '\'';
        else append_escaped(out, c);
    }
    out += '"';
    return out;
}

}  // namespace rulekit::grammar
