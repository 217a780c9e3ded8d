#include "itk/timeutil.hpp"

#include "itk/error.hpp"

#include <cstdlib>
#include <ctime>
#include <vector>

namespace itk {

std::int64_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly n digits at pos; false if any is not a digit.
bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out)
{
    if (pos + n > s.size()) {
        return false;
    }
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (!is_digit(s[i])) {
            return false;
        }
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

unsigned days_in_month(int y, unsigned m)
{
    static const unsigned k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : k_days[m - 1];
}

} // namespace

std::optional<Time> parse_rfc3339(std::string_view s)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
    if (!read_digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !read_digits(s, 5, 2, mo) ||
        s[7] != '-' || !read_digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        !read_digits(s, 11, 2, h) || s[13] != ':' || !read_digits(s, 14, 2, mi) || s[16] != ':' ||
        !read_digits(s, 17, 2, se)) {
        return std::nullopt;
    }
    if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(mo)) ||
        h > 23 || mi > 59 || se > 60) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < s.size() && is_digit(s[pos])) {
            ++pos;
        }
        if (pos == start) {
            return std::nullopt;
        }
    }
    if (pos >= s.size()) {
        return std::nullopt;
    }
    std::int64_t offset = 0;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        int oh = 0, om = 0;
        if (!read_digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
            return std::nullopt;
        }
        offset = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) {
        return std::nullopt;
    }
    const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    const Time t = days * 86400 + h * 3600 + mi * 60 + (se == 60 ? 59 : se) - offset;
    if (t < 0 || t > k_max_time) {
        return std::nullopt; // before 1970 or after 9999, once the offset applies
    }
    return t;
}

std::string format_rfc3339(Time t)
{
    std::int64_t days = t / 86400;
    std::int64_t secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        --days;
    }
    int y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days, y, m, d);
    if (y < 0 || y > 9999) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, static_cast<int>(secs / 3600),
                      static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
        return buf;
    }
    // Every ticket file holds a few dozen of these: digits written by hand, not by snprintf.
    std::string out = "0000-00-00T00:00:00Z";
    const auto put = [&](std::size_t at, unsigned value, int width) {
        for (int k = width - 1; k >= 0; --k, value /= 10) {
            out[at + static_cast<std::size_t>(k)] = static_cast<char>('0' + value % 10);
        }
    };
    put(0, static_cast<unsigned>(y), 4), put(5, m, 2), put(8, d, 2);
    put(11, static_cast<unsigned>(secs / 3600), 2), put(14, static_cast<unsigned>(secs / 60 % 60), 2);
    put(17, static_cast<unsigned>(secs % 60), 2);
    return out;
}

std::string format_local(Time t)
{
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

std::optional<Duration> parse_duration(std::string_view s)
{
    if (s.empty()) {
        return std::nullopt;
    }
    Duration total = 0;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t start = pos;
        Duration n = 0;
        while (pos < s.size() && is_digit(s[pos])) {
            n = n * 10 + (s[pos] - '0');
            if (n > 100'000'000) {
                return std::nullopt;
            }
            ++pos;
        }
        if (pos == start || pos == s.size()) {
            return std::nullopt;
        }
        switch (s[pos]) {
        case 's':
            break;
        case 'm':
            n *= 60;
            break;
        case 'h':
            n *= 3600;
            break;
        case 'd':
            n *= 86400;
            break;
        case 'w':
            n *= 7 * 86400;
            break;
        default:
            return std::nullopt;
        }
        ++pos;
        total += n; // at most 1e8 weeks a part, and checked after each: no overflow
        if (total > k_max_duration) {
            return std::nullopt;
        }
    }
    return total;
}

namespace {

struct Unit {
    Duration seconds;
    const char* name;
};
const Unit k_units[] = {{7 * 86400, "w"}, {86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};

} // namespace

std::string format_duration(Duration d)
{
    std::string sign;
    if (d < 0) {
        sign = "-";
        d = -d;
    }
    // People read days, hours, minutes: weeks only in specs; two units are enough at a glance.
    std::vector<std::string> parts;
    for (const Unit& u : k_units) {
        if (u.seconds == 7 * 86400) {
            continue;
        }
        if (d >= u.seconds && parts.size() < 2) {
            parts.push_back(std::to_string(d / u.seconds) + u.name);
            d %= u.seconds;
        } else if (!parts.empty()) {
            break;
        }
    }
    if (parts.empty()) {
        return "0s";
    }
    std::string out = sign + parts[0];
    if (parts.size() > 1) {
        out += " " + parts[1];
    }
    return out;
}

std::string format_duration_spec(Duration d)
{
    if (d == 0) {
        return "0s";
    }
    std::string out;
    for (const Unit& u : k_units) {
        if (u.seconds == 7 * 86400) {
            continue;
        }
        if (d >= u.seconds) {
            out += std::to_string(d / u.seconds) + u.name;
            d %= u.seconds;
        }
    }
    return out;
}

bool clock_is_fixed()
{
    const char* env = std::getenv("ITK_NOW");
    return env != nullptr && *env != '\0';
}

Time now()
{
    if (clock_is_fixed()) {
        const char* env = std::getenv("ITK_NOW");
        const auto t = parse_rfc3339(env);
        if (!t) {
            fail_usage("invalid ITK_NOW '" + std::string(env) +
                       "': expected RFC 3339 from 1970 to 9999, e.g. 2026-11-21T09:30:00Z");
        }
        return *t;
    }
    return static_cast<Time>(std::time(nullptr));
}

} // namespace itk
