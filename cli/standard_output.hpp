// Standard output carries the report, so losing it (a full disk, /dev/full, a broken pipe
// with SIGPIPE ignored) is an I/O error like failing to write --output FILE: exit 2, never a
// clean exit over a report nobody received. Commands print through
// print_to_stdout; main asks standard_output_error() once the command has returned.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rulekit::cli {

// Writes `text` to standard output (buffered); a failure is remembered, with its reason,
// for standard_output_error().
void print_to_stdout(std::string_view text);

// Flushes standard output (std::cout and stdio) and returns the reason of the first write
// that failed, or nullopt when everything printed so far reached its destination.
std::optional<std::string> standard_output_error();

}  // namespace rulekit::cli
