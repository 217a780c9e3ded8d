// Tests of itk/lifecycle: every (status, action) pair of the table of SPEC §7, allowed and
// refused with its exact message; the preconditions; and projection = replay.

#include "support.hpp"

#include "itk/lifecycle.hpp"
#include "itk/text.hpp"
#include "itk/ticket.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace itk;
using namespace itk::test;

namespace {

const std::string k_closed_final =
    "ticket is 'closed', which is final; open a new ticket with 'itk open --follows INC-7K3QX9MA2P'";
const std::string k_cancelled_final = "ticket is 'cancelled', which is final; open a new ticket if the problem is real";
const std::string k_redirected_final =
    "ticket was redirected to request fulfilment as 'REQ-42', which is final; follow it up there";
const std::string k_reopen_first = "ticket is 'resolved'; reopen it first ('itk reopen INC-7K3QX9MA2P --reason R')";

// One cell of the lifecycle table: the refusal after "cannot <verb> 'ID': ", or, when
// allowed, the status the ticket ends in.
struct Cell {
    std::optional<std::string> refusal;
    Status next = Status::fresh;
    bool status_allowed = true;
};
Cell ok(Status next) { return Cell{std::nullopt, next, true}; }
Cell no(const std::string& why) { return Cell{why, Status::fresh, false}; }
// Refused by a precondition, not by the status.
Cell unmet(const std::string& why) { return Cell{why, Status::fresh, true}; }

// One row: the action, its verb in messages, how to perform it, and one cell per status in
// the order new, in_progress, on_hold, resolved, closed, cancelled, redirected.
struct Row {
    Action action;
    std::string verb;
    std::function<void(Ticket&, const Context&)> act;
    std::vector<Cell> cells;
    Fixture fixture = Fixture::plain;
};

// A resolved parent whose fix its children take.
Ticket resolved_parent()
{
    Clock clock(default_cfg(), k_t0 - 86400);
    return ticket_in(Status::resolved, clock, "INC-PARENT0001");
}

const std::vector<Status> k_statuses = {Status::fresh,  Status::in_progress, Status::on_hold,   Status::resolved,
                                        Status::closed, Status::cancelled,   Status::redirected};

std::vector<Cell> terminal_refusals()
{
    return {no(k_closed_final), no(k_cancelled_final), no(k_redirected_final)};
}

std::vector<Cell> cells(std::vector<Cell> live)
{
    for (Cell& c : terminal_refusals()) {
        live.push_back(c);
    }
    return live;
}

// Written from SPEC §7 (as revised for real desks), not from lifecycle.cpp. The fixtures:
// new = prioritised P5, no owner; in_progress and on_hold = owner bob; resolved = by bob.
std::vector<Row> expected_table()
{
    using S = Status;
    using A = Action;
    return {
        {A::categorize, "categorize",
         [](Ticket& t, const Context& c) {
             categorize(t, c, CategorizeArgs{"incident", std::string("hardware"), {}, {}, {}});
         },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), no(k_reopen_first)})},
        {A::redirect, "categorize",
         [](Ticket& t, const Context& c) {
             categorize(t, c, CategorizeArgs{"change", {}, {}, {}, std::string("CHG-9")});
         },
         cells({ok(S::redirected), ok(S::redirected), ok(S::redirected), no(k_reopen_first)})},
        {A::edit, "edit",
         [](Ticket& t, const Context& c) {
             EditArgs a;
             a.title = "Printer down on floor 3 (all trays)";
             edit(t, c, a);
         },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)})},
        // A prioritisation of a resolved ticket is a correction before closure.
        {A::prioritize, "prioritize", [](Ticket& t, const Context& c) { prioritize(t, c, "medium", "low"); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)})},
        // On a resolved ticket, an assignment or a routing is a correction before closure.
        {A::assign, "assign", [](Ticket& t, const Context& c) { assign(t, c, "carol", {}); },
         cells({ok(S::in_progress), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)})},
        // A routing to a queue clears the owner and keeps the status.
        {A::route, "assign", [](Ticket& t, const Context& c) { route(t, c, "printers"); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)})},
        {A::unassign, "unassign", [](Ticket& t, const Context& c) { unassign(t, c, std::string("on leave")); },
         cells({unmet("ticket has no owner"), ok(S::in_progress), ok(S::on_hold), no(k_reopen_first)})},
        {A::note, "add a note to", [](Ticket& t, const Context& c) { note(t, c, "tried another tray", false); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)})},
        {A::escalate, "escalate", [](Ticket& t, const Context& c) { escalate(t, c, {}, "needs a technician"); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), no(k_reopen_first)})},
        {A::escalate_hierarchical, "escalate",
         [](Ticket& t, const Context& c) { escalate_hierarchical(t, c, {}, "no progress for a day"); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)})},
        {A::coordinate, "coordinate", [](Ticket& t, const Context& c) { coordinate(t, c, "dave"); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)})},
        // "Awaiting user info" straight after registration; on hold, it changes what it waits for.
        {A::hold, "hold",
         [](Ticket& t, const Context& c) { hold(t, c, "waiting for a part", std::string("vendor"), std::string("RMA-7")); },
         cells({ok(S::on_hold), ok(S::on_hold), ok(S::on_hold), no(k_reopen_first)})},
        {A::resume, "resume", [](Ticket& t, const Context& c) { resume(t, c); },
         cells({no("ticket is 'new', not on hold"), no("ticket is 'in_progress', not on hold"), ok(S::in_progress),
                no("ticket is 'resolved', not on hold")})},
        // Resolved as it happens: with no owner (first contact), and while on hold.
        {A::resolve, "resolve",
         [](Ticket& t, const Context& c) { resolve(t, c, "cleaned the rollers", "workaround", {}); },
         cells({ok(S::resolved), ok(S::resolved), ok(S::resolved), no("ticket is already 'resolved'")})},
        {A::resolve_by_parent, "resolve",
         [](Ticket& t, const Context& c) { resolve_by_parent(t, c, resolved_parent()); },
         cells({ok(S::resolved), ok(S::resolved), ok(S::resolved), no("ticket is already 'resolved'")}), Fixture::child},
        {A::reopen, "reopen", [](Ticket& t, const Context& c) { reopen(t, c, "it jams again"); },
         cells({no("ticket is 'new', not resolved"), no("ticket is 'in_progress', not resolved"),
                no("ticket is 'on_hold', not resolved"), ok(S::in_progress)})},
        {A::close, "close",
         [](Ticket& t, const Context& c) { close_confirmed(t, c, "julie", 5, std::string("great")); },
         cells({no("ticket is 'new', resolve it first"), no("ticket is 'in_progress', resolve it first"),
                no("ticket is 'on_hold', resolve it first"), ok(S::closed)})},
        {A::cancel, "cancel", [](Ticket& t, const Context& c) { cancel(t, c, "duplicate", std::string("INC-AAAAAAAAAA")); },
         cells({ok(S::cancelled), ok(S::cancelled), ok(S::cancelled), no(k_reopen_first)})},
        // SPEC §10: major incidents, links and post-mortems.
        {A::major, "declare major", [](Ticket& t, const Context& c) { declare_major(t, c, "whole floor affected"); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), no(k_reopen_first)})},
        {A::major_withdraw, "withdraw the major incident",
         [](Ticket& t, const Context& c) { withdraw_major(t, c, "one printer after all"); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)}), Fixture::major},
        {A::major_update, "record an update on",
         [](Ticket& t, const Context& c) { major_update(t, c, "ETA 11:00", "stakeholders"); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)}), Fixture::major},
        {A::link, "link", [](Ticket& t, const Context& c) { link(t, c, "INC-PARENT0001"); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), no(k_reopen_first)})},
        {A::relate, "link", [](Ticket& t, const Context& c) { relate(t, c, Record::problem, "PRB0040012"); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)})},
        {A::unlink, "unlink", [](Ticket& t, const Context& c) { unlink(t, c); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)}), Fixture::child},
        {A::link_child, "link a child to", [](Ticket& t, const Context& c) { adopt(t, c, "INC-CHILD00002"); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), no(k_reopen_first)}), Fixture::parent},
        {A::unlink_child, "unlink a child from",
         [](Ticket& t, const Context& c) {
             // release() skips a final parent on purpose; the rule itself is checked by record().
             Event e = new_event(c, Action::unlink_child);
             e.child = "INC-CHILD00001";
             record(t, e);
         },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)}), Fixture::parent},
        {A::postmortem, "write a post-mortem for",
         [](Ticket& t, const Context& c) { record_postmortem(t, c, "postmortems/INC-7K3QX9MA2P.md"); },
         cells({ok(S::fresh), ok(S::in_progress), ok(S::on_hold), ok(S::resolved)}), Fixture::major},
    };
}

