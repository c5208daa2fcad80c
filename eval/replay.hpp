// Alert replay: would a tuning have silenced these alerts, and nothing else?
//
// An alert is evidence that its rule's condition held under the rules that produced it (BASE),
// although it carries only the fields its output prints. Replay loads BASE and BASE + TUNING
// with the one loader and judges each alert by the rule's two compiled conditions: every
// top-level conjunct of BASE's condition held, so whatever TUNING leaves identical is known
// true without evaluating it; what differs is evaluated over the alert's fields with
// three-valued logic. Conditions are compared in negation normal form with `and`s flattened,
// which is how a macro extended with `or` or a list that grew still shares the parts BASE
// proved. `suppressed` and `fires` are said only when certain; otherwise `unknown`, naming the
// fields that would decide.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/alert_log.hpp"
#include "eval/condition.hpp"
#include "ruleset/loader.hpp"

namespace rulekit::eval {

enum class Verdict : uint8_t { Suppressed, Fires, Unknown };
const char* verdict_name(Verdict v);  // "suppressed", "fires", "unknown"

struct AlertVerdict {
    Verdict verdict = Verdict::Unknown;
    // What decided: the exception by name, the macro, the list, the appended condition — with
    // where the tuning wrote it.
    std::string reason;
    std::vector<std::string> missing_fields;  // for Unknown: the fields that would decide
};

// Negation normal form: `not` pushed through and/or down to the checks (De Morgan, which holds
// in Kleene's logic too), double negations removed, nested and/or of one kind flattened.
grammar::Expr negation_normal_form(const grammar::Expr& e);

class Replay {
public:
    // Both rule sets must outlive the Replay.
    Replay(const ruleset::RuleSet& base, const ruleset::RuleSet& tuned);
    ~Replay();
    Replay(const Replay&) = delete;
    Replay& operator=(const Replay&) = delete;

    // Not thread-safe (compiled conditions keep scratch buffers).
    AlertVerdict judge(const std::string& rule, const Record& fields, std::string_view source = "syscall");

private:
    struct Plan;
    const Plan& plan_for(const std::string& rule);
    const ruleset::RuleSet& base_;
    const ruleset::RuleSet& tuned_;
    std::unordered_map<std::string, std::unique_ptr<Plan>> plans_;
};

struct ReplayOptions {
    std::vector<std::filesystem::path> base;    // rules that produced the alerts, in load order
    std::vector<std::filesystem::path> tuning;  // loaded after them
    std::vector<std::string> alerts;            // files, .gz files, "-" for stdin
    enum class Format : uint8_t { Text, Json } format = Format::Text;
    ruleset::LoadOptions load;
};

struct RuleTally {
    uint64_t alerts = 0, suppressed = 0, fires = 0, unknown = 0;
};

struct ReplayResult {
    std::map<std::string, RuleTally> by_rule;
    RuleTally total;
    SkipStats skipped;
    // Problems that make Falco reject BASE or BASE + TUNING (printed as warnings: verdicts of the
    // rules they touch are unknown).
    std::vector<std::string> load_errors;
};

// `rulekit eval`: replays the alerts, printing one line per alert (json) or a table per rule
// (text) to `out`, and the skipped lines and load problems to `err`. Throws
// ruleset::LoadInputError or AlertInputError when an input cannot be read.
ReplayResult replay_alerts(const ReplayOptions& options, std::ostream& out, std::ostream& err);

}  // namespace rulekit::eval
