// Planning, applying and verifying the edits of `rulekit lint --fix` (see fixes.hpp). Each
// planner finds the exact bytes a finding is about and checks them against what the finding
// says before proposing an edit; fix_sources() then re-lints the edited texts and keeps only
// the fixes that remove their finding and nothing else changes.
#include "lint/fix/fixes.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include "grammar/field_catalog.hpp"
#include "grammar/rules_file.hpp"
#include "lint/checks/beyond_falco.hpp"

namespace rulekit::lint::fix {

namespace {

// The message of the reader's deprecated-item finding for a legacy `append: true` (the same
// check also reports enable-only items and `%container.info`, which have no fix).
constexpr std::string_view kLegacyAppendMessage = "'append' key is deprecated.";
constexpr std::string_view kNonexistentField = "filter_check called with nonexistent field ";
// `override:` exists since Falco 0.37, engine version 0.31.0 (spec §7): a file that still
// declares an older engine is meant for Falcos that would not understand the fix.
constexpr grammar::SemVer kOverrideEngineVersion{0, 31, 0};

// Byte offsets <-> the linter's 1-based line:column (columns count bytes; on line 1 they start
// after a UTF-8 byte-order mark, which yaml-cpp does not count).
class LineIndex {
public:
    explicit LineIndex(std::string_view text) : size_(text.size()) {
        if (text.substr(0, 3) == "\xEF\xBB\xBF") bom_ = 3;
        starts_.push_back(0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') starts_.push_back(i + 1);
    }
    std::optional<size_t> offset(uint32_t line, uint32_t column) const {
        if (line == 0 || column == 0 || line > starts_.size()) return std::nullopt;
        const size_t at = starts_[line - 1] + column - 1 + (line == 1 ? bom_ : 0);
        if (at > size_) return std::nullopt;
        return at;
    }
    std::pair<uint32_t, uint32_t> position(size_t offset) const {
        const size_t line = static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin());
        size_t column = offset - starts_[line - 1];
        if (line == 1) column -= std::min<size_t>(column, bom_);
        return {static_cast<uint32_t>(line), static_cast<uint32_t>(column + 1)};
    }

private:
    std::vector<size_t> starts_;
    size_t size_ = 0;
    size_t bom_ = 0;
};

// How the file writes nested mappings, so that a new `override:` looks like the author's: the
// style of an `override:` the file already has, otherwise a block mapping indented by the
// file's own step (of its first nested mapping, else of its first indented nested sequence,
// else 2).
struct OverrideLayout {
    bool flow = false;
    size_t step = 2;
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

OverrideLayout detect_override_layout(std::string_view text) {
    std::vector<std::string_view> lines;
    for (size_t start = 0; start <= text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    // Column of the first key on a line ("  - rule: x" -> 4), or npos for comments and blanks.
    const auto key_column = [](std::string_view line) {
        size_t i = 0;
        while (i < line.size() && is_blank(line[i])) ++i;
        while (i < line.size() && line[i] == '-' && (i + 1 == line.size() || line[i + 1] == ' ')) {
            ++i;
            while (i < line.size() && is_blank(line[i])) ++i;
        }
        return i == line.size() || line[i] == '#' ? std::string_view::npos : i;
    };
    std::optional<size_t> mapping_step, sequence_step;
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        const size_t col = key_column(line);
        if (col == std::string_view::npos) continue;
        size_t colon = line.find(": ", col);
        if (colon == std::string_view::npos && line.ends_with(':')) colon = line.size() - 1;
        if (colon == std::string_view::npos) continue;
        std::string_view key = line.substr(col, colon - col);
        if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') && key.back() == key.front())
            key = key.substr(1, key.size() - 2);
        std::string_view rest = line.substr(colon + 1);
        while (!rest.empty() && is_blank(rest.front())) rest.remove_prefix(1);
        if (key == "override" && rest.starts_with("{")) return {true, 2};
        if (!rest.empty() && rest.front() != '#') continue;
        // A key with its value on the following lines: a nested block.
        size_t next = i + 1;
        while (next < lines.size() && key_column(lines[next]) == std::string_view::npos) ++next;
        if (next == lines.size()) continue;
        size_t indent = 0;
        while (indent < lines[next].size() && lines[next][indent] == ' ') ++indent;
        if (indent <= col) continue;  // not nested (or a sequence written at the key's column)
        if (lines[next][indent] == '-') {
            if (!sequence_step) sequence_step = indent - col;
            continue;
        }
        if (key == "override") return {false, indent - col};
        if (!mapping_step) mapping_step = indent - col;
    }
    return {false, mapping_step.value_or(sequence_step.value_or(2))};
}

// End of a one-line scalar token starting at `start` (a quoted scalar with its closing quote, a
// plain one without trailing blanks or comment), or nothing when it does not end on its line.
std::optional<size_t> scalar_token_end(std::string_view text, size_t start, bool in_flow) {
    if (start >= text.size()) return std::nullopt;
    const char first = text[start];
    if (first == '"' || first == '\'') {
        for (size_t i = start + 1; i < text.size() && text[i] != '\n'; ++i) {
            if (first == '"' && text[i] == '\\') {
                ++i;
                continue;
            }
            if (text[i] != first) continue;
            if (first == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                ++i;
                continue;
            }
            return i + 1;
        }
        return std::nullopt;
    }
    size_t i = start;
    while (i < text.size() && text[i] != '\n' && text[i] != '\r') {
        if (text[i] == '#' && i > start && is_blank(text[i - 1])) break;
        if (in_flow && (text[i] == ',' || text[i] == '}' || text[i] == ']')) break;
        ++i;
    }
    while (i > start && is_blank(text[i - 1])) --i;
    return i;
}

struct Planned {
    std::optional<Fix> fix;
    std::string reason;  // why not, when there is no fix
};

Planned refuse(std::string reason) { return {std::nullopt, std::move(reason)}; }

Fix make_fix(const std::string& file, const Diagnostic& target, TextEdit edit, std::string description) {
    Fix fix;
    fix.file = file;
    fix.edits.push_back(std::move(edit));
    fix.targets.push_back(target);
    fix.description = std::move(description);
    return fix;
}

// One file the planner looks at: its bytes, positions, and (read on demand) its items.
class FileContext {
public:
    FileContext(std::string path, const std::string& bytes) : path_(std::move(path)), bytes_(bytes), lines_(bytes) {}

