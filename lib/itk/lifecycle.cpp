#include "itk/lifecycle.hpp"

#include "itk/error.hpp"
#include "itk/text.hpp"

#include <algorithm>

namespace itk {

namespace {

constexpr unsigned bit(Status s) { return 1u << static_cast<unsigned>(s); }

constexpr unsigned k_any = 0;
constexpr unsigned k_working = bit(Status::fresh) | bit(Status::in_progress) | bit(Status::on_hold);
constexpr unsigned k_live = k_working | bit(Status::resolved); // every non-terminal status

// The lifecycle of SPEC §7. `open` is allowed only on a ticket with no event (k_any marks it).
const std::vector<Rule> k_rules = {
    // name                     verb          allowed                       needs                                                    next
    {"open", "open", k_any, 0, Next::fresh},
    {"categorize", "categorize", k_working, 0, Next::same},
    {"redirect", "categorize", k_working, 0, Next::redirected},
    {"edit", "edit", k_live, 0, Next::same},
    {"prioritize", "prioritize", k_working, k_need_incident, Next::same},
    {"assign", "assign", k_working, k_need_incident | k_need_priority, Next::in_progress_if_new},
    {"note", "add a note to", k_live, 0, Next::same},
    {"escalate", "escalate", k_working, k_need_incident | k_need_level, Next::same},
    {"escalate_hierarchical", "escalate", k_live, 0, Next::same},
    {"coordinate", "coordinate", k_live, k_need_incident, Next::same},
    {"hold", "hold", bit(Status::in_progress), 0, Next::on_hold},
    {"resume", "resume", bit(Status::on_hold), 0, Next::in_progress},
    {"resolve", "resolve", bit(Status::in_progress), k_need_incident | k_need_priority | k_need_owner | k_need_coordinator,
     Next::resolved},
    {"reopen", "reopen", bit(Status::resolved), 0, Next::in_progress},
    {"close", "close", bit(Status::resolved), k_need_confirmer | k_need_delay | k_need_postmortem, Next::closed},
    {"cancel", "cancel", k_working, 0, Next::cancelled},
    // Major incidents, links and post-mortems (SPEC §10).
    {"major", "declare major", k_working, k_need_incident, Next::same},
    {"major_update", "record an update on", k_live, k_need_major, Next::same},
    {"link", "link", k_working, k_need_incident | k_need_no_parent | k_need_no_children, Next::same},
    {"unlink", "unlink", k_live, 0, Next::same},
    // The parent keeps the list of its children (so that resolving it never scans the store);
    // the child's `parent` is the truth, the list may only hold extra, stale entries.
    {"link_child", "link a child to", k_working, k_need_incident | k_need_no_parent, Next::same},
    {"unlink_child", "unlink a child from", k_live, 0, Next::same},
    {"resolve_by_parent", "resolve", k_working, k_need_incident, Next::resolved}, // the parent's fix is the child's
    {"postmortem", "write a post-mortem for", k_live, k_need_incident, Next::same},
};

const std::vector<std::string> k_channels = {"phone", "email", "portal", "chat", "monitoring", "walk-in"};
const std::vector<std::string> k_types = {"incident", "request", "change"};
const std::vector<std::string> k_kinds = {"workaround", "permanent"};
const std::vector<std::string> k_audiences = {"internal", "stakeholders"};

std::string practice_of(const OptString& type)
{
    if (type == "change") {
        return "change enablement";
    }
    return "request fulfilment";
}

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

Json null_or(const OptString& s) { return s ? Json(*s) : Json(nullptr); }

Json person_json(const Person& p) { return Json{{"name", p.name}, {"contact", null_or(p.contact)}}; }

Person event_person(const Json& ev, const char* key)
{
    const auto it = ev.find(key);
    if (it == ev.end() || !it->is_object()) {
        fail_invalid("event '" + ev.value("action", std::string("?")) + "' has no object '" + key + "'");
    }
    Person p;
    p.name = event_string(*it, "name");
    p.contact = event_opt_string(*it, "contact");
    return p;
}

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
    const bool wants_progress = (rule.allowed & bit(Status::in_progress)) != 0;
    const Next next = rule.next;
    if ((next == Next::on_hold && t.status == Status::on_hold) || (next == Next::resolved && t.status == Status::resolved)) {
        return "ticket is already '" + st + "'";
    }
    if (rule.allowed == bit(Status::resolved)) {
        return std::string(rule.name) == "reopen" ? "ticket is '" + st + "', not resolved"
                                                  : "ticket is '" + st + "', resolve it first";
    }
    if (rule.allowed == bit(Status::on_hold)) {
        return "ticket is '" + st + "', not on hold";
    }
    if (wants_progress && t.status == Status::fresh) {
        return "ticket is 'new', assign it first";
    }
    if (wants_progress && t.status == Status::on_hold) {
        return "ticket is 'on_hold', resume it first";
    }
    if (t.status == Status::resolved) {
        return "ticket is 'resolved'; reopen it first ('itk reopen " + t.id + " --reason R')";
    }
    return "ticket is '" + st + "'";
}

} // namespace

