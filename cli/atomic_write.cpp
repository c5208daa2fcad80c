// Atomic file replacement with POSIX calls: mkstemp in the target's directory (rename is only
// atomic within one file system), write, fsync, rename, then fsync the directory so the new
// name survives a crash too.
#include "cli/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace rulekit::cli {

namespace fs = std::filesystem;

namespace {

// error: an errno value, or 0 when `what` says it all.
[[noreturn]] void fail(const fs::path& target, std::string_view what, int error) {
    std::string message = "cannot write '" + target.string() + "': " + std::string(what);
    if (error != 0) message += std::string(": ") + std::strerror(error);
    throw AtomicWriteError(message);
}

// The mode a newly created file gets from open(2): 0666 less the process umask (which can only
// be read by setting it).
mode_t default_file_mode() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t written = ::write(fd, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data.remove_prefix(static_cast<size_t>(written));
    }
    return true;
}

// Best effort: some file systems refuse fsync on a directory, and the data is already safe.
void sync_directory(const fs::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// A device, pipe or socket (`--output /dev/stdout`, /dev/null, a FIFO a CI step reads), seen
// through any symlinks: such a file cannot be replaced by a rename, and must not be.
bool is_special_file(const fs::path& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

void write_in_place(const fs::path& requested, std::string_view contents) {
    const int fd = ::open(requested.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) fail(requested, "cannot open it", errno);
    if (!write_all(fd, contents)) {
        const int error = errno;
        ::close(fd);
        fail(requested, "write failed", error);
    }
    if (::close(fd) != 0) fail(requested, "close failed", errno);
}

}  // namespace

void write_file_atomically(const fs::path& requested, std::string_view contents) {
    if (is_special_file(requested)) return write_in_place(requested, contents);
    // Write through a symlink (e.g. a report path linked into a shared folder) instead of
    // replacing the link with a regular file. Links are followed by hand because the final
    // target may not exist yet, which fs::canonical would refuse.
    fs::path target = requested;
    std::error_code ec;
    for (int hops = 0; hops < 40 && fs::is_symlink(target, ec); ++hops) {
        const fs::path next = fs::read_symlink(target, ec);
        if (ec) break;
        target = next.is_absolute() ? next : target.parent_path() / next;
    }
    if (target.filename().empty() || fs::is_directory(target, ec)) fail(requested, "it is a directory", 0);
    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");

    struct stat existing {};
    const mode_t mode = ::stat(target.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : default_file_mode();

    // A hidden name in the same directory, so the rename never crosses file systems and
    // directory globs (`*.sarif`) do not pick up the half-written file.
    std::string temp_file_name = ".";  // appended step by step: GCC 12 warns falsely (-Wrestrict) on "." + string
    temp_file_name += target.filename().string();
    temp_file_name += ".tmp-XXXXXX";
    const std::string pattern = (directory / temp_file_name).string();
    std::vector<char> temp_name(pattern.begin(), pattern.end());
    temp_name.push_back('\0');
    const int fd = ::mkostemp(temp_name.data(), O_CLOEXEC);
    if (fd < 0) fail(requested, "cannot create a temporary file in '" + directory.string() + "'", errno);
    const std::string temp(temp_name.data());

    auto abandon = [&](std::string_view what, int error, bool close_fd) {
        if (close_fd) ::close(fd);
        ::unlink(temp.c_str());
        fail(requested, what, error);
    };
    if (!write_all(fd, contents)) abandon("write failed", errno, true);
    if (::fchmod(fd, mode) != 0) abandon("cannot set the file mode", errno, true);
    if (::fsync(fd) != 0) abandon("fsync failed", errno, true);
    if (::close(fd) != 0) abandon("close failed", errno, false);
    if (::rename(temp.c_str(), target.c_str()) != 0) abandon("cannot replace the file", errno, false);
    sync_directory(directory);
}

}  // namespace rulekit::cli