// Projection = replay, and the file round-trips to the same bytes.
void check_consistent(const Ticket& t)
{
    const Ticket r = replay(t.events);
    CHECK(to_json(r) == to_json(t));
    CHECK(r.sla_response == t.sla_response);
    CHECK(r.sla_resolution == t.sla_resolution);
    CHECK(r.coordination_required == t.coordination_required);
    CHECK(r.first_assigned_at == t.first_assigned_at);
    CHECK(r.resolved_at == t.resolved_at);
    CHECK(r.on_hold_since == t.on_hold_since);
    CHECK(r.held == t.held);
    CHECK(r.postmortem == t.postmortem);
    CHECK(r.children == t.children);
    const std::string bytes = serialize(t);
    const Ticket parsed = parse_ticket(bytes, "x.json");
    CHECK(serialize(parsed) == bytes);
    CHECK(to_json(parsed) == to_json(t));
}

std::vector<std::string> actions_of(const Ticket& t)
{
    std::vector<std::string> out;
    for (const Event& ev : t.events) {
        out.emplace_back(action_name(ev.action));
    }
    return out;
}

} // namespace

TEST_CASE("lifecycle: the table has exactly the rules of SPEC §7, in Action order")
{
    std::set<Action> in_table;
    for (std::size_t i = 0; i < lifecycle_rules().size(); ++i) {
        CHECK(static_cast<std::size_t>(lifecycle_rules()[i].action) == i);
        CHECK(in_table.insert(lifecycle_rules()[i].action).second);
    }
    CHECK(in_table.size() == k_action_count);
    std::set<Action> expected = {Action::open};
    for (const Row& row : expected_table()) {
        expected.insert(row.action);
    }
    // An action added to the table without a row here fails this test: every pair is tested.
    CHECK(in_table == expected);
}

TEST_CASE("lifecycle: the rows of the table agree with SPEC §7")
{
    for (const Row& row : expected_table()) {
        const Rule& rule = rule_of(row.action);
        const Rule* it = &rule;
        CAPTURE(action_name(row.action));
        CHECK(std::string(it->verb) == row.verb);
        for (std::size_t i = 0; i < k_statuses.size(); ++i) {
            CAPTURE(to_string(k_statuses[i]));
            const bool allowed = (it->allowed & (1u << static_cast<unsigned>(k_statuses[i]))) != 0;
            CHECK(allowed == row.cells[i].status_allowed);
        }
    }
}

TEST_CASE("lifecycle: every (status, action) pair, allowed and refused")
{
    const std::vector<Row> table = expected_table();
    for (const Row& row : table) {
        REQUIRE(row.cells.size() == k_statuses.size());
        for (std::size_t i = 0; i < k_statuses.size(); ++i) {
            const Status from = k_statuses[i];
            const Cell& cell = row.cells[i];
            CAPTURE(static_cast<int>(row.action));
            CAPTURE(to_string(from));
            Clock clock;
            Ticket t = ticket_in(from, clock, k_id, row.fixture);
            REQUIRE(t.status == from);
            const Json before = to_json(t);
            const Context ctx = clock.next("erin");
            if (cell.refusal) {
                CHECK(refused_message([&] { row.act(t, ctx); }) ==
                      "cannot " + row.verb + " 'INC-7K3QX9MA2P': " + *cell.refusal);
                CHECK(to_json(t) == before); // a refused action changes nothing
            } else {
                const std::size_t events = t.events.size();
                CHECK(refused_message([&] { row.act(t, ctx); }) == "");
                CHECK(t.status == cell.next);
                REQUIRE(t.events.size() == events + 1);
                CHECK(t.events.back().action == row.action);
                CHECK(ev_json(t.events.back())["at"] == format_rfc3339(ctx.now));
                CHECK(ev_json(t.events.back())["by"] == "erin");
                CHECK(t.updated_at == ctx.now);
                check_consistent(t);
            }
        }
    }
}

TEST_CASE("lifecycle: refusal() gives the text that check() throws")
{
    for (const Status from : k_statuses) {
        CAPTURE(to_string(from));
        Clock clock;
        const Ticket t = ticket_in(from, clock);
        Json ev{{"at", format_rfc3339(clock.now() + 60)}, {"by", "erin"}, {"action", "resume"}};
        const auto why = refusal(t, ev);
        if (from == Status::on_hold) {
            CHECK(why == std::nullopt);
            CHECK_NOTHROW(check(t, ev));
        } else {
            REQUIRE(why.has_value());
            CHECK_THROWS_WITH(check(t, ev), ("cannot resume 'INC-7K3QX9MA2P': " + *why).c_str());
        }
    }
}

TEST_CASE("lifecycle: open is allowed once, and only open is allowed on no ticket")
{
    Clock clock;
    const Ticket t = bare_ticket(clock);
    const Json open_event = ev_json(t.events.front());
    CHECK(refusal(Ticket{}, open_event) == std::nullopt);
    for (const Status from : k_statuses) {
        CAPTURE(to_string(from));
        Clock c;
        const Ticket u = ticket_in(from, c);
        CHECK(refusal(u, open_event) == "ticket is already open");
        CHECK_THROWS_WITH(check(u, open_event), "cannot open 'INC-7K3QX9MA2P': ticket is already open");
    }
    const Json note_event{{"at", "2026-11-21T09:00:00Z"}, {"by", "erin"}, {"action", "note"}, {"text", "x"}};
    CHECK(refusal(Ticket{}, note_event) == "no ticket: open it first (pas de ticket, pas de support)");
}

TEST_CASE("lifecycle: open registers the ticket at the first level")
{
    Clock clock;
    const Context ctx = clock.next("desk-agent");
    const Ticket t = open_ticket(ctx, k_id, open_args());
    CHECK(t.id == k_id);
    CHECK(t.status == Status::fresh);
    CHECK(t.title == "Printer down on floor 3");
    CHECK(t.description == "Nothing prints since 8:00.");
    CHECK(t.caller == Person{"julie", "Julie@corp.example"});
    CHECK(t.affected == Person{"Marc", "marc@corp.example"});
    CHECK(t.channel == "phone");
    CHECK(t.service == "printing");
    CHECK(t.type == std::nullopt);
    CHECK(t.priority == std::nullopt);
    CHECK(t.level == "N1");
    CHECK(t.group == "service-desk");
    CHECK(t.owner == std::nullopt);
    CHECK_FALSE(t.major);
    CHECK(t.opened_at == ctx.now);
    CHECK(t.updated_at == ctx.now);
    REQUIRE(t.events.size() == 1);
    CHECK(ev_json(t.events[0])["action"] == "open");
    CHECK(ev_json(t.events[0])["by"] == "desk-agent");
    CHECK(ev_json(t.events[0])["at"] == "2026-11-21T09:01:00Z");

    OpenArgs no_affected = open_args();
    no_affected.affected.reset();
    const Ticket u = open_ticket(clock.next(), k_id, no_affected);
    CHECK(u.affected == u.caller); // the caller is the affected person unless told otherwise
}

