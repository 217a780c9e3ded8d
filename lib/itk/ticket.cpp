#include "itk/ticket.hpp"

#include "itk/error.hpp"
#include "itk/json_reader.hpp"
#include "itk/lifecycle.hpp"
#include "itk/text.hpp"

#include <algorithm>
#include <array>

namespace itk {

namespace {

const std::array<std::string_view, 7> k_status_names = {"new",    "in_progress", "on_hold",   "resolved",
                                                       "closed", "cancelled",   "redirected"};

// The keys of the projection, in file order (SPEC §5); `events` comes last.
const std::array<const char*, 31> k_keys = {
    "schema",   "id",       "title",     "description", "type",     "status",      "caller",      "affected",
    "channel",  "service",  "category",  "subcategory", "impact",   "urgency",     "priority",    "major",
    "level",    "group",    "owner",     "coordinator", "parent",   "follows",     "duplicate_of", "ref",
    "dedup",    "hold_reason", "resolution", "closure", "opened_at", "updated_at", "events"};

Json null_or(const OptString& s) { return s ? Json(*s) : Json(nullptr); }

Json person_json(const Person& p) { return Json{{"name", p.name}, {"contact", null_or(p.contact)}}; }

Json parse_json(std::string_view text, const std::string& path)
{
    // A merge without itk's driver leaves git's conflict markers: say so rather than "bad JSON".
    std::size_t pos = 0;
    std::size_t line = 1;
    while (pos < text.size()) {
        const std::size_t end = text.find('\n', pos);
        const std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        if (l.rfind("<<<<<<<", 0) == 0 || l.rfind(">>>>>>>", 0) == 0 || l.rfind("=======", 0) == 0) {
            fail_invalid(path + ":" + std::to_string(line) + ":1: git conflict marker; run 'itk git-setup' so that git "
                                                             "merges tickets with itk, then redo the merge");
        }
        if (end == std::string_view::npos) {
            break;
        }
        pos = end + 1;
        ++line;
    }
    return parse_json_strict(text, path);
}

} // namespace

std::string_view to_string(Status status) { return k_status_names[static_cast<std::size_t>(status)]; }

std::optional<Status> parse_status(std::string_view text)
{
    for (std::size_t i = 0; i < k_status_names.size(); ++i) {
        if (k_status_names[i] == text) {
            return static_cast<Status>(i);
        }
    }
    return std::nullopt;
}

bool is_terminal(Status status)
{
    return status == Status::closed || status == Status::cancelled || status == Status::redirected;
}

const std::vector<Status>& all_statuses()
{
    static const std::vector<Status> k_all = {Status::fresh,  Status::in_progress, Status::on_hold,   Status::resolved,
                                              Status::closed, Status::cancelled,   Status::redirected};
    return k_all;
}

bool Person::matches(std::string_view who) const
{
    return !who.empty() && (iequals(name, who) || (contact && iequals(*contact, who)));
}

Duration Ticket::held_until(Time at) const
{
    return held + (on_hold_since && at > *on_hold_since ? at - *on_hold_since : 0);
}

Time Ticket::last_event_at() const { return last_at; }

std::string event_string(const Json& event, const char* key)
{
    const auto it = event.find(key);
    if (it == event.end() || !it->is_string()) {
        fail_invalid("event '" + (event.contains("action") && event["action"].is_string() ? event["action"].get<std::string>()
                                                                                         : std::string("?")) +
                     "' has no string '" + key + "'");
    }
    return it->get<std::string>();
}

OptString event_opt_string(const Json& event, const char* key)
{
    const auto it = event.find(key);
    if (it == event.end() || it->is_null()) {
        return std::nullopt;
    }
    return event_string(event, key);
}

bool is_id_syntax(std::string_view text)
{
    return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

namespace {

[[noreturn]] void bad_field(const Json& event, const char* key, const char* what)
{
    fail_invalid("event '" + (event.contains("action") && event["action"].is_string() ? event["action"].get<std::string>()
                                                                                     : std::string("?")) +
                 "' has a bad '" + key + "' (expected " + what + ")");
}

} // namespace

std::string event_id(const Json& event, const char* key)
{
    std::string id = event_string(event, key);
    if (!is_id_syntax(id)) {
        bad_field(event, key, "a ticket ID");
    }
    return id;
}

OptString event_opt_id(const Json& event, const char* key)
{
    const auto it = event.find(key);
    if (it == event.end() || it->is_null()) {
        return std::nullopt;
    }
    return event_id(event, key);
}

bool event_bool(const Json& event, const char* key, bool fallback)
{
    const auto it = event.find(key);
    if (it == event.end()) {
        return fallback;
    }
    if (!it->is_boolean()) {
        bad_field(event, key, "true or false");
    }
    return it->get<bool>();
}

std::optional<std::int64_t> event_opt_int(const Json& event, const char* key)
{
    const auto it = event.find(key);
    if (it == event.end() || it->is_null()) {
        return std::nullopt;
    }
    if (!it->is_number_integer()) {
        bad_field(event, key, "an integer");
    }
    return it->get<std::int64_t>();
}

std::optional<Duration> event_opt_duration(const Json& event, const char* key)
{
    const auto d = event_opt_int(event, key);
    if (d && (*d < 0 || *d > k_max_duration)) {
        bad_field(event, key, "seconds from 0 to 100 years");
    }
    return d;
}

Time event_time(const Json& event)
{
    const std::string at = event_string(event, "at");
    const auto t = parse_rfc3339(at);
    // Files hold UTC, whole seconds, 'Z': exactly what format_rfc3339 writes.
    if (!t || at.size() != 20 || at[10] != 'T' || at[19] != 'Z' || at[17] == '6') {
        fail_invalid("event has an invalid time '" + at + "' (expected UTC from 1970 to 9999 like 2026-11-21T09:30:00Z)");
    }
    return *t;
}

Json to_json(const Ticket& t)
{
    Json j;
    j["schema"] = 1;
    j["id"] = t.id;
    j["title"] = t.title;
    j["description"] = t.description;
    j["type"] = null_or(t.type);
    j["status"] = std::string(to_string(t.status));
    j["caller"] = person_json(t.caller);
    j["affected"] = person_json(t.affected);
    j["channel"] = null_or(t.channel);
    j["service"] = null_or(t.service);
    j["category"] = null_or(t.category);
    j["subcategory"] = null_or(t.subcategory);
    j["impact"] = null_or(t.impact);
    j["urgency"] = null_or(t.urgency);
    j["priority"] = null_or(t.priority);
    j["major"] = t.major;
    j["level"] = t.level;
    j["group"] = null_or(t.group);
    j["owner"] = null_or(t.owner);
    j["coordinator"] = null_or(t.coordinator);
    j["parent"] = null_or(t.parent);
    j["follows"] = null_or(t.follows);
    j["duplicate_of"] = null_or(t.duplicate_of);
    j["ref"] = null_or(t.ref);
    j["dedup"] = null_or(t.dedup);
    j["hold_reason"] = null_or(t.hold_reason);
    if (t.resolution) {
        const Resolution& r = *t.resolution;
        j["resolution"] = Json{{"kind", r.kind}, {"code", null_or(r.code)}, {"notes", r.notes},
                               {"at", format_rfc3339(r.at)}, {"by", r.by}};
    } else {
        j["resolution"] = nullptr;
    }
    if (t.closure) {
        const Closure& c = *t.closure;
        j["closure"] = Json{{"confirmed_by", null_or(c.confirmed_by)},
                            {"satisfaction", c.satisfaction ? Json(*c.satisfaction) : Json(nullptr)},
                            {"comment", null_or(c.comment)},
                            {"unconfirmed", c.unconfirmed},
                            {"at", format_rfc3339(c.at)},
                            {"by", c.by}};
    } else {
        j["closure"] = nullptr;
    }
    j["opened_at"] = format_rfc3339(t.opened_at);
    j["updated_at"] = format_rfc3339(t.updated_at);
    for (const auto& [key, value] : t.extra.items()) {
        j[key] = value;
    }
    j["events"] = t.events;
    return j;
}

std::string serialize(const Ticket& t) { return to_json(t).dump(2) + "\n"; }

Ticket parse_ticket(std::string_view text, const std::string& path)
{
    Json j = parse_json(text, path);
    try {
        if (!j.is_object()) {
            fail_invalid("not a JSON object");
        }
        if (!j.contains("schema") || j["schema"] != 1) {
            fail_invalid("unsupported 'schema' (this itk reads schema 1)");
        }
        const auto events = j.find("events");
        if (events == j.end() || !events->is_array() || events->empty()) {
            fail_invalid("no 'events': the history is the truth of a ticket");
        }
        std::vector<Json> list;
        list.reserve(events->size());
        Time previous = 0;
        for (std::size_t i = 0; i < events->size(); ++i) {
            Json& ev = (*events)[i];
            try {
                if (!ev.is_object()) {
                    fail_invalid("not an object");
                }
                event_string(ev, "by");
                const Time at = event_time(ev);
                if (at < previous) {
                    fail_invalid("its time is before the previous event's");
                }
                previous = at;
                if (i == 0 && event_string(ev, "action") != "open") {
                    fail_invalid("the first event must be 'open'");
                }
                if (i > 0 && event_string(ev, "action") == "open") {
                    fail_invalid("a ticket is opened once");
                }
            } catch (const Error& e) {
                fail_invalid("event " + std::to_string(i + 1) + ": " + e.what());
            }
            list.push_back(std::move(ev));
        }
        Ticket t = replay(std::move(list));
        for (const auto& item : j.items()) {
            const std::string& key = item.key();
            if (std::find_if(k_keys.begin(), k_keys.end(), [&](const char* k) { return key == k; }) == k_keys.end()) {
                t.extra[key] = item.value();
            }
        }
        return t;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::invalid_data) {
            throw;
        }
        fail_invalid(path + ": " + e.what());
    } catch (const Json::exception& e) {
        fail_invalid(path + ": unexpected value: " + std::string(e.what()));
    }
}

Json stored_projection(std::string_view text, const std::string& path)
{
    Json j = parse_json(text, path);
    if (j.is_object()) {
        j.erase("events");
    }
    return j;
}

} // namespace itk
