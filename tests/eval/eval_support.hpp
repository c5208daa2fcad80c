// Shared by the evaluator tests: the catalog they compile against and records from JSON.
#pragma once

#include <nlohmann/json.hpp>

#include <limits>
#include <string>

#include "eval/condition.hpp"
#include "eval/record.hpp"
#include "grammar/field_catalog.hpp"

namespace rulekit::test {

// The stock catalog plus the json plugin, for jevt.* (what lint::default_catalog() loads).
inline const grammar::FieldCatalog& eval_catalog() {
    static const grammar::FieldCatalog catalog([] {
        grammar::CatalogOptions options;
        options.plugins.insert("json");
        return options;
    }());
    return catalog;
}

inline eval::FieldValue field_value_from_json(const nlohmann::json& j) {
    using eval::FieldValue;
    switch (j.type()) {
        case nlohmann::json::value_t::null: return FieldValue::null();
        case nlohmann::json::value_t::string: return FieldValue::string(j.get<std::string>());
        case nlohmann::json::value_t::boolean: return FieldValue::boolean_value(j.get<bool>());
        case nlohmann::json::value_t::number_integer: return FieldValue::integer_value(j.get<int64_t>());
        case nlohmann::json::value_t::number_unsigned: {
            const uint64_t u = j.get<uint64_t>();
            if (u <= uint64_t(std::numeric_limits<int64_t>::max())) return FieldValue::integer_value(int64_t(u));
            return FieldValue::unsigned_value(u);
        }
        case nlohmann::json::value_t::number_float: {
            FieldValue v;
            v.kind = eval::ValueKind::Real;
            v.real = j.get<double>();
            v.text = j.dump();
            return v;
        }
        case nlohmann::json::value_t::array: {
            std::vector<FieldValue> items;
            for (const auto& item : j) items.push_back(field_value_from_json(item));
            return FieldValue::list(std::move(items));
        }
        default: return FieldValue::string(j.dump());
    }
}

inline eval::Record record_from_json(const nlohmann::json& object) {
    eval::Record record;
    for (const auto& [key, value] : object.items()) record.set(key, field_value_from_json(value));
    return record;
}

}  // namespace rulekit::test
