// libFuzzer target for the condition parser. Beyond "never crash, never hang" it checks the
// printer's promise: whatever parses prints to text that parses back to the same AST and
// prints identically again. A violation abort()s so that libFuzzer records the input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "grammar/condition.hpp"
#include "grammar/printer.hpp"

using namespace rulekit::grammar;

namespace {

[[noreturn]] void fail(const char* what, std::string_view input, const std::string& printed) {
    std::fprintf(stderr, "round-trip failure: %s\ninput:   %.*s\nprinted: %s\n", what, static_cast<int>(input.size()),
                 input.data(), printed.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const ParseResult first = parse_condition(input);
    if (!first.ok()) return 0;

    const std::string printed = print(*first.expr);
    // The canonical form never nests deeper than the source, so Falco's own limit applies.
    const ParseResult second = parse_condition(printed);
    if (!second.ok()) fail(("printed form does not parse: " + second.error->message).c_str(), input, printed);
    if (!second.expr->same_as(*first.expr)) fail("printed form parses to a different AST", input, printed);
    if (print(*second.expr) != printed) fail("printing is not stable", input, printed);

    // Falco's own form is not always re-parsable; it only has to be produced without crashing.
    (void)print(*first.expr, PrintStyle::Falco);
    return 0;
}
