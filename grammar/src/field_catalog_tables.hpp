// The catalog tables that scripts/gen_field_catalog.py generates from data/ at build time.
#pragma once

#include <span>
#include <string_view>

#include "grammar/field_catalog.hpp"

namespace rulekit::grammar::catalog_tables {

// One data/fields/*.json file.
struct FieldFile {
    std::string_view source;  // event source, or "*" for a plugin that attaches to every source
    std::string_view plugin;  // providing plugin, empty for libsinsp's own syscall fields
    std::string_view plugin_version;
    std::span<const FieldInfo> fields;                     // registration order
    std::span<const std::string_view> plugin_event_types;  // evt.type names the plugin adds
};

struct PluginEventNames {
    std::string_view plugin;
    std::span<const std::string_view> names;
};

// How many event codes an event-table name has (libs' event table, codes 2..ppm_event_max-1).
struct EventCodeCount {
    std::string_view name;
    size_t codes;
};

// libs' name of PPME_ASYNCEVENT_E, the code a plugin's async event name selects.
inline constexpr std::string_view kAsyncEventTableName = "asyncevent";

std::span<const FieldFile> field_files();
std::span<const std::string_view> event_table_names();
std::span<const std::string_view> syscall_names();
std::span<const std::string_view> event_param_names();
std::span<const PluginEventNames> plugin_async_event_names();
size_t ppm_event_max();
std::span<const EventCodeCount> event_code_counts();  // by name

}  // namespace rulekit::grammar::catalog_tables
