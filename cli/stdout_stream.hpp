// An std::ostream whose bytes go through print_to_stdout, so library functions that write to a
// stream report write failures the way every subcommand does (exit 2).
#pragma once

#include <ostream>
#include <streambuf>

#include "cli/standard_output.hpp"

namespace rulekit::cli {

class StdoutStreambuf final : public std::streambuf {
protected:
    int_type overflow(int_type ch) override {
        if (ch != traits_type::eof()) {
            const char c = static_cast<char>(ch);
            print_to_stdout(std::string_view(&c, 1));
        }
        return ch;
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        print_to_stdout(std::string_view(s, static_cast<size_t>(n)));
        return n;
    }
};

class StdoutStream final : public std::ostream {
public:
    StdoutStream() : std::ostream(&buffer_) {}

private:
    StdoutStreambuf buffer_;
};

}  // namespace rulekit::cli
