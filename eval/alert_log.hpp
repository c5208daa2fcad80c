// Reading Falco JSON alert logs: files, gzip files, `-` for stdin, several in order.
//
// Two levels:
// - read_alerts / parse_alert_line give owning eval::Alert values, one at a time, in input order
//   (for `rulekit eval` and tests);
// - read_alert_chunks runs a per-chunk function on worker threads over views of the alerts
//   (alert_view.hpp) and hands each chunk's result to a consumer in chunk order (for
//   `rulekit gen`). Chunks are cut by one sequential reader (alert_input.hpp), so what the
//   consumer sees is the same for every number of threads.
//
// Lines that are not alerts are skipped and counted by reason (SkipStats); only inputs that
// cannot be read throw (AlertInputError).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "eval/alert_input.hpp"
#include "eval/alert_view.hpp"
#include "eval/record.hpp"

namespace rulekit::eval {

struct Alert {
    std::string rule, priority, source, hostname, time, output;
    std::vector<std::string> tags;
    Record fields;      // output_fields; a key repeated on the line keeps its last value
    std::string input;  // alert_input_name() of the input
    uint64_t line = 0;  // 1-based
};

FieldValue to_field_value(const AlertView& alert, const ValueView& value);
// The same into `out`, reusing its buffers (no allocation once they have grown).
void assign_field_value(const AlertView& alert, const ValueView& value, FieldValue& out);
Alert to_alert(const AlertView& view);

// The alert on one line, or nothing (with `why` set when given). Uses one parser per thread.
std::optional<Alert> parse_alert_line(std::string_view line, SkipReason* why = nullptr);

struct AlertReadOptions {
    unsigned jobs = 0;  // worker threads; 0: one per core
    ChunkingOptions chunking;
};

// The lines of one chunk as alerts, for the per-chunk function of read_alert_chunks.
class AlertChunk {
public:
    AlertChunk(const LineChunk& chunk, std::string_view input, AlertLineParser& parser);

    // The next alert, or null at the end of the chunk. The view is valid until the next call.
    const AlertView* next_alert();
    template <class Visit>
    void for_each_alert(Visit&& visit) {
        while (const AlertView* alert = next_alert()) visit(*alert);
    }
    // Reads what is left, counting it: the lines the per-chunk function did not ask for.
    void finish();

    std::string_view input() const { return input_; }
    uint64_t sequence() const { return chunk_.sequence; }
    uint64_t first_line() const { return chunk_.first_line; }
    // Lines read so far: alerts and skipped lines, by reason.
    const SkipStats& skips() const { return skips_; }
    SkipStats& skips() { return skips_; }

private:
    const LineChunk& chunk_;
    std::string_view input_;
    AlertLineParser& parser_;
    size_t offset_ = 0;      // where the next line starts
    size_t next_index_ = 0;  // of the next line in chunk_.line_ends
    uint64_t next_line_;
    bool oversized_counted_ = false;
    SkipStats skips_;
};

namespace detail {
// One worker per job on chunks (process(chunk, slot) stores a result in `slot`), consume(slot) on
// the calling thread in chunk order. At most `slots` results wait at a time.
size_t alert_pipeline_slots(const AlertReadOptions& options);
SkipStats run_alert_pipeline(const std::vector<std::string>& inputs, const AlertReadOptions& options, size_t slots,
                             const std::function<void(AlertChunk&, size_t)>& process,
                             const std::function<void(size_t)>& consume);
}  // namespace detail

// Reads `inputs` in order, cut into chunks. `process(AlertChunk&) -> Result` runs on worker
// threads (one AlertLineParser each; it may read the chunk's alerts or not — lines it leaves
// are still counted); `consume(Result&&)` runs on the calling thread, in chunk order. Returns
// the counts over all inputs. Throws AlertInputError, or what `process` or `consume` throw,
// after consuming every chunk before the one that failed.
template <class Process, class Consume>
SkipStats read_alert_chunks(const std::vector<std::string>& inputs, const AlertReadOptions& options,
                            Process&& process, Consume&& consume) {
    using Result = std::invoke_result_t<Process&, AlertChunk&>;
    std::vector<std::optional<Result>> results(detail::alert_pipeline_slots(options));
    return detail::run_alert_pipeline(
        inputs, options, results.size(), [&](AlertChunk& chunk, size_t slot) { results[slot].emplace(process(chunk)); },
        [&](size_t slot) {
            consume(std::move(*results[slot]));
            results[slot].reset();
        });
}

// Every alert of `inputs`, in input order, to `on_alert(Alert&&)`.
SkipStats read_alerts(const std::vector<std::string>& inputs, const std::function<void(Alert&&)>& on_alert,
                      const AlertReadOptions& options = {});

}  // namespace rulekit::eval