TEST_CASE("lifecycle: open refuses bad arguments as usage errors")
{
    Clock clock;
    OpenArgs a = open_args();
    a.title = "  ";
    CHECK(error_message(ErrorKind::usage, [&] { open_ticket(clock.next(), k_id, a); }) == "--title must not be empty");
    a = open_args();
    a.channel = "fax";
    CHECK(error_message(ErrorKind::usage, [&] { open_ticket(clock.next(), k_id, a); }) ==
          "invalid --channel 'fax': expected one of phone, email, portal, chat, monitoring, walk-in");
    a = open_args();
    a.title = "bad \xC3";
    CHECK(error_message(ErrorKind::usage, [&] { open_ticket(clock.next(), k_id, a); }) ==
          "invalid --title: not valid UTF-8");
    a = open_args();
    a.impact = "high";
    CHECK(error_message(ErrorKind::usage, [&] { open_ticket(clock.next(), k_id, a); }) ==
          "--impact and --urgency go together");
    a = open_args();
    a.type = "request";
    a.assign_to = "bob";
    CHECK(error_message(ErrorKind::usage, [&] { open_ticket(clock.next(), k_id, a); }) ==
          "--impact, --urgency and --to apply to incidents; a 'request' is redirected");
}

TEST_CASE("lifecycle: the open one-shot records one event per step")
{
    Clock clock;
    OpenArgs a = open_args();
    a.type = "incident";
    a.impact = "high";
    a.urgency = "low";
    a.assign_to = "bob";
    const Context ctx = clock.next("desk-agent");
    const Ticket t = open_ticket(ctx, k_id, a);
    CHECK(actions_of(t) == std::vector<std::string>{"open", "categorize", "prioritize", "assign"});
    for (const Event& ev : t.events) {
        CHECK(ev.at == ctx.now);
        CHECK(ev.by == "desk-agent");
    }
    CHECK(t.type == "incident");
    CHECK(t.impact == "high");
    CHECK(t.urgency == "low");
    CHECK(t.priority == "P3");
    CHECK(t.owner == "bob");
    CHECK(t.status == Status::in_progress);
    CHECK(t.first_assigned_at == ctx.now);
    CHECK(t.sla_response == Duration{4 * 3600});
    CHECK(t.sla_resolution == Duration{3 * 86400});
    check_consistent(t);

    // --impact/--urgency imply --type incident.
    OpenArgs b = open_args();
    b.impact = "high";
    b.urgency = "high";
    const Ticket u = open_ticket(clock.next(), k_id, b);
    CHECK(actions_of(u) == std::vector<std::string>{"open", "categorize", "prioritize"});
    CHECK(u.type == "incident");
    CHECK(u.priority == "P1");
    CHECK(u.major);
    CHECK(u.status == Status::fresh);
    check_consistent(u);

    // --type request redirects at once.
    OpenArgs c = open_args();
    c.type = "request";
    const Ticket v = open_ticket(clock.next(), k_id, c);
    CHECK(actions_of(v) == std::vector<std::string>{"open", "categorize"});
    CHECK(v.status == Status::redirected);
    check_consistent(v);

    // --to without a priority is refused by the assign rule, and nothing comes back.
    OpenArgs d = open_args();
    d.type = "incident";
    d.assign_to = "bob";
    CHECK(refused_message([&] { open_ticket(clock.next(), k_id, d); }) ==
          "cannot assign 'INC-7K3QX9MA2P': ticket has no priority; run 'itk prioritize INC-7K3QX9MA2P --impact I "
          "--urgency U' first");
}

TEST_CASE("lifecycle: prioritize and assign need an incident")
{
    Clock clock;
    Ticket t = bare_ticket(clock);
    const Json before = to_json(t);
    CHECK(refused_message([&] { prioritize(t, clock.next(), "high", "high"); }) ==
          "cannot prioritize 'INC-7K3QX9MA2P': ticket is not categorised yet; run 'itk categorize INC-7K3QX9MA2P "
          "--type incident' first");
    CHECK(refused_message([&] { assign(t, clock.next(), "bob", {}); }) ==
          "cannot assign 'INC-7K3QX9MA2P': ticket is not categorised yet; run 'itk categorize INC-7K3QX9MA2P --type "
          "incident' first");
    CHECK(refused_message([&] { escalate(t, clock.next(), {}, "why"); }) ==
          "cannot escalate 'INC-7K3QX9MA2P': ticket is not categorised yet; run 'itk categorize INC-7K3QX9MA2P --type "
          "incident' first");
    CHECK(refused_message([&] { coordinate(t, clock.next(), "dave"); }) ==
          "cannot coordinate 'INC-7K3QX9MA2P': ticket is not categorised yet; run 'itk categorize INC-7K3QX9MA2P "
          "--type incident' first");
    CHECK(to_json(t) == before);

    // A ticket whose type is not incident (reachable only by a hand-made history).
    Ticket odd = t;
    odd.type = "request";
    const Json ev{{"at", format_rfc3339(clock.now() + 60)}, {"by", "erin"}, {"action", "prioritize"},
                  {"impact", "low"},  {"urgency", "low"},                    {"priority", "P5"}};
    CHECK(refusal(odd, ev) == "ticket is a 'request', not an incident");
}

TEST_CASE("lifecycle: assign needs a priority")
{
    Clock clock;
    Ticket t = bare_ticket(clock);
    categorize(t, clock.next(), CategorizeArgs{"incident", {}, {}, {}, {}});
    CHECK(refused_message([&] { assign(t, clock.next(), "bob", {}); }) ==
          "cannot assign 'INC-7K3QX9MA2P': ticket has no priority; run 'itk prioritize INC-7K3QX9MA2P --impact I "
          "--urgency U' first");
    CHECK(t.status == Status::fresh);
    prioritize(t, clock.next(), "medium", "medium");
    CHECK(t.priority == "P3");
    const Context ctx = clock.next();
    const Outcome out = assign(t, ctx, "bob", std::string("printing-team"));
    CHECK(out.changed);
    CHECK(out.message == "INC-7K3QX9MA2P: assigned to bob (printing-team)");
    CHECK(t.owner == "bob");
    CHECK(t.group == "printing-team");
    CHECK(t.status == Status::in_progress);
    CHECK(t.first_assigned_at == ctx.now);
    // A second assignment is not the response.
    assign(t, clock.next(), "carol", {});
    CHECK(t.owner == "carol");
    CHECK(t.group == "printing-team");
    CHECK(t.first_assigned_at == ctx.now);
    check_consistent(t);
}

