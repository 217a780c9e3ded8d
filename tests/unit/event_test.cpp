// Tests of itk/event: every action decodes what it encodes; files hold their keys in the
// row's order whatever order they were read in; unknown keys are kept; bad events are
// invalid data naming the action and the key.

#include "support.hpp"

#include "itk/event.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace itk;
using namespace itk::test;

namespace {

std::vector<std::string> keys_of(const Json& j)
{
    std::vector<std::string> out;
    for (const auto& item : j.items()) {
        out.push_back(item.key());
    }
    return out;
}

std::string decode_error(const Json& j)
{
    return error_message(ErrorKind::invalid_data, [&] { decode_event(j); });
}

// A ticket that went through every action, so that its events hold one of each.
std::vector<Event> one_of_each()
{
    std::vector<Event> out;
    const auto keep = [&](const Ticket& t) { out.insert(out.end(), t.events.begin(), t.events.end()); };
    Clock clock;
    Ticket t = ticket_in(Status::on_hold, clock, k_id, Fixture::major);
    EditArgs e;
    e.title = "new title";
    e.fields = {{"location", FieldValue(std::string("Lyon"))}, {"floor", FieldValue(std::int64_t{3})}};
    edit(t, clock.next(), e);
    resume(t, clock.next());
    route(t, clock.next(), "experts");
    assign(t, clock.next(), "carol", std::string("support"));
    unassign(t, clock.next(), std::string("leave"));
    note(t, clock.next(), "tried", true);
    escalate(t, clock.next(), {}, "needs N3");
    escalate_hierarchical(t, clock.next(), std::string("cio"), "stuck");
    hold(t, clock.next(), "RMA", std::string("vendor"), std::string("CASE-1"));
    relate(t, clock.next(), Record::caused_by, "CHG1");
    major_update(t, clock.next(), "ETA", "internal");
    withdraw_major(t, clock.next(), "not major");
    declare_major(t, clock.next(), "major again");
    record_postmortem(t, clock.next(), "postmortems/x.md");
    resolve(t, clock.next(), "fixed", "permanent", std::string("C1"));
    reopen(t, clock.next(), "again");
    resolve(t, clock.next(), "fixed", "workaround", {});
    close_confirmed(t, clock.next(), "julie", 3, std::string("ok"));
    keep(t);
    Clock c2;
    Ticket child = ticket_in(Status::in_progress, c2, "INC-CHILD00001", Fixture::child);
    resolve_by_parent(child, c2.next(), [&] {
        Clock c3(default_cfg(), k_t0 - 86400);
        return ticket_in(Status::resolved, c3, "INC-PARENT0001");
    }());
    unlink(child, c2.next());
    keep(child);
    Clock c4;
    Ticket parent = ticket_in(Status::in_progress, c4, "INC-PARENT0001", Fixture::parent);
    release(parent, c4.next(), "INC-CHILD00001");
    cancel(parent, c4.next(), "dup", std::string("INC-AAAAAAAAAA"));
    keep(parent);
    Clock c5;
    Ticket redirected = ticket_in(Status::redirected, c5);
    keep(redirected);
    Clock c6;
    Ticket unconfirmed = ticket_in(Status::resolved, c6);
    close_unconfirmed(unconfirmed, c6.after(6 * 86400));
    keep(unconfirmed);
    return out;
}

} // namespace

TEST_CASE("event: every action decodes to what it encodes, and encodes to the same bytes")
{
    std::set<Action> seen;
    for (const Event& e : one_of_each()) {
        CAPTURE(action_name(e.action));
        seen.insert(e.action);
        const Json j = encode_event(e);
        const Event back = decode_event(j);
        CHECK(back.action == e.action);
        CHECK(encode_event(back).dump() == j.dump());
    }
    CHECK(seen.size() == k_action_count); // one_of_each() covers the table
}

TEST_CASE("event: keys in the row's order, whatever order a file holds them in")
{
    const Json read = Json::parse(R"({"priority": "P5", "coordination_required": false, "action": "prioritize",
        "sla": {"resolution_seconds": 864000, "response_seconds": 172800}, "urgency": "low", "by": "bob",
        "impact": "low", "at": "2026-11-21T09:00:00Z"})");
    const Json j = encode_event(decode_event(read));
    CHECK(keys_of(j) ==
          std::vector<std::string>{"at", "by", "action", "impact", "urgency", "priority", "sla", "coordination_required"});
    CHECK(keys_of(j["sla"]) == std::vector<std::string>{"response_seconds", "resolution_seconds"});
}