    const std::string& path() const { return path_; }
    std::string_view bytes() const { return bytes_; }
    const LineIndex& lines() const { return lines_; }
    const grammar::RulesFile& rules() {
        if (!rules_) rules_ = std::make_unique<grammar::RulesFile>(grammar::read_rules_text(path_, bytes_));
        return *rules_;
    }
    const OverrideLayout& override_layout() {
        if (!layout_) layout_ = detect_override_layout(bytes_);
        return *layout_;
    }
    size_t offset_of(const YAML::Mark& mark) {
        return rules().source->offset_of(grammar::YamlMark{mark.pos, mark.line, mark.column});
    }

private:
    std::string path_;
    const std::string& bytes_;
    LineIndex lines_;
    std::unique_ptr<grammar::RulesFile> rules_;
    std::optional<OverrideLayout> layout_;
};

bool at_location(const grammar::RulesFile& file, const grammar::YamlMark& mark, const Diagnostic& d) {
    const SourceLocation loc = file.location(mark);
    return loc.line == d.loc.line && loc.column == d.loc.column;
}

// ---- legacy `append: true` -> `override:` ------------------------------------------------------

Planned plan_legacy_append(FileContext& file, const Diagnostic& d) {
    const grammar::RulesFile& rules = file.rules();
    for (const auto& item : rules.items) {
        const auto* version = item.get<grammar::RequiredEngineVersion>();
        if (version && version->version < kOverrideEngineVersion) {
            return refuse(fmt::format("the file requires engine version {}, older than 0.31.0 (Falco 0.37) which "
                                      "introduced `override:`",
                                      version->text.value));
        }
    }
    const auto found = std::find_if(rules.items.begin(), rules.items.end(),
                                    [&](const grammar::Item& item) { return at_location(rules, item.mark, d); });
    if (found == rules.items.end() || !found->node.IsMap()) return refuse("no list, macro or rule item at this position");
    const grammar::Item& item = *found;
    if (item.has_error) return refuse("the item has errors Falco reports; fix those first");

    // The keys `override:` may carry for the item's kind, and what else may stay beside it.
    std::vector<std::string> appendable, allowed;
    if (const auto* list = item.get<grammar::List>(); list && list->legacy_append) {
        appendable = {"items"};
        allowed = {"list", "items", "append"};
    } else if (const auto* macro = item.get<grammar::Macro>(); macro && macro->legacy_append) {
        appendable = {"condition"};
        allowed = {"macro", "condition", "append"};
    } else if (const auto* rule = item.get<grammar::Rule>(); rule && rule->form == grammar::RuleForm::LegacyAppend) {
        appendable = {"condition", "exceptions"};
        // Falco reads `source` of any modifying item and compares it with the rule's.
        allowed = {"rule", "condition", "exceptions", "append", "source"};
    } else {
        return refuse("the item is not a legacy append");
    }

    std::vector<std::string> entries, dropped;
    std::optional<std::pair<grammar::yaml::Node, grammar::yaml::Node>> append;
    std::set<std::string> seen;
    for (const auto& kv : item.node) {
        if (!kv.first.IsScalar()) return refuse("the item has a key that is not a scalar");
        const std::string key = kv.first.Scalar();
        if (!seen.insert(key).second) return refuse(fmt::format("the item has key '{}' twice", key));
        if (key == "append") append.emplace(kv.first, kv.second);
        if (std::find(appendable.begin(), appendable.end(), key) != appendable.end()) entries.push_back(key);
        else if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) dropped.push_back(key);
    }
    if (!dropped.empty()) {
        std::string keys;
        for (const auto& k : dropped) keys += fmt::format("{}'{}'", keys.empty() ? "" : ", ", k);
        // Legacy append silently ignores these keys; under `override:` each would need an entry
        // and would then take effect: the conversion would change the rule (or be rejected).
        return refuse(fmt::format("legacy append ignores {}, which would take effect under `override:`; convert by hand",
                                  keys));
    }
    if (entries.empty()) return refuse("the item has nothing to append");
    if (!append || !append->second.IsScalar()) return refuse("no `append: true` to replace");

