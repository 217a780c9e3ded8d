#pragma once
// The ticket (SPEC §5): an append-only list of events and the projection of those events.
// The projection is a pure function of the events (apply_event() below); files store both so that
// people and scripts can read the current state, and `itk fsck` checks they agree.

#include "itk/timeutil.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itk {

using Json = nlohmann::ordered_json;
using OptString = std::optional<std::string>;

/// Ticket status. `fresh` is "new" in files (`new` is a C++ keyword).
enum class Status { fresh, in_progress, on_hold, resolved, closed, cancelled, redirected };

/// The file spelling of a status.
std::string_view to_string(Status status);
/// Parses a file spelling; nullopt when unknown.
std::optional<Status> parse_status(std::string_view text);
/// closed, cancelled and redirected: no further change is possible.
bool is_terminal(Status status);
/// Every status, in lifecycle order.
const std::vector<Status>& all_statuses();

/// Someone who calls or is concerned (step 1: "qui appelle ? qui est concerné ?").
struct Person {
    std::string name;
    OptString contact;
    /// Matches a name or a contact, case-insensitively (SPEC §3).
    bool matches(std::string_view who) const;
    bool operator==(const Person&) const = default;
};

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
    OptString parent;
    OptString follows;
    OptString duplicate_of;
    OptString ref;
    OptString dedup;
    OptString hold_reason;
    std::optional<Resolution> resolution;
    std::optional<Closure> closure;
    Time opened_at = 0;
    Time updated_at = 0;
    std::vector<Json> events;
    Json extra = Json::object(); ///< unknown top-level keys, written back after the known ones

    // Derived from the events, never stored as keys of their own:
    std::optional<Duration> sla_response;   ///< from the last prioritisation
    std::optional<Duration> sla_resolution; ///< from the last prioritisation
    bool coordination_required = false;     ///< from the last prioritisation
    std::optional<Time> first_assigned_at;  ///< the response (MTTA, response SLA)
    std::optional<Time> resolved_at;        ///< last resolve, while resolved or closed
    std::optional<Time> on_hold_since;      ///< start of the current hold
    Duration held = 0;                      ///< total time on hold, finished holds only
    bool postmortem = false;                ///< a post-mortem was written
    std::vector<std::string> children;      ///< IDs listed by link_child events (may be stale)
    Time last_at = 0;                       ///< time of the last event applied, rejected ones included

    /// Time spent on hold up to `at` (finished holds plus the current one).
    Duration held_until(Time at) const;
    /// Time of the last event (opened_at for a ticket with one event).
    Time last_event_at() const;
};

/// The projection and events as a JSON object, keys in SPEC §5 order.
Json to_json(const Ticket& ticket);
/// The exact bytes of a ticket file: 2-space indent, trailing newline.
std::string serialize(const Ticket& ticket);
/// Parses a ticket file and replays its events. invalid_data errors name `path` and, for
/// JSON errors and conflict markers, the line and column.
Ticket parse_ticket(std::string_view text, const std::string& path);
/// The stored projection of a file (all keys but events), for `fsck` to compare with a replay.
Json stored_projection(std::string_view text, const std::string& path);

/// Whether a string can be a ticket ID, hence a file's stem: letters, digits, '-', '_'
/// (never a path, wherever it comes from: an argument or a file).
bool is_id_syntax(std::string_view text);

/// Typed access to event fields, throwing invalid_data on a malformed event.
std::string event_string(const Json& event, const char* key);
OptString event_opt_string(const Json& event, const char* key);
/// A ticket ID held by an event (id, parent, child, ...): refused unless is_id_syntax.
std::string event_id(const Json& event, const char* key);
OptString event_opt_id(const Json& event, const char* key);
/// A boolean field; `fallback` when absent.
bool event_bool(const Json& event, const char* key, bool fallback);
/// An integer field, optionally absent or null.
std::optional<std::int64_t> event_opt_int(const Json& event, const char* key);
/// A duration in seconds, optionally absent or null: invalid data unless 0 to k_max_duration.
std::optional<Duration> event_opt_duration(const Json& event, const char* key);
Time event_time(const Json& event);

} // namespace itk
