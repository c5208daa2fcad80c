// Emulation of libsinsp's sinsp_filter_compiler: the checks it runs while turning a condition
// AST into filter checks (field resolution, transformers, flt_is_comparable, RHS fields, value
// parsing in sinsp_filter_value_parser, evt.type/evt.around validation) and its warnings.
// Unlike libsinsp it carries on after a problem, so that every independent one is reported.
#include "ruleset/filter_compiler.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <span>

#include <re2/re2.h>

#include "ruleset/field_values.hpp"

namespace rulekit::ruleset {

using grammar::Expr;
using grammar::FieldInfo;
using grammar::FieldType;
using grammar::Kind;

namespace {

enum class Op : uint8_t {
    Eq, Ne, Lt, Le, Gt, Ge, Contains, Icontains, Bcontains, Startswith, Bstartswith, Endswith,
    Glob, Iglob, Regex, In, Intersects, Pmatch, Exists,
};

std::optional<Op> op_from_text(std::string_view s) {
    static constexpr std::pair<std::string_view, Op> kOps[] = {
        {"=", Op::Eq},           {"==", Op::Eq},          {"!=", Op::Ne},
        {"<", Op::Lt},           {"<=", Op::Le},          {">", Op::Gt},
        {">=", Op::Ge},          {"contains", Op::Contains}, {"icontains", Op::Icontains},
        {"bcontains", Op::Bcontains}, {"startswith", Op::Startswith}, {"bstartswith", Op::Bstartswith},
        {"endswith", Op::Endswith}, {"glob", Op::Glob},    {"iglob", Op::Iglob},
        {"regex", Op::Regex},    {"in", Op::In},          {"intersects", Op::Intersects},
        {"pmatch", Op::Pmatch},  {"exists", Op::Exists},
    };
    for (const auto& [text, op] : kOps) {
        if (text == s) return op;
    }
    return std::nullopt;
}

// cmpop_to_str(): how libsinsp names an operator in its messages.
const char* op_text(Op op) {
    switch (op) {
        case Op::Eq: return "=";
        case Op::Ne: return "!=";
        case Op::Lt: return "<";
        case Op::Le: return "<=";
        case Op::Gt: return ">";
        case Op::Ge: return ">=";
        case Op::Contains: return "contains";
        case Op::Icontains: return "icontains";
        case Op::Bcontains: return "bcontains";
        case Op::Startswith: return "startswith";
        case Op::Bstartswith: return "bstartswith";
        case Op::Endswith: return "endswith";
        case Op::Glob: return "glob";
        case Op::Iglob: return "iglob";
        case Op::Regex: return "regex";
        case Op::In: return "in";
        case Op::Intersects: return "intersects";
        case Op::Pmatch: return "pmatch";
        case Op::Exists: return "exists";
    }
    return "unknown";
}

// std::to_string(cmpop): the upper-case spelling used in the RHS-field messages.
std::string op_upper(Op op) {
    std::string s = op_text(op);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return s;
}

bool is_ip_type(FieldType t) {
    switch (t) {
        case FieldType::Ipv4addr:
        case FieldType::Ipv6addr:
        case FieldType::Ipaddr:
        case FieldType::Ipv4net:
        case FieldType::Ipv6net:
        case FieldType::Ipnet: return true;
        default: return false;
    }
}

bool is_net_type(FieldType t) {
    return t == FieldType::Ipnet || t == FieldType::Ipv4net || t == FieldType::Ipv6net;
}

bool is_string_type(FieldType t) {
    return t == FieldType::Charbuf || t == FieldType::Fspath || t == FieldType::Fsrelpath;
}

// flt_is_comparable(): the message libsinsp throws (without its "filter error: " prefix), or
// nothing when the operator fits the type.
std::optional<std::string> comparability_error(Op op, FieldType t, bool is_list) {
    if (op == Op::Exists) return std::nullopt;
    const std::string quoted = std::string("'") + op_text(op) + "'";
    if (is_list) {
        switch (t) {
            case FieldType::Charbuf:
            case FieldType::Uint64:
            case FieldType::Reltime:
            case FieldType::Abstime:
            case FieldType::Bool:
            case FieldType::Ipaddr:
            case FieldType::Ipnet:
                if (op == Op::In || op == Op::Intersects) return std::nullopt;
                return quoted + " operator not supported list filters";
            default: return std::string("list filters are not supported for type '") + grammar::field_type_name(t) + "'";
        }
    }
    auto allowed = [&](std::initializer_list<Op> ops, const char* kind) -> std::optional<std::string> {
        if (std::find(ops.begin(), ops.end(), op) != ops.end()) return std::nullopt;
        return quoted + " operator not supported for " + kind + " filters";
    };
    switch (t) {
        case FieldType::Int8: case FieldType::Int16: case FieldType::Int32: case FieldType::Int64:
        case FieldType::Uint8: case FieldType::Uint16: case FieldType::Uint32: case FieldType::Uint64:
        case FieldType::Errno: case FieldType::Fd: case FieldType::Pid: case FieldType::Syscallid:
        case FieldType::Sigtype: case FieldType::Reltime: case FieldType::Abstime: case FieldType::Port:
        case FieldType::Flags8: case FieldType::Flags16: case FieldType::Flags32: case FieldType::Double:
        case FieldType::Mode: case FieldType::Enumflags8: case FieldType::Enumflags16: case FieldType::Enumflags32:
            return allowed({Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::In, Op::Intersects}, "numeric");
        case FieldType::Bool:
            // libsinsp reuses the numeric wording for booleans.
            return allowed({Op::Eq, Op::Ne, Op::In, Op::Intersects}, "numeric");
        case FieldType::Ipv4addr: case FieldType::Ipv4net: case FieldType::Ipv6addr:
        case FieldType::Ipv6net: case FieldType::Ipaddr: case FieldType::Ipnet:
            return allowed({Op::Eq, Op::Ne, Op::In, Op::Intersects}, "ip address and network");
        case FieldType::Charbuf: case FieldType::Fspath: case FieldType::Fsrelpath:
            return allowed({Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::Contains, Op::In, Op::Icontains,
                            Op::Startswith, Op::Glob, Op::Pmatch, Op::Endswith, Op::Intersects, Op::Iglob, Op::Regex},
                           "string");
        case FieldType::Bytebuf:
            return allowed({Op::Eq, Op::Ne, Op::Contains, Op::In, Op::Startswith, Op::Endswith, Op::Intersects,
                            Op::Bcontains, Op::Bstartswith},
                           "buffer");
        default:
            return quoted + " operator not supported for type '" + grammar::field_type_name(t) + "'";
    }
}

// sinsp_filter_value_parser::string_to_rawval(): the message for a constant that does not
// convert to `type`, or nothing.
std::optional<std::string> value_error(FieldType type, const std::string& v) {
    auto parsed = parse_constant(type, v);
    if (auto* message = std::get_if<std::string>(&parsed)) return std::move(*message);
    return std::nullopt;
}

// The operand of a check after field resolution and transformers: what libsinsp's
// get_transformed_field_info() would say, plus the untransformed field for flag checks.
struct Operand {
    FieldType type = FieldType::Charbuf;
    bool is_list = false;
    std::string name;                 // field name used in libsinsp's messages
    const FieldInfo* field = nullptr;  // the underlying catalog field; null for literals and
                                       // multi-value transformer results
};

constexpr std::string_view kSingleValueTransformers[] = {"tolower", "toupper", "b64", "basename", "len"};
constexpr std::string_view kMultiValueTransformers[] = {"join", "concat", "getopt"};

bool is_one_of(std::string_view s, std::span<const std::string_view> set) {
    return std::find(set.begin(), set.end(), s) != set.end();
}

// A single-value transformer's effect on the operand type, or false when it cannot apply.
bool apply_transformer(std::string_view name, Operand& o) {
    if (name == "len") {
        if (o.is_list) {
            o.is_list = false;
            o.type = FieldType::Uint64;
            return true;
        }
        if (is_string_type(o.type) || o.type == FieldType::Bytebuf) {
            o.type = FieldType::Uint64;
            return true;
        }
        return false;
    }
    if (name == "b64") return o.type == FieldType::Charbuf || o.type == FieldType::Bytebuf;
    return is_string_type(o.type);  // tolower, toupper, basename
}

class Compilation {
public:
    Compilation(const grammar::FieldCatalog& catalog, std::string_view source, bool in_condition)
        : catalog_(catalog), source_(source), in_condition_(in_condition) {}

