// X3 definitions of the condition language's token shapes (see lexemes.hpp). libsinsp matches
// these with RE2 in POSIX (leftmost-longest) UTF-8 mode; every pattern here is written so that
// X3's greedy matching finds that same longest match. RE2 in UTF-8 mode lets a negated class
// match any well-formed UTF-8 character but no stray byte, hence `utf8_multibyte`.
#pragma once

#include <boost/spirit/home/x3.hpp>

namespace rulekit::grammar::lex::def {

namespace x3 = boost::spirit::x3;
using x3::standard::char_;

// One well-formed UTF-8 sequence of two to four bytes (code points U+0080..U+10FFFF, as RE2
// decodes them: overlong forms rejected, surrogates accepted).
struct utf8_multibyte_parser : x3::parser<utf8_multibyte_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const {
        auto byte = [](char c) { return static_cast<unsigned char>(c); };
        if (first == last) return false;
        unsigned lead = byte(*first);
        int extra;
        unsigned lo = 0x80, hi = 0xBF;  // allowed range of the first continuation byte
        if (lead >= 0xC2 && lead <= 0xDF) extra = 1;
        else if (lead == 0xE0) { extra = 2; lo = 0xA0; }
        else if (lead >= 0xE1 && lead <= 0xEF) extra = 2;
        else if (lead == 0xF0) { extra = 3; lo = 0x90; }
        else if (lead >= 0xF1 && lead <= 0xF3) extra = 3;
        else if (lead == 0xF4) { extra = 3; hi = 0x8F; }
        else return false;
        It it = first;
        ++it;
        for (int i = 0; i < extra; ++i, ++it) {
            if (it == last) return false;
            unsigned c = byte(*it);
            unsigned l = i == 0 ? lo : 0x80, h = i == 0 ? hi : 0xBF;
            if (c < l || c > h) return false;
        }
        first = it;
        return true;
    }
};
inline utf8_multibyte_parser const utf8_multibyte{};

inline auto const ascii = char_('\0', '\x7f');
inline auto const posix_space = char_(" \t\n\v\f\r");
inline auto const alpha = char_("a-zA-Z");
inline auto const word = char_("a-zA-Z0-9_");
inline auto const digit = char_("0-9");

inline auto const not_blank = x3::lit("not") >> +posix_space;
inline auto const identifier = +alpha >> *word;
inline auto const field_name = identifier >> +('.' >> identifier);
inline auto const field_arg_bare = +((ascii - char_("[]\"'") - posix_space) | utf8_multibyte);
inline auto const hex_number = '0' >> char_("xX") >> +char_("0-9a-fA-F");
inline auto const number = -char_("+-") >> +digit >> -x3::lit('.') >> *digit
                           >> -(char_("eE") >> char_("+-") >> +digit);
inline auto const bare_string = +((ascii - char_("()\"'=,") - posix_space) | utf8_multibyte);

}  // namespace rulekit::grammar::lex::def
