#include "itk/report_render.hpp"

#include "itk/error.hpp"
#include "itk/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <sstream>

namespace itk {

namespace {

std::string count(const Json& v) { return v.is_null() ? "-" : std::to_string(v.get<std::int64_t>()); }

std::string duration(const Json& v)
{
    return v.is_null() ? "-" : format_duration(static_cast<Duration>(std::llround(v.get<double>())));
}

std::string percent(const Json& v)
{
    if (v.is_null()) {
        return "-";
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v.get<double>() * 100.0);
    return buf;
}

std::string decimal(const Json& v, const char* fmt = "%.2f")
{
    if (v.is_null()) {
        return "-";
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, fmt, v.get<double>());
    return buf;
}

std::string html_escape(const std::string& s)
{
    std::string out;
    for (char c : printable(s)) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}


std::string title_of(const ReportPage& page)
{
    std::string t = "Incident KPIs " + page.period.label;
    if (page.group) {
        t += ", group " + printable(*page.group);
    }
    return t;
}

std::string bounds_of(const ReportPage& page)
{
    return "[" + format_rfc3339(page.period.since) + ", " + format_rfc3339(page.period.until) + ")";
}

// The rows shared by text and markdown: (label, value) sections.
struct Section {
    std::string name;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

std::vector<Section> sections(const ReportPage& page, const Config& config)
{
    const Json& k = page.kpis;
    std::vector<Section> out;
    out.push_back({"Volume",
                   {"kpi", "value"},
                   {{"opened", count(k["opened"])},
                    {"resolved", count(k["resolved"])},
                    {"closed", count(k["closed"])},
                    {"cancelled", count(k["cancelled"])},
                    {"redirected to request fulfilment", count(k["redirected"]["request"])},
                    {"redirected to change enablement", count(k["redirected"]["change"])}}});
    Section times{"Response and resolution times (time on hold excluded)", {"priority", "MTTA", "MTTR mean", "median", "p90"}, {}};
    std::vector<std::string> keys = {"all"};
    keys.insert(keys.end(), config.priorities.begin(), config.priorities.end());
    for (const auto& p : keys) {
        const Json& r = k["mttr_seconds"][p];
        times.rows.push_back({p, duration(k["mtta_seconds"][p]), duration(r["mean"]), duration(r["median"]), duration(r["p90"])});
    }
    out.push_back(times);
    out.push_back({"SLA",
                   {"target", "met", "breached", "rate"},
                   {{"response", count(k["sla"]["response"]["met"]), count(k["sla"]["response"]["breached"]),
                     percent(k["sla"]["response"]["rate"])},
                    {"resolution", count(k["sla"]["resolution"]["met"]), count(k["sla"]["resolution"]["breached"]),
                     percent(k["sla"]["resolution"]["rate"])}}});
    out.push_back({"Process",
                   {"kpi", "value"},
                   {{"first-level resolution rate", percent(k["first_level_resolution_rate"])},
                    {"escalation rate", percent(k["escalation_rate"])},
                    {"hierarchical escalations", count(k["hierarchical_escalations"])},
                    {"reopen rate", percent(k["reopen_rate"])},
                    {"first-contact resolution rate", percent(k["first_contact_resolution_rate"])},
                    {"reassignments (mean)", decimal(k["reassignments"]["mean"])},
                    {"ping-pong (back to a group left)", count(k["reassignments"]["ping_pong"])}}});
    Section holds{"Time on hold, by what it waited for", {"awaiting", "time"}, {}};
    for (const auto& [kind, v] : k["hold_seconds"].items()) {
        holds.rows.push_back({kind, format_duration(v.get<Duration>())});
    }
    out.push_back(holds);
    Section backlog{"Backlog at " + format_rfc3339(page.period.until), {"kpi", "value"}, {}};
    backlog.rows.push_back({"total", count(k["backlog"]["total"])});
    for (const auto& [p, v] : k["backlog"]["by_priority"].items()) {
        backlog.rows.push_back({"priority " + p, count(v)});
    }
    for (const auto& [a, v] : k["backlog"]["by_age"].items()) {
        backlog.rows.push_back({"age " + a, count(v)});
    }
    backlog.rows.push_back({"stale", count(k["backlog"]["stale"])});
    backlog.rows.push_back({"past resolution target", count(k["backlog"]["breached"])});
    out.push_back(backlog);
    Section major{"Major incidents", {"id", "declared", "resolved", "duration", "children", "post-mortem", "title"}, {}};
    for (const Json& m : k["major"]) {
        major.rows.push_back({m["id"].get<std::string>(), m["declared_at"].get<std::string>(),
                              m["resolved_at"].is_null() ? "-" : m["resolved_at"].get<std::string>(),
                              m["duration_seconds"].is_null() ? "-" : format_duration(m["duration_seconds"].get<Duration>()),
                              std::to_string(m.value("children", 0)),
                              m.value("withdrawn", false) ? "withdrawn"
                              : m.value("postmortem", false) ? "written"
                                                             : "missing",
                              printable(m["title"].get<std::string>())});
    }
    out.push_back(major);
    out.push_back({"Satisfaction",
                   {"kpi", "value"},
                   {{"responses", count(k["satisfaction"]["responses"])},
                    {"mean (1-5)", decimal(k["satisfaction"]["mean"])},
                    {"response rate", percent(k["satisfaction"]["response_rate"])}}});
    return out;
}

std::string render_text(const ReportPage& page, const Config& config)
{
    std::ostringstream o;
    o << title_of(page) << "  " << bounds_of(page) << "\n";
    for (const Section& s : sections(page, config)) {
        o << "\n" << s.name << "\n";
        if (s.rows.empty()) {
            o << "  none\n";
            continue;
        }
        std::vector<std::size_t> w(s.header.size(), 0);
        const bool table = s.header.size() > 2;
        for (std::size_t c = 0; c < s.header.size(); ++c) {
            w[c] = table ? display_width(s.header[c]) : 0;
            for (const auto& r : s.rows) {
                w[c] = std::max(w[c], display_width(r[c]));
            }
        }
        const auto line = [&](const std::vector<std::string>& r) {
            o << " ";
            for (std::size_t c = 0; c < r.size(); ++c) {
                const bool last = c + 1 == r.size();
                const bool number = c > 0 && s.name != "Major incidents";
                o << " " << (last && !number ? r[c] : number ? pad_left(r[c], w[c]) : pad(r[c], w[c]));
            }
            o << "\n";
        };
        if (table) {
            line(s.header);
        }
        for (const auto& r : s.rows) {
            line(r);
        }
    }
    return o.str();
}

std::string render_markdown(const ReportPage& page, const Config& config)
{
    std::ostringstream o;
    o << "# " << markdown_text(title_of(page)) << "\n\nPeriod " << bounds_of(page)
      << " (UTC). Figures are computed from the ticket events as of the end of the period.\n";
    for (const Section& s : sections(page, config)) {
        o << "\n## " << s.name << "\n\n";
        if (s.rows.empty()) {
            o << "None.\n";
            continue;
        }
        o << "|";
        for (const auto& h : s.header) {
            o << " " << h << " |";
        }
        o << "\n|";
        for (std::size_t c = 0; c < s.header.size(); ++c) {
            o << (c == 0 || s.name == "Major incidents" ? " --- |" : " ---: |");
        }
        o << "\n";
        for (const auto& r : s.rows) {
            o << "|";
            for (const auto& cell : r) {
                o << " " << markdown_text(cell) << " |";
            }
            o << "\n";
        }
    }
    return o.str();
}

void flatten(const Json& j, const std::string& prefix, std::ostringstream& o)
{
    const auto quote = [](const std::string& s) {
        if (s.find_first_of(",\"\r\n") == std::string::npos) {
            return s;
        }
        std::string q = "\"";
        for (char c : s) {
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        }
        return q + "\"";
    };
    if (j.is_object()) {
        for (const auto& [k, v] : j.items()) {
            flatten(v, prefix.empty() ? k : prefix + "." + k, o);
        }
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) {
            flatten(j[i], prefix + "." + std::to_string(i), o);
        }
        if (j.empty()) {
            o << quote(prefix) << ",\r\n";
        }
    } else {
        // Ticket text (a title) opened in a spreadsheet: no controls, and no formula either
        // (OWASP's CSV injection: a cell starting with = + - @ runs in Excel).
        std::string text = j.is_null() ? std::string() : j.is_string() ? printable(j.get<std::string>()) : j.dump();
        if (j.is_string() && !text.empty() && std::string_view("=+-@").find(text[0]) != std::string_view::npos) {
            text = "'" + text;
        }
        o << quote(prefix) << "," << quote(text) << "\r\n";
    }
}

// --- HTML with inline SVG ----------------------------------------------------------------
// Colours say good or bad, never which priority: met and within target green, breached and
// late red, counts a neutral blue; a target is a dark dashed line on its chart.

const char* const k_good = "#2e7d32";
const char* const k_bad = "#c62828";
const char* const k_neutral = "#4f6fb0";
const char* const k_second = "#9fb3d9";
const char* const k_ink = "#222";

double number_or_zero(const Json& v) { return v.is_number() ? v.get<double>() : 0.0; }

std::string num(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// One row of a horizontal bar chart: stacked segments, an optional target mark.
struct Segment {
    double value = 0;
    const char* colour = k_neutral;
};
struct Row {
    std::string label;
    std::vector<Segment> segments;
    std::string text;              ///< shown after the bar
    std::optional<double> target;  ///< drawn as a dashed mark across the row
};

std::string svg_open(const std::string& title, int width, int height)
{
    std::ostringstream o;
    o << "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\"><title>" << html_escape(title) << "</title>"
      << "<text x=\"0\" y=\"18\" class=\"t\">" << html_escape(title) << "</text>";
    return o.str();
}

std::string legend(const std::vector<std::pair<std::string, const char*>>& keys, int x, int y)
{
    std::ostringstream o;
    for (const auto& [label, colour] : keys) {
        o << "<rect x=\"" << x << "\" y=\"" << y - 10 << "\" width=\"10\" height=\"10\" fill=\"" << colour << "\"/>"
          << "<text x=\"" << x + 14 << "\" y=\"" << y << "\">" << html_escape(label) << "</text>";
        x += 24 + 7 * static_cast<int>(label.size());
    }
    return o.str();
}

// Horizontal bars, one per row, scaled to the largest total or target (or `max`).
std::string svg_rows(const std::string& title, const std::vector<Row>& rows,
                     const std::vector<std::pair<std::string, const char*>>& keys, std::optional<double> max = std::nullopt)
{
    const int row = 26, left = 110, width = 560, chart = width - left - 100;
    const int top_y = keys.empty() ? 30 : 46;
    const int height = top_y + 4 + row * static_cast<int>(std::max<std::size_t>(rows.size(), 1));
    double top = max.value_or(0);
    for (const Row& r : rows) {
        double total = 0;
        for (const Segment& seg : r.segments) {
            total += seg.value;
        }
        top = std::max({top, total, r.target.value_or(0)});
    }
    const auto scale = [&](double v) { return top > 0 ? static_cast<int>(std::lround(v / top * chart)) : 0; };
    std::ostringstream o;
    o << svg_open(title, width, height);
    if (!keys.empty()) {
        o << legend(keys, left, 36);
    }
    int y = top_y;
    for (const Row& r : rows) {
        o << "<text x=\"" << left - 8 << "\" y=\"" << y + 16 << "\" text-anchor=\"end\">" << html_escape(r.label) << "</text>";
        int x = left;
        for (const Segment& seg : r.segments) {
            const int w = scale(seg.value);
            if (seg.value > 0) {
                o << "<rect x=\"" << x << "\" y=\"" << y + 3 << "\" width=\"" << std::max(w, 2) << "\" height=\"18\" fill=\""
                  << seg.colour << "\"/>";
            }
            x += w;
        }
        if (r.target) {
            const int tx = left + scale(*r.target);
            o << "<line class=\"target\" x1=\"" << tx << "\" y1=\"" << y << "\" x2=\"" << tx << "\" y2=\"" << y + 24
              << "\" stroke=\"" << k_ink << "\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>";
            x = std::max(x, tx);
        }
        o << "<text x=\"" << x + 6 << "\" y=\"" << y + 16 << "\">" << html_escape(r.text) << "</text>";
        y += row;
    }
    if (rows.empty()) {
        o << "<text x=\"" << left << "\" y=\"" << y + 16 << "\">no data</text>";
    }
    o << "</svg></figure>\n";
    return o.str();
}

// A series over the periods of a trend (x axis: the periods, oldest first).
struct Series {
    std::string name;
    const char* colour = k_neutral;
    std::vector<double> values;
    bool line = false; ///< a line with markers, else columns (side by side with other columns)
};

// Columns and lines over time, with the periods on the x axis and an optional target line.
std::string svg_trend(const std::string& title, const std::vector<std::string>& periods, const std::vector<Series>& series,
                      const std::function<std::string(double)>& label, std::optional<double> target = std::nullopt,
                      std::optional<double> max = std::nullopt)
{
    const int width = 560, height = 240, left = 70, right = 10, top_y = 46, bottom = 40;
    const int plot_w = width - left - right, plot_h = height - top_y - bottom;
    double top = std::max(max.value_or(0), target.value_or(0));
    std::size_t columns = 0;
    for (const Series& s : series) {
        for (const double v : s.values) {
            top = std::isnan(v) ? top : std::max(top, v);
        }
        columns += s.line ? 0 : 1;
    }
    top = top > 0 ? top * (max ? 1.0 : 1.1) : 1.0;
    const std::size_t n = std::max<std::size_t>(periods.size(), 1);
    const double slot = static_cast<double>(plot_w) / static_cast<double>(n);
    const auto y_of = [&](double v) { return top_y + plot_h - v / top * plot_h; };
    std::ostringstream o;
    o << svg_open(title, width, height);
    std::vector<std::pair<std::string, const char*>> keys;
    for (const Series& s : series) {
        keys.emplace_back(s.name, s.colour);
    }
    if (target) {
        keys.emplace_back("target", k_ink);
    }
    o << legend(keys, left, 36);
    // Axes: 0 and the top value on y; every period on x.
    o << "<line x1=\"" << left << "\" y1=\"" << top_y + plot_h << "\" x2=\"" << width - right << "\" y2=\"" << top_y + plot_h
      << "\" stroke=\"#999\"/><text x=\"" << left - 6 << "\" y=\"" << top_y + plot_h << "\" text-anchor=\"end\">"
      << html_escape(label(0)) << "</text><text x=\"" << left - 6 << "\" y=\"" << top_y + 10 << "\" text-anchor=\"end\">"
      << html_escape(label(top)) << "</text>";
    for (std::size_t i = 0; i < periods.size(); ++i) {
        o << "<text class=\"x\" x=\"" << num(left + slot * (static_cast<double>(i) + 0.5)) << "\" y=\"" << height - bottom + 16
          << "\" text-anchor=\"middle\">" << html_escape(periods[i]) << "</text>";
    }
    std::size_t column = 0;
    for (const Series& s : series) {
        if (s.line) {
            std::string points;
            for (std::size_t i = 0; i < s.values.size(); ++i) {
                if (std::isnan(s.values[i])) { // no value for that period (no incident resolved): a gap
                    continue;
                }
                const double x = left + slot * (static_cast<double>(i) + 0.5);
                points += (points.empty() ? "" : " ") + num(x) + "," + num(y_of(s.values[i]));
                o << "<circle cx=\"" << num(x) << "\" cy=\"" << num(y_of(s.values[i])) << "\" r=\"3.5\" fill=\"" << s.colour
                  << "\"><title>" << html_escape(periods[i] + ": " + label(s.values[i])) << "</title></circle>";
            }
            o << "<polyline fill=\"none\" stroke=\"" << s.colour << "\" stroke-width=\"2\" points=\"" << points << "\"/>";
            continue;
        }
        const double w = slot * 0.8 / static_cast<double>(std::max<std::size_t>(columns, 1));
        for (std::size_t i = 0; i < s.values.size(); ++i) {
            const double x = left + slot * static_cast<double>(i) + slot * 0.1 + w * static_cast<double>(column);
            o << "<rect x=\"" << num(x) << "\" y=\"" << num(y_of(s.values[i])) << "\" width=\"" << num(w * 0.95)
              << "\" height=\"" << num(top_y + plot_h - y_of(s.values[i])) << "\" fill=\"" << s.colour << "\"><title>"
              << html_escape(periods[i] + ": " + label(s.values[i])) << "</title></rect>";
        }
        ++column;
    }
    if (target) {
        o << "<line class=\"target\" x1=\"" << left << "\" y1=\"" << num(y_of(*target)) << "\" x2=\"" << width - right
          << "\" y2=\"" << num(y_of(*target)) << "\" stroke=\"" << k_ink << "\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>";
    }
    o << "</svg></figure>\n";
    return o.str();
}

void html_head(std::ostringstream& o, const ReportPage& page)
{
    o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      << "<title>" << html_escape(title_of(page)) << "</title><style>"
      << "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;background:#fff}"
      << "h1{font-size:1.6em}h2{font-size:1.2em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}"
      << ".cards{display:flex;flex-wrap:wrap;gap:1em}.card{border:1px solid #ddd;border-radius:8px;padding:.8em 1.2em;"
      << "min-width:9em;background:#f8f9fa}.card b{display:block;font-size:1.8em}"
      << ".charts{display:flex;flex-wrap:wrap;gap:1.5em}figure{margin:0}svg text{font-size:13px;fill:#333}"
      << "svg text.t{font-weight:bold;font-size:14px}svg text.x{font-size:11px}table{border-collapse:collapse;margin:.5em 0}"
      << "td,th{border:1px solid #ddd;padding:.3em .7em;text-align:right}td:first-child,th:first-child{text-align:left}"
      << "</style></head><body>\n";
    o << "<h1>" << html_escape(title_of(page)) << "</h1>\n<p>Period " << bounds_of(page)
      << " UTC. Every figure is computed from the ticket events as of the end of the period.</p>\n";
}

void html_cards(std::ostringstream& o, const Json& k)
{
    o << "<div class=\"cards\">";
    const auto card = [&](const std::string& label, const std::string& value) {
        o << "<div class=\"card\"><b>" << html_escape(value) << "</b>" << html_escape(label) << "</div>";
    };
    card("opened", count(k["opened"]));
    card("resolved", count(k["resolved"]));
    card("backlog", count(k["backlog"]["total"]));
    card("MTTA", duration(k["mtta_seconds"]["all"]));
    card("MTTR (mean)", duration(k["mttr_seconds"]["all"]["mean"]));
    card("response SLA", percent(k["sla"]["response"]["rate"]));
    card("resolution SLA", percent(k["sla"]["resolution"]["rate"]));
    card("first contact", percent(k["first_contact_resolution_rate"]));
    card("major incidents", std::to_string(k["major"].size()));
    o << "</div>\n";
}

void html_backlog(std::ostringstream& o, const Json& k)
{
    o << "<h2>Backlog</h2><div class=\"charts\">";
    std::vector<Row> by_priority, by_age;
    for (const auto& [p, v] : k["backlog"]["by_priority"].items()) {
        by_priority.push_back({p, {{number_or_zero(v), k_neutral}}, count(v), std::nullopt});
    }
    for (const auto& [a, v] : k["backlog"]["by_age"].items()) {
        by_age.push_back({a, {{number_or_zero(v), k_neutral}}, count(v), std::nullopt});
    }
    const double total = number_or_zero(k["backlog"]["total"]);
    const double late = number_or_zero(k["backlog"]["breached"]);
    const std::vector<Row> health = {
        {"all", {{total - late, k_good}, {late, k_bad}}, count(k["backlog"]["breached"]) + " past target", std::nullopt}};
    o << svg_rows("Open incidents by priority", by_priority, {}) << svg_rows("Open incidents by age", by_age, {})
      << svg_rows("Open incidents within and past their resolution target", health, {{"within", k_good}, {"past", k_bad}})
      << "</div>\n";
}

void html_sla(std::ostringstream& o, const ReportPage& page, const Config& config)
{
    const Json& k = page.kpis;
    o << "<h2>Resolution and SLA per priority</h2><div class=\"charts\">";
    std::vector<Row> mttr, response, resolution;
    for (const auto& p : config.priorities) {
        // As a share of the priority's own target, so that every target is the same mark.
        const Json& m = k["mttr_seconds"][p]["mean"];
        const double target = static_cast<double>(config.sla.at(p).resolution);
        const bool late = m.is_number() && m.get<double>() > target;
        mttr.push_back({p, {{number_or_zero(m) / target, late ? k_bad : k_good}},
                        duration(m) + " / " + duration(Json(target)), 1.0});
        const Json none;
        const Json& r = page.sla_by_priority.is_object() && page.sla_by_priority.contains(p) ? page.sla_by_priority[p] : none;
        for (auto [kind, rows] : {std::pair{"response", &response}, std::pair{"resolution", &resolution}}) {
            const Json& s = r.is_object() ? r[kind] : none;
            const double met = s.is_object() ? number_or_zero(s["met"]) : 0, breached = s.is_object() ? number_or_zero(s["breached"]) : 0;
            rows->push_back({p, {{met, k_good}, {breached, k_bad}}, s.is_object() ? percent(s["rate"]) : "-", std::nullopt});
        }
    }
    o << svg_rows("MTTR (mean) per priority, against its resolution target (dashed)", mttr,
                  {{"within target", k_good}, {"over", k_bad}})
      << svg_rows("Response SLA per priority: met and breached", response, {{"met", k_good}, {"breached", k_bad}})
      << svg_rows("Resolution SLA per priority: met and breached", resolution, {{"met", k_good}, {"breached", k_bad}})
      << "</div>\n";
}

void html_trend(std::ostringstream& o, const ReportPage& page, const std::vector<ReportPage>& trend)
{
    if (trend.empty()) {
        return;
    }
    std::vector<const ReportPage*> all;
    for (const ReportPage& t : trend) {
        all.push_back(&t);
    }
    all.push_back(&page);
    std::vector<std::string> periods;
    Series opened{"opened", k_neutral, {}, false}, resolved{"resolved", k_second, {}, false};
    Series mttr{"MTTR (mean)", k_neutral, {}, true};
    Series met{"response met", k_good, {}, false}, breached{"response breached", k_bad, {}, false};
    Series reso_met{"resolution met", k_good, {}, false}, reso_breached{"resolution breached", k_bad, {}, false};
    Series backlog{"backlog at the end", k_neutral, {}, true};
    for (const ReportPage* t : all) {
        const Json& tk = t->kpis;
        periods.push_back(t->period.label);
        opened.values.push_back(number_or_zero(tk["opened"]));
        resolved.values.push_back(number_or_zero(tk["resolved"]));
        const Json& mean = tk["mttr_seconds"]["all"]["mean"];
        mttr.values.push_back(mean.is_number() ? mean.get<double>() : std::nan(""));
        met.values.push_back(number_or_zero(tk["sla"]["response"]["met"]));
        breached.values.push_back(number_or_zero(tk["sla"]["response"]["breached"]));
        reso_met.values.push_back(number_or_zero(tk["sla"]["resolution"]["met"]));
        reso_breached.values.push_back(number_or_zero(tk["sla"]["resolution"]["breached"]));
        backlog.values.push_back(number_or_zero(tk["backlog"]["total"]));
    }
    const auto whole = [](double v) { return std::to_string(std::llround(v)); };
    const auto time = [](double v) { return duration(Json(v)); };
    o << "<h2>Trend</h2><div class=\"charts\">"
      << svg_trend("Opened and resolved per period", periods, {opened, resolved}, whole)
      << svg_trend("Backlog at the end of each period", periods, {backlog}, whole)
      << svg_trend("MTTR (mean) per period", periods, {mttr}, time)
      << svg_trend("Response SLA: met and breached per period", periods, {met, breached}, whole)
      << svg_trend("Resolution SLA: met and breached per period", periods, {reso_met, reso_breached}, whole) << "</div>\n";
}

void html_tables(std::ostringstream& o, const ReportPage& page, const Config& config)
{
    for (const Section& s : sections(page, config)) {
        o << "<h2>" << html_escape(s.name) << "</h2>";
        if (s.rows.empty()) {
            o << "<p>None.</p>\n";
            continue;
        }
        o << "<table><tr>";
        for (const auto& h : s.header) {
            o << "<th>" << html_escape(h) << "</th>";
        }
        o << "</tr>";
        for (const auto& r : s.rows) {
            o << "<tr>";
            for (const auto& cell : r) {
                o << "<td>" << html_escape(cell) << "</td>";
            }
            o << "</tr>";
        }
        o << "</table>\n";
    }
}

std::string render_html(const ReportPage& page, const std::vector<ReportPage>& trend, const Config& config)
{
    std::ostringstream o;
    html_head(o, page);
    html_cards(o, page.kpis);
    html_backlog(o, page.kpis);
    html_sla(o, page, config);
    html_trend(o, page, trend);
    html_tables(o, page, config);
    o << "</body></html>\n";
    return o.str();
}

} // namespace

const std::vector<std::string>& report_format_names()
{
    static const std::vector<std::string> names = {"text", "markdown", "json", "csv", "html"};
    return names;
}

ReportFormat parse_report_format(const std::string& name)
{
    if (name == "text") {
        return ReportFormat::text;
    }
    if (name == "markdown" || name == "md") {
        return ReportFormat::markdown;
    }
    if (name == "json") {
        return ReportFormat::json;
    }
    if (name == "csv") {
        return ReportFormat::csv;
    }
    if (name == "html") {
        return ReportFormat::html;
    }
    fail_usage("invalid --format '" + name + "': expected text, markdown, json, csv or html");
}

std::string report_csv(const Json& kpis)
{
    std::ostringstream o;
    o << "kpi,value\r\n";
    flatten(kpis, "", o);
    return o.str();
}

std::string render_report(const ReportPage& page, const std::vector<ReportPage>& trend, const Config& config,
                          ReportFormat format)
{
    switch (format) {
    case ReportFormat::text:
        return render_text(page, config);
    case ReportFormat::markdown:
        return render_markdown(page, config);
    case ReportFormat::json:
        return page.kpis.dump(2) + "\n";
    case ReportFormat::csv:
        return report_csv(page.kpis);
    case ReportFormat::html:
        return render_html(page, trend, config);
    }
    return {};
}

} // namespace itk
