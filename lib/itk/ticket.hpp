#pragma once
// The ticket (SPEC §5): its events, and the projection of those events (projection.hpp
// computes it; ticket_file.hpp reads and writes the file). The projection is what people and
// scripts read; `itk fsck` checks that the file's copy equals the replay.

#include "itk/event.hpp"
#include "itk/timeutil.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itk {

/// Ticket status. `fresh` is "new" in files (`new` is a C++ keyword).
enum class Status { fresh, in_progress, on_hold, resolved, closed, cancelled, redirected };

/// The file spelling of a status.
std::string_view to_string(Status status);
/// Parses a file spelling; nullopt when unknown.
std::optional<Status> parse_status(std::string_view text);
/// closed, cancelled and redirected: no further change is possible.
bool is_terminal(Status status);
/// new, in_progress, on_hold: somebody has work to do (the backlog).
bool is_working(Status status);
/// The keys of a ticket file, in file order (SPEC §5), `events` last.
const std::vector<std::string>& ticket_keys();
/// Every status, in lifecycle order.
const std::vector<Status>& all_statuses();

/// Index of an awaiting kind in awaiting_kinds() (user, vendor, …, other); other when unknown.
std::size_t awaiting_index(const OptString& kind);

struct Resolution {
    std::string kind; ///< "workaround" or "permanent"
    OptString code;
    std::string notes;
    Time at = 0;
    std::string by;
};

struct Closure {
    OptString confirmed_by;
    std::optional<int> satisfaction;
    OptString comment;
    bool unconfirmed = false;
    Time at = 0;
    std::string by;
};

/// One ticket: its projection, its events, and keys this version does not know (preserved).
struct Ticket {
    std::string id;
    std::string title;
    std::string description;
    OptString type;
    Status status = Status::fresh;
    Person caller;
    Person affected;
    OptString channel;
    OptString service;
    OptString category;
    OptString subcategory;
    OptString impact;
    OptString urgency;
    OptString priority;
    bool major = false;
    std::string level;
    OptString group;
    OptString owner;
    OptString coordinator;
    std::int64_t reassignments = 0;
    OptString parent;
    OptString follows;
    OptString duplicate_of;
    OptString ref;
    OptString dedup;
    OptString problem, change, caused_by;
    OptString hold_reason;
    OptString awaiting;
    std::optional<Resolution> resolution;
    std::optional<Closure> closure;
    Fields fields;
    std::optional<Source> source;
    Time opened_at = 0;
    Time updated_at = 0;
    std::vector<Event> events;
    Json extra = Json::object(); ///< unknown top-level keys, written back after the known ones
    /// Keys added to schema 1 after its first release that the file read did not hold: fsck
    /// accepts their absence, and the next change writes them (SPEC §5).
    std::vector<std::string> absent_keys;

    // Derived from the events, never stored as keys of their own:
    std::optional<Duration> sla_response;   ///< from the last prioritisation
    std::optional<Duration> sla_resolution; ///< from the last prioritisation
    bool coordination_required = false;     ///< from the last prioritisation
    std::optional<Time> first_assigned_at;  ///< the response (MTTA, response SLA)
    Duration held_at_response = 0;          ///< time on pausing holds before the response
    std::optional<Time> resolved_at;        ///< last resolve, while resolved or closed
    std::optional<Time> on_hold_since;      ///< start of the current hold
    bool hold_pauses = true;                ///< whether the current hold stops the SLA clocks
    Duration held = 0;                      ///< time on holds that stop the clocks, finished holds
    std::array<Duration, 6> held_by_kind{}; ///< time on hold per awaiting kind, finished holds
    OptString last_group;                   ///< the last group it was routed to (reassignments)
    bool postmortem = false;                ///< a post-mortem was written
    std::vector<std::string> children;      ///< IDs listed by link_child events (may be stale)
    Time last_at = 0;                       ///< time of the last event applied, rejected ones included

    /// Time on holds that stop the clocks, up to `at` (finished holds plus the current one).
    Duration held_until(Time at) const;
    /// Time on hold waiting for awaiting_kinds()[kind], paused or not, up to `at`.
    Duration held_for(std::size_t kind, Time at) const;
    /// Time of the last event (opened_at for a ticket with one event).
    Time last_event_at() const { return last_at; }
};

} // namespace itk
