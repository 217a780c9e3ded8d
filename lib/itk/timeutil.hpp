#pragma once
// Time as whole seconds since the Unix epoch, UTC. GCC 12 has no std::chrono::parse, so
// RFC 3339, durations and calendar arithmetic live here, small and tested.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace itk {

using Time = std::int64_t;     ///< seconds since 1970-01-01T00:00:00Z
using Duration = std::int64_t; ///< seconds

/// Latest instant itk reads or writes, 9999-12-31T23:59:59Z; the earliest is the epoch. Within
/// these bounds no sum of times or durations itk makes can overflow.
inline constexpr Time k_max_time = 253402300799;
/// Longest duration itk reads: 100 years (an SLA target, a delay).
inline constexpr Duration k_max_duration = Duration{100} * 366 * 86400;

/// Parses RFC 3339 (`2026-11-21T09:30:00Z`, `2026-11-21T10:30:00+01:00`, fractions
/// dropped); nullopt when malformed or outside [1970, 9999].
std::optional<Time> parse_rfc3339(std::string_view text);
/// Formats as stored in files: `2026-11-21T09:30:00Z`.
std::string format_rfc3339(Time t);
/// Formats in the local time zone (TZ) for people: `2026-11-21 10:30`.
std::string format_local(Time t);

/// Parses `15m`, `4h`, `1d12h`, `2w` (units s, m, h, d, w); nullopt when malformed or longer
/// than k_max_duration.
std::optional<Duration> parse_duration(std::string_view text);
/// Formats for people, two largest units: `3h 25m`, `2d 4h`, `45s`, `0s`.
std::string format_duration(Duration d);
/// Formats as a config duration, exact and compact: `1d12h`.
std::string format_duration_spec(Duration d);

/// Days since the epoch of a civil date, and back (Howard Hinnant's algorithms).
std::int64_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d);

/// The current instant: `$ITK_NOW` when set (usage error if malformed), else the system clock.
Time now();
/// Whether `$ITK_NOW` fixes the clock.
bool clock_is_fixed();

} // namespace itk
