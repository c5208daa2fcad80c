// Falco's field catalog per event source, and libsinsp's way of resolving a field name.
#pragma once

#include <bitset>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rulekit::grammar {

// libsinsp's ppm_param_type values that a field can have; names print as param_type_to_string().
enum class FieldType : uint8_t {
    Int8, Int16, Int32, Int64, Uint8, Uint16, Uint32, Uint64, Charbuf, Bytebuf, Errno, Sockaddr,
    Socktuple, Fd, Pid, Fdlist, Fspath, Syscallid, Sigtype, Reltime, Abstime, Port, L4proto,
    Sockfamily, Bool, Ipv4addr, Dynamic, Flags8, Flags16, Flags32, Uid, Gid, Double, Sigset,
    Charbufarray, CharbufPairArray, Ipv4net, Ipv6addr, Ipv6net, Ipaddr, Ipnet, Mode, Fsrelpath,
    Enumflags8, Enumflags16, Enumflags32,
};

const char* field_type_name(FieldType type);
std::optional<FieldType> field_type_from_name(std::string_view name);

enum class ArgRequirement : uint8_t { None, Required, Allowed };
enum class ArgSyntax : uint8_t { None, Bracket, Dot, BracketOrDot };

// Bits of FieldInfo::arg_kinds.
enum ArgKind : uint8_t { kArgIndex = 1, kArgKey = 2 };

// Bits of FieldInfo::flags (libsinsp EPF_* flags and plugin field properties).
enum FieldFlag : uint16_t {
    kFlagFilterOnly = 1 << 0,
    kFlagPrintOnly = 1 << 1,
    kFlagHidden = 1 << 2,
    kFlagDeprecated = 1 << 3,
    kFlagNoRhs = 1 << 4,
    kFlagNoTransformer = 1 << 5,
    kFlagNoPtrStability = 1 << 6,
    kFlagFormatSuggested = 1 << 7,
    kFlagInfo = 1 << 8,
    kFlagConversation = 1 << 9,
    kFlagClassHidden = 1 << 10,
    kFlagGeneric = 1 << 11,
};

struct FieldInfo {
    std::string_view name;
    FieldType type = FieldType::Charbuf;
    bool is_list = false;
    ArgRequirement arg = ArgRequirement::None;
    uint8_t arg_kinds = 0;  // ArgKind bits
    ArgSyntax arg_syntax = ArgSyntax::None;
    uint16_t flags = 0;     // FieldFlag bits
    std::string_view class_name;  // "process", "container (plugin)", …
    std::string_view provider;    // "libsinsp" or "plugin:<name>"

    bool has(FieldFlag f) const { return (flags & f) != 0; }
    bool from_plugin() const { return provider.starts_with("plugin:"); }
};

// Which plugins the emulated Falco has loaded. Extractor plugins add fields to the sources they
// extract from; source plugins make their event source exist. The defaults are the stock Falco
// setup plus every source plugin whose fields ship with rulekit: container and k8smeta extend
// `syscall`; krsi and anomalydetection are opt-in, as is json (json.*/jevt.* on every source).
struct CatalogOptions {
    std::set<std::string> plugins = {"container", "k8smeta",  "k8saudit", "cloudtrail",
                                     "okta",      "github",   "gcpaudit"};
    static CatalogOptions libsinsp_only() { return CatalogOptions{{}}; }
};

// Event codes, as Falco counts them for LOAD_NO_EVTTYPE (spec §4.9). libs numbers its event
// table 0..ppm_event_max-1; rulekit's data says only how many codes each name has, so rulekit
// numbers them itself (the two generic codes first, then each event-table name's codes in name
// order). Which names share codes and how many a set holds are Falco's; the numbers are not.
inline constexpr size_t kMaxEventCodes = 1024;
using EventCodeSet = std::bitset<kMaxEventCodes>;

struct ResolvedField {
    const FieldInfo* field = nullptr;  // the catalog entry, e.g. evt.arg for "evt.arg.fd"
    std::string full_name;             // what libsinsp was asked for: name, or name[arg]
    std::string argument;              // parameter name, index, key or subsystem; may be empty
};

enum class ResolveStatus : uint8_t {
    Ok,
    UnknownSource,
    Nonexistent,  // "filter_check called with nonexistent field X"
    BadArgument,  // a field class rejected the argument with its own message
};

struct ResolveResult {
    ResolveStatus status = ResolveStatus::Ok;
    ResolvedField resolved;  // meaningful when ok()
    std::string error;       // libsinsp's message when !ok()
    bool ok() const { return status == ResolveStatus::Ok; }
};

struct ImportResult {
    bool ok = false;
    std::string error;
    size_t fields_added = 0;
    size_t fields_updated = 0;
};

