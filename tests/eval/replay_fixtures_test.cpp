// `rulekit eval` end to end on the cases of tests/fixtures/eval/replay/<case>/, run from the
// repository root. A case is data:
//   case.json      {"rules": [...], "tuning": [...], "alerts": [...], "stdin": "file", "exit": 0}
//                  paths relative to the repository root, or "shared:corpus/..." for a file of
//                  ../shared (the case then skips without it); "stdin" feeds that file to `-`.
//   expected.jsonl the exact `--format json` output, every verdict checked by hand
//   expected.txt   (optional) the exact `--format text` output
//   expected.err   (optional) the exact standard error (skipped lines, load warnings)
// In what rulekit prints, the shared directory reads "shared:" again, so the expected files do
// not depend on where ../shared is.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support.hpp"

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kShared = "shared:";

struct Run {
    int exit_code = -1;
    std::string out, err;
};

std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

bool needs_shared(const nlohmann::json& c) {
    for (const char* key : {"rules", "tuning", "alerts"}) {
        for (const auto& p : c.value(key, nlohmann::json::array())) {
            if (p.get<std::string>().starts_with(kShared)) return true;
        }
    }
    return false;
}

std::string resolve(const std::string& path, const fs::path& shared) {
    if (!path.starts_with(kShared)) return path;
    return (shared / path.substr(kShared.size())).string();
}

std::string unshare(std::string text, const fs::path& shared) {
    if (shared.empty()) return text;
    const std::string prefix = shared.string() + "/";
    for (size_t at; (at = text.find(prefix)) != std::string::npos;) {
        text.replace(at, prefix.size(), kShared);
    }
    return text;
}

Run run_case(const nlohmann::json& c, const std::string& format, const fs::path& shared) {
    std::string args = "eval --format " + format;
    for (const char* key : {"rules", "tuning"}) {
        for (const auto& p : c.value(key, nlohmann::json::array())) args += std::string(" --") + key + " " + quoted(resolve(p, shared));
    }
    args += " --";
    for (const auto& p : c.value("alerts", nlohmann::json::array())) args += " " + quoted(resolve(p, shared));
    const std::string stdin_file = c.contains("stdin") ? resolve(c["stdin"], shared) : "/dev/null";

    const auto tmp = fs::temp_directory_path() / ("rulekit_replay_test." + std::to_string(getpid()));
    const std::string out_file = tmp.string() + ".out", err_file = tmp.string() + ".err";
    const std::string command = "cd " + quoted(rulekit::test::source_dir().string()) + " && " + quoted(RULEKIT_BINARY) + " " +
                                args + " <" + quoted(stdin_file) + " >" + quoted(out_file) + " 2>" + quoted(err_file);
    const int status = std::system(command.c_str());
    Run r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = unshare(rulekit::test::read_file(out_file), shared);
    r.err = unshare(rulekit::test::read_file(err_file), shared);
    fs::remove(out_file);
    fs::remove(err_file);
    INFO("rulekit " << args);
    return r;
}

void check_case(const fs::path& dir, const fs::path& shared) {
    const auto c = nlohmann::json::parse(rulekit::test::read_file(dir / "case.json"));
    const int exit_code = c.value("exit", 0);
    INFO("case " << dir.filename().string());
    {
        const Run r = run_case(c, "json", shared);
        INFO("stderr:\n" << r.err);
        CHECK(r.exit_code == exit_code);
        CHECK(r.out == rulekit::test::read_file(dir / "expected.jsonl"));
        if (fs::exists(dir / "expected.err")) CHECK(r.err == rulekit::test::read_file(dir / "expected.err"));
    }
    if (fs::exists(dir / "expected.txt")) {
        const Run r = run_case(c, "text", shared);
        CHECK(r.exit_code == exit_code);
        CHECK(r.out == rulekit::test::read_file(dir / "expected.txt"));
        if (fs::exists(dir / "expected.err")) CHECK(r.err == rulekit::test::read_file(dir / "expected.err"));
    }
}

std::vector<fs::path> case_dirs(bool with_shared) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(rulekit::test::source_dir() / "tests/fixtures/eval/replay")) {
        if (!e.is_directory() || !fs::exists(e.path() / "case.json")) continue;
        const auto c = nlohmann::json::parse(rulekit::test::read_file(e.path() / "case.json"));
        if (needs_shared(c) == with_shared) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("rulekit eval replay fixtures on project files (fixtures/eval/replay)", "[eval][replay]") {
    const auto dirs = case_dirs(false);
    for (const auto& dir : dirs) check_case(dir, {});
    CHECK(dirs.size() >= 1);
}

TEST_CASE("rulekit eval replay fixtures on the shared corpus (fixtures/eval/replay)", "[eval][replay][corpus]") {
    RULEKIT_REQUIRE_SHARED(shared);
    const auto dirs = case_dirs(true);
    for (const auto& dir : dirs) check_case(dir, fs::canonical(shared));
    CHECK(dirs.size() >= 5);
}
