// Tests of itk/timeutil: RFC 3339, durations, calendar arithmetic, the ITK_NOW clock.
// Expected instants were computed with `date -u -d <time> +%s`, not with the code under test.

#include "itk/error.hpp"
#include "itk/timeutil.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <vector>
#include <optional>
#include <string>

using namespace itk;

namespace {

// Restores $ITK_NOW on scope exit so that tests do not leak a fixed clock.
class NowGuard {
public:
    explicit NowGuard(const char* value)
    {
        if (const char* old = std::getenv("ITK_NOW")) {
            m_old = old;
        }
        if (value != nullptr) {
            ::setenv("ITK_NOW", value, 1);
        } else {
            ::unsetenv("ITK_NOW");
        }
    }
    ~NowGuard()
    {
        if (m_old) {
            ::setenv("ITK_NOW", m_old->c_str(), 1);
        } else {
            ::unsetenv("ITK_NOW");
        }
    }
    NowGuard(const NowGuard&) = delete;
    NowGuard& operator=(const NowGuard&) = delete;

private:
    std::optional<std::string> m_old;
};

} // namespace

TEST_CASE("timeutil: parse_rfc3339 reads UTC instants")
{
    CHECK(parse_rfc3339("2026-11-21T09:30:00Z") == Time{1795253400});
    CHECK(parse_rfc3339("1970-01-01T00:00:00Z") == Time{0});
    CHECK(parse_rfc3339("9999-12-31T23:59:59Z") == k_max_time);
    CHECK(parse_rfc3339("1999-12-31T23:00:00Z") == Time{946681200});
    // Lower-case separators are allowed by RFC 3339, and a space by its note on readability.
    CHECK(parse_rfc3339("2026-11-21t09:30:00z") == Time{1795253400});
    CHECK(parse_rfc3339("2026-11-21 09:30:00Z") == Time{1795253400});
}

TEST_CASE("timeutil: parse_rfc3339 applies offsets")
{
    CHECK(parse_rfc3339("2026-11-21T10:30:00+01:00") == Time{1795253400});
    CHECK(parse_rfc3339("2026-11-21T04:00:00-05:30") == Time{1795253400});
    CHECK(parse_rfc3339("2026-11-21T09:30:00+00:00") == Time{1795253400});
    CHECK(parse_rfc3339("2026-11-21T09:30:00-00:00") == Time{1795253400});
    // Crossing midnight and a year boundary through the offset.
    CHECK(parse_rfc3339("2000-01-01T01:00:00+02:00") == Time{946681200});
}

TEST_CASE("timeutil: parse_rfc3339 refuses instants before 1970 or after 9999, offsets included")
{
    // A time before the epoch or past year 9999 is one no file can hold (SPEC §3).
    CHECK_FALSE(parse_rfc3339("1969-12-31T23:59:59Z"));
    CHECK_FALSE(parse_rfc3339("1970-01-01T00:59:59+01:00"));
    CHECK(parse_rfc3339("1970-01-01T01:00:00+01:00") == Time{0});
    CHECK_FALSE(parse_rfc3339("9999-12-31T23:00:00-01:00"));
    CHECK_FALSE(parse_rfc3339("0000-01-01T00:00:00Z"));
}

TEST_CASE("timeutil: ITK_NOW before 1970 is a usage error")
{
    NowGuard guard("1969-07-20T20:17:00Z");
    CHECK(test::error_message(ErrorKind::usage, [] { now(); }) ==
          "invalid ITK_NOW '1969-07-20T20:17:00Z': expected RFC 3339 from 1970 to 9999, e.g. 2026-11-21T09:30:00Z");
}

TEST_CASE("timeutil: parse_duration refuses what would overflow, however many parts")
{
    CHECK(parse_duration("100000000w") == std::nullopt); // past 100 years
    CHECK(parse_duration("36600d") == k_max_duration);
    CHECK(parse_duration("36600d1s") == std::nullopt);
    std::string many;
    for (int i = 0; i < 200000; ++i) {
        many += "99999999w"; // each part alone is accepted by the parser; their sum passes 2^63
    }
    CHECK(parse_duration(many) == std::nullopt);
}

TEST_CASE("timeutil: parse_rfc3339 drops fractions of a second")
{
    CHECK(parse_rfc3339("2026-11-21T09:30:00.999Z") == Time{1795253400});
    CHECK(parse_rfc3339("2026-11-21T10:30:00.5+01:00") == Time{1795253400});
    CHECK(parse_rfc3339("2026-11-21T09:30:00.Z") == std::nullopt);
}

