// Field catalogs shared by the tests: building one costs far more than a lookup or a compile,
// so tests share one per plugin set.
#pragma once

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

}  // namespace rulekit::test