    CompileReport report;

    void visit(const Expr& e) {
        switch (e.kind) {
            case Kind::And:
            case Kind::Or:
            case Kind::Not:
                for (const Expr& c : e.children) visit(c);
                return;
            case Kind::Macro:
                check_ = &e;
                error(e, CompileCategory::UnresolvedMacro, "filter error: unexpected identifier '" + e.text + "'");
                return;
            case Kind::UnaryCheck:
                check_ = &e;
                operand(e.children.at(0));
                return;
            case Kind::BinaryCheck:
                check_ = &e;
                binary_check(e);
                return;
            default:
                // Values, lists and fields only occur inside checks.
                return;
        }
    }

    // Compiles a field, transformer, literal or transformer list; nothing when it fails (the
    // problems are recorded).
    std::optional<Operand> operand(const Expr& e) {
        switch (e.kind) {
            case Kind::Field: return field(e);
            case Kind::Value: return Operand{FieldType::Charbuf, false, e.text, nullptr};
            case Kind::TransformerList: {
                bool ok = true;
                for (const Expr& c : e.children) ok = operand(c).has_value() && ok;
                if (!ok) return std::nullopt;
                return Operand{FieldType::Charbuf, true, "", nullptr};
            }
            case Kind::Transformer: return transformer(e);
            default: return std::nullopt;
        }
    }

