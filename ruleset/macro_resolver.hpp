// Replaces macro references in a condition AST by the macros' ASTs, like Falco's
// filter_macro_resolver: identifiers under and/or/not only (checks are not explored), loops
// detected along the current expansion path, unknown names collected.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "grammar/ast.hpp"

namespace rulekit::ruleset {

struct MacroReference {
    std::string name;
    uint32_t text_id;           // the identifier's text and position, for locating it
    grammar::Position pos;
};

struct MacroResolution {
    std::vector<MacroReference> resolved;   // every macro expanded, in visiting order
    std::vector<MacroReference> unknown;    // identifiers that name no visible macro
    std::vector<MacroReference> loops;      // "reference loop in macro 'M'"
    bool too_large = false;                 // expansion exceeded the node budget
};

// Returns the macro's (already list-substituted) AST, or null when `name` is not a visible macro.
using MacroLookup = std::function<const grammar::Expr*(const std::string& name)>;

// Expansion stops growing past this many nodes: nested macros can multiply a condition
// exponentially, and a linter must not hang where Falco would exhaust memory.
inline constexpr size_t kMacroExpansionNodeBudget = 4'000'000;

MacroResolution resolve_macros(grammar::Expr& ast, const MacroLookup& lookup);

}  // namespace rulekit::ruleset
