// Writing a report (or any generated file) so that a reader — a CI step, an editor, a second
// rulekit run — sees either the previous file or the complete new one, never a half-written one.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace rulekit::cli {

// Why a file could not be written: a message naming the path and the system's reason.
struct AtomicWriteError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Writes `contents` to a temporary file beside `target`, flushes it to disk, then renames it
// over `target` (a symlink is written through, not replaced). A new file gets the usual mode
// (0666 less the umask), an existing one keeps its mode. On failure the temporary file is
// removed, `target` is left as it was, and AtomicWriteError is thrown. A `target` that is a
// device, pipe or socket (/dev/stdout, a FIFO) is written in place instead, never replaced.
void write_file_atomically(const std::filesystem::path& target, std::string_view contents);

}  // namespace rulekit::cli
