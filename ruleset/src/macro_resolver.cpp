#include "ruleset/macro_resolver.hpp"

#include <algorithm>

namespace rulekit::ruleset {

namespace {

size_t count_nodes(const grammar::Expr& e) {
    size_t n = 1;
    for (const auto& c : e.children) n += count_nodes(c);
    return n;
}

class Resolver {
public:
    Resolver(const MacroLookup& lookup, MacroResolution& out) : lookup_(lookup), out_(out) {}

    void visit(grammar::Expr& e) {
        using grammar::Kind;
        switch (e.kind) {
            case Kind::And:
            case Kind::Or:
            case Kind::Not:
                for (auto& child : e.children) visit(child);
                return;
            case Kind::Macro:
                expand(e);
                return;
            default:
                return;  // checks are not explored, as in Falco
        }
    }

private:
    void expand(grammar::Expr& e) {
        MacroReference ref{e.text, e.text_id, e.pos};
        const grammar::Expr* macro = lookup_(e.text);
        if (!macro) {
            out_.unknown.push_back(std::move(ref));
            return;
        }
        if (std::find(path_.begin(), path_.end(), e.text) != path_.end()) {
            out_.loops.push_back(ref);
            out_.unknown.push_back(std::move(ref));
            return;
        }
        budget_used_ += count_nodes(*macro);
        if (budget_used_ > kMacroExpansionNodeBudget) {
            out_.too_large = true;
            return;
        }
        path_.push_back(e.text);
        grammar::Expr copy = *macro;
        visit(copy);
        path_.pop_back();
        e = std::move(copy);
        out_.resolved.push_back(std::move(ref));
    }

    const MacroLookup& lookup_;
    MacroResolution& out_;
    std::vector<std::string> path_;
    size_t budget_used_ = 0;
};

}  // namespace

MacroResolution resolve_macros(grammar::Expr& ast, const MacroLookup& lookup) {
    MacroResolution out;
    Resolver(lookup, out).visit(ast);
    return out;
}

}  // namespace rulekit::ruleset
