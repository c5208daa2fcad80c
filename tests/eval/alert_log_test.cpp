// Reading alert logs: the golden fixture (every skip reason, wrappers, typed values), gzip and
// stdin inputs, chunking and thread counts that must not change the outcome, and the shared
// corpus of real alerts checked against its provenance sidecars.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "eval/alert_log.hpp"
#include "support.hpp"

using namespace rulekit::eval;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = rulekit::test::source_dir() / "tests/fixtures/alerts";

// The golden rendering: strings, null, booleans, integers and lists as JSON; the kinds JSON
// cannot tell apart tagged with their token.
json render(const FieldValue& v) {
    switch (v.kind) {
    case ValueKind::Null: return nullptr;
    case ValueKind::String: return v.text;
    case ValueKind::Integer: return v.integer;
    case ValueKind::Unsigned: return json{{"unsigned", v.text}};
    case ValueKind::Real: return json{{"real", v.text}};
    case ValueKind::Bool: return v.boolean;
    case ValueKind::List: {
        json items = json::array();
        for (const FieldValue& item : v.items) items.push_back(render(item));
        return items;
    }
    }
    return nullptr;
}

json render(const Alert& a) {
    json fields = json::object();
    for (const auto& [key, value] : a.fields) fields[key] = render(value);
    return {{"line", a.line},         {"rule", a.rule},     {"priority", a.priority}, {"source", a.source},
            {"hostname", a.hostname}, {"time", a.time},     {"output", a.output},     {"tags", a.tags},
            {"fields", fields}};
}

json render(const SkipStats& s) {
    json skipped = json::object();
    for (size_t r = 0; r < skip_reason_count; ++r) {
        const auto reason = static_cast<SkipReason>(r);
        if (s.count(reason) == 0) continue;
        json lines = json::array();
        for (const LinePosition& p : s.first(reason)) lines.push_back(p.line);
        skipped[std::string(skip_reason_name(reason))] = {{"count", s.count(reason)}, {"first_lines", lines}};
    }
    return {{"lines", s.lines}, {"alerts", s.alerts}, {"skipped", skipped}};
}

struct Outcome {
    std::vector<json> alerts;
    SkipStats skips;
};

Outcome read_all(const std::vector<std::string>& inputs, AlertReadOptions options = {}) {
    Outcome o;
    o.skips = read_alerts(inputs, [&](Alert&& a) { o.alerts.push_back(render(a)); }, options);
    return o;
}

std::vector<json> expected_lines(const std::string& name) {
    std::vector<json> lines;
    for (const auto& c : rulekit::test::read_jsonl(fs::path("tests/fixtures/alerts") / name)) lines.push_back(c.json);
    return lines;
}

void check_against_golden(const Outcome& got, const std::string& expected_name) {
    const std::vector<json> expected = expected_lines(expected_name);
    REQUIRE(!expected.empty());
    REQUIRE(got.alerts.size() == expected.size() - 1);
    for (size_t i = 0; i < got.alerts.size(); ++i) {
        INFO("alert " << i);
        CHECK(got.alerts[i].dump() == expected[i].dump());
    }
    CHECK(render(got.skips).dump() == expected.back().dump());
}

// A scratch directory removed at the end of the test case.
struct ScratchDir {
    fs::path path;
    ScratchDir() {
        static std::atomic<int> counter{0};
        path = fs::temp_directory_path() /
               ("rulekit-alerts-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(path);
    }
    ~ScratchDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

void write_gzip(const fs::path& to, const std::string& bytes) {
    gzFile out = gzopen(to.c_str(), "wb");
    REQUIRE(out != nullptr);
    REQUIRE(gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size()));
    REQUIRE(gzclose(out) == Z_OK);
}

void write_file(const fs::path& to, const std::string& bytes) {
    std::ofstream out(to, std::ios::binary);
    out << bytes;
}

}  // namespace

TEST_CASE("an alert log with junk lines, wrappers and typed values reads as the golden file says") {
    const Outcome got = read_all({(fixtures / "mixed.jsonl").string()});
    check_against_golden(got, "mixed.expected.jsonl");
    REQUIRE(!got.skips.first(SkipReason::FalcoLog).empty());
    CHECK(got.skips.first(SkipReason::FalcoLog).front().input == (fixtures / "mixed.jsonl").string());
}

