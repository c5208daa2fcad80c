// Falco's condition grammar, as implemented by libsinsp's filter parser (parser.cpp):
//
//   Filter      ::= OrExpr EOF
//   OrExpr      ::= AndExpr ( 'or' ( Blank AndExpr | '(' OrExpr ')' ) )*
//   AndExpr     ::= NotExpr ( 'and' ( Blank NotExpr | '(' OrExpr ')' ) )*
//   NotExpr     ::= ( 'not' Space+ )* ( 'not(' OrExpr ')' | Check )
//   Check       ::= '(' OrExpr ')' | LhsField CheckTail | Identifier
//   LhsField    ::= FieldName [ '[' ( QuotedStr | FieldArgBare ) ']' ] | Transformer
//   Transformer ::= TrName '(' TrArg ( ',' TrArg )* ')' [ FieldArg ]
//   TrArg       ::= Number | HexNumber | QuotedStr | '(' [ TrListArg ( ',' TrListArg )* ] ')'
//                 | Transformer | Field
//   CheckTail   ::= 'exists' | NumOp NumRhs | StrOp Modifier ListValue | StrOp StrRhs
//                 | ListOp ListRhs
//
// The token shapes are X3 parsers (lexemes_def.hpp). The structure stays a recursive descent
// that mirrors libsinsp call for call, because Falco's verdicts depend on its exact control
// flow: which alternatives are tried in which order, which calls count towards the depth limit,
// where the cursor stands when an error is raised, the last lexed token quoted in "unexpected
// token after" messages, and the swallowed error on a list's first element.
#include <string>
#include <vector>

#include "grammar/condition.hpp"
#include "grammar/escaping.hpp"
#include "grammar/lexemes.hpp"

namespace rulekit::grammar {

namespace {

struct SyntaxError {
    std::string message;
};

constexpr std::string_view kUnaryOps[] = {"exists"};
constexpr std::string_view kNumOps[] = {"<=", "<", ">=", ">"};
// Word operators need a blank right after them (marked by `needs_blank`).
struct StrOp {
    std::string_view text;
    bool needs_blank;
};
constexpr StrOp kStrOps[] = {
    {"==", false},         {"=", false},         {"!=", false},         {"glob", true},
    {"iglob", true},       {"contains", true},   {"icontains", true},   {"bcontains", true},
    {"startswith", true},  {"bstartswith", true}, {"endswith", true},   {"regex", true},
};
constexpr std::string_view kListOps[] = {"intersects", "in", "pmatch"};
constexpr std::string_view kTransformers[] = {"tolower(", "toupper(", "b64(",  "basename(",
                                              "len(",     "join(",    "concat(", "getopt("};
constexpr std::string_view kModifiers[] = {"oneof", "anyof", "allof"};

const std::string& operator_list_text() {
    static const std::string text = [] {
        std::string s;
        auto add = [&](std::string_view op) {
            s += s.empty() ? "'" : ", '";
            s += op;
            s += "'";
        };
        for (auto op : kUnaryOps) add(op);
        for (auto op : kNumOps) add(op);
        for (auto op : kStrOps) add(op.text);
        for (auto op : kListOps) add(op);
        return s;
    }();
    return text;
}

const std::string& transformer_list_text() {
    static const std::string text = [] {
        std::string s = "'val'";
        for (auto t : kTransformers) {
            s += ", '";
            s += t.substr(0, t.size() - 1);
            s += "'";
        }
        return s;
    }();
    return text;
}

class Parser {
public:
    Parser(std::string_view input, uint32_t max_depth) : in_(input), max_depth_(max_depth) {}

    Expr parse() {
        if (in_.empty()) throw SyntaxError{"filter input string is empty"};
        Expr res = parse_or();
        if (pos_.offset != in_.size()) {
            throw SyntaxError{"unexpected token after '" + last_token_ + "', expecting 'or', 'and'"};
        }
        return res;
    }