TEST_CASE("event: unknown keys are kept, sorted, after the known ones; then the marks")
{
    const Json read = Json::parse(R"({"at": "2026-11-21T09:00:00Z", "by": "bob", "action": "note", "text": "x",
        "rejected": "why", "z_future": [1, {"b": 2, "a": 1}], "implied": true, "a_future": null, "public": false})");
    const Event e = decode_event(read);
    CHECK(e.implied);
    CHECK(e.rejected == "why");
    const Json j = encode_event(e);
    CHECK(keys_of(j) ==
          std::vector<std::string>{"at", "by", "action", "text", "public", "a_future", "z_future", "implied", "rejected"});
    CHECK(j["z_future"][1].dump() == R"({"b":2,"a":1})"); // values untouched
}

TEST_CASE("event: the actions a file spells alike are told apart by their keys")
{
    const auto action = [](const char* text) { return decode_event(Json::parse(text)).action; };
    const std::string head = R"({"at": "2026-11-21T09:00:00Z", "by": "b", )";
    CHECK(action((head + R"("action": "categorize", "type": "incident"})").c_str()) == Action::categorize);
    CHECK(action((head + R"("action": "categorize", "type": "change"})").c_str()) == Action::redirect);
    CHECK(action((head + R"("action": "assign", "owner": "bob"})").c_str()) == Action::assign);
    CHECK(action((head + R"("action": "assign", "owner": null, "group": "dba"})").c_str()) == Action::route);
    CHECK(action((head + R"("action": "escalate", "kind": "hierarchical", "to": "m", "level": "N1", "reason": "r"})").c_str()) ==
          Action::escalate_hierarchical);
    CHECK(action((head + R"("action": "resolve", "kind": "permanent", "code": null, "solution": "s", "parent": "INC-A"})")
                     .c_str()) == Action::resolve_by_parent);
    CHECK(action((head + R"("action": "link", "record": "problem", "number": "P1", "previous": null})").c_str()) ==
          Action::relate);
    CHECK(action((head + R"("action": "link", "parent": "INC-A"})").c_str()) == Action::link);
}

TEST_CASE("event: a bad event is invalid data naming its action and key")
{
    const Json ok = Json::parse(R"({"at": "2026-11-21T09:00:00Z", "by": "b", "action": "hold", "reason": "r"})");
    CHECK(decode_error(ok) == "");
    Json j = ok;
    j["awaiting"] = "godot";
    CHECK(decode_error(j) ==
          "event 'hold' has a bad 'awaiting' (expected user, vendor, problem, change, evidence, other)");
    j = ok;
    j["pauses"] = "yes";
    CHECK(decode_error(j) == "event 'hold' has a bad 'pauses' (expected true or false)");
    j = ok;
    j.erase("reason");
    CHECK(decode_error(j) == "event 'hold' has no string 'reason'");
    j = ok;
    j.erase("by");
    CHECK(decode_error(j) == "event 'hold' has no string 'by'");
    j = ok;
    j["action"] = "teleport";
    CHECK(decode_error(j) == "unknown action 'teleport'");
    CHECK(decode_error(Json::array()) == "not an object");
    CHECK(decode_error(Json::parse(R"({"at": "2026-11-21T09:00:00Z", "by": "b", "action": "link", "parent": "../x"})")) ==
          "event 'link' has a bad 'parent' (expected a ticket ID)");
    CHECK(decode_error(Json::parse(R"({"at": "2026-11-21T09:00:00Z", "by": "b", "action": "open", "id": "INC-A",
        "title": "t", "caller": {"name": "j", "phone": "1"}, "channel": null, "service": null, "level": "N1",
        "group": null})")) == "event 'open' has a bad 'caller.phone' (expected only name and contact (written by a newer itk?))");
    CHECK(decode_error(Json::parse(R"({"at": "2026-11-21T09:00:00Z", "by": "b", "action": "edit",
        "changes": {"title": {"to": "x"}}})")) == "event 'edit' has a bad 'changes.title' (expected {\"from\", \"to\"})");
    CHECK(decode_error(Json::parse(R"({"at": "2026-11-21T09:00:00Z", "by": "b", "action": "close",
        "confirmed_by": "j", "satisfaction": 6, "comment": null})")) == "event 'close' has a bad 'satisfaction' (expected 1 to 5)");
}