TEST_CASE("lifecycle: an action that changes nothing writes nothing")
{
    Clock clock;
    Ticket t = ticket_in(Status::in_progress, clock);
    const std::size_t events = t.events.size();

    const Outcome same_owner = assign(t, clock.next(), "BOB", {});
    CHECK_FALSE(same_owner.changed);
    CHECK(same_owner.message == "INC-7K3QX9MA2P: nothing to do, already assigned to 'bob'");

    const Outcome same_priority = prioritize(t, clock.next(), "low", "low");
    CHECK_FALSE(same_priority.changed);
    CHECK(same_priority.message == "INC-7K3QX9MA2P: nothing to do, already P5 (impact low, urgency low)");

    const Outcome same_type = categorize(t, clock.next(), CategorizeArgs{"incident", {}, {}, {}, {}});
    CHECK_FALSE(same_type.changed);
    CHECK(same_type.message == "INC-7K3QX9MA2P: nothing to do, already categorised so");

    EditArgs e;
    e.title = "Printer down on floor 3";
    const Outcome same_title = edit(t, clock.next(), e);
    CHECK_FALSE(same_title.changed);
    CHECK(same_title.message == "INC-7K3QX9MA2P: nothing to do, the registration already says that");

    coordinate(t, clock.next(), "dave");
    const Outcome same_coordinator = coordinate(t, clock.next(), "Dave");
    CHECK_FALSE(same_coordinator.changed);
    CHECK(same_coordinator.message == "INC-7K3QX9MA2P: nothing to do, already coordinated by 'dave'");

    CHECK(t.events.size() == events + 1); // only the first coordinate
    // Assigning the same owner to another group is a change.
    CHECK(assign(t, clock.next(), "bob", std::string("field-techs")).changed);
    CHECK(t.group == "field-techs");
}

TEST_CASE("lifecycle: a no-op is still refused on a terminal ticket")
{
    Clock clock;
    Ticket t = ticket_in(Status::closed, clock);
    CHECK(refused_message([&] { assign(t, clock.next(), "bob", {}); }) == "cannot assign 'INC-7K3QX9MA2P': " +
                                                                              k_closed_final);
}

TEST_CASE("lifecycle: resolved with no owner, the resolver is the owner and the response (first contact)")
{
    Clock clock;
    Ticket t = ticket_in(Status::fresh, clock); // prioritised, never assigned
    CHECK(t.owner == std::nullopt);
    const Context ctx = clock.next("desk-agent");
    const Outcome out = resolve(t, ctx, "reset the password", "permanent", {});
    CHECK(out.message == "INC-7K3QX9MA2P: resolved (permanent) at first contact by desk-agent; ask julie to confirm, "
                         "then 'itk close INC-7K3QX9MA2P --confirmed-by julie'");
    CHECK(t.status == Status::resolved);
    CHECK(t.owner == "desk-agent");
    CHECK(t.first_assigned_at == ctx.now);
    CHECK(ev_json(t.events.back())["owner"] == "desk-agent");
    check_consistent(t);
    // With an owner, the event records none: the owner stays.
    Clock c2;
    Ticket u = ticket_in(Status::in_progress, c2);
    resolve(u, c2.next("tech"), "fixed", "permanent", {});
    CHECK(u.owner == "bob");
    CHECK_FALSE(ev_json(u.events.back()).contains("owner"));
}

TEST_CASE("lifecycle: resolving from on_hold ends the hold at the resolve")
{
    Clock clock;
    Ticket t = ticket_in(Status::on_hold, clock);
    const Time held_from = clock.now();
    resolve(t, clock.after(3600), "the part arrived", "permanent", {});
    CHECK(t.status == Status::resolved);
    CHECK(t.on_hold_since == std::nullopt);
    CHECK(t.held == 3600);
    CHECK(t.held_by_kind[awaiting_index(std::string("other"))] == clock.now() - held_from);
    check_consistent(t);
}

TEST_CASE("lifecycle: resume goes back to new when nobody owns the ticket")
{
    Clock clock;
    Ticket t = ticket_in(Status::fresh, clock);
    hold(t, clock.next(), "awaiting user info", std::string("user"));
    CHECK(t.status == Status::on_hold);
    CHECK(t.awaiting == "user");
    resume(t, clock.next());
    CHECK(t.status == Status::fresh);
    CHECK(t.awaiting == std::nullopt);
    check_consistent(t);
}

TEST_CASE("lifecycle: resolving P1 and P2 needs a coordinator")
{
    Clock clock;
    Ticket t = bare_ticket(clock);
    categorize(t, clock.next(), CategorizeArgs{"incident", {}, {}, {}, {}});
    prioritize(t, clock.next(), "high", "medium");
    CHECK(t.priority == "P2");
    CHECK_FALSE(t.major);
    CHECK(t.coordination_required);
    assign(t, clock.next(), "bob", {});
    const std::string refused = refused_message([&] { resolve(t, clock.next(), "fixed", "permanent", {}); });
    CHECK(refused == "cannot resolve 'INC-7K3QX9MA2P': priority 'P2' needs a coordinator (coordination.required_for); "
                     "run 'itk coordinate INC-7K3QX9MA2P --by PERSON' first");
    coordinate(t, clock.next(), "dave");
    CHECK(t.coordinator == "dave");
    CHECK_NOTHROW(resolve(t, clock.next(), "fixed", "permanent", {}));
    CHECK(t.status == Status::resolved);
    check_consistent(t);

    // Lowered to P3, the same incident resolves without one.
    Clock c2;
    Ticket u = bare_ticket(c2);
    categorize(u, c2.next(), CategorizeArgs{"incident", {}, {}, {}, {}});
    prioritize(u, c2.next(), "medium", "high");
    CHECK(u.priority == "P2");
    prioritize(u, c2.next(), "medium", "medium");
    CHECK(u.priority == "P3");
    CHECK_FALSE(u.coordination_required);
    assign(u, c2.next(), "bob", {});
    CHECK_NOTHROW(resolve(u, c2.next(), "fixed", "permanent", {}));
}

TEST_CASE("lifecycle: a major incident needs a coordinator whatever its priority")
{
    Clock clock;
    Ticket t = bare_ticket(clock);
    categorize(t, clock.next(), CategorizeArgs{"incident", {}, {}, {}, {}});
    const Outcome out = prioritize(t, clock.next(), "high", "high");
    CHECK(out.message.find("MAJOR INCIDENT") != std::string::npos);
    CHECK(t.priority == "P1");
    CHECK(t.major);
    CHECK(ev_json(t.events.back())["major"] == true);
    assign(t, clock.next(), "bob", {});
    CHECK(refused_message([&] { resolve(t, clock.next(), "fixed", "permanent", {}); }) ==
          "cannot resolve 'INC-7K3QX9MA2P': a major incident needs a coordinator; run 'itk coordinate INC-7K3QX9MA2P "
          "--by PERSON' first");
    // Lowering the priority does not take it out of the major circuit (SPEC §10).
    prioritize(t, clock.next(), "low", "low");
    CHECK(t.priority == "P5");
    CHECK(t.major);
    CHECK(refused_message([&] { resolve(t, clock.next(), "fixed", "permanent", {}); }) ==
          "cannot resolve 'INC-7K3QX9MA2P': a major incident needs a coordinator; run 'itk coordinate INC-7K3QX9MA2P "
          "--by PERSON' first");
    coordinate(t, clock.next(), "dave");
    CHECK_NOTHROW(resolve(t, clock.next(), "fixed", "permanent", {}));
    check_consistent(t);

    // A major rule on a priority outside coordination.required_for still needs one.
    std::string text = default_config_text();
    const std::string rule = "rules = [ { impact = \"high\", urgency = \"high\" } ]";
    REQUIRE(text.find(rule) != std::string::npos);
    text.replace(text.find(rule), rule.size(), "rules = [ { priority = \"P3\" } ]");
    const Config cfg = parse_config(text, "itk.toml");
    Clock c2(cfg);
    Ticket u = bare_ticket(c2);
    categorize(u, c2.next(), CategorizeArgs{"incident", {}, {}, {}, {}});
    prioritize(u, c2.next(), "high", "low");
    CHECK(u.priority == "P3");
    CHECK(u.major);
    CHECK_FALSE(u.coordination_required);
    assign(u, c2.next(), "bob", {});
    CHECK(refused_message([&] { resolve(u, c2.next(), "fixed", "permanent", {}); }) ==
          "cannot resolve 'INC-7K3QX9MA2P': a major incident needs a coordinator; run 'itk coordinate INC-7K3QX9MA2P "
          "--by PERSON' first");
}

