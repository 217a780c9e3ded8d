// Tests of itk/ticket: the file format of SPEC §5 (key order, exact bytes, round trips,
// unknown keys) and the errors of a bad file, which name the path and the line:column.

#include "support.hpp"

#include "itk/lifecycle.hpp"
#include "itk/ticket.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace itk;
using namespace itk::test;

namespace {

// The message of the invalid_data error parse_ticket throws, or "" when it accepts the text.
std::string parse_error(const std::string& text)
{
    return error_message(ErrorKind::invalid_data, [&] { parse_ticket(text, "tickets/x.json"); });
}

// A closed ticket's file as a JSON value, to be damaged by the tests.
Json closed_file()
{
    Clock clock;
    return to_json(ticket_in(Status::closed, clock));
}

std::vector<std::string> keys_of(const Json& j)
{
    std::vector<std::string> out;
    for (const auto& [key, value] : j.items()) {
        out.push_back(key);
    }
    return out;
}

} // namespace

TEST_CASE("ticket: status names as in files")
{
    const std::vector<std::string> names = {"new", "in_progress", "on_hold", "resolved", "closed", "cancelled",
                                            "redirected"};
    REQUIRE(all_statuses().size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        CAPTURE(names[i]);
        CHECK(to_string(all_statuses()[i]) == names[i]);
        CHECK(parse_status(names[i]) == all_statuses()[i]);
    }
    CHECK(parse_status("fresh") == std::nullopt);
    CHECK(parse_status("New") == std::nullopt);
    CHECK_FALSE(is_terminal(Status::fresh));
    CHECK_FALSE(is_terminal(Status::in_progress));
    CHECK_FALSE(is_terminal(Status::on_hold));
    CHECK_FALSE(is_terminal(Status::resolved));
    CHECK(is_terminal(Status::closed));
    CHECK(is_terminal(Status::cancelled));
    CHECK(is_terminal(Status::redirected));
}

TEST_CASE("ticket: keys are in the order of SPEC §5")
{
    const std::vector<std::string> expected = {
        "schema",   "id",          "title",      "description", "type",    "status",      "caller",
        "affected", "channel",     "service",    "category",    "subcategory", "impact",  "urgency",
        "priority", "major",       "level",      "group",       "owner",   "coordinator", "reassignments",
        "parent",   "follows",     "duplicate_of", "ref",       "dedup",   "problem",     "change",
        "caused_by", "hold_reason", "awaiting",  "resolution",  "closure", "fields",      "source",
        "opened_at", "updated_at", "events"};
    Clock clock;
    CHECK(keys_of(to_json(bare_ticket(clock))) == expected);
    const Json closed = closed_file();
    CHECK(keys_of(closed) == expected);
    CHECK(keys_of(closed["resolution"]) == std::vector<std::string>{"kind", "code", "notes", "at", "by"});
    CHECK(keys_of(closed["closure"]) ==
          std::vector<std::string>{"confirmed_by", "satisfaction", "comment", "unconfirmed", "at", "by"});
    CHECK(keys_of(closed["caller"]) == std::vector<std::string>{"name", "contact"});
}

TEST_CASE("ticket: values of a closed ticket's file")
{
    const Json j = closed_file();
    CHECK(j["schema"] == 1);
    CHECK(j["status"] == "closed");
    CHECK(j["type"] == "incident");
    CHECK(j["priority"] == "P5");
    CHECK(j["major"] == false);
    CHECK(j["owner"] == "bob");
    CHECK(j["coordinator"] == nullptr);
    CHECK(j["resolution"]["kind"] == "permanent");
    CHECK(j["resolution"]["code"] == "HW-12");
    CHECK(j["resolution"]["notes"] == "replaced the fuser");
    CHECK(j["resolution"]["at"] == "2026-11-21T09:05:00Z");
    CHECK(j["resolution"]["by"] == "bob");
    CHECK(j["closure"]["confirmed_by"] == "julie");
    CHECK(j["closure"]["satisfaction"] == 4);
    CHECK(j["closure"]["comment"] == "quick, thanks");
    CHECK(j["closure"]["unconfirmed"] == false);
    CHECK(j["closure"]["at"] == "2026-11-21T09:06:00Z");
    CHECK(j["opened_at"] == "2026-11-21T09:01:00Z");
    CHECK(j["updated_at"] == "2026-11-21T09:06:00Z");
    CHECK(j["events"].size() == 6);
    // Every value derived from the config is recorded in the event that set it.
    const Json& prio = j["events"][2];
    CHECK(prio["action"] == "prioritize");
    CHECK(prio["priority"] == "P5");
    CHECK(prio["sla"]["response_seconds"] == 2 * 86400);
    CHECK(prio["sla"]["resolution_seconds"] == 10 * 86400);
    CHECK(prio["coordination_required"] == false);
    CHECK(j["events"][0]["level"] == "N1");
    CHECK(j["events"][0]["group"] == "service-desk");
}

