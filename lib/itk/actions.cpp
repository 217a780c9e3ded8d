#include "itk/actions.hpp"

#include "itk/error.hpp"
#include "itk/text.hpp"

#include <algorithm>
#include <charconv>

namespace itk {

namespace {

std::string practice_of(const std::string& type) { return type == "change" ? "change enablement" : "request fulfilment"; }

std::string join(const std::vector<std::string>& v)
{
    std::string out;
    for (const auto& s : v) {
        out += (out.empty() ? "" : ", ") + s;
    }
    return out;
}

void require_one_of(const std::string& value, const std::vector<std::string>& valid, const std::string& what)
{
    if (std::find(valid.begin(), valid.end(), value) == valid.end()) {
        fail_usage("invalid " + what + " '" + value + "': expected one of " + join(valid));
    }
}

void require_text(const std::string& value, const std::string& what)
{
    require_utf8(value, what);
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
        fail_usage(what + " must not be empty");
    }
}

Outcome done(const Ticket& t, const std::string& what) { return Outcome{true, t.id + ": " + what}; }
Outcome nothing(const Ticket& t, const std::string& why) { return Outcome{false, t.id + ": nothing to do, " + why}; }

// The level a routing to `group` brings the ticket to, recorded with the ordered levels so
// that a replay knows whether it was an escalation.
void route_level(Event& e, const Ticket& t, const Config& cfg, const std::string& group)
{
    if (const auto level = cfg.level_of_group(group); level && *level != t.level) {
        e.level = *level;
        e.levels = cfg.levels;
    }
}

} // namespace

Event new_event(const Context& ctx, Action action)
{
    Event e;
    e.at = ctx.now;
    e.by = ctx.actor;
    e.action = action;
    return e;
}

void record(Ticket& t, Event event)
{
    check(t, event);
    apply(t, event);
    t.events.push_back(std::move(event));
}

std::vector<FieldSet> parse_field_sets(const Config& cfg, const std::vector<std::string>& args)
{
    std::vector<FieldSet> out;
    for (const std::string& arg : args) {
        require_utf8(arg, "--set");
        const std::size_t eq = arg.find('=');
        if (eq == std::string::npos || eq == 0) {
            fail_usage("invalid --set '" + arg + "': expected KEY=VALUE (KEY= clears it)");
        }
        const std::string name = arg.substr(0, eq);
        const std::string value = arg.substr(eq + 1);
        const FieldSpec* f = cfg.field(name);
        if (f == nullptr) {
            std::vector<std::string> names;
            for (const FieldSpec& spec : cfg.fields) {
                names.push_back(spec.name);
            }
            fail_usage("unknown field '" + name + "' in --set" +
                       (names.empty() ? std::string("; declare it in [fields] of itk.toml")
                                      : ": expected one of " + join(names)));
        }
        std::optional<FieldValue> v;
        if (!value.empty()) {
            switch (f->type) {
            case FieldSpec::Type::string:
                v = value;
                break;
            case FieldSpec::Type::enumeration:
                require_one_of(value, f->values, "value of '" + name + "'");
                v = value;
                break;
            case FieldSpec::Type::integer: {
                std::int64_t n = 0;
                const auto r = std::from_chars(value.data(), value.data() + value.size(), n);
                if (r.ec != std::errc() || r.ptr != value.data() + value.size()) {
                    fail_usage("invalid value of '" + name + "' '" + value + "': expected an integer");
                }
                v = n;
                break;
            }
            }
        }
        out.erase(std::remove_if(out.begin(), out.end(), [&](const FieldSet& s) { return s.first == name; }), out.end());
        out.emplace_back(name, std::move(v));
    }
    return out;
}

