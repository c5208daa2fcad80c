// stdio underneath: std::cout is synchronised with it (the default), so text printed either
// way keeps its order, and one fflush/ferror pair sees every failure.
#include "cli/standard_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace rulekit::cli {

namespace {

// The errno of the first failed write: errno is overwritten by later calls, so it is kept at
// the failure rather than looked up at exit.
int first_failure = 0;

void remember_failure() {
    if (first_failure == 0) first_failure = errno != 0 ? errno : EIO;
}

}  // namespace

void print_to_stdout(std::string_view text) {
    if (text.empty()) return;
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) remember_failure();
}

std::optional<std::string> standard_output_error() {
    errno = 0;
    std::cout.flush();
    if (std::cout.fail()) remember_failure();
    errno = 0;
    if (std::fflush(stdout) != 0) remember_failure();
    // A failure inside a write that did not report it to us (CLI11's help text goes through
    // std::cout) still leaves the stream's error flag.
    if (first_failure == 0 && std::ferror(stdout)) return std::string("write error");
    if (first_failure == 0) return std::nullopt;
    return std::string(std::strerror(first_failure));
}

}  // namespace rulekit::cli