TEST_CASE("ticket: the exact bytes of a new ticket's file")
{
    Clock clock;
    const std::string expected = R"({
  "schema": 1,
  "id": "INC-7K3QX9MA2P",
  "title": "Printer down on floor 3",
  "description": "Nothing prints since 8:00.",
  "type": null,
  "status": "new",
  "caller": {
    "name": "julie",
    "contact": "Julie@corp.example"
  },
  "affected": {
    "name": "Marc",
    "contact": "marc@corp.example"
  },
  "channel": "phone",
  "service": "printing",
  "category": null,
  "subcategory": null,
  "impact": null,
  "urgency": null,
  "priority": null,
  "major": false,
  "level": "N1",
  "group": "service-desk",
  "owner": null,
  "coordinator": null,
  "reassignments": 0,
  "parent": null,
  "follows": null,
  "duplicate_of": null,
  "ref": null,
  "dedup": null,
  "problem": null,
  "change": null,
  "caused_by": null,
  "hold_reason": null,
  "awaiting": null,
  "resolution": null,
  "closure": null,
  "fields": {},
  "source": null,
  "opened_at": "2026-11-21T09:01:00Z",
  "updated_at": "2026-11-21T09:01:00Z",
  "events": [
    {
      "at": "2026-11-21T09:01:00Z",
      "by": "alice",
      "action": "open",
      "id": "INC-7K3QX9MA2P",
      "title": "Printer down on floor 3",
      "description": "Nothing prints since 8:00.",
      "caller": {
        "name": "julie",
        "contact": "Julie@corp.example"
      },
      "affected": {
        "name": "Marc",
        "contact": "marc@corp.example"
      },
      "channel": "phone",
      "service": "printing",
      "level": "N1",
      "group": "service-desk"
    }
  ]
}
)";
    CHECK(serialize(bare_ticket(clock)) == expected);
}

TEST_CASE("ticket: non-ASCII text is written as UTF-8 and read back")
{
    Clock clock;
    OpenArgs a = open_args();
    a.title = "Imprimante en panne \xC3\xA0 l'\xC3\xA9tage 3 \xE2\x80\x94 \"urgent\"";
    a.caller = Person{"Ren\xC3\xA9", std::nullopt};
    const Ticket t = open_ticket(clock.next(), k_id, a);
    const std::string bytes = serialize(t);
    CHECK(bytes.find("\"title\": \"Imprimante en panne \xC3\xA0 l'\xC3\xA9tage 3 \xE2\x80\x94 \\\"urgent\\\"\"") !=
          std::string::npos);
    const Ticket back = parse_ticket(bytes, "x.json");
    CHECK(back.title == a.title);
    CHECK(back.caller.name == "Ren\xC3\xA9");
    CHECK(back.caller.contact == std::nullopt);
    CHECK(serialize(back) == bytes);
}

TEST_CASE("ticket: parse then serialize gives the same bytes")
{
    for (const Status s : all_statuses()) {
        CAPTURE(to_string(s));
        Clock clock;
        const Ticket t = ticket_in(s, clock);
        const std::string bytes = serialize(t);
        REQUIRE(bytes.back() == '\n');
        const Ticket parsed = parse_ticket(bytes, "x.json");
        CHECK(serialize(parsed) == bytes);
        CHECK(parsed.status == s);
        Json stored;
        parse_ticket(bytes, "x.json", &stored);
        CHECK(stored == [&] {
            Json j = to_json(t);
            j.erase("events");
            return j;
        }());
    }
}