Ticket open_ticket(const Context& ctx, const std::string& id, const OpenArgs& a, std::vector<std::string>* messages)
{
    require_text(a.title, "--title");
    require_utf8(a.description, "--description");
    require_text(a.caller.name, "--caller");
    if (a.channel) {
        require_one_of(*a.channel, channels(), "--channel");
    }
    if ((a.impact || a.urgency) && !(a.impact && a.urgency)) {
        fail_usage("--impact and --urgency go together");
    }
    if (a.type && *a.type != "incident" && (a.impact || a.assign_to)) {
        fail_usage("--impact, --urgency and --to apply to incidents; a '" + *a.type + "' is redirected");
    }
    Event e = new_event(ctx, Action::open);
    e.id = id;
    e.title = a.title;
    e.description = a.description;
    e.caller = a.caller;
    if (a.affected) {
        require_text(a.affected->name, "--affected");
        e.affected = a.affected;
    }
    e.channel = a.channel;
    e.service = a.service;
    e.level = ctx.config.levels.front();
    const std::string group = ctx.config.group_of(*e.level);
    e.group = group.empty() ? OptString() : OptString(group);
    e.dedup = a.dedup;
    e.follows = a.follows;
    e.follows_status = a.follows ? a.follows_status : std::nullopt;
    for (const auto& [name, value] : a.fields) {
        if (value) {
            e.fields[name] = *value;
        }
    }
    e.source = a.source;
    Ticket t;
    record(t, std::move(e));

    std::vector<std::string> said{t.id + ": opened"};
    const OptString type = (a.impact && !a.type) ? OptString("incident") : a.type;
    if (type) {
        said.push_back(categorize(t, ctx, CategorizeArgs{*type, {}, {}, {}, {}}).message);
    }
    if (a.impact) {
        said.push_back(prioritize(t, ctx, *a.impact, *a.urgency).message);
    }
    if (a.assign_to) {
        said.push_back(assign(t, ctx, *a.assign_to, {}).message);
    }
    if (messages != nullptr) {
        *messages = std::move(said);
    }
    return t;
}

Outcome edit(Ticket& t, const Context& ctx, const EditArgs& a)
{
    Event e = new_event(ctx, Action::edit);
    const auto change = [&](const char* key, const OptString& value, const OptString& current) {
        if (!value) {
            return;
        }
        require_utf8(*value, std::string("--") + key);
        // Optional fields are cleared by ''; the description is a string, never null.
        const bool nullable = std::string_view(key) != "description";
        const OptString to = value->empty() && nullable ? OptString() : value;
        if (to != current) {
            e.changes.push_back(Change{key, current ? std::optional<FieldValue>(*current) : std::nullopt,
                                       to ? std::optional<FieldValue>(*to) : std::nullopt});
        }
    };
    for (const auto& [key, v] : {std::pair{"--title", &a.title}, std::pair{"--caller", &a.caller},
                                 std::pair{"--affected", &a.affected}}) {
        if (*v) {
            require_text(**v, key);
        }
    }
    if (a.channel && !a.channel->empty()) {
        require_one_of(*a.channel, channels(), "--channel");
    }
    change("title", a.title, t.title);
    change("description", a.description, t.description);
    change("service", a.service, t.service);
    change("channel", a.channel, t.channel);
    change("caller", a.caller, t.caller.name);
    change("contact", a.contact, t.caller.contact);
    // The affected person defaults to the caller: a correction of one is a correction of both.
    const bool same = t.affected == t.caller;
    change("affected", a.affected ? a.affected : same ? a.caller : OptString(), t.affected.name);
    change("affected_contact", a.affected_contact ? a.affected_contact : same ? a.contact : OptString(),
           t.affected.contact);
    for (const auto& [name, value] : a.fields) {
        const auto it = t.fields.find(name);
        const std::optional<FieldValue> current = it == t.fields.end() ? std::nullopt : std::optional(it->second);
        if (value != current) {
            e.changes.push_back(Change{"fields." + name, current, value});
        }
    }
    check(t, e);
    if (e.changes.empty()) {
        return nothing(t, "the registration already says that");
    }
    std::string fields;
    for (const Change& c : e.changes) {
        fields += (fields.empty() ? "" : ", ") + c.key;
    }
    record(t, std::move(e));
    return done(t, "edited " + fields);
}

