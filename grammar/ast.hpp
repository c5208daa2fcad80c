// The condition AST: what Falco's libsinsp filter parser builds, plus source spans.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rulekit::grammar {

// Where a node starts inside the condition text. `offset` is 0-based (bytes), `line` and
// `column` are 1-based and, as in libsinsp, every CR and every LF starts a new line.
struct Position {
    uint32_t offset = 0;
    uint32_t line = 1;
    uint32_t column = 1;
    bool operator==(const Position&) const = default;
};

enum class Kind : uint8_t {
    And,              // children: 2+ operands
    Or,               // children: 2+ operands
    Not,              // children: 1 operand
    Macro,            // text: identifier standing alone as a check
    Value,            // text: decoded constant (quoted, bare, number or identifier)
    List,             // children: Value nodes, "(a, b)"
    TransformerList,  // children: Field / Transformer / Value nodes, "(a, b)" inside a transformer
    UnaryCheck,       // text: operator ("exists"); children: [lhs]
    BinaryCheck,      // text: operator (e.g. "=", "in", "startswith oneof"); children: [lhs, rhs]
    Field,            // text: field name; arg when has_arg
    Transformer,      // text: transformer name (incl. "val"); children: arguments; arg when has_arg
};

// How a Value was written; the AST equality below ignores it, as libsinsp's does.
enum class ValueForm : uint8_t { Bare, Quoted, Number, Identifier };

struct Expr {
    Kind kind = Kind::Value;
    ValueForm form = ValueForm::Bare;
    bool has_arg = false;
    Position pos;            // start of the node, as libsinsp records it
    uint32_t text_id = 0;    // which text `pos` refers to, for callers that parse many texts
    uint32_t end = 0;        // offset one past the node's last byte
    std::string text;
    std::string arg;         // decoded field/transformer argument
    std::vector<Expr> children;

    // Structural equality: kinds, texts, arguments and children; positions are ignored.
    bool same_as(const Expr& other) const;
};

const char* kind_name(Kind k);

}  // namespace rulekit::grammar
