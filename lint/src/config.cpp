#include "lint/config.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <fstream>
#include <sstream>

#include "grammar/edit_distance.hpp"
#include "lint/check_registry.hpp"

namespace rulekit::lint {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kKeys[] = {"checks", "fail-on", "fields", "plugins", "rule-sets", "target-falco"};

class ConfigReader {
public:
    ConfigReader(std::string display_name, fs::path base_dir)
        : name_(std::move(display_name)), base_(std::move(base_dir)) {}

    Config read(const std::string& text) {
        YAML::Node root;
        try {
            root = YAML::Load(text);
        } catch (const YAML::ParserException& e) {
            throw ConfigError(fmt::format("{}:{}:{}: invalid YAML: {}", name_, e.mark.line + 1, e.mark.column + 1, e.msg));
        }
        Config config;
        if (root.IsNull()) return config;
        if (!root.IsMap()) fail(root, "the config must be a mapping of keys (checks, fail-on, rule-sets, ...)");
        for (auto it = root.begin(); it != root.end(); ++it) {
            const std::string key = scalar(it->first, "a key");
            const YAML::Node& value = it->second;
            if (key == "checks") read_checks(value, config);
            else if (key == "fail-on") config.fail_on = level(value, /*allow_off=*/false);
            else if (key == "fields") config.field_files = paths(value, "fields");
            else if (key == "plugins") config.plugins = strings(value, "plugins");
            else if (key == "rule-sets") read_rule_sets(value, config);
            else if (key == "target-falco") {
                const std::string v = scalar(value, "a Falco version");
                if (!parse_falco_version(v)) fail(value, fmt::format("'{}' is not a Falco version (e.g. \"0.39.0\")", v));
                config.target_falco = v;
            } else {
                std::vector<std::string_view> keys(std::begin(kKeys), std::end(kKeys));
                std::string message = fmt::format("unknown key '{}'", key);
                if (auto near = grammar::nearest_name(key, keys, 4)) message += fmt::format(" (did you mean '{}'?)", *near);
                else message += fmt::format(" (known keys: {})", fmt::join(keys, ", "));
                fail(it->first, message);
            }
        }
        return config;
    }

private:
    [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const {
        const YAML::Mark m = at.Mark();
        throw ConfigError(fmt::format("{}:{}:{}: {}", name_, m.line + 1, m.column + 1, message));
    }

    std::string scalar(const YAML::Node& n, std::string_view what) const {
        if (!n.IsScalar()) fail(n, fmt::format("expected {} here", what));
        return n.Scalar();
    }

    std::vector<std::string> strings(const YAML::Node& n, std::string_view key) const {
        std::vector<std::string> out;
        if (n.IsScalar()) return {n.Scalar()};
        if (!n.IsSequence()) fail(n, fmt::format("'{}' takes a list of strings", key));
        for (const auto& item : n) out.push_back(scalar(item, "a string"));
        return out;
    }

    std::vector<fs::path> paths(const YAML::Node& n, std::string_view key) const {
        std::vector<fs::path> out;
        for (const auto& s : strings(n, key)) {
            if (s.empty()) fail(n, fmt::format("'{}' holds an empty path", key));
            fs::path p(s);
            if (p.is_relative()) p = base_ / p;
            std::error_code ec;
            fs::path shown = fs::proximate(p.lexically_normal(), ec);
            out.push_back(ec ? p.lexically_normal() : shown);
        }
        return out;
    }

    std::optional<Severity> level(const YAML::Node& n, bool allow_off) const {
        const std::string v = scalar(n, "a level");
        if (auto severity = parse_level(v)) return severity;
        if (allow_off && v == "off") return std::nullopt;
        fail(n, fmt::format("'{}' is not a level; use {}", v, allow_off ? "off, info, warning or error" : "error, warning or info"));
    }

    void read_checks(const YAML::Node& n, Config& config) const {
        if (!n.IsMap()) fail(n, "'checks' takes a mapping of check -> off|info|warning|error");
        std::vector<std::string_view> slugs;
        for (const CheckInfo* c : all_checks()) slugs.push_back(c->slug);
        for (auto it = n.begin(); it != n.end(); ++it) {
            const std::string slug = scalar(it->first, "a check name");
            if (!find_check(slug)) {
                std::string message = fmt::format("unknown check '{}'", slug);
                if (auto near = grammar::nearest_name(slug, slugs, 4)) message += fmt::format(" (did you mean '{}'?)", *near);
                else message += " (`rulekit checks` lists them)";
                fail(it->first, message);
            }
            config.check_levels[slug] = level(it->second, /*allow_off=*/true);
        }
    }

    void read_rule_sets(const YAML::Node& n, Config& config) const {
        if (!n.IsMap()) fail(n, "'rule-sets' takes a mapping of name -> list of files and directories");
        for (auto it = n.begin(); it != n.end(); ++it) {
            RuleSet set{scalar(it->first, "a rule set name"), paths(it->second, "rule-sets")};
            if (set.paths.empty()) fail(it->second, fmt::format("rule set '{}' lists no files", set.name));
            config.rule_sets.push_back(std::move(set));
        }
    }

    std::string name_;
    fs::path base_;
};

}  // namespace

std::optional<Severity> parse_level(std::string_view name) {
    if (name == "error") return Severity::Error;
    if (name == "warning") return Severity::Warning;
    if (name == "info") return Severity::Info;
    return std::nullopt;
}

std::optional<FalcoVersion> parse_falco_version(std::string_view text) {
    FalcoVersion v;
    int* parts[] = {&v.major, &v.minor, &v.patch};
    size_t count = 0;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    while (p < end && count < 3) {
        auto [next, ec] = std::from_chars(p, end, *parts[count]);
        if (ec != std::errc() || next == p) return std::nullopt;
        ++count;
        p = next;
        if (p == end) break;
        if (*p != '.') return std::nullopt;
        ++p;
        if (p == end) return std::nullopt;
    }
    if (p != end || count < 2) return std::nullopt;
    return v;
}

std::optional<fs::path> find_config(const fs::path& start) {
    std::error_code ec;
    fs::path dir = fs::absolute(start, ec);
    if (ec) return std::nullopt;
    while (true) {
        const fs::path candidate = dir / kConfigFileName;
        if (fs::is_regular_file(candidate, ec)) return candidate;
        if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
        dir = dir.parent_path();
    }
}

Config parse_config(const std::string& display_name, const std::string& text, const fs::path& base_dir) {
    return ConfigReader(display_name, base_dir).read(text);
}

Config load_config(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("{}: cannot read the config file", file.string()));
    std::stringstream text;
    text << in.rdbuf();
    std::error_code ec;
    fs::path shown = fs::proximate(file, ec);
    Config config = parse_config(ec ? file.string() : shown.string(), text.str(), file.parent_path());
    config.file = file;
    return config;
}

}  // namespace rulekit::lint