Outcome categorize(Ticket& t, const Context& ctx, const CategorizeArgs& a)
{
    require_one_of(a.type, ticket_types(), "--type");
    if (a.type == "incident" && a.ref) {
        fail_usage("--ref is the number in another practice's tool; an incident stays here");
    }
    if (a.type != "incident" && (a.category || a.subcategory)) {
        fail_usage("--category and --subcategory apply to incidents; a '" + a.type + "' is redirected");
    }
    Event e = new_event(ctx, a.type == "incident" ? Action::categorize : Action::redirect);
    e.type = a.type;
    for (const auto& [key, from, into] : {std::tuple{"--category", &a.category, &e.category},
                                          std::tuple{"--subcategory", &a.subcategory, &e.subcategory},
                                          std::tuple{"--service", &a.service, &e.service},
                                          std::tuple{"--ref", &a.ref, &e.ref}}) {
        if (*from) {
            require_text(**from, key);
            *into = *from;
        }
    }
    check(t, e);
    if (t.type == a.type && (!a.category || a.category == t.category) && (!a.subcategory || a.subcategory == t.subcategory) &&
        (!a.service || a.service == t.service)) {
        return nothing(t, "already categorised so");
    }
    record(t, std::move(e));
    if (a.type != "incident") {
        return done(t, "redirected to " + practice_of(a.type) + (a.ref ? " as '" + *a.ref + "'" : std::string()) +
                           "; this ticket is now final");
    }
    std::string what = "categorised as incident";
    if (t.category) {
        what += ", " + *t.category + (t.subcategory ? "/" + *t.subcategory : std::string());
    }
    return done(t, what);
}

Outcome prioritize(Ticket& t, const Context& ctx, const std::string& impact, const std::string& urgency)
{
    const Config& cfg = ctx.config;
    const std::string& priority = cfg.priority_for(impact, urgency);
    const SlaTarget& sla = cfg.sla.at(priority);
    Event e = new_event(ctx, Action::prioritize);
    e.impact = impact;
    e.urgency = urgency;
    e.priority = priority;
    e.sla_response = sla.response;
    e.sla_resolution = sla.resolution;
    e.coordination_required = cfg.needs_coordinator(priority);
    const bool major = cfg.is_major(impact, urgency, priority);
    if (major) {
        e.declares_major = true;
    }
    check(t, e);
    if (t.impact == impact && t.urgency == urgency && t.priority == priority && (!major || t.major)) {
        return nothing(t, "already " + priority + " (impact " + impact + ", urgency " + urgency + ")");
    }
    const bool was_major = t.major;
    const bool correction = t.status == Status::resolved;
    record(t, std::move(e));
    std::string what = "priority " + priority + " (impact " + impact + ", urgency " + urgency + "); respond within " +
                       format_duration(sla.response) + ", resolve within " + format_duration(sla.resolution);
    if (correction) {
        what += "; a correction before closure: the resolution SLA uses it";
    }
    if (major && !was_major) {
        what += "\nMAJOR INCIDENT: a major.rules entry matches; it leaves the ordinary circuit and needs a "
                "coordinator ('itk coordinate " + t.id + " --by PERSON')";
    }
    return done(t, what);
}

Outcome assign(Ticket& t, const Context& ctx, const std::string& person, const OptString& group)
{
    require_text(person, "--to");
    Event e = new_event(ctx, Action::assign);
    e.owner = person;
    if (group) {
        require_text(*group, "--group");
        e.group = *group;
        route_level(e, t, ctx.config, *group);
    }
    check(t, e);
    if (t.owner && iequals(*t.owner, person) && (!group || group == t.group)) {
        return nothing(t, "already assigned to '" + *t.owner + "'");
    }
    const std::string level = t.level;
    record(t, std::move(e));
    return done(t, "assigned to " + person + (t.group ? " (" + *t.group + ")" : std::string()) +
                       (t.level != level ? ", now at " + t.level : std::string()));
}

namespace {

// Out of every queue: no owner, no group (a route to no group).
Outcome leave_queue(Ticket& t, const Context& ctx, const OptString& reason)
{
    Event e = new_event(ctx, Action::route);
    if (reason) {
        require_text(*reason, "--reason");
        e.reason = reason;
    }
    check(t, e);
    if (!t.group && !t.owner) {
        return nothing(t, "already in no group's queue, with no owner");
    }
    const OptString group = t.group;
    record(t, std::move(e));
    return done(t, "unassigned and out of the queue" + (group ? " of " + *group : std::string()) +
                       ": no group, no owner");
}

} // namespace

Outcome route(Ticket& t, const Context& ctx, const std::string& group)
{
    require_text(group, "--group");
    Event e = new_event(ctx, Action::route);
    e.group = group;
    route_level(e, t, ctx.config, group);
    check(t, e);
    if (t.group == group && !t.owner) {
        return nothing(t, "already in the queue of '" + group + "'");
    }
    const std::string level = t.level;
    record(t, std::move(e));
    return done(t, "routed to the queue of " + group + (t.level != level ? " (" + t.level + ")" : std::string()) +
                       ", no owner");
}

