// The evaluator. Each operator follows libsinsp's runtime code; the file a behaviour comes from is
// named where the behaviour is not obvious (all paths under userspace/libsinsp/ of falcosecurity/libs).
#include "eval/condition.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <span>
#include <stdexcept>
#include <unordered_set>

#include <re2/re2.h>

#include "ruleset/field_values.hpp"
#include "ruleset/filter_compiler.hpp"

namespace rulekit::eval {

using grammar::Expr;
using grammar::FieldType;
using grammar::Kind;
using ruleset::IpValue;
using ruleset::ValueFamily;

Truth truth_not(Truth t) {
    switch (t) {
        case Truth::False: return Truth::True;
        case Truth::True: return Truth::False;
        default: return Truth::Unknown;
    }
}

Truth truth_and(Truth a, Truth b) {
    if (a == Truth::False || b == Truth::False) return Truth::False;
    if (a == Truth::True && b == Truth::True) return Truth::True;
    return Truth::Unknown;
}

Truth truth_or(Truth a, Truth b) {
    if (a == Truth::True || b == Truth::True) return Truth::True;
    if (a == Truth::False && b == Truth::False) return Truth::False;
    return Truth::Unknown;
}

const char* truth_name(Truth t) {
    switch (t) {
        case Truth::False: return "false";
        case Truth::True: return "true";
        default: return "unknown";
    }
}

namespace {

enum class Op : uint8_t {
    Eq, Ne, Lt, Le, Gt, Ge, Contains, Icontains, Bcontains, Startswith, Bstartswith, Endswith,
    Glob, Iglob, Regex, In, Intersects, Pmatch, Exists,
};

enum class Modifier : uint8_t { None, Oneof, Anyof, Allof };

std::optional<Op> op_from_text(std::string_view s) {
    static constexpr std::pair<std::string_view, Op> kOps[] = {
        {"=", Op::Eq}, {"==", Op::Eq}, {"!=", Op::Ne}, {"<", Op::Lt}, {"<=", Op::Le}, {">", Op::Gt},
        {">=", Op::Ge}, {"contains", Op::Contains}, {"icontains", Op::Icontains}, {"bcontains", Op::Bcontains},
        {"startswith", Op::Startswith}, {"bstartswith", Op::Bstartswith}, {"endswith", Op::Endswith},
        {"glob", Op::Glob}, {"iglob", Op::Iglob}, {"regex", Op::Regex}, {"in", Op::In},
        {"intersects", Op::Intersects}, {"pmatch", Op::Pmatch}, {"exists", Op::Exists},
    };
    for (const auto& [text, op] : kOps) {
        if (text == s) return op;
    }
    return std::nullopt;
}

std::optional<Modifier> modifier_from_text(std::string_view s) {
    if (s == "oneof") return Modifier::Oneof;
    if (s == "anyof") return Modifier::Anyof;
    if (s == "allof") return Modifier::Allof;
    return std::nullopt;
}

// One value of an operand, converted to the operand's (transformed) type.
struct Scalar {
    std::string_view text;  // Text and Bytes; Text views always end before a NUL (fnmatch needs it)
    int64_t signed_value = 0;
    uint64_t unsigned_value = 0;
    double real = 0;
    IpValue ip;
    bool is_number = false;  // Dynamic: the value is an integer (signed_value)
};

enum class Presence : uint8_t { Present, NoValue, Unknown };

enum class Transform : uint8_t { Tolower, Toupper, B64, Basename, Len, Join, Concat, Getopt, Val };

std::optional<Transform> transform_from_text(std::string_view s) {
    static constexpr std::pair<std::string_view, Transform> kTransforms[] = {
        {"tolower", Transform::Tolower}, {"toupper", Transform::Toupper}, {"b64", Transform::B64},
        {"basename", Transform::Basename}, {"len", Transform::Len}, {"join", Transform::Join},
        {"concat", Transform::Concat}, {"getopt", Transform::Getopt}, {"val", Transform::Val},
    };
    for (const auto& [text, t] : kTransforms) {
        if (text == s) return t;
    }
    return std::nullopt;
}

struct OperandNode {
    enum class Shape : uint8_t { Field, Literal, LiteralList, Transformed };
    Shape shape = Shape::Field;
    FieldType type = FieldType::Charbuf;  // after transformers
    bool is_list = false;
    ValueFamily family = ValueFamily::Text;
    uint32_t key = 0;              // Field: index into Program::keys
    bool na_is_value = false;      // Field: ka.*/jevt.*, where "<NA>" is a real string value
    std::string literal;           // Literal
    Transform transform = Transform::Val;
    std::optional<char> selector;  // getopt(...)[c]
    std::vector<uint32_t> args;    // LiteralList, Transformed: operand indices
};

// A filter-only fd field that compares both ends of a connection (sinsp_filtercheck_fd.cpp,
// compare_ip / compare_net / compare_port).
struct EitherSide {
    std::vector<uint32_t> side_operands;  // one Field operand per end
    bool first_constant_only = false;     // compare_net compares with the first constant only
};

struct PathPattern {
    std::vector<std::string> components;
    std::vector<bool> is_glob;  // contains one of "?*[" (prefix_search.h)
};

struct CheckNode {
    Op op = Op::Eq;
    Modifier modifier = Modifier::None;
    uint32_t lhs = 0;
    std::optional<uint32_t> rhs;           // field-to-field: an operand
    std::optional<EitherSide> either_side;  // lhs is fd.ip/fd.net/fd.port/fd.proto
    std::vector<std::string> constant_texts;  // owns the text of `constants`
    std::vector<Scalar> constants;
    std::unordered_set<std::string_view> text_set;  // Text/Bytes constants, for in/intersects/anyof
    std::vector<PathPattern> paths;
    std::vector<std::shared_ptr<const re2::RE2>> regexes;
};

struct LogicNode {
    enum class Shape : uint8_t { And, Or, Not, Check, Constant };
    Shape shape = Shape::Constant;
    Truth constant = Truth::Unknown;
    uint32_t check = 0;
    std::vector<uint32_t> children;
    const Expr* expr = nullptr;
};

bool is_ascii_case_insensitive_match(std::string_view haystack, std::string_view needle) {
    auto fold = [](char c) { return char(std::tolower(static_cast<unsigned char>(c))); };
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                          [&](char a, char b) { return fold(a) == fold(b); });
    return it != haystack.end() || needle.empty();
}

// utf8::sanitize_with_lazy_storage (utils.h): regex subjects have invalid UTF-8 replaced by
// U+FFFD, one per maximal subpart (Unicode §3.9). Returns false when `in` is already valid.
bool sanitize_utf8(std::string_view in, std::string& out) {
    auto sequence_length = [&](size_t i, size_t& consumed) -> bool {
        const unsigned char c = in[i];
        consumed = 1;
        if (c < 0x80) return true;
        unsigned need = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c == 0xE0) need = 2, lo = 0xA0;
        else if (c >= 0xE1 && c <= 0xEC) need = 2;
        else if (c == 0xED) need = 2, hi = 0x9F;
        else if (c >= 0xEE && c <= 0xEF) need = 2;
        else if (c == 0xF0) need = 3, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) need = 3;
        else if (c == 0xF4) need = 3, hi = 0x8F;
        else return false;
        for (unsigned k = 1; k <= need; ++k) {
            if (i + k >= in.size()) return false;
            const unsigned char next = in[i + k];
            const unsigned char low = k == 1 ? lo : 0x80, high = k == 1 ? hi : 0xBF;
            if (next < low || next > high) return false;
            consumed = k + 1;
        }
        return true;
    };
    size_t i = 0, consumed = 0;
    while (i < in.size() && sequence_length(i, consumed)) i += consumed;
    if (i == in.size()) return false;
    out.assign(in.substr(0, i));
    while (i < in.size()) {
        if (sequence_length(i, consumed)) {
            out.append(in.substr(i, consumed));
        } else {
            out.append("\xEF\xBF\xBD");
        }
        i += consumed;
    }
    return true;
}

