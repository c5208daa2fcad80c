#include "ruleset/field_values.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <limits>

namespace rulekit::ruleset {

using grammar::FieldType;

ValueFamily value_family(FieldType type) {
    switch (type) {
        case FieldType::Int8: case FieldType::Int16: case FieldType::Int32: case FieldType::Int64:
        case FieldType::Fd: case FieldType::Pid: case FieldType::Errno:
            return ValueFamily::Signed;
        case FieldType::Uint8: case FieldType::Uint16: case FieldType::Uint32: case FieldType::Uint64:
        case FieldType::Flags8: case FieldType::Flags16: case FieldType::Flags32:
        case FieldType::Enumflags8: case FieldType::Enumflags16: case FieldType::Enumflags32:
        case FieldType::Port: case FieldType::Syscallid: case FieldType::Sigtype: case FieldType::Mode:
        case FieldType::Uid: case FieldType::Gid: case FieldType::Reltime: case FieldType::Abstime:
            return ValueFamily::Unsigned;
        case FieldType::Double: return ValueFamily::Real;
        case FieldType::Bool: return ValueFamily::Boolean;
        case FieldType::Ipv4addr: case FieldType::Ipv6addr: case FieldType::Ipaddr: return ValueFamily::Address;
        case FieldType::Ipv4net: case FieldType::Ipv6net: case FieldType::Ipnet: return ValueFamily::Network;
        case FieldType::Charbuf: case FieldType::Fspath: case FieldType::Fsrelpath: return ValueFamily::Text;
        case FieldType::Bytebuf: return ValueFamily::Bytes;
        case FieldType::Dynamic: return ValueFamily::Dynamic;
        default: return ValueFamily::Other;
    }
}

unsigned integer_width(FieldType type) {
    switch (type) {
        case FieldType::Int8: case FieldType::Uint8: case FieldType::Flags8: case FieldType::Enumflags8:
        case FieldType::Sigtype:
            return 8;
        case FieldType::Int16: case FieldType::Uint16: case FieldType::Flags16: case FieldType::Enumflags16:
        case FieldType::Port: case FieldType::Syscallid:
            return 16;
        case FieldType::Int32: case FieldType::Uint32: case FieldType::Flags32: case FieldType::Enumflags32:
        case FieldType::Mode: case FieldType::Uid: case FieldType::Gid:
            return 32;
        default: return 64;
    }
}

int64_t truncate_signed(FieldType type, int64_t value) {
    switch (integer_width(type)) {
        case 8: return static_cast<int8_t>(value);
        case 16: return static_cast<int16_t>(value);
        case 32: return static_cast<int32_t>(value);
        default: return value;
    }
}

uint64_t truncate_unsigned(FieldType type, uint64_t value) {
    switch (integer_width(type)) {
        case 8: return static_cast<uint8_t>(value);
        case 16: return static_cast<uint16_t>(value);
        case 32: return static_cast<uint32_t>(value);
        default: return value;
    }
}

namespace {

// sinsp_numparser: sscanf("%<conv>%c") must convert exactly one item.
template <typename T>
std::optional<T> scan(const std::string& text, const char* format) {
    T value{};
    char trailing;
    if (std::sscanf(text.c_str(), format, &value, &trailing) != 1) return std::nullopt;
    return value;
}

std::optional<int32_t> scan_d32(const std::string& s) { return scan<int32_t>(s, "%" SCNd32 "%c"); }
std::optional<uint32_t> scan_u32(const std::string& s) { return scan<uint32_t>(s, "%" SCNu32 "%c"); }

std::string not_a_number(const std::string& s) { return s + " is not a valid number"; }

// std::getline(ss, mask) in libsinsp stops at the first newline.
std::string mask_text(const std::string& str, size_t slash) {
    std::string mask = str.substr(slash + 1);
    return mask.substr(0, mask.find('\n'));
}

std::variant<TypedValue, std::string> ipv4_network(const std::string& str) {
    const size_t slash = str.find('/');
    if (slash == std::string::npos) return "unrecognized IP network " + str;
    TypedValue v;
    v.ip.family = 4;
    if (inet_pton(AF_INET, str.substr(0, slash).c_str(), v.ip.bytes.data()) != 1) {
        return "unrecognized IP address " + str;
    }
    const std::string mask = mask_text(str, slash);
    auto bits = scan_u32(mask);  // parseu8(): read as uint32, keep the low byte
    if (!bits) return not_a_number(mask);
    if ((*bits & 0xffu) > 32) return "invalid netmask " + mask;
    v.ip.prefix = uint8_t(*bits & 0xffu);
    return v;
}

std::variant<TypedValue, std::string> ipv6_network(const std::string& str) {
    const size_t slash = str.find('/');
    if (slash == std::string::npos) return "invalid v6 netmask: " + str;
    TypedValue v;
    v.ip.family = 6;
    if (inet_pton(AF_INET6, str.substr(0, slash).c_str(), v.ip.bytes.data()) != 1) {
        return "unrecognized IPv6 address " + str;
    }
    const std::string mask = mask_text(str, slash);
    auto bits = scan_u32(mask);
    if (!bits) return not_a_number(mask);
    const uint32_t prefix = *bits & 0xffu;
    if (prefix == 0 || prefix > 128) return "invalid v6 netmask " + mask;
    v.ip.prefix = uint8_t(prefix);
    return v;
}

}  // namespace

std::optional<int64_t> scan_signed(const std::string& text) { return scan<int64_t>(text, "%" SCNd64 "%c"); }
std::optional<uint64_t> scan_unsigned(const std::string& text) { return scan<uint64_t>(text, "%" SCNu64 "%c"); }

bool IpValue::contains(const IpValue& address) const {
    if (address.family != family) return false;
    const unsigned full_bytes = prefix / 8;
    if (!std::equal(bytes.begin(), bytes.begin() + full_bytes, address.bytes.begin())) return false;
    const unsigned rest = prefix % 8;
    if (rest == 0) return true;
    const uint8_t mask = uint8_t(0xffu << (8 - rest));
    return (bytes[full_bytes] & mask) == (address.bytes[full_bytes] & mask);
}

std::optional<IpValue> parse_ip_address(std::string_view text) {
    const std::string s(text);
    IpValue ip;
    if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1) {
        ip.family = 4;
        return ip;
    }
    if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) {
        ip.family = 6;
        return ip;
    }
    return std::nullopt;
}

