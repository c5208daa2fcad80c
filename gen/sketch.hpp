// Bounded summaries of a stream of values, so that memory grows with the number of distinct
// patterns in an alert log and not with the number of alerts: the most frequent values with
// their counts (space-saving), an estimate of how many distinct values there were
// (HyperLogLog), and the longest prefix every value shared. All of them merge, so per-chunk
// summaries built on worker threads combine (in chunk order, hence deterministically).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rulekit::gen {

// A 64-bit hash that is the same across runs and machines (std::hash is not guaranteed to be),
// which keeps sketches deterministic. It runs on several values of every alert, so it takes
// eight bytes a step (little-endian loads on any host), then a final mix (murmur3's fmix64)
// that spreads every input bit over the top bits the distinct-count registers are chosen by.
inline uint64_t stable_hash(std::string_view s) {
    constexpr uint64_t k = 0x9e3779b97f4a7c15ULL;
    auto load = [](const char* p, size_t n) {
        uint64_t word = 0;
        for (size_t i = 0; i < n; ++i) word |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
        return word;
    };
    uint64_t h = 0x243f6a8885a308d3ULL ^ (s.size() * k);
    const char* p = s.data();
    size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t word;
        std::memcpy(&word, p, 8);
        if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
        h = std::rotl((h ^ word) * k, 29);
    }
    if (n) h = std::rotl((h ^ load(p, n)) * k, 29);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

// Distinct-count estimate with 2^10 registers (1 KiB, about 3% error).
class DistinctCount {
public:
    void add(std::string_view value) { add_hash(stable_hash(value)); }
    void add_hash(uint64_t h) {
        const size_t index = h >> (64 - kBits);
        const uint64_t rest = (h << kBits) | (uint64_t{1} << (kBits - 1));
        const auto rank = static_cast<uint8_t>(std::countl_zero(rest) + 1);
        if (rank > registers_[index]) registers_[index] = rank;
    }
    void merge(const DistinctCount& other) {
        for (size_t i = 0; i < registers_.size(); ++i) registers_[i] = std::max(registers_[i], other.registers_[i]);
    }
    double estimate() const {
        constexpr double m = 1 << kBits;
        double sum = 0;
        size_t zeros = 0;
        for (uint8_t r : registers_) {
            sum += std::ldexp(1.0, -r);
            if (r == 0) ++zeros;
        }
        const double raw = 0.7213 / (1 + 1.079 / m) * m * m / sum;
        if (raw <= 2.5 * m && zeros) return m * std::log(m / static_cast<double>(zeros));
        return raw;
    }

private:
    static constexpr unsigned kBits = 10;
    std::array<uint8_t, 1 << kBits> registers_{};
};

// The `capacity` most frequent values (space-saving): counts are exact while fewer distinct
// values than the capacity were seen (`exact()`), upper bounds otherwise.
class TopValues {
public:
    explicit TopValues(size_t capacity = 8) : capacity_(capacity) {}

    void add(std::string_view value, uint64_t count = 1) { add(value, stable_hash(value), count); }
    // The same, with stable_hash(value) already at hand (entries compare hashes first).
    void add(std::string_view value, uint64_t hash, uint64_t count) {
        total_ += count;
        for (auto& e : entries_) {
            if (e.hash == hash && e.value == value) {
                e.count += count;
                return;
            }
        }
        if (entries_.size() < capacity_) {
            entries_.push_back({std::string(value), count, 0, hash});
            return;
        }
        exact_ = false;
        auto smallest = std::min_element(entries_.begin(), entries_.end(),
                                         [](const Entry& a, const Entry& b) { return a.count < b.count; });
        smallest->error = smallest->count;
        smallest->count += count;
        smallest->value.assign(value);
        smallest->hash = hash;
    }
    void merge(const TopValues& other) {
        const uint64_t total = total_ + other.total_;
        if (!other.exact_) exact_ = false;
        for (const auto& e : other.entries_) add(e.value, e.hash, e.count);
        total_ = total;  // add() counted only the kept entries of `other`
    }

    struct Entry {
        std::string value;
        uint64_t count = 0;
        uint64_t error = 0;
        uint64_t hash = 0;
    };
    // By count, most frequent first; ties by value.
    std::vector<Entry> sorted() const {
        std::vector<Entry> out = entries_;
        std::sort(out.begin(), out.end(),
                  [](const Entry& a, const Entry& b) { return a.count != b.count ? a.count > b.count : a.value < b.value; });
        return out;
    }
    bool exact() const { return exact_; }
    size_t size() const { return entries_.size(); }
    uint64_t total() const { return total_; }

private:
    size_t capacity_;
    std::vector<Entry> entries_;
    uint64_t total_ = 0;
    bool exact_ = true;
};

// The longest prefix all values added so far share.
class CommonPrefix {
public:
    void add(std::string_view value) {
        if (!any_) {
            prefix_.assign(value);
            any_ = true;
            return;
        }
        const size_t limit = std::min(prefix_.size(), value.size());
        size_t n = 0;
        // Eight bytes a step: every varying value of every alert comes through here.
        for (uint64_t a, b; n + 8 <= limit; n += 8) {
            std::memcpy(&a, prefix_.data() + n, 8);
            std::memcpy(&b, value.data() + n, 8);
            if (a != b) break;
        }
        while (n < limit && prefix_[n] == value[n]) ++n;
        prefix_.resize(n);
    }
    void merge(const CommonPrefix& other) {
        if (other.any_) add(other.prefix_);
    }
    const std::string& prefix() const { return prefix_; }
    bool any() const { return any_; }

private:
    std::string prefix_;
    bool any_ = false;
};

}  // namespace rulekit::gen