bool glob_matches(const char* pattern, const char* text, bool case_insensitive) {
    // sinsp_utils::glob_match (utils.cpp) is fnmatch without FNM_PATHNAME or FNM_PERIOD:
    // `*` crosses `/`, a leading dot is not special, backslash escapes.
    return fnmatch(pattern, text, case_insensitive ? FNM_CASEFOLD : 0) == 0;
}

}  // namespace

struct CompiledCondition::Program {
    std::vector<std::string> keys;  // record keys, indexed by OperandNode::key
    std::vector<std::string> sorted_keys;
    std::vector<uint32_t> sorted_index;  // by OperandNode::key: its position in sorted_keys
    std::vector<OperandNode> operands;
    std::vector<CheckNode> checks;
    std::vector<LogicNode> nodes;
    uint32_t root = 0;
    std::vector<uint32_t> conjuncts;  // node indices of the top-level conjuncts
};

struct CompiledCondition::Scratch {
    struct OperandScratch {
        std::vector<Scalar> items;
        std::vector<std::string> strings;
        std::string buffer;
    };
    std::vector<OperandScratch> operands;
    std::string component;  // one pmatch path component, NUL-terminated for fnmatch
    std::string sanitized;  // a regex subject with invalid UTF-8 replaced
    std::vector<uint32_t>* missing = nullptr;  // keys read but not carried, when tracing
};

namespace {

using Program = CompiledCondition::Program;
using Scratch = CompiledCondition::Scratch;

// Record values converted to an operand's type. Unknown means the field is not carried or its
// value does not read as the field's type; the missing keys go to scratch.missing.
class Evaluator {
public:
    Evaluator(const Program& program, Scratch& scratch, const Record& record)
        : p_(program), s_(scratch), record_(&record) {}
    Evaluator(const Program& program, Scratch& scratch, std::span<const FieldValue* const> values)
        : p_(program), s_(scratch), values_(values) {}

    Truth node(uint32_t index) {
        const LogicNode& n = p_.nodes[index];
        switch (n.shape) {
            case LogicNode::Shape::Constant: return n.constant;
            case LogicNode::Shape::Check: return scoped([&] { return check(p_.checks[n.check]); });
            case LogicNode::Shape::Not: return truth_not(node(n.children[0]));
            case LogicNode::Shape::And:
            case LogicNode::Shape::Or: {
                const bool is_and = n.shape == LogicNode::Shape::And;
                const Truth dominant = is_and ? Truth::False : Truth::True;
                return scoped([&] {
                    Truth result = is_and ? Truth::True : Truth::False;
                    for (uint32_t child : n.children) {
                        const Truth t = scoped([&] { return node(child); });
                        if (t == dominant) return dominant;  // libsinsp short-circuits too
                        if (t == Truth::Unknown) result = Truth::Unknown;
                    }
                    return result;
                });
            }
        }
        return Truth::Unknown;
    }

    // Runs `f`; the keys it reports missing stay only when its result is Unknown.
    template <typename F>
    Truth scoped(F&& f) {
        const size_t mark = s_.missing ? s_.missing->size() : 0;
        const Truth t = f();
        if (s_.missing && t != Truth::Unknown) s_.missing->resize(mark);
        return t;
    }

private:
    void report_missing(uint32_t key) {
        if (s_.missing) s_.missing->push_back(key);
    }

    // ---- operands ----------------------------------------------------------------------

    Presence extract(uint32_t index) {
        const OperandNode& o = p_.operands[index];
        auto& out = s_.operands[index];
        out.items.clear();
        switch (o.shape) {
            case OperandNode::Shape::Field: return read_field(o, out);
            case OperandNode::Shape::Literal:
                out.items.push_back(Scalar{.text = o.literal});
                return Presence::Present;
            case OperandNode::Shape::LiteralList: {
                if (const Presence all = extract_all(o.args); all != Presence::Present) return all;
                for (uint32_t a : o.args) {
                    for (const Scalar& v : s_.operands[a].items) out.items.push_back(v);
                }
                return Presence::Present;
            }
            case OperandNode::Shape::Transformed: return transformed(o, out);
        }
        return Presence::Unknown;
    }

    // Extracts every operand of `args`: one without a value makes the whole extraction fail
    // whatever the others hold (libsinsp stops at the first failure), else any unknown one
    // makes it unknown.
    Presence extract_all(const std::vector<uint32_t>& args) {
        Presence worst = Presence::Present;
        for (uint32_t a : args) {
            const Presence pr = extract(a);
            if (pr == Presence::NoValue) return Presence::NoValue;
            if (pr == Presence::Unknown) worst = Presence::Unknown;
        }
        return worst;
    }

