#include "ruleset/text_rewriting.hpp"

#include <string_view>

namespace rulekit::ruleset {

namespace {
// Falco wraps an item in double quotes when it has a space and does not start with a quote.
bool needs_quotes(const std::string& s) { return s.find(' ') != std::string::npos && s[0] != '"' && s[0] != '\''; }
}  // namespace

void quote_item(ComposedText& item) {
    if (needs_quotes(item.str())) {
        ComposedText quoted;
        quoted.append_synthetic("\"");
        quoted.append(item);
        quoted.append_synthetic("\"");
        item = std::move(quoted);
    }
}

namespace {
constexpr std::string_view kBlanks = " \t\n\r";
constexpr std::string_view kDelims = " \t\n\r(),=";
bool is_in(std::string_view set, char c) { return set.find(c) != std::string_view::npos; }
}  // namespace

ComposedText joined_list_items(const std::vector<ComposedText>& items) {
    ComposedText joined;
    for (const auto& item : items) {
        if (joined.size() != 0) joined.append_synthetic(", ");
        if (needs_quotes(item.str())) {
            joined.append_synthetic("\"");
            joined.append(item);
            joined.append_synthetic("\"");
        } else {
            joined.append(item);
        }
    }
    return joined;
}

bool substitute_list(ComposedText& cnd, const std::string& name, const std::vector<ComposedText>& items) {
    return substitute_joined_list(cnd, name, joined_list_items(items));
}

bool substitute_joined_list(ComposedText& cnd, const std::string& name, const ComposedText& joined) {
    bool used = false;
    size_t start = cnd.str().find(name);
    while (start != std::string::npos) {
        const std::string& s = cnd.str();
        size_t end = start + name.size();
        if ((start == 0 || is_in(kDelims, s[start - 1])) && (end >= s.size() || is_in(kDelims, s[end]))) {
            const size_t name_start = start;
            while (start > 0 && is_in(kBlanks, s[start - 1])) start--;
            while (end < s.size() && is_in(kBlanks, s[end])) end++;
            // An empty list takes one adjacent comma with it.
            if (joined.size() == 0) {
                if (start > 0 && s[start - 1] == ',') start--;
                else if (end < s.size() && s[end] == ',') end++;
            }
            ComposedText replacement;
            if (start > 0) replacement.append_synthetic(" ");
            replacement.append(joined);
            replacement.append_synthetic(" ");
            cnd.paste(start, end, replacement, name_start, name.size());
            // Falco's cursor arithmetic: the search resumes just past the pasted items.
            start += joined.size() + 1;
            used = true;
        }
        start = cnd.str().find(name, start + 1);
    }
    return used;
}

bool is_list_operator(const std::string& op) { return op == "intersects" || op == "in" || op == "pmatch"; }

bool is_modifier_operator(const std::string& op) {
    for (std::string_view modifier : {" oneof", " anyof", " allof"}) {
        if (op.size() > modifier.size() && op.compare(op.size() - modifier.size(), modifier.size(), modifier) == 0) {
            return true;
        }
    }
    return false;
}

namespace {
void paren_item(ComposedText& item) {
    if (item.str().empty() || item.str()[0] != '(') {
        ComposedText wrapped;
        wrapped.append_synthetic("(");
        wrapped.append(item);
        wrapped.append_synthetic(")");
        item = std::move(wrapped);
    }
}
}  // namespace

namespace {
// The value-shape errors Falco's compiler raises for an exception, first one only (as Falco).
std::optional<std::string> shape_error(const ExceptionForText& ex) {
    for (const auto& value : ex.values) {
        if (!ex.fields_is_list && value.is_list) return "Expected values array to contain a list of strings";
        if (ex.fields_is_list && ex.fields.size() != value.items.size()) return "Fields and values lists must have equal length";
    }
    return std::nullopt;
}
}  // namespace

std::vector<ExceptionTextError> append_exceptions(ComposedText& condition,
                                                  const std::vector<ExceptionForText>& exceptions) {
    std::vector<ExceptionTextError> errors;
    ComposedText wrapped;
    wrapped.append_synthetic("(");
    wrapped.append(condition);
    wrapped.append_synthetic(")");
    condition = std::move(wrapped);

    for (size_t index = 0; index < exceptions.size(); ++index) {
        const auto& ex = exceptions[index];
        if (auto problem = shape_error(ex)) {
            errors.push_back({index, *problem});
            continue;
        }
        ComposedText clause;
        if (!ex.fields_is_list) {
            for (const auto& value : ex.values) {
                if (clause.size() == 0) {
                    clause.append_synthetic("(");
                    clause.append(ex.field);
                    clause.append_synthetic(" ");
                    clause.append(ex.comp);
                    clause.append_synthetic(" (");
                } else {
                    clause.append_synthetic(", ");
                }
                ComposedText item = value.item;
                quote_item(item);
                clause.append(item);
            }
            if (clause.size() != 0) clause.append_synthetic("))");
        } else {
            clause.append_synthetic("(");
            bool first_row = true;
            for (const auto& row : ex.values) {
                if (!first_row) clause.append_synthetic(" or ");
                first_row = false;
                clause.append_synthetic("(");
                for (size_t k = 0; k < ex.fields.size(); ++k) {
                    if (k) clause.append_synthetic(" and ");
                    const ExceptionEntry& cell = row.items[k];
                    ComposedText rendered;
                    if (cell.is_list) {
                        rendered.append_synthetic("(");
                        for (size_t v = 0; v < cell.items.size(); ++v) {
                            if (v) rendered.append_synthetic(", ");
                            ComposedText item = cell.items[v].item;
                            quote_item(item);
                            rendered.append(item);
                        }
                        rendered.append_synthetic(")");
                    } else {
                        rendered = cell.item;
                        if (is_list_operator(ex.comps[k].str()) || is_modifier_operator(ex.comps[k].str())) paren_item(rendered);
                        else quote_item(rendered);
                    }
                    clause.append_synthetic(" ");
                    clause.append(ex.fields[k]);
                    clause.append_synthetic(" ");
                    clause.append(ex.comps[k]);
                    clause.append_synthetic(" ");
                    clause.append(rendered);
                }
                clause.append_synthetic(")");
            }
            clause.append_synthetic(")");
            if (clause.str() == "()") clause = ComposedText();
        }
        if (clause.size() != 0) {
            condition.append_synthetic(" and not ");
            condition.append(clause);
        }
    }
    return errors;
}

}  // namespace rulekit::ruleset