    // The exact bytes `append: true` (quoted key and value allowed) on one line.
    const std::string_view text = file.bytes();
    const bool in_flow = item.node.Style() == YAML::EmitterStyle::Flow;
    const size_t key_begin = file.offset_of(append->first.Mark());
    const size_t value_begin = file.offset_of(append->second.Mark());
    std::string quote;
    size_t at = key_begin;
    if (at < text.size() && (text[at] == '"' || text[at] == '\'')) quote = std::string(1, text[at]);
    const std::string written_key = quote + "append" + quote;
    if (text.substr(at, written_key.size()) != written_key) return refuse("cannot find the `append` key's text");
    at += written_key.size();
    while (at < text.size() && is_blank(text[at])) ++at;
    if (at >= text.size() || text[at] != ':') return refuse("cannot find the `append` key's text");
    ++at;
    while (at < text.size() && is_blank(text[at])) ++at;
    if (at != value_begin) return refuse("`append:` and its value are not on one line");
    const auto value_end = scalar_token_end(text, value_begin, in_flow);
    if (!value_end) return refuse("`append:` and its value are not on one line");

    const auto entry = [&](const std::string& key) { return quote + key + quote + ": append"; };
    std::string flow_entries;
    for (const auto& key : entries) flow_entries += (flow_entries.empty() ? "" : ", ") + entry(key);
    const std::string override_key = quote + "override" + quote + ":";
    std::string replacement;
    const OverrideLayout& layout = file.override_layout();
    if (in_flow || layout.flow) {
        replacement = override_key + " {" + flow_entries + "}";
    } else {
        // Under the key, one step further in, with the line ending the file uses there.
        const size_t line_end = text.find('\n', *value_end);
        const std::string newline = line_end != std::string_view::npos && line_end > 0 && text[line_end - 1] == '\r'
                                        ? "\r\n"
                                        : "\n";
        const std::string indent(static_cast<size_t>(append->first.Mark().column) + layout.step, ' ');
        replacement = override_key;
        for (const auto& key : entries) replacement += newline + indent + entry(key);
    }
    return {make_fix(file.path(), d, {key_begin, *value_end, std::move(replacement)},
                     fmt::format("replace '{}' by 'override: {{{}}}'", text.substr(key_begin, *value_end - key_begin),
                                 flow_entries)),
            {}};
}

// ---- unknown-field with one nearest field -----------------------------------------------------

// The catalog the linter used (the same plugins and imported field lists), built when needed.
class CatalogCache {
public:
    explicit CatalogCache(const LintOptions& options) : options_(options) {}
    const grammar::FieldCatalog& get() {
        if (catalog_) return *catalog_;
        catalog_ = std::make_unique<grammar::FieldCatalog>(options_.catalog);
        for (const auto& path : options_.field_files) {
            std::ifstream in(path, std::ios::binary);
            // The linter read these files a moment ago; if one vanished, fewer fields only make
            // fewer (never wrong) fixes, as the re-lint still uses the full catalog.
            if (!in) continue;
            std::string json((std::istreambuf_iterator<char>(in)), {});
            catalog_->add_fields_from_falco_list_json(json);
        }
        return *catalog_;
    }

private:
    const LintOptions& options_;
    std::unique_ptr<grammar::FieldCatalog> catalog_;
};

// The name in a hint that begins "did you mean 'NAME'?" (a note may follow it).
std::optional<std::string> suggested_name(const std::string& hint) {
    constexpr std::string_view prefix = "did you mean '", suffix = "'?";
    if (!hint.starts_with(prefix)) return std::nullopt;
    const size_t end = hint.find(suffix, prefix.size());
    if (end == std::string::npos || end == prefix.size()) return std::nullopt;
    return hint.substr(prefix.size(), end - prefix.size());
}

Planned plan_field_typo(FileContext& file, const Diagnostic& d, CatalogCache& catalogs) {
    if (!d.message.starts_with(kNonexistentField)) return refuse("not a field name typo");
    const std::string written = d.message.substr(kNonexistentField.size());  // with any [argument]
    const std::string name = written.substr(0, written.find('['));
    const auto suggestion = suggested_name(d.hint);
    if (!suggestion) return refuse(fmt::format("no field is close to '{}'", name));
    if (*suggestion == name) return refuse("the field exists; its argument is wrong");
    // The suggestion came from the rule's event source, which the finding does not name: every
    // source that would suggest the same field must have it as its only nearest one.
    const grammar::FieldCatalog& catalog = catalogs.get();
    bool suggested_somewhere = false;
    for (const auto& source : catalog.known_sources()) {
        if (catalog.suggest(source, name) != suggestion) continue;
        suggested_somewhere = true;
        const auto nearest = catalog.nearest_fields(source, name);
        if (nearest.size() != 1) {
            std::string candidates;
            for (const auto& n : nearest) candidates += fmt::format("{}'{}'", candidates.empty() ? "" : ", ", n);
            return refuse(fmt::format("ambiguous: {} are equally close to '{}'", candidates, name));
        }
    }
    if (!suggested_somewhere) return refuse(fmt::format("the catalog does not suggest '{}'", *suggestion));

    // The finding spans exactly the written field; anything else (a position that points at
    // pasted list text, an escape in a quoted scalar) is not a place to edit.
    const auto begin = file.lines().offset(d.loc.line, d.loc.column);
    const auto last = file.lines().offset(d.loc.end_line, d.loc.end_column);
    if (!begin || !last || d.loc.end_line != d.loc.line || *last < *begin ||
        file.bytes().substr(*begin, *last + 1 - *begin) != written) {
        return refuse(fmt::format("the text at this position is not '{}'", written));
    }
    Fix fix = make_fix(file.path(), d, {*begin, *begin + name.size(), *suggestion},
                       fmt::format("replace field '{}' by '{}'", name, *suggestion));
    fix.renamed_field = name;
    fix.new_field_name = *suggestion;
    return {std::move(fix), {}};
}

// ---- priority-case ------------------------------------------------------------------------------

Planned plan_priority_case(FileContext& file, const Diagnostic& d) {
    const grammar::RulesFile& rules = file.rules();
    for (const auto& item : rules.items) {
        const auto* rule = item.get<grammar::Rule>();
        if (!rule || !rule->priority_text || !at_location(rules, rule->priority_text->mark, d)) continue;
        const grammar::Scalar& priority = *rule->priority_text;
        const auto style = priority.style();
        if (style == grammar::ScalarStyle::Literal || style == grammar::ScalarStyle::Folded)
            return refuse("the priority is a block scalar");
        // Inside the quotes, if any: the quoting stays as written.
        const bool quoted = style == grammar::ScalarStyle::SingleQuoted || style == grammar::ScalarStyle::DoubleQuoted;
        const size_t begin = priority.start_offset() + (quoted ? 1 : 0);
        if (file.bytes().substr(begin, priority.value.size()) != priority.value)
            return refuse("the priority is not written as plain text");
        const std::string upper = checks::upper_case_priority(priority.value);
        return {make_fix(file.path(), d, {begin, begin + priority.value.size(), upper},
                         fmt::format("write priority '{}' as '{}'", priority.value, upper)),
                {}};
    }
    return refuse("no rule priority at this position");
}

bool overlaps(const Fix& a, const Fix& b) {
    for (const auto& x : a.edits)
        for (const auto& y : b.edits)
            if (x.begin < y.end && y.begin < x.end) return true;
    return false;
}

}  // namespace

FixPlan plan_fixes(const LintResult& result, const LintOptions& options) {
    FixPlan plan;
    std::map<std::string, std::unique_ptr<FileContext>> files;
    CatalogCache catalogs(options);
    std::vector<Fix> proposed;
    for (const auto& d : result.diagnostics) {
        const bool legacy_append = d.code == "deprecated-item" && d.message.starts_with(kLegacyAppendMessage);
        if (!legacy_append && d.code != "unknown-field" && d.code != "priority-case") continue;
        const auto source = result.sources.find(d.loc.file);
        if (source == result.sources.end()) continue;
        auto& file = files[d.loc.file];
        if (!file) file = std::make_unique<FileContext>(d.loc.file, source->second);
        Planned planned = legacy_append          ? plan_legacy_append(*file, d)
                          : d.code == "unknown-field" ? plan_field_typo(*file, d, catalogs)
                                                    : plan_priority_case(*file, d);
        if (!planned.fix) {
            plan.unfixed.push_back({d, std::move(planned.reason)});
            continue;
        }
        // One text reported twice (a macro used by two rules) gets one fix answering both.
        auto same = std::find_if(proposed.begin(), proposed.end(), [&](const Fix& f) {
            return f.file == planned.fix->file && f.edits == planned.fix->edits;
        });
        if (same != proposed.end()) same->targets.push_back(d);
        else proposed.push_back(std::move(*planned.fix));
    }
    std::stable_sort(proposed.begin(), proposed.end(), [](const Fix& a, const Fix& b) {
        return std::tie(a.file, a.edits.front().begin) < std::tie(b.file, b.edits.front().begin);
    });
    for (auto& fix : proposed) {
        const bool clash = std::any_of(plan.fixes.begin(), plan.fixes.end(),
                                       [&](const Fix& kept) { return kept.file == fix.file && overlaps(kept, fix); });
        if (clash) {
            for (const auto& t : fix.targets) plan.unfixed.push_back({t, "its edit overlaps another fix's"});
            continue;
        }
        plan.fixes.push_back(std::move(fix));
    }
    return plan;
}

std::string apply_edits(std::string_view text, const std::vector<TextEdit>& edits) {
    std::string out;
    out.reserve(text.size());
    size_t at = 0;
    for (const auto& e : edits) {
        out.append(text.substr(at, e.begin - at));
        out += e.replacement;
        at = e.end;
    }
    out.append(text.substr(at));
    return out;
}

size_t FixOutcome::changed_files() const {
    std::set<std::string> changed;
    for (const auto& f : files) {
        auto it = before.sources.find(f.path);
        if (it == before.sources.end() || it->second != f.bytes) changed.insert(f.path);
    }
    return changed.size();
}

namespace {

using EditsByFile = std::map<std::string, std::vector<TextEdit>>;

EditsByFile edits_of(const std::vector<const Fix*>& fixes) {
    EditsByFile out;
    for (const Fix* f : fixes) {
        auto& edits = out[f->file];
        edits.insert(edits.end(), f->edits.begin(), f->edits.end());
    }
    for (auto& [file, edits] : out)
        std::sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) { return a.begin < b.begin; });
    return out;
}

