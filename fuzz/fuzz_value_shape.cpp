// libFuzzer target for value shaping (gen/fields.hpp), which ingest runs on the identifying
// fields of every alert. The input is two values, split at the first newline. Besides crashes it
// checks the quick same-shape test ingest trusts in place of shaping: whenever it says two
// values share a shape, their shapes are equal; a value always shares its own; a shape is never
// longer than its value, and its stable prefix is a prefix of it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gen/fields.hpp"

namespace {

void fail(const char* what, std::string_view a, std::string_view b) {
    std::fprintf(stderr, "%s\n  a: %.*s\n  b: %.*s\n", what, static_cast<int>(a.size()), a.data(),
                 static_cast<int>(b.size()), b.data());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const size_t cut = input.find('\n');
    const std::string_view a = input.substr(0, cut);
    const std::string_view b = cut == std::string_view::npos ? a : input.substr(cut + 1);
    const std::string shape_a = rulekit::gen::value_shape(a), shape_b = rulekit::gen::value_shape(b);
    if (shape_a.size() > a.size()) fail("a shape longer than its value", a, b);
    if (!std::string_view(shape_a).starts_with(rulekit::gen::stable_prefix(shape_a))) fail("a stable prefix that is not a prefix", a, b);
    if (!rulekit::gen::same_shape_by_tokens(a, a)) fail("a value not sharing its own shape", a, a);
    if (rulekit::gen::same_shape_by_tokens(a, b) && shape_a != shape_b) fail("said to share a shape, but the shapes differ", a, b);
    return 0;
}