const std::vector<Rule>& lifecycle_rules() { return k_rules; }
const std::vector<std::string>& channels() { return k_channels; }
const std::vector<std::string>& ticket_types() { return k_types; }
const std::vector<std::string>& resolution_kinds() { return k_kinds; }

const Rule& rule_for(const Json& event)
{
    std::string name = event_string(event, "action");
    if (name == "categorize" && event.value("type", std::string()) != "incident") {
        name = "redirect";
    } else if (name == "escalate" && event.value("kind", std::string()) == "hierarchical") {
        name = "escalate_hierarchical";
    } else if (name == "resolve" && event.contains("parent")) {
        name = "resolve_by_parent";
    }
    for (const Rule& r : k_rules) {
        if (name == r.name) {
            return r;
        }
    }
    fail_invalid("unknown action '" + name + "'");
}

std::optional<std::string> refusal(const Ticket& t, const Json& event)
{
    const Rule& rule = rule_for(event);
    if (rule.allowed == k_any) {
        if (!t.events.empty()) {
            return std::string("ticket is already open");
        }
        return std::nullopt;
    }
    if (t.events.empty()) {
        return std::string("no ticket: open it first (pas de ticket, pas de support)");
    }
    if ((rule.allowed & bit(t.status)) == 0) {
        return status_refusal(rule, t);
    }
    const Time at = event_time(event);
    if (at < t.last_event_at()) {
        return "its time " + format_rfc3339(at) + " is before the ticket's last event (" +
               format_rfc3339(t.last_event_at()) + ")";
    }
    if ((rule.needs & k_need_incident) && t.type != "incident") {
        return t.type ? "ticket is a '" + *t.type + "', not an incident"
                      : "ticket is not categorised yet; run 'itk categorize " + t.id + " --type incident' first";
    }
    if ((rule.needs & k_need_priority) && !t.priority) {
        return "ticket has no priority; run 'itk prioritize " + t.id + " --impact I --urgency U' first";
    }
    if ((rule.needs & k_need_owner) && !t.owner) {
        return "ticket has no owner; assign it first ('itk assign " + t.id + " --to PERSON' or 'itk take " + t.id + "')";
    }
    if ((rule.needs & k_need_coordinator) && !t.coordinator && (t.major || t.coordination_required)) {
        const std::string why = t.major ? "a major incident needs a coordinator"
                                        : "priority '" + t.priority.value_or("?") +
                                              "' needs a coordinator (coordination.required_for)";
        return why + "; run 'itk coordinate " + t.id + " --by PERSON' first";
    }
    if ((rule.needs & k_need_level) && event_string(event, "from") != t.level) {
        return "ticket is at level '" + t.level + "', not '" + event_string(event, "from") + "'";
    }
    if ((rule.needs & k_need_confirmer) && !event_bool(event, "unconfirmed", false)) {
        const std::string who = event_opt_string(event, "confirmed_by").value_or("");
        if (!t.caller.matches(who) && !t.affected.matches(who)) {
            return "'" + who + "' is neither the caller ('" + t.caller.name + "') nor the affected person ('" +
                   t.affected.name + "'); the user who reported it confirms";
        }
    }
    if (std::string(rule.name) == "link" && event_opt_string(event, "parent") == t.id) {
        return std::string("a ticket cannot be its own parent; name another incident with --parent");
    }
    if (std::string(rule.name) == "cancel" && event_opt_string(event, "duplicate_of") == t.id) {
        return std::string("a ticket cannot duplicate itself; name the other ticket with --duplicate-of");
    }
    if ((rule.needs & k_need_major) && !t.major) {
        return "ticket is not a major incident; declare it with 'itk major declare " + t.id + " --reason R'";
    }
    if ((rule.needs & k_need_postmortem) && t.major && !t.postmortem) {
        return "a major incident is closed after its post-mortem; run 'itk postmortem " + t.id + "' first";
    }
    if ((rule.needs & k_need_no_parent) && t.parent) {
        return "ticket is a child of '" + *t.parent + "'" +
               (std::string(rule.name) == "link" ? "; unlink it first" : "; link to that one instead");
    }
    if ((rule.needs & k_need_no_children) && !t.children.empty()) {
        return "ticket has children of its own; a parent cannot become a child";
    }
    if ((rule.needs & k_need_delay) && event_bool(event, "unconfirmed", false)) {
        const Duration after = event_opt_duration(event, "after_seconds").value_or(0);
        const Duration since = at - t.resolved_at.value_or(at);
        if (since < after) {
            return "ticket was resolved " + format_duration(since) + " ago; closing it unconfirmed needs " +
                   format_duration(after) + " (closure.auto_close_after), or close it --confirmed-by the caller";
        }
    }
    return std::nullopt;
}

