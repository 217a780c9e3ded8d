#include "itk/period.hpp"

#include "itk/error.hpp"

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

Time parse_time_bound(const std::string& text, const char* flag)
{
    const auto t = parse_bound(text);
    if (!t) {
        fail_usage(std::string("invalid ") + flag + " '" + text + "': expected RFC 3339 or YYYY-MM-DD, from 1970 to 9999");
    }
    return *t;
}

const std::vector<std::string>& period_names()
{
    static const std::vector<std::string> names = {"last-week", "last-month"};
    return names;
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
    const auto bound = parse_time_bound;
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

} // namespace itk
