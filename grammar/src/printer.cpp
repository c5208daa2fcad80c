#include "grammar/printer.hpp"

#include "grammar/escaping.hpp"
#include "grammar/lexemes.hpp"

namespace rulekit::grammar {

namespace {

bool whole(size_t matched, std::string_view s) { return !s.empty() && matched == s.size(); }

class Printer {
public:
    explicit Printer(PrintStyle style) : style_(style) {}

    void expr(const Expr& e, std::string& out) const {
        switch (e.kind) {
            case Kind::And:
            case Kind::Or: {
                // Falco wraps every and/or in parentheses. The canonical form adds only those the
                // tree needs (a group nested in its own kind, an `or` inside an `and`), so that
                // printing never nests deeper than the source and stays under the depth limit.
                const bool falco = style_ == PrintStyle::Falco;
                if (falco) out += '(';
                for (size_t i = 0; i < e.children.size(); ++i) {
                    const Expr& child = e.children[i];
                    if (i) {
                        // A macro named `not` followed by a space would read back as the keyword;
                        // a backspace separates tokens just as well without that effect.
                        const bool after_not_macro = !falco && ends_with_not_macro(e.children[i - 1], e.kind);
                        out += after_not_macro ? '\b' : ' ';
                        out += e.kind == Kind::And ? "and " : "or ";
                    }
                    const bool wrap = !falco && needs_parentheses(child, e.kind);
                    if (wrap) out += '(';
                    expr(child, out);
                    if (wrap) out += ')';
                }
                if (falco) out += ')';
                return;
            }
            case Kind::Not:
                if (style_ == PrintStyle::Canonical && is_group(e.children[0])) {
                    // `not(` keeps a nested `not` a node of its own (consecutive `not` keywords
                    // cancel) and costs less depth than `not (`.
                    out += "not(";
                    expr(e.children[0], out);
                    out += ')';
                } else {
                    out += "not ";
                    expr(e.children[0], out);
                }
                return;
            case Kind::Macro:
                out += e.text;
                return;
            case Kind::UnaryCheck:
                operand(e.children[0], out);
                out += ' ';
                out += e.text;
                return;
            case Kind::BinaryCheck:
                operand(e.children[0], out);
                out += ' ';
                out += e.text;
                out += ' ';
                rhs(e, out);
                return;
            case Kind::Field:
            case Kind::Transformer:
            case Kind::TransformerList:
            case Kind::Value:
            case Kind::List:
                operand(e, out);
                return;
        }
    }

private:
    static bool is_group(const Expr& e) { return e.kind == Kind::And || e.kind == Kind::Or || e.kind == Kind::Not; }

    static bool needs_parentheses(const Expr& child, Kind parent) {
        return child.kind == parent || (parent == Kind::And && child.kind == Kind::Or);
    }

    // Whether the canonical text of `e`, printed as a child of `parent`, ends with a macro named
    // `not` (as a bare word, not closed by a parenthesis).
    static bool ends_with_not_macro(const Expr& e, Kind parent) {
        switch (e.kind) {
            case Kind::Macro: return e.text == "not";
            case Kind::Not: return !is_group(e.children[0]) && ends_with_not_macro(e.children[0], Kind::Not);
            case Kind::And:
            case Kind::Or: return !needs_parentheses(e, parent) && ends_with_not_macro(e.children.back(), e.kind);
            default: return false;
        }
    }

    void rhs(const Expr& check, std::string& out) const {
        const Expr& r = check.children[1];
        if (r.kind != Kind::Value) {
            operand(r, out);
            return;
        }
        // A lone value is read back in the context its operator gives it.
        if (style_ == PrintStyle::Falco || r.form == ValueForm::Number || r.form == ValueForm::Identifier) {
            value_in_context(r, out, ValueContext::Raw);
        } else if (reads_as_modifier(r.text)) {
            out += quote(r.text);
        } else {
            value_in_context(r, out, ValueContext::BareString);
        }
    }

    // After "op " a bare value such as "anyof<BS>x" reads back as the modifier `anyof` applied to
    // the list `x` (a backspace is a bare-string character but also a blank).
    static bool reads_as_modifier(const std::string& value) {
        for (std::string_view modifier : {"oneof", "anyof", "allof"}) {
            if (value.size() > modifier.size() && value.compare(0, modifier.size(), modifier) == 0 &&
                value[modifier.size()] == '\b') {
                return true;
            }
        }
        return false;
    }

    enum class ValueContext { Raw, BareString, NumberOrQuoted };

    void value_in_context(const Expr& v, std::string& out, ValueContext ctx) const {
        if (style_ == PrintStyle::Falco) {
            out += falco_escape(v.text);
            return;
        }
        switch (ctx) {
            case ValueContext::Raw:
                out += v.text;
                return;
            case ValueContext::BareString:
                // A leading backspace is a bare-string character but also a blank, which the
                // parser skips before a value: such a value only survives quoted.
                if (whole(lex::bare_string(v.text), v.text) && v.text.front() != '\b') out += v.text;
                else out += quote(v.text);
                return;
            case ValueContext::NumberOrQuoted:
                if (whole(lex::hex_number(v.text), v.text) || whole(lex::number(v.text), v.text)) out += v.text;
                else out += quote(v.text);
                return;
        }
    }

    void argument(const Expr& e, std::string& out) const {
        if (!e.has_arg) return;
        out += '[';
        if (style_ == PrintStyle::Canonical && !whole(lex::field_arg_bare(e.arg), e.arg)) out += quote(e.arg);
        else if (style_ == PrintStyle::Falco && e.arg.find_first_of(" \t\r\n\"'[]") != std::string::npos)
            out += falco_escape(e.arg);
        else out += e.arg;
        out += ']';
    }

    void operand(const Expr& e, std::string& out) const {
        switch (e.kind) {
            case Kind::Field:
                out += e.text;
                argument(e, out);
                return;
            case Kind::Transformer:
                out += e.text;
                out += '(';
                for (size_t i = 0; i < e.children.size(); ++i) {
                    if (i) out += style_ == PrintStyle::Falco ? "," : ", ";
                    transformer_arg(e.children[i], out);
                }
                out += ')';
                argument(e, out);
                return;
            case Kind::TransformerList:
                out += '(';
                for (size_t i = 0; i < e.children.size(); ++i) {
                    if (i) out += ", ";
                    transformer_arg(e.children[i], out);
                }
                out += ')';
                return;
            case Kind::List:
                out += '(';
                for (size_t i = 0; i < e.children.size(); ++i) {
                    if (i) out += ", ";
                    value_in_context(e.children[i], out, ValueContext::BareString);
                }
                out += ')';
                return;
            case Kind::Value:
                value_in_context(e, out, ValueContext::BareString);
                return;
            default:
                expr(e, out);
                return;
        }
    }

    void transformer_arg(const Expr& e, std::string& out) const {
        if (e.kind == Kind::Value) value_in_context(e, out, ValueContext::NumberOrQuoted);
        else operand(e, out);
    }

    PrintStyle style_;
};

}  // namespace

std::string print(const Expr& e, PrintStyle style) {
    std::string out;
    Printer(style).expr(e, out);
    return out;
}

}  // namespace rulekit::grammar