    Presence read_field(const OperandNode& o, Scratch::OperandScratch& out) {
        const FieldValue* v = record_ ? record_->find(p_.keys[o.key]) : values_[p_.sorted_index[o.key]];
        if (!v) {
            report_missing(o.key);
            return Presence::Unknown;
        }
        if (v->kind == ValueKind::Null) return Presence::NoValue;
        // libsinsp prints "<NA>" for a field that yielded nothing; the ka.*/jevt.* fields yield
        // that string itself (Falco's LOAD_UNSAFE_NA_CHECK warning, spec §5.2).
        if (v->kind == ValueKind::String && std::string_view(v->text) == "<NA>" && !o.na_is_value) return Presence::NoValue;
        bool ok = true;
        if (o.is_list) {
            // An empty list is no value: plugin fields that extract nothing fail the extraction
            // (plugin_filtercheck.cpp, res_len == 0), so Falco never evaluates one.
            if (v->kind == ValueKind::List && v->items.empty()) return Presence::NoValue;
            if (v->kind == ValueKind::List) {
                for (const FieldValue& item : v->items) {
                    if (item.kind == ValueKind::Null) continue;
                    ok = convert(o, item, item.text, out) && ok;
                }
            } else if (v->kind == ValueKind::String && v->text.size() >= 2 && v->text.front() == '(' &&
                       v->text.back() == ')') {
                // A list field printed as text: "(a,b,c)".
                split_printed_list(v->text, out);
                const size_t count = out.strings.size();
                for (size_t i = 0; i < count; ++i) {
                    ok = convert_text(o, out.strings[i], out) && ok;
                }
            } else {
                ok = convert(o, *v, v->text, out);
            }
        } else {
            if (v->kind == ValueKind::List) {
                ok = false;
            } else {
                ok = convert(o, *v, v->text, out);
            }
        }
        if (!ok) {
            report_missing(o.key);
            return Presence::Unknown;
        }
        return Presence::Present;
    }

