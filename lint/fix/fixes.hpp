// `rulekit lint --fix` as a library: plan safe textual fixes for some findings, apply them to
// the files' bytes, and keep only those that a re-lint proves harmless. Fixes are byte-range
// edits of the original text, so comments, blank lines, quoting and indentation outside the
// edited bytes stay exactly as written.
//
// What is fixed (each only when it cannot change what Falco loads):
//   deprecated-item  legacy `append: true` on a list, macro or rule -> the equivalent `override:`
//                    entries (a rule only when it has no keys besides condition/exceptions,
//                    which legacy append would silently drop but `override:` would not);
//   unknown-field    a field name typo with exactly one nearest real field;
//   priority-case    `priority: warning` -> `priority: WARNING`, quotes kept.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "grammar/diagnostic.hpp"
#include "lint/linter.hpp"

namespace rulekit::lint::fix {

// Replace bytes [begin, end) of a file's original text by `replacement`.
struct TextEdit {
    size_t begin = 0;
    size_t end = 0;
    std::string replacement;
    bool operator==(const TextEdit&) const = default;
};

struct Fix {
    std::string file;
    std::vector<TextEdit> edits;      // sorted, non-overlapping, offsets into the original bytes
    std::vector<Diagnostic> targets;  // the finding it answers (more than one when reported twice)
    std::string description;          // e.g. "replace 'append: true' by 'override: {items: append}'"
    // A field typo fix renames a field: compiled conditions may then change by exactly that
    // rename. Other fixes must leave every compiled condition as it was.
    std::string renamed_field, new_field_name;
};

// A finding of a fixable kind that is left as it is, and why.
struct Unfixed {
    Diagnostic finding;
    std::string reason;
};

struct FixPlan {
    std::vector<Fix> fixes;  // by file, then by position
    std::vector<Unfixed> unfixed;
};

// Plans fixes for the findings of `result`, over the bytes it linted (result.sources). Nothing
// is verified yet: fix_sources() re-lints.
FixPlan plan_fixes(const LintResult& result, const LintOptions& options);

// `text` with `edits` (sorted, non-overlapping) applied.
std::string apply_edits(std::string_view text, const std::vector<TextEdit>& edits);

struct FixOutcome {
    std::vector<SourceFile> files;  // the input files in the same order, with the kept fixes applied
    std::vector<Fix> applied;
    std::vector<Unfixed> unfixed;  // the planner's refusals and the fixes the re-lint rejected
    // Lints of the input and of `files`, with compiled_conditions (the verification compares them).
    LintResult before;
    LintResult after;
    size_t changed_files() const;  // how many of `files` differ from the input
};

// Lints the files, plans fixes, applies them and re-lints in memory. A fix is kept only when
// its target findings disappear, no other finding appears and Falco's verdict does not get
// worse; everything is in memory, nothing is written.
FixOutcome fix_sources(const std::vector<SourceFile>& files, const LintOptions& options);

// Where a position of an input file is in the fixed file (a position inside an edit moves to
// where the edit's new text starts), e.g. to report the unfixed findings of a file --fix wrote.
SourceLocation location_after_fixes(const FixOutcome& outcome, const SourceLocation& loc);

}  // namespace rulekit::lint::fix
