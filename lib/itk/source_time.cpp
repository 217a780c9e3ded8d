#include "itk/source_time.hpp"

#include "itk/error.hpp"

#include <array>
#include <cstdlib>
#include <ctime>

namespace itk {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// Reads 1 to `max` digits at pos (exactly `max` when `exact`).
std::optional<int> number(std::string_view s, std::size_t& pos, std::size_t max, bool exact)
{
    std::size_t n = 0;
    int v = 0;
    while (pos < s.size() && n < max && digit(s[pos])) {
        v = v * 10 + (s[pos] - '0');
        ++pos;
        ++n;
    }
    if (n == 0 || (exact && n != max)) {
        return std::nullopt;
    }
    return v;
}

const std::array<const char*, 12> k_months = {"jan", "feb", "mar", "apr", "may", "jun",
                                               "jul", "aug", "sep", "oct", "nov", "dec"};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

unsigned days_in(int y, unsigned m)
{
    static const unsigned k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : k_days[m - 1];
}

struct Civil {
    int year = -1, month = -1, day = -1, hour = 0, minute = 0, second = 0;
    int pm = -1; // -1: no %p
};

bool field(std::string_view s, std::size_t& pos, char f, Civil& c)
{
    std::optional<int> v;
    switch (f) {
    case 'd':
        return (v = number(s, pos, 2, false)) && (c.day = *v, true);
    case 'm':
        return (v = number(s, pos, 2, false)) && (c.month = *v, true);
    case 'Y':
        return (v = number(s, pos, 4, true)) && (c.year = *v, true);
    case 'y':
        return (v = number(s, pos, 2, true)) && (c.year = 2000 + *v, true);
    case 'H':
    case 'I':
        return (v = number(s, pos, 2, false)) && (c.hour = *v, true);
    case 'M':
        return (v = number(s, pos, 2, true)) && (c.minute = *v, true);
    case 'S':
        return (v = number(s, pos, 2, true)) && (c.second = *v, true);
    case 'p':
        if (pos + 2 <= s.size() && (lower(s[pos + 1]) == 'm') && (lower(s[pos]) == 'a' || lower(s[pos]) == 'p')) {
            c.pm = lower(s[pos]) == 'p' ? 1 : 0;
            pos += 2;
            return true;
        }
        return false;
    case 'b':
        for (std::size_t m = 0; m < k_months.size(); ++m) {
            if (pos + 3 <= s.size() && lower(s[pos]) == k_months[m][0] && lower(s[pos + 1]) == k_months[m][1] &&
                lower(s[pos + 2]) == k_months[m][2]) {
                c.month = static_cast<int>(m) + 1;
                pos += 3;
                return true;
            }
        }
        return false;
    default:
        return false;
    }
}

} // namespace

TimeZone::TimeZone(const std::string& name) : m_name(name)
{
    if (name.empty() || name == "UTC" || name == "Z") {
        m_offset = 0;
        return;
    }
    if (name[0] == '+' || name[0] == '-') {
        std::size_t pos = 1;
        const auto h = number(name, pos, 2, true);
        const bool colon = pos < name.size() && name[pos] == ':';
        pos += colon ? 1 : 0;
        const auto m = number(name, pos, 2, true);
        if (!h || !m || pos != name.size() || *h > 14 || *m > 59) {
            fail_usage("invalid time zone '" + name + "': expected UTC, +HH:MM or a name like Europe/Paris");
        }
        m_offset = (*h * 3600 + *m * 60) * (name[0] == '-' ? -1 : 1);
        return;
    }
    // A name: it must exist in the system's tzdata (tzset would silently take UTC).
    const std::string file = "/usr/share/zoneinfo/" + name;
    std::FILE* f = name.find("..") == std::string::npos ? std::fopen(file.c_str(), "rb") : nullptr;
    if (f == nullptr) {
        fail_invalid("unknown time zone '" + name + "' (no " + file + "; install tzdata, or give an offset like +01:00)");
    }
    std::fclose(f);
}

Time TimeZone::to_utc(int year, unsigned month, unsigned day, int hour, int minute, int second) const
{
    const Time civil = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    if (m_offset) {
        return civil - *m_offset;
    }
    // An IANA zone: mktime under TZ=name (imports run on one thread); DST resolved by the zone.
    const char* old = std::getenv("TZ");
    const std::string saved = old != nullptr ? old : "";
    ::setenv("TZ", m_name.c_str(), 1);
    ::tzset();
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = static_cast<int>(month) - 1;
    tm.tm_mday = static_cast<int>(day);
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    tm.tm_isdst = -1;
    const std::time_t t = std::mktime(&tm);
    if (old != nullptr) {
        ::setenv("TZ", saved.c_str(), 1);
    } else {
        ::unsetenv("TZ");
    }
    ::tzset();
    return static_cast<Time>(t);
}

std::optional<Time> parse_source_date(std::string_view s, const std::string& format, const TimeZone& zone)
{
    if (format.empty()) {
        return parse_rfc3339(s);
    }
    Civil c;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] == '%' && i + 1 < format.size()) {
            if (!field(s, pos, format[++i], c)) {
                return std::nullopt;
            }
        } else if (format[i] == ' ') {
            if (pos >= s.size() || s[pos] != ' ') {
                return std::nullopt;
            }
            while (pos < s.size() && s[pos] == ' ') {
                ++pos;
            }
        } else if (pos >= s.size() || s[pos++] != format[i]) {
            return std::nullopt;
        }
    }
    if (pos != s.size() || c.year < 1970 || c.year > 9999 || c.month < 1 || c.month > 12 || c.day < 1 ||
        static_cast<unsigned>(c.day) > days_in(c.year, static_cast<unsigned>(c.month)) || c.minute > 59 || c.second > 59) {
        return std::nullopt;
    }
    if (c.pm >= 0) {
        if (c.hour < 1 || c.hour > 12) {
            return std::nullopt;
        }
        c.hour = c.hour % 12 + (c.pm == 1 ? 12 : 0);
    }
    if (c.hour > 23) {
        return std::nullopt;
    }
    const Time t = zone.to_utc(c.year, static_cast<unsigned>(c.month), static_cast<unsigned>(c.day), c.hour, c.minute,
                               c.second);
    if (t < 0 || t > k_max_time) {
        return std::nullopt;
    }
    return t;
}

} // namespace itk
