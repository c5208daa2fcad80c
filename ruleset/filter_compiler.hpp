// What libsinsp's filter compiler says about a resolved condition: field, argument, operator,
// value and transformer errors with libsinsp's own texts, and its compiler warnings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/ast.hpp"
#include "grammar/field_catalog.hpp"

namespace rulekit::ruleset {

enum class CompileCategory : uint8_t {
    UnknownField,          // "filter_check called with nonexistent field X"
    FieldArgument,         // the field exists but its argument is rejected
    OperatorTypeMismatch,  // operator not supported for the (transformed) field type
    InvalidValue,          // a constant does not convert to the field type (incl. evt.type)
    Transformer,           // transformer arity, input types, arguments
    RhsField,              // field-to-field comparison rules
    UnresolvedMacro,       // an identifier left in the AST ("unexpected identifier")
    FalcoAborts,           // Falco exits instead of reporting a load result
};

const char* category_name(CompileCategory c);  // "unknown-field", "operator-type-mismatch", …

struct CompileProblem {
    std::string message;  // libsinsp's text
    CompileCategory category = CompileCategory::UnknownField;
    // skip-if-unknown-filter turns this error into a LOAD_UNKNOWN_FILTER warning.
    bool downgradable = false;
    // The most specific node (field, transformer or value) and the check it belongs to, which
    // is where Falco reports compiler errors. Both point into the compiled AST.
    const grammar::Expr* node = nullptr;
    const grammar::Expr* check = nullptr;
};

struct CompileWarning {
    std::string message;
    const grammar::Expr* node = nullptr;   // the constant value
    const grammar::Expr* check = nullptr;
};

struct CompileReport {
    std::vector<CompileProblem> errors;  // in Falco's discovery order: errors[0] is what Falco reports
    std::vector<CompileWarning> warnings;
    bool ok() const { return errors.empty(); }
};

// The substrings that make skip-if-unknown-filter downgrade an error (spec 4.7).
bool downgraded_by_skip_if_unknown_filter(std::string_view message);

class FilterCompiler {
public:
    explicit FilterCompiler(const grammar::FieldCatalog& catalog) : catalog_(catalog) {}

    // `condition` must be fully resolved (macros expanded, lists substituted). Every problem
    // is reported, not just the first; an unknown source yields no findings because Falco
    // never compiles such a rule.
    CompileReport compile(const grammar::Expr& condition, std::string_view source) const;

    // Whether a field or transformer expression, as written in an output format or an
    // exception's `fields`, compiles for `source`; `error` receives libsinsp's message.
    bool field_expression_compiles(std::string_view source, const grammar::Expr& field_or_transformer,
                                   std::string* error) const;

private:
    const grammar::FieldCatalog& catalog_;
};

}  // namespace rulekit::ruleset