std::vector<SourceFile> apply_to(const std::vector<SourceFile>& files, const EditsByFile& edits) {
    std::vector<SourceFile> out = files;
    for (auto& f : out) {
        if (auto it = edits.find(f.path); it != edits.end()) f.bytes = apply_edits(f.bytes, it->second);
    }
    return out;
}

// A finding as the verification compares it: where (in the original text), what, how bad.
using FindingKey = std::tuple<std::string, uint32_t, uint32_t, std::string, Severity, std::string>;

FindingKey key_of(const Diagnostic& d) {
    return {d.loc.file, d.loc.line, d.loc.column, d.code, d.severity, d.message};
}

// The findings of a lint of edited texts, with their positions moved back to the original
// texts: a position after an edit shifts by what the edit added, one inside an edit's new text
// maps to where the edit starts.
class OriginalFindings {
public:
    explicit OriginalFindings(const std::map<std::string, std::string>& originals) : originals_(originals) {}

    std::map<FindingKey, size_t> of(const LintResult& result, const EditsByFile& edits) {
        std::map<FindingKey, size_t> out;
        for (const auto& d : result.diagnostics) ++out[key_of(moved_back(d, result, edits))];
        return out;
    }

    Diagnostic moved_back(const Diagnostic& d, const LintResult& result, const EditsByFile& edits) {
        const auto file_edits = edits.find(d.loc.file);
        const auto edited = result.sources.find(d.loc.file);
        if (file_edits == edits.end() || edited == result.sources.end() || d.loc.line == 0) return d;
        const auto offset = LineIndex(edited->second).offset(d.loc.line, d.loc.column);
        if (!offset) return d;
        const size_t original = original_offset(*offset, file_edits->second);
        Diagnostic out = d;
        const auto [line, column] = lines_of(d.loc.file).position(original);
        out.loc.line = line;
        out.loc.column = column;
        return out;
    }

private:
    static size_t original_offset(size_t offset, const std::vector<TextEdit>& edits) {
        long delta = 0;  // bytes the edits before `offset` added
        for (const auto& e : edits) {
            const size_t new_begin = static_cast<size_t>(static_cast<long>(e.begin) + delta);
            if (offset < new_begin) break;
            if (offset < new_begin + e.replacement.size()) return e.begin;
            delta += static_cast<long>(e.replacement.size()) - static_cast<long>(e.end - e.begin);
        }
        return static_cast<size_t>(static_cast<long>(offset) - delta);
    }

