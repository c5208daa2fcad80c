#include "gen/report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

namespace rulekit::gen {

namespace {

struct RuleRow {
    std::string rule;
    uint64_t before = 0, after = 0;
    std::vector<const Proposal*> proposals;
    std::vector<const LeftFiring*> left;
};

std::vector<RuleRow> rows_of(const ReportInput& in) {
    std::map<std::string, RuleRow> rows;
    for (const auto& [name, rule] : in.stats->rules) {
        RuleRow& r = rows[name];
        r.rule = name;
        r.before = r.after = rule.evidence.alerts;
    }
    for (const auto& p : in.synthesis->proposals) {
        RuleRow& r = rows[p.rule];
        r.proposals.push_back(&p);
        if (!p.dropped) r.after -= std::min(r.after, p.suppressed);
    }
    for (const auto& l : in.synthesis->left_firing) rows[l.rule].left.push_back(&l);
    std::vector<RuleRow> out;
    for (auto& [name, row] : rows) out.push_back(std::move(row));
    std::stable_sort(out.begin(), out.end(), [](const RuleRow& a, const RuleRow& b) { return a.before > b.before; });
    return out;
}

std::string constraint_text(const Proposal& p) { return constraints_condition(p.constraints); }

std::string escape_html(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string escape_md(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '|' || c == '`') out += '\\';
        out += c == '\n' ? ' ' : c;
    }
    return out;
}

std::string evidence_text(const Evidence& e) {
    std::string days = e.days.empty() ? "" : fmt::format(", {} day(s) ({} .. {})", e.days.size(), e.days.front(), e.days.back());
    return fmt::format("{} alerts, {} host(s), {} container(s){}", e.alerts, e.host_estimate(), e.container_estimate(), days);
}

}  // namespace

std::string markdown_report(const ReportInput& in) {
    const auto rows = rows_of(in);
    uint64_t after = 0;
    for (const auto& r : rows) after += r.after;
    std::string out = "# rulekit gen report\n\n";
    out += fmt::format("Inputs: {}. {} alerts of {} rule(s); after the tuning, {} would still fire.\n",
                       fmt::join(in.inputs, ", "), in.alerts, rows.size(), after);
    if (!in.tuning_file.empty()) out += fmt::format("Tuning written to `{}`.\n", in.tuning_file);
    for (const auto& s : in.skipped) out += fmt::format("\n- {}", s);
    out += "\n\n## Alerts per rule\n\n| rule | before | after |\n| --- | ---: | ---: |\n";
    for (const auto& r : rows) out += fmt::format("| {} | {} | {} |\n", escape_md(r.rule), r.before, r.after);
    for (const auto& r : rows) {
        out += fmt::format("\n## {}\n\n{} alerts before, {} after.\n", escape_md(r.rule), r.before, r.after);
        if (!r.proposals.empty()) out += "\n### Proposals\n\n";
        for (const Proposal* p : r.proposals) {
            out += fmt::format("- `{}`{}\n  - evidence: {}; first seen {}, last seen {}\n", escape_md(constraint_text(*p)),
                               p->dropped ? " — **dropped**: " + escape_md(p->dropped_why) : "",
                               evidence_text(p->evidence), p->evidence.first_time, p->evidence.last_time);
            if (!p->dropped) {
                out += fmt::format("  - proven: suppresses {} of its {} alerts, none of those that must keep firing{}\n",
                                   p->suppressed, p->suppressed + p->missed, p->narrowed ? " (narrowed)" : "");
            }
            if (!p->evidence.sample_output.empty()) {
                out += fmt::format("  - sample ({}): `{}`\n", p->evidence.sample_at, escape_md(p->evidence.sample_output));
            }
        }
        if (!r.left.empty()) out += "\n### Left firing\n\n";
        for (const LeftFiring* l : r.left) {
            out += fmt::format("- {} alert(s): {} — {}\n", l->alerts, escape_md(l->what), escape_md(l->why));
        }
    }
    if (!in.tuning_text.empty()) out += "\n## Tuning\n\n```yaml\n" + in.tuning_text + "```\n";
    return out;
}

