// Canonical text of a condition AST.
#pragma once

#include <string>

#include "grammar/ast.hpp"

namespace rulekit::grammar {

enum class PrintStyle {
    // Re-parsable: parse(print(e)) is structurally equal to e. Values are quoted whenever
    // their bare form would lex differently (empty, commas, parentheses, trailing backslash…).
    Canonical,
    // Exactly libsinsp's string form, as `falco -L` prints condition_compiled. Not always
    // re-parsable (an empty value prints as nothing, "x,y" stays bare).
    Falco,
};

std::string print(const Expr& e, PrintStyle style = PrintStyle::Canonical);

}  // namespace rulekit::grammar