TEST_CASE("lifecycle: functional escalation climbs the levels and stops at the top")
{
    Clock clock;
    Ticket t = ticket_in(Status::in_progress, clock);
    CHECK(t.level == "N1");
    const Outcome first = escalate(t, clock.next(), {}, "needs a technician");
    CHECK(first.message == "INC-7K3QX9MA2P: escalated to N2 (support), owner cleared");
    CHECK(t.level == "N2");
    CHECK(t.group == "support");
    CHECK(t.owner == std::nullopt);
    CHECK(t.status == Status::in_progress);
    CHECK(ev_json(t.events.back())["kind"] == "functional");
    CHECK(ev_json(t.events.back())["from"] == "N1");
    CHECK(ev_json(t.events.back())["to"] == "N2");
    CHECK(refused_message([&] { escalate(t, clock.next(), std::string("N1"), "back down"); }) ==
          "cannot escalate 'INC-7K3QX9MA2P': level 'N1' is not above the current level 'N2'");
    CHECK(refused_message([&] { escalate(t, clock.next(), std::string("N2"), "same"); }) ==
          "cannot escalate 'INC-7K3QX9MA2P': level 'N2' is not above the current level 'N2'");
    CHECK(error_message(ErrorKind::usage, [&] { escalate(t, clock.next(), std::string("N9"), "x"); }) ==
          "invalid --to-level 'N9': expected one of N1, N2, N3");
    escalate(t, clock.next(), {}, "vendor bug");
    CHECK(t.level == "N3");
    CHECK(t.group == "experts");
    const std::size_t events = t.events.size();
    CHECK(refused_message([&] { escalate(t, clock.next(), {}, "still broken"); }) ==
          "cannot escalate 'INC-7K3QX9MA2P': ticket is already at the top level 'N3'; escalate hierarchically with "
          "--hierarchical");
    CHECK(t.events.size() == events);
    check_consistent(t);

    // --to-level jumps.
    Clock c2;
    Ticket u = ticket_in(Status::fresh, c2);
    escalate(u, c2.next(), std::string("N3"), "obvious expert case");
    CHECK(u.level == "N3");
    CHECK(u.group == "experts");
    CHECK(u.status == Status::fresh);
}

TEST_CASE("lifecycle: an escalation event must start from the current level")
{
    Clock clock;
    Ticket t = ticket_in(Status::in_progress, clock);
    const Json ev{{"at", format_rfc3339(clock.now() + 60)}, {"by", "erin"}, {"action", "escalate"}, {"kind", "functional"},
                  {"from", "N2"}, {"to", "N3"}, {"group", "experts"}, {"reason", "stale copy"}};
    CHECK(refusal(t, ev) == "ticket is at level 'N1', not 'N2'");
}

TEST_CASE("lifecycle: hierarchical escalation changes neither status nor level")
{
    Clock clock;
    Ticket t = ticket_in(Status::resolved, clock);
    const Outcome out = escalate_hierarchical(t, clock.next(), {}, "user unhappy");
    CHECK(out.message == "INC-7K3QX9MA2P: escalated hierarchically to desk-manager");
    CHECK(t.status == Status::resolved);
    CHECK(t.level == "N1");
    CHECK(ev_json(t.events.back())["kind"] == "hierarchical");
    CHECK(ev_json(t.events.back())["to"] == "desk-manager");
    CHECK(ev_json(t.events.back())["level"] == "N1");
    escalate_hierarchical(t, clock.next(), std::string("cio"), "impact larger than expected");
    CHECK(ev_json(t.events.back())["to"] == "cio");
    CHECK(t.owner == "bob");
    check_consistent(t);
}

TEST_CASE("lifecycle: hold and resume count time on hold")
{
    Clock clock;
    Ticket t = ticket_in(Status::in_progress, clock);
    const Context h = clock.next();
    hold(t, h, "waiting for a part");
    CHECK(t.hold_reason == "waiting for a part");
    CHECK(t.on_hold_since == h.now);
    CHECK(t.held_until(h.now + 600) == 600);
    const Context r = clock.after(3600);
    const Outcome out = resume(t, r);
    CHECK(out.message == "INC-7K3QX9MA2P: resumed; SLA clocks running");
    CHECK(t.status == Status::in_progress);
    CHECK(t.hold_reason == std::nullopt);
    CHECK(t.on_hold_since == std::nullopt);
    CHECK(t.held == 3600);
    hold(t, clock.after(60), "again");
    resume(t, clock.after(120));
    CHECK(t.held == 3720);
    CHECK(t.held_until(clock.now() + 1000) == 3720);
    check_consistent(t);
}

TEST_CASE("lifecycle: close --confirmed-by matches the caller or the affected person")
{
    {
        Clock clock;
        Ticket t = ticket_in(Status::resolved, clock);
        const Json before = to_json(t);
        CHECK(refused_message([&] { close_confirmed(t, clock.next(), "mallory", 5, {}); }) ==
              "cannot close 'INC-7K3QX9MA2P': 'mallory' is neither the caller ('julie') nor the affected person "
              "('Marc'); the user who reported it confirms");
        CHECK(refused_message([&] { close_confirmed(t, clock.next(), "juli", 5, {}); }) ==
              "cannot close 'INC-7K3QX9MA2P': 'juli' is neither the caller ('julie') nor the affected person "
              "('Marc'); the user who reported it confirms");
        CHECK(to_json(t) == before);
        const Context ctx = clock.next("bob");
        CHECK_NOTHROW(close_confirmed(t, ctx, "JULIE@CORP.EXAMPLE", 4, std::string("thanks")));
        CHECK(t.status == Status::closed);
        REQUIRE(t.closure.has_value());
        CHECK(t.closure->confirmed_by == "julie"); // recorded as the ticket knows her
        CHECK(t.closure->satisfaction == 4);
        CHECK(t.closure->comment == "thanks");
        CHECK_FALSE(t.closure->unconfirmed);
        CHECK(t.closure->at == ctx.now);
        CHECK(t.closure->by == "bob");
        check_consistent(t);
    }
    {
        Clock clock;
        Ticket t = ticket_in(Status::resolved, clock);
        CHECK_NOTHROW(close_confirmed(t, clock.next(), "Julie", std::nullopt, {}));
        CHECK(t.closure->confirmed_by == "julie");
        CHECK(t.closure->satisfaction == std::nullopt);
    }
    {
        Clock clock;
        Ticket t = ticket_in(Status::resolved, clock);
        CHECK_NOTHROW(close_confirmed(t, clock.next(), "MARC@corp.EXAMPLE", 2, {}));
        CHECK(t.closure->confirmed_by == "Marc");
    }
    {
        Clock clock;
        Ticket t = ticket_in(Status::resolved, clock);
        CHECK(error_message(ErrorKind::usage, [&] { close_confirmed(t, clock.next(), "julie", 6, {}); }) ==
              "invalid --satisfaction '6': expected 1 to 5");
        CHECK(error_message(ErrorKind::usage, [&] { close_confirmed(t, clock.next(), "julie", 0, {}); }) ==
              "invalid --satisfaction '0': expected 1 to 5");
        CHECK(t.status == Status::resolved);
    }
}

