// `rulekit parse [-z] [--json] [FILE|-]`: check condition strings, one per line (or
// NUL-separated with -z), printing the canonical form or Falco's error for each.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/standard_output.hpp"
#include "grammar/condition.hpp"
#include "grammar/printer.hpp"

namespace rulekit::cli {

namespace {

struct ParseCommandOptions {
    bool nul_separated = false;
    bool json = false;
    std::string input = "-";
};

std::vector<std::string> split_conditions(const std::string& data, char separator) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < data.size()) {
        size_t end = data.find(separator, start);
        if (end == std::string::npos) end = data.size();
        std::string item = data.substr(start, end - start);
        if (separator == '\n' && !item.empty() && item.back() == '\r') item.pop_back();
        out.push_back(std::move(item));
        start = end + 1;
    }
    return out;
}

int run_parse(const ParseCommandOptions& opts) {
    std::string data;
    if (opts.input == "-") {
        data.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
        std::ifstream file(opts.input, std::ios::binary);
        if (!file) {
            std::cerr << fmt::format("rulekit parse: cannot read '{}'\n", opts.input);
            return kExitUsage;
        }
        data.assign(std::istreambuf_iterator<char>(file), {});
        if (file.bad()) {
            std::cerr << fmt::format("rulekit parse: error reading '{}'\n", opts.input);
            return kExitUsage;
        }
    }

    bool all_ok = true;
    std::string out;
    for (const auto& condition : split_conditions(data, opts.nul_separated ? '\0' : '\n')) {
        auto result = grammar::parse_condition(condition);
        all_ok = all_ok && result.ok();
        if (opts.json) {
            nlohmann::ordered_json j;
            j["ok"] = result.ok();
            if (result.ok()) {
                j["canonical"] = grammar::print(*result.expr);
            } else {
                j["line"] = result.error->pos.line;
                j["column"] = result.error->pos.column;
                j["offset"] = result.error->pos.offset;
                j["message"] = result.error->message;
            }
            out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            out += '\n';
        } else if (result.ok()) {
            out += fmt::format("ok\t{}\n", grammar::print(*result.expr));
        } else {
            out += fmt::format("error\t{}:{}\t{}\n", result.error->pos.line, result.error->pos.column,
                               result.error->message);
        }
    }
    print_to_stdout(out);
    return all_ok ? kExitClean : kExitFindings;
}

}  // namespace

Runner add_parse_command(CLI::App& app) {
    auto opts = std::make_shared<ParseCommandOptions>();
    auto* cmd = app.add_subcommand("parse", "Parse Falco condition strings and print their canonical form");
    cmd->add_flag("-z,--null", opts->nul_separated, "Conditions are NUL-separated (multi-line conditions)");
    cmd->add_flag("--json", opts->json, "Print one JSON object per condition");
    cmd->add_option("input", opts->input, "File with one condition per line, or - for stdin")
        ->default_val("-");
    cmd->footer(
        "Output, one line per condition in input order:\n"
        "  ok<TAB><canonical form>   or   error<TAB><line>:<col><TAB><message>\n"
        "Exit status: 0 all parse, 1 some do not, 2 usage or I/O error.");
    return [opts] { return run_parse(*opts); };
}

}  // namespace rulekit::cli