class FieldCatalog {
public:
    explicit FieldCatalog(const CatalogOptions& options = {});
    ~FieldCatalog();
    FieldCatalog(const FieldCatalog&) = delete;
    FieldCatalog& operator=(const FieldCatalog&) = delete;

    std::vector<std::string> known_sources() const;  // sorted
    bool has_source(std::string_view source) const;
    std::vector<std::string_view> source_names() const;  // the loaded event sources
    // Cheap necessary condition for resolve(source, text).ok(): `text` starts with the part up
    // to the first '.' of some field name of the source. Lets callers that probe arbitrary
    // strings (every constant of every condition) skip the full resolution.
    bool may_name_field(std::string_view source, std::string_view text) const;

    // Resolves `name` (possibly with a dotted argument) plus an optional bracket argument the
    // way libsinsp does; an empty `arg` means no brackets, as in libsinsp's compiler.
    // The answer is remembered: the reference stays valid until fields are imported. Safe to
    // call from several threads at once (but not while fields are being imported).
    const ResolveResult& resolve(std::string_view source, std::string_view name, std::string_view arg) const;
    // Same, for the text libsinsp receives: "name" or "name[arg]".
    const ResolveResult& resolve(std::string_view source, std::string_view name_with_arg) const;

    // Every field of a source in registration order (classes in order, fields in table order).
    std::vector<const FieldInfo*> fields(std::string_view source) const;

    // Valid evt.type values: event-table names, syscall names and loaded plugins' event names.
    bool is_event_type(std::string_view name) const;
    // Names valid after "evt.type.is." (event-table names only).
    bool is_event_table_name(std::string_view name) const;
    // The codes `evt.type = name` selects: the name's event-table codes, the async event code
    // for a loaded plugin's async event name, or else the two generic codes for a syscall name
    // (libsinsp's names_to_event_set). Empty for a name that is no event type.
    EventCodeSet event_codes(std::string_view name) const;
    // Every event code (0..ppm_event_max-1): what `evt.type exists` and negations range over.
    const EventCodeSet& all_event_codes() const { return all_event_codes_; }
    // libsinsp's longest event parameter name that prefixes `text`, if any.
    std::optional<std::string_view> longest_event_param_prefix(std::string_view text) const;

    // The version of a loaded plugin whose fields rulekit ships, or nothing.
    std::optional<std::string> plugin_version(std::string_view plugin) const;
    // Whether rulekit ships fields for this plugin (its own, or those of the plugin it embeds).
    static bool knows_plugin(std::string_view plugin);

    // The nearest real field for a "did you mean" hint (deterministic), or nothing when no
    // field is close enough.
    std::optional<std::string> suggest(std::string_view source, std::string_view bad_name) const;
    // Every field at the smallest edit distance from `bad_name`, in registration order (the
    // first is suggest()'s answer); more than one means a "did you mean" would be a guess, so
    // an automatic fix must not pick one (`rulekit lint --fix`).
    std::vector<std::string> nearest_fields(std::string_view source, std::string_view bad_name) const;

    // Adds or updates fields from `falco --list --format json` output. All-or-nothing: on error
    // nothing changes and the result says what is wrong and where.
    ImportResult add_fields_from_falco_list_json(std::string_view json_text);

private:
    struct FieldClass;
    struct Source;
    struct ClassMatch;

    Source* find_source(std::string_view name);
    const Source* find_source(std::string_view name) const;
    Source& add_source(std::string_view name);
    void index_source(Source& src);
    ResolveResult resolve_full(const Source& src, std::string_view full) const;

    std::map<std::string, std::unique_ptr<Source>, std::less<>> sources_;
    struct EventTypeName {
        bool table_name = false;  // also valid after "evt.type.is."
        bool syscall_name = false;
        bool async_event = false;  // of a loaded plugin
        uint16_t first_code = 0;   // the name's event-table codes, in rulekit's numbering
        uint16_t code_count = 0;
    };
    std::unordered_map<std::string_view, EventTypeName> event_types_;
    EventCodeSet all_event_codes_;
    size_t async_event_code_ = 0;
    std::deque<std::string> owned_strings_;                   // names of imported fields
    std::deque<FieldInfo> owned_fields_;
    // Whether the fields of catalog `plugin` are loaded: by that plugin or a variant embedding it.
    bool catalog_loaded(std::string_view plugin) const;
    std::set<std::string> plugins_;
    // The answers for sources that do not exist, by source name (each Source keeps its own).
    struct ResolveCache;
    std::unique_ptr<ResolveCache> unknown_source_answers_;
    const ResolveResult& remembered(const Source* src, std::string_view source, std::string_view name_with_arg) const;
};

}  // namespace rulekit::grammar