TEST_CASE("lifecycle: close --unconfirmed waits for closure.auto_close_after")
{
    Clock clock;
    Ticket t = ticket_in(Status::resolved, clock);
    const Time resolved = clock.now();
    REQUIRE(t.resolved_at == resolved);
    const Config& cfg = default_cfg();
    const Context early{cfg, "cron", resolved + 4 * 86400};
    CHECK(refused_message([&] { close_unconfirmed(t, early); }) ==
          "cannot close 'INC-7K3QX9MA2P': ticket was resolved 4d ago; closing it unconfirmed needs 5d "
          "(closure.auto_close_after), or close it --confirmed-by the caller");
    const Context almost{cfg, "cron", resolved + 5 * 86400 - 1};
    CHECK(refused_message([&] { close_unconfirmed(t, almost); }) ==
          "cannot close 'INC-7K3QX9MA2P': ticket was resolved 4d 23h ago; closing it unconfirmed needs 5d "
          "(closure.auto_close_after), or close it --confirmed-by the caller");
    CHECK_FALSE(auto_closable(t, cfg, resolved + 5 * 86400 - 1));
    CHECK(auto_closable(t, cfg, resolved + 5 * 86400));
    CHECK(t.status == Status::resolved);
    const Context due{cfg, "cron", resolved + 5 * 86400};
    CHECK_NOTHROW(close_unconfirmed(t, due));
    CHECK(t.status == Status::closed);
    REQUIRE(t.closure.has_value());
    CHECK(t.closure->unconfirmed);
    CHECK(t.closure->confirmed_by == std::nullopt);
    CHECK(t.closure->by == "cron");
    CHECK(ev_json(t.events.back())["after_seconds"] == 5 * 86400);
    CHECK_FALSE(auto_closable(t, cfg, resolved + 50 * 86400));
    check_consistent(t);
}

TEST_CASE("lifecycle: the auto-close delay counts from the last resolve")
{
    Clock clock;
    Ticket t = ticket_in(Status::resolved, clock);
    reopen(t, clock.after(86400), "jams again");
    CHECK(t.status == Status::in_progress);
    CHECK(t.resolution == std::nullopt);
    CHECK(t.resolved_at == std::nullopt);
    CHECK(t.owner == "bob");
    resolve(t, clock.after(3600, "bob"), "new fuser", "permanent", {});
    const Time last = clock.now();
    CHECK(t.resolved_at == last);
    const Config& cfg = default_cfg();
    CHECK(refused_message([&] { close_unconfirmed(t, Context{cfg, "cron", last + 5 * 86400 - 60}); }) ==
          "cannot close 'INC-7K3QX9MA2P': ticket was resolved 4d 23h ago; closing it unconfirmed needs 5d "
          "(closure.auto_close_after), or close it --confirmed-by the caller");
    CHECK_NOTHROW(close_unconfirmed(t, Context{cfg, "cron", last + 5 * 86400}));
    check_consistent(t);
}

TEST_CASE("lifecycle: an event before the ticket's last event is refused")
{
    Clock clock;
    Ticket t = ticket_in(Status::in_progress, clock);
    const Time last = clock.now();
    const Json before = to_json(t);
    const Context past{default_cfg(), "erin", last - 3600};
    CHECK(refused_message([&] { note(t, past, "late note", false); }) ==
          "cannot add a note to 'INC-7K3QX9MA2P': its time " + format_rfc3339(last - 3600) +
              " is before the ticket's last event (" + format_rfc3339(last) + ")");
    CHECK(refused_message([&] { resolve(t, Context{default_cfg(), "erin", last - 1}, "x", "workaround", {}); }) ==
          "cannot resolve 'INC-7K3QX9MA2P': its time 2026-11-21T09:03:59Z is before the ticket's last event "
          "(2026-11-21T09:04:00Z)");
    CHECK(to_json(t) == before);
    // The same second as the last event is fine.
    CHECK_NOTHROW(note(t, Context{default_cfg(), "erin", last}, "same second", true));
    CHECK(ev_json(t.events.back())["public"] == true);
}

TEST_CASE("lifecycle: categorize records the practice a request or change goes to")
{
    Clock clock;
    Ticket t = bare_ticket(clock);
    const Outcome out = categorize(t, clock.next(), CategorizeArgs{"change", {}, {}, {}, std::string("CHG-77")});
    CHECK(out.message == "INC-7K3QX9MA2P: redirected to change enablement as 'CHG-77'; this ticket is now final");
    CHECK(t.status == Status::redirected);
    CHECK(t.type == "change");
    CHECK(t.ref == "CHG-77");
    CHECK(refused_message([&] { note(t, clock.next(), "x", false); }) ==
          "cannot add a note to 'INC-7K3QX9MA2P': ticket was redirected to change enablement as 'CHG-77', which is "
          "final; follow it up there");

    Clock c2;
    Ticket u = bare_ticket(c2);
    CHECK(categorize(u, c2.next(), CategorizeArgs{"request", {}, {}, {}, {}}).message ==
          "INC-7K3QX9MA2P: redirected to request fulfilment; this ticket is now final");
    CHECK(refused_message([&] { note(u, c2.next(), "x", false); }) ==
          "cannot add a note to 'INC-7K3QX9MA2P': ticket was redirected to request fulfilment, which is final; follow "
          "it up there");

    Clock c3;
    Ticket v = bare_ticket(c3);
    CHECK(error_message(ErrorKind::usage, [&] {
              categorize(v, c3.next(), CategorizeArgs{"incident", {}, {}, {}, std::string("REQ-1")});
          }) == "--ref is the number in another practice's tool; an incident stays here");
    CHECK(error_message(ErrorKind::usage, [&] { categorize(v, c3.next(), CategorizeArgs{"problem", {}, {}, {}, {}}); }) ==
          "invalid --type 'problem': expected one of incident, request, change");
    const Outcome cat = categorize(v, c3.next(), CategorizeArgs{"incident", std::string("hardware"),
                                                                 std::string("printer"), std::string("print-floor3"), {}});
    CHECK(cat.message == "INC-7K3QX9MA2P: categorised as incident, hardware/printer");
    CHECK(v.category == "hardware");
    CHECK(v.subcategory == "printer");
    CHECK(v.service == "print-floor3");
}

TEST_CASE("lifecycle: edit records old and new values")
{
    Clock clock;
    Ticket t = ticket_in(Status::in_progress, clock);
    EditArgs a;
    a.title = "Printer down, floor 3";
    a.contact = "julie.b@corp.example";
    a.service = "";
    const Outcome out = edit(t, clock.next(), a);
    CHECK(out.changed);
    CHECK(out.message == "INC-7K3QX9MA2P: edited title, service, contact");
    CHECK(t.title == "Printer down, floor 3");
    CHECK(t.caller.contact == "julie.b@corp.example");
    CHECK(t.service == std::nullopt);
    const Json changes = ev_json(t.events.back())["changes"];
    CHECK(changes["title"]["from"] == "Printer down on floor 3");
    CHECK(changes["title"]["to"] == "Printer down, floor 3");
    CHECK(changes["service"]["from"] == "printing");
    CHECK(changes["service"]["to"] == nullptr);
    check_consistent(t);
}

TEST_CASE("lifecycle: cancel records a duplicate")
{
    Clock clock;
    Ticket t = ticket_in(Status::on_hold, clock);
    // A rule of the lifecycle (so that a replay enforces it too), hence refused, not a usage error.
    CHECK(refused_message([&] { cancel(t, clock.next(), "dup", std::string(k_id)); }) ==
          "cannot cancel 'INC-7K3QX9MA2P': a ticket cannot duplicate itself; name the other ticket with --duplicate-of");
    const Outcome out = cancel(t, clock.next(), "dup", std::string("INC-AAAAAAAAAA"));
    CHECK(out.message == "INC-7K3QX9MA2P: cancelled as a duplicate of INC-AAAAAAAAAA");
    CHECK(t.status == Status::cancelled);
    CHECK(t.duplicate_of == "INC-AAAAAAAAAA");
    check_consistent(t);
}