    // Entry point for output tokens and exception fields: Field | Transformer at the cursor.
    bool parse_field_or_transformer(Expr& out) {
        const Position start = pos_;
        if (lex_field_name()) {
            out = parse_field_remainder(start);
            return true;
        }
        if (lex_transformer()) {
            lex_blank();
            out = parse_transformer_remainder(transformer_name(), start);
            return true;
        }
        return false;
    }

    const Position& position() const { return pos_; }

private:
    // libsinsp counts active calls of most grammar functions and fails when the count reaches
    // the limit; each DepthGuard below stands where libsinsp has one.
    struct DepthGuard {
        uint32_t& depth;
        DepthGuard(uint32_t& d, uint32_t max) : depth(d) {
            if (++depth >= max) {
                --depth;
                throw SyntaxError{"exceeded max depth limit of " + std::to_string(max)};
            }
        }
        ~DepthGuard() { --depth; }
    };
    DepthGuard guard() { return DepthGuard(depth_, max_depth_); }

    // ---- cursor --------------------------------------------------------------------------
    char peek(size_t ahead = 0) const {
        const size_t i = pos_.offset + ahead;
        return i < in_.size() ? in_[i] : '\0';
    }
    std::string_view rest() const { return in_.substr(pos_.offset); }
    void advance(size_t n) {
        for (size_t i = 0; i < n; ++i) {
            const char c = in_[pos_.offset];
            pos_.column++;
            if (c == '\r' || c == '\n') {
                pos_.column = 1;
                pos_.line++;
            }
            pos_.offset++;
        }
    }
    Expr node(Kind kind, const Position& start) const {
        Expr e;
        e.kind = kind;
        e.pos = start;
        e.end = pos_.offset;
        return e;
    }

    // ---- lexers (each updates last_token_ on success, like libsinsp's lex_* helpers) -----
    bool lex_blank() {
        bool found = false;
        for (char c = peek(); c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n'; c = peek()) {
            found = true;
            advance(1);
        }
        return found;
    }
    bool lex_token(size_t len) {
        if (len == 0) return false;
        last_token_.assign(in_.substr(pos_.offset, len));
        advance(len);
        return true;
    }
    bool lex_str(std::string_view s) {
        if (rest().substr(0, s.size()) != s) return false;
        return lex_token(s.size());
    }
    bool lex_identifier() { return lex_token(lex::identifier(rest())); }
    bool lex_field_name() { return lex_token(lex::field_name(rest())); }
    bool lex_field_arg_bare() { return lex_token(lex::field_arg_bare(rest())); }
    bool lex_number() { return lex_token(lex::hex_number(rest())) || lex_token(lex::number(rest())); }
    bool lex_bare_str() { return lex_token(lex::bare_string(rest())); }
    bool lex_not_blank() { return lex_token(lex::not_blank(rest())); }
    bool lex_transformer() {
        for (auto t : kTransformers) {
            if (lex_str(t)) return true;
        }
        return false;
    }
    std::string transformer_name() const { return last_token_.substr(0, last_token_.size() - 1); }

    // A quoted string ends at the first matching delimiter whose preceding raw byte is not a
    // backslash; a NUL byte ends the scan (libsinsp walks a C string).
    bool lex_quoted_str() {
        const char delim = peek();
        if (delim != '\'' && delim != '"') return false;
        const Position start = pos_;
        char prev = '\\';
        last_token_.clear();
        while (peek() != '\0') {
            const char c = peek();
            if (c == delim && prev != '\\') {
                advance(1);
                last_token_ += delim;
                try {
                    last_token_ = unescape_quoted(last_token_);
                } catch (const EscapeError& e) {
                    throw SyntaxError{e.message};
                }
                return true;
            }
            prev = c;
            last_token_ += c;
            advance(1);
        }
        pos_ = start;
        return false;
    }

    bool lex_operator(std::string_view op, bool needs_blank) {
        if (!lex_str(op)) return false;
        return needs_blank ? lex_blank() : true;
    }

    // ---- grammar -------------------------------------------------------------------------
    Expr parse_or() {
        auto g = guard();
        const Position start = pos_;
        std::vector<Expr> children;
        lex_blank();
        children.push_back(parse_and());
        lex_blank();
        while (lex_str("or")) {
            if (!lex_blank()) {
                if (!lex_str("(")) throw SyntaxError{"expected blank or '(' after 'or'"};
                children.push_back(parse_embedded_remainder());
            } else {
                children.push_back(parse_and());
            }
            lex_blank();
        }
        return join(Kind::Or, start, std::move(children));
    }

