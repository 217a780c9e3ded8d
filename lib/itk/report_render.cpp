#include "itk/report_render.hpp"

#include "itk/error.hpp"
#include "itk/text.hpp"

#include <algorithm>
#include <cmath>
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

std::string md_escape(const std::string& s)
{
    std::string out;
    for (char c : printable(s)) {
        if (c == '|' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<') {
            out += '\\';
        }
        out += c;
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
    o << "# " << md_escape(title_of(page)) << "\n\nPeriod " << bounds_of(page)
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
                o << " " << md_escape(cell) << " |";
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

struct Bar {
    std::string label;
    double value = 0;
    std::string text; ///< shown at the end of the bar
};

const char* k_palette[] = {"#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#2980b9", "#8e44ad", "#7f8c8d"};

// A horizontal bar chart; values scaled to the largest (or `max` when given).
std::string svg_bars(const std::string& title, const std::vector<Bar>& bars, std::optional<double> max = std::nullopt)
{
    const int row = 26, left = 150, width = 560, chart = width - left - 90;
    const int height = 34 + row * static_cast<int>(std::max<std::size_t>(bars.size(), 1));
    double top = max.value_or(0);
    for (const Bar& b : bars) {
        top = std::max(top, b.value);
    }
    std::ostringstream o;
    o << "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\"><title>" << html_escape(title) << "</title>"
      << "<text x=\"0\" y=\"18\" class=\"t\">" << html_escape(title) << "</text>";
    int y = 30;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& b = bars[i];
        const int w = top > 0 ? static_cast<int>(std::lround(b.value / top * chart)) : 0;
        o << "<text x=\"" << left - 8 << "\" y=\"" << y + 16 << "\" text-anchor=\"end\">" << html_escape(b.label) << "</text>"
          << "<rect x=\"" << left << "\" y=\"" << y + 3 << "\" width=\"" << std::max(w, b.value > 0 ? 2 : 0)
          << "\" height=\"18\" fill=\"" << k_palette[i % 7] << "\"/>"
          << "<text x=\"" << left + w + 6 << "\" y=\"" << y + 16 << "\">" << html_escape(b.text) << "</text>";
        y += row;
    }
    if (bars.empty()) {
        o << "<text x=\"" << left << "\" y=\"" << y + 16 << "\">no data</text>";
    }
    o << "</svg></figure>\n";
    return o.str();
}

double number_or_zero(const Json& v) { return v.is_number() ? v.get<double>() : 0.0; }

std::string render_html(const ReportPage& page, const std::vector<ReportPage>& trend, const Config& config)
{
    const Json& k = page.kpis;
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      << "<title>" << html_escape(title_of(page)) << "</title><style>"
      << "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;background:#fff}"
      << "h1{font-size:1.6em}h2{font-size:1.2em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}"
      << ".cards{display:flex;flex-wrap:wrap;gap:1em}.card{border:1px solid #ddd;border-radius:8px;padding:.8em 1.2em;"
      << "min-width:9em;background:#f8f9fa}.card b{display:block;font-size:1.8em}"
      << ".charts{display:flex;flex-wrap:wrap;gap:1.5em}figure{margin:0}svg text{font-size:13px;fill:#333}"
      << "svg text.t{font-weight:bold;font-size:14px}table{border-collapse:collapse;margin:.5em 0}"
      << "td,th{border:1px solid #ddd;padding:.3em .7em;text-align:right}td:first-child,th:first-child{text-align:left}"
      << "</style></head><body>\n";
    o << "<h1>" << html_escape(title_of(page)) << "</h1>\n<p>Period " << bounds_of(page)
      << " UTC. Every figure is computed from the ticket events as of the end of the period.</p>\n";
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

    o << "<h2>Backlog</h2><div class=\"charts\">";
    std::vector<Bar> by_priority, by_age;
    for (const auto& [p, v] : k["backlog"]["by_priority"].items()) {
        by_priority.push_back({p, number_or_zero(v), count(v)});
    }
    for (const auto& [a, v] : k["backlog"]["by_age"].items()) {
        by_age.push_back({a, number_or_zero(v), count(v)});
    }
    o << svg_bars("Open incidents by priority", by_priority) << svg_bars("Open incidents by age", by_age) << "</div>\n";

    o << "<h2>Resolution and SLA per priority</h2><div class=\"charts\">";
    std::vector<Bar> mttr, sla_rate;
    for (const auto& p : config.priorities) {
        const Json& m = k["mttr_seconds"][p]["mean"];
        mttr.push_back({p, number_or_zero(m), duration(m)});
    }
    o << svg_bars("MTTR (mean) per priority", mttr);
    std::vector<Bar> response_rate;
    for (const auto& p : config.priorities) {
        const Json& r = page.sla_by_priority.is_object() ? page.sla_by_priority[p] : Json();
        const Json none;
        const Json& resp = r.is_object() ? r["response"]["rate"] : none;
        const Json& reso = r.is_object() ? r["resolution"]["rate"] : none;
        response_rate.push_back({p, number_or_zero(resp) * 100, percent(resp)});
        sla_rate.push_back({p, number_or_zero(reso) * 100, percent(reso)});
    }
    o << svg_bars("Response SLA met, per priority", response_rate, 100.0)
      << svg_bars("Resolution SLA met, per priority", sla_rate, 100.0) << "</div>\n";

    if (!trend.empty()) {
        o << "<h2>Trend</h2><div class=\"charts\">";
        std::vector<Bar> opened, resolved, mttr_trend, response, resolution;
        std::vector<const ReportPage*> all;
        for (const ReportPage& t : trend) {
            all.push_back(&t);
        }
        all.push_back(&page);
        for (const ReportPage* t : all) {
            const Json& tk = t->kpis;
            opened.push_back({t->period.label, number_or_zero(tk["opened"]), count(tk["opened"])});
            resolved.push_back({t->period.label, number_or_zero(tk["resolved"]), count(tk["resolved"])});
            mttr_trend.push_back({t->period.label, number_or_zero(tk["mttr_seconds"]["all"]["mean"]),
                                  duration(tk["mttr_seconds"]["all"]["mean"])});
            response.push_back({t->period.label, number_or_zero(tk["sla"]["response"]["rate"]) * 100,
                                percent(tk["sla"]["response"]["rate"])});
            resolution.push_back({t->period.label, number_or_zero(tk["sla"]["resolution"]["rate"]) * 100,
                                  percent(tk["sla"]["resolution"]["rate"])});
        }
        o << svg_bars("Opened", opened) << svg_bars("Resolved", resolved) << svg_bars("MTTR (mean)", mttr_trend)
          << svg_bars("Response SLA", response, 100.0) << svg_bars("Resolution SLA", resolution, 100.0) << "</div>\n";
    }

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
    o << "</body></html>\n";
    return o.str();
}

} // namespace

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