TEST_CASE("lifecycle: projection equals replay over every path through the lifecycle")
{
    using Step = std::function<void(Ticket&, Clock&)>;
    const Step cat = [](Ticket& t, Clock& c) { categorize(t, c.next(), CategorizeArgs{"incident", std::string("hw"), {}, {}, {}}); };
    const auto prio = [](const char* i, const char* u) {
        return Step([=](Ticket& t, Clock& c) { prioritize(t, c.next(), i, u); });
    };
    const auto to = [](const char* who) { return Step([=](Ticket& t, Clock& c) { assign(t, c.next(), who, {}); }); };
    const Step hold_ = [](Ticket& t, Clock& c) { hold(t, c.next(), "waiting"); };
    const Step resume_ = [](Ticket& t, Clock& c) { resume(t, c.after(7200)); };
    const Step resolve_ = [](Ticket& t, Clock& c) { resolve(t, c.next("bob"), "fixed it", "workaround", std::string("W1")); };
    const Step reopen_ = [](Ticket& t, Clock& c) { reopen(t, c.after(3600), "not fixed"); };
    const Step close_ = [](Ticket& t, Clock& c) { close_confirmed(t, c.next(), "marc", 3, std::string("ok")); };
    const Step close_auto = [](Ticket& t, Clock& c) { close_unconfirmed(t, c.after(6 * 86400, "cron")); };
    const Step esc = [](Ticket& t, Clock& c) { escalate(t, c.next(), {}, "beyond N1"); };
    const Step hier = [](Ticket& t, Clock& c) { escalate_hierarchical(t, c.next(), {}, "stagnation"); };
    const Step coord = [](Ticket& t, Clock& c) { coordinate(t, c.next(), "dave"); };
    const Step note_ = [](Ticket& t, Clock& c) { note(t, c.next(), "rebooted \xE2\x9C\x93", true); };
    const Step cancel_ = [](Ticket& t, Clock& c) { cancel(t, c.next(), "false alarm", {}); };
    const Step redirect = [](Ticket& t, Clock& c) { categorize(t, c.next(), CategorizeArgs{"request", {}, {}, {}, std::string("RITM001")}); };
    const Step pm = [](Ticket& t, Clock& c) { record_postmortem(t, c.next(), "postmortems/x.md"); };
    const Step declare = [](Ticket& t, Clock& c) { declare_major(t, c.next(), "press calls"); };
    const Step update = [](Ticket& t, Clock& c) { major_update(t, c.next(), "ETA noon", "internal"); };
    const Step link_ = [](Ticket& t, Clock& c) { link(t, c.next(), "INC-PARENT0001"); };
    const Step unlink_ = [](Ticket& t, Clock& c) { unlink(t, c.next()); };
    const Step adopt_ = [](Ticket& t, Clock& c) { adopt(t, c.next(), "INC-CHILD00001"); };
    const Step by_parent = [](Ticket& t, Clock& c) { resolve_by_parent(t, c.after(600), resolved_parent()); };
    const Step edit_ = [](Ticket& t, Clock& c) {
        EditArgs a;
        a.title = "Printer down (" + std::to_string(c.now()) + ")"; // a new title at every step
        a.affected = "Marc Dupont";
        a.description = "";
        a.channel = "email";
        CHECK(edit(t, c.next(), a).changed);
    };

    const std::vector<std::pair<const char*, std::vector<Step>>> paths = {
        {"open only", {}},
        {"straight to closed", {cat, prio("low", "low"), to("bob"), resolve_, close_}},
        {"hold and resume", {cat, prio("medium", "low"), to("bob"), hold_, resume_, hold_, resume_, resolve_, close_}},
        {"hold then cancel", {cat, prio("medium", "low"), to("bob"), hold_, cancel_}},
        {"reopen then auto-close", {cat, prio("low", "medium"), to("bob"), resolve_, reopen_, resolve_, close_auto}},
        {"escalation", {cat, prio("medium", "medium"), to("bob"), esc, to("carol"), esc, hier, to("bob"), resolve_, close_}},
        {"major", {cat, prio("high", "high"), coord, to("bob"), hier, note_, resolve_, reopen_, resolve_, pm, close_}},
        {"declared major", {cat, prio("low", "low"), declare, coord, update, to("bob"), resolve_, pm, close_auto}},
        {"child resolved by its parent", {cat, prio("low", "low"), link_, to("bob"), hold_, by_parent, close_}},
        {"child unlinked", {cat, prio("low", "low"), link_, unlink_, to("bob"), resolve_}},
        {"parent", {cat, prio("low", "low"), adopt_, to("bob"), resolve_, close_}},
        {"redirect new", {redirect}},
        {"redirect after work", {cat, prio("low", "low"), to("bob"), hold_, redirect}},
        {"cancel new", {cancel_}},
        {"edit and notes", {edit_, note_, cat, edit_, prio("low", "high"), note_, to("bob"), edit_}},
        {"reprioritised", {cat, prio("low", "low"), to("bob"), prio("high", "medium"), coord, prio("high", "high"), resolve_}},
        {"hold across reopen", {cat, prio("low", "low"), to("bob"), hold_, resume_, resolve_, reopen_, hold_}},
    };
    for (const auto& [path_name, steps] : paths) {
        const std::string name = path_name;
        CAPTURE(name);
        Clock clock;
        Ticket t = bare_ticket(clock);
        check_consistent(t);
        for (const Step& step : steps) {
            step(t, clock);
            check_consistent(t); // after every step, not only at the end
        }
        CHECK(t.events.size() == steps.size() + 1);
    }
}

TEST_CASE("lifecycle: replay with until keeps only events before it")
{
    Clock clock;
    Ticket t = ticket_in(Status::closed, clock); // open 09:01, categorize 09:02, ..., close 09:06
    REQUIRE(t.events.size() == 6);
    const Time open_at = t.opened_at;
    CHECK(replay(t.events, open_at).events.empty());
    const Ticket at_open = replay(t.events, open_at + 1);
    CHECK(at_open.events.size() == 1);
    CHECK(at_open.status == Status::fresh);
    CHECK(at_open.type == std::nullopt);
    // An event at exactly `until` is left out.
    const Ticket before_assign = replay(t.events, open_at + 3 * 60);
    CHECK(before_assign.events.size() == 3);
    CHECK(before_assign.priority == "P5");
    CHECK(before_assign.status == Status::fresh);
    CHECK(before_assign.owner == std::nullopt);
    const Ticket after_assign = replay(t.events, open_at + 3 * 60 + 1);
    CHECK(after_assign.events.size() == 4);
    CHECK(after_assign.status == Status::in_progress);
    const Ticket before_close = replay(t.events, open_at + 5 * 60);
    CHECK(before_close.status == Status::resolved);
    CHECK(before_close.closure == std::nullopt);
    CHECK(to_json(replay(t.events, open_at + 10 * 60)) == to_json(t));
    CHECK(to_json(replay(t.events, std::nullopt)) == to_json(t));
}

