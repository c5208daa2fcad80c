#include "ruleset/condition_analysis.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>

namespace rulekit::ruleset {

using grammar::Expr;
using grammar::Kind;

namespace {

using grammar::EventCodeSet;
using grammar::FieldCatalog;

bool is_plain_field(const Expr& e, std::string_view name) {
    return e.kind == Kind::Field && !e.has_arg && e.text == name;
}

// "Plain decimal literal" as Falco's evt.num invariant reads it: digits only.
bool decimal(const std::string& s, unsigned long long& value) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) return false;
    value = std::strtoull(s.c_str(), nullptr, 10);
    return true;
}

// Sets are code sets, as in libsinsp: names that share codes (a syscall-only name and another
// one, both mapped to the generic codes) are not told apart by and/or/not.
struct CodeAnalysis {
    const FieldCatalog& catalog;

    EventCodeSet all() const { return catalog.all_event_codes(); }
    EventCodeSet inverted(const EventCodeSet& s) const { return all() & ~s; }

    // nullopt: the check is neutral. Otherwise the set the check (not negated) selects.
    std::optional<EventCodeSet> leaf_set(const Expr& check) const {
        const Expr& lhs = check.children[0];
        const bool evt_type = is_plain_field(lhs, "evt.type") || is_plain_field(lhs, "syscall.type");
        if (check.kind == Kind::UnaryCheck) {
            if (evt_type) return all();
            return std::nullopt;
        }
        const Expr& rhs = check.children[1];
        const std::string& op = check.text;
        if (evt_type) {
            if (op != "=" && op != "==" && op != "!=" && op != "in") return std::nullopt;
            EventCodeSet s;
            if (rhs.kind == Kind::Value) s = catalog.event_codes(rhs.text);
            else if (rhs.kind == Kind::List) for (const auto& v : rhs.children) s |= catalog.event_codes(v.text);
            else return std::nullopt;  // a right-hand field: Falco aborts (reported elsewhere)
            return op == "!=" ? inverted(s) : s;
        }
        if (is_plain_field(lhs, "evt.num")) {
            unsigned long long n = 0;
            const EventCodeSet none;
            if ((op == "=" || op == "==") && rhs.kind == Kind::Value && decimal(rhs.text, n)) {
                return n == 0 ? std::optional<EventCodeSet>(none) : std::nullopt;
            }
            if (op == "<" && rhs.kind == Kind::Value && decimal(rhs.text, n) && n <= 1) return none;
            if (op == "<=" && rhs.kind == Kind::Value && decimal(rhs.text, n) && n == 0) return none;
            if (op == "!=" && rhs.kind == Kind::Value && decimal(rhs.text, n) && n == 0) return all();
            if (op == ">" && rhs.kind == Kind::Value && decimal(rhs.text, n) && n == 0) return all();
            if (op == ">=" && rhs.kind == Kind::Value && decimal(rhs.text, n) && n <= 1) return all();
            if (op == "in" && rhs.kind == Kind::List) {
                for (const auto& v : rhs.children) {
                    if (!decimal(v.text, n) || n != 0) return std::nullopt;
                }
                return none;
            }
        }
        return std::nullopt;
    }

    EventCodeSet analyse(const Expr& e, bool negated) const {
        switch (e.kind) {
            case Kind::And:
            case Kind::Or: {
                const bool conjunction = (e.kind == Kind::And) != negated;
                EventCodeSet acc = conjunction ? all() : EventCodeSet();
                for (const auto& c : e.children) {
                    const EventCodeSet s = analyse(c, negated);
                    if (conjunction) acc &= s;
                    else acc |= s;
                }
                return acc;
            }
            case Kind::Not:
                return analyse(e.children[0], !negated);
            case Kind::UnaryCheck:
            case Kind::BinaryCheck: {
                auto s = leaf_set(e);
                if (!s) return all();
                return negated ? inverted(*s) : *s;
            }
            default:
                return all();  // an unresolved macro: nothing is known
        }
    }
};

template <typename F>
void for_each_check(const Expr& e, F&& f) {
    if (e.kind == Kind::UnaryCheck || e.kind == Kind::BinaryCheck) {
        f(e);
        return;
    }
    if (e.kind == Kind::And || e.kind == Kind::Or || e.kind == Kind::Not) {
        for (const auto& c : e.children) for_each_check(c, f);
    }
}

void collect_fields(const Expr& e, std::vector<const Expr*>& out) {
    if (e.kind == Kind::Field) out.push_back(&e);
    if (e.kind == Kind::Transformer || e.kind == Kind::TransformerList) {
        for (const auto& c : e.children) collect_fields(c, out);
    }
}

}  // namespace

EventTypeSet event_types(const Expr& condition, const FieldCatalog& catalog) {
    return {CodeAnalysis{catalog}.analyse(condition, false)};
}

bool matches_too_many_event_types(const EventTypeSet& set) { return set.code_count() > 100; }

std::vector<const Expr*> unsafe_na_checks(const Expr& condition) {
    std::vector<const Expr*> out;
    for_each_check(condition, [&](const Expr& check) {
        if (check.kind != Kind::BinaryCheck) return;
        const Expr& lhs = check.children[0];
        if (lhs.kind != Kind::Field) return;
        if (lhs.text.rfind("ka.", 0) != 0 && lhs.text.rfind("jevt.", 0) != 0) return;
        const std::string& op = check.text;
        const Expr& rhs = check.children[1];
        bool na = false;
        if (op == "=" || op == "==" || op == "!=") na = rhs.kind == Kind::Value && rhs.text == "<NA>";
        if (op == "in" || op == "intersects" || op == "pmatch") {
            if (rhs.kind == Kind::List) {
                for (const auto& v : rhs.children) na = na || v.text == "<NA>";
            } else if (rhs.kind == Kind::Value) {
                na = rhs.text == "<NA>";
            }
        }
        if (na) out.push_back(&check);
    });
    return out;
}

const std::vector<std::pair<std::string, std::string>>& deprecated_field_messages() {
    static const std::vector<std::pair<std::string, std::string>> fields = {
        {"evt.dir",
         "due to the drop of enter events, 'evt.dir = <' always evaluates to true, and 'evt.dir = >' always "
         "evaluates to false. The rule expression can be simplified by removing the condition on 'evt.dir'"},
        {"evt.latency", "field is not available due to the drop of enter events."},
        {"evt.latency.s", "field is not available due to the drop of enter events."},
        {"evt.latency.ns", "field is not available due to the drop of enter events."},
        {"evt.latency.human", "field is not available due to the drop of enter events."},
        {"evt.wait_latency", "field is not available due to the drop of enter events."},
    };
    return fields;
}

std::vector<DeprecatedFieldUse> deprecated_fields(const Expr& condition) {
    std::vector<DeprecatedFieldUse> out;
    for_each_check(condition, [&](const Expr& check) {
        std::vector<const Expr*> fields;
        collect_fields(check.children[0], fields);
        for (const Expr* f : fields) {
            for (const auto& entry : deprecated_field_messages()) {
                const std::string& name = entry.first;
                if (f->text != name) continue;
                const bool seen = std::any_of(out.begin(), out.end(), [&](const auto& u) { return u.field == name; });
                if (!seen) out.push_back({name, &check});
            }
        }
    });
    return out;
}

}  // namespace rulekit::ruleset