Outcome unassign(Ticket& t, const Context& ctx, const OptString& reason, bool leave_group)
{
    if (leave_group) {
        return leave_queue(t, ctx, reason);
    }
    Event e = new_event(ctx, Action::unassign);
    e.previous = t.owner;
    if (reason) {
        require_text(*reason, "--reason");
        e.reason = reason;
    }
    record(t, std::move(e));
    return done(t, "unassigned, back in the queue" + (t.group ? " of " + *t.group : std::string()));
}

Outcome note(Ticket& t, const Context& ctx, const std::string& text, bool is_public)
{
    require_text(text, "note");
    Event e = new_event(ctx, Action::note);
    e.text = text;
    e.is_public = is_public;
    record(t, std::move(e));
    return done(t, is_public ? "public note added (told to the caller)" : "work note added");
}

Outcome escalate(Ticket& t, const Context& ctx, const OptString& to_level, const std::string& reason)
{
    require_text(reason, "--reason");
    const auto& levels = ctx.config.levels;
    Event e = new_event(ctx, Action::escalate);
    e.kind = "functional";
    e.from_level = t.level;
    const auto here = std::find(levels.begin(), levels.end(), t.level);
    std::string to;
    if (to_level) {
        require_one_of(*to_level, levels, "--to-level");
        to = *to_level;
    } else if (here != levels.end() && here + 1 != levels.end()) {
        to = *(here + 1);
    }
    e.level = to;
    const std::string group = ctx.config.group_of(to);
    e.group = group.empty() ? OptString() : OptString(group);
    e.reason = reason;
    e.levels = levels;
    record(t, std::move(e));
    return done(t, "escalated to " + to + (group.empty() ? std::string() : " (" + group + ")") + ", owner cleared");
}

Outcome escalate_hierarchical(Ticket& t, const Context& ctx, const OptString& to, const std::string& reason)
{
    require_text(reason, "--reason");
    std::string manager;
    if (to) {
        require_text(*to, "--to");
        manager = *to;
    } else if (const auto it = ctx.config.managers.find(t.level); it != ctx.config.managers.end()) {
        manager = it->second;
    } else {
        fail_usage("no manager for level '" + t.level + "' in escalation.managers; name one with --to");
    }
    Event e = new_event(ctx, Action::escalate_hierarchical);
    e.kind = "hierarchical";
    e.manager = manager;
    e.level = t.level;
    e.reason = reason;
    record(t, std::move(e));
    return done(t, "escalated hierarchically to " + manager);
}

Outcome coordinate(Ticket& t, const Context& ctx, const std::string& person)
{
    require_text(person, "--by");
    Event e = new_event(ctx, Action::coordinate);
    e.coordinator = person;
    check(t, e);
    if (t.coordinator && iequals(*t.coordinator, person)) {
        return nothing(t, "already coordinated by '" + *t.coordinator + "'");
    }
    record(t, std::move(e));
    return done(t, "coordinated by " + person + " (control tower)");
}

Outcome hold(Ticket& t, const Context& ctx, const std::string& reason, const OptString& awaiting, const OptString& ref)
{
    require_text(reason, "--reason");
    const std::string kind = awaiting.value_or("other");
    require_one_of(kind, awaiting_kinds(), "--awaiting");
    Event e = new_event(ctx, Action::hold);
    e.reason = reason;
    e.awaiting = kind;
    if (ref) {
        require_text(*ref, "--ref");
        e.ref = ref;
    }
    e.pauses = ctx.config.pauses(kind);
    check(t, e);
    if (t.status == Status::on_hold && t.awaiting == kind && t.hold_reason == reason) {
        return nothing(t, "already on hold, awaiting " + kind);
    }
    const bool pauses = *e.pauses;
    record(t, std::move(e));
    return done(t, "on hold, awaiting " + kind + (pauses ? "; SLA clocks stopped" : "; SLA clocks still running ([hold] pauses)"));
}

Outcome resume(Ticket& t, const Context& ctx)
{
    record(t, new_event(ctx, Action::resume));
    return done(t, std::string("resumed") + (t.owner ? "" : ", back in the queue (no owner)") + "; SLA clocks running");
}