    void set_check(const Expr* check) { check_ = check; }

private:
    void error(const Expr& node, CompileCategory category, std::string message) {
        CompileProblem p;
        p.downgradable = downgraded_by_skip_if_unknown_filter(message);
        p.message = std::move(message);
        p.category = category;
        p.node = &node;
        p.check = check_;
        report.errors.push_back(std::move(p));
    }

    void warning(const Expr& node, std::string message) {
        report.warnings.push_back({std::move(message), &node, check_});
    }

    std::optional<Operand> field(const Expr& e) {
        const auto& r = catalog_.resolve(source_, e.text, e.has_arg ? std::string_view(e.arg) : std::string_view());
        if (!r.ok()) {
            error(e, r.status == grammar::ResolveStatus::Nonexistent ? CompileCategory::UnknownField
                                                                     : CompileCategory::FieldArgument,
                  r.error);
            return std::nullopt;
        }
        const FieldInfo* f = r.resolved.field;
        return Operand{f->type, f->is_list, std::string(f->name), f};
    }

    std::optional<Operand> transformer(const Expr& e) {
        const std::string& name = e.text;
        if (name == "val") {
            auto inner = operand(e.children.at(0));
            if (!in_condition_) {
                error(e, CompileCategory::Transformer, "transformer 'val' can only be used on the right-hand side of a comparison");
                return std::nullopt;
            }
            if (!inner) return std::nullopt;
            if (e.has_arg) return no_field_arguments(e);
            return inner;
        }
        const bool multi_value = is_one_of(name, kMultiValueTransformers);
        if (e.children.size() >= 2) {
            std::vector<std::optional<Operand>> args;
            bool ok = true;
            for (const Expr& c : e.children) {
                args.push_back(operand(c));
                ok = ok && args.back().has_value();
            }
            if (!ok) return std::nullopt;
            if (!multi_value) {
                // libsinsp throws a plain runtime_error here, which Falco does not catch while
                // loading a condition: it exits.
                error(e, in_condition_ ? CompileCategory::FalcoAborts : CompileCategory::Transformer,
                      "unknown multivalue transformer");
                return std::nullopt;
            }
            std::vector<Operand> values;
            for (auto& a : args) values.push_back(*a);
            return multi_value_transformer(e, values);
        }
        auto inner = operand(e.children.at(0));
        if (!inner) return std::nullopt;
        if (multi_value) {
            // With one argument the name is looked up among the single-value transformers.
            error(e, CompileCategory::Transformer, "unknown field transfomer '" + name + "'");
            return std::nullopt;
        }
        if (inner->field && inner->field->has(grammar::kFlagNoTransformer)) {
            error(e, CompileCategory::Transformer, "field '" + inner->name + "' does not support transformers");
            return std::nullopt;
        }
        Operand out = *inner;
        if (!apply_transformer(name, out)) {
            error(e, CompileCategory::Transformer,
                  std::string("can't add field transformer: type '") + grammar::field_type_name(inner->type) +
                      "' is not supported by '" + name + "' transformer applied on " + (inner->is_list ? "list " : "") +
                      "field '" + inner->name + "'");
            return std::nullopt;
        }
        if (e.has_arg) return no_field_arguments(e);
        return out;
    }

