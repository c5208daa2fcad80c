#include "eval/alert_log.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

namespace rulekit::eval {

void assign_field_value(const AlertView& alert, const ValueView& value, FieldValue& out) {
    out.kind = value.kind;
    out.boolean = value.boolean;
    out.integer = value.integer;
    out.unsigned_integer = value.unsigned_integer;
    out.real = value.real;
    out.text.assign(value.text);  // the string, or the JSON token of a number or Bool
    if (value.kind != ValueKind::List) {
        out.items.clear();
        return;
    }
    out.text.clear();
    out.items.resize(value.item_count);
    size_t i = 0;
    for (const ValueView& item : alert.items(value)) assign_field_value(alert, item, out.items[i++]);
}

FieldValue to_field_value(const AlertView& alert, const ValueView& value) {
    FieldValue v;
    assign_field_value(alert, value, v);
    return v;
}

Alert to_alert(const AlertView& view) {
    Alert a;
    a.rule = view.rule;
    a.priority = view.priority;
    a.source = view.source;
    a.hostname = view.hostname;
    a.time = view.time;
    a.output = view.output;
    a.tags.assign(view.tags.begin(), view.tags.end());
    for (const FieldView& f : view.fields) a.fields.set(f.key, to_field_value(view, f.value));
    a.input = view.input;
    a.line = view.line;
    return a;
}

std::optional<Alert> parse_alert_line(std::string_view line, SkipReason* why) {
    thread_local AlertLineParser parser;
    SkipReason reason;
    const AlertView* view = parser.parse(line, reason);
    if (!view) {
        if (why) *why = reason;
        return std::nullopt;
    }
    return to_alert(*view);
}

AlertChunk::AlertChunk(const LineChunk& chunk, std::string_view input, AlertLineParser& parser)
    : chunk_(chunk), input_(input), parser_(parser), next_line_(chunk.first_line) {}

const AlertView* AlertChunk::next_alert() {
    if (chunk_.oversized_line) {
        if (!oversized_counted_) skips_.add(SkipReason::TooLong, input_, chunk_.first_line);
        oversized_counted_ = true;
        return nullptr;
    }
    while (offset_ < chunk_.size) {
        const char* begin = chunk_.data() + offset_;
        size_t line_end;
        if (chunk_.line_ends.empty()) {  // lines too short for the chunker to keep their ends
            const void* newline = std::memchr(begin, '\n', chunk_.size - offset_);
            line_end = newline ? static_cast<size_t>(static_cast<const char*>(newline) - chunk_.data()) : chunk_.size;
        } else {
            line_end = chunk_.line_ends[next_index_++];
        }
        const size_t length = line_end - offset_;
        const uint64_t line = next_line_++;
        offset_ = line_end + 1;
        SkipReason why;
        const size_t readable = chunk_.buffer.size() - static_cast<size_t>(begin - chunk_.data());
        if (const AlertView* alert = parser_.parse({begin, length}, readable, why, input_, line)) {
            ++skips_.alerts;
            ++skips_.lines;
            return alert;
        }
        skips_.add(why, input_, line);
    }
    return nullptr;
}

void AlertChunk::finish() {
    while (next_alert()) {
    }
}

namespace detail {

namespace {
unsigned resolve_jobs(unsigned jobs) {
    if (jobs != 0) return jobs;
    return std::max(1u, std::thread::hardware_concurrency());
}
}  // namespace

size_t alert_pipeline_slots(const AlertReadOptions& options) {
    const unsigned jobs = resolve_jobs(options.jobs);
    // Enough finished results waiting for the consumer to keep every worker busy while one
    // slow chunk holds up the order; memory is bounded by slots × chunk size.
    return jobs == 1 ? 1 : 2 * size_t{jobs} + 2;
}

SkipStats run_alert_pipeline(const std::vector<std::string>& inputs, const AlertReadOptions& options, size_t slots,
                             const std::function<void(AlertChunk&, size_t)>& process,
                             const std::function<void(size_t)>& consume) {
    std::vector<std::string> names;
    for (const std::string& input : inputs) names.push_back(alert_input_name(input));
    SkipStats total;
    const unsigned jobs = resolve_jobs(options.jobs);

    if (jobs == 1) {
        // Chunks in order on this thread: lines are numbered as they are parsed, so no chunk is
        // scanned for them beforehand (see ChunkingOptions::number_lines).
        ChunkingOptions chunking = options.chunking;
        chunking.number_lines = false;
        LineChunker chunker(inputs, chunking);
        AlertLineParser parser;
        LineChunk chunk;
        size_t input = SIZE_MAX;
        uint64_t next_line = 1;
        while (chunker.next(chunk)) {
            if (chunk.input != input) {
                input = chunk.input;
                next_line = 1;
            }
            chunk.first_line = next_line;
            AlertChunk work(chunk, names[chunk.input], parser);
            process(work, 0);
            work.finish();
            next_line += work.skips().lines;
            total.merge(work.skips());
            consume(0);
        }
        return total;
    }
    LineChunker chunker(inputs, options.chunking);

    struct Slot {
        bool done = false;
        SkipStats skips;
    };
    constexpr uint64_t never = std::numeric_limits<uint64_t>::max();
    std::mutex mutex;
    std::condition_variable work_ready, result_ready;
    std::vector<Slot> slot_state(slots);
    uint64_t next_read = 0, next_consume = 0;
    uint64_t end_sequence = never;    // the number of chunks, once the reader has seen the end
    uint64_t error_sequence = never;  // the first chunk that failed (reading or processing)
    std::exception_ptr error;
    bool reading_over = false, stopping = false;

    // Under the lock.
    auto fail_at = [&](uint64_t sequence, std::exception_ptr e) {
        if (sequence < error_sequence) {
            error_sequence = sequence;
            error = std::move(e);
        }
        reading_over = true;
        work_ready.notify_all();
        result_ready.notify_all();
    };

    auto worker = [&] {
        AlertLineParser parser;
        LineChunk chunk;
        std::unique_lock lock(mutex);
        for (;;) {
            work_ready.wait(lock, [&] { return stopping || reading_over || next_read < next_consume + slots; });
            if (stopping || reading_over) return;
            // One reader at a time: chunk boundaries and sequence numbers follow the input.
            const uint64_t sequence = next_read;
            bool got = false;
            try {
                got = chunker.next(chunk);
            } catch (...) {
                fail_at(sequence, std::current_exception());
                return;
            }
            if (!got) {
                reading_over = true;
                end_sequence = sequence;
                work_ready.notify_all();
                result_ready.notify_all();
                return;
            }
            ++next_read;
            lock.unlock();

            const size_t slot = sequence % slots;
            SkipStats skips;
            std::exception_ptr failure;
            try {
                AlertChunk work(chunk, names[chunk.input], parser);
                process(work, slot);
                work.finish();
                skips = std::move(work.skips());
            } catch (...) {
                failure = std::current_exception();
            }

            lock.lock();
            if (failure) {
                fail_at(sequence, failure);
            } else {
                slot_state[slot].skips = std::move(skips);
                slot_state[slot].done = true;
                result_ready.notify_all();
            }
        }
    };

    std::vector<std::thread> threads;
    auto shut_down = [&] {
        {
            std::lock_guard lock(mutex);
            stopping = true;
        }
        work_ready.notify_all();
        for (std::thread& t : threads) t.join();
    };
    try {
        for (unsigned i = 0; i < jobs; ++i) threads.emplace_back(worker);
        for (;;) {
            std::unique_lock lock(mutex);
            Slot& slot = slot_state[next_consume % slots];
            result_ready.wait(lock, [&] {
                return slot.done || next_consume == end_sequence || next_consume == error_sequence;
            });
            if (!slot.done) {
                if (next_consume == error_sequence) std::rethrow_exception(error);
                break;  // the end
            }
            SkipStats skips = std::move(slot.skips);
            slot.done = false;
            lock.unlock();
            total.merge(skips);
            consume(next_consume % slots);
            lock.lock();
            ++next_consume;
            lock.unlock();
            work_ready.notify_all();
        }
    } catch (...) {
        shut_down();
        throw;
    }
    shut_down();
    return total;
}

}  // namespace detail

SkipStats read_alerts(const std::vector<std::string>& inputs, const std::function<void(Alert&&)>& on_alert,
                      const AlertReadOptions& options) {
    return read_alert_chunks(
        inputs, options,
        [](AlertChunk& chunk) {
            std::vector<Alert> alerts;
            chunk.for_each_alert([&](const AlertView& view) { alerts.push_back(to_alert(view)); });
            return alerts;
        },
        [&](std::vector<Alert>&& alerts) {
            for (Alert& alert : alerts) on_alert(std::move(alert));
        });
}

}  // namespace rulekit::eval