Outcome resolve(Ticket& t, const Context& ctx, const std::string& solution, const std::string& kind, const OptString& code)
{
    require_text(solution, "--solution");
    require_one_of(kind, resolution_kinds(), "--kind");
    Event e = new_event(ctx, Action::resolve);
    e.kind = kind;
    e.code = code;
    e.solution = solution;
    const bool first_contact = !t.owner;
    if (first_contact) {
        e.owner = ctx.actor; // fixed by whoever answered: the owner, and the response
    }
    record(t, std::move(e));
    return done(t, "resolved (" + kind + ")" + (first_contact ? " at first contact by " + ctx.actor : std::string()) +
                       "; ask " + t.caller.name + " to confirm, then 'itk close " + t.id + " --confirmed-by " +
                       t.caller.name + "'");
}

Outcome reopen(Ticket& t, const Context& ctx, const std::string& reason)
{
    require_text(reason, "--reason");
    Event e = new_event(ctx, Action::reopen);
    e.reason = reason;
    record(t, std::move(e));
    return done(t, "reopened, back in progress");
}

Outcome close_confirmed(Ticket& t, const Context& ctx, const std::string& person, std::optional<int> satisfaction,
                        const OptString& comment)
{
    require_text(person, "--confirmed-by");
    if (satisfaction && (*satisfaction < 1 || *satisfaction > 5)) {
        fail_usage("invalid --satisfaction '" + std::to_string(*satisfaction) + "': expected 1 to 5");
    }
    if (comment) {
        require_utf8(*comment, "--comment");
    }
    Event e = new_event(ctx, Action::close);
    // Record the person as the ticket knows them, so that reports group one name.
    e.confirmed_by = t.caller.matches(person) ? t.caller.name : t.affected.matches(person) ? t.affected.name : person;
    e.satisfaction = satisfaction;
    e.comment = comment;
    e.unconfirmed = false;
    record(t, std::move(e));
    return done(t, "closed, confirmed by " + t.closure->confirmed_by.value_or(person));
}

namespace {

Event unconfirmed_close_event(const Context& ctx)
{
    Event e = new_event(ctx, Action::close);
    e.unconfirmed = true;
    e.after = ctx.config.auto_close_after;
    return e;
}

} // namespace

Outcome close_unconfirmed(Ticket& t, const Context& ctx)
{
    record(t, unconfirmed_close_event(ctx));
    return done(t, "closed without confirmation");
}

Outcome cancel(Ticket& t, const Context& ctx, const std::string& reason, const OptString& duplicate_of)
{
    require_text(reason, "--reason");
    Event e = new_event(ctx, Action::cancel);
    e.reason = reason;
    e.duplicate_of = duplicate_of;
    record(t, std::move(e));
    return done(t, "cancelled" + (duplicate_of ? " as a duplicate of " + *duplicate_of : std::string()));
}

Outcome declare_major(Ticket& t, const Context& ctx, const std::string& reason)
{
    require_text(reason, "--reason");
    Event e = new_event(ctx, Action::major);
    e.reason = reason;
    check(t, e);
    if (t.major) {
        return nothing(t, "already a major incident");
    }
    record(t, std::move(e));
    return done(t, "MAJOR INCIDENT declared: it leaves the ordinary circuit" +
                       (t.coordinator ? std::string("; coordinated by ") + *t.coordinator
                                      : "; name a coordinator with 'itk coordinate " + t.id + " --by PERSON'"));
}

Outcome withdraw_major(Ticket& t, const Context& ctx, const std::string& reason)
{
    require_text(reason, "--reason");
    Event e = new_event(ctx, Action::major_withdraw);
    e.reason = reason;
    record(t, std::move(e));
    return done(t, "major incident withdrawn: back in the ordinary circuit" +
                       (t.coordination_required ? std::string("; its priority still needs a coordinator")
                                                : std::string()));
}

Outcome major_update(Ticket& t, const Context& ctx, const std::string& message, const std::string& audience)
{
    require_text(message, "--message");
    require_one_of(audience, audiences(), "--audience");
    Event e = new_event(ctx, Action::major_update);
    e.audience = audience;
    e.message = message;
    record(t, std::move(e));
    return done(t, "update to " + audience + " recorded");
}