    const LineIndex& lines_of(const std::string& file) {
        auto it = lines_.find(file);
        if (it == lines_.end()) it = lines_.emplace(file, LineIndex(originals_.at(file))).first;
        return it->second;
    }

    const std::map<std::string, std::string>& originals_;
    std::map<std::string, LineIndex> lines_;
};

// `condition` with every whole-word `from` (not part of a longer name) replaced by `to`.
std::string rename_field(const std::string& condition, const std::string& from, const std::string& to) {
    const auto name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; };
    std::string out;
    size_t at = 0;
    for (size_t hit; (hit = condition.find(from, at)) != std::string::npos;) {
        const size_t end = hit + from.size();
        const bool whole = (hit == 0 || !name_char(condition[hit - 1])) && (end == condition.size() || !name_char(condition[end]));
        out.append(condition, at, hit - at);
        out += whole ? to : from;
        at = end;
    }
    out.append(condition, at);
    return out;
}

std::string describe(const Diagnostic& d) {
    return fmt::format("{}:{}:{}: {}[{}]: {}", d.loc.file, d.loc.line, d.loc.column, severity_name(d.severity), d.code,
                       d.message);
}

// Why the lint `candidate` of the texts with `fixes` added is worse than `base`; nothing when
// the fixes removed their targets and nothing else changed.
std::optional<std::string> rejection(const LintResult& base, const std::map<FindingKey, size_t>& base_findings,
                                     const LintResult& candidate, const std::map<FindingKey, size_t>& candidate_findings,
                                     const std::vector<const Fix*>& fixes) {
    // What Falco runs must not change: every rule keeps its exact condition, up to the field
    // renames of typo fixes.
    for (const auto& [rule, condition] : base.compiled_conditions) {
        std::string expected = condition;
        for (const Fix* f : fixes)
            if (!f->renamed_field.empty()) expected = rename_field(expected, f->renamed_field, f->new_field_name);
        auto it = candidate.compiled_conditions.find(rule);
        if (it == candidate.compiled_conditions.end())
            return fmt::format("rule '{}' would no longer compile", rule);
        if (it->second != expected)
            return fmt::format("the condition of rule '{}' would change to: {}", rule, it->second);
    }
    std::map<FindingKey, size_t> expected = base_findings;
    for (const Fix* f : fixes) {
        for (const auto& t : f->targets) {
            if (candidate_findings.count(key_of(t))) return "the finding is still reported with the fix applied";
            if (auto it = expected.find(key_of(t)); it != expected.end() && it->second > 0) --it->second;
        }
    }
    for (const auto& [key, count] : candidate_findings) {
        auto it = expected.find(key);
        if (it != expected.end() && count <= it->second) continue;
        const auto& [file, line, column, code, severity, message] = key;
        Diagnostic d;
        d.loc = {file, line, column, 0, 0};
        d.code = code;
        d.severity = severity;
        d.message = message;
        return fmt::format("the fixed text would have a new finding: {}", describe(d));
    }
    if (base.falco_accepts && !candidate.falco_accepts) return "Falco would reject the fixed files";
    return std::nullopt;
}

}  // namespace