    std::optional<Operand> no_field_arguments(const Expr& e) {
        error(e, CompileCategory::Transformer, "filter error: transformer '" + e.text + "' does not support field arguments");
        return std::nullopt;
    }

    std::optional<Operand> multi_value_transformer(const Expr& e, const std::vector<Operand>& args) {
        const std::string& name = e.text;
        auto fail = [&](const char* message) -> std::optional<Operand> {
            error(e, CompileCategory::Transformer, message);
            return std::nullopt;
        };
        Operand result{FieldType::Charbuf, false, name, nullptr};
        if (name == "join") {
            if (args.size() != 2) return fail("join() requires exactly 2 arguments: separator and list");
            if (args[0].is_list) return fail("join() first argument (separator) must be a single value, not a list");
            if (!args[1].is_list) return fail("join() second argument must be a list");
        } else if (name == "concat") {
            for (const Operand& a : args) {
                if (a.type != FieldType::Charbuf || a.is_list) return fail("concat() arguments must be strings");
            }
        } else {  // getopt
            if (args.size() != 2) return fail("getopt() requires exactly 2 arguments: args list and optstring");
            if (!args[0].is_list) return fail("getopt() first argument must be a list");
            if (args[1].is_list) return fail("getopt() second argument (optstring) must be a single value");
            if (args[0].type != FieldType::Charbuf || args[1].type != FieldType::Charbuf) {
                return fail("getopt() arguments must be strings");
            }
            if (e.has_arg && e.arg.size() != 1) return fail("getopt() field argument must be a single option character");
            result.is_list = !e.has_arg;
            return result;
        }
        if (e.has_arg) return no_field_arguments(e);
        return result;
    }

    void binary_check(const Expr& e) {
        const std::string& op_spelling = e.text;
        const size_t space = op_spelling.find(' ');
        const bool has_modifier = space != std::string::npos;
        const auto op = op_from_text(std::string_view(op_spelling).substr(0, space));
        if (!op) return;  // the parser only produces known operators
        const Expr& lhs_node = e.children.at(0);
        const Expr& rhs_node = e.children.at(1);

        auto lhs = operand(lhs_node);
        // evt.rawarg takes the type of the event parameter, known only per event.
        const bool dynamic = lhs && lhs->type == FieldType::Dynamic;
        bool operator_fits = true;
        if (lhs && !dynamic) {
            if (has_modifier && is_ip_type(lhs->type) && *op != Op::Eq && *op != Op::Ne) {
                operator_fits = false;
                error(lhs_node, CompileCategory::OperatorTypeMismatch,
                      std::string("'") + op_text(*op) + "' with modifier not supported for ip address and network filters");
            } else if (auto err = comparability_error(*op, lhs->type, lhs->is_list)) {
                operator_fits = false;
                error(lhs_node, CompileCategory::OperatorTypeMismatch, "filter error: " + *err);
            }
        }

        if (rhs_node.kind == Kind::Transformer) {
            rhs_field(e, *op, lhs, rhs_node);
            return;
        }
        if (!lhs || dynamic) return;
        // The constants are still converted to the field type: a wrong operator does not make
        // a wrong value right. Warnings are left out, as libsinsp never gets that far.
        if (rhs_node.kind == Kind::List) {
            for (const Expr& v : rhs_node.children) constant(*op, *lhs, v, operator_fits);
        } else {
            constant(*op, *lhs, rhs_node, operator_fits);
        }
    }