    Expr parse_and() {
        auto g = guard();
        const Position start = pos_;
        std::vector<Expr> children;
        lex_blank();
        children.push_back(parse_not());
        lex_blank();
        while (lex_str("and")) {
            if (!lex_blank()) {
                if (!lex_str("(")) throw SyntaxError{"expected blank or '(' after 'and'"};
                children.push_back(parse_embedded_remainder());
            } else {
                children.push_back(parse_not());
            }
            lex_blank();
        }
        return join(Kind::And, start, std::move(children));
    }

    Expr join(Kind kind, const Position& start, std::vector<Expr> children) {
        if (children.size() == 1) return std::move(children.front());
        Expr e = node(kind, start);
        e.children = std::move(children);
        return e;
    }

    Expr parse_not() {
        auto g = guard();
        const Position start = pos_;
        bool negated = false;
        lex_blank();
        while (lex_not_blank()) negated = !negated;
        Expr child = lex_str("not(") ? (negated = !negated, parse_embedded_remainder()) : parse_check();
        if (!negated) return child;
        Expr e = node(Kind::Not, start);
        e.children.push_back(std::move(child));
        return e;
    }

    Expr parse_embedded_remainder() {
        auto g = guard();
        lex_blank();
        Expr child = parse_or();
        lex_blank();
        if (!lex_str(")")) throw SyntaxError{"expected a ')' token"};
        return child;
    }

    Expr parse_check() {
        auto g = guard();
        const Position start = pos_;
        lex_blank();
        if (lex_str("(")) return parse_embedded_remainder();
        if (lex_field_name()) {
            Expr left = parse_field_remainder(start);
            return parse_condition(std::move(left), start);
        }
        if (lex_transformer()) {
            lex_blank();
            Expr left = parse_transformer_remainder(transformer_name(), start);
            return parse_condition(std::move(left), start);
        }
        if (lex_identifier()) {
            Expr e = node(Kind::Macro, start);
            e.text = last_token_;
            return e;
        }
        throw SyntaxError{"expected a '(' token, a field check, or an identifier"};
    }

    // Called right after a field name was lexed (it is last_token_).
    Expr parse_field_remainder(const Position& start) {
        auto g = guard();
        Expr field = node(Kind::Field, start);
        field.text = last_token_;
        parse_optional_arg(field);
        field.end = pos_.offset;
        return field;
    }

    void parse_optional_arg(Expr& e) {
        if (!lex_str("[")) return;
        if (!lex_quoted_str() && !lex_field_arg_bare()) {
            throw SyntaxError{"expected a valid field argument: a quoted string or a bare string"};
        }
        e.arg = last_token_;
        e.has_arg = true;
        if (!lex_str("]")) throw SyntaxError{"expected a ']' token"};
    }

    // Called after "name(" and the blanks that follow it.
    Expr parse_transformer_remainder(std::string name, const Position& start) {
        auto g = guard();
        lex_blank();
        Expr tr = node(Kind::Transformer, start);
        tr.text = std::move(name);
        do {
            tr.children.push_back(parse_transformer_arg(pos_));
            lex_blank();
        } while (lex_str(","));
        lex_blank();
        if (!lex_str(")")) throw SyntaxError{"expected a ')' token closing the transformer"};
        parse_optional_arg(tr);
        tr.end = pos_.offset;
        return tr;
    }

    Expr parse_transformer_arg(const Position& start) {
        auto g = guard();
        lex_blank();
        const Position at = pos_;
        if (lex_number()) return value(ValueForm::Number, at);
        if (lex_quoted_str()) return value(ValueForm::Quoted, at);
        if (lex_str("(")) return parse_transformer_list(at);
        if (lex_transformer()) return parse_transformer_remainder(transformer_name(), at);
        if (lex_field_name()) return parse_field_remainder(at);
        throw SyntaxError{
            "expected field transformer argument: field, transformer, quoted string, number, or "
            "transformer list"};
    }