void check(const Ticket& t, const Json& event)
{
    if (const auto why = refusal(t, event)) {
        const std::string id = t.id.empty() ? event.value("id", std::string("?")) : t.id;
        fail_refused("cannot " + std::string(rule_for(event).verb) + " '" + id + "': " + *why);
    }
}

namespace {

// Ends a hold at `at`: its time is added to the time on hold, which SLAs exclude.
void end_hold(Ticket& t, Time at)
{
    if (t.on_hold_since) {
        t.held += at - *t.on_hold_since;
    }
    t.on_hold_since.reset();
    t.hold_reason.reset();
}

} // namespace

void apply_event(Ticket& t, const Json& ev)
{
    const Time at = event_time(ev);
    t.last_at = std::max(t.last_at, at);
    if (ev.contains("rejected")) {
        return;
    }
    const Rule& rule = rule_for(ev);
    const std::string action = rule.name;

    if (action == "open") {
        t.id = event_id(ev, "id");
        t.title = event_string(ev, "title");
        t.description = ev.value("description", std::string());
        t.caller = event_person(ev, "caller");
        t.affected = ev.contains("affected") ? event_person(ev, "affected") : t.caller;
        t.channel = event_opt_string(ev, "channel");
        t.service = event_opt_string(ev, "service");
        t.level = event_string(ev, "level");
        t.group = event_opt_string(ev, "group");
        t.dedup = event_opt_string(ev, "dedup");
        t.follows = event_opt_id(ev, "follows");
        t.opened_at = at;
    } else if (action == "categorize" || action == "redirect") {
        t.type = event_string(ev, "type");
        if (t.type != "incident") {
            end_hold(t, at); // redirected: a final ticket waits for nothing
        }
        for (const auto& [key, field] : {std::pair{"category", &t.category}, std::pair{"subcategory", &t.subcategory},
                                         std::pair{"service", &t.service}, std::pair{"ref", &t.ref}}) {
            if (auto v = event_opt_string(ev, key)) {
                *field = std::move(v);
            }
        }
    } else if (action == "edit") {
        const auto changes = ev.find("changes");
        if (changes == ev.end() || !changes->is_object()) {
            fail_invalid("event 'edit' has no object 'changes'");
        }
        for (const auto& [key, change] : changes->items()) {
            const OptString to = event_opt_string(change, "to");
            if (key == "title") {
                t.title = to.value_or("");
            } else if (key == "description") {
                t.description = to.value_or("");
            } else if (key == "service") {
                t.service = to;
            } else if (key == "channel") {
                t.channel = to;
            } else if (key == "caller") {
                t.caller.name = to.value_or("");
            } else if (key == "contact") {
                t.caller.contact = to;
            } else if (key == "affected") {
                t.affected.name = to.value_or("");
            } else if (key == "affected_contact") {
                t.affected.contact = to;
            } else {
                fail_invalid("event 'edit' changes unknown field '" + key + "'");
            }
        }
    } else if (action == "prioritize") {
        t.impact = event_string(ev, "impact");
        t.urgency = event_string(ev, "urgency");
        t.priority = event_string(ev, "priority");
        const auto sla = ev.find("sla");
        if (sla != ev.end() && !sla->is_object()) {
            fail_invalid("event 'prioritize' has a bad 'sla' (expected an object)");
        }
        const auto sla_seconds = [&](const char* key) -> std::optional<Duration> {
            if (sla == ev.end()) {
                return std::nullopt;
            }
            try {
                return event_opt_duration(*sla, key);
            } catch (const Error&) {
                fail_invalid(std::string("event 'prioritize' has a bad 'sla.") + key +
                             "' (expected seconds from 0 to 100 years)");
            }
        };
        t.sla_response = sla_seconds("response_seconds");
        t.sla_resolution = sla_seconds("resolution_seconds");
        t.coordination_required = event_bool(ev, "coordination_required", false);
        t.major = event_bool(ev, "major", false) || t.major;
    } else if (action == "assign") {
        t.owner = event_string(ev, "owner");
        if (auto g = event_opt_string(ev, "group")) {
            t.group = std::move(g);
        }
        if (!t.first_assigned_at) {
            t.first_assigned_at = at;
        }
    } else if (action == "escalate") {
        event_string(ev, "reason");
        event_string(ev, "from"); // read by the rules on replay
        t.level = event_string(ev, "to");
        t.group = event_opt_string(ev, "group");
        t.owner.reset();
    } else if (action == "coordinate") {
        t.coordinator = event_string(ev, "coordinator");
    } else if (action == "hold") {
        t.hold_reason = event_string(ev, "reason");
        t.on_hold_since = at;
    } else if (action == "resume") {
        end_hold(t, at);
    } else if (action == "resolve" || action == "resolve_by_parent") {
        t.resolution = Resolution{event_string(ev, "kind"), event_opt_string(ev, "code"), event_string(ev, "solution"), at,
                                  event_string(ev, "by")};
        t.resolved_at = at;
        end_hold(t, at); // a child resolved by its parent while on hold: the hold ends here
    } else if (action == "major") {
        event_string(ev, "reason");
        t.major = true;
    } else if (action == "link") {
        t.parent = event_id(ev, "parent");
    } else if (action == "unlink") {
        t.parent.reset();
    } else if (action == "link_child") {
        const std::string child = event_id(ev, "child");
        if (std::find(t.children.begin(), t.children.end(), child) == t.children.end()) {
            t.children.push_back(child);
        }
    } else if (action == "unlink_child") {
        const std::string child = event_id(ev, "child");
        t.children.erase(std::remove(t.children.begin(), t.children.end(), child), t.children.end());
    } else if (action == "postmortem") {
        t.postmortem = true;
    } else if (action == "reopen") {
        t.resolution.reset();
        t.resolved_at.reset();
    } else if (action == "close") {
        Closure c;
        c.confirmed_by = event_opt_string(ev, "confirmed_by");
        if (const auto score = event_opt_int(ev, "satisfaction")) {
            if (*score < 1 || *score > 5) {
                fail_invalid("event 'close' has a bad 'satisfaction' (expected 1 to 5)");
            }
            c.satisfaction = static_cast<int>(*score);
        }
        c.comment = event_opt_string(ev, "comment");
        c.unconfirmed = event_bool(ev, "unconfirmed", false);
        event_opt_duration(ev, "after_seconds");
        c.at = at;
        c.by = event_string(ev, "by");
        t.closure = c;
    } else if (action == "cancel") {
        t.duplicate_of = event_opt_id(ev, "duplicate_of");
        end_hold(t, at); // a final ticket waits for nothing
    } else if (action == "note") {
        event_string(ev, "text"); // history only, but read by show and post-mortems: checked here
        event_bool(ev, "public", false);
    } else if (action == "escalate_hierarchical") {
        event_string(ev, "to");
        event_string(ev, "reason");
    } else if (action == "major_update") {
        event_string(ev, "audience");
        event_string(ev, "message");
    }

    switch (rule.next) {
    case Next::same:
        break;
    case Next::fresh:
        t.status = Status::fresh;
        break;
    case Next::in_progress_if_new:
        if (t.status == Status::fresh) {
            t.status = Status::in_progress;
        }
        break;
    case Next::in_progress:
        t.status = Status::in_progress;
        break;
    case Next::on_hold:
        t.status = Status::on_hold;
        break;
    case Next::resolved:
        t.status = Status::resolved;
        break;
    case Next::closed:
        t.status = Status::closed;
        break;
    case Next::cancelled:
        t.status = Status::cancelled;
        break;
    case Next::redirected:
        t.status = Status::redirected;
        break;
    }
    t.updated_at = at;
}

