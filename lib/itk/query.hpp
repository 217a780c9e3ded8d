#pragma once
// Questions asked of tickets at an instant: SLA standing, staleness, and the filters and
// order of `itk list`.

#include "itk/config.hpp"
#include "itk/ticket.hpp"

#include <optional>
#include <string>
#include <vector>

namespace itk {

/// Standing of one SLA target at an instant. Time on hold does not count.
struct SlaClock {
    bool applies = false;          ///< false until the ticket is prioritised
    Duration target = 0;
    Duration elapsed = 0;          ///< counted time so far, or until the target was met
    bool done = false;             ///< the clock stopped (assigned / resolved)
    bool breached() const { return applies && elapsed > target; } ///< "within target" is <=
    Duration left() const { return target - elapsed; }
};

/// Response clock: open -> first assignment.
SlaClock response_clock(const Ticket& t, Time now);
/// Resolution clock: open -> resolve, minus time on hold.
SlaClock resolution_clock(const Ticket& t, Time now);

/// No event for longer than escalation.stale_after[priority] (wall clock); only for
/// tickets that are new, in progress or on hold.
bool is_stale(const Ticket& t, const Config& config, Time now);
/// Past an SLA target: not responded or not resolved within it (time on hold excluded).
bool is_breached(const Ticket& t, Time now);

/// The filters of `itk list` (SPEC §8). Text matches are case-insensitive.
struct ListFilter {
    std::vector<std::string> status, priority, type, owner, group, level, caller, service;
    std::optional<std::string> grep;
    std::optional<std::string> parent;
    bool major = false;
    bool open = false;  ///< not terminal and not resolved
    bool all = false;   ///< include terminal tickets
    bool stale = false;
    bool breached = false;
    std::optional<std::size_t> limit;
};

/// Tickets matching the filter, in list order: priority (unprioritised last), then age
/// (oldest first), then ID. Usage error on a filter value no ticket could ever have.
std::vector<const Ticket*> select(const std::vector<Ticket>& tickets, const ListFilter& filter, const Config& config,
                                  Time now);

} // namespace itk
