#include "ruleset/condition_analysis.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>

namespace rulekit::ruleset {

using grammar::Expr;
using grammar::Kind;

namespace {

using NameSet = std::set<std::string>;

struct Set {
    bool complement = false;
    NameSet names;
    static Set all() { return {true, {}}; }
    static Set none() { return {false, {}}; }
    Set inverted() const { return {!complement, names}; }
};

Set intersect(const Set& a, const Set& b) {
    Set r;
    if (!a.complement && !b.complement) {
        std::set_intersection(a.names.begin(), a.names.end(), b.names.begin(), b.names.end(),
                              std::inserter(r.names, r.names.end()));
    } else if (a.complement && b.complement) {
        r.complement = true;
        std::set_union(a.names.begin(), a.names.end(), b.names.begin(), b.names.end(),
                       std::inserter(r.names, r.names.end()));
    } else {
        const Set& pos = a.complement ? b : a;
        const Set& neg = a.complement ? a : b;
        std::set_difference(pos.names.begin(), pos.names.end(), neg.names.begin(), neg.names.end(),
                            std::inserter(r.names, r.names.end()));
    }
    return r;
}

Set unite(const Set& a, const Set& b) { return intersect(a.inverted(), b.inverted()).inverted(); }

bool is_plain_field(const Expr& e, std::string_view name) {
    return e.kind == Kind::Field && !e.has_arg && e.text == name;
}

// "Plain decimal literal" as Falco's evt.num invariant reads it: digits only.
bool decimal(const std::string& s, unsigned long long& value) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) return false;
    value = std::strtoull(s.c_str(), nullptr, 10);
    return true;
}

// nullopt: the check is neutral. Otherwise the set the check (not negated) selects.
std::optional<Set> leaf_set(const Expr& check) {
    const Expr& lhs = check.children[0];
    const bool evt_type = is_plain_field(lhs, "evt.type") || is_plain_field(lhs, "syscall.type");
    if (check.kind == Kind::UnaryCheck) {
        if (evt_type) return Set::all();
        return std::nullopt;
    }
    const Expr& rhs = check.children[1];
    const std::string& op = check.text;
    if (evt_type) {
        if (op != "=" && op != "==" && op != "!=" && op != "in") return std::nullopt;
        Set s;
        if (rhs.kind == Kind::Value) s.names.insert(rhs.text);
        else if (rhs.kind == Kind::List) for (const auto& v : rhs.children) s.names.insert(v.text);
        else return std::nullopt;  // a right-hand field: Falco aborts (reported elsewhere)
        return op == "!=" ? s.inverted() : s;
    }
    if (is_plain_field(lhs, "evt.num")) {
        unsigned long long n = 0;
        if ((op == "=" || op == "==") && rhs.kind == Kind::Value && decimal(rhs.text, n)) {
            return n == 0 ? std::optional<Set>(Set::none()) : std::nullopt;
        }
        if (op == "<" && rhs.kind == Kind::Value && decimal(rhs.text, n) && n <= 1) return Set::none();
        if (op == "<=" && rhs.kind == Kind::Value && decimal(rhs.text, n) && n == 0) return Set::none();
        if (op == "!=" && rhs.kind == Kind::Value && decimal(rhs.text, n) && n == 0) return Set::all();
        if (op == ">" && rhs.kind == Kind::Value && decimal(rhs.text, n) && n == 0) return Set::all();
        if (op == ">=" && rhs.kind == Kind::Value && decimal(rhs.text, n) && n <= 1) return Set::all();
        if (op == "in" && rhs.kind == Kind::List) {
            for (const auto& v : rhs.children) {
                if (!decimal(v.text, n) || n != 0) return std::nullopt;
            }
            return Set::none();
        }
    }
    return std::nullopt;
}

Set analyse(const Expr& e, bool negated) {
    switch (e.kind) {
        case Kind::And:
        case Kind::Or: {
            const bool conjunction = (e.kind == Kind::And) != negated;
            Set acc = conjunction ? Set::all() : Set::none();
            for (const auto& c : e.children) {
                Set s = analyse(c, negated);
                acc = conjunction ? intersect(acc, s) : unite(acc, s);
            }
            return acc;
        }
        case Kind::Not:
            return analyse(e.children[0], !negated);
        case Kind::UnaryCheck:
        case Kind::BinaryCheck: {
            auto s = leaf_set(e);
            if (!s) return Set::all();
            return negated ? s->inverted() : *s;
        }
        default:
            return Set::all();  // an unresolved macro: nothing is known
    }
}

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

EventTypeSet event_types(const Expr& condition) {
    Set s = analyse(condition, false);
    return {s.complement, std::vector<std::string>(s.names.begin(), s.names.end())};
}

bool matches_too_many_event_types(const EventTypeSet& set, size_t known_event_count) {
    const size_t names = set.complement ? (known_event_count > set.names.size() ? known_event_count - set.names.size() : 0)
                                        : set.names.size();
    return names * 2 > 100;
}

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
