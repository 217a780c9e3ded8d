#pragma once
// The actions of the lifecycle (SPEC §7), as commands call them: each builds one event from
// its arguments and the config (recording in the event every value the config decides), has
// the lifecycle table check it, applies it and appends it. Nothing here prints or exits.

#include "itk/config.hpp"
#include "itk/lifecycle.hpp"
#include "itk/projection.hpp"
#include "itk/ticket.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace itk {

/// Who acts, when, under which rules.
struct Context {
    const Config& config;
    std::string actor;
    Time now = 0;
};

/// What an action did, for the command to report.
struct Outcome {
    bool changed = true; ///< false: nothing to write (the action would change nothing)
    std::string message; ///< for stderr
};

/// Checks, applies and appends an event.
void record(Ticket& ticket, Event event);
/// A new event at the context's time, by its actor.
Event new_event(const Context& ctx, Action action);

/// A custom field set on the command line: its value, or nullopt to clear it.
using FieldSet = std::pair<std::string, std::optional<FieldValue>>;
/// Parses `--set KEY=VALUE` arguments against `[fields]`: usage error on an unknown field, a
/// value outside an enum's values, or a non-integer for an integer field. `KEY=` clears.
std::vector<FieldSet> parse_field_sets(const Config& config, const std::vector<std::string>& args);

/// Registration (steps 1-2), with the optional one-shot steps of `itk open`.
struct OpenArgs {
    std::string title;
    std::string description;
    Person caller;
    std::optional<Person> affected;
    OptString channel;
    OptString service;
    OptString dedup;
    OptString follows;        ///< full ID of the ticket it follows up, resolved by the store
    OptString follows_status; ///< that ticket's status, which the rules check
    OptString type;
    OptString impact;
    OptString urgency;
    OptString assign_to;
    std::vector<FieldSet> fields;
    std::optional<Source> source; ///< an import's origin
};
/// Builds a new ticket; every one-shot step is its own event checked by the same rules.
/// `messages`, when given, receives what each step did (a major incident says so).
Ticket open_ticket(const Context& ctx, const std::string& id, const OpenArgs& args,
                   std::vector<std::string>* messages = nullptr);

/// Corrections to the registration; unset fields are left alone.
struct EditArgs {
    OptString title, description, service, channel, caller, contact, affected, affected_contact;
    std::vector<FieldSet> fields;
};
Outcome edit(Ticket& t, const Context& ctx, const EditArgs& args);

struct CategorizeArgs {
    std::string type;
    OptString category, subcategory, service, ref;
};
Outcome categorize(Ticket& t, const Context& ctx, const CategorizeArgs& args);
Outcome prioritize(Ticket& t, const Context& ctx, const std::string& impact, const std::string& urgency);
/// Assigns to a person, and routes to `group` when given.
Outcome assign(Ticket& t, const Context& ctx, const std::string& person, const OptString& group);
/// Routes to the queue of a group: owner cleared, status unchanged; the level follows the group.
Outcome route(Ticket& t, const Context& ctx, const std::string& group);
/// Clears the owner: back in its group's queue.
/// Clears the owner; with `leave_group`, the group too (out of every queue).
Outcome unassign(Ticket& t, const Context& ctx, const OptString& reason, bool leave_group = false);
Outcome note(Ticket& t, const Context& ctx, const std::string& text, bool is_public);
Outcome escalate(Ticket& t, const Context& ctx, const OptString& to_level, const std::string& reason);
Outcome escalate_hierarchical(Ticket& t, const Context& ctx, const OptString& to, const std::string& reason);
Outcome coordinate(Ticket& t, const Context& ctx, const std::string& person);
/// Puts on hold waiting for `awaiting` (default other), or changes what a held ticket waits for.
Outcome hold(Ticket& t, const Context& ctx, const std::string& reason, const OptString& awaiting = std::nullopt,
             const OptString& ref = std::nullopt);
Outcome resume(Ticket& t, const Context& ctx);
/// Resolves; with no owner, the actor becomes the owner (first-contact resolution).
Outcome resolve(Ticket& t, const Context& ctx, const std::string& solution, const std::string& kind, const OptString& code);
Outcome reopen(Ticket& t, const Context& ctx, const std::string& reason);
Outcome close_confirmed(Ticket& t, const Context& ctx, const std::string& person, std::optional<int> satisfaction,
                        const OptString& comment);
Outcome close_unconfirmed(Ticket& t, const Context& ctx);
Outcome cancel(Ticket& t, const Context& ctx, const std::string& reason, const OptString& duplicate_of);

/// Declares a major incident by hand (SPEC §10); it then needs a coordinator to be resolved.
Outcome declare_major(Ticket& t, const Context& ctx, const std::string& reason);
/// Undoes a declaration that proved wrong: the ordinary circuit again.
Outcome withdraw_major(Ticket& t, const Context& ctx, const std::string& reason);
/// A communication about a major incident (the real-time follow-up).
Outcome major_update(Ticket& t, const Context& ctx, const std::string& message, const std::string& audience);
/// Attaches a child incident to its parent (the child's side, which is the truth).
Outcome link(Ticket& child, const Context& ctx, const std::string& parent_id);
/// Records the number of a problem, a fixing change or the change that caused it.
Outcome relate(Ticket& t, const Context& ctx, Record record, const std::string& number);
/// Detaches a child from its parent (the child's side).
Outcome unlink(Ticket& child, const Context& ctx);
/// The parent's side of a link: lists the child, so that resolving the parent finds it
/// without scanning the store. Refused when the parent cannot take children.
Outcome adopt(Ticket& parent, const Context& ctx, const std::string& child_id);
/// The parent's side of an unlink (nothing when the parent is final or does not list it).
Outcome release(Ticket& parent, const Context& ctx, const std::string& child_id);
/// Takes a stale entry off a parent's list (`unlink CHILD --from PARENT`): nothing when it is
/// not listed; refused, like any change, when the parent is final.
Outcome drop_child(Ticket& parent, const Context& ctx, const std::string& child_id);
/// Resolves an open child with its parent's fix, whatever its owner, level or coordinator.
Outcome resolve_by_parent(Ticket& child, const Context& ctx, const Ticket& parent);
/// Whether a child is open, so that resolving its parent resolves it.
bool resolvable_by_parent(const Ticket& child);
/// Records that the post-mortem was written at `path` (relative to the store root).
Outcome record_postmortem(Ticket& t, const Context& ctx, const std::string& path);

/// Whether `close --auto` would close this ticket now.
bool auto_closable(const Ticket& t, const Config& config, Time now);

} // namespace itk
