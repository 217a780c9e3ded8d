#include "itk/report.hpp"

#include "itk/error.hpp"
#include "itk/lifecycle.hpp"
#include "itk/query.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>

namespace itk {

namespace {

constexpr Time k_day = 86400;

int to_int(std::string_view s)
{
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') {
            return -1;
        }
        v = v * 10 + (c - '0');
    }
    return s.empty() ? -1 : v;
}

// Monday (days since epoch) of ISO week 1 of a year.
std::int64_t iso_week1_monday(int year)
{
    const std::int64_t jan4 = days_from_civil(year, 1, 4);
    const std::int64_t weekday = ((jan4 + 3) % 7 + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
    return jan4 - weekday;
}

std::int64_t monday_of(std::int64_t days) { return days - ((days + 3) % 7 + 7) % 7; }

std::string two(unsigned v) { return (v < 10 ? "0" : "") + std::to_string(v); }

Period month_period(int y, unsigned m)
{
    const int ny = m == 12 ? y + 1 : y;
    const unsigned nm = m == 12 ? 1 : m + 1;
    return {days_from_civil(y, m, 1) * k_day, days_from_civil(ny, nm, 1) * k_day, "month", std::to_string(y) + "-" + two(m)};
}

Period week_period(std::int64_t monday)
{
    int y = 0;
    unsigned w = 0;
    iso_week(monday, y, w);
    return {monday * k_day, (monday + 7) * k_day, "week", std::to_string(y) + "-W" + two(w)};
}

Period day_period(std::int64_t days)
{
    int y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days, y, m, d);
    return {days * k_day, (days + 1) * k_day, "day", std::to_string(y) + "-" + two(m) + "-" + two(d)};
}

std::optional<Time> parse_bound(const std::string& s)
{
    if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
        return parse_rfc3339(s + "T00:00:00Z");
    }
    return parse_rfc3339(s);
}

std::int64_t floor_days(Time t) { return (t >= 0 ? t : t - (k_day - 1)) / k_day; }

} // namespace

void iso_week(std::int64_t days, int& year, unsigned& week)
{
    int y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days, y, m, d);
    // The ISO year is the year of the week's Thursday.
    const std::int64_t thursday = monday_of(days) + 3;
    civil_from_days(thursday, y, m, d);
    year = y;
    week = static_cast<unsigned>((thursday - iso_week1_monday(y)) / 7 + 1);
}

Period resolve_period(const std::optional<std::string>& period, const std::optional<std::string>& since,
                      const std::optional<std::string>& until, Time now)
{
    if (period && (since || until)) {
        fail_usage("give --period, or --since/--until, not both");
    }
    if (period) {
        const std::string& p = *period;
        const std::int64_t today = floor_days(now);
        if (p == "last-week") {
            return week_period(monday_of(today) - 7);
        }
        if (p == "last-month") {
            int y = 0;
            unsigned m = 0, d = 0;
            civil_from_days(today, y, m, d);
            return m == 1 ? month_period(y - 1, 12) : month_period(y, m - 1);
        }
        if (p.size() == 7 && p[4] == '-') {
            const int y = to_int(p.substr(0, 4));
            const int m = to_int(p.substr(5, 2));
            if (y >= 1970 && m >= 1 && m <= 12) {
                return month_period(y, static_cast<unsigned>(m));
            }
        } else if (p.size() == 8 && p[4] == '-' && (p[5] == 'W' || p[5] == 'w')) {
            const int y = to_int(p.substr(0, 4));
            const int w = to_int(p.substr(6, 2));
            if (y >= 1970 && w >= 1 && w <= 53) {
                const std::int64_t monday = iso_week1_monday(y) + (w - 1) * 7;
                int check_y = 0;
                unsigned check_w = 0;
                iso_week(monday, check_y, check_w);
                if (check_y == y) {
                    return week_period(monday);
                }
            }
        } else if (const auto day = parse_bound(p); day && p.size() == 10) {
            return day_period(floor_days(*day));
        }
        fail_usage("invalid --period '" + p + "': expected 2026-11, 2026-W47, 2026-11-21, last-week or last-month");
    }
    Period out;
    out.kind = "span";
    const auto bound = [](const std::string& s, const char* flag) {
        const auto t = parse_bound(s);
        if (!t) {
            fail_usage(std::string("invalid ") + flag + " '" + s + "': expected RFC 3339 or YYYY-MM-DD, from 1970 to 9999");
        }
        return *t;
    };
    out.until = until ? bound(*until, "--until") : now;
    out.since = since ? bound(*since, "--since") : out.until - 30 * k_day;
    if (out.since >= out.until) {
        fail_usage("empty period: --since " + format_rfc3339(out.since) + " is not before --until " + format_rfc3339(out.until));
    }
    out.label = format_rfc3339(out.since) + "/" + format_rfc3339(out.until);
    return out;
}