TEST_CASE("ticket: unknown top-level keys survive a rewrite")
{
    Json j = closed_file();
    Json events = j["events"];
    j.erase("events");
    j["x_custom"] = Json{{"team", "blue"}, {"tags", Json::array({"printer", "floor-3"})}};
    j["x_sla_breach_notified"] = true;
    j["events"] = events;
    const std::string text = j.dump(2) + "\n";
    const Ticket t = parse_ticket(text, "x.json");
    CHECK(t.extra["x_sla_breach_notified"] == true);
    CHECK(t.extra["x_custom"]["tags"][1] == "floor-3");
    // Placed just before `events` in key order, where itk writes them, the bytes are unchanged.
    CHECK(serialize(t) == text);
    // In another order, they are written in key order: the bytes depend on the content only.
    Json swapped = closed_file();
    swapped.erase("events");
    swapped["x_sla_breach_notified"] = true;
    swapped["x_custom"] = Json{{"team", "blue"}, {"tags", Json::array({"printer", "floor-3"})}};
    swapped["events"] = events;
    CHECK(serialize(parse_ticket(swapped.dump(2) + "\n", "x.json")) == text);

    // Elsewhere in the object, the keys and values survive (moved before `events`).
    Json k = closed_file();
    Json reordered = Json::object();
    for (const auto& [key, value] : k.items()) {
        if (key == "title") {
            reordered["zz_first"] = 42;
        }
        reordered[key] = value;
    }
    reordered["zz_last"] = "after events";
    const Ticket u = parse_ticket(reordered.dump(2), "x.json");
    const Json out = Json::parse(serialize(u));
    CHECK(out["zz_first"] == 42);
    CHECK(out["zz_last"] == "after events");
    CHECK(out.size() == k.size() + 2);

    // Unknown keys inside an event are kept as they are.
    Json e = closed_file();
    e["events"][1]["x_source"] = "chatbot";
    const std::string etext = e.dump(2) + "\n";
    const Ticket v = parse_ticket(etext, "x.json");
    CHECK(ev_json(v.events[1])["x_source"] == "chatbot");
    CHECK(serialize(v) == etext);
}

TEST_CASE("ticket: the projection stored in a file is ignored, the events are replayed")
{
    Json j = closed_file();
    j["status"] = "new";
    j["owner"] = "mallory";
    const Ticket t = parse_ticket(j.dump(2), "x.json");
    CHECK(t.status == Status::closed);
    CHECK(t.owner == "bob");
    Json stored;
    CHECK(parse_ticket(j.dump(2), "x.json", &stored).owner == "bob");
    CHECK(stored["owner"] == "mallory"); // for fsck to compare
    CHECK(!stored.contains("events"));
}

TEST_CASE("ticket: invalid JSON names the path, the line and the column")
{
    const std::string text = "{\n  \"schema\": 1,\n  \"id\": ,\n}\n";
    CHECK(parse_error(text) == "tickets/x.json:3:9: invalid JSON: unexpected ',', expected a value");
    const std::string message = parse_error("{\n  \"schema\": 1,\n  \"title\": \"unterminated\n}\n");
    CHECK(message.rfind("tickets/x.json:3:", 0) == 0);
    CHECK(message.find("invalid JSON: ") != std::string::npos);
    const std::string empty = parse_error("");
    CHECK(empty.rfind("tickets/x.json:1:1: invalid JSON: ", 0) == 0);
}

TEST_CASE("ticket: git conflict markers are named with their line")
{
    Clock clock;
    const std::string good = serialize(ticket_in(Status::in_progress, clock));
    // Insert a conflict as git leaves it, starting on line 6.
    std::size_t pos = 0;
    for (int line = 1; line < 6; ++line) {
        pos = good.find('\n', pos) + 1;
    }
    std::string bad = good;
    bad.insert(pos, "<<<<<<< HEAD\n  \"status\": \"resolved\",\n=======\n  \"status\": \"on_hold\",\n>>>>>>> theirs\n");
    CHECK(parse_error(bad) == "tickets/x.json:6:1: git conflict marker; run 'itk git-resolve' to merge it event by event ('itk git-setup --global' lets git merge tickets itself)");
    std::string only_middle = good;
    only_middle.insert(pos, "=======\n");
    CHECK(parse_error(only_middle) == "tickets/x.json:6:1: git conflict marker; run 'itk git-resolve' to merge it event by event ('itk git-setup --global' lets git merge tickets itself)");
    // Markers inside a string value are text, not a conflict.
    Clock c2;
    OpenArgs a = open_args();
    a.description = "line one\n<<<<<<< not a marker";
    const std::string quoted = serialize(open_ticket(c2.next(), k_id, a));
    CHECK(parse_error(quoted) == "");
}

TEST_CASE("ticket: events out of order are rejected")
{
    Json j = closed_file();
    j["events"][2]["at"] = "2026-11-21T08:00:00Z";
    CHECK(parse_error(j.dump(2)) == "tickets/x.json: event 3: its time is before the previous event's");
    Json k = closed_file();
    k["events"][5]["at"] = "2026-11-21T09:04:59Z"; // before the resolve at 09:05
    CHECK(parse_error(k.dump(2)) == "tickets/x.json: event 6: its time is before the previous event's");
    Json same = closed_file();
    same["events"][5]["at"] = "2026-11-21T09:05:00Z"; // the same second is fine
    CHECK(parse_error(same.dump(2)) == "");
}

