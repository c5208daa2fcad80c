// What rulekit gen knows about fields before it looks at the data: which identify nothing
// (left out of tuning for readability), which are volatile by nature (never pinned to one
// value), and how a value's varying parts are told from its stable ones. The data decides the
// rest (gen/propose.cpp): this is only the prior.
#pragma once

#include <string>
#include <string_view>

namespace rulekit::gen {

// Fields that identify nothing about what ran where (event type, times, descriptor numbers,
// uid 0, terminal numbers): never part of an exception.
bool is_incidental_field(std::string_view key);

// Fields whose values change from one occurrence of a pattern to the next by nature
// (container ids, pod names, process ids, client ports and addresses): never pinned to one
// value, though a stable prefix of them may be used.
bool is_volatile_field(std::string_view key);

// Fields whose values carry a version that moves with upgrades (an image with its tag): only
// the part before the version is used.
bool is_versioned_field(std::string_view key);

// A short readable word for a field, for exception names: container.image.repository -> image.
std::string short_field_name(std::string_view key);

// The value with the parts that vary between occurrences of one pattern (numbers, hex ids,
// Kubernetes name suffixes, long random tokens) replaced by placeholder bytes (< 0x08), so that
// every occurrence of a pattern has the same shape.
std::string value_shape(std::string_view value);
// The same, appended to `out`; returns whether a placeholder was written.
bool append_value_shape(std::string& out, std::string_view value);
inline bool is_placeholder(char c) { return c > 0 && c < 0x08; }

// Whether `value` has the shape of `known` because wherever the two differ, both have a token
// (a run of letters and digits) that becomes the same placeholder (numbers, whatever their
// digits and length; ids): a test much cheaper than shaping, for the values that change on every
// alert only in their volatile parts (an address with a new port, a command line with a new
// temporary file). False says nothing: the shapes may still agree.
bool same_shape_by_tokens(std::string_view known, std::string_view value);

// The literal text of `shape` before its first placeholder, cut back to the last token
// boundary (a separator such as / - _ . : = or a space), or empty when that leaves too little
// to identify anything.
std::string stable_prefix(std::string_view shape);

}  // namespace rulekit::gen
