#include "eval/alert_input.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace rulekit::eval {

AlertInputError::AlertInputError(std::string input, std::string reason)
    : std::runtime_error(input + ": " + reason), input_(std::move(input)), reason_(std::move(reason)) {}

std::string alert_input_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

namespace {

// A file descriptor, with bytes already taken from it (the magic-byte probe) served first.
class FileSource : public ByteSource {
public:
    FileSource(int fd, bool owned, std::string name) : fd_(fd), owned_(owned), name_(std::move(name)) {}
    ~FileSource() override {
        if (owned_) ::close(fd_);
    }
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;

    size_t read(char* out, size_t n) override {
        if (n == 0) return 0;
        if (!unread_.empty()) {
            const size_t k = std::min(n, unread_.size());
            std::memcpy(out, unread_.data(), k);
            unread_.erase(0, k);
            return k;
        }
        for (;;) {
            const ssize_t got = ::read(fd_, out, std::min<size_t>(n, size_t{1} << 30));
            if (got >= 0) return static_cast<size_t>(got);
            if (errno != EINTR) throw AlertInputError(name_, std::string("cannot read: ") + std::strerror(errno));
        }
    }

    // The first `n` bytes (fewer at the end of the input), left to be read again.
    std::string peek(size_t n) {
        std::string head(n, '\0');
        size_t have = 0;
        while (have < n) {
            const size_t got = read(head.data() + have, n - have);
            if (got == 0) break;
            have += got;
        }
        head.resize(have);
        unread_ = head;
        return head;
    }

private:
    int fd_;
    bool owned_;
    std::string name_;
    std::string unread_;
};

// zlib's inflate over another source, gzip members one after another.
class GzipSource : public ByteSource {
public:
    GzipSource(std::unique_ptr<ByteSource> raw, std::string name)
        : raw_(std::move(raw)), name_(std::move(name)), in_(size_t{1} << 17) {
        // 15 + 16: a gzip wrapper only, with the largest window.
        if (inflateInit2(&stream_, 15 + 16) != Z_OK) throw AlertInputError(name_, "cannot start zlib");
    }
    ~GzipSource() override { inflateEnd(&stream_); }
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;

    size_t read(char* out, size_t n) override {
        n = std::min<size_t>(n, UINT_MAX);
        while (n > 0) {
            if (member_ended_ && !start_next_member()) return 0;
            if (stream_.avail_in == 0 && !refill()) throw AlertInputError(name_, "truncated gzip stream");
            stream_.next_out = reinterpret_cast<Bytef*>(out);
            stream_.avail_out = static_cast<uInt>(n);
            const int status = inflate(&stream_, Z_NO_FLUSH);
            const size_t produced = n - stream_.avail_out;
            if (status == Z_STREAM_END) {
                member_ended_ = true;
            } else if (status != Z_OK && status != Z_BUF_ERROR) {
                throw AlertInputError(name_, std::string("corrupt gzip stream: ") +
                                                 (stream_.msg ? stream_.msg : zError(status)));
            }
            if (produced > 0) return produced;
        }
        return 0;
    }

private:
    bool refill() {
        const size_t got = raw_->read(in_.data(), in_.size());
        stream_.next_in = reinterpret_cast<Bytef*>(in_.data());
        stream_.avail_in = static_cast<uInt>(got);
        return got > 0;
    }

    // After a member: another one follows (as `cat a.gz b.gz` makes), or the input ends.
    bool start_next_member() {
        if (stream_.avail_in == 0 && !refill()) return false;
        if (stream_.avail_in < 2 && stream_.next_in != reinterpret_cast<Bytef*>(in_.data())) {
            // The magic bytes might straddle the buffer end: move the rest to the front and top up.
            std::memmove(in_.data(), stream_.next_in, stream_.avail_in);
            const size_t got = raw_->read(in_.data() + stream_.avail_in, in_.size() - stream_.avail_in);
            stream_.next_in = reinterpret_cast<Bytef*>(in_.data());
            stream_.avail_in += static_cast<uInt>(got);
        }
        if (stream_.avail_in < 2 || stream_.next_in[0] != 0x1f || stream_.next_in[1] != 0x8b) {
            throw AlertInputError(name_, "corrupt gzip stream: data after the end of the compressed stream");
        }
        inflateReset(&stream_);
        member_ended_ = false;
        return true;
    }

    std::unique_ptr<ByteSource> raw_;
    std::string name_;
    std::vector<char> in_;
    z_stream stream_{};
    bool member_ended_ = false;
};

// The number of lines in [data, data + size), and where each ends (see LineChunk::line_ends)
// while they average 16 bytes or more: the offsets never take more than a quarter of the chunk.
uint64_t find_line_ends(const char* data, size_t size, std::vector<uint32_t>& ends) {
    ends.clear();
    bool recording = size <= UINT32_MAX;
    const size_t most = size / 16 + 1;
    uint64_t lines = 0;
    const char* const end = data + size;
    for (const char* p = data; p < end; ++lines) {
        const void* newline = std::memchr(p, '\n', static_cast<size_t>(end - p));
        if (recording && ends.size() == most) {
            recording = false;
            ends.clear();
        }
        if (recording) ends.push_back(static_cast<uint32_t>(newline ? static_cast<const char*>(newline) - data : size));
        if (!newline) return lines + 1;
        p = static_cast<const char*>(newline) + 1;
    }
    return lines;
}

}  // namespace

