// Field catalogs shared by the tests: building one costs far more than a lookup or a compile,
// so tests share one per plugin set.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>

#include "grammar/field_catalog.hpp"

namespace rulekit::test {

inline const grammar::FieldCatalog& catalog_for(const std::set<std::string>& plugins) {
    static std::map<std::set<std::string>, std::unique_ptr<grammar::FieldCatalog>> cache;
    auto& slot = cache[plugins];
    if (!slot) slot = std::make_unique<grammar::FieldCatalog>(grammar::CatalogOptions{plugins});
    return *slot;
}

// The plugins a fixture case loads: its "plugins" array, else the stock set.
inline std::set<std::string> plugins_of(const nlohmann::json& fixture_case) {
    if (!fixture_case.contains("plugins")) return grammar::CatalogOptions{}.plugins;
    std::set<std::string> plugins;
    for (const auto& p : fixture_case["plugins"]) plugins.insert(p.get<std::string>());
    return plugins;
}

}  // namespace rulekit::test
