// A unified diff of one file's text before and after fixes, for `rulekit lint --diff`: the
// format `diff -u` and `git diff` print, so the output can be reviewed or fed to `patch -p0`.
#pragma once

#include <string>
#include <string_view>

namespace rulekit::lint::fix {

// "--- PATH" / "+++ PATH" headers and hunks with `context` unchanged lines around each change
// (lines compared whole, line terminators included). Empty when the texts are equal. A last line
// without a newline is marked "\ No newline at end of file", as diff does.
std::string unified_diff(const std::string& path, std::string_view before, std::string_view after, size_t context = 3);

}  // namespace rulekit::lint::fix
