#include "itk/projection.hpp"

#include "itk/lifecycle.hpp"

#include <algorithm>

namespace itk {

namespace {

// Ends the current hold at `at`: its time counts per kind, and against the SLAs only when
// that hold stops the clocks.
void end_hold(Ticket& t, Time at)
{
    if (t.on_hold_since) {
        const Duration d = at - *t.on_hold_since;
        t.held_by_kind[awaiting_index(t.awaiting)] += d;
        if (t.hold_pauses) {
            t.held += d;
        }
    }
    t.on_hold_since.reset();
    t.hold_reason.reset();
    t.awaiting.reset();
    t.hold_pauses = true;
}

// A routing to a group: a change after the first routing is a reassignment (SPEC §5).
void route_to(Ticket& t, const OptString& group)
{
    if (group && t.last_group && *group != *t.last_group) {
        ++t.reassignments;
    }
    if (group) {
        t.last_group = group;
    }
    t.group = group;
}

void apply_open(Ticket& t, const Event& e)
{
    t.id = e.id;
    t.title = e.title;
    t.description = e.description;
    t.caller = e.caller;
    t.affected = e.affected.value_or(e.caller);
    t.channel = e.channel;
    t.service = e.service;
    t.level = e.level.value_or("");
    t.group = e.group;
    t.last_group = e.group;
    t.dedup = e.dedup;
    t.follows = e.follows;
    t.fields = e.fields;
    t.source = e.source;
    t.opened_at = e.at;
}

void apply_categorize(Ticket& t, const Event& e)
{
    t.type = e.type;
    for (const auto& [from, into] : {std::pair{&e.category, &t.category}, std::pair{&e.subcategory, &t.subcategory},
                                     std::pair{&e.service, &t.service}, std::pair{&e.ref, &t.ref}}) {
        if (*from) {
            *into = *from;
        }
    }
}

void apply_edit(Ticket& t, const Event& e)
{
    for (const Change& c : e.changes) {
        const OptString to = c.to ? OptString(field_text(*c.to)) : OptString();
        if (c.key.rfind("fields.", 0) == 0) {
            if (c.to) {
                t.fields[c.key.substr(7)] = *c.to;
            } else {
                t.fields.erase(c.key.substr(7));
            }
        } else if (c.key == "title") {
            t.title = to.value_or("");
        } else if (c.key == "description") {
            t.description = to.value_or("");
        } else if (c.key == "service") {
            t.service = to;
        } else if (c.key == "channel") {
            t.channel = to;
        } else if (c.key == "caller") {
            t.caller.name = to.value_or("");
        } else if (c.key == "contact") {
            t.caller.contact = to;
        } else if (c.key == "affected") {
            t.affected.name = to.value_or("");
        } else if (c.key == "affected_contact") {
            t.affected.contact = to;
        } else if (c.key == "category") {
            t.category = to;
        } else if (c.key == "subcategory") {
            t.subcategory = to;
        }
    }
}

void apply_prioritize(Ticket& t, const Event& e)
{
    t.impact = e.impact;
    t.urgency = e.urgency;
    t.priority = e.priority;
    t.sla_response = e.sla_response;
    t.sla_resolution = e.sla_resolution;
    t.coordination_required = e.coordination_required.value_or(false);
    t.major = t.major || e.declares_major.value_or(false);
}

void apply_assign(Ticket& t, const Event& e)
{
    if (e.group) {
        route_to(t, e.group);
    }
    if (e.level) {
        t.level = *e.level;
    }
    t.owner = e.owner;
    if (!t.first_assigned_at) {
        t.first_assigned_at = e.at;
        t.held_at_response = t.held_until(e.at);
    }
}

void apply_route(Ticket& t, const Event& e)
{
    route_to(t, e.group);
    if (e.level) {
        t.level = *e.level;
    }
    t.owner.reset();
}

void apply_escalate(Ticket& t, const Event& e)
{
    t.level = e.level.value_or(t.level);
    route_to(t, e.group);
    t.owner.reset();
}

void apply_hold(Ticket& t, const Event& e)
{
    end_hold(t, e.at); // a hold on a ticket on hold changes what it waits for
    t.on_hold_since = e.at;
    t.hold_reason = e.reason;
    t.awaiting = e.awaiting;
    t.hold_pauses = e.pauses.value_or(true); // before [hold] pauses, every hold stopped the clocks
}

void apply_resume(Ticket& t, const Event& e)
{
    end_hold(t, e.at);
}

void apply_resolve(Ticket& t, const Event& e)
{
    t.resolution = Resolution{e.kind.value_or(""), e.code, e.solution.value_or(""), e.at, e.by};
    t.resolved_at = e.at;
    if (e.owner) {
        t.owner = e.owner; // the first contact resolved it: the resolver is the owner
    }
    if (!t.first_assigned_at && e.owner) {
        t.first_assigned_at = e.at; // and this was the response
        t.held_at_response = t.held_until(e.at);
    }
    end_hold(t, e.at);
}

void apply_reopen(Ticket& t)
{
    t.resolution.reset();
    t.resolved_at.reset();
}

void apply_close(Ticket& t, const Event& e)
{
    Closure c;
    c.confirmed_by = e.confirmed_by;
    c.satisfaction = e.satisfaction;
    c.comment = e.comment;
    c.unconfirmed = e.unconfirmed.value_or(false);
    c.at = e.at;
    c.by = e.by;
    t.closure = c;
}

void apply_relate(Ticket& t, const Event& e)
{
    OptString* field = &t.problem;
    switch (*e.record) {
    case Record::problem:
        field = &t.problem;
        break;
    case Record::change:
        field = &t.change;
        break;
    case Record::caused_by:
        field = &t.caused_by;
        break;
    }
    *field = e.number;
}

} // namespace

void apply(Ticket& t, const Event& e)
{
    t.last_at = std::max(t.last_at, e.at);
    if (e.rejected) {
        return;
    }
    switch (e.action) {
    case Action::open:
        apply_open(t, e);
        break;
    case Action::categorize:
        apply_categorize(t, e);
        break;
    case Action::redirect:
        apply_categorize(t, e);
        end_hold(t, e.at); // a final ticket waits for nothing
        break;
    case Action::edit:
        apply_edit(t, e);
        break;
    case Action::prioritize:
        apply_prioritize(t, e);
        break;
    case Action::assign:
        apply_assign(t, e);
        break;
    case Action::route:
        apply_route(t, e);
        break;
    case Action::unassign:
        t.owner.reset();
        break;
    case Action::escalate:
        apply_escalate(t, e);
        break;
    case Action::coordinate:
        t.coordinator = e.coordinator;
        break;
    case Action::hold:
        apply_hold(t, e);
        break;
    case Action::resume:
        apply_resume(t, e);
        break;
    case Action::resolve:
    case Action::resolve_by_parent:
        apply_resolve(t, e);
        break;
    case Action::reopen:
        apply_reopen(t);
        break;
    case Action::close:
        apply_close(t, e);
        break;
    case Action::cancel:
        t.duplicate_of = e.duplicate_of;
        end_hold(t, e.at);
        break;
    case Action::major:
        t.major = true;
        break;
    case Action::major_withdraw:
        t.major = false;
        break;
    case Action::link:
        t.parent = e.parent;
        break;
    case Action::relate:
        apply_relate(t, e);
        break;
    case Action::unlink:
        t.parent.reset();
        break;
    case Action::link_child:
        if (std::find(t.children.begin(), t.children.end(), *e.child) == t.children.end()) {
            t.children.push_back(*e.child);
        }
        break;
    case Action::unlink_child:
        t.children.erase(std::remove(t.children.begin(), t.children.end(), *e.child), t.children.end());
        break;
    case Action::postmortem:
        t.postmortem = true;
        break;
    case Action::note:
    case Action::escalate_hierarchical:
    case Action::major_update:
        break; // history only
    }
    t.status = next_status(t.status, rule_of(e.action).next, t.owner.has_value());
    t.updated_at = e.at;
}

Ticket replay(const std::vector<Event>& events, std::optional<Time> until,
              const std::function<void(const Ticket&, const Event&)>& seen, bool keep_events)
{
    Ticket t;
    t.events.reserve(keep_events ? events.size() : 0);
    for (const Event& e : events) {
        if (until && e.at >= *until) {
            break;
        }
        apply(t, e);
        if (keep_events) {
            t.events.push_back(e);
        }
        if (seen) {
            seen(t, e);
        }
    }
    return t;
}

Ticket replay(std::vector<Event>&& events)
{
    Ticket t;
    t.events.reserve(events.size());
    for (Event& e : events) {
        apply(t, e);
        t.events.push_back(std::move(e));
    }
    return t;
}

} // namespace itk