    static void split_printed_list(const std::string& text, Scratch::OperandScratch& out) {
        out.strings.clear();
        std::string_view inner(text.data() + 1, text.size() - 2);
        if (inner.empty()) return;
        size_t start = 0;
        while (true) {
            const size_t comma = inner.find(',', start);
            out.strings.emplace_back(inner.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
    }

    bool convert_text(const OperandNode& o, const std::string& text, Scratch::OperandScratch& out) {
        FieldValue v;
        v.kind = ValueKind::String;
        return convert(o, v, text, out);
    }

    // One record value as a Scalar of the operand's family; false when it does not read as one.
    static bool convert(const OperandNode& o, const FieldValue& v, const std::string& text,
                        Scratch::OperandScratch& out) {
        Scalar s;
        switch (o.family) {
            case ValueFamily::Text:
            case ValueFamily::Bytes:
            case ValueFamily::Other:
                s.text = text;  // numbers and booleans compare by their JSON text
                break;
            case ValueFamily::Dynamic:
                // evt.rawarg has the type of the event parameter: an integer carried as a JSON
                // integer compares as a number, anything else as text.
                s.text = text;
                if (v.kind == ValueKind::Integer) s.is_number = true, s.signed_value = v.integer;
                if (v.kind == ValueKind::Unsigned) s.is_number = true, s.signed_value = int64_t(v.unsigned_integer);
                break;
            case ValueFamily::Signed:
            case ValueFamily::Unsigned: {
                const bool is_signed = o.family == ValueFamily::Signed;
                int64_t i = 0;
                uint64_t u = 0;
                switch (v.kind) {
                    case ValueKind::Integer: i = v.integer, u = uint64_t(v.integer); break;
                    case ValueKind::Unsigned: i = int64_t(v.unsigned_integer), u = v.unsigned_integer; break;
                    case ValueKind::Bool: i = v.boolean, u = v.boolean; break;
                    case ValueKind::Real:
                        if (v.real != double(int64_t(v.real))) return false;
                        i = int64_t(v.real), u = uint64_t(i);
                        break;
                    default: {
                        if (is_signed) {
                            auto n = ruleset::scan_signed(text);
                            if (!n) return false;
                            i = *n, u = uint64_t(*n);
                        } else {
                            auto n = ruleset::scan_unsigned(text);
                            if (!n) return false;
                            u = *n, i = int64_t(*n);
                        }
                    }
                }
                s.signed_value = ruleset::truncate_signed(o.type, i);
                s.unsigned_value = ruleset::truncate_unsigned(o.type, u);
                break;
            }
            case ValueFamily::Real:
                switch (v.kind) {
                    case ValueKind::Integer: s.real = double(v.integer); break;
                    case ValueKind::Unsigned: s.real = double(v.unsigned_integer); break;
                    case ValueKind::Real: s.real = v.real; break;
                    default: {
                        char* end = nullptr;
                        s.real = std::strtod(text.c_str(), &end);
                        if (text.empty() || *end != '\0') return false;
                    }
                }
                break;
            case ValueFamily::Boolean:
                if (v.kind == ValueKind::Bool) {
                    s.unsigned_value = v.boolean;
                } else if (text == "true" || text == "false") {
                    s.unsigned_value = text == "true";
                } else if ((v.kind == ValueKind::Integer || v.kind == ValueKind::Unsigned) && (text == "0" || text == "1")) {
                    s.unsigned_value = text == "1";
                } else {
                    return false;
                }
                break;
            case ValueFamily::Address:
            case ValueFamily::Network: {
                // A network field yields the address it tests; tolerate a printed "/len".
                std::string_view address = text;
                if (o.family == ValueFamily::Network) address = address.substr(0, address.find('/'));
                auto ip = ruleset::parse_ip_address(address);
                if (!ip) return false;
                s.ip = *ip;
                break;
            }
        }
        out.items.push_back(s);
        return true;
    }

    Presence transformed(const OperandNode& o, Scratch::OperandScratch& out) {
        if (const Presence all = extract_all(o.args); all != Presence::Present) return all;
        const auto& in = s_.operands[o.args[0]].items;
        const OperandNode& input = p_.operands[o.args[0]];
        switch (o.transform) {
            case Transform::Val:
                out.items = in;
                return Presence::Present;
            case Transform::Len: {
                // sinsp_filter_transformer_len.cpp: a list's element count, a string's strnlen,
                // a buffer's size.
                Scalar s;
                if (input.is_list) {
                    s.unsigned_value = in.size();
                } else if (input.family == ValueFamily::Bytes) {
                    s.unsigned_value = in.empty() ? 0 : in[0].text.size();
                } else {
                    s.unsigned_value = in.empty() ? 0 : std::string_view(in[0].text.data(), strnlen(in[0].text.data(), in[0].text.size())).size();
                }
                s.signed_value = int64_t(s.unsigned_value);
                out.items.push_back(s);
                return Presence::Present;
            }
            case Transform::Tolower:
            case Transform::Toupper:
            case Transform::B64:
            case Transform::Basename: {
                out.strings.resize(in.size());
                for (size_t i = 0; i < in.size(); ++i) {
                    if (!string_transform(o.transform, in[i].text, out.strings[i])) return Presence::NoValue;
                }
                for (const std::string& str : out.strings) out.items.push_back(Scalar{.text = str});
                return Presence::Present;
            }
            case Transform::Join: {
                // sinsp_filtercheck_multivalue_transformer.cpp: items appended as C strings.
                std::string& buf = out.buffer;
                buf.clear();
                const std::string_view sep = in.empty() ? std::string_view() : in[0].text;
                const auto& list = s_.operands[o.args[1]].items;
                for (size_t i = 0; i < list.size(); ++i) {
                    buf.append(c_string(list[i].text));
                    if (i + 1 != list.size()) buf.append(sep);
                }
                out.items.push_back(Scalar{.text = buf});
                return Presence::Present;
            }
            case Transform::Concat: {
                std::string& buf = out.buffer;
                buf.clear();
                for (uint32_t a : o.args) {
                    const auto& items = s_.operands[a].items;
                    if (!items.empty()) buf.append(c_string(items[0].text));
                }
                out.items.push_back(Scalar{.text = buf});
                return Presence::Present;
            }
            case Transform::Getopt: return getopt(o, in, out);
        }
        return Presence::Unknown;
    }

    static std::string_view c_string(std::string_view s) { return s.substr(0, s.find('\0')); }

    static bool string_transform(Transform t, std::string_view in, std::string& out) {
        out.clear();
        in = in.substr(0, in.find_last_not_of('\0') + 1);  // string_transformer drops terminators
        switch (t) {
            case Transform::Tolower:
                for (char c : in) out.push_back(char(std::tolower(static_cast<unsigned char>(c))));
                return true;
            case Transform::Toupper:
                for (char c : in) out.push_back(char(std::toupper(static_cast<unsigned char>(c))));
                return true;
            case Transform::Basename: {
                // sinsp_filter_transformer_basename.cpp: what follows the last '/', so "/" and
                // "/a/" give "".
                const size_t slash = in.find_last_of('/');
                out.assign(slash == std::string_view::npos ? in : in.substr(slash + 1));
                return true;
            }
            case Transform::B64: return decode_base64(in, out);
            default: return false;
        }
    }

    // Base64::decodeWithoutPadding (base64.h): standard alphabet, at most two '=' at the end,
    // no other characters, unused trailing bits must be zero; an empty input decodes to "".
    static bool decode_base64(std::string_view in, std::string& out) {
        out.clear();
        if (in.empty()) return true;
        size_t n = in.size();
        if (in[n - 1] == '=') {
            --n;
            if (n > 0 && in[n - 1] == '=') --n;
        }
        auto value = [](char c) -> int {
            if (c >= 'A' && c <= 'Z') return c - 'A';
            if (c >= 'a' && c <= 'z') return c - 'a' + 26;
            if (c >= '0' && c <= '9') return c - '0' + 52;
            if (c == '+') return 62;
            if (c == '/') return 63;
            return -1;
        };
        if (n == 0) return false;  // "=" or "==" alone
        if (n % 4 == 1) return false;
        uint32_t acc = 0;
        int bits = 0;
        for (size_t i = 0; i < n; ++i) {
            const int v = value(in[i]);
            if (v < 0) return false;
            acc = (acc << 6) | uint32_t(v);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.push_back(char((acc >> bits) & 0xffu));
            }
        }
        return (acc & ((1u << bits) - 1)) == 0;
    }

    // sinsp_filter_multivalue_transformer_getopt::extract.
    Presence getopt(const OperandNode& o, const std::vector<Scalar>& argv, Scratch::OperandScratch& out) {
        const auto& optstring_items = s_.operands[o.args[1]].items;
        if (optstring_items.empty()) return Presence::NoValue;
        std::string_view optstring = optstring_items[0].text;
        bool valid[256] = {}, takes_arg[256] = {};
        for (size_t i = (!optstring.empty() && optstring[0] == ':') ? 1 : 0; i < optstring.size(); ++i) {
            const unsigned char c = optstring[i];
            if (c == ':') continue;
            valid[c] = true;
            if (i + 1 < optstring.size() && optstring[i + 1] == ':') {
                takes_arg[c] = true;
                ++i;
            }
        }
        out.strings.clear();
        bool selected = false;  // selector mode keeps the last match in out.buffer
        auto emit = [&](std::string_view name, std::optional<std::string_view> value) {
            if (o.selector) {
                out.buffer.assign(value.value_or(name));
                selected = true;
                return;
            }
            out.strings.emplace_back(name);
            if (value) out.strings.emplace_back(*value);
        };
        for (size_t a = 0; a < argv.size(); ++a) {
            const std::string_view arg = argv[a].text;
            if (arg == "--") break;
            if (arg.size() > 2 && arg[0] == '-' && arg[1] == '-') continue;
            if (arg.empty() || arg[0] != '-' || arg.size() == 1) break;
            for (size_t i = 1; i < arg.size(); ++i) {
                const unsigned char c = arg[i];
                if (c == ':' || !valid[c]) {
                    if (!o.selector) out.strings.emplace_back("?");
                    continue;
                }
                const bool wanted = !o.selector || char(c) == *o.selector;
                const std::string_view name = arg.substr(i, 1);
                if (!takes_arg[c]) {
                    if (wanted) emit(name, std::nullopt);
                    continue;
                }
                std::optional<std::string_view> value;
                if (i + 1 < arg.size()) {
                    value = arg.substr(i + 1);
                } else if (a + 1 < argv.size()) {
                    value = argv[++a].text;
                }
                if (!value) {
                    if (wanted) emit("", std::nullopt);  // a missing argument reads as ""
                } else if (wanted) {
                    emit(name, value);
                }
                break;
            }
        }
        if (o.selector) {
            if (!selected) return Presence::NoValue;  // the option is absent: extraction fails
            out.items.push_back(Scalar{.text = out.buffer});
            return Presence::Present;
        }
        for (const std::string& s : out.strings) out.items.push_back(Scalar{.text = s});
        return Presence::Present;
    }

    // ---- checks ------------------------------------------------------------------------

    Truth check(const CheckNode& c) {
        if (c.either_side) return either_side(c);
        const Presence lhs = extract(c.lhs);
        if (lhs == Presence::NoValue) return Truth::False;
        Presence rhs = Presence::Present;
        if (c.rhs) rhs = extract(*c.rhs);
        // A side without a value fails the check whatever the other holds (compare_nocache).
        if (rhs == Presence::NoValue) return Truth::False;
        if (lhs == Presence::Unknown || rhs == Presence::Unknown) return Truth::Unknown;
        if (c.op == Op::Exists) return Truth::True;
        const OperandNode& lhs_node = p_.operands[c.lhs];
        const auto& values = s_.operands[c.lhs].items;
        if (c.rhs) {
            const auto& rhs_values = s_.operands[*c.rhs].items;
            return truth_of(compare_with_values(c, lhs_node, values, rhs_values, false));
        }
        return truth_of(compare_with_values(c, lhs_node, values, c.constants, true));
    }

    // sinsp_filter_check::compare_rhs and compare_rhs_with_mod (sinsp_filtercheck.cpp).
    bool compare_with_values(const CheckNode& c, const OperandNode& lhs, const std::vector<Scalar>& values,
                             const std::vector<Scalar>& rhs, bool rhs_are_constants) {
        if (lhs.is_list) {
            // A list field: `in` needs every element in the set (an empty list passes),
            // `intersects` any element.
            if (c.op == Op::In) {
                return std::all_of(values.begin(), values.end(),
                                   [&](const Scalar& v) { return member(c, lhs, v, rhs, rhs_are_constants); });
            }
            if (c.op == Op::Intersects) {
                return std::any_of(values.begin(), values.end(),
                                   [&](const Scalar& v) { return member(c, lhs, v, rhs, rhs_are_constants); });
            }
            return false;
        }
        if (values.empty()) return false;
        const Scalar& v = values[0];
        if (c.modifier != Modifier::None) {
            Op op = c.op;
            if (lhs.family == ValueFamily::Network && op != Op::Eq && op != Op::Ne && op != Op::Regex) op = Op::Eq;
            const size_t n = op == Op::Regex ? c.regexes.size() : rhs.size();
            if (n == 0) return false;
            size_t matches = 0;
            for (size_t i = 0; i < n; ++i) {
                const bool m = op == Op::Regex ? regex_matches(*c.regexes[i], v.text) : compare(op, lhs, v, rhs[i]);
                if (m) ++matches;
                if (c.modifier == Modifier::Anyof && m) return true;
                if (c.modifier == Modifier::Allof && !m) return false;
                if (c.modifier == Modifier::Oneof && matches > 1) return false;
            }
            if (c.modifier == Modifier::Oneof) return matches == 1;
            return c.modifier == Modifier::Allof;
        }
        switch (c.op) {
            case Op::In:
            case Op::Intersects: return member(c, lhs, v, rhs, rhs_are_constants);
            case Op::Pmatch: return path_matches(c, v.text);
            case Op::Regex: return !c.regexes.empty() && regex_matches(*c.regexes[0], v.text);
            default: return !rhs.empty() && compare(c.op, lhs, v, rhs[0]);
        }
    }

    bool member(const CheckNode& c, const OperandNode& lhs, const Scalar& v, const std::vector<Scalar>& rhs,
                bool rhs_are_constants) {
        if (rhs_are_constants && (lhs.family == ValueFamily::Text || lhs.family == ValueFamily::Bytes)) {
            return c.text_set.contains(v.text);
        }
        return std::any_of(rhs.begin(), rhs.end(), [&](const Scalar& r) { return compare(Op::Eq, lhs, v, r); });
    }

    // flt_compare (filter_compare.cpp) for one pair of values.
    static bool compare(Op op, const OperandNode& lhs, const Scalar& l, const Scalar& r) {
        switch (lhs.family) {
            case ValueFamily::Dynamic:
                if (l.is_number && r.is_number) return compare_numbers(op, l.signed_value, r.signed_value);
                return compare_text(op, l.text, r.text, false);
            case ValueFamily::Text:
            case ValueFamily::Other: return compare_text(op, l.text, r.text, lhs.family == ValueFamily::Text);
            case ValueFamily::Bytes: return compare_bytes(op, l.text, r.text);
            case ValueFamily::Signed: return compare_numbers(op, l.signed_value, r.signed_value);
            case ValueFamily::Unsigned: return compare_numbers(op, l.unsigned_value, r.unsigned_value);
            case ValueFamily::Real: return compare_numbers(op, l.real, r.real);
            case ValueFamily::Boolean:
                if (op == Op::Ne) return l.unsigned_value != r.unsigned_value;
                return op == Op::Eq || op == Op::In || op == Op::Intersects ? l.unsigned_value == r.unsigned_value : false;
            case ValueFamily::Address:
                // Addresses of different families never compare equal (the lengths differ).
                if (op == Op::Ne) return !(l.ip == r.ip);
                return l.ip == r.ip;
            case ValueFamily::Network:
                if (op == Op::Ne) return !r.ip.contains(l.ip);
                return r.ip.contains(l.ip);
        }
        return false;
    }

    template <typename T>
    static bool compare_numbers(Op op, T a, T b) {
        switch (op) {
            case Op::Eq: case Op::In: case Op::Intersects: return a == b;
            case Op::Ne: return a != b;
            case Op::Lt: return a < b;
            case Op::Le: return a <= b;
            case Op::Gt: return a > b;
            case Op::Ge: return a >= b;
            default: return false;
        }
    }

    static bool compare_text(Op op, std::string_view a, std::string_view b, bool nul_terminated) {
        switch (op) {
            case Op::Eq: case Op::In: case Op::Intersects: return a == b;
            case Op::Ne: return a != b;
            case Op::Contains: return a.find(b) != std::string_view::npos;
            case Op::Icontains: return is_ascii_case_insensitive_match(a, b);  // strcasestr
            case Op::Startswith: return a.starts_with(b);
            case Op::Endswith: return a.ends_with(b);
            case Op::Glob:
            case Op::Iglob:
                if (!nul_terminated) return false;
                return glob_matches(b.data(), a.data(), op == Op::Iglob);
            case Op::Lt: return a < b;  // strcmp: bytes compared as unsigned char
            case Op::Le: return a <= b;
            case Op::Gt: return a > b;
            case Op::Ge: return a >= b;
            default: return false;
        }
    }

    static bool compare_bytes(Op op, std::string_view a, std::string_view b) {
        switch (op) {
            case Op::Eq: case Op::In: case Op::Intersects: return a == b;
            case Op::Ne: return a != b;
            case Op::Contains: case Op::Bcontains: return a.find(b) != std::string_view::npos;
            case Op::Startswith: case Op::Bstartswith: return a.starts_with(b);
            case Op::Endswith: return a.ends_with(b);
            default: return false;
        }
    }

    bool regex_matches(const re2::RE2& re, std::string_view text) {
        std::string_view subject = text;
        if (sanitize_utf8(text, s_.sanitized)) subject = s_.sanitized;
        return re.Match(re2::StringPiece(subject.data(), subject.size()), 0, subject.size(), re2::RE2::ANCHOR_BOTH,
                        nullptr, 0);
    }

    // path_prefix_search (prefix_search.h): the path and each search path are split at '/'
    // with empty components dropped; a search path matches when its components are a prefix of
    // the path's, a component with "?*[" matching by glob.
    bool path_matches(const CheckNode& c, std::string_view path) {
        for (const PathPattern& pattern : c.paths) {
            size_t pos = 0;
            size_t matched = 0;
            bool ok = true;
            while (matched < pattern.components.size()) {
                while (pos < path.size() && path[pos] == '/') ++pos;
                if (pos >= path.size()) {
                    ok = false;
                    break;
                }
                const size_t end = std::min(path.find('/', pos), path.size());
                const std::string_view component = path.substr(pos, end - pos);
                pos = end;
                const std::string& want = pattern.components[matched];
                if (pattern.is_glob[matched]) {
                    s_.component.assign(component);
                    if (!glob_matches(want.c_str(), s_.component.c_str(), false)) ok = false;
                } else if (component != want) {
                    ok = false;
                }
                if (!ok) break;
                ++matched;
            }
            if (ok) return true;
        }
        return false;
    }

    // compare_ip / compare_net / compare_port (sinsp_filtercheck_fd.cpp): `=`, `in` and the
    // others hold when either end matches, `!=` when every end with a value differs. compare_ip
    // and compare_port ignore modifiers (they compare with the first constant), and compare_net
    // compares with the first constant whatever the operator.
    Truth either_side(const CheckNode& c) {
        const EitherSide& sides = *c.either_side;
        bool any_present = false, any_unknown = false, any_match = false, any_mismatch = false;
        for (uint32_t side : sides.side_operands) {
            const Presence pr = extract(side);
            if (pr == Presence::NoValue) continue;
            if (pr == Presence::Unknown) {
                any_unknown = true;
                continue;
            }
            any_present = true;
            if (c.op == Op::Exists) {
                any_match = true;
                continue;
            }
            const OperandNode& o = p_.operands[side];
            const Scalar& v = s_.operands[side].items[0];
            bool m = false;
            if (c.constants.empty()) {
                m = false;
            } else if (c.op == Op::In && !sides.first_constant_only) {
                m = member(c, o, v, c.constants, true);
            } else if (c.op == Op::Intersects || c.op == Op::Pmatch) {
                m = false;  // libsinsp throws or returns false for these
            } else {
                m = compare(c.op == Op::In ? Op::Eq : c.op, o, v, c.constants[0]);
            }
            if (m) any_match = true;
            else any_mismatch = true;
        }
        if (c.op == Op::Ne) {
            if (any_mismatch) return Truth::False;
            if (any_unknown) return Truth::Unknown;
            return truth_of(any_present);
        }
        if (any_match) return Truth::True;
        if (any_unknown) return Truth::Unknown;
        return Truth::False;
    }

    const Program& p_;
    Scratch& s_;
    const Record* record_ = nullptr;               // the values, by key
    std::span<const FieldValue* const> values_;   // or by position in Program::sorted_keys
};

// ---- compilation -------------------------------------------------------------------------

class Compiler {
public:
    Compiler(const grammar::FieldCatalog& catalog, std::string_view source, const KnownTruth& known)
        : catalog_(catalog), source_(source), known_(known), filter_compiler_(catalog) {}

