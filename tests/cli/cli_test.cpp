// The rulekit executable end to end: exit codes 0/1/2 and what it prints, driven from
// tests/fixtures/cli/cases.jsonl (one invocation per line, run from the repository root).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include "support.hpp"

namespace {

struct Run {
    int exit_code = -1;
    std::string out, err;
};

Run run(const std::string& args) {
    const auto dir = std::filesystem::temp_directory_path();
    const std::string out_file = (dir / "rulekit_cli_test.out").string(), err_file = (dir / "rulekit_cli_test.err").string();
    const std::string command = "cd '" + rulekit::test::source_dir().string() + "' && '" + RULEKIT_BINARY + "' " + args +
                                " >'" + out_file + "' 2>'" + err_file + "' </dev/null";
    const int status = std::system(command.c_str());
    Run r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = rulekit::test::read_file(out_file);
    r.err = rulekit::test::read_file(err_file);
    return r;
}

}  // namespace

TEST_CASE("rulekit CLI invocations (fixtures/cli/cases.jsonl)", "[cli]") {
    std::ifstream in(rulekit::test::source_dir() / "tests/fixtures/cli/cases.jsonl");
    std::string line;
    size_t count = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto c = nlohmann::json::parse(line);
        const Run r = run(c["args"]);
        INFO("rulekit " << c["args"].get<std::string>() << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
        CHECK(r.exit_code == c["exit"].get<int>());
        if (c.contains("stdout_contains")) CHECK(r.out.find(c["stdout_contains"].get<std::string>()) != std::string::npos);
        if (c.contains("stderr_contains")) CHECK(r.err.find(c["stderr_contains"].get<std::string>()) != std::string::npos);
        ++count;
    }
    CHECK(count >= 10);
}
