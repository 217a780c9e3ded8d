#pragma once
// Dates as other tools export them (SPEC §13): ServiceNow's `dd-mm-yyyy HH:MM`, GLPI's
// `2026-11-21 09:30`, Jira's `21/Nov/26 9:30 AM`, read in a time zone.

#include "itk/timeutil.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace itk {

/// A time zone of an import map: "UTC", a fixed offset "+01:00", or an IANA name
/// ("Europe/Paris", read from the system's tzdata).
class TimeZone {
public:
    /// Usage error on a malformed offset; invalid_data when the IANA name is unknown.
    explicit TimeZone(const std::string& name);
    /// The UTC instant of a local civil time.
    Time to_utc(int year, unsigned month, unsigned day, int hour, int minute, int second) const;

private:
    std::string m_name;
    std::optional<Duration> m_offset; ///< fixed offsets and UTC
};

/// Parses a date with a strptime-like format (%d %m %Y %y %H %I %M %S %p %b, any other
/// character literal; a space matches one or more spaces), or RFC 3339 when the format is
/// empty. nullopt when it does not match or is outside 1970..9999.
std::optional<Time> parse_source_date(std::string_view text, const std::string& format, const TimeZone& zone);

} // namespace itk