std::string html_report(const ReportInput& in) {
    const auto rows = rows_of(in);
    uint64_t max = 1, after_total = 0;
    for (const auto& r : rows) max = std::max(max, r.before), after_total += r.after;
    // One bar pair per rule: alerts before (grey) and after (blue), on one scale.
    const int bar_width = 420, row_height = 26, label_width = 330;
    const int height = static_cast<int>(rows.size()) * row_height + 30;
    std::string svg = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" "
        "aria-label=\"Alert volume per rule before and after the tuning\">\n",
        label_width + bar_width + 80, height);
    int y = 10;
    for (const auto& r : rows) {
        const int w_before = static_cast<int>(static_cast<double>(r.before) / static_cast<double>(max) * bar_width);
        const int w_after = static_cast<int>(static_cast<double>(r.after) / static_cast<double>(max) * bar_width);
        svg += fmt::format(
            "  <text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>\n"
            "  <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" fill=\"#bbb\"><title>before: {}</title></rect>\n"
            "  <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" fill=\"#2b6cb0\"><title>after: {}</title></rect>\n"
            "  <text x=\"{}\" y=\"{}\" font-size=\"11\">{} → {}</text>\n",
            label_width - 6, y + 14, escape_html(r.rule.size() > 48 ? r.rule.substr(0, 45) + "..." : r.rule), label_width, y,
            std::max(w_before, 1), r.before, label_width, y + 11, std::max(w_after, r.after ? 1 : 0), r.after,
            label_width + std::max(w_before, 1) + 6, y + 14, r.before, r.after);
        y += row_height;
    }
    svg += "</svg>\n";
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>rulekit gen report</title>\n"
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}code{background:#f4f4f4}"
        "td,th{padding:2px 8px;text-align:left}.dropped{color:#a00}</style></head><body>\n"
        "<h1>rulekit gen report</h1>\n";
    out += fmt::format("<p>Inputs: {}. {} alerts of {} rule(s); after the tuning, {} would still fire.</p>\n",
                       escape_html(fmt::format("{}", fmt::join(in.inputs, ", "))), in.alerts, rows.size(), after_total);
    if (!in.tuning_file.empty()) out += fmt::format("<p>Tuning written to <code>{}</code>.</p>\n", escape_html(in.tuning_file));
    for (const auto& s : in.skipped) out += fmt::format("<p>{}</p>\n", escape_html(s));
    out += "<h2>Alert volume per rule</h2>\n" + svg;
    for (const auto& r : rows) {
        out += fmt::format("<h2>{}</h2>\n<p>{} alerts before, {} after.</p>\n", escape_html(r.rule), r.before, r.after);
        if (!r.proposals.empty()) out += "<h3>Proposals</h3>\n<ul>\n";
        for (const Proposal* p : r.proposals) {
            out += fmt::format("<li><code>{}</code>{}<br>evidence: {}; first seen {}, last seen {}", escape_html(constraint_text(*p)),
                               p->dropped ? " <span class=\"dropped\">dropped: " + escape_html(p->dropped_why) + "</span>" : "",
                               escape_html(evidence_text(p->evidence)), escape_html(p->evidence.first_time),
                               escape_html(p->evidence.last_time));
            if (!p->dropped) {
                out += fmt::format("<br>proven: suppresses {} of its {} alerts, none of those that must keep firing{}",
                                   p->suppressed, p->suppressed + p->missed, p->narrowed ? " (narrowed)" : "");
            }
            if (!p->evidence.sample_output.empty()) {
                out += fmt::format("<br>sample ({}): <code>{}</code>", escape_html(p->evidence.sample_at),
                                   escape_html(p->evidence.sample_output));
            }
            out += "</li>\n";
        }
        if (!r.proposals.empty()) out += "</ul>\n";
        if (!r.left.empty()) out += "<h3>Left firing</h3>\n<ul>\n";
        for (const LeftFiring* l : r.left) {
            out += fmt::format("<li>{} alert(s): <code>{}</code> — {}</li>\n", l->alerts, escape_html(l->what), escape_html(l->why));
        }
        if (!r.left.empty()) out += "</ul>\n";
    }
    if (!in.tuning_text.empty()) out += "<h2>Tuning</h2>\n<pre>" + escape_html(in.tuning_text) + "</pre>\n";
    out += "</body></html>\n";
    return out;
}

}  // namespace rulekit::gen