    void rhs_field(const Expr& check, Op op, const std::optional<Operand>& lhs, const Expr& rhs_node) {
        auto rhs = operand(rhs_node);
        if (lhs && rhs) {
            if (op == Op::Pmatch || op == Op::Regex) {
                error(rhs_node, CompileCategory::RhsField, "operator '" + op_upper(op) + "' doesn't support right-hand side fields");
            } else if (is_net_type(lhs->type)) {
                error(rhs_node, CompileCategory::RhsField, "field type 'IPNET' doesn't support right-hand side fields");
            } else if (lhs->field && lhs->field->has(grammar::kFlagNoRhs)) {
                error(rhs_node, CompileCategory::RhsField, "field '" + lhs->name + "' doesn't support right-hand side fields");
            } else if (rhs->field && rhs->field->has(grammar::kFlagNoRhs)) {
                error(rhs_node, CompileCategory::RhsField, "field '" + rhs->name + "' can't be used as a right-hand side field");
            } else if (lhs->type != rhs->type || lhs->is_list != rhs->is_list) {
                auto spelled = [](const Operand& o) {
                    return std::string(grammar::field_type_name(o.type)) + (o.is_list ? " (list)" : "");
                };
                error(rhs_node, CompileCategory::RhsField,
                      "field '" + lhs->name + "' has type '" + spelled(*lhs) + "' while the right-hand side field '" +
                          rhs->name + "' has incompatible type '" + spelled(*rhs) + "'");
            }
        }
        // Falco's event-type analysis runs after compilation and throws on this shape.
        const Expr& lhs_node = check.children.at(0);
        const bool restricts_event_types = op == Op::Eq || op == Op::Ne || op == Op::In;
        if (lhs && lhs_node.kind == Kind::Field && !lhs_node.has_arg && restricts_event_types &&
            (lhs_node.text == "evt.type" || lhs_node.text == "syscall.type")) {
            error(check, CompileCategory::FalcoAborts,
                  "right-hand field comparisons on `evt.type`/`syscall.type` checks are not supported by event code search");
        }
    }

    void constant(Op op, const Operand& lhs, const Expr& value, bool with_warnings) {
        const std::string& v = value.text;
        if (with_warnings) add_warnings(op, value);
        if (v.find('\0') != std::string::npos) {
            error(value, CompileCategory::InvalidValue, "filter error: filter value cannot contain a NUL byte");
            return;
        }
        if (op == Op::Bcontains || op == Op::Bstartswith) {
            if (!is_hex_string(v)) {
                error(value, CompileCategory::InvalidValue, "filter error: bcontains and bstartswith operator support hex strings only");
            }
            return;
        }
        if (auto err = value_error(lhs.type, v)) {
            error(value, CompileCategory::InvalidValue, *err);
            return;
        }
        // The event field class validates the values of its own fields, transformed or not.
        if (lhs.field && lhs.field->name == "evt.type" && lhs.field->provider == "libsinsp" && !catalog_.is_event_type(v)) {
            error(value, CompileCategory::InvalidValue, "unknown event type " + v);
            return;
        }
        if (lhs.field && lhs.field->name == "evt.around" && op != Op::Eq) {
            error(value, CompileCategory::OperatorTypeMismatch, "evt.around supports only '=' comparison operator");
            return;
        }
        if (op == Op::Regex) {
            RE2::Options options(RE2::POSIX);
            options.set_log_errors(false);
            RE2 re(v, options);
            if (!re.ok()) error(value, CompileCategory::InvalidValue, "invalid regex pattern: " + re.error());
        }
    }

