// Whole-condition analyses Falco runs on a rule's fully resolved AST: the event-type set behind
// LOAD_NO_EVTTYPE (spec §4.9) and the warning resolver's <NA> and deprecated-field checks (§5.2).
#pragma once

#include <string>
#include <vector>

#include "grammar/ast.hpp"
#include "grammar/field_catalog.hpp"

namespace rulekit::ruleset {

// The event codes a syscall-source condition can match (evt.type/syscall.type set checks
// combined through and/or/not; other checks are neutral; evt.num invariants give the empty set),
// counted with the catalog's event table the way libsinsp's ppm_event_codes does.
struct EventTypeSet {
    grammar::EventCodeSet codes;
    size_t code_count() const { return codes.count(); }
    bool empty() const { return codes.none(); }
};
EventTypeSet event_types(const grammar::Expr& condition, const grammar::FieldCatalog& catalog);

// Falco warns when the set holds more than 100 event codes; an empty set does not warn (engine
// 0.63.0, spec §4.9).
bool matches_too_many_event_types(const EventTypeSet& set);

// A check comparing a ka.* or jevt.* field with the literal "<NA>" (LOAD_UNSAFE_NA_CHECK).
std::vector<const grammar::Expr*> unsafe_na_checks(const grammar::Expr& condition);

struct DeprecatedFieldUse {
    std::string field;
    const grammar::Expr* check;  // the first check using it
};
// Deprecated fields used on the left side of a check (inside transformers too), once per field.
std::vector<DeprecatedFieldUse> deprecated_fields(const grammar::Expr& condition);

// The deprecated fields and the messages Falco gives for them.
const std::vector<std::pair<std::string, std::string>>& deprecated_field_messages();

}  // namespace rulekit::ruleset
