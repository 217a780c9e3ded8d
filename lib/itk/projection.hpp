#pragma once
// The projection of events onto a ticket (SPEC §5): a pure function of the events alone,
// with no rule check (lifecycle.hpp checks) and no config (every value derived from it is in
// the event that set it). A replay is what reading a file, a merge, fsck and the report's
// as-of computation do.

#include "itk/ticket.hpp"

#include <functional>
#include <optional>
#include <vector>

namespace itk {

/// Applies one event to a projection with no rule check. An event marked rejected (a merge,
/// an import) has no effect but its time.
void apply(Ticket& ticket, const Event& event);

/// Replays events into a fresh projection; only events with `at < until` when given. `seen`,
/// when given, is called after each event applied, with the state it left. Without
/// `keep_events`, the projection's events stay empty (a report needs the state, not a copy).
Ticket replay(const std::vector<Event>& events, std::optional<Time> until = std::nullopt,
              const std::function<void(const Ticket&, const Event&)>& seen = {}, bool keep_events = true);
/// Replays events it may take (no copy): what reading a file does.
Ticket replay(std::vector<Event>&& events);

} // namespace itk
