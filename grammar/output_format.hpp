// Falco rule `output:` format strings (spec 3.12): literal text and `%` tokens, split the way
// libsinsp's event formatter splits them, with Falco's verdicts and messages. Whether a field
// "compiles" is decided by the caller (the field catalog), so this parser knows no field names.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/ast.hpp"

namespace rulekit::grammar {

// Answers whether `field_or_transformer` (a Field or Transformer node, as the condition parser
// builds it) compiles for the rule's event source; on failure it may explain why in `error`.
using FieldCompiles = std::function<bool(const Expr& field_or_transformer, std::string* error)>;

enum class SegmentKind : uint8_t {
    Text,   // literal text, printed as is
    Field,  // a `%` token
};

// Offsets are byte offsets into the string given to parse_output_format (before trimming).
struct OutputSegment {
    SegmentKind kind = SegmentKind::Text;
    uint32_t offset = 0;  // Text: first byte; Field: the '%'
    uint32_t length = 0;  // bytes covered in the input (a Text segment spans any
                          // `%container.info` removed from its middle)
    std::string text;     // Text: the literal text; Field: the expression as written ("proc.aname[2]")
    std::optional<uint32_t> width;  // Field: the `%20` padding width, when given
    uint32_t expr_offset = 0;       // Field: where the expression starts (after '%' and width)
    Expr expr;                      // Field: the Field/Transformer node, positions in the input
};

struct OutputWarning {
    std::string falco_code;  // e.g. "LOAD_DEPRECATED_ITEM"
    std::string message;
    uint32_t offset = 0;
    uint32_t length = 0;
};

struct OutputFormatError {
    std::string message;  // Falco's words (LOAD_ERR_COMPILE_OUTPUT)
    uint32_t offset = 0;  // the offending '%' (0 for an empty format)
    // For "unknown filter": what the caller's predicate said about the longest expression that
    // lexed, which Falco's own message never tells (it always ends in "unexpected token after '").
    std::string detail;
    // True for the errors that `skip-if-unknown-filter: true` downgrades to LOAD_UNKNOWN_FILTER.
    bool unknown_filter = false;
};

struct OutputFormat {
    // A leading '*': print "<NA>" for missing values instead of suppressing the line.
    bool na_for_missing_values = false;
    std::vector<OutputSegment> segments;
};

struct OutputFormatResult {
    std::optional<OutputFormat> format;
    std::optional<OutputFormatError> error;
    std::vector<OutputWarning> warnings;  // reported whether or not the format is valid
    bool ok() const { return format.has_value(); }
};

// Falco's exact texts.
inline constexpr std::string_view kEmptyFormatMessage = "empty formatting token";
inline constexpr std::string_view kEndsWithPercentMessage = "invalid formatting syntax: formatting cannot end with a %";
inline constexpr std::string_view kEndsWithNumberMessage =
    "invalid formatting syntax: formatting cannot end with a number";
inline constexpr std::string_view kUnknownFilterMessage = "unknown filter: unexpected token after '";
inline constexpr std::string_view kUnknownMultivalueTransformerMessage = "unknown multivalue transformer";
inline constexpr std::string_view kLegacyContainerInfoToken = "%container.info";

// Parses a rule's output as Falco does: trims surrounding whitespace, replaces the legacy
// `%container.info` token by nothing (with a LOAD_DEPRECATED_ITEM warning), then splits the
// rest into segments, resolving each `%` token greedily with back-off through `compiles`.
OutputFormatResult parse_output_format(std::string_view output, const FieldCompiles& compiles);

// True for transformers that take exactly one argument (tolower, toupper, b64, basename, len);
// Falco refuses them with more ("unknown multivalue transformer").
bool is_single_value_transformer(std::string_view name);

}  // namespace rulekit::grammar