Ticket replay(const std::vector<Json>& events, std::optional<Time> until)
{
    Ticket t;
    for (const Json& ev : events) {
        if (until && event_time(ev) >= *until) {
            break;
        }
        apply_event(t, ev);
        t.events.push_back(ev);
    }
    return t;
}

Ticket replay(std::vector<Json>&& events)
{
    Ticket t;
    t.events.reserve(events.size());
    for (Json& ev : events) {
        apply_event(t, ev);
        t.events.push_back(std::move(ev));
    }
    return t;
}

void record(Ticket& t, Json event)
{
    check(t, event);
    apply_event(t, event);
    t.events.push_back(std::move(event));
}

namespace {

Json new_event(const Context& ctx, const char* action)
{
    return Json{{"at", format_rfc3339(ctx.now)}, {"by", ctx.actor}, {"action", action}};
}

Outcome done(const Ticket& t, const std::string& what) { return Outcome{true, t.id + ": " + what}; }
Outcome nothing(const Ticket& t, const std::string& why) { return Outcome{false, t.id + ": nothing to do, " + why}; }

} // namespace

Ticket open_ticket(const Context& ctx, const std::string& id, const OpenArgs& a, std::vector<std::string>* messages)
{
    require_text(a.title, "--title");
    require_utf8(a.description, "--description");
    require_text(a.caller.name, "--caller");
    if (a.channel) {
        require_one_of(*a.channel, k_channels, "--channel");
    }
    if ((a.impact || a.urgency) && !(a.impact && a.urgency)) {
        fail_usage("--impact and --urgency go together");
    }
    if (a.type && *a.type != "incident" && (a.impact || a.assign_to)) {
        fail_usage("--impact, --urgency and --to apply to incidents; a '" + *a.type + "' is redirected");
    }
    Json ev = new_event(ctx, "open");
    ev["id"] = id;
    ev["title"] = a.title;
    ev["description"] = a.description;
    ev["caller"] = person_json(a.caller);
    if (a.affected) {
        require_text(a.affected->name, "--affected");
        ev["affected"] = person_json(*a.affected);
    }
    ev["channel"] = null_or(a.channel);
    ev["service"] = null_or(a.service);
    const std::string& level = ctx.config.levels.front();
    ev["level"] = level;
    const std::string group = ctx.config.group_of(level);
    ev["group"] = group.empty() ? Json(nullptr) : Json(group);
    if (a.dedup) {
        ev["dedup"] = *a.dedup;
    }
    if (a.follows) {
        ev["follows"] = *a.follows;
    }
    Ticket t;
    record(t, std::move(ev));

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
    Json changes = Json::object();
    const auto change = [&](const char* key, const OptString& value, const OptString& current) {
        if (!value) {
            return;
        }
        require_utf8(*value, std::string("--") + key);
        // Optional fields are cleared by ''; the description is a string, never null.
        const bool nullable = std::string_view(key) != "description";
        const OptString to = value->empty() && nullable ? OptString() : value;
        if (to != current) {
            changes[key] = Json{{"from", null_or(current)}, {"to", null_or(to)}};
        }
    };
    if (a.title) {
        require_text(*a.title, "--title");
    }
    if (a.caller) {
        require_text(*a.caller, "--caller");
    }
    if (a.affected) {
        require_text(*a.affected, "--affected");
    }
    if (a.channel && !a.channel->empty()) {
        require_one_of(*a.channel, k_channels, "--channel");
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
    Json ev = new_event(ctx, "edit");
    const bool empty = changes.empty();
    ev["changes"] = std::move(changes);
    check(t, ev);
    if (empty) {
        return nothing(t, "the registration already says that");
    }
    std::string fields;
    for (const auto& [key, value] : ev["changes"].items()) {
        fields += (fields.empty() ? "" : ", ") + key;
    }
    record(t, std::move(ev));
    return done(t, "edited " + fields);
}

Outcome categorize(Ticket& t, const Context& ctx, const CategorizeArgs& a)
{
    require_one_of(a.type, k_types, "--type");
    if (a.type == "incident" && a.ref) {
        fail_usage("--ref is the number in another practice's tool; an incident stays here");
    }
    if (a.type != "incident" && (a.category || a.subcategory)) {
        fail_usage("--category and --subcategory apply to incidents; a '" + a.type + "' is redirected");
    }
    Json ev = new_event(ctx, "categorize");
    ev["type"] = a.type;
    for (const auto& [key, value] : {std::pair{"category", &a.category}, std::pair{"subcategory", &a.subcategory},
                                     std::pair{"service", &a.service}, std::pair{"ref", &a.ref}}) {
        if (*value) {
            require_text(**value, std::string("--") + key);
            ev[key] = **value;
        }
    }
    check(t, ev);
    if (t.type == a.type && (!a.category || a.category == t.category) && (!a.subcategory || a.subcategory == t.subcategory) &&
        (!a.service || a.service == t.service)) {
        return nothing(t, "already categorised so");
    }
    record(t, std::move(ev));
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
    Json ev = new_event(ctx, "prioritize");
    ev["impact"] = impact;
    ev["urgency"] = urgency;
    ev["priority"] = priority;
    ev["sla"] = Json{{"response_seconds", sla.response}, {"resolution_seconds", sla.resolution}};
    ev["coordination_required"] = cfg.needs_coordinator(priority);
    const bool major = cfg.is_major(impact, urgency, priority);
    if (major) {
        ev["major"] = true;
    }
    check(t, ev);
    if (t.impact == impact && t.urgency == urgency && t.priority == priority && (!major || t.major)) {
        return nothing(t, "already " + priority + " (impact " + impact + ", urgency " + urgency + ")");
    }
    const bool was_major = t.major;
    record(t, std::move(ev));
    std::string what = "priority " + priority + " (impact " + impact + ", urgency " + urgency + "); respond within " +
                       format_duration(sla.response) + ", resolve within " + format_duration(sla.resolution);
    if (major && !was_major) {
        what += "\nMAJOR INCIDENT: a major.rules entry matches; it leaves the ordinary circuit and needs a "
                "coordinator ('itk coordinate " + t.id + " --by PERSON')";
    }
    return done(t, what);
}

Outcome assign(Ticket& t, const Context& ctx, const std::string& person, const OptString& group)
{
    require_text(person, "--to");
    Json ev = new_event(ctx, "assign");
    ev["owner"] = person;
    if (group) {
        require_text(*group, "--group");
        ev["group"] = *group;
    }
    check(t, ev);
    if (t.owner && iequals(*t.owner, person) && (!group || group == t.group)) {
        return nothing(t, "already assigned to '" + *t.owner + "'");
    }
    record(t, std::move(ev));
    return done(t, "assigned to " + person + (t.group ? " (" + *t.group + ")" : std::string()));
}

Outcome note(Ticket& t, const Context& ctx, const std::string& text, bool is_public)
{
    require_text(text, "note");
    Json ev = new_event(ctx, "note");
    ev["text"] = text;
    ev["public"] = is_public;
    record(t, std::move(ev));
    return done(t, is_public ? "public note added (told to the caller)" : "work note added");
}

Outcome escalate(Ticket& t, const Context& ctx, const OptString& to_level, const std::string& reason)
{
    require_text(reason, "--reason");
    const auto& levels = ctx.config.levels;
    Json ev = new_event(ctx, "escalate");
    ev["kind"] = "functional";
    ev["from"] = t.level;
    const auto here = std::find(levels.begin(), levels.end(), t.level);
    std::string to;
    if (to_level) {
        require_one_of(*to_level, levels, "--to-level");
        to = *to_level;
    } else if (here != levels.end() && here + 1 != levels.end()) {
        to = *(here + 1);
    }
    ev["to"] = to;
    const std::string group = ctx.config.group_of(to);
    ev["group"] = group.empty() ? Json(nullptr) : Json(group);
    ev["reason"] = reason;
    check(t, ev);
    if (to.empty()) {
        fail_refused("cannot escalate '" + t.id + "': ticket is already at the top level '" + t.level +
                     "'; escalate hierarchically with --hierarchical");
    }
    if (std::find(levels.begin(), levels.end(), to) <= here) {
        fail_refused("cannot escalate '" + t.id + "': level '" + to + "' is not above the current level '" + t.level +
                     "'");
    }
    record(t, std::move(ev));
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
    Json ev = new_event(ctx, "escalate");
    ev["kind"] = "hierarchical";
    ev["to"] = manager;
    ev["level"] = t.level;
    ev["reason"] = reason;
    record(t, std::move(ev));
    return done(t, "escalated hierarchically to " + manager);
}

Outcome coordinate(Ticket& t, const Context& ctx, const std::string& person)
{
    require_text(person, "--by");
    Json ev = new_event(ctx, "coordinate");
    ev["coordinator"] = person;
    check(t, ev);
    if (t.coordinator && iequals(*t.coordinator, person)) {
        return nothing(t, "already coordinated by '" + *t.coordinator + "'");
    }
    record(t, std::move(ev));
    return done(t, "coordinated by " + person + " (control tower)");
}

Outcome hold(Ticket& t, const Context& ctx, const std::string& reason)
{
    require_text(reason, "--reason");
    Json ev = new_event(ctx, "hold");
    ev["reason"] = reason;
    record(t, std::move(ev));
    return done(t, "on hold; SLA clocks stopped");
}

Outcome resume(Ticket& t, const Context& ctx)
{
    record(t, new_event(ctx, "resume"));
    return done(t, "resumed; SLA clocks running");
}

Outcome resolve(Ticket& t, const Context& ctx, const std::string& solution, const std::string& kind, const OptString& code)
{
    require_text(solution, "--solution");
    require_one_of(kind, k_kinds, "--kind");
    Json ev = new_event(ctx, "resolve");
    ev["kind"] = kind;
    ev["code"] = null_or(code);
    ev["solution"] = solution;
    record(t, std::move(ev));
    return done(t, "resolved (" + kind + "); ask " + t.caller.name + " to confirm, then 'itk close " + t.id +
                       " --confirmed-by " + t.caller.name + "'");
}

Outcome reopen(Ticket& t, const Context& ctx, const std::string& reason)
{
    require_text(reason, "--reason");
    Json ev = new_event(ctx, "reopen");
    ev["reason"] = reason;
    record(t, std::move(ev));
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
    Json ev = new_event(ctx, "close");
    // Record the person as the ticket knows them, so that reports group one name.
    ev["confirmed_by"] = t.caller.matches(person) ? t.caller.name : t.affected.matches(person) ? t.affected.name : person;
    ev["satisfaction"] = satisfaction ? Json(*satisfaction) : Json(nullptr);
    ev["comment"] = null_or(comment);
    ev["unconfirmed"] = false;
    record(t, std::move(ev));
    return done(t, "closed, confirmed by " + t.closure->confirmed_by.value_or(person));
}

namespace {

Json unconfirmed_close_event(const Context& ctx)
{
    Json ev = new_event(ctx, "close");
    ev["confirmed_by"] = nullptr;
    ev["satisfaction"] = nullptr;
    ev["comment"] = nullptr;
    ev["unconfirmed"] = true;
    ev["after_seconds"] = ctx.config.auto_close_after;
    return ev;
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
    Json ev = new_event(ctx, "cancel");
    ev["reason"] = reason;
    ev["duplicate_of"] = null_or(duplicate_of);
    record(t, std::move(ev));
    return done(t, "cancelled" + (duplicate_of ? " as a duplicate of " + *duplicate_of : std::string()));
}

Outcome declare_major(Ticket& t, const Context& ctx, const std::string& reason)
{
    require_text(reason, "--reason");
    Json ev = new_event(ctx, "major");
    ev["reason"] = reason;
    check(t, ev);
    if (t.major) {
        return nothing(t, "already a major incident");
    }
    record(t, std::move(ev));
    return done(t, "MAJOR INCIDENT declared: it leaves the ordinary circuit" +
                       (t.coordinator ? std::string("; coordinated by ") + *t.coordinator
                                      : "; name a coordinator with 'itk coordinate " + t.id + " --by PERSON'"));
}

Outcome major_update(Ticket& t, const Context& ctx, const std::string& message, const std::string& audience)
{
    require_text(message, "--message");
    require_one_of(audience, k_audiences, "--audience");
    Json ev = new_event(ctx, "major_update");
    ev["audience"] = audience;
    ev["message"] = message;
    record(t, std::move(ev));
    return done(t, "update to " + audience + " recorded");
}

Outcome link(Ticket& child, const Context& ctx, const std::string& parent_id)
{
    Json ev = new_event(ctx, "link");
    ev["parent"] = parent_id;
    if (child.parent == parent_id && !is_terminal(child.status)) {
        return nothing(child, "already a child of '" + parent_id + "'");
    }
    record(child, std::move(ev));
    return done(child, "linked to parent " + parent_id + "; resolving the parent will resolve it");
}

Outcome adopt(Ticket& parent, const Context& ctx, const std::string& child_id)
{
    Json ev = new_event(ctx, "link_child");
    ev["child"] = child_id;
    check(parent, ev);
    if (std::find(parent.children.begin(), parent.children.end(), child_id) != parent.children.end()) {
        return nothing(parent, "'" + child_id + "' is already listed as a child");
    }
    record(parent, std::move(ev));
    return Outcome{true, ""};
}

Outcome release(Ticket& parent, const Context& ctx, const std::string& child_id)
{
    if (std::find(parent.children.begin(), parent.children.end(), child_id) == parent.children.end() ||
        is_terminal(parent.status)) {
        return Outcome{false, ""}; // a final parent keeps its history; the child's side is the truth
    }
    Json ev = new_event(ctx, "unlink_child");
    ev["child"] = child_id;
    record(parent, std::move(ev));
    return Outcome{true, ""};
}

Outcome unlink(Ticket& child, const Context& ctx)
{
    Json ev = new_event(ctx, "unlink");
    ev["parent"] = null_or(child.parent);
    check(child, ev);
    if (!child.parent) {
        return nothing(child, "it has no parent");
    }
    const std::string parent = *child.parent;
    record(child, std::move(ev));
    return done(child, "unlinked from " + parent);
}

bool resolvable_by_parent(const Ticket& child)
{
    return child.type == "incident" &&
           (child.status == Status::fresh || child.status == Status::in_progress || child.status == Status::on_hold);
}

Outcome resolve_by_parent(Ticket& child, const Context& ctx, const Ticket& parent)
{
    if (!parent.resolution) {
        fail_refused("cannot resolve '" + child.id + "' by '" + parent.id + "': the parent has no resolution");
    }
    Json ev = new_event(ctx, "resolve");
    ev["kind"] = parent.resolution->kind;
    ev["code"] = null_or(parent.resolution->code);
    ev["solution"] = parent.resolution->notes;
    ev["parent"] = parent.id;
    record(child, std::move(ev));
    return done(child, "resolved by its parent " + parent.id);
}

Outcome record_postmortem(Ticket& t, const Context& ctx, const std::string& path)
{
    Json ev = new_event(ctx, "postmortem");
    ev["path"] = path;
    record(t, std::move(ev));
    return done(t, "post-mortem draft written to " + path + "; fill in the causes and actions");
}

const std::vector<std::string>& audiences() { return k_audiences; }

bool auto_closable(const Ticket& t, const Config& config, Time now)
{
    // The same rules as `close --unconfirmed` (a major incident waits for its post-mortem).
    return t.status == Status::resolved && !refusal(t, unconfirmed_close_event(Context{config, "itk", now}));
}

} // namespace itk