TEST_CASE("thread counts and chunk sizes do not change what is read") {
    const std::vector<std::string> inputs = {(fixtures / "mixed.jsonl").string(), (fixtures / "mixed.jsonl").string()};
    AlertReadOptions reference_options;
    reference_options.jobs = 1;
    const Outcome reference = read_all(inputs, reference_options);
    REQUIRE(reference.alerts.size() == 26);
    for (unsigned jobs : {1u, 2u, 4u}) {
        for (size_t chunk_bytes : {size_t{1}, size_t{64}, size_t{1000}, size_t{1} << 20}) {
            INFO("jobs " << jobs << ", chunk bytes " << chunk_bytes);
            AlertReadOptions options;
            options.jobs = jobs;
            options.chunking.chunk_bytes = chunk_bytes;
            const Outcome got = read_all(inputs, options);
            CHECK(got.alerts == reference.alerts);
            CHECK(got.skips == reference.skips);
        }
    }
}

TEST_CASE("chunk results reach the consumer in chunk order whatever the thread count") {
    const std::vector<std::string> inputs = {(fixtures / "mixed.jsonl").string()};
    auto run = [&](unsigned jobs) {
        AlertReadOptions options;
        options.jobs = jobs;
        options.chunking.chunk_bytes = 64;
        std::vector<std::tuple<uint64_t, uint64_t, std::vector<std::string>>> seen;
        const SkipStats skips = read_alert_chunks(
            inputs, options,
            [](AlertChunk& chunk) {
                std::vector<std::string> rules;
                chunk.for_each_alert([&](const AlertView& a) {
                    // Catch2 asserts on the calling thread only: the list is described here and
                    // checked below.
                    if (const ValueView* aname = a.find("proc.aname"); aname && aname->kind == ValueKind::List) {
                        std::string items = "proc.aname=";
                        for (const ValueView& item : a.items(*aname)) {
                            items += item.kind == ValueKind::Null ? "null," : std::string(item.text) + ",";
                        }
                        rules.push_back(items + (a.find("proc.name") ? "with proc.name" : "without proc.name"));
                    }
                    std::string keys;
                    for (const FieldView& f : a.fields) keys += std::string(f.key) + ",";
                    rules.push_back(std::string(a.rule) + "@" + std::to_string(a.line) + ":" + keys);
                });
                return std::tuple(chunk.sequence(), chunk.first_line(), rules);
            },
            [&](std::tuple<uint64_t, uint64_t, std::vector<std::string>>&& result) { seen.push_back(std::move(result)); });
        return std::pair(seen, skips);
    };
    const auto one = run(1);
    for (size_t i = 0; i < one.first.size(); ++i) CHECK(std::get<0>(one.first[i]) == i);
    size_t lists = 0;
    for (const auto& [sequence, first_line, rules] : one.first) {
        for (const std::string& r : rules) {
            if (r.starts_with("proc.aname=")) {
                CHECK(r == "proc.aname=bash,sshd,null,without proc.name");
                ++lists;
            }
        }
    }
    CHECK(lists == 1);
    CHECK(run(2) == one);
    CHECK(run(4) == one);
}

TEST_CASE("a per-chunk function that reads nothing still has every line counted") {
    AlertReadOptions options;
    options.jobs = 2;
    options.chunking.chunk_bytes = 200;
    const SkipStats skips = read_alert_chunks(
        {(fixtures / "mixed.jsonl").string()}, options, [](AlertChunk&) { return 0; }, [](int) {});
    CHECK(skips.lines == 27);
    CHECK(skips.alerts == 13);
}

TEST_CASE("gzip inputs are recognised by their magic bytes and read like the plain file") {
    ScratchDir dir;
    const std::string bytes = rulekit::test::read_file(fixtures / "mixed.jsonl");
    const fs::path gz = dir.path / "mixed.jsonl.gz";
    const fs::path disguised = dir.path / "mixed-without-extension.jsonl";
    write_gzip(gz, bytes);
    fs::copy_file(gz, disguised);
    for (const fs::path& p : {gz, disguised}) {
        INFO(p);
        const Outcome got = read_all({p.string()});
        check_against_golden(got, "mixed.expected.jsonl");
        REQUIRE(!got.skips.first(SkipReason::Blank).empty());
        CHECK(got.skips.first(SkipReason::Blank).front().input == p.string());
    }

    SECTION("concatenated gzip members read as one stream, as gzip -d does") {
        const size_t half = bytes.find('\n', bytes.size() / 2) + 1;
        write_gzip(dir.path / "first.gz", bytes.substr(0, half));
        write_gzip(dir.path / "second.gz", bytes.substr(half));
        const fs::path both = dir.path / "both.gz";
        write_file(both, rulekit::test::read_file(dir.path / "first.gz") + rulekit::test::read_file(dir.path / "second.gz"));
        check_against_golden(read_all({both.string()}), "mixed.expected.jsonl");
    }
}