Period previous_period(const Period& p)
{
    if (p.kind == "month") {
        int y = 0;
        unsigned m = 0, d = 0;
        civil_from_days(floor_days(p.since), y, m, d);
        return m == 1 ? month_period(y - 1, 12) : month_period(y, m - 1);
    }
    if (p.kind == "week") {
        return week_period(floor_days(p.since) - 7);
    }
    if (p.kind == "day") {
        return day_period(floor_days(p.since) - 1);
    }
    const Time length = p.until - p.since;
    return {p.since - length, p.since, "span", format_rfc3339(p.since - length) + "/" + format_rfc3339(p.since)};
}

std::optional<double> nearest_rank(const std::vector<std::int64_t>& sorted, double p)
{
    if (sorted.empty()) {
        return std::nullopt;
    }
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return static_cast<double>(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]);
}

std::optional<double> median(const std::vector<std::int64_t>& sorted)
{
    if (sorted.empty()) {
        return std::nullopt;
    }
    const std::size_t n = sorted.size();
    return n % 2 == 1 ? static_cast<double>(sorted[n / 2])
                      : (static_cast<double>(sorted[n / 2 - 1]) + static_cast<double>(sorted[n / 2])) / 2.0;
}

namespace {

// What the KPIs need of one ticket, from its events before `until`.
struct Facts {
    Ticket state;                 ///< the replay as of until
    int functional_escalations = 0;
    int reopens = 0;
    std::vector<Time> hierarchical;
    std::optional<Time> closed_at, cancelled_at, redirected_at, major_at;
};

Facts facts_of(const Ticket& t, Time until)
{
    Facts f;
    // One pass, no copy of the events: the state as of until and the facts the KPIs need.
    for (const Json& ev : t.events) {
        if (event_time(ev) >= until) {
            break;
        }
        apply_event(f.state, ev);
        if (ev.contains("rejected")) {
            continue;
        }
        const std::string action = ev.value("action", std::string());
        const Time at = event_time(ev);
        if (action == "escalate") {
            if (ev.value("kind", std::string()) == "hierarchical") {
                f.hierarchical.push_back(at);
            } else {
                ++f.functional_escalations;
            }
        } else if (action == "reopen") {
            ++f.reopens;
        } else if (action == "close") {
            f.closed_at = at;
        } else if (action == "cancel") {
            f.cancelled_at = at;
        } else if (action == "categorize" && ev.value("type", std::string()) != "incident") {
            f.redirected_at = at;
        } else if ((action == "prioritize" && ev.value("major", false)) || action == "major") {
            if (!f.major_at) {
                f.major_at = at;
            }
        }
    }
    return f;
}

Json rate(std::size_t num, std::size_t den) { return den == 0 ? Json(nullptr) : Json(static_cast<double>(num) / static_cast<double>(den)); }

Json mean_of(const std::vector<std::int64_t>& v)
{
    if (v.empty()) {
        return nullptr;
    }
    return static_cast<double>(std::accumulate(v.begin(), v.end(), std::int64_t{0})) / static_cast<double>(v.size());
}

Json opt_number(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json mttr_json(std::vector<std::int64_t> v)
{
    std::sort(v.begin(), v.end());
    return Json{{"mean", mean_of(v)}, {"median", opt_number(median(v))}, {"p90", opt_number(nearest_rank(v, 90))}};
}

} // namespace

Json compute_report(const std::vector<Ticket>& tickets, const Config& config, const Period& period,
                    const std::optional<std::string>& group, Json* sla_by_priority)
{
    const Time since = period.since;
    const Time until = period.until;
    const auto in_period = [&](const std::optional<Time>& t) { return t && *t >= since && *t < until; };

    std::size_t opened = 0, closed = 0, cancelled = 0, redirected_request = 0, redirected_change = 0;
    std::size_t resolved = 0, first_level = 0, reopened = 0, escalated = 0, hierarchical = 0;
    std::size_t response_met = 0, response_breached = 0, resolution_met = 0, resolution_breached = 0;
    std::size_t closed_scored = 0;
    // [priority] -> {response met, response breached, resolution met, resolution breached}
    std::map<std::string, std::array<std::size_t, 4>> sla_by;
    std::vector<std::int64_t> scores;
    std::vector<std::int64_t> mtta_all;
    std::map<std::string, std::vector<std::int64_t>> mtta_by;
    std::vector<std::int64_t> mttr_all;
    std::map<std::string, std::vector<std::int64_t>> mttr_by;
    std::size_t backlog = 0, stale = 0, breached = 0;
    std::map<std::string, std::size_t> by_priority;
    for (const auto& p : config.priorities) {
        by_priority[p] = 0;
    }
    std::size_t unprioritized = 0;
    std::size_t age[4] = {0, 0, 0, 0};
    Json majors = Json::array();

    std::vector<Facts> all;
    all.reserve(tickets.size());
    std::map<std::string, std::size_t> children; // parent ID -> children as of until
    for (const Ticket& t : tickets) {
        if (t.opened_at >= until) {
            continue; // did not exist yet
        }
        all.push_back(facts_of(t, until));
        if (all.back().state.parent) {
            ++children[*all.back().state.parent];
        }
    }
    for (const Facts& f : all) {
        const Ticket& s = f.state;
        if (group && s.group != group) {
            continue;
        }
        if (s.status == Status::redirected) {
            if (in_period(f.redirected_at)) {
                (s.type == "change" ? redirected_change : redirected_request) += 1;
            }
            continue;
        }
        if (s.type != "incident") {
            continue; // not categorised yet: not an incident, not a request
        }
        const std::string priority = s.priority.value_or("");

        if (in_period(s.opened_at)) {
            ++opened;
            if (f.functional_escalations > 0) {
                ++escalated;
            }
            if (s.first_assigned_at) {
                const std::int64_t mtta = *s.first_assigned_at - s.opened_at;
                mtta_all.push_back(mtta);
                if (!priority.empty()) {
                    mtta_by[priority].push_back(mtta);
                }
            }
            const SlaClock response = response_clock(s, until);
            if (response.applies) {
                if (response.breached()) {
                    ++response_breached;
                    ++sla_by[priority][1];
                } else if (response.done) {
                    ++response_met;
                    ++sla_by[priority][0];
                }
            }
        }
        if ((s.status == Status::resolved || s.status == Status::closed) && in_period(s.resolved_at)) {
            ++resolved;
            const std::int64_t ttr = *s.resolved_at - s.opened_at - s.held_until(*s.resolved_at);
            mttr_all.push_back(ttr);
            if (!priority.empty()) {
                mttr_by[priority].push_back(ttr);
            }
            if (s.sla_resolution) {
                const bool met = ttr <= *s.sla_resolution;
                (met ? resolution_met : resolution_breached) += 1;
                ++sla_by[priority][met ? 2 : 3];
            }
            if (f.functional_escalations == 0) {
                ++first_level;
            }
            if (f.reopens > 0) {
                ++reopened;
            }
        }
        if (in_period(f.closed_at)) {
            ++closed;
            if (s.closure && s.closure->satisfaction) {
                ++closed_scored;
                scores.push_back(*s.closure->satisfaction);
            }
        }
        if (in_period(f.cancelled_at)) {
            ++cancelled;
        }
        hierarchical += static_cast<std::size_t>(
            std::count_if(f.hierarchical.begin(), f.hierarchical.end(), [&](Time at) { return in_period(at); }));
        if (s.status == Status::fresh || s.status == Status::in_progress || s.status == Status::on_hold) {
            ++backlog;
            if (priority.empty()) {
                ++unprioritized;
            } else {
                ++by_priority[priority];
            }
            const Time a = until - s.opened_at;
            age[a < k_day ? 0 : a < 3 * k_day ? 1 : a < 7 * k_day ? 2 : 3] += 1;
            if (is_stale(s, config, until)) {
                ++stale;
            }
            if (resolution_clock(s, until).breached()) {
                ++breached;
            }
        }
        if (s.major && in_period(f.major_at)) {
            const bool done = s.status == Status::resolved || s.status == Status::closed;
            Json m;
            m["id"] = s.id;
            m["title"] = s.title;
            m["declared_at"] = format_rfc3339(*f.major_at);
            m["resolved_at"] = done ? Json(format_rfc3339(*s.resolved_at)) : Json(nullptr);
            m["duration_seconds"] = done ? Json(*s.resolved_at - *f.major_at) : Json(nullptr);
            m["children"] = children[s.id];
            m["postmortem"] = s.postmortem;
            majors.push_back(m);
        }
    }
    std::sort(majors.begin(), majors.end(), [](const Json& a, const Json& b) {
        return std::tie(a["declared_at"], a["id"]) < std::tie(b["declared_at"], b["id"]);
    });

    if (sla_by_priority != nullptr) {
        *sla_by_priority = Json::object();
        for (const auto& p : config.priorities) {
            const auto& c = sla_by[p];
            (*sla_by_priority)[p] = Json{{"response", Json{{"met", c[0]}, {"breached", c[1]}, {"rate", rate(c[0], c[0] + c[1])}}},
                                         {"resolution", Json{{"met", c[2]}, {"breached", c[3]}, {"rate", rate(c[2], c[2] + c[3])}}}};
        }
    }

    Json r;
    r["period"] = Json{{"since", format_rfc3339(since)}, {"until", format_rfc3339(until)}};
    r["opened"] = opened;
    r["resolved"] = resolved;
    r["closed"] = closed;
    r["cancelled"] = cancelled;
    r["redirected"] = Json{{"request", redirected_request}, {"change", redirected_change}};
    Json mtta = Json{{"all", mean_of(mtta_all)}};
    Json mttr = Json{{"all", mttr_json(mttr_all)}};
    for (const auto& p : config.priorities) {
        mtta[p] = mean_of(mtta_by[p]);
        mttr[p] = mttr_json(mttr_by[p]);
    }
    r["mtta_seconds"] = mtta;
    r["mttr_seconds"] = mttr;
    r["sla"] = Json{{"response", Json{{"met", response_met}, {"breached", response_breached},
                                      {"rate", rate(response_met, response_met + response_breached)}}},
                    {"resolution", Json{{"met", resolution_met}, {"breached", resolution_breached},
                                        {"rate", rate(resolution_met, resolution_met + resolution_breached)}}}};
    r["first_level_resolution_rate"] = rate(first_level, resolved);
    r["escalation_rate"] = rate(escalated, opened);
    r["hierarchical_escalations"] = hierarchical;
    r["reopen_rate"] = rate(reopened, resolved);
    Json bp = Json::object();
    for (const auto& p : config.priorities) {
        bp[p] = by_priority[p];
    }
    bp["unprioritized"] = unprioritized;
    r["backlog"] = Json{{"total", backlog},
                        {"by_priority", bp},
                        {"by_age", Json{{"<1d", age[0]}, {"1-3d", age[1]}, {"3-7d", age[2]}, {">7d", age[3]}}},
                        {"stale", stale},
                        {"breached", breached}};
    r["major"] = majors;
    r["satisfaction"] = Json{{"responses", closed_scored}, {"mean", mean_of(scores)}, {"response_rate", rate(closed_scored, closed)}};
    return r;
}

} // namespace itk
