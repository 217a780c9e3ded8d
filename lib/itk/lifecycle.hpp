#pragma once
// The incident lifecycle (SPEC §7) in one place: the table of rules, the check of an event
// against a ticket, the projection of an event onto a ticket, and the actions that commands
// call. Checks read only the ticket and the event (every value derived from the config is
// recorded in the event), so a replay — fsck, a merge — needs no config.

#include "itk/config.hpp"
#include "itk/ticket.hpp"

#include <optional>
#include <string>
#include <vector>

namespace itk {

/// Preconditions a rule can require, beyond the status.
enum Need : unsigned {
    k_need_incident = 1u << 0,    ///< type is "incident"
    k_need_priority = 1u << 1,    ///< prioritised
    k_need_owner = 1u << 2,       ///< has an owner
    k_need_coordinator = 1u << 3, ///< a coordinator when the priority or a major incident needs one
    k_need_confirmer = 1u << 4,   ///< confirmed by the caller or the affected person
    k_need_delay = 1u << 5,       ///< resolved for at least the recorded auto-close delay
    k_need_level = 1u << 6,       ///< the ticket is at the level the escalation starts from
    k_need_major = 1u << 7,       ///< a major incident
    k_need_postmortem = 1u << 8,  ///< a major incident has its post-mortem written
    k_need_no_parent = 1u << 9,   ///< not already linked to a parent
    k_need_no_children = 1u << 10, ///< has no children of its own (links are one level deep)
};

/// Status after a rule applies.
enum class Next { same, fresh, in_progress_if_new, in_progress, on_hold, resolved, closed, cancelled, redirected };

/// One row of the lifecycle table.
struct Rule {
    const char* name;  ///< the rule ("redirect" is a categorize to request/change)
    const char* verb;  ///< for messages: "cannot <verb> 'ID': ..."
    unsigned allowed;  ///< bit set of Status values the ticket may be in
    unsigned needs;    ///< Need bits
    Next next;         ///< resulting status
};

/// The lifecycle table, one row per rule.
const std::vector<Rule>& lifecycle_rules();
/// The row that governs an event (by its action and, for categorize/escalate, its content).
const Rule& rule_for(const Json& event);
/// Why the rules refuse the event on this ticket, or nullopt when allowed.
std::optional<std::string> refusal(const Ticket& ticket, const Json& event);
/// Throws a refused error "cannot <verb> 'ID': <reason>" when the rules refuse the event.
void check(const Ticket& ticket, const Json& event);
/// Applies one event to a projection with no rule check. An event marked "rejected" (by a
/// merge) has no effect. Throws invalid_data when the event is malformed.
void apply_event(Ticket& ticket, const Json& event);
/// Replays events into a fresh projection; only events with `at < until` when given.
Ticket replay(const std::vector<Json>& events, std::optional<Time> until = std::nullopt);
/// Replays events it may take (no copy): what loading a file does.
Ticket replay(std::vector<Json>&& events);
/// Checks, applies and appends an event.
void record(Ticket& ticket, Json event);

/// Who acts, when, under which rules.
struct Context {
    const Config& config;
    std::string actor;
    Time now = 0;
};

/// What an action did, for the command to report.
struct Outcome {
    bool changed = true;  ///< false: nothing to write (the action would change nothing)
    std::string message;  ///< for stderr
};

/// Registration (steps 1-2), with the optional one-shot steps of `itk open`.
struct OpenArgs {
    std::string title;
    std::string description;
    Person caller;
    std::optional<Person> affected;
    OptString channel;
    OptString service;
    OptString dedup;
    OptString follows; ///< full ID of a closed ticket, already resolved by the store
    OptString type;
    OptString impact;
    OptString urgency;
    OptString assign_to;
};
/// Builds a new ticket; every one-shot step is its own event checked by the same rules.
/// `messages`, when given, receives what each step did (a major incident says so).
Ticket open_ticket(const Context& ctx, const std::string& id, const OpenArgs& args,
                   std::vector<std::string>* messages = nullptr);

/// Corrections to the registration; unset fields are left alone.
struct EditArgs {
    OptString title, description, service, channel, caller, contact, affected, affected_contact;
};
Outcome edit(Ticket& t, const Context& ctx, const EditArgs& args);

struct CategorizeArgs {
    std::string type;
    OptString category, subcategory, service, ref;
};
Outcome categorize(Ticket& t, const Context& ctx, const CategorizeArgs& args);
Outcome prioritize(Ticket& t, const Context& ctx, const std::string& impact, const std::string& urgency);
Outcome assign(Ticket& t, const Context& ctx, const std::string& person, const OptString& group);
Outcome note(Ticket& t, const Context& ctx, const std::string& text, bool is_public);
Outcome escalate(Ticket& t, const Context& ctx, const OptString& to_level, const std::string& reason);
Outcome escalate_hierarchical(Ticket& t, const Context& ctx, const OptString& to, const std::string& reason);
Outcome coordinate(Ticket& t, const Context& ctx, const std::string& person);
Outcome hold(Ticket& t, const Context& ctx, const std::string& reason);
Outcome resume(Ticket& t, const Context& ctx);
Outcome resolve(Ticket& t, const Context& ctx, const std::string& solution, const std::string& kind, const OptString& code);
Outcome reopen(Ticket& t, const Context& ctx, const std::string& reason);
Outcome close_confirmed(Ticket& t, const Context& ctx, const std::string& person, std::optional<int> satisfaction,
                        const OptString& comment);
Outcome close_unconfirmed(Ticket& t, const Context& ctx);
Outcome cancel(Ticket& t, const Context& ctx, const std::string& reason, const OptString& duplicate_of);

/// Declares a major incident by hand (SPEC §10); it then needs a coordinator to be resolved.
Outcome declare_major(Ticket& t, const Context& ctx, const std::string& reason);
/// A communication about a major incident (the real-time follow-up).
Outcome major_update(Ticket& t, const Context& ctx, const std::string& message, const std::string& audience);
/// Attaches a child incident to its parent (the child's side, which is the truth).
Outcome link(Ticket& child, const Context& ctx, const std::string& parent_id);
/// Detaches a child from its parent (the child's side).
Outcome unlink(Ticket& child, const Context& ctx);
/// The parent's side of a link: lists the child, so that resolving the parent finds it
/// without scanning the store. Refused when the parent cannot take children.
Outcome adopt(Ticket& parent, const Context& ctx, const std::string& child_id);
/// The parent's side of an unlink (nothing when the parent is final or does not list it).
Outcome release(Ticket& parent, const Context& ctx, const std::string& child_id);
/// Resolves an open child with its parent's fix, whatever its owner, level or coordinator.
Outcome resolve_by_parent(Ticket& child, const Context& ctx, const Ticket& parent);
/// Whether a child is open, so that resolving its parent resolves it.
bool resolvable_by_parent(const Ticket& child);
/// Records that the post-mortem was written at `path` (relative to the store root).
Outcome record_postmortem(Ticket& t, const Context& ctx, const std::string& path);
/// Valid audiences of a major-incident update.
const std::vector<std::string>& audiences();

/// Whether `close --auto` would close this ticket now.
bool auto_closable(const Ticket& t, const Config& config, Time now);

/// Valid values of enumerated fields, for validation and completion.
const std::vector<std::string>& channels();
const std::vector<std::string>& ticket_types();
const std::vector<std::string>& resolution_kinds();

} // namespace itk