TEST_CASE("lifecycle: an event marked rejected by a merge has no effect")
{
    Clock clock;
    Ticket t = ticket_in(Status::resolved, clock);
    Json late_close{{"at", format_rfc3339(clock.now() + 60)}, {"by", "bob"}, {"action", "close"},
                    {"confirmed_by", "julie"}, {"satisfaction", nullptr}, {"comment", nullptr},
                    {"unconfirmed", false}, {"rejected", "ticket is already closed"}};
    std::vector<Event> events = t.events;
    events.push_back(decode_event(late_close));
    const Ticket r = replay(events);
    CHECK(r.status == Status::resolved);
    CHECK(r.closure == std::nullopt);
    CHECK(r.events.size() == events.size());
    CHECK(r.updated_at == t.updated_at);
}

TEST_CASE("lifecycle: a malformed event is invalid data")
{
    Clock clock;
    Ticket t = bare_ticket(clock);
    const Json unknown{{"at", "2026-11-21T10:00:00Z"}, {"by", "x"}, {"action", "teleport"}};
    CHECK(error_message(ErrorKind::invalid_data, [&] { apply_event(t, unknown); }) == "unknown action 'teleport'");
    const Json no_owner{{"at", "2026-11-21T10:00:00Z"}, {"by", "x"}, {"action", "assign"}};
    CHECK(error_message(ErrorKind::invalid_data, [&] { apply_event(t, no_owner); }) ==
          "event 'assign' has no string 'owner'");
    const Json bad_time{{"at", "2026-11-31T10:00:00Z"}, {"by", "x"}, {"action", "note"}, {"text", "x"}};
    CHECK(error_message(ErrorKind::invalid_data, [&] { apply_event(t, bad_time); }) ==
          "event has an invalid time '2026-11-31T10:00:00Z' (expected UTC from 1970 to 9999 like 2026-11-21T09:30:00Z)");
}

TEST_CASE("lifecycle: people match by name or contact, case-insensitively")
{
    const Person julie{"julie", "Julie@corp.example"};
    CHECK(julie.matches("Julie"));
    CHECK(julie.matches("JULIE"));
    CHECK(julie.matches("julie@CORP.example"));
    CHECK_FALSE(julie.matches("juliette"));
    CHECK_FALSE(julie.matches(""));
    const Person no_contact{"marc", std::nullopt};
    CHECK(no_contact.matches("Marc"));
    CHECK_FALSE(no_contact.matches("marc@corp.example"));
}

TEST_CASE("lifecycle: a major incident closes after its post-mortem")
{
    Clock clock;
    Ticket t = bare_ticket(clock);
    categorize(t, clock.next(), CategorizeArgs{"incident", {}, {}, {}, {}});
    prioritize(t, clock.next(), "high", "high");
    coordinate(t, clock.next(), "dave");
    assign(t, clock.next(), "bob", {});
    resolve(t, clock.next("bob"), "failover", "workaround", {});
    const std::string why = "a major incident is closed after its post-mortem; run 'itk postmortem INC-7K3QX9MA2P' first";
    CHECK(refused_message([&] { close_confirmed(t, clock.next(), "julie", 3, {}); }) ==
          "cannot close 'INC-7K3QX9MA2P': " + why);
    const Time resolved = clock.now();
    CHECK(refused_message([&] { close_unconfirmed(t, Context{default_cfg(), "cron", resolved + 6 * 86400}); }) ==
          "cannot close 'INC-7K3QX9MA2P': " + why);
    CHECK_FALSE(auto_closable(t, default_cfg(), resolved + 6 * 86400));
    record_postmortem(t, clock.next(), "postmortems/INC-7K3QX9MA2P.md");
    CHECK(t.postmortem);
    CHECK(ev_json(t.events.back())["path"] == "postmortems/INC-7K3QX9MA2P.md");
    CHECK(auto_closable(t, default_cfg(), resolved + 6 * 86400));
    CHECK_NOTHROW(close_confirmed(t, clock.next(), "julie", 3, {}));
    check_consistent(t);
}

TEST_CASE("lifecycle: a declared major incident needs a coordinator; updates need a major incident")
{
    Clock clock;
    Ticket t = ticket_in(Status::in_progress, clock);
    CHECK(refused_message([&] { major_update(t, clock.next(), "ETA noon", "internal"); }) ==
          "cannot record an update on 'INC-7K3QX9MA2P': ticket is not a major incident; declare it with 'itk major "
          "declare INC-7K3QX9MA2P --reason R'");
    CHECK(error_message(ErrorKind::usage, [&] { major_update(t, clock.next(), "x", "press"); }) ==
          "invalid --audience 'press': expected one of internal, stakeholders");
    declare_major(t, clock.next(), "whole floor");
    CHECK(t.major);
    CHECK_FALSE(declare_major(t, clock.next(), "again").changed);
    CHECK(refused_message([&] { resolve(t, clock.next(), "fixed", "permanent", {}); }) ==
          "cannot resolve 'INC-7K3QX9MA2P': a major incident needs a coordinator; run 'itk coordinate INC-7K3QX9MA2P "
          "--by PERSON' first");
    CHECK_NOTHROW(major_update(t, clock.next(), "ETA noon", "stakeholders"));
    check_consistent(t);
}

TEST_CASE("lifecycle: links are one level deep")
{
    Clock clock;
    Ticket child = ticket_in(Status::in_progress, clock, k_id, Fixture::child);
    CHECK(child.parent == "INC-PARENT0001");
    CHECK_FALSE(link(child, clock.next(), "INC-PARENT0001").changed);
    CHECK(refused_message([&] { link(child, clock.next(), "INC-OTHER00001"); }) ==
          "cannot link 'INC-7K3QX9MA2P': ticket is a child of 'INC-PARENT0001'; unlink it first");
    CHECK(refused_message([&] { adopt(child, clock.next(), "INC-CHILD00009"); }) ==
          "cannot link a child to 'INC-7K3QX9MA2P': ticket is a child of 'INC-PARENT0001'; link to that one instead");
    CHECK(refused_message([&] { link(child, clock.next(), k_id); }) ==
          "cannot link 'INC-7K3QX9MA2P': a ticket cannot be its own parent; name another incident with --parent");

    Clock c2;
    Ticket parent = ticket_in(Status::in_progress, c2, k_id, Fixture::parent);
    CHECK(parent.children == std::vector<std::string>{"INC-CHILD00001"});
    CHECK(refused_message([&] { link(parent, c2.next(), "INC-OTHER00001"); }) ==
          "cannot link 'INC-7K3QX9MA2P': ticket has children of its own; a parent cannot become a child");
    CHECK_FALSE(adopt(parent, c2.next(), "INC-CHILD00001").changed);
}

TEST_CASE("lifecycle: a child is resolved by its parent's fix, whatever its owner")
{
    Clock clock;
    Ticket child = ticket_in(Status::fresh, clock, k_id, Fixture::child);
    CHECK(child.owner == std::nullopt);
    CHECK(resolvable_by_parent(child));
    Clock pc(default_cfg(), k_t0 - 86400);
    Ticket unresolved = ticket_in(Status::in_progress, pc, "INC-PARENT0001");
    CHECK(refused_message([&] { resolve_by_parent(child, clock.next(), unresolved); }) ==
          "cannot resolve 'INC-7K3QX9MA2P' by 'INC-PARENT0001': the parent has no resolution");
    const Ticket parent = resolved_parent();
    resolve_by_parent(child, clock.next(), parent);
    CHECK(child.status == Status::resolved);
    REQUIRE(child.resolution.has_value());
    CHECK(child.resolution->notes == parent.resolution->notes);
    CHECK(child.resolution->kind == parent.resolution->kind);
    CHECK(ev_json(child.events.back())["parent"] == "INC-PARENT0001");
    CHECK_FALSE(resolvable_by_parent(child));
    check_consistent(child);
}
