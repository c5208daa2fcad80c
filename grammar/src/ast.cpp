#include "grammar/ast.hpp"

namespace rulekit::grammar {

bool Expr::same_as(const Expr& other) const {
    if (kind != other.kind || text != other.text || has_arg != other.has_arg || arg != other.arg ||
        children.size() != other.children.size()) {
        return false;
    }
    for (size_t i = 0; i < children.size(); ++i) {
        if (!children[i].same_as(other.children[i])) return false;
    }
    return true;
}

const char* kind_name(Kind k) {
    switch (k) {
        case Kind::And: return "and";
        case Kind::Or: return "or";
        case Kind::Not: return "not";
        case Kind::Macro: return "identifier";
        case Kind::Value: return "value";
        case Kind::List: return "list";
        case Kind::TransformerList: return "transformer_list";
        case Kind::UnaryCheck: return "unary_check";
        case Kind::BinaryCheck: return "binary_check";
        case Kind::Field: return "field";
        case Kind::Transformer: return "field_transformer";
    }
    return "?";
}

}  // namespace rulekit::grammar
