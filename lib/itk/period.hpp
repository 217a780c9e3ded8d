#pragma once
// The periods of `itk report` (SPEC §9): a month, an ISO week, a day, or a span, half-open
// [since, until) in UTC.

#include "itk/timeutil.hpp"

#include <optional>
#include <string>

namespace itk {

/// A half-open period [since, until), in UTC, and how to step to the one before it.
struct Period {
    Time since = 0;
    Time until = 0;
    std::string kind;  ///< "month", "week", "day" or "span" (a fixed length)
    std::string label; ///< "2026-11", "2026-W47", "2026-11-21", or "since/until"
};

/// Resolves the period options of `itk report`: `period` (2026-11, 2026-W47, 2026-11-21,
/// last-week, last-month), or `since`/`until` (RFC 3339 or YYYY-MM-DD, midnight UTC);
/// default the 30 days before `now`. Usage error on a malformed value or an empty period.
/// The named periods resolve_period takes besides dates (for completion).
const std::vector<std::string>& period_names();
Period resolve_period(const std::optional<std::string>& period, const std::optional<std::string>& since,
                      const std::optional<std::string>& until, Time now);
/// A time argument (`--since`, `--opened-since`): RFC 3339 or YYYY-MM-DD (midnight UTC);
/// usage error naming `flag` otherwise.
Time parse_time_bound(const std::string& text, const char* flag);
/// The period of the same kind and length just before `p` (for `--trend`).
Period previous_period(const Period& p);
/// ISO 8601 week of a day: year and week number.
void iso_week(std::int64_t days, int& year, unsigned& week);

} // namespace itk
