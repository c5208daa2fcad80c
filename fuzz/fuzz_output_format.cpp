// libFuzzer target for the output-format parser. The catalog is a deterministic stand-in that
// accepts some field names and rejects others, so the greedy back-off runs both ways. Besides
// crashes and hangs it checks the segment table: segments in input order without overlap, and
// each token's input bytes being '%', optional width digits and the expression text (when no
// legacy token was removed from the input).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "grammar/output_format.hpp"
#include "grammar/printer.hpp"

using namespace rulekit::grammar;

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Accepts a field when its name ends in a letter from a to m and its argument, if any, is
// numeric; a transformer when it has no argument and every field inside it is accepted.
bool stand_in_catalog(const Expr& e, std::string* error) {
    if (e.kind == Kind::Field) {
        const char last = e.text.back();
        bool ok = last >= 'a' && last <= 'm';
        for (char c : e.arg) ok = ok && is_digit(c);
        if (!ok && error) *error = "rejected by the stand-in catalog";
        return ok;
    }
    if (e.kind == Kind::Transformer && e.has_arg) return false;
    for (const Expr& child : e.children) {
        if ((child.kind == Kind::Field || child.kind == Kind::Transformer) && !stand_in_catalog(child, error)) {
            return false;
        }
    }
    return true;
}

[[noreturn]] void fail(const char* what, std::string_view input, const OutputSegment& s) {
    std::fprintf(stderr, "segment table broken: %s\ninput: %.*s\nsegment at %u (+%u): %s\n", what,
                 static_cast<int>(input.size()), input.data(), s.offset, s.length, s.text.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const OutputFormatResult result = parse_output_format(input, stand_in_catalog);
    if (!result.ok()) {
        if (result.error->offset > input.size()) std::abort();
        return 0;
    }
    uint64_t previous_end = 0;
    for (const OutputSegment& s : result.format->segments) {
        if (s.offset < previous_end) fail("overlap", input, s);
        if (uint64_t{s.offset} + s.length > input.size()) fail("past the end", input, s);
        previous_end = uint64_t{s.offset} + s.length;
        if (s.kind == SegmentKind::Text) {
            if (s.text.empty()) fail("empty text", input, s);
            continue;
        }
        // A removed `%container.info` may sit inside a token (Falco removes it as text before
        // tokenising), and then the token's bytes are not contiguous in the input.
        if (!result.warnings.empty()) continue;
        const std::string_view written = input.substr(s.offset, s.length);
        if (written.empty() || written.front() != '%') fail("token does not start with %", input, s);
        const std::string_view width = written.substr(1, written.size() - 1 - s.text.size());
        for (char c : width) {
            if (!is_digit(c)) fail("junk between % and the expression", input, s);
        }
        if (written.substr(1 + width.size()) != s.text) fail("token text differs from the input", input, s);
        if (s.expr.pos.offset != s.expr_offset || s.expr.end != s.offset + s.length) fail("expr span", input, s);
        (void)print(s.expr);
    }
    return 0;
}