    std::unique_ptr<Program> program = std::make_unique<Program>();
    std::optional<std::string> error;

    uint32_t logic(const Expr& e) {
        LogicNode n;
        n.expr = &e;
        if (known_) {
            if (auto value = known_(e)) {
                n.shape = LogicNode::Shape::Constant;
                n.constant = truth_of(*value);
                return add(std::move(n));
            }
        }
        switch (e.kind) {
            case Kind::And:
            case Kind::Or:
            case Kind::Not:
                n.shape = e.kind == Kind::And ? LogicNode::Shape::And
                          : e.kind == Kind::Or ? LogicNode::Shape::Or
                                               : LogicNode::Shape::Not;
                for (const Expr& c : e.children) n.children.push_back(logic(c));
                break;
            case Kind::UnaryCheck:
            case Kind::BinaryCheck:
                n.shape = LogicNode::Shape::Check;
                n.check = check(e);
                break;
            case Kind::Macro:
                fail("filter error: unexpected identifier '" + e.text + "'");
                break;
            default:
                fail(std::string("unexpected ") + grammar::kind_name(e.kind) + " node in a condition");
        }
        return add(std::move(n));
    }

    void finish() {
        program->sorted_keys = program->keys;
        std::sort(program->sorted_keys.begin(), program->sorted_keys.end());
        for (const std::string& key : program->keys) {
            const auto at = std::lower_bound(program->sorted_keys.begin(), program->sorted_keys.end(), key);
            program->sorted_index.push_back(static_cast<uint32_t>(at - program->sorted_keys.begin()));
        }
    }

private:
    uint32_t add(LogicNode n) {
        program->nodes.push_back(std::move(n));
        return uint32_t(program->nodes.size() - 1);
    }