TEST_CASE("a corrupt or truncated gzip stream is an input error naming the file") {
    ScratchDir dir;
    const std::string bytes = rulekit::test::read_file(fixtures / "mixed.jsonl");
    write_gzip(dir.path / "good.gz", bytes);
    const std::string compressed = rulekit::test::read_file(dir.path / "good.gz");

    const fs::path truncated = dir.path / "truncated.gz";
    write_file(truncated, compressed.substr(0, compressed.size() / 2));
    const fs::path corrupt = dir.path / "corrupt.gz";
    std::string damaged = compressed;
    for (size_t i = 20; i < 60 && i < damaged.size(); ++i) damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
    write_file(corrupt, damaged);
    const fs::path trailing = dir.path / "trailing.gz";
    write_file(trailing, compressed + "not gzip");

    for (const fs::path& p : {truncated, corrupt, trailing}) {
        for (unsigned jobs : {1u, 3u}) {
            INFO(p << " jobs " << jobs);
            AlertReadOptions options;
            options.jobs = jobs;
            try {
                read_all({p.string()}, options);
                FAIL("no error");
            } catch (const AlertInputError& e) {
                CHECK(e.input() == p.string());
                CHECK_THAT(e.reason(), Catch::Contains("gzip"));
            }
        }
    }
}

TEST_CASE("an input that cannot be opened is an error after the inputs before it were consumed") {
    const std::string missing = (fixtures / "no-such-file.jsonl").string();
    for (unsigned jobs : {1u, 2u}) {
        AlertReadOptions options;
        options.jobs = jobs;
        options.chunking.chunk_bytes = 100;
        size_t seen = 0;
        try {
            read_alerts({(fixtures / "mixed.jsonl").string(), missing}, [&](Alert&&) { ++seen; }, options);
            FAIL("no error");
        } catch (const AlertInputError& e) {
            CHECK(e.input() == missing);
            CHECK_THAT(e.what(), Catch::Contains("no-such-file.jsonl: cannot open: No such file or directory"));
        }
        CHECK(seen == 13);
    }
    CHECK_THROWS_AS(read_all({fixtures.string()}), AlertInputError);  // a directory
}

