// Falco condition parser: accepts and rejects exactly what libsinsp's filter parser does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "grammar/ast.hpp"

namespace rulekit::grammar {

// Falco sets this for rule and macro conditions (libsinsp's own default is 100).
inline constexpr uint32_t kFalcoMaxDepth = 1000;

struct ParseError {
    std::string message;  // libsinsp's words
    Position pos;         // where libsinsp's cursor stood when it gave up
};

struct ParseResult {
    std::optional<Expr> expr;
    std::optional<ParseError> error;
    bool ok() const { return expr.has_value(); }
};

struct ParseOptions {
    uint32_t max_depth = kFalcoMaxDepth;
};

ParseResult parse_condition(std::string_view text, const ParseOptions& options = {});

// Parses `text` as libsinsp does when it compiles an output token or an exception field:
// a field or transformer expression at the very start. Returns the consumed length
// (0 when nothing lexes) and fills `out`.
size_t parse_field_expression(std::string_view text, Expr& out);

}  // namespace rulekit::grammar