    void fail(std::string message) {
        if (!error) error = std::move(message);
    }

    uint32_t key(const std::string& name) {
        auto& keys = program->keys;
        auto it = std::find(keys.begin(), keys.end(), name);
        if (it != keys.end()) return uint32_t(it - keys.begin());
        keys.push_back(name);
        return uint32_t(keys.size() - 1);
    }

    uint32_t add_operand(OperandNode o) {
        o.family = ruleset::value_family(o.type);
        program->operands.push_back(std::move(o));
        return uint32_t(program->operands.size() - 1);
    }

    uint32_t field_operand(const std::string& record_key, const grammar::ResolvedField& f, FieldType type) {
        OperandNode o;
        o.shape = OperandNode::Shape::Field;
        o.type = type;
        o.is_list = f.field->is_list;
        o.key = key(record_key);
        const std::string_view name = f.field->name;
        o.na_is_value = name.starts_with("ka.") || name.starts_with("jevt.");
        return add_operand(std::move(o));
    }

    // The operand of a field, transformer, literal or transformer list. The filter compiler
    // has already accepted the check, so names and types are known to be valid.
    std::optional<uint32_t> operand(const Expr& e) {
        switch (e.kind) {
            case Kind::Field: {
                const auto& r = catalog_.resolve(source_, e.text, e.has_arg ? std::string_view(e.arg) : std::string_view());
                if (!r.ok()) {
                    fail(r.error);
                    return std::nullopt;
                }
                return field_operand(r.resolved.full_name, r.resolved, r.resolved.field->type);
            }
            case Kind::Value: {
                OperandNode o;
                o.shape = OperandNode::Shape::Literal;
                o.literal = e.text;
                return add_operand(std::move(o));
            }
            case Kind::TransformerList: {
                OperandNode o;
                o.shape = OperandNode::Shape::LiteralList;
                o.is_list = true;
                for (const Expr& c : e.children) {
                    auto a = operand(c);
                    if (!a) return std::nullopt;
                    o.args.push_back(*a);
                }
                return add_operand(std::move(o));
            }
            case Kind::Transformer: {
                auto t = transform_from_text(e.text);
                if (!t) {
                    fail("unknown transformer '" + e.text + "'");
                    return std::nullopt;
                }
                OperandNode o;
                o.shape = OperandNode::Shape::Transformed;
                o.transform = *t;
                for (const Expr& c : e.children) {
                    auto a = operand(c);
                    if (!a) return std::nullopt;
                    o.args.push_back(*a);
                }
                const OperandNode& input = program->operands[o.args[0]];
                o.type = input.type;
                o.is_list = input.is_list;
                switch (*t) {
                    case Transform::Len: o.type = FieldType::Uint64, o.is_list = false; break;
                    case Transform::Join:
                    case Transform::Concat: o.type = FieldType::Charbuf, o.is_list = false; break;
                    case Transform::Getopt:
                        o.type = FieldType::Charbuf;
                        o.is_list = !e.has_arg;
                        if (e.has_arg && !e.arg.empty()) o.selector = e.arg[0];
                        break;
                    default: break;
                }
                return add_operand(std::move(o));
            }
            default:
                fail(std::string("unexpected ") + grammar::kind_name(e.kind) + " node as an operand");
                return std::nullopt;
        }
    }