FixOutcome fix_sources(const std::vector<SourceFile>& files, const LintOptions& options) {
    FixOutcome out;
    LintOptions lint_options = options;
    lint_options.keep_compiled_conditions = true;  // rejection() compares them
    out.before = lint_sources(files, lint_options);
    FixPlan plan = plan_fixes(out.before, options);
    out.unfixed = std::move(plan.unfixed);
    out.files = files;
    out.after = out.before;
    if (plan.fixes.empty()) return out;

    OriginalFindings original(out.before.sources);
    std::map<FindingKey, size_t> kept_findings = original.of(out.before, {});
    std::vector<const Fix*> kept;
    const auto attempt = [&](const std::vector<const Fix*>& fixes, std::string* why) {
        const EditsByFile edits = edits_of(fixes);
        std::vector<SourceFile> fixed = apply_to(files, edits);
        LintResult result = lint_sources(fixed, lint_options);
        auto findings = original.of(result, edits);
        std::vector<const Fix*> tried(fixes.begin() + static_cast<long>(kept.size()), fixes.end());
        if (auto reason = rejection(out.after, kept_findings, result, findings, tried)) {
            *why = std::move(*reason);
            return false;
        }
        kept = fixes;
        kept_findings = std::move(findings);
        out.files = std::move(fixed);
        out.after = std::move(result);
        return true;
    };
    // Every fix at once first: usually all are sound and one re-lint suffices. If the batch
    // fails, one fix at a time in plan order, each on top of those already kept, so that one bad
    // fix costs only itself.
    std::vector<const Fix*> all;
    for (const auto& f : plan.fixes) all.push_back(&f);
    std::string why;
    if (!attempt(all, &why)) {
        for (const Fix& fix : plan.fixes) {
            std::vector<const Fix*> trial = kept;
            trial.push_back(&fix);
            if (plan.fixes.size() > 1 && attempt(trial, &why)) continue;
            for (const auto& t : fix.targets) out.unfixed.push_back({t, fmt::format("{} ({})", why, fix.description)});
        }
    }
    for (const Fix* f : kept) out.applied.push_back(*f);
    return out;
}

