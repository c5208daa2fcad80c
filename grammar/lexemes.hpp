// Token shapes of Falco's condition language (libsinsp parser.cpp's regexes), written as
// Boost.Spirit X3 parsers in lexemes_def.hpp and instantiated once in src/lexemes.cpp.
// Each function returns the length of the longest match at the start of `s` (0: none).
#pragma once

#include <cstddef>
#include <string_view>

namespace rulekit::grammar::lex {

size_t not_blank(std::string_view s);        // "not" followed by POSIX spaces
size_t identifier(std::string_view s);       // [a-zA-Z]+[a-zA-Z0-9_]*
size_t field_name(std::string_view s);       // identifier(.identifier)+
size_t field_arg_bare(std::string_view s);   // [^][\"'[:space:]]+
size_t hex_number(std::string_view s);       // 0[xX][0-9a-fA-F]+
size_t number(std::string_view s);           // [+-]?[0-9]+.?[0-9]*([eE][+-][0-9]+)?
size_t bare_string(std::string_view s);      // [^()\"'[:space:]=,]+

}  // namespace rulekit::grammar::lex
