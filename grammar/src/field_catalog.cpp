// Field catalog: per-source field classes built from the generated tables, and libsinsp's
// field-name resolution (filter_check_list::new_filter_check_from_fldname and the
// parse_field_name overrides of the event, thread, fd and plugin field classes).
#include "grammar/field_catalog.hpp"
#include "grammar/edit_distance.hpp"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <limits>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "grammar/src/field_catalog_tables.hpp"

namespace rulekit::grammar {

namespace {

constexpr const char* kTypeNames[] = {
    "INT8",      "INT16",     "INT32",    "INT64",      "UINT8",       "UINT16",
    "UINT32",    "UINT64",    "CHARBUF",  "BYTEBUF",    "ERRNO",       "SOCKADDR",
    "SOCKTUPLE", "FD",        "PID",      "FDLIST",     "FSPATH",      "SYSCALLID",
    "SIGTYPE",   "RELTIME",   "ABSTIME",  "PORT",       "L4PROTO",     "SOCKFAMILY",
    "BOOL",      "IPV4ADDR",  "DYNAMIC",  "FLAGS8",     "FLAGS16",     "FLAGS32",
    "UID",       "GID",       "DOUBLE",   "SIGSET",     "CHARBUFARRAY", "CHARBUF_PAIR_ARRAY",
    "IPV4NET",   "IPV6ADDR",  "IPV6NET",  "IPADDR",     "IPNET",       "MODE",
    "FSRELPATH", "ENUMFLAGS8", "ENUMFLAGS16", "ENUMFLAGS32",
};
static_assert(std::size(kTypeNames) == size_t(FieldType::Enumflags32) + 1);

// sinsp_numparser: sscanf("%<conv>%c") must convert exactly one item, so leading blanks and a
// sign are accepted while trailing text, hex and decimals are not.
template <typename T>
bool scan_number(const std::string& text, const char* format, T* out = nullptr) {
    T value{};
    char trailing;
    const bool ok = std::sscanf(text.c_str(), format, &value, &trailing) == 1;
    if (ok && out) *out = value;
    return ok;
}

bool parses_d32(const std::string& s) { return scan_number<int32_t>(s, "%" SCNd32 "%c"); }
bool parses_d64(const std::string& s) { return scan_number<int64_t>(s, "%" SCNd64 "%c"); }
bool parses_u32(const std::string& s) { return scan_number<uint32_t>(s, "%" SCNu32 "%c"); }
bool parses_u64(const std::string& s) { return scan_number<uint64_t>(s, "%" SCNu64 "%c"); }

std::string not_a_number(const std::string& s) { return s + " is not a valid number"; }

bool is_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

// What one field class made of the name it was offered.
struct ClassParse {
    enum Kind { NotMine, Parsed, Error } kind = NotMine;
    size_t length = 0;  // bytes of the name the class consumed (libsinsp's return value)
    std::string argument;
    std::string error;
    static ClassParse parsed(size_t len, std::string arg = {}) { return {Parsed, len, std::move(arg), {}}; }
    static ClassParse failed(std::string msg) { return {Error, 0, {}, std::move(msg)}; }
};

// sinsp_filter_check_plugin::parse_field_name.
ClassParse parse_plugin_field(const FieldInfo& f, std::string_view full) {
    const size_t res = f.name.size();
    std::string val(full.substr(0, full.find(' ')));
    while (!val.empty() && std::isspace(static_cast<unsigned char>(val.back()))) val.pop_back();
    const std::string quoted = "filter '" + std::string(full) + "': " + std::string(f.name);
    const size_t arg_pos = val.find('[');
    if (arg_pos == std::string::npos) {
        if (f.arg == ArgRequirement::Required) return ClassParse::failed(quoted + " requires an argument but none provided");
        return ClassParse::parsed(res);
    }
    // A longer name that merely starts with this field belongs to some later class, if any.
    if (res != arg_pos) return {};
    const size_t arg_start = arg_pos + 1;
    if (arg_start >= val.size()) return ClassParse::failed(quoted + " terminates with incomplete argument brackets");
    std::string arg = val.substr(arg_start);
    const size_t arg_len = arg.find(']');
    if (arg_len == std::string::npos) return ClassParse::failed(quoted + " has unbalanced argument brackets");
    arg.resize(arg_len);
    if (f.arg == ArgRequirement::None) {
        return ClassParse::failed(quoted + " does not allow nor require an argument but one is provided: " + arg);
    }
    // A field that takes an index or a key reads anything that is not an index as a key.
    if (f.arg_kinds == kArgIndex) {
        const char* problem = nullptr;
        if (arg.empty() || (arg.size() > 1 && arg[0] == '0')) problem = " has an invalid index argument starting with 0: ";
        if (!arg.empty() && !is_digits(arg)) problem = " has an invalid index argument not composed only by digits: ";
        if (!problem) {
            try {
                (void)std::stoul(arg);
            } catch (const std::out_of_range&) {
                problem = " has an invalid index argument not representable on 64 bit: ";
            }
        }
        if (problem) return ClassParse::failed("filter " + std::string(full) + " " + std::string(f.name) + problem + arg);
    }
    return ClassParse::parsed(arg_pos + arg_len + 2, std::move(arg));
}

// evt.arg / evt.rawarg / evt.around: sinsp_filter_check_event::extract_arg.
ClassParse parse_event_arg(const FieldInfo& f, std::string_view full, const FieldCatalog& catalog) {
    const std::string val(full);
    const size_t base = f.name.size();
    const char next = base < val.size() ? val[base] : '\0';
    if (next == '[') {
        if (f.name == "evt.rawarg") return ClassParse::failed("evt.arg fields must be expressed explicitly");
        const size_t close = val.find(']');
        const std::string number = close == std::string::npos ? val.substr(base + 1) : val.substr(base + 1, close - base - 1);
        const bool ok = f.name == "evt.around" ? parses_u64(number) : parses_d32(number);
        if (!ok) return ClassParse::failed(not_a_number(number));
        return ClassParse::parsed(close == std::string::npos ? 0 : close + 1, number);
    }
    if (next == '.') {
        if (f.name == "evt.around") return ClassParse::failed("wrong syntax for evt.around");
        const std::string_view rest = full.substr(base + 1);
        auto param = catalog.longest_event_param_prefix(rest);
        if (!param) return ClassParse::failed("unknown event argument " + std::string(rest));
        return ClassParse::parsed(base + 1 + param->size(), std::string(*param));
    }
    return ClassParse::failed("filter syntax error: " + val);
}

// Ancestor and environment fields (proc.aname[N], proc.env[NAME], …): libsinsp swallows a bad
// argument and reports the whole name as nonexistent, unless the name is bare.
ClassParse parse_swallowed_bracket(const FieldInfo& f, std::string_view full, bool key_allowed) {
    const size_t base = f.name.size();
    if (full.size() > base && full[base] == '[') {
        const size_t close = full.find(']', base);
        if (close != std::string_view::npos) {
            std::string arg(full.substr(base + 1, close - base - 1));
            const bool ok = key_allowed ? (!is_digits(arg) || parses_d32(arg)) : parses_d32(arg);
            if (ok) return ClassParse::parsed(close + 1, std::move(arg));
        }
    }
    return ClassParse::parsed(full == f.name ? full.size() : 0);
}

ClassParse parse_libsinsp_field(const FieldInfo& f, std::string_view full, const FieldCatalog& catalog) {
    const std::string_view name = f.name;
    const size_t base = name.size();
    if (name == "evt.arg" || name == "evt.rawarg" || name == "evt.around") return parse_event_arg(f, full, catalog);
    if (name == "evt.abspath") {
        if (full.starts_with("evt.abspath.src") || full.starts_with("evt.abspath.dst")) {
            return ClassParse::parsed(15, std::string(full.substr(12, 3)));
        }
        return ClassParse::parsed(base);
    }
    if (name == "evt.type.is") {
        if (full.size() <= base || full[base] != '.') return ClassParse::failed("filter syntax error: " + std::string(full));
        const std::string type(full.substr(base + 1));
        if (parses_u32(type) || catalog.is_event_table_name(type)) return ClassParse::parsed(full.size(), type);
        return ClassParse::parsed(0);
    }
    if (name == "proc.apid" || name == "proc.aname" || name == "proc.aexe" || name == "proc.aexepath" ||
        name == "proc.acmdline" || name == "proc.args" || name == "proc.aargs") {
        return parse_swallowed_bracket(f, full, false);
    }
    if (name == "proc.env" || name == "proc.aenv") return parse_swallowed_bracket(f, full, true);
    if (name == "thread.cgroup") {
        if (full.size() <= base || full[base] != '.') return ClassParse::failed("filter syntax error: " + std::string(full));
        size_t end = base + 1;
        while (end < full.size() && (std::isalpha(static_cast<unsigned char>(full[end])) || full[end] == '_')) ++end;
        return ClassParse::parsed(end, std::string(full.substr(base + 1, end - base - 1)));
    }
    if (name == "fd.types") {
        // libsinsp accepts any text after "fd.types" when it does not start with '['.
        if (full.size() <= base || full[base] != '[') return ClassParse::parsed(full.size());
        const size_t close = full.find(']');
        const std::string number(full.substr(base + 1, close == std::string_view::npos ? std::string_view::npos : close - base - 1));
        if (!parses_d64(number)) return ClassParse::failed(not_a_number(number));
        return ClassParse::parsed(close == std::string_view::npos ? 0 : close + 1, number);
    }
    if (f.arg != ArgRequirement::None && full.size() > base && full[base] == '[') {
        // A libsinsp field rulekit has no parser for (imported from a newer Falco): take the
        // bracket argument as is.
        const size_t close = full.find(']', base);
        if (close != std::string_view::npos) return ClassParse::parsed(close + 1, std::string(full.substr(base + 1, close - base - 1)));
    }
    return ClassParse::parsed(base);
}

}  // namespace

const char* field_type_name(FieldType type) { return kTypeNames[size_t(type)]; }

std::optional<FieldType> field_type_from_name(std::string_view name) {
    for (size_t i = 0; i < std::size(kTypeNames); ++i) {
        if (name == kTypeNames[i]) return FieldType(i);
    }
    return std::nullopt;
}

struct FieldCatalog::FieldClass {
    std::string name;
    std::string provider;
    bool generic = false;
    std::vector<const FieldInfo*> fields;
};

// Answers already given, shared by every thread that resolves: readers share the lock, a miss
// resolves without it and publishes under the exclusive lock. Nodes of an unordered_map never
// move, so references handed out stay valid while the map grows; lookups by string_view
// allocate nothing.
struct FieldCatalog::ResolveCache {
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    mutable std::shared_mutex mutex;
    std::unordered_map<std::string, ResolveResult, Hash, std::equal_to<>> answers;

