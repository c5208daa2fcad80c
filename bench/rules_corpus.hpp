// Collects the `condition:` and `output:` strings of every rules file under a directory, for
// the benchmark (bench/) and the fuzzers' seed corpus (fuzz/). Files that are not valid YAML
// (the corpus keeps a few deliberately broken ones) are skipped.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rulekit::corpus {

// $RULEKIT_SHARED_DIR, else `fallback` (normally <source>/../shared); nullopt when it has no corpus.
inline std::optional<std::filesystem::path> shared_dir(const std::filesystem::path& fallback) {
    std::filesystem::path dir = fallback;
    if (const char* env = std::getenv("RULEKIT_SHARED_DIR")) dir = env;
    if (std::filesystem::is_directory(dir / "corpus/rules")) return dir;
    return std::nullopt;
}

// Every *.yaml / *.yml below `root`, sorted so that runs are reproducible.
inline std::vector<std::filesystem::path> rules_files(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> files;
    if (!std::filesystem::is_directory(root)) return files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// The scalar values of `key` in the top-level items of every YAML document of `file`.
inline std::vector<std::string> item_strings(const std::filesystem::path& file, const std::string& key) {
    std::vector<std::string> out;
    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAllFromFile(file.string());
    } catch (const YAML::Exception&) {
        return out;
    }
    for (const auto& doc : documents) {
        if (!doc.IsSequence()) continue;
        for (const auto& item : doc) {
            if (!item.IsMap()) continue;
            const YAML::Node value = item[key];
            if (value && value.IsScalar()) out.push_back(value.Scalar());
        }
    }
    return out;
}

inline std::vector<std::string> collect(const std::vector<std::filesystem::path>& roots, const std::string& key) {
    std::vector<std::string> out;
    for (const auto& root : roots) {
        for (const auto& file : rules_files(root)) {
            auto strings = item_strings(file, key);
            out.insert(out.end(), std::make_move_iterator(strings.begin()), std::make_move_iterator(strings.end()));
        }
    }
    return out;
}

}  // namespace rulekit::corpus