std::unique_ptr<ByteSource> open_alert_input(const std::string& path) {
    const std::string name = alert_input_name(path);
    std::unique_ptr<FileSource> file;
    if (path == "-") {
        file = std::make_unique<FileSource>(STDIN_FILENO, false, name);
    } else {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw AlertInputError(name, std::string("cannot open: ") + std::strerror(errno));
        file = std::make_unique<FileSource>(fd, true, name);
    }
    const std::string magic = file->peek(2);
    if (magic == "\x1f\x8b") return std::make_unique<GzipSource>(std::move(file), name);
    return file;
}

LineChunker::LineChunker(std::vector<std::string> inputs, ChunkingOptions options)
    : inputs_(std::move(inputs)), options_(options) {
    options_.chunk_bytes = std::max<size_t>(options_.chunk_bytes, 1);
    // Every line that fits in a window is taken whole, so the limit cannot be below the window.
    options_.max_line_bytes = std::max(options_.max_line_bytes, options_.chunk_bytes);
}

LineChunker::~LineChunker() = default;

bool LineChunker::fill(ByteBuffer& data, size_t wanted) {
    const size_t before = data.size();
    while (!source_ended_ && data.size() < wanted) {
        const size_t have = data.size();
        data.resize(wanted);
        const size_t got = source_->read(data.data() + have, wanted - have);
        data.resize(have + got);
        if (got == 0) source_ended_ = true;
    }
    return data.size() > before;
}

void LineChunker::drop_rest_of_line(LineChunk& chunk) {
    ByteBuffer& scratch = chunk.buffer;
    for (;;) {
        scratch.clear();
        if (!fill(scratch, size_t{1} << 16)) return;
        const char* newline = static_cast<const char*>(std::memchr(scratch.data(), '\n', scratch.size()));
        if (newline) {
            carry_.assign(scratch.begin() + (newline + 1 - scratch.data()), scratch.end());
            return;
        }
    }
}

bool LineChunker::next(LineChunk& chunk) {
    for (;;) {
        if (!source_) {
            if (input_ >= inputs_.size()) return false;
            source_ = open_alert_input(inputs_[input_]);
            source_ended_ = false;
            next_line_ = 1;
            carry_.clear();
        }
        ByteBuffer& data = chunk.buffer;
        data.assign(carry_.begin(), carry_.end());
        carry_.clear();
        const size_t window = options_.chunk_bytes;
        // One byte beyond the window says whether the input ends inside it.
        fill(data, window + 1);
        if (data.empty()) {
            source_.reset();
            ++input_;
            continue;
        }
        chunk.input = input_;
        chunk.sequence = next_sequence_++;
        chunk.first_line = next_line_;
        chunk.oversized_line = false;

        size_t cut = data.size();
        if (data.size() > window) {
            const void* last = ::memrchr(data.data(), '\n', window);
            if (last) {
                cut = static_cast<const char*>(last) - data.data() + 1;
            } else {
                // The first line is longer than the window: it makes a chunk of its own.
                size_t scanned = window;
                for (;;) {
                    const void* newline = std::memchr(data.data() + scanned, '\n', data.size() - scanned);
                    if (newline) {
                        cut = static_cast<const char*>(newline) - data.data() + 1;
                        break;
                    }
                    scanned = data.size();
                    if (data.size() > options_.max_line_bytes) {
                        data.clear();
                        drop_rest_of_line(chunk);
                        cut = 0;
                        break;
                    }
                    const size_t grow = std::max(window, data.size() / 2);
                    if (!fill(data, std::min(data.size() + grow, options_.max_line_bytes + 1))) {
                        cut = data.size();
                        break;
                    }
                }
                const size_t line_length = cut == 0 ? 0 : cut - (data[cut - 1] == '\n' ? 1 : 0);
                if (cut == 0 || line_length > options_.max_line_bytes) {
                    if (cut != 0) carry_.assign(data.begin() + cut, data.end());
                    chunk.oversized_line = true;
                    chunk.size = 0;
                    chunk.line_ends.clear();
                    data.assign(alert_padding_bytes, ' ');
                    next_line_ += 1;
                    return true;
                }
            }
        }
        carry_.assign(data.begin() + cut, data.end());
        chunk.size = cut;
        if (options_.number_lines) next_line_ += find_line_ends(data.data(), cut, chunk.line_ends);
        else chunk.line_ends.clear();
        data.resize(cut + alert_padding_bytes, ' ');
        return true;
    }
}

}  // namespace rulekit::eval