    const ResolveResult* find(std::string_view key) const {
        std::shared_lock lock(mutex);
        auto it = answers.find(key);
        return it == answers.end() ? nullptr : &it->second;
    }
    // The answer already published under `key` (another thread may have been quicker), else `result`.
    const ResolveResult& publish(std::string_view key, ResolveResult result) {
        std::unique_lock lock(mutex);
        return answers.try_emplace(std::string(key), std::move(result)).first->second;
    }
    void clear() {
        std::unique_lock lock(mutex);
        answers.clear();
    }
};

struct FieldCatalog::Source {
    std::string name;
    // name (or name[arg]) -> the answer; cleared whenever fields are imported.
    mutable ResolveCache answers;
    std::vector<FieldClass> classes;  // registration order
    // Every field name of the source → (class index, field), for prefix probes.
    std::unordered_map<std::string_view, std::vector<std::pair<size_t, const FieldInfo*>>> by_name;
    size_t longest_name = 0;
    // Each field name up to and including its first '.'; names without a '.' whole.
    std::unordered_set<std::string_view> heads;
    std::vector<std::string_view> dotless_names;
};

namespace {
// Plugins that embed another plugin's source and fields (the k8saudit variants for managed
// Kubernetes services): name -> the plugin whose catalog they share.
constexpr std::pair<std::string_view, std::string_view> kPluginVariants[] = {
    {"k8saudit-eks", "k8saudit"}, {"k8saudit-gke", "k8saudit"}, {"k8saudit-aks", "k8saudit"},
    {"k8saudit-ovh", "k8saudit"}};
}  // namespace

bool FieldCatalog::catalog_loaded(std::string_view plugin) const {
    if (plugins_.contains(std::string(plugin))) return true;
    for (const auto& [variant, base] : kPluginVariants) {
        if (base == plugin && plugins_.contains(std::string(variant))) return true;
    }
    return false;
}

bool FieldCatalog::knows_plugin(std::string_view plugin) {
    for (const auto& file : catalog_tables::field_files()) {
        if (file.plugin == plugin) return true;
    }
    for (const auto& [variant, base] : kPluginVariants) {
        if (variant == plugin) return true;
    }
    return false;
}

FieldCatalog::FieldCatalog(const CatalogOptions& options)
    : plugins_(options.plugins), unknown_source_answers_(std::make_unique<ResolveCache>()) {
    const catalog_tables::FieldFile* any_source_file = nullptr;
    for (const auto& file : catalog_tables::field_files()) {
        if (!file.plugin.empty() && !catalog_loaded(file.plugin)) continue;
        for (auto name : file.plugin_event_types) event_types_.try_emplace(name);
        if (file.source == "*") {
            any_source_file = &file;
            continue;
        }
        Source& src = add_source(file.source);
        for (const FieldInfo& f : file.fields) {
            const bool generic = f.has(kFlagGeneric);
            if (src.classes.empty() || src.classes.back().name != f.class_name ||
                src.classes.back().provider != f.provider || src.classes.back().generic != generic) {
                src.classes.push_back({std::string(f.class_name), std::string(f.provider), generic, {}});
            }
            src.classes.back().fields.push_back(&f);
        }
    }
    // A plugin that names no event source extracts from all of them; it registers last.
    if (any_source_file) {
        for (auto& [name, src] : sources_) {
            FieldClass cls{std::string(any_source_file->fields.front().class_name),
                           std::string(any_source_file->fields.front().provider), false, {}};
            for (const FieldInfo& f : any_source_file->fields) cls.fields.push_back(&f);
            src->classes.push_back(std::move(cls));
        }
    }
    for (auto& [name, src] : sources_) index_source(*src);

    for (auto name : catalog_tables::syscall_names()) event_types_[name].syscall_name = true;
    for (auto name : catalog_tables::event_table_names()) event_types_[name].table_name = true;
    for (const auto& async : catalog_tables::plugin_async_event_names()) {
        if (!catalog_loaded(async.plugin)) continue;
        for (auto name : async.names) event_types_[name].async_event = true;
    }
    // Codes 0 and 1 are the generic ones; the generator checked that the names' codes fill the
    // rest of 0..ppm_event_max-1 exactly.
    size_t next_code = 2;
    for (const auto& [name, codes] : catalog_tables::event_code_counts()) {
        EventTypeName& entry = event_types_[name];
        entry.first_code = uint16_t(next_code);
        entry.code_count = uint16_t(codes);
        if (name == catalog_tables::kAsyncEventTableName) async_event_code_ = next_code;
        next_code += codes;
    }
    for (size_t code = 0; code < catalog_tables::ppm_event_max(); ++code) all_event_codes_.set(code);
}

FieldCatalog::~FieldCatalog() = default;

std::optional<std::string> FieldCatalog::plugin_version(std::string_view plugin) const {
    if (!plugins_.contains(std::string(plugin))) return std::nullopt;
    for (const auto& file : catalog_tables::field_files()) {
        if (file.plugin == plugin && !file.plugin_version.empty()) return std::string(file.plugin_version);
    }
    return std::nullopt;
}

FieldCatalog::Source* FieldCatalog::find_source(std::string_view name) {
    auto it = sources_.find(name);
    return it == sources_.end() ? nullptr : it->second.get();
}

const FieldCatalog::Source* FieldCatalog::find_source(std::string_view name) const {
    auto it = sources_.find(name);
    return it == sources_.end() ? nullptr : it->second.get();
}

FieldCatalog::Source& FieldCatalog::add_source(std::string_view name) {
    if (Source* existing = find_source(name)) return *existing;
    auto src = std::make_unique<Source>();
    src->name = std::string(name);
    Source& ref = *src;
    sources_.emplace(std::string(name), std::move(src));
    return ref;
}

void FieldCatalog::index_source(Source& src) {
    src.by_name.clear();
    src.longest_name = 0;
    src.heads.clear();
    src.dotless_names.clear();
    for (size_t c = 0; c < src.classes.size(); ++c) {
        for (const FieldInfo* f : src.classes[c].fields) {
            src.by_name[f->name].emplace_back(c, f);
            src.longest_name = std::max(src.longest_name, f->name.size());
            const std::string_view name = f->name;
            const size_t dot = name.find('.');
            if (dot == std::string_view::npos) src.dotless_names.push_back(name);
            else src.heads.insert(name.substr(0, dot + 1));
        }
    }
}

std::vector<std::string> FieldCatalog::known_sources() const {
    std::vector<std::string> out;
    for (const auto& [name, src] : sources_) out.push_back(name);
    return out;
}

bool FieldCatalog::has_source(std::string_view source) const { return find_source(source) != nullptr; }

std::vector<std::string_view> FieldCatalog::source_names() const {
    std::vector<std::string_view> out;
    for (const auto& [name, src] : sources_) out.push_back(name);
    return out;
}

bool FieldCatalog::may_name_field(std::string_view source, std::string_view text) const {
    const Source* src = find_source(source);
    if (!src) return false;
    const size_t dot = text.find('.');
    if (dot != std::string_view::npos && src->heads.contains(text.substr(0, dot + 1))) return true;
    return std::any_of(src->dotless_names.begin(), src->dotless_names.end(),
                       [&](std::string_view name) { return text.starts_with(name); });
}

std::vector<const FieldInfo*> FieldCatalog::fields(std::string_view source) const {
    std::vector<const FieldInfo*> out;
    if (const Source* src = find_source(source)) {
        for (const auto& cls : src->classes) out.insert(out.end(), cls.fields.begin(), cls.fields.end());
    }
    return out;
}

bool FieldCatalog::is_event_type(std::string_view name) const { return event_types_.contains(name); }

bool FieldCatalog::is_event_table_name(std::string_view name) const {
    auto it = event_types_.find(name);
    return it != event_types_.end() && it->second.table_name;
}

EventCodeSet FieldCatalog::event_codes(std::string_view name) const {
    EventCodeSet codes;
    auto it = event_types_.find(name);
    if (it == event_types_.end()) return codes;
    const EventTypeName& entry = it->second;
    for (size_t code = entry.first_code; code < size_t(entry.first_code) + entry.code_count; ++code) codes.set(code);
    if (entry.async_event) {
        codes.set(async_event_code_);
    } else if (entry.code_count == 0 && entry.syscall_name) {
        // A name the event table does not have (from code 2 on) but the syscall table does:
        // libsinsp adds PPME_GENERIC_E and PPME_GENERIC_X.
        codes.set(0);
        codes.set(1);
    }
    return codes;
}

std::optional<std::string_view> FieldCatalog::longest_event_param_prefix(std::string_view text) const {
    std::optional<std::string_view> best;
    for (auto param : catalog_tables::event_param_names()) {
        if (text.starts_with(param) && (!best || param.size() > best->size())) best = param;
    }
    return best;
}

const ResolveResult& FieldCatalog::resolve(std::string_view source, std::string_view name,
                                           std::string_view arg) const {
    // libsinsp's compiler re-wraps a non-empty argument in brackets; an empty one vanishes.
    if (arg.empty()) return resolve(source, name);
    std::string name_with_arg;
    name_with_arg.reserve(name.size() + arg.size() + 2);
    name_with_arg.append(name).append(1, '[').append(arg).append(1, ']');
    return resolve(source, name_with_arg);
}

const ResolveResult& FieldCatalog::resolve(std::string_view source, std::string_view name_with_arg) const {
    return remembered(find_source(source), source, name_with_arg);
}

// Rules use the same few hundred fields over and over: every answer is remembered, per source
// by name (for a source that does not exist, by source name: the answer does not depend on the
// field).
const ResolveResult& FieldCatalog::remembered(const Source* src, std::string_view source,
                                              std::string_view name_with_arg) const {
    ResolveCache& cache = src ? src->answers : *unknown_source_answers_;
    const std::string_view key = src ? name_with_arg : source;
    if (const ResolveResult* known = cache.find(key)) return *known;
    ResolveResult result;
    if (src) {
        result = resolve_full(*src, name_with_arg);
    } else {
        result.status = ResolveStatus::UnknownSource;
        result.error = "unknown event source " + std::string(source);
    }
    return cache.publish(key, std::move(result));
}

ResolveResult FieldCatalog::resolve_full(const Source& src, std::string_view full) const {
    ResolveResult result;
    // Each class proposes its longest field name that prefixes `full`; probing prefixes from
    // the longest down makes the first hit per class its longest.
    std::vector<const FieldInfo*> longest(src.classes.size(), nullptr);
    for (size_t len = std::min(full.size(), src.longest_name); len > 0; --len) {
        auto it = src.by_name.find(full.substr(0, len));
        if (it == src.by_name.end()) continue;
        for (const auto& [cls, f] : it->second) {
            if (!longest[cls]) longest[cls] = f;
        }
    }
    for (size_t c = 0; c < src.classes.size(); ++c) {
        const FieldClass& cls = src.classes[c];
        // The thread class rejects every name starting with "arg" before matching its own.
        if (cls.name == "process" && cls.provider == "libsinsp" && full.starts_with("arg")) {
            result.status = ResolveStatus::BadArgument;
            result.error = "filter error: proc.arg filter not implemented yet";
            return result;
        }
        const FieldInfo* f = longest[c];
        if (!f) continue;
        ClassParse parse = f->from_plugin() ? parse_plugin_field(*f, full) : parse_libsinsp_field(*f, full, *this);
        if (parse.kind == ClassParse::NotMine) continue;
        if (parse.kind == ClassParse::Error) {
            result.status = ResolveStatus::BadArgument;
            result.error = std::move(parse.error);
            return result;
        }
        // The first class that recognises anything decides, even when it recognised less
        // than the whole name.
        if (parse.length != full.size()) break;
        result.resolved = {f, std::string(full), std::move(parse.argument)};
        return result;
    }
    result.status = ResolveStatus::Nonexistent;
    result.error = "filter_check called with nonexistent field " + std::string(full);
    return result;
}

std::optional<std::string> FieldCatalog::suggest(std::string_view source, std::string_view bad_name) const {
    auto nearest = nearest_fields(source, bad_name);
    if (nearest.empty()) return std::nullopt;
    return std::move(nearest.front());
}

std::vector<std::string> FieldCatalog::nearest_fields(std::string_view source, std::string_view bad_name) const {
    const Source* src = find_source(source);
    if (!src) return {};
    const std::string_view base = bad_name.substr(0, bad_name.find('['));
    if (base.size() != bad_name.size() && resolve_full(*src, base).ok()) return {std::string(base)};
    const size_t max_distance = base.size() <= 4 ? 1 : base.size() <= 10 ? 2 : 3;
    std::vector<std::string> best;
    size_t best_distance = max_distance;
    for (const auto& cls : src->classes) {
        for (const FieldInfo* f : cls.fields) {
            if (f->has(kFlagHidden) || f->has(kFlagClassHidden) || f->name == base) continue;
            const size_t d = edit_distance(base, f->name);
            if (d > max_distance || d > best_distance) continue;
            if (d < best_distance) {
                best.clear();
                best_distance = d;
            }
            // A field registered by several classes is still one candidate.
            if (std::find(best.begin(), best.end(), f->name) == best.end()) best.emplace_back(f->name);
        }
    }
    return best;
}

namespace {

struct ImportedField {
    std::string name;
    FieldType type;
    bool is_list;
    ArgRequirement arg;
    uint8_t arg_kinds;
};

struct ImportedClass {
    std::string name;
    std::vector<std::string> sources;
    std::vector<ImportedField> fields;
};

// Reads `falco --list --format json`; throws std::string with the problem and its place.
std::vector<ImportedClass> read_falco_list(std::string_view text) {
    using nlohmann::json;
    json root = json::parse(text.begin(), text.end(), nullptr, false);
    if (root.is_discarded()) throw std::string("not valid JSON");
    const json* classes = &root;
    if (root.is_object()) {
        auto it = root.find("fieldclasses");
        if (it == root.end()) throw std::string("expected an object with a 'fieldclasses' array");
        classes = &*it;
    }
    if (!classes->is_array()) throw std::string("'fieldclasses' must be an array");
    std::vector<ImportedClass> out;
    for (size_t i = 0; i < classes->size(); ++i) {
        const json& c = (*classes)[i];
        const std::string where = "fieldclasses[" + std::to_string(i) + "]";
        if (!c.is_object()) throw where + ": must be an object";
        ImportedClass cls;
        if (!c.contains("name") || !c["name"].is_string() || c["name"].get<std::string>().empty()) {
            throw where + ": missing string 'name'";
        }
        cls.name = c["name"].get<std::string>();
        if (!c.contains("event_sources") || !c["event_sources"].is_array()) throw where + ": missing array 'event_sources'";
        for (const json& s : c["event_sources"]) {
            if (!s.is_string() || s.get<std::string>().empty()) throw where + ": 'event_sources' must hold non-empty strings";
            cls.sources.push_back(s.get<std::string>());
        }
        if (!c.contains("fields") || !c["fields"].is_array()) throw where + ": missing array 'fields'";
        for (size_t j = 0; j < c["fields"].size(); ++j) {
            const json& f = c["fields"][j];
            const std::string fwhere = where + ".fields[" + std::to_string(j) + "]";
            if (!f.is_object()) throw fwhere + ": must be an object";
            if (!f.contains("name") || !f["name"].is_string()) throw fwhere + ": missing string 'name'";
            ImportedField field;
            field.name = f["name"].get<std::string>();
            const bool name_ok = !field.name.empty() && std::none_of(field.name.begin(), field.name.end(), [](unsigned char ch) {
                return std::isspace(ch) || ch == '[' || ch == ']' || ch < 0x20;
            });
            if (!name_ok) throw fwhere + ": invalid field name '" + field.name + "'";
            const std::string named = fwhere + " (" + field.name + ")";
            if (!f.contains("type") || !f["type"].is_string()) throw named + ": missing string 'type'";
            auto type = field_type_from_name(f["type"].get<std::string>());
            if (!type) throw named + ": unknown field type '" + f["type"].get<std::string>() + "'";
            field.type = *type;
            field.is_list = false;
            if (f.contains("is_list")) {
                if (!f["is_list"].is_boolean()) throw named + ": 'is_list' must be a boolean";
                field.is_list = f["is_list"].get<bool>();
            }
            field.arg = ArgRequirement::None;
            field.arg_kinds = 0;
            if (f.contains("argument") && !f["argument"].is_null()) {
                const json& a = f["argument"];
                if (!a.is_object()) throw named + ": 'argument' must be null or an object";
                if (!a.contains("required") || !a["required"].is_boolean()) throw named + ": 'argument.required' must be a boolean";
                field.arg = a["required"].get<bool>() ? ArgRequirement::Required : ArgRequirement::Allowed;
                if (a.contains("type")) {
                    if (!a["type"].is_array()) throw named + ": 'argument.type' must be an array";
                    for (const json& k : a["type"]) {
                        if (k == "INDEX") field.arg_kinds |= kArgIndex;
                        else if (k == "KEY") field.arg_kinds |= kArgKey;
                        else throw named + ": unknown argument type " + k.dump();
                    }
                }
            }
            cls.fields.push_back(std::move(field));
        }
        out.push_back(std::move(cls));
    }
    return out;
}

constexpr std::string_view kPluginClassSuffix = " (plugin)";

}  // namespace

ImportResult FieldCatalog::add_fields_from_falco_list_json(std::string_view json_text) {
    for (auto& [name, src] : sources_) src->answers.clear();
    unknown_source_answers_->clear();
    ImportResult result;
    std::vector<ImportedClass> classes;
    try {
        classes = read_falco_list(json_text);
    } catch (const std::string& problem) {
        result.error = "falco --list JSON: " + problem;
        return result;
    }

    auto own = [this](std::string s) -> std::string_view { return owned_strings_.emplace_back(std::move(s)); };
    std::set<Source*> touched;
    for (const ImportedClass& imported : classes) {
        const std::string provider = imported.name.ends_with(kPluginClassSuffix)
                                         ? "plugin:" + imported.name.substr(0, imported.name.size() - kPluginClassSuffix.size())
                                         : "libsinsp";
        const std::string_view class_name = own(imported.name);
        const std::string_view provider_name = own(provider);
        for (const std::string& source_name : imported.sources) {
            const bool is_new_source = !has_source(source_name);
            Source& src = add_source(source_name);
            if (is_new_source) {
                // Every event source has libsinsp's generic evt.* class first.
                if (const Source* syscall = find_source("syscall"); syscall && !syscall->classes.empty() &&
                                                                    syscall->classes.front().generic) {
                    src.classes.push_back(syscall->classes.front());
                }
            }
            touched.insert(&src);
            // The existing class with this name that already holds one of the imported fields
            // (two libsinsp classes are both called "evt"), else a new class registered last.
            FieldClass* target = nullptr;
            for (FieldClass& cls : src.classes) {
                if (cls.name != imported.name || cls.provider != provider) continue;
                const bool overlaps = std::any_of(imported.fields.begin(), imported.fields.end(), [&](const ImportedField& f) {
                    return std::any_of(cls.fields.begin(), cls.fields.end(), [&](const FieldInfo* e) { return e->name == f.name; });
                });
                if (overlaps) {
                    target = &cls;
                    break;
                }
            }
            if (!target) {
                src.classes.push_back({imported.name, provider, false, {}});
                target = &src.classes.back();
            }
            for (const ImportedField& f : imported.fields) {
                auto existing = std::find_if(target->fields.begin(), target->fields.end(),
                                             [&](const FieldInfo* e) { return e->name == f.name; });
                if (existing != target->fields.end()) {
                    if ((*existing)->type == f.type && (*existing)->is_list == f.is_list) continue;
                    // Keep what rulekit knows beyond the listing (flags, argument syntax).
                    FieldInfo updated = **existing;
                    updated.type = f.type;
                    updated.is_list = f.is_list;
                    *existing = &owned_fields_.emplace_back(updated);
                    ++result.fields_updated;
                    continue;
                }
                FieldInfo added;
                added.name = own(f.name);
                added.type = f.type;
                added.is_list = f.is_list;
                added.arg = f.arg;
                added.arg_kinds = f.arg_kinds;
                added.arg_syntax = f.arg == ArgRequirement::None ? ArgSyntax::None : ArgSyntax::Bracket;
                added.class_name = class_name;
                added.provider = provider_name;
                target->fields.push_back(&owned_fields_.emplace_back(added));
                ++result.fields_added;
            }
        }
    }
    for (Source* src : touched) index_source(*src);
    result.ok = true;
    return result;
}

}  // namespace rulekit::grammar
