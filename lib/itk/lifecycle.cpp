#include "itk/lifecycle.hpp"

#include "itk/error.hpp"

#include <algorithm>

namespace itk {

namespace {

constexpr unsigned bit(Status s) { return 1u << static_cast<unsigned>(s); }

constexpr unsigned k_none = 0; // only a ticket not opened yet: `open`
constexpr unsigned k_working = bit(Status::fresh) | bit(Status::in_progress) | bit(Status::on_hold);
constexpr unsigned k_live = k_working | bit(Status::resolved); // every non-terminal status

// The lifecycle of SPEC §7, one row per action, in Action order.
const std::vector<Rule> k_rules = {
    // action                   verb                   allowed   needs                                          next
    {Action::open, "open", k_none, k_need_closed_follows, Next::fresh},
    {Action::categorize, "categorize", k_working, 0, Next::same},
    {Action::redirect, "categorize", k_working, 0, Next::redirected},
    {Action::edit, "edit", k_live, 0, Next::same},
    // On a resolved ticket, a prioritisation is a correction before closure.
    {Action::prioritize, "prioritize", k_live, k_need_incident, Next::same},
    // On a resolved ticket, an assignment is a correction before closure too (desks fix who
    // resolved it); the status stays resolved.
    {Action::assign, "assign", k_live, k_need_incident | k_need_priority, Next::in_progress_if_new},
    {Action::route, "assign", k_live, k_need_incident, Next::same},
    {Action::unassign, "unassign", k_working, k_need_incident | k_need_owner, Next::same},
    {Action::note, "add a note to", k_live, 0, Next::same},
    {Action::escalate, "escalate", k_working, k_need_incident | k_need_level, Next::same},
    {Action::escalate_hierarchical, "escalate", k_live, 0, Next::same},
    {Action::coordinate, "coordinate", k_live, k_need_incident, Next::same},
    // A hold of a ticket on hold changes what it waits for.
    {Action::hold, "hold", k_working, 0, Next::on_hold},
    {Action::resume, "resume", bit(Status::on_hold), 0, Next::in_progress_if_owner},
    // With no owner, the actor resolving it becomes the owner: first-contact resolution.
    {Action::resolve, "resolve", k_working, k_need_incident | k_need_priority | k_need_coordinator, Next::resolved},
    {Action::resolve_by_parent, "resolve", k_working, k_need_incident, Next::resolved}, // the parent's fix is the child's
    {Action::reopen, "reopen", bit(Status::resolved), 0, Next::in_progress},
    {Action::close, "close", bit(Status::resolved), k_need_confirmer | k_need_delay | k_need_postmortem, Next::closed},
    {Action::cancel, "cancel", k_working, k_need_other_ticket, Next::cancelled},
    // Major incidents, links and post-mortems (SPEC §10).
    {Action::major, "declare major", k_working, k_need_incident, Next::same},
    {Action::major_withdraw, "withdraw the major incident", k_live, k_need_major, Next::same},
    {Action::major_update, "record an update on", k_live, k_need_major, Next::same},
    {Action::link, "link", k_working, k_need_incident | k_need_no_parent | k_need_no_children | k_need_other_ticket,
     Next::same},
    {Action::relate, "link", k_live, k_need_incident, Next::same},
    {Action::unlink, "unlink", k_live, 0, Next::same},
    // The parent keeps the list of its children (so that resolving it never scans the store);
    // the child's `parent` is the truth, the list may only hold extra, stale entries.
    {Action::link_child, "link a child to", k_working, k_need_incident | k_need_no_parent, Next::same},
    {Action::unlink_child, "unlink a child from", k_live, 0, Next::same},
    {Action::postmortem, "write a post-mortem for", k_live, k_need_incident, Next::same},
};

std::string practice_of(const OptString& type) { return type == "change" ? "change enablement" : "request fulfilment"; }

// Status refusal: what is wrong with the status and what to do instead.
std::string status_refusal(const Rule& rule, const Ticket& t)
{
    const std::string st(to_string(t.status));
    switch (t.status) {
    case Status::closed:
        return "ticket is 'closed', which is final; open a new ticket with 'itk open --follows " + t.id + "'";
    case Status::cancelled:
        return "ticket is 'cancelled', which is final; open a new ticket if the problem is real";
    case Status::redirected:
        return "ticket was redirected to " + practice_of(t.type) + (t.ref ? " as '" + *t.ref + "'" : std::string()) +
               ", which is final; follow it up there";
    case Status::fresh:
    case Status::in_progress:
    case Status::on_hold:
    case Status::resolved:
        break;
    }
    if (rule.next == Next::resolved && t.status == Status::resolved) {
        return "ticket is already 'resolved'";
    }
    if (rule.allowed == bit(Status::resolved)) {
        return rule.action == Action::reopen ? "ticket is '" + st + "', not resolved"
                                             : "ticket is '" + st + "', resolve it first";
    }
    if (rule.allowed == bit(Status::on_hold)) {
        return "ticket is '" + st + "', not on hold";
    }
    if (t.status == Status::resolved) {
        return "ticket is 'resolved'; reopen it first ('itk reopen " + t.id + " --reason R')";
    }
    return "ticket is '" + st + "'";
}

// The escalation of an event from its `from` level to its level, against the ticket.
std::optional<std::string> level_refusal(const Ticket& t, const Event& e)
{
    const std::string from = e.from_level.value_or("");
    const std::string to = e.level.value_or("");
    if (from != t.level) {
        return "ticket is at level '" + t.level + "', not '" + from + "'";
    }
    if (to.empty()) {
        return "ticket is already at the top level '" + t.level + "'; escalate hierarchically with --hierarchical";
    }
    // The levels in force are recorded in the event: a replay checks "above" without the config.
    // Events written before they were recorded cannot be checked.
    if (!e.levels.empty()) {
        const auto here = std::find(e.levels.begin(), e.levels.end(), from);
        const auto there = std::find(e.levels.begin(), e.levels.end(), to);
        if (there == e.levels.end() || there <= here) {
            return "level '" + to + "' is not above the current level '" + t.level + "'";
        }
    }
    return std::nullopt;
}

// The preconditions of the rule, in the order people meet them.
std::optional<std::string> needs_refusal(const Rule& rule, const Ticket& t, const Event& e)
{
    const unsigned needs = rule.needs;
    if ((needs & k_need_incident) && t.type != "incident") {
        return t.type ? "ticket is a '" + *t.type + "', not an incident"
                      : "ticket is not categorised yet; run 'itk categorize " + t.id + " --type incident' first";
    }
    if ((needs & k_need_priority) && !t.priority) {
        return "ticket has no priority; run 'itk prioritize " + t.id + " --impact I --urgency U' first";
    }
    if ((needs & k_need_owner) && !t.owner) {
        return std::string("ticket has no owner");
    }
    if ((needs & k_need_coordinator) && !t.coordinator && (t.major || t.coordination_required)) {
        const std::string why = t.major ? "a major incident needs a coordinator"
                                        : "priority '" + t.priority.value_or("?") +
                                              "' needs a coordinator (coordination.required_for)";
        return why + "; run 'itk coordinate " + t.id + " --by PERSON' first";
    }
    if (needs & k_need_level) {
        if (auto why = level_refusal(t, e)) {
            return why;
        }
    }
    if ((needs & k_need_confirmer) && !e.unconfirmed.value_or(false)) {
        const std::string who = e.confirmed_by.value_or("");
        if (!t.caller.matches(who) && !t.affected.matches(who)) {
            return "'" + who + "' is neither the caller ('" + t.caller.name + "') nor the affected person ('" +
                   t.affected.name + "'); the user who reported it confirms";
        }
    }
    if ((needs & k_need_other_ticket) && rule.action == Action::link && e.parent == t.id) {
        return std::string("a ticket cannot be its own parent; name another incident with --parent");
    }
    if ((needs & k_need_other_ticket) && rule.action == Action::cancel && e.duplicate_of == t.id) {
        return std::string("a ticket cannot duplicate itself; name the other ticket with --duplicate-of");
    }
    if ((needs & k_need_major) && !t.major) {
        return "ticket is not a major incident" +
               (rule.action == Action::major_withdraw ? std::string()
                                                      : "; declare it with 'itk major declare " + t.id + " --reason R'");
    }
    if ((needs & k_need_postmortem) && t.major && !t.postmortem) {
        return "a major incident is closed after its post-mortem; run 'itk postmortem " + t.id + "' first";
    }
    if ((needs & k_need_no_parent) && t.parent) {
        return "ticket is a child of '" + *t.parent + "'" +
               (rule.action == Action::link ? "; unlink it first" : "; link to that one instead");
    }
    if ((needs & k_need_no_children) && !t.children.empty()) {
        return std::string("ticket has children of its own; a parent cannot become a child");
    }
    if ((needs & k_need_delay) && e.unconfirmed.value_or(false)) {
        const Duration after = e.after.value_or(0);
        const Duration since = e.at - t.resolved_at.value_or(e.at);
        if (since < after) {
            return "ticket was resolved " + format_duration(since) + " ago; closing it unconfirmed needs " +
                   format_duration(after) + " (closure.auto_close_after), or close it --confirmed-by the caller";
        }
    }
    return std::nullopt;
}

} // namespace

const std::vector<Rule>& lifecycle_rules() { return k_rules; }

const Rule& rule_of(Action action) { return k_rules.at(static_cast<std::size_t>(action)); }

std::optional<std::string> refusal(const Ticket& t, const Event& e)
{
    const Rule& rule = rule_of(e.action);
    if (rule.allowed == k_none) {
        if (!t.events.empty()) {
            return std::string("ticket is already open");
        }
        // The status of the ticket it follows up is recorded in the event, for a replay to check.
        if (e.follows && e.follows_status && *e.follows_status != "closed") {
            return "ticket is '" + *e.follows_status + "', not closed" +
                   (*e.follows_status == "resolved" ? "; reopen it instead ('itk reopen " + *e.follows + " --reason R')"
                                                    : "; add a note to it instead");
        }
        return std::nullopt;
    }
    if (t.events.empty()) {
        return std::string("no ticket: open it first (pas de ticket, pas de support)");
    }
    if ((rule.allowed & bit(t.status)) == 0) {
        return status_refusal(rule, t);
    }
    if (e.at < t.last_event_at()) {
        return "its time " + format_rfc3339(e.at) + " is before the ticket's last event (" +
               format_rfc3339(t.last_event_at()) + ")";
    }
    return needs_refusal(rule, t, e);
}

void check(const Ticket& t, const Event& e)
{
    if (const auto why = refusal(t, e)) {
        const std::string id = t.id.empty() ? e.id : t.id;
        const std::string what = e.action == Action::open && e.follows ? "open a follow-up of" : rule_of(e.action).verb;
        fail_refused("cannot " + what + " '" + (e.action == Action::open && e.follows ? *e.follows : id) + "': " + *why);
    }
}

Status next_status(Status status, Next next, bool has_owner)
{
    switch (next) {
    case Next::same:
        return status;
    case Next::fresh:
        return Status::fresh;
    case Next::in_progress_if_new:
        return status == Status::fresh ? Status::in_progress : status;
    case Next::in_progress:
        return Status::in_progress;
    case Next::in_progress_if_owner:
        return has_owner ? Status::in_progress : Status::fresh;
    case Next::on_hold:
        return Status::on_hold;
    case Next::resolved:
        return Status::resolved;
    case Next::closed:
        return Status::closed;
    case Next::cancelled:
        return Status::cancelled;
    case Next::redirected:
        return Status::redirected;
    }
    return status;
}

} // namespace itk