    // sinsp_filter_compiler::check_value_and_add_warnings.
    void add_warnings(Op op, const Expr& value) {
        const std::string& v = value.text;
        std::string nospaces = v;
        nospaces.erase(std::remove_if(nospaces.begin(), nospaces.end(), [](unsigned char c) { return std::isspace(c) != 0; }),
                       nospaces.end());
        if (op == Op::Regex && regex_is_plain(v)) {
            warning(value, "regex check with '" + v +
                               "' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'");
        }
        if (!nospaces.empty() && catalog_.may_name_field(source_, nospaces) && catalog_.resolve(source_, nospaces).ok()) {
            warning(value, "'" + v + "' may be a valid field misused as a const string value");
        }
        static constexpr std::string_view kLookAlikes[] = {"val", "tolower", "toupper", "b64", "basename",
                                                           "len", "join", "concat", "getopt"};
        for (std::string_view t : kLookAlikes) {
            if (nospaces.size() >= t.size() + 2 && nospaces.starts_with(t) && nospaces[t.size()] == '(' &&
                nospaces.back() == ')') {
                warning(value, "'" + v + "' may be a valid field transformer misused as a const string value");
            }
        }
    }

    // check_warnings_regex_value: no regex syntax left once the implicit anchors and leading or
    // trailing "any character" runs are ignored.
    static bool regex_is_plain(const std::string& v) {
        static constexpr std::string_view kSpecial = ".+*?^$()[]{}|\\";
        static constexpr std::string_view kOccurrence = "+*?";
        const size_t len = v.size();
        for (size_t i = 0; i < len; ++i) {
            if ((i == 0 && v[i] == '^') || (i == len - 1 && v[i] == '$')) continue;
            if (((i == 0 && len > 1) || (i + 2 == len)) && v[i] == '.' && i + 1 < len &&
                kOccurrence.find(v[i + 1]) != std::string_view::npos) {
                ++i;
                continue;
            }
            if (kSpecial.find(v[i]) != std::string_view::npos) return false;
        }
        return true;
    }

    const grammar::FieldCatalog& catalog_;
    std::string_view source_;
    bool in_condition_;
    const Expr* check_ = nullptr;
};

}  // namespace

const char* category_name(CompileCategory c) {
    switch (c) {
        case CompileCategory::UnknownField: return "unknown-field";
        case CompileCategory::FieldArgument: return "field-argument";
        case CompileCategory::OperatorTypeMismatch: return "operator-type-mismatch";
        case CompileCategory::InvalidValue: return "invalid-value";
        case CompileCategory::Transformer: return "transformer";
        case CompileCategory::RhsField: return "rhs-field";
        case CompileCategory::UnresolvedMacro: return "unresolved-macro";
        case CompileCategory::FalcoAborts: return "falco-aborts";
    }
    return "unknown";
}

bool downgraded_by_skip_if_unknown_filter(std::string_view message) {
    for (std::string_view marker : {"nonexistent field", "invalid formatting token", "unknown event type", "unknown filter:"}) {
        if (message.find(marker) != std::string_view::npos) return true;
    }
    return false;
}

CompileReport FilterCompiler::compile(const Expr& condition, std::string_view source) const {
    if (!catalog_.has_source(source)) return {};
    Compilation c(catalog_, source, true);
    c.visit(condition);
    return std::move(c.report);
}

bool FilterCompiler::field_expression_compiles(std::string_view source, const Expr& field_or_transformer,
                                               std::string* error) const {
    auto fail = [&](std::string message) {
        if (error) *error = std::move(message);
        return false;
    };
    if (!catalog_.has_source(source)) return fail("unknown event source " + std::string(source));
    if (field_or_transformer.kind != Kind::Field && field_or_transformer.kind != Kind::Transformer) {
        return fail("expected a field or a field transformer");
    }
    Compilation c(catalog_, source, false);
    c.set_check(&field_or_transformer);
    const bool ok = c.operand(field_or_transformer).has_value();
    if (ok) return true;
    return fail(c.report.errors.empty() ? std::string("invalid field expression") : c.report.errors.front().message);
}

}  // namespace rulekit::ruleset
