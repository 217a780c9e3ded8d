// itk report: the KPIs of a period (SPEC §9) as text, markdown, json, csv or html. A
// corrupt ticket file is named on stderr and left out; the exit code is then 5.

#include "commands.hpp"

#include "itk/listing.hpp"
#include "itk/report_render.hpp"
#include "itk/text.hpp"


namespace itk::cmd {

namespace {

struct Options {
    std::optional<std::string> since, until, period, group;
    std::vector<std::string> where;
    std::string format = "text";
    int trend = 0;
};

int run(const Options& o, const Globals& g)
{
    const ReportFormat format = g.json ? ReportFormat::json : parse_report_format(o.format);
    if (o.trend < 0 || o.trend > 36) {
        throw Error(ErrorKind::usage, "invalid --trend '" + std::to_string(o.trend) + "': expected 0 to 36 periods");
    }
    Store store = open_store(g);
    const Config& cfg = store.config();
    const Period period = resolve_period(o.period, o.since, o.until, now());
    const ReportFilter filter{o.group, parse_where(cfg, o.where)};
    std::vector<BadFile> bad;
    std::vector<ReportPage> trend = report_pages(store, cfg, period, o.trend, filter, bad);
    const ReportPage current = trend.back();
    trend.pop_back();
    out(render_report(current, trend, cfg, format));
    for (const BadFile& b : bad) {
        error_line(b.message);
    }
    return bad.empty() ? 0 : exit_code(ErrorKind::invalid_data);
}

} // namespace

void register_report(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("report", "KPI report of a period: volumes, MTTA, MTTR, SLA, backlog, majors",
                             [o, &g] { return run(*o, g); });
    c.option("--since", o->since, "Start, included (RFC 3339 or YYYY-MM-DD, UTC)", Values::time);
    c.option("--until", o->until, "End, excluded (default: now)", Values::time);
    c.option("--period", o->period, "2026-11, 2026-W47, 2026-11-21, last-week or last-month", Values::period);
    c.option("--group", o->group, "Only tickets of this group (as of the end of the period)", Values::group);
    c.repeated("--where", o->where, "Only tickets whose custom field or string key KEY is VALUE", Values::field_where);
    c.option("--format", o->format, "text, markdown, json, csv or html", Values::report_format);
    c.option("--trend", o->trend, "html: also chart the N periods before, side by side");
}

} // namespace itk::cmd
