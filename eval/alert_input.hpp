// The byte level of alert-log reading: opening inputs (plain files, gzip files, `-` for stdin) and
// cutting them into chunks of whole lines.
//
// Chunk boundaries depend only on the bytes and the chunk size — never on how much one read()
// returned or on how many threads consume the chunks — so anything computed per chunk and merged
// in chunk order is the same for every thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace rulekit::eval {

// An input that cannot be opened or read, or whose gzip stream is corrupt. The CLI exits 2.
class AlertInputError : public std::runtime_error {
public:
    AlertInputError(std::string input, std::string reason);
    const std::string& input() const { return input_; }
    const std::string& reason() const { return reason_; }

private:
    std::string input_;
    std::string reason_;
};

// How inputs are named in messages and in Alert::input: the path as given, "<stdin>" for "-".
std::string alert_input_name(const std::string& path);

// A stream of bytes. gzip is recognised by its magic bytes (1f 8b), whatever the file is called,
// and concatenated gzip members are read one after another as `gzip -d` does.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Up to `n` bytes into `out`; 0 only at the end. Throws AlertInputError.
    virtual size_t read(char* out, size_t n) = 0;
};

// Opens `path` ("-" is stdin). Throws AlertInputError when it cannot be opened.
std::unique_ptr<ByteSource> open_alert_input(const std::string& path);

// Bytes simdjson may read past the end of a line (SIMDJSON_PADDING, without including simdjson).
inline constexpr size_t alert_padding_bytes = 64;

// A vector of bytes whose resize leaves new bytes uninitialised: a chunk buffer is filled by
// read() right after growing, and zeroing a megabyte per chunk first is measurable.
template <class T>
struct UninitialisedAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitialisedAllocator<U>;
    };
    UninitialisedAllocator() = default;
    template <class U>
    UninitialisedAllocator(const UninitialisedAllocator<U>&) noexcept {}
    template <class U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};
using ByteBuffer = std::vector<char, UninitialisedAllocator<char>>;

// Whole lines of one input.
struct LineChunk {
    size_t input = 0;         // index in the input list
    uint64_t sequence = 0;    // 0, 1, 2, … over all inputs
    uint64_t first_line = 1;  // 1-based number of the first line in its input
    // The lines: every one ends in '\n' except perhaps the input's last. Followed by at least
    // alert_padding_bytes readable bytes, so a line can be parsed in place.
    ByteBuffer buffer;
    size_t size = 0;
    // Where each line ends: the offset of its '\n', or `size` for an input's last line without
    // one. The chunker finds them anyway (it numbers lines), so the parser does not scan again.
    // Left empty when the lines are so short that the offsets would take more memory than the
    // bytes (a log of blank lines); the parser then finds the ends itself.
    std::vector<uint32_t> line_ends;
    // Set instead of bytes when the line at `first_line` is longer than the line limit: it was
    // read through and dropped, so one pathological line costs no more memory than the limit.
    bool oversized_line = false;

    const char* data() const { return buffer.data(); }
};

struct ChunkingOptions {
    size_t chunk_bytes = size_t{1} << 20;
    // Whether the chunker numbers the lines (LineChunk::first_line) and records where they end,
    // which takes a scan of every chunk before it is parsed. Off, chunks come without either and
    // whoever reads them in order numbers the lines as it parses them, while each line is still
    // in the cache (the one-thread pipeline does).
    bool number_lines = true;
    // Real alerts are a few kB. simdjson's buffers for a line take several times its size per
    // thread, so the limit is what bounds memory when a log holds garbage without newlines.
    size_t max_line_bytes = size_t{16} << 20;
};

// Reads the inputs in order and cuts them into chunks: a chunk holds the whole lines that start
// within the first `chunk_bytes` bytes of what is left of the input; a line longer than that makes
// a chunk of its own (up to `max_line_bytes`, beyond which it becomes an oversized_line chunk).
class LineChunker {
public:
    LineChunker(std::vector<std::string> inputs, ChunkingOptions options);
    ~LineChunker();

    // Fills `chunk` (reusing its buffer) with the next lines; false when every input is read.
    // Throws AlertInputError for the input being read.
    bool next(LineChunk& chunk);

    const std::vector<std::string>& inputs() const { return inputs_; }

private:
    bool fill(ByteBuffer& data, size_t wanted);
    void drop_rest_of_line(LineChunk& chunk);

    std::vector<std::string> inputs_;
    ChunkingOptions options_;
    size_t input_ = 0;
    std::unique_ptr<ByteSource> source_;
    bool source_ended_ = false;
    uint64_t next_line_ = 1;
    uint64_t next_sequence_ = 0;
    ByteBuffer carry_;  // bytes read beyond the previous chunk's last line
};

}  // namespace rulekit::eval
