// list-name-literal
//
// A bare word inside a list value or a list operator's operand that is neither a defined list
// nor plausibly a literal (it looks like a list name with a typo).
// Why it matters: Falco silently compares with the literal string, so the check never matches
// what was meant.
//
// Example:
//     condition: proc.name in (shell_binaris)
//
// Fix: Fix the list name (did-you-mean is shown) or quote the literal.
#include "lint/check_registry.hpp"
#include "grammar/edit_distance.hpp"
#include "lint/checks/beyond_falco.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace rulekit::lint::checks {

extern const CheckInfo kListNameLiteral;
const CheckInfo kListNameLiteral = {
    "list-name-literal",
    Severity::Warning,
    "",
    "A bare word inside a list value or a list operator's operand that is neither a defined list nor plausibly a literal (it looks like a list name with a typo).",
    "Fix the list name (did-you-mean is shown) or quote the literal.",
};


namespace {

// snake_case words are how lists are named and rarely what a process, file or user is called.
bool looks_like_a_name(const std::string& v) {
    if (v.size() < 4 || v.find('_') == std::string::npos) return false;
    if (!std::islower(static_cast<unsigned char>(v[0]))) return false;
    return std::all_of(v.begin(), v.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
}

void visit(const grammar::Expr& e, const KnownNames& names, std::vector<LiteralFinding>& out) {
    using grammar::Kind;
    if (e.kind == Kind::And || e.kind == Kind::Or || e.kind == Kind::Not) {
        for (const auto& c : e.children) visit(c, names, out);
        return;
    }
    if (e.kind != Kind::BinaryCheck) return;
    const grammar::Expr& rhs = e.children[1];
    std::vector<const grammar::Expr*> values;
    if (rhs.kind == Kind::List) for (const auto& v : rhs.children) values.push_back(&v);
    if (rhs.kind == Kind::Value && rhs.form == grammar::ValueForm::Identifier) values.push_back(&rhs);
    for (const grammar::Expr* v : values) {
        if (v->form == grammar::ValueForm::Quoted || !looks_like_a_name(v->text)) continue;
        if (names.macros.count(v->text)) {
            out.push_back({v, fmt::format("'{}' is a macro, not a list: inside a list value Falco compares with the "
                                          "literal text '{}'",
                                          v->text, v->text),
                           "use the macro as a condition on its own, or define a list"});
            continue;
        }
        auto [cached, fresh] = names.nearest_list.try_emplace(v->text);
        if (fresh) cached->second = grammar::nearest_name(v->text, names.lists, std::max<size_t>(2, v->text.size() / 5) + 1);
        const auto& best = cached->second;
        if (!best) continue;
        out.push_back({v, fmt::format("'{}' is not a list, so Falco compares with the literal text '{}'", v->text, v->text),
                       fmt::format("did you mean the list '{}'? (quote the value if the literal is intended)", *best)});
    }
}

}  // namespace

std::vector<LiteralFinding> list_name_literal(const grammar::Expr& condition, const KnownNames& names) {
    std::vector<LiteralFinding> out;
    visit(condition, names, out);
    return out;
}

}  // namespace rulekit::lint::checks
