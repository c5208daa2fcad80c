// Evaluating a resolved Falco condition over a record of field values, with libsinsp's runtime
// semantics for every operator, modifier and transformer, and three-valued logic for fields the
// record does not carry (eval/record.hpp explains null versus not carried).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "eval/record.hpp"
#include "grammar/ast.hpp"
#include "grammar/field_catalog.hpp"

namespace rulekit::eval {

// Kleene's strong three-valued logic.
enum class Truth : uint8_t { False, True, Unknown };
Truth truth_not(Truth t);
Truth truth_and(Truth a, Truth b);
Truth truth_or(Truth a, Truth b);
inline Truth truth_of(bool b) { return b ? Truth::True : Truth::False; }
const char* truth_name(Truth t);  // "false", "true", "unknown"

// Consulted for each sub-expression before it is compiled; a value makes it that constant.
// (Alert replay marks conjuncts an alert proves true this way.)
using KnownTruth = std::function<std::optional<bool>(const grammar::Expr&)>;

struct EvalTrace {
    // For the top-level conjuncts (children of a top-level `and`, or the whole condition): the
    // node and its truth.
    std::vector<std::pair<const grammar::Expr*, Truth>> conjuncts;
    // The fields whose absence from the record made the result unknown (sorted, unique; empty
    // unless Unknown).
    std::vector<std::string> missing_fields;
};

class CompiledCondition {
public:
    // `resolved`: a condition with lists substituted and macros expanded (a Macro node is a
    // compile error). It must outlive the CompiledCondition (the trace points into it).
    // Returns an error message (libsinsp's, e.g. a constant that does not convert to the field
    // type) instead of throwing.
    static std::variant<CompiledCondition, std::string> compile(const grammar::Expr& resolved, std::string_view source,
                                                                const grammar::FieldCatalog& catalog,
                                                                const KnownTruth& known = {});

    // Allocates nothing per check once transformer scratch buffers have grown. Not safe to call
    // concurrently on one object (the scratch buffers are shared): copy it per thread.
    Truth evaluate(const Record& record) const;
    Truth evaluate(const Record& record, EvalTrace& trace) const;
    // The same with the values given by position: values[i] is the value of fields()[i], null
    // when not carried. For callers that judge many alerts against one condition and keep their
    // values in place instead of building a Record per alert (the proof of rulekit gen).
    Truth evaluate(std::span<const FieldValue* const> values) const;

    // Record keys the condition reads, sorted. The filter-only fields that compare either end
    // of a connection (fd.ip, fd.net, fd.port, fd.proto) read fd.cip/fd.sip or fd.cport/fd.sport,
    // and fd.cnet/snet/lnet/rnet read fd.cip/sip/lip/rip, since Falco cannot print them.
    const std::vector<std::string>& fields() const;

    CompiledCondition(const CompiledCondition& other);
    CompiledCondition& operator=(const CompiledCondition& other);
    CompiledCondition(CompiledCondition&&) noexcept;
    CompiledCondition& operator=(CompiledCondition&&) noexcept;
    ~CompiledCondition();

    struct Program;  // the compiled form, shared read-only by copies (eval/src/condition.cpp)
    struct Scratch;  // buffers for transformed values, one per copy

private:
    explicit CompiledCondition(std::shared_ptr<const Program> program);
    std::shared_ptr<const Program> program_;
    std::unique_ptr<Scratch> scratch_;
};

}  // namespace rulekit::eval