TEST_CASE("ticket: the first event must be open, and only the first")
{
    Json j = closed_file();
    j["events"].erase(0);
    CHECK(parse_error(j.dump(2)) == "tickets/x.json: event 1: the first event must be 'open'");
    Json k = closed_file();
    k["events"].push_back(k["events"][0]);
    k["events"].back()["at"] = "2026-11-21T10:00:00Z";
    CHECK(parse_error(k.dump(2)) == "tickets/x.json: event 7: a ticket is opened once");
}

TEST_CASE("ticket: other structural errors name the path")
{
    CHECK(parse_error("[]") == "tickets/x.json: not a JSON object");
    Json schema = closed_file();
    schema["schema"] = 2;
    CHECK(parse_error(schema.dump(2)) == "tickets/x.json: unsupported 'schema' (this itk reads schema 1)");
    Json no_schema = closed_file();
    no_schema.erase("schema");
    CHECK(parse_error(no_schema.dump(2)) == "tickets/x.json: unsupported 'schema' (this itk reads schema 1)");
    Json no_events = closed_file();
    no_events["events"] = Json::array();
    CHECK(parse_error(no_events.dump(2)) == "tickets/x.json: no 'events': the history is the truth of a ticket");
    Json missing = closed_file();
    missing.erase("events");
    CHECK(parse_error(missing.dump(2)) == "tickets/x.json: no 'events': the history is the truth of a ticket");
    Json no_by = closed_file();
    no_by["events"][1].erase("by");
    CHECK(parse_error(no_by.dump(2)) == "tickets/x.json: event 2: event 'categorize' has no string 'by'");
    Json bad_time = closed_file();
    bad_time["events"][1]["at"] = "yesterday";
    CHECK(parse_error(bad_time.dump(2)) == "tickets/x.json: event 2: event has an invalid time 'yesterday' (expected UTC from "
                                           "1970 to 9999 like 2026-11-21T09:30:00Z)");
    Json not_object = closed_file();
    not_object["events"][3] = "assign";
    CHECK(parse_error(not_object.dump(2)) == "tickets/x.json: event 4: not an object");
    Json unknown = closed_file();
    unknown["events"][3]["action"] = "teleport";
    CHECK(parse_error(unknown.dump(2)) == "tickets/x.json: event 4: unknown action 'teleport'");
    Json wrong_type = closed_file();
    wrong_type["events"][5]["satisfaction"] = "four";
    CHECK(parse_error(wrong_type.dump(2)).rfind("tickets/x.json: ", 0) == 0);
}

TEST_CASE("ticket: held_until and last_event_at")
{
    Ticket t;
    CHECK(t.last_event_at() == 0);
    Clock clock;
    Ticket h = ticket_in(Status::on_hold, clock);
    CHECK(h.last_event_at() == clock.now());
    CHECK(h.on_hold_since == clock.now());
    CHECK(h.held_until(clock.now() + 90) == 90);
    CHECK(h.held_until(clock.now() - 90) == 0);
}

TEST_CASE("ticket: event times in files are UTC, whole seconds, with Z")
{
    for (const char* at : {"2026-11-21T10:02:00+01:00", "2026-11-21T09:02:00.5Z", "2026-11-21t09:02:00z",
                           "2026-11-21 09:02:00Z", "2026-11-21T09:02:00+00:00"}) {
        CAPTURE(at);
        Json j = closed_file();
        j["events"][1]["at"] = at;
        CHECK(parse_error(j.dump(2)) == "tickets/x.json: event 2: event has an invalid time '" + std::string(at) +
                                            "' (expected UTC from 1970 to 9999 like 2026-11-21T09:30:00Z)");
    }
    Json ev{{"at", "2026-11-21T09:02:00Z"}, {"by", "x"}, {"action", "note"}, {"text", "t"}};
    CHECK(decode_event(ev).at == k_t0 + 120);
    CHECK(decode_event(ev).by == "x");
    ev.erase("text");
    CHECK(error_message(ErrorKind::invalid_data, [&] { decode_event(ev); }) == "event 'note' has no string 'text'");
    ev["text"] = 3;
    CHECK(error_message(ErrorKind::invalid_data, [&] { decode_event(ev); }) ==
          "event 'note' has a bad 'text' (expected a string)");
}