Outcome link(Ticket& child, const Context& ctx, const std::string& parent_id)
{
    Event e = new_event(ctx, Action::link);
    e.parent = parent_id;
    if (child.parent == parent_id && !is_terminal(child.status)) {
        return nothing(child, "already a child of '" + parent_id + "'");
    }
    record(child, std::move(e));
    return done(child, "linked to parent " + parent_id + "; resolving the parent will resolve it");
}

Outcome relate(Ticket& t, const Context& ctx, Record record_kind, const std::string& number)
{
    const std::string key(record_key(record_kind));
    require_text(number, "--" + (record_kind == Record::caused_by ? std::string("caused-by") : key));
    Event e = new_event(ctx, Action::relate);
    e.record = record_kind;
    e.number = number;
    const OptString current = record_kind == Record::problem  ? t.problem
                               : record_kind == Record::change ? t.change
                                                               : t.caused_by;
    e.previous = current;
    check(t, e);
    if (current == number) {
        return nothing(t, "already linked to " + key + " '" + number + "'");
    }
    record(t, std::move(e));
    const char* what = record_kind == Record::problem  ? "linked to problem "
                       : record_kind == Record::change ? "fixed by change "
                                                       : "caused by change ";
    return done(t, what + number + (current ? " (instead of " + *current + ")" : std::string()));
}

Outcome adopt(Ticket& parent, const Context& ctx, const std::string& child_id)
{
    Event e = new_event(ctx, Action::link_child);
    e.child = child_id;
    check(parent, e);
    if (std::find(parent.children.begin(), parent.children.end(), child_id) != parent.children.end()) {
        return nothing(parent, "'" + child_id + "' is already listed as a child");
    }
    record(parent, std::move(e));
    return Outcome{true, ""};
}

Outcome release(Ticket& parent, const Context& ctx, const std::string& child_id)
{
    if (std::find(parent.children.begin(), parent.children.end(), child_id) == parent.children.end() ||
        is_terminal(parent.status)) {
        return Outcome{false, ""}; // a final parent keeps its history; the child's side is the truth
    }
    Event e = new_event(ctx, Action::unlink_child);
    e.child = child_id;
    record(parent, std::move(e));
    return Outcome{true, ""};
}

Outcome drop_child(Ticket& parent, const Context& ctx, const std::string& child_id)
{
    Event e = new_event(ctx, Action::unlink_child);
    e.child = child_id;
    check(parent, e);
    if (std::find(parent.children.begin(), parent.children.end(), child_id) == parent.children.end()) {
        return nothing(parent, "it does not list '" + child_id + "'");
    }
    record(parent, std::move(e));
    return done(parent, "'" + child_id + "' taken off its children");
}

Outcome unlink(Ticket& child, const Context& ctx)
{
    Event e = new_event(ctx, Action::unlink);
    e.parent = child.parent;
    check(child, e);
    if (!child.parent) {
        return nothing(child, "it has no parent");
    }
    const std::string parent = *child.parent;
    record(child, std::move(e));
    return done(child, "unlinked from " + parent);
}

bool resolvable_by_parent(const Ticket& child) { return child.type == "incident" && is_working(child.status); }

Outcome resolve_by_parent(Ticket& child, const Context& ctx, const Ticket& parent)
{
    if (!parent.resolution) {
        fail_refused("cannot resolve '" + child.id + "' by '" + parent.id + "': the parent has no resolution");
    }
    Event e = new_event(ctx, Action::resolve_by_parent);
    e.kind = parent.resolution->kind;
    e.code = parent.resolution->code;
    e.solution = parent.resolution->notes;
    e.parent = parent.id;
    record(child, std::move(e));
    return done(child, "resolved by its parent " + parent.id);
}

Outcome record_postmortem(Ticket& t, const Context& ctx, const std::string& path)
{
    Event e = new_event(ctx, Action::postmortem);
    e.path = path;
    record(t, std::move(e));
    return done(t, "post-mortem draft written to " + path + "; fill in the causes and actions");
}

bool auto_closable(const Ticket& t, const Config& config, Time now)
{
    // The same rules as `close --unconfirmed` (a major incident waits for its post-mortem).
    return t.status == Status::resolved && !refusal(t, unconfirmed_close_event(Context{config, "itk", now}));
}

} // namespace itk
