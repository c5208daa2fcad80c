// libFuzzer target for the alert-log reader. The input is an alert log (a gzip one when it starts
// with the gzip magic bytes). Besides crashes and hangs it checks that every way of reading gives
// the same alerts and the same counts: read_alerts at one job; read_alert_chunks with chunk
// sizes that make lines straddle chunks, at one and two jobs; and parse_alert_line on each line.
// An input error (a corrupt gzip stream) must be raised by all of them alike.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "eval/alert_log.hpp"

using namespace rulekit::eval;

namespace {

void render(const FieldValue& v, std::string& out) {
    out += std::to_string(static_cast<int>(v.kind)) + ":" + v.text;
    if (v.kind == ValueKind::List) {
        out += "[";
        for (const FieldValue& item : v.items) {
            render(item, out);
            out += ",";
        }
        out += "]";
    }
}

std::string render(const Alert& a) {
    std::string out = std::to_string(a.line) + "|" + a.rule + "|" + a.priority + "|" + a.source + "|" + a.hostname +
                      "|" + a.time + "|" + a.output + "|";
    for (const std::string& tag : a.tags) out += tag + ",";
    for (const auto& [key, value] : a.fields) {
        out += "|" + key + "=";
        render(value, out);
    }
    return out;
}

struct Outcome {
    std::vector<std::string> alerts;
    SkipStats skips;
    std::string error;  // AlertInputError::what(), when reading failed
    bool operator==(const Outcome&) const = default;
};

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_alert_log: %s\n", what);
    std::abort();
}

// The input as a file the reader can open: a memfd, rewritten for every input.
const std::string& input_path(const uint8_t* data, size_t size) {
    static const int fd = memfd_create("fuzz_alert_log", 0);
    static const std::string path = "/proc/self/fd/" + std::to_string(fd);
    if (fd < 0 || ftruncate(fd, 0) != 0 || (size > 0 && pwrite(fd, data, size, 0) != static_cast<ssize_t>(size))) {
        fail("cannot write the memfd");
    }
    return path;
}

Outcome read_convenient(const std::string& path) {
    Outcome o;
    AlertReadOptions options;
    options.jobs = 1;
    try {
        o.skips = read_alerts({path}, [&](Alert&& a) { o.alerts.push_back(render(a)); }, options);
    } catch (const AlertInputError& e) {
        o.error = e.what();
    }
    return o;
}

Outcome read_chunked(const std::string& path, unsigned jobs, size_t chunk_bytes) {
    Outcome o;
    AlertReadOptions options;
    options.jobs = jobs;
    options.chunking.chunk_bytes = chunk_bytes;
    try {
        o.skips = read_alert_chunks(
            {path}, options,
            [](AlertChunk& chunk) {
                std::vector<std::string> alerts;
                chunk.for_each_alert([&](const AlertView& view) { alerts.push_back(render(to_alert(view))); });
                return alerts;
            },
            [&](std::vector<std::string>&& alerts) { o.alerts.insert(o.alerts.end(), alerts.begin(), alerts.end()); });
    } catch (const AlertInputError& e) {
        o.error = e.what();
        o.alerts.clear();
        o.skips = {};
    }
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = input_path(data, size);
    Outcome reference = read_convenient(path);
    if (!reference.error.empty()) {
        reference.alerts.clear();
        reference.skips = {};
    }
    for (size_t chunk_bytes : {size_t{1}, size_t{7}, size_t{64}, size_t{4096}}) {
        for (unsigned jobs : {1u, 2u}) {
            if (!(read_chunked(path, jobs, chunk_bytes) == reference)) fail("chunked reading differs from read_alerts");
        }
    }

    // Line by line, when the input is not gzip (whose lines are inside the stream).
    if (reference.error.empty() && !(size >= 2 && data[0] == 0x1f && data[1] == 0x8b)) {
        const std::string_view bytes(reinterpret_cast<const char*>(data), size);
        size_t alerts = 0;
        uint64_t lines = 0;
        for (size_t start = 0; start < bytes.size();) {
            size_t end = bytes.find('\n', start);
            if (end == std::string_view::npos) end = bytes.size();
            ++lines;
            if (auto alert = parse_alert_line(bytes.substr(start, end - start))) {
                alert->input = alert_input_name(path);
                alert->line = lines;
                if (alerts >= reference.alerts.size() || render(*alert) != reference.alerts[alerts]) {
                    fail("parse_alert_line differs from read_alerts");
                }
                ++alerts;
            }
            start = end + 1;
        }
        if (alerts != reference.alerts.size() || lines != reference.skips.lines) {
            fail("parse_alert_line counts differ from read_alerts");
        }
    }
    return 0;
}