    // The filter-only fd fields that libsinsp compares against either end of a connection, and
    // the per-end network fields, which read the address Falco can print.
    std::optional<uint32_t> either_side_or_network(const Expr& field, CheckNode& c) {
        if (field.kind != Kind::Field || field.has_arg) return std::nullopt;
        const auto& r = catalog_.resolve(source_, field.text, std::string_view());
        if (!r.ok() || r.resolved.field->provider != "libsinsp") return std::nullopt;
        const std::string_view name = field.text;
        static constexpr std::pair<std::string_view, std::string_view> kPerEnd[] = {
            {"fd.cnet", "fd.cip"}, {"fd.snet", "fd.sip"}, {"fd.lnet", "fd.lip"}, {"fd.rnet", "fd.rip"}};
        for (const auto& [net, ip] : kPerEnd) {
            if (name == net) return field_operand(std::string(ip), r.resolved, r.resolved.field->type);
        }
        std::pair<const char*, const char*> ends;
        if (name == "fd.ip" || name == "fd.net") {
            ends = {"fd.cip", "fd.sip"};
        } else if (name == "fd.port" || name == "fd.proto") {
            ends = {"fd.cport", "fd.sport"};
        } else {
            return std::nullopt;
        }
        EitherSide sides;
        sides.first_constant_only = name == "fd.net";
        sides.side_operands.push_back(field_operand(ends.first, r.resolved, r.resolved.field->type));
        sides.side_operands.push_back(field_operand(ends.second, r.resolved, r.resolved.field->type));
        c.either_side = std::move(sides);
        return c.either_side->side_operands[0];
    }

    uint32_t check(const Expr& e) {
        CheckNode c;
        const uint32_t index = uint32_t(program->checks.size());
        auto report = filter_compiler_.compile(e, source_);
        if (!report.ok()) {
            fail(report.errors.front().message);
            program->checks.push_back(std::move(c));
            return index;
        }
        const std::string_view spelling = e.text;
        const size_t space = spelling.find(' ');
        c.op = op_from_text(spelling.substr(0, space)).value_or(Op::Exists);
        if (space != std::string_view::npos) c.modifier = modifier_from_text(spelling.substr(space + 1)).value_or(Modifier::None);
        const Expr& lhs_node = e.children.at(0);
        auto lhs = either_side_or_network(lhs_node, c);
        if (!lhs) lhs = operand(lhs_node);
        if (!lhs) {
            program->checks.push_back(std::move(c));
            return index;
        }
        c.lhs = *lhs;
        if (e.kind == Kind::BinaryCheck) {
            const Expr& rhs_node = e.children.at(1);
            if (rhs_node.kind == Kind::Transformer) {
                c.rhs = operand(rhs_node);
            } else {
                constants(c, rhs_node);
            }
        }
        program->checks.push_back(std::move(c));
        return index;
    }