TEST_CASE("timeutil: parse_rfc3339 validates the calendar, with leap years")
{
    CHECK(parse_rfc3339("2024-02-29T23:59:59Z") == Time{1709251199});
    CHECK(parse_rfc3339("2000-02-29T12:00:00Z") == Time{951825600});
    CHECK(parse_rfc3339("2026-02-29T00:00:00Z") == std::nullopt); // 2026 is not a leap year
    CHECK(parse_rfc3339("1900-02-29T00:00:00Z") == std::nullopt); // a century is not, unless /400
    CHECK(parse_rfc3339("2026-02-30T00:00:00Z") == std::nullopt);
    CHECK(parse_rfc3339("2026-04-31T00:00:00Z") == std::nullopt);
    CHECK(parse_rfc3339("2026-13-01T00:00:00Z") == std::nullopt);
    CHECK(parse_rfc3339("2026-00-10T00:00:00Z") == std::nullopt);
    CHECK(parse_rfc3339("2026-01-00T00:00:00Z") == std::nullopt);
    CHECK(parse_rfc3339("2026-01-01T24:00:00Z") == std::nullopt);
    CHECK(parse_rfc3339("2026-01-01T23:60:00Z") == std::nullopt);
    CHECK(parse_rfc3339("2026-01-01T23:59:61Z") == std::nullopt);
    CHECK(parse_rfc3339("2026-03-01T00:00:00Z") == Time{1772323200});
    CHECK(parse_rfc3339("2100-03-01T00:00:00Z") == Time{4107542400});
}

TEST_CASE("timeutil: parse_rfc3339 refuses malformed text")
{
    for (const char* bad : {"", "2026-11-21", "2026-11-21T09:30:00", "2026-11-21T09:30Z", "2026/11/21T09:30:00Z",
                            "2026-11-21T09:30:00ZZ", "2026-11-21T09:30:00+0100", "2026-11-21T09:30:00+01",
                            "2026-11-21T09:30:00+24:00", "2026-11-21T09:30:00 Z", " 2026-11-21T09:30:00Z",
                            "26-11-21T09:30:00Z", "2026-1-21T09:30:00Z", "2026-11-21X09:30:00Z",
                            "2026-11-21T09:30:00+01:60", "abcd-ef-ghTij:kl:mnZ"}) {
        CAPTURE(bad);
        CHECK(parse_rfc3339(bad) == std::nullopt);
    }
}

TEST_CASE("timeutil: format_rfc3339 writes whole seconds in UTC")
{
    CHECK(format_rfc3339(1795253400) == "2026-11-21T09:30:00Z");
    CHECK(format_rfc3339(0) == "1970-01-01T00:00:00Z");
    CHECK(format_rfc3339(-1) == "1969-12-31T23:59:59Z");
    CHECK(format_rfc3339(1709251199) == "2024-02-29T23:59:59Z");
    CHECK(format_rfc3339(4107542400) == "2100-03-01T00:00:00Z");
}

TEST_CASE("timeutil: format and parse are inverse over many instants")
{
    // Every 7h13m over five years crosses leap days, month ends and year ends.
    for (Time t = 1700000000; t < 1700000000 + 5 * 366 * 86400; t += 7 * 3600 + 13 * 60 + 7) {
        const std::string text = format_rfc3339(t);
        REQUIRE(text.size() == 20);
        REQUIRE(parse_rfc3339(text) == t);
    }
}

TEST_CASE("timeutil: days_from_civil and civil_from_days")
{
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(2026, 11, 21) == 1795253400 / 86400);
    CHECK(days_from_civil(1969, 12, 31) == -1);
    CHECK(days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28) == 2);
    CHECK(days_from_civil(2023, 3, 1) - days_from_civil(2023, 2, 28) == 1);
    int y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days_from_civil(2024, 2, 29), y, m, d);
    CHECK(y == 2024);
    CHECK(m == 2u);
    CHECK(d == 29u);
    civil_from_days(-1, y, m, d);
    CHECK(y == 1969);
    CHECK(m == 12u);
    CHECK(d == 31u);
}

