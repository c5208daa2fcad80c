// The one translation unit that instantiates the X3 token grammar.
#include "grammar/lexemes.hpp"

#include "grammar/lexemes_def.hpp"

namespace rulekit::grammar::lex {

namespace {
template <typename Parser>
size_t longest(std::string_view s, Parser const& p) {
    const char* first = s.data();
    const char* const last = s.data() + s.size();
    if (boost::spirit::x3::parse(first, last, p)) return static_cast<size_t>(first - s.data());
    return 0;
}
}  // namespace

size_t not_blank(std::string_view s) { return longest(s, def::not_blank); }
size_t identifier(std::string_view s) { return longest(s, def::identifier); }
size_t field_name(std::string_view s) { return longest(s, def::field_name); }
size_t field_arg_bare(std::string_view s) { return longest(s, def::field_arg_bare); }
size_t hex_number(std::string_view s) { return longest(s, def::hex_number); }
size_t number(std::string_view s) { return longest(s, def::number); }
size_t bare_string(std::string_view s) { return longest(s, def::bare_string); }

}  // namespace rulekit::grammar::lex