namespace {
// Reads `-` with standard input taken from `file`.
Outcome read_stdin_from(const fs::path& file) {
    const int saved = ::dup(STDIN_FILENO);
    const int fd = ::open(file.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    ::dup2(fd, STDIN_FILENO);
    ::close(fd);
    Outcome got;
    try {
        got = read_all({"-"});
    } catch (...) {
        ::dup2(saved, STDIN_FILENO);
        ::close(saved);
        throw;
    }
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    return got;
}
}  // namespace

TEST_CASE("`-` reads standard input, plain or gzip") {
    ScratchDir dir;
    write_gzip(dir.path / "mixed.gz", rulekit::test::read_file(fixtures / "mixed.jsonl"));
    for (const fs::path& file : {fixtures / "mixed.jsonl", dir.path / "mixed.gz"}) {
        INFO(file);
        const Outcome got = read_stdin_from(file);
        check_against_golden(got, "mixed.expected.jsonl");
        CHECK(got.skips.first(SkipReason::Blank).front().input == "<stdin>");
    }
}

TEST_CASE("single lines: the reason a line is skipped") {
    struct Case {
        std::string line;
        SkipReason reason;
    };
    const std::vector<Case> cases = {
        {"", SkipReason::Blank},
        {" \r", SkipReason::Blank},
        {"Wed Mar 13 10:00:00 2024: Falco initialized with configuration files:", SkipReason::FalcoLog},
        {"2024-03-13T10:00:00+0000: Loaded event sources: syscall", SkipReason::FalcoLog},
        {"10:00:00.000000001: Informational Container started (id=abc)", SkipReason::FalcoText},
        {"hello world", SkipReason::NotJson},
        {"nothing", SkipReason::NotJson},
        {"true story", SkipReason::NotJson},
        {"2024", SkipReason::NotObject},
        {"\"text\"", SkipReason::NotObject},
        {"false", SkipReason::NotObject},
        {"{\"rule\":\"x\",\"output_fields\":{\"a\":[1,2}}", SkipReason::InvalidJson},
        {"{\"rule\":\"x\",\"output_fields\":{\"a\":1}", SkipReason::InvalidJson},
        {"[1,2", SkipReason::InvalidJson},
        {"null", SkipReason::NotObject},
        {"{}", SkipReason::NotAlert},
        {"{\"rule\":7,\"output_fields\":{}}", SkipReason::NotAlert},
        {"{\"_source\":{\"rule\":\"x\"}}", SkipReason::NotAlert},
        {"{\"event\":{\"event\":{\"event\":{\"rule\":\"x\",\"output_fields\":{}}}}}", SkipReason::NotAlert},
        {"prefix {\"rule\":\"x\",\"output_fields\":{} oops", SkipReason::NotJson},
    };
    for (const Case& c : cases) {
        INFO(c.line);
        SkipReason why = SkipReason::TooLong;
        CHECK(!parse_alert_line(c.line, &why));
        CHECK(skip_reason_name(why) == skip_reason_name(c.reason));
    }
    const auto alert = parse_alert_line("\xEF\xBB\xBF{\"rule\":\"r\",\"output_fields\":{\"a\":1,\"a\":2}}");
    REQUIRE(alert);
    CHECK(alert->source == "syscall");
    REQUIRE(alert->fields.find("a"));
    CHECK(alert->fields.find("a")->integer == 2);
    CHECK(parse_alert_line("{\"event\":{\"event\":{\"rule\":\"x\",\"output_fields\":{}}}}"));

    AlertLineParser parser;
    SkipReason why;
    const AlertView* old_falco = parser.parse(R"({"rule":"r","output_fields":{}})", why);
    REQUIRE(old_falco);
    CHECK(old_falco->source == "syscall");
    CHECK(!old_falco->source_given);
    const AlertView* plugin = parser.parse(R"({"rule":"r","source":"k8s_audit","output_fields":{}})", why);
    REQUIRE(plugin);
    CHECK(plugin->source == "k8s_audit");
    CHECK(plugin->source_given);
}

TEST_CASE("chunks of very short lines are numbered and read like any others") {
    // The chunker keeps where lines end only while they average 16 bytes or more; below that the
    // parser finds them itself. Both ways must give the same lines.
    ScratchDir dir;
    const std::string alert = "{\"rule\":\"r\",\"output_fields\":{\"proc.name\":\"x\"}}";
    std::string bytes;
    for (int i = 0; i < 3000; ++i) bytes += (i % 1000 == 999) ? alert + "\n" : std::string(i % 3 == 0 ? "x\n" : "\n");
    bytes += alert;  // a last line without its newline
    write_file(dir.path / "short.jsonl", bytes);
    for (size_t chunk : {size_t{64}, size_t{4096}, size_t{1} << 20}) {
        AlertReadOptions options;
        options.jobs = 2;
        options.chunking.chunk_bytes = chunk;
        INFO("chunk bytes " << chunk);
        const Outcome got = read_all({(dir.path / "short.jsonl").string()}, options);
        REQUIRE(got.alerts.size() == 4);
        CHECK(got.alerts[0]["line"] == 1000);
        CHECK(got.alerts[2]["line"] == 3000);
        CHECK(got.alerts[3]["line"] == 3001);
        CHECK(got.skips.lines == 3001);
        CHECK(got.skips.count(SkipReason::Blank) == 2000 - 2);
    }
}

TEST_CASE("a line longer than the limit is skipped without holding it whole, and reading goes on") {
    ScratchDir dir;
    const std::string alert =
        "{\"rule\":\"after\",\"output_fields\":{\"proc.name\":\"x\"},\"priority\":\"Notice\",\"source\":\"syscall\"}";
    const std::string huge = "{\"rule\":\"huge\",\"output_fields\":{\"x\":\"" + std::string(300000, 'a') + "\"}}";
    write_file(dir.path / "long.jsonl", alert + "\n" + huge + "\n" + alert + "\n" + std::string(5000, 'b'));
    for (unsigned jobs : {1u, 2u}) {
        AlertReadOptions options;
        options.jobs = jobs;
        options.chunking.chunk_bytes = 256;
        options.chunking.max_line_bytes = 4096;
        const Outcome got = read_all({(dir.path / "long.jsonl").string()}, options);
        REQUIRE(got.alerts.size() == 2);
        CHECK(got.alerts[1]["line"] == 3);
        CHECK(got.skips.count(SkipReason::TooLong) == 2);
        CHECK(got.skips.first(SkipReason::TooLong)[0].line == 2);
        CHECK(got.skips.first(SkipReason::TooLong)[1].line == 4);

        options.chunking.max_line_bytes = size_t{1} << 20;  // long lines that fit the limit are read
        const Outcome whole = read_all({(dir.path / "long.jsonl").string()}, options);
        CHECK(whole.alerts.size() == 3);
        CHECK(whole.skips.count(SkipReason::NotJson) == 1);
    }
}

TEST_CASE("an alert of several megabytes is read, and the lines after it too") {
    ScratchDir dir;
    const std::string small = "{\"rule\":\"small\",\"output_fields\":{\"proc.name\":\"x\"}}";
    const std::string big = "{\"rule\":\"big\",\"output_fields\":{\"proc.cmdline\":\"" + std::string(5u << 20, 'a') + "\"}}";
    write_file(dir.path / "big.jsonl", small + "\n" + big + "\n" + small + "\n");
    std::vector<std::string> rules;
    std::vector<size_t> sizes;
    read_alerts({(dir.path / "big.jsonl").string()}, [&](Alert&& a) {
        rules.push_back(a.rule);
        sizes.push_back(a.fields.begin()->second.text.size());
    });
    CHECK(rules == std::vector<std::string>{"small", "big", "small"});
    CHECK(sizes == std::vector<size_t>{1, 5u << 20, 1});
}

TEST_CASE("skip messages say how many lines and where the first one is") {
    const Outcome got = read_all({(fixtures / "mixed.jsonl").string()});
    const std::string file = (fixtures / "mixed.jsonl").string();
    const std::vector<std::string> messages = got.skips.messages();
    REQUIRE(messages.size() == 6);
    CHECK(messages[0] == "skipped 2 lines that are blank (first at " + file + ":4)");
    CHECK(messages[3] == "skipped 2 lines of invalid or truncated JSON (first at " + file + ":8)");
    SkipStats one;
    one.add(SkipReason::NotJson, "app.log", 7);
    CHECK(one.messages() == std::vector<std::string>{"skipped 1 line that is not JSON (first at app.log:7)"});
}

TEST_CASE("the shared corpus of real alerts reads as its provenance says") {
    RULEKIT_REQUIRE_SHARED(shared);
    const fs::path dir = shared / "corpus/alerts";
    size_t files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".jsonl") continue;
        ++files;
        const fs::path sidecar = fs::path(entry.path()).replace_extension(".provenance.json");
        INFO(entry.path());
        REQUIRE(fs::exists(sidecar));
        const json provenance = json::parse(rulekit::test::read_file(sidecar));