    // Called after the "(" of a transformer list; libsinsp does not count these calls.
    Expr parse_transformer_list(const Position& start) {
        Expr list = node(Kind::TransformerList, start);
        lex_blank();
        if (!lex_str(")")) {
            list.children.push_back(parse_transformer_list_arg());
            lex_blank();
            while (lex_str(",")) {
                lex_blank();
                list.children.push_back(parse_transformer_list_arg());
                lex_blank();
            }
            if (!lex_str(")")) throw SyntaxError{"expected ')'"};
        }
        list.end = pos_.offset;
        return list;
    }

    Expr parse_transformer_list_arg() {
        const Position at = pos_;
        if (lex_field_name()) return parse_field_remainder(at);
        if (lex_transformer()) {
            lex_blank();
            return parse_transformer_remainder(transformer_name(), at);
        }
        if (lex_quoted_str()) return value(ValueForm::Quoted, at);
        if (lex_number()) return value(ValueForm::Number, at);
        throw SyntaxError{"expected transformer list argument: field, transformer, quoted string, or number"};
    }

    Expr value(ValueForm form, const Position& start) {
        Expr v = node(Kind::Value, start);
        v.form = form;
        v.text = last_token_;
        return v;
    }

    Expr parse_condition(Expr left, const Position& start) {
        auto g = guard();
        lex_blank();
        for (auto op : kUnaryOps) {
            if (lex_str(op)) {
                Expr e = node(Kind::UnaryCheck, start);
                e.text = op;
                e.children.push_back(std::move(left));
                return e;
            }
        }
        lex_blank();
        std::string op;
        Expr right;
        if (lex_any(kNumOps)) {
            op = last_token_;
            right = parse_num_rhs();
        } else if (const StrOp* str_op = lex_str_op()) {
            op = str_op->text;
            if (auto modifier = lex_modifier(str_op->needs_blank)) {
                op += ' ';
                op += *modifier;
                right = parse_list_rhs(false);
            } else {
                right = parse_str_rhs(false);
            }
        } else if (lex_any(kListOps)) {
            op = last_token_;
            right = parse_list_rhs(true);
        } else {
            throw SyntaxError{"expected a valid check operator: one of " + operator_list_text()};
        }
        Expr e = node(Kind::BinaryCheck, start);
        e.text = std::move(op);
        e.children.push_back(std::move(left));
        e.children.push_back(std::move(right));
        return e;
    }

    template <size_t N>
    bool lex_any(const std::string_view (&ops)[N]) {
        for (auto op : ops) {
            if (lex_str(op)) return true;
        }
        return false;
    }

    // libsinsp stops at the first operator whose text matches, even when the blank a word
    // operator needs is missing ("containsx" is no operator, and no later one is tried).
    const StrOp* lex_str_op() {
        for (const StrOp& op : kStrOps) {
            if (lex_str(op.text)) return (!op.needs_blank || lex_blank()) ? &op : nullptr;
        }
        return nullptr;
    }

    // A string comparator modifier: "<op> <oneof|anyof|allof> <list or identifier>", with a
    // blank between the operator and the word and after the word. Anything else leaves the
    // cursor where it was so that the word is read as an ordinary string value.
    std::optional<std::string_view> lex_modifier(bool op_consumed_blank) {
        const Position saved_pos = pos_;
        const std::string saved_token = last_token_;
        auto restore = [&]() -> std::optional<std::string_view> {
            pos_ = saved_pos;
            last_token_ = saved_token;
            return std::nullopt;
        };
        if (!lex_blank() && !op_consumed_blank) return restore();
        std::optional<std::string_view> found;
        for (auto m : kModifiers) {
            if (rest().substr(0, m.size()) == m) {
                found = m;
                advance(m.size());
                break;
            }
        }
        if (!found || !lex_blank()) return restore();
        if (peek() == '(') return found;
        const size_t id = lex::identifier(rest());
        if (id == 0) return restore();
        for (std::string_view kw : {"and", "or", "not"}) {
            if (rest().substr(0, kw.size()) == kw) {
                const char next = peek(kw.size());
                const bool alnum = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                                   (next >= '0' && next <= '9');
                if (!alnum) return restore();
            }
        }
        return found;
    }