std::optional<IpValue> parse_ip_network(std::string_view text) {
    const std::string s(text);
    auto parsed = s.find('.') != std::string::npos ? ipv4_network(s) : ipv6_network(s);
    if (auto* v = std::get_if<TypedValue>(&parsed)) return v->ip;
    return std::nullopt;
}

std::optional<uint16_t> service_port(std::string_view name) {
    const auto* begin = kServicePorts;
    const auto* end = kServicePorts + kServicePortCount;
    const auto* it = std::lower_bound(begin, end, name, [](const auto& entry, std::string_view n) { return entry.first < n; });
    if (it != end && it->first == name) return it->second;
    return std::nullopt;
}

bool is_hex_string(std::string_view s) {
    return s.size() % 2 == 0 &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

std::string decode_hex(std::string_view s) {
    auto nibble = [](char c) -> uint8_t {
        if (c >= '0' && c <= '9') return uint8_t(c - '0');
        return uint8_t(std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
    };
    std::string out;
    out.reserve(s.size() / 2);
    for (size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(char(nibble(s[i]) << 4 | nibble(s[i + 1])));
    return out;
}

std::variant<TypedValue, std::string> parse_constant(FieldType type, const std::string& v) {
    TypedValue out;
    switch (type) {
        case FieldType::Int8: case FieldType::Int16: case FieldType::Int32: {
            auto n = scan_d32(v);
            if (!n) return not_a_number(v);
            out.signed_value = truncate_signed(type, *n);
            return out;
        }
        case FieldType::Int64: case FieldType::Fd: case FieldType::Errno: case FieldType::Pid: {
            auto n = scan_signed(v);
            if (!n) return not_a_number(v);
            out.signed_value = *n;
            return out;
        }
        case FieldType::Double: {
            // libsinsp never parsed floating point constants: it reads an integer
            // (sinsp_numparser::parsed32) and stores it as a double.
            auto n = scan_signed(v);
            if (!n) return not_a_number(v);
            out.real = double(static_cast<int32_t>(*n));
            return out;
        }
        case FieldType::Uint8: case FieldType::Flags8: case FieldType::Enumflags8: case FieldType::L4proto:
        case FieldType::Sigtype: case FieldType::Uint16: case FieldType::Flags16: case FieldType::Enumflags16:
        case FieldType::Syscallid: case FieldType::Uint32: case FieldType::Flags32: case FieldType::Enumflags32:
        case FieldType::Mode: case FieldType::Uid: case FieldType::Gid: {
            auto n = scan_u32(v);
            if (!n) return not_a_number(v);
            out.unsigned_value = truncate_unsigned(type, *n);
            return out;
        }
        case FieldType::Uint64: case FieldType::Reltime: case FieldType::Abstime: {
            auto n = scan_unsigned(v);
            if (!n) return not_a_number(v);
            out.unsigned_value = *n;
            return out;
        }
        case FieldType::Port: {
            if (v.empty()) return out;  // an empty constant is port 0
            if (v.find_first_not_of("0123456789") == std::string::npos) {
                // std::stoi's own exception escapes libsinsp with this text.
                if (v.size() > 18 || std::stoll(v) > std::numeric_limits<int>::max()) return std::string("stoi");
                out.unsigned_value = static_cast<uint16_t>(std::stoi(v));
                return out;
            }
            auto port = service_port(v);
            if (!port) return "unrecognized protocol " + v;
            out.unsigned_value = *port;
            return out;
        }
        case FieldType::Bool:
            if (v == "true" || v == "false") {
                out.unsigned_value = v == "true" ? 1 : 0;
                return out;
            }
            return "filter error: unrecognized boolean value " + v;
        case FieldType::Ipaddr:
            return parse_constant(v.find('.') != std::string::npos ? FieldType::Ipv4addr : FieldType::Ipv6addr, v);
        case FieldType::Ipv4addr:
            out.ip.family = 4;
            if (inet_pton(AF_INET, v.c_str(), out.ip.bytes.data()) != 1) return "unrecognized IPv4 address " + v;
            return out;
        case FieldType::Ipv6addr:
            out.ip.family = 6;
            if (inet_pton(AF_INET6, v.c_str(), out.ip.bytes.data()) != 1) return "unrecognized IPv6 address " + v;
            return out;
        case FieldType::Ipnet:
            return v.find('.') != std::string::npos ? ipv4_network(v) : ipv6_network(v);
        case FieldType::Ipv4net: return ipv4_network(v);
        case FieldType::Ipv6net: return ipv6_network(v);
        default:
            // Strings and buffers are taken as they are; DYNAMIC (evt.rawarg) takes the type of
            // the event parameter, which the catalog does not know.
            out.text = v;
            return out;
    }
}

}  // namespace rulekit::ruleset
