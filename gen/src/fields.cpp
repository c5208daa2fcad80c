#include "gen/fields.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>

namespace rulekit::gen {

namespace {

bool starts_with_any(std::string_view key, std::initializer_list<std::string_view> prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return key.starts_with(p); });
}
bool one_of(std::string_view key, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), key) != names.end();
}

// Character classes, one table lookup each: value shaping runs on every field of every alert.
enum CharClass : uint8_t { kAlnum = 1, kDigit = 2, kHex = 4, kUpper = 8, kK8sSuffix = 16 };
static_assert(kDigit == 2, "append_value_shape counts digits with (class >> 1) & 1");
constexpr std::array<uint8_t, 256> kClasses = [] {
    std::array<uint8_t, 256> t{};
    for (int c = '0'; c <= '9'; ++c) t[c] |= kAlnum | kDigit | kHex;
    for (int c = 'a'; c <= 'z'; ++c) t[c] |= kAlnum;
    for (int c = 'A'; c <= 'Z'; ++c) t[c] |= kAlnum | kUpper;
    for (int c = 'a'; c <= 'f'; ++c) t[c] |= kHex;
    for (int c = 'A'; c <= 'F'; ++c) t[c] |= kHex;
    // The alphabet Kubernetes draws generated name suffixes from (no vowels, no 0/1/3).
    for (char c : std::string_view("bcdfghjklmnpqrstvwxz2456789")) t[static_cast<unsigned char>(c)] |= kK8sSuffix;
    return t;
}();
inline uint8_t class_of(char c) { return kClasses[static_cast<unsigned char>(c)]; }
inline bool is_alnum(char c) { return class_of(c) & kAlnum; }

constexpr char kNumber = 1, kId = 2, kGeneratedSuffix = 3;

// What a token of letters and digits stands for: a placeholder, or 0 to keep it. `all` is the
// AND of its bytes' classes and `digits` how many are digits, gathered while the token's end was
// looked for (read_token), so most tokens are decided without another scan.
[[gnu::always_inline]] inline char token_placeholder(std::string_view token, uint8_t all, size_t digits, char before) {
    const size_t size = token.size(), letters = size - digits;
    if (letters == 0) return kNumber;
    // Hex with digits: ids, hashes, the groups of a UUID or an IPv6 address ("e29b", "fe80").
    if (size >= 4 && (all & kHex) && digits > 0) return kId;
    if (size >= 8 && digits >= 2 && letters >= 2) return kId;
    // Random mixed case (mktemp's "tmp.aBcDeFgHiJ"); CamelCase words change case a few times only.
    if (size >= 8) {
        size_t case_changes = 0;
        for (size_t i = 1; i < size; ++i) {
            const uint8_t previous = class_of(token[i - 1]), c = class_of(token[i]);
            if (!((c | previous) & kDigit) && ((c ^ previous) & kUpper)) ++case_changes;
        }
        if (case_changes >= 4) return kId;
    }
    if (before == '-' && size >= 5 && size <= 10 && (all & kK8sSuffix)) return kGeneratedSuffix;
    return 0;
}

// The token (a run of letters and digits) that starts at `start`, which is a letter or digit,
// and goes on at most to `end`: where it ends, and its placeholder (0 to keep it).
struct Token {
    const char* end;
    char placeholder;
};
[[gnu::always_inline]] inline Token read_token(const char* start, const char* end, char before) {
    uint8_t all = 0xff;
    size_t digits = 0;
    const char* p = start;
    for (; p < end; ++p) {
        const uint8_t c = class_of(*p);
        if (!(c & kAlnum)) break;
        all &= c;
        digits += (c >> 1) & 1;  // kDigit
    }
    return {p, token_placeholder(std::string_view(start, static_cast<size_t>(p - start)), all, digits, before)};
}

}  // namespace

bool is_incidental_field(std::string_view key) {
    return starts_with_any(key, {"evt.time", "evt.datetime", "evt.rawtime", "evt.reltime", "evt.latency", "evt.num",
                                 "evt.dir", "evt.cpu", "evt.res", "evt.rawres", "evt.failed", "evt.count",
                                 "evt.args", "evt.info", "evt.buffer", "evt.buflen", "thread.", "proc.fdopen",
                                 "proc.fdlimit", "proc.fdusage", "proc.vmsize", "proc.vmrss", "proc.vmswap",
                                 "proc.duration", "proc.ppid.duration", "proc.pid.ts", "proc.exe_ino",
                                 "container.image.tag", "container.image.digest", "container.image.id",
                                 "container.start_ts", "container.duration", "ka.auditid", "ka.stage",
                                 "ka.response.code"}) ||
           one_of(key, {"evt.type", "evt.arg.flags", "evt.arg.mode", "evt.hostname", "fd.type", "fd.typechar", "fd.l4proto",
                        "fd.num", "user.uid", "user.loginuid", "user.loginname", "group.gid", "proc.tty", "proc.sid",
                        "proc.vpgid", "proc.pgid", "proc.sname", "proc.pid", "proc.ppid", "proc.vpid", "proc.pvpid",
                        "proc.apid", "evt.source", "evt.pluginname", "evt.plugininfo"}) ||
           (key.starts_with("proc.apid[")) || (key.starts_with("evt.rawarg."));
}

bool is_volatile_field(std::string_view key) {
    return one_of(key, {"container.id", "container.name", "k8s.pod.name", "k8s.pod.uid", "k8s.pod.id", "fd.cport",
                        "fd.lport", "fd.rport", "fd.cip", "fd.lip", "fd.rip", "fd.cip.name", "fd.rip.name",
                        "fd.lip.name", "fd.ino", "fd.dev", "ka.sourceips", "ka.target.name", "ka.uri",
                        "ka.req.pod.containers.name", "k8smeta.pod.name", "k8smeta.pod.uid"}) ||
           is_incidental_field(key);
}