    Expr parse_num_rhs() {
        auto g = guard();
        lex_blank();
        const Position at = pos_;
        if (auto tr = try_parse_transformer_or_val()) return std::move(*tr);
        if (lex_number()) return value(ValueForm::Number, at);
        throw SyntaxError{"expected a number value or a field with a valid transformer: " +
                          transformer_list_text()};
    }

    Expr parse_str_rhs(bool no_transformer) {
        auto g = guard();
        lex_blank();
        const Position at = pos_;
        if (!no_transformer) {
            if (auto tr = try_parse_transformer_or_val()) return std::move(*tr);
        }
        if (lex_quoted_str()) return value(ValueForm::Quoted, at);
        if (lex_bare_str()) return value(ValueForm::Bare, at);
        if (no_transformer) throw SyntaxError{"expected a string value"};
        throw SyntaxError{"expected a string value or a field with a valid transformer: " +
                          transformer_list_text()};
    }

    // `allow_field` is false after a modifier: only a list or an identifier may follow.
    Expr parse_list_rhs(bool allow_field) {
        auto g = guard();
        lex_blank();
        const Position at = pos_;
        if (lex_str("(")) {
            Expr list = node(Kind::List, at);
            lex_blank();
            // libsinsp swallows any error on the first element and expects ")" right there,
            // so `x in ("\q")` is an empty list while `x in (a, "\q")` is an error.
            std::optional<Expr> first;
            try {
                first = parse_str_rhs(true);
            } catch (const SyntaxError&) {
            }
            if (first) {
                list.children.push_back(std::move(*first));
                lex_blank();
                while (lex_str(",")) {
                    list.children.push_back(parse_str_rhs(true));
                    lex_blank();
                }
            }
            if (!lex_str(")")) throw SyntaxError{"expected a ')' token"};
            list.end = pos_.offset;
            return list;
        }
        if (allow_field) {
            if (auto tr = try_parse_transformer_or_val()) return std::move(*tr);
        }
        if (lex_identifier()) return value(ValueForm::Identifier, at);
        if (!allow_field) throw SyntaxError{"expected a list or an identifier"};
        throw SyntaxError{"expected a list, an identifier, or a field with a valid transformer: " +
                          transformer_list_text()};
    }

    std::optional<Expr> try_parse_transformer_or_val() {
        auto g = guard();
        lex_blank();
        const Position at = pos_;
        if (lex_str("val(")) {
            lex_blank();
            const Position field_at = pos_;
            if (!lex_field_name()) throw SyntaxError{"expected a field within 'val' transformer"};
            Expr tr = node(Kind::Transformer, at);
            tr.text = "val";
            tr.children.push_back(parse_field_remainder(field_at));
            lex_blank();
            if (!lex_str(")")) throw SyntaxError{"expected a ')' token closing the transformer"};
            parse_optional_arg(tr);
            tr.end = pos_.offset;
            return tr;
        }
        if (lex_transformer()) {
            lex_blank();
            return parse_transformer_remainder(transformer_name(), at);
        }
        return std::nullopt;
    }

    std::string_view in_;
    uint32_t max_depth_;
    uint32_t depth_ = 0;
    Position pos_;
    std::string last_token_;
};

}  // namespace

ParseResult parse_condition(std::string_view text, const ParseOptions& options) {
    Parser parser(text, options.max_depth);
    ParseResult result;
    try {
        result.expr = parser.parse();
    } catch (const SyntaxError& e) {
        result.error = ParseError{e.message, parser.position()};
    }
    return result;
}

size_t parse_field_expression(std::string_view text, Expr& out) {
    Parser parser(text, kFalcoMaxDepth);
    try {
        if (!parser.parse_field_or_transformer(out)) return 0;
    } catch (const SyntaxError&) {
        return 0;
    }
    return parser.position().offset;
}

}  // namespace rulekit::grammar
