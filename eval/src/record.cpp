#include "eval/record.hpp"

#include <algorithm>

namespace rulekit::eval {

namespace {
auto lower_bound_of(auto& fields, std::string_view key) {
    return std::lower_bound(fields.begin(), fields.end(), key,
                            [](const Record::Entry& e, std::string_view k) { return std::string_view(e.first) < k; });
}
}  // namespace

void Record::set(std::string_view key, FieldValue value) {
    auto it = lower_bound_of(fields_, key);
    if (it != fields_.end() && it->first == key) {
        it->second = std::move(value);
        return;
    }
    fields_.emplace(it, std::string(key), std::move(value));
}

const FieldValue* Record::find(std::string_view key) const {
    auto it = lower_bound_of(fields_, key);
    if (it != fields_.end() && it->first == key) return &it->second;
    return nullptr;
}

}  // namespace rulekit::eval
