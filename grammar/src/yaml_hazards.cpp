// yaml-cpp 0.7 loops forever when a document would start at a token its parser cannot consume
// (a flow entry ',' at the root: after a root quoted scalar or flow collection, or at the start
// of a line that closes the root block collection). Each turn of the loop starts a new document
// at the same token, so the detector drives yaml-cpp's own parser and stops at the first
// document that begins where the previous one began — exact by construction, no guessing at
// yaml-cpp's scanner. A cheap line filter skips that second parse for ordinary rules files.
#include "grammar/yaml_hazards.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace rulekit::grammar {

namespace {

bool is_block_entry(std::string_view line) {
    return line.size() >= 1 && line[0] == '-' &&
           (line.size() == 1 || line[1] == ' ' || line[1] == '\t' || line[1] == '\r');
}

// True when the root of the stream is one block sequence at column 0 that nothing closes: the
// first token is "- " at column 0, and every later line at column 0 is blank, a comment or
// another "- ". yaml-cpp then never sees a token at the root after the first, so it cannot loop.
bool root_is_one_block_sequence(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    bool seen_first_token = false;
    size_t pos = 0;
    while (pos < bytes.size()) {
        size_t eol = bytes.find('\n', pos);
        if (eol == std::string_view::npos) eol = bytes.size();
        const std::string_view line = bytes.substr(pos, eol - pos);
        pos = eol + 1;
        const size_t content = line.find_first_not_of(' ');
        if (content == std::string_view::npos || line[content] == '\r' || line[content] == '#') continue;
        if (content == 0 && is_block_entry(line)) {
            seen_first_token = true;
            continue;
        }
        if (!seen_first_token || content == 0) return false;
    }
    return true;
}

// Records where each document starts; a second document starting at the same place means the
// parser consumed nothing, which in yaml-cpp 0.7 repeats forever.
class ProgressWatch : public YAML::EventHandler {
public:
    std::optional<YAML::Mark> stuck_at;

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (last_start_ && last_start_->pos == mark.pos) stuck_at = mark;
        last_start_ = mark;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

private:
    std::optional<YAML::Mark> last_start_;
};

}  // namespace

std::optional<YamlHazard> find_yaml_cpp_hang(std::string_view bytes) {
    if (root_is_one_block_sequence(bytes)) return std::nullopt;
    std::istringstream stream{std::string(bytes)};
    ProgressWatch watch;
    try {
        YAML::Parser parser(stream);
        while (!watch.stuck_at && parser.HandleNextDocument(watch)) {
        }
    } catch (const YAML::Exception&) {
        return std::nullopt;  // a syntax error: yaml-cpp stops, and the reader reports it
    }
    if (!watch.stuck_at) return std::nullopt;
    return YamlHazard{static_cast<size_t>(watch.stuck_at->pos), static_cast<uint32_t>(watch.stuck_at->line + 1), static_cast<uint32_t>(watch.stuck_at->column + 1),
                      "yaml-cpp, the YAML parser Falco uses, loops forever on this token: a ',' outside any flow "
                      "collection ([...] or {...}) where a new document would start — after a quoted or bracketed "
                      "value at the top level, or at the start of a line that ends the top-level list. Falco never "
                      "finishes loading this file"};
}

}  // namespace rulekit::grammar
