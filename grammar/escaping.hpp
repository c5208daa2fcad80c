// String escapes of Falco's condition language (libsinsp filter/escaping.cpp semantics).
#pragma once

#include <string>
#include <string_view>

namespace rulekit::grammar {

// Decodes a lexed quoted string, delimiters included. Throws EscapeError with libsinsp's text.
struct EscapeError {
    std::string message;
};
std::string unescape_quoted(std::string_view quoted);

// Double-quoted form of `value` that unescape_quoted() decodes back to `value`.
std::string quote(std::string_view value);

// libsinsp's escape_str(): the value unchanged, or double-quoted and escaped when it holds
// whitespace, '=', quotes, backslashes or control characters. Used for Falco-style printing.
std::string falco_escape(std::string_view value);

}  // namespace rulekit::grammar