        std::vector<Alert> alerts;
        const SkipStats skips = read_alerts({entry.path().string()}, [&](Alert&& a) { alerts.push_back(std::move(a)); });
        CHECK(skips.skipped() == 0);
        REQUIRE(alerts.size() == provenance["count"].get<size_t>());
        for (const json& line : provenance["lines"]) {
            const Alert& a = alerts.at(line["line"].get<size_t>() - 1);
            INFO("line " << line["line"]);
            CHECK(a.line == line["line"].get<uint64_t>());
            CHECK(a.rule == line["rule"].get<std::string>());
            CHECK(a.priority == line["priority"].get<std::string>());
            CHECK(a.source == (line["source"].is_null() ? "syscall" : line["source"].get<std::string>()));
            CHECK(!a.fields.empty());
        }
        // Keys as published, however odd: falcosidekick's label-sanitising test, gcpaudit's
        // README with trailing spaces.
        if (entry.path().filename() == "falcosidekick-fixtures.jsonl") {
            CHECK(alerts.at(2).fields.carries("n drops/buffer?clone{fork]enter"));
            CHECK(alerts.at(3).fields.find("n_drops")->kind == ValueKind::Integer);
            CHECK(alerts.at(4).fields.find("proc.tty")->integer == 1234);
        }
        if (entry.path().filename() == "plugins-readmes.jsonl") {
            CHECK(alerts.at(3).fields.carries("gcp.userAgent "));
            CHECK(alerts.at(3).fields.carries("json.value[/resource/labels/policy_name]"));
        }
    }
    CHECK(files >= 4);
}
