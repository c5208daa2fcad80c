// The rulekit executable end to end: exit codes 0/1/2 and what it prints, driven from
// tests/fixtures/cli/cases.jsonl (one invocation per line, run from the repository root).
// "{tmp}" in args stands for a fresh empty directory; "files" ({name: text it contains}) then
// lists everything the run must leave in it, so a stray temporary file fails the case.
// "cwd" (relative to the repository root) runs it elsewhere, e.g. inside a project with a
// .rulekit.yaml; "stdout_lacks" is text that must not appear. "write" ({name: parts}) puts
// files into {tmp} before the run, each the concatenation of its parts: a string, or
// {"repeat": text, "times": n} for inputs too large to commit. "stdout_to" sends standard
// output to that path (e.g. /dev/full) instead of capturing it. "stdout_file" names a golden
// file (relative to the repository root) that standard output must equal, byte for byte.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <set>

#include "support.hpp"

namespace {

struct Run {
    int exit_code = -1;
    std::string out, err;
};

// stdout_to: where standard output goes; empty: a file read back into Run::out.
Run run(const std::string& args, const std::string& cwd, const std::string& stdout_to) {
    const auto dir = std::filesystem::temp_directory_path();
    const std::string out_file = (dir / ("rulekit_cli_test." + std::to_string(getpid()) + ".out")).string(),
                      err_file = (dir / ("rulekit_cli_test." + std::to_string(getpid()) + ".err")).string();
    std::filesystem::remove(out_file);
    const std::string command = "cd '" + (rulekit::test::source_dir() / cwd).string() + "' && '" + RULEKIT_BINARY + "' " + args +
                                " >'" + (stdout_to.empty() ? out_file : stdout_to) + "' 2>'" + err_file + "' </dev/null";
    const int status = std::system(command.c_str());
    Run r;
    // A crash (SIGSEGV) or a kill is never an expected exit status.
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (WIFSIGNALED(status)) r.err += "killed by signal " + std::to_string(WTERMSIG(status)) + "\n";
    r.out = rulekit::test::read_file(out_file);
    r.err += rulekit::test::read_file(err_file);
    return r;
}

// The text of a "write" entry: its parts, a string each or {"repeat": text, "times": n}.
std::string file_text(const nlohmann::json& parts) {
    std::string text;
    for (const auto& part : parts) {
        if (part.is_string()) {
            text += part.get<std::string>();
            continue;
        }
        const std::string unit = part.at("repeat");
        for (size_t n = part.at("times").get<size_t>(); n > 0; --n) text += unit;
    }
    return text;
}

}  // namespace

TEST_CASE("rulekit CLI invocations (fixtures/cli/cases.jsonl)", "[cli]") {
    const auto cases = rulekit::test::read_jsonl("tests/fixtures/cli/cases.jsonl");
    for (const auto& [line_no, line, c] : cases) {
        const auto tmp = std::filesystem::temp_directory_path() / ("rulekit_cli_test." + std::to_string(getpid()));
        std::filesystem::remove_all(tmp);
        std::filesystem::create_directory(tmp);
        std::set<std::string> written;
        const nlohmann::json files_to_write = c.value("write", nlohmann::json::object());
        for (const auto& [name, parts] : files_to_write.items()) {
            std::ofstream(tmp / name, std::ios::binary) << file_text(parts);
            written.insert(name);
        }
        std::string args = c["args"];
        for (size_t at; (at = args.find("{tmp}")) != std::string::npos;) args.replace(at, 5, tmp.string());
        const Run r = run(args, c.value("cwd", std::string(".")), c.value("stdout_to", std::string()));
        INFO("rulekit " << args << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
        CHECK(r.exit_code == c["exit"].get<int>());
        if (c.contains("stdout_contains")) CHECK(r.out.find(c["stdout_contains"].get<std::string>()) != std::string::npos);
        if (c.contains("stdout_file")) {
            const std::string golden = c["stdout_file"];
            INFO("golden file " << golden);
            CHECK(r.out == rulekit::test::read_file(rulekit::test::source_dir() / golden));
        }
        if (c.contains("stdout_lacks")) CHECK(r.out.find(c["stdout_lacks"].get<std::string>()) == std::string::npos);
        if (c.contains("stderr_contains")) CHECK(r.err.find(c["stderr_contains"].get<std::string>()) != std::string::npos);
        if (c.contains("files")) {
            std::set<std::string> expected = written, left;
            for (const auto& [name, text] : c["files"].items()) {
                expected.insert(name);
                CHECK(rulekit::test::read_file(tmp / name).find(text.get<std::string>()) != std::string::npos);
            }
            for (const auto& entry : std::filesystem::directory_iterator(tmp)) left.insert(entry.path().filename().string());
            CHECK(left == expected);
        }
        std::filesystem::remove_all(tmp);
    }
    CHECK(cases.size() >= 10);
}