    void constants(CheckNode& c, const Expr& rhs_node) {
        std::vector<const Expr*> values;
        if (rhs_node.kind == Kind::List) {
            for (const Expr& v : rhs_node.children) values.push_back(&v);
        } else {
            values.push_back(&rhs_node);
        }
        const OperandNode& lhs = program->operands[c.lhs];
        std::vector<ruleset::TypedValue> typed;
        for (const Expr* v : values) {
            if (c.op == Op::Bcontains || c.op == Op::Bstartswith) {
                ruleset::TypedValue t;
                t.text = ruleset::decode_hex(v->text);
                typed.push_back(std::move(t));
                continue;
            }
            if (c.op == Op::Regex) {
                re2::RE2::Options options(re2::RE2::POSIX);
                options.set_log_errors(false);
                auto re = std::make_shared<const re2::RE2>(v->text, options);
                if (!re->ok()) fail("invalid regex pattern: " + re->error());
                c.regexes.push_back(std::move(re));
            }
            if (c.op == Op::Pmatch) {
                PathPattern pattern;
                std::string_view path = v->text;
                size_t pos = 0;
                while (pos < path.size()) {
                    const size_t slash = std::min(path.find('/', pos), path.size());
                    if (slash > pos) {
                        std::string component(path.substr(pos, slash - pos));
                        pattern.is_glob.push_back(component.find_first_of("?*[") != std::string::npos);
                        pattern.components.push_back(std::move(component));
                    }
                    pos = slash + 1;
                }
                c.paths.push_back(std::move(pattern));
            }
            auto parsed = ruleset::parse_constant(lhs.type, v->text);
            if (auto* message = std::get_if<std::string>(&parsed)) {
                fail(*message);
                return;
            }
            typed.push_back(std::get<ruleset::TypedValue>(std::move(parsed)));
        }
        for (auto& t : typed) c.constant_texts.push_back(std::move(t.text));
        for (size_t i = 0; i < typed.size(); ++i) {
            Scalar s;
            s.text = c.constant_texts[i];
            s.signed_value = typed[i].signed_value;
            s.unsigned_value = typed[i].unsigned_value;
            s.real = typed[i].real;
            s.ip = typed[i].ip;
            if (lhs.family == ValueFamily::Dynamic) {
                if (auto n = ruleset::scan_signed(c.constant_texts[i])) s.is_number = true, s.signed_value = *n;
            }
            c.constants.push_back(s);
            c.text_set.insert(s.text);
        }
    }

    const grammar::FieldCatalog& catalog_;
    std::string source_;
    const KnownTruth& known_;
    ruleset::FilterCompiler filter_compiler_;
};

}  // namespace

CompiledCondition::CompiledCondition(std::shared_ptr<const Program> program)
    : program_(std::move(program)), scratch_(std::make_unique<Scratch>()) {
    scratch_->operands.resize(program_->operands.size());
}

CompiledCondition::CompiledCondition(const CompiledCondition& other) : CompiledCondition(other.program_) {}

CompiledCondition& CompiledCondition::operator=(const CompiledCondition& other) {
    if (this != &other) *this = CompiledCondition(other.program_);
    return *this;
}

CompiledCondition::CompiledCondition(CompiledCondition&&) noexcept = default;
CompiledCondition& CompiledCondition::operator=(CompiledCondition&&) noexcept = default;
CompiledCondition::~CompiledCondition() = default;

std::variant<CompiledCondition, std::string> CompiledCondition::compile(const Expr& resolved, std::string_view source,
                                                                        const grammar::FieldCatalog& catalog,
                                                                        const KnownTruth& known) {
    if (!catalog.has_source(source)) return "unknown event source " + std::string(source);
    Compiler compiler(catalog, source, known);
    // The top-level conjuncts get their own nodes so that a trace can report each of them.
    auto& program = *compiler.program;
    if (resolved.kind == Kind::And && !(known && known(resolved))) {
        LogicNode root;
        root.shape = LogicNode::Shape::And;
        root.expr = &resolved;
        for (const Expr& c : resolved.children) root.children.push_back(compiler.logic(c));
        program.conjuncts = root.children;
        program.nodes.push_back(std::move(root));
        program.root = uint32_t(program.nodes.size() - 1);
    } else {
        program.root = compiler.logic(resolved);
        program.conjuncts = {program.root};
    }
    if (compiler.error) return std::move(*compiler.error);
    compiler.finish();
    return CompiledCondition(std::shared_ptr<const Program>(std::move(compiler.program)));
}

Truth CompiledCondition::evaluate(const Record& record) const {
    scratch_->missing = nullptr;
    Evaluator evaluator(*program_, *scratch_, record);
    return evaluator.node(program_->root);
}

Truth CompiledCondition::evaluate(std::span<const FieldValue* const> values) const {
    if (values.size() != program_->sorted_keys.size()) {
        throw std::invalid_argument("CompiledCondition::evaluate: one value per field() expected");
    }
    scratch_->missing = nullptr;
    Evaluator evaluator(*program_, *scratch_, values);
    return evaluator.node(program_->root);
}

Truth CompiledCondition::evaluate(const Record& record, EvalTrace& trace) const {
    trace.conjuncts.clear();
    trace.missing_fields.clear();
    std::vector<uint32_t> missing;
    scratch_->missing = &missing;
    Evaluator evaluator(*program_, *scratch_, record);
    // Every conjunct is evaluated (no short-circuit) so that the trace reports each of them.
    Truth result = Truth::True;
    result = evaluator.scoped([&] {
        Truth all = Truth::True;
        for (uint32_t c : program_->conjuncts) {
            const Truth t = evaluator.scoped([&] { return evaluator.node(c); });
            trace.conjuncts.emplace_back(program_->nodes[c].expr, t);
            all = truth_and(all, t);
        }
        return all;
    });
    // A False conjunct decides the result: the unknowns of the others did not matter.
    if (result == Truth::Unknown) {
        for (uint32_t key : missing) trace.missing_fields.push_back(program_->keys[key]);
        std::sort(trace.missing_fields.begin(), trace.missing_fields.end());
        trace.missing_fields.erase(std::unique(trace.missing_fields.begin(), trace.missing_fields.end()),
                                   trace.missing_fields.end());
    }
    scratch_->missing = nullptr;
    return result;
}

const std::vector<std::string>& CompiledCondition::fields() const { return program_->sorted_keys; }

}  // namespace rulekit::eval