SourceLocation location_after_fixes(const FixOutcome& outcome, const SourceLocation& loc) {
    const auto original = outcome.before.sources.find(loc.file);
    const auto fixed = outcome.after.sources.find(loc.file);
    if (original == outcome.before.sources.end() || fixed == outcome.after.sources.end() || loc.line == 0) return loc;
    std::vector<const Fix*> fixes;
    for (const auto& f : outcome.applied) fixes.push_back(&f);
    const auto edits = edits_of(fixes);
    const auto file_edits = edits.find(loc.file);
    const auto offset = LineIndex(original->second).offset(loc.line, loc.column);
    if (file_edits == edits.end() || !offset) return loc;
    long delta = 0;  // bytes the edits before the position added
    size_t moved = *offset;
    for (const auto& e : file_edits->second) {
        if (*offset < e.begin) break;
        if (*offset < e.end) {
            moved = e.begin;
            break;
        }
        delta += static_cast<long>(e.replacement.size()) - static_cast<long>(e.end - e.begin);
    }
    SourceLocation out = loc;
    const auto [line, column] = LineIndex(fixed->second).position(static_cast<size_t>(static_cast<long>(moved) + delta));
    out.line = line;
    out.column = column;
    out.end_line = out.end_column = 0;
    return out;
}

}  // namespace rulekit::lint::fix