bool is_versioned_field(std::string_view key) {
    return one_of(key, {"container.image", "ka.req.pod.containers.image", "ka.req.container.image", "ka.useragent"});
}

std::string short_field_name(std::string_view key) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 26> kNames = {{
        {"container.image.repository", "image"}, {"container.image", "image"}, {"proc.name", "proc"},
        {"proc.pname", "parent"}, {"proc.exepath", "exe"}, {"proc.exe", "exe"}, {"proc.cmdline", "cmdline"},
        {"proc.pcmdline", "parent_cmdline"}, {"proc.pexepath", "parent_exe"}, {"fd.name", "file"},
        {"fd.directory", "dir"}, {"fd.filename", "filename"}, {"k8s.ns.name", "ns"}, {"user.name", "user"},
        {"ka.user.name", "user"}, {"ka.target.namespace", "target_ns"}, {"ka.target.resource", "resource"},
        {"ka.verb", "verb"}, {"ka.target.subresource", "subresource"}, {"fd.sip", "server_ip"},
        {"fd.sport", "server_port"}, {"fd.rip", "remote_ip"}, {"fd.rport", "remote_port"}, {"proc.cwd", "cwd"},
        {"k8s.pod.name", "pod"}, {"container.name", "container"},
    }};
    for (const auto& [name, word] : kNames) {
        if (key == name) return std::string(word);
    }
    std::string out;
    for (char c : key) out += is_alnum(c) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
    while (!out.empty() && out.back() == '_') out.pop_back();
    if (out.starts_with("proc_aname_")) out = "ancestor" + out.substr(11);
    return out;
}

bool append_value_shape(std::string& out, std::string_view value) {
    // A shape is never longer than its value: written through a pointer, then cut to size.
    const size_t start = out.size();
    out.resize(start + value.size());
    char* to = out.data() + start;
    const char* const begin = value.data();
    const char* const end = begin + value.size();
    const char* literal = begin;  // the bytes from here to the next placeholder are copied as one run
    auto copy_literal = [&](const char* until) {
        const size_t n = static_cast<size_t>(until - literal);
        if (n <= 16) {
            for (size_t i = 0; i < n; ++i) to[i] = literal[i];
        } else {
            std::memcpy(to, literal, n);
        }
        to += n;
    };
    bool varied = false;
    for (const char* p = begin; p < end;) {
        if (!is_alnum(*p)) {
            ++p;
            continue;
        }
        const Token token = read_token(p, end, p > begin ? p[-1] : '\0');
        if (token.placeholder) {
            copy_literal(p);
            *to++ = token.placeholder;
            literal = token.end;
            varied = true;
        }
        p = token.end;
    }
    copy_literal(end);
    out.resize(static_cast<size_t>(to - out.data()));
    return varied;
}

bool same_shape_by_tokens(std::string_view known, std::string_view value) {
    const char* a = known.data();
    const char* b = value.data();
    const char* const a_end = a + known.size();
    const char* const b_end = b + value.size();
    // Where the bytes compared equal pair by pair start: after the last differing tokens.
    const char* a_floor = a;
    for (;;) {
        // Equal bytes shape alike: a token's placeholder depends on its bytes and the byte
        // before it, and every byte before a difference is equal. Most bytes are: skipped eight
        // at a time.
        if constexpr (std::endian::native == std::endian::little) {
            while (a + 8 <= a_end && b + 8 <= b_end) {
                uint64_t x, y;
                std::memcpy(&x, a, 8);
                std::memcpy(&y, b, 8);
                if (x != y) {
                    const int same = std::countr_zero(x ^ y) / 8;
                    a += same;
                    b += same;
                    break;
                }
                a += 8;
                b += 8;
            }
        }
        const bool a_more = a < a_end, b_more = b < b_end;
        if (a_more && b_more && *a == *b) {
            ++a;
            ++b;
            continue;
        }
        if (!a_more && !b_more) return true;
        // A difference, or one side ended: it must lie in a token on both sides (which may have
        // begun with equal bytes), and the two tokens must become the same placeholder.
        const char* a_token = a;
        const char* b_token = b;
        while (a_token > a_floor && is_alnum(a_token[-1])) {
            --a_token;
            --b_token;
        }
        if (!((a_more && is_alnum(*a)) || a_token < a) || !((b_more && is_alnum(*b)) || b_token < b)) return false;
        const char before = a_token > known.data() ? a_token[-1] : '\0';
        const Token a_read = read_token(a_token, a_end, before), b_read = read_token(b_token, b_end, before);
        if (!a_read.placeholder || a_read.placeholder != b_read.placeholder) return false;
        a = a_read.end;
        b = b_read.end;
        a_floor = a;
    }
}

std::string value_shape(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    append_value_shape(out, value);
    return out;
}

std::string stable_prefix(std::string_view shape) {
    size_t end = 0;
    while (end < shape.size() && !is_placeholder(shape[end])) ++end;
    if (end == shape.size()) return std::string(shape);
    // Cut back to a boundary: the placeholder may follow part of a token ("python" in "python3").
    size_t cut = end;
    while (cut > 0 && is_alnum(shape[cut - 1])) --cut;
    std::string_view prefix = shape.substr(0, cut);
    // Too little to identify anything: "/", "-", a lone word of 1–2 letters.
    size_t meaningful = 0;
    for (char c : prefix) meaningful += is_alnum(c) ? 1 : 0;
    if (meaningful < 3) return {};
    return std::string(prefix);
}

}  // namespace rulekit::gen