TEST_CASE("timeutil: parse_duration reads units and combinations")
{
    CHECK(parse_duration("45s") == Duration{45});
    CHECK(parse_duration("15m") == Duration{15 * 60});
    CHECK(parse_duration("4h") == Duration{4 * 3600});
    CHECK(parse_duration("3d") == Duration{3 * 86400});
    CHECK(parse_duration("2w") == Duration{14 * 86400});
    CHECK(parse_duration("1d12h") == Duration{36 * 3600});
    CHECK(parse_duration("1h30m15s") == Duration{3600 + 1800 + 15});
    CHECK(parse_duration("90m") == Duration{5400});
    CHECK(parse_duration("0s") == Duration{0});
}

TEST_CASE("timeutil: parse_duration refuses malformed text")
{
    for (const char* bad : {"", "15", "m", "15 m", "1d 12h", "15min", "1.5h", "-1h", "+1h", "1H", "1y", "h1",
                            "1d12", " 1h", "1h ", "99999999999s"}) {
        CAPTURE(bad);
        CHECK(parse_duration(bad) == std::nullopt);
    }
}

TEST_CASE("timeutil: format_duration shows the two largest units")
{
    CHECK(format_duration(3 * 3600 + 25 * 60) == "3h 25m");
    CHECK(format_duration(2 * 86400 + 4 * 3600) == "2d 4h");
    CHECK(format_duration(45) == "45s");
    CHECK(format_duration(0) == "0s");
    CHECK(format_duration(60) == "1m");
    CHECK(format_duration(90) == "1m 30s");
    CHECK(format_duration(86400 + 3600 + 60 + 1) == "1d 1h");
    CHECK(format_duration(14 * 86400) == "14d"); // weeks are for specs, people read days
    CHECK(format_duration(5 * 86400) == "5d");
    CHECK(format_duration(-(3 * 3600 + 25 * 60)) == "-3h 25m");
}

TEST_CASE("timeutil: format_duration_spec is exact and parses back")
{
    CHECK(format_duration_spec(36 * 3600) == "1d12h");
    CHECK(format_duration_spec(15 * 60) == "15m");
    CHECK(format_duration_spec(0) == "0s");
    CHECK(format_duration_spec(86400 + 3600 + 60 + 1) == "1d1h1m1s");
    for (const Duration d : {Duration{1}, Duration{59}, Duration{3600}, Duration{90061}, Duration{10 * 86400 + 7}}) {
        CAPTURE(d);
        CHECK(parse_duration(format_duration_spec(d)) == d);
    }
}

TEST_CASE("timeutil: ITK_NOW fixes the clock")
{
    {
        const NowGuard guard("2026-11-21T09:30:00Z");
        CHECK(clock_is_fixed());
        CHECK(now() == Time{1795253400});
    }
    {
        const NowGuard guard("2026-11-21T10:30:00+01:00");
        CHECK(now() == Time{1795253400});
    }
    {
        const NowGuard guard("yesterday");
        CHECK(clock_is_fixed());
        CHECK_THROWS_WITH(now(), "invalid ITK_NOW 'yesterday': expected RFC 3339 from 1970 to 9999, e.g. 2026-11-21T09:30:00Z");
        try {
            now();
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::usage);
        }
    }
    {
        const NowGuard guard(nullptr);
        CHECK_FALSE(clock_is_fixed());
        const Time t = now();
        CHECK(t > Time{1700000000}); // the system clock: after November 2023
    }
    {
        const NowGuard guard("");
        CHECK_FALSE(clock_is_fixed()); // an empty ITK_NOW is unset
    }
}

TEST_CASE("timeutil: format_rfc3339 writes what strftime writes, from 1970 to the end of 9999")
{
    // The digits are written by hand (a ticket file holds dozens of times): strftime is the reference.
    std::vector<Time> times = {0, 59, 3599, 86399, 86400, 951782400 /* 2000-02-29 */, 4107542399 /* 2100-02-28T23:59:59 */,
                               253402300799 /* 9999-12-31T23:59:59 */};
    for (Time t = 0; t < 253402300799; t += 7'777'777 + t / 50) {
        times.push_back(t);
    }
    for (const Time t : times) {
        const std::time_t tt = static_cast<std::time_t>(t);
        std::tm tm{};
        REQUIRE(::gmtime_r(&tt, &tm) != nullptr);
        char expected[40];
        REQUIRE(std::strftime(expected, sizeof expected, "%Y-%m-%dT%H:%M:%SZ", &tm) == 20);
        CHECK_MESSAGE(format_rfc3339(t) == expected, "at " << t);
        CHECK(parse_rfc3339(format_rfc3339(t)) == t);
    }
    CHECK(times.size() > 200);
}
