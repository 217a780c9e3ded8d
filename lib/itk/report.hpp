#pragma once
// KPI reports (SPEC §9) for the support manager and the process officer. Every figure is
// computed from the events as of the end of the period (`at < until`), so the November
// report run in January gives the November figures, byte for byte.

#include "itk/config.hpp"
#include "itk/ticket.hpp"

#include <optional>
#include <string>
#include <vector>

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
Period resolve_period(const std::optional<std::string>& period, const std::optional<std::string>& since,
                      const std::optional<std::string>& until, Time now);
/// The period of the same kind and length just before `p` (for `--trend`).
Period previous_period(const Period& p);
/// ISO 8601 week of a day: year and week number.
void iso_week(std::int64_t days, int& year, unsigned& week);

/// The KPIs of one period, as the JSON object of SPEC §9 (keys in the spec's order).
/// `group` keeps only tickets whose group (as of `until`) is that group.
/// `sla_by_priority`, when given, receives the SLA met/breached/rate per final priority
/// (`{"P1": {"response": {...}, "resolution": {...}}}`), which the html charts; it is not a
/// §9 key, so the JSON report stays exactly the spec's.
Json compute_report(const std::vector<Ticket>& tickets, const Config& config, const Period& period,
                    const std::optional<std::string>& group, Json* sla_by_priority = nullptr);

/// Percentile by nearest rank (p in (0, 100]) of sorted values; nullopt when empty.
std::optional<double> nearest_rank(const std::vector<std::int64_t>& sorted, double p);
/// Median of sorted values (mean of the two middle ones for an even count).
std::optional<double> median(const std::vector<std::int64_t>& sorted);

} // namespace itk
