#include "itk/ticket_file.hpp"

#include "itk/dom_view.hpp"
#include "itk/error.hpp"
#include "itk/json_reader.hpp"
#include "itk/projection.hpp"

#include <algorithm>
#include <optional>

namespace itk {

namespace {

// Keys added to schema 1 after its first release: a file may lack them (SPEC §5).
const std::vector<std::string> k_added = {"reassignments", "problem", "change",  "caused_by",
                                          "awaiting",      "fields",  "source"};

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
            fail_invalid(path + ":" + std::to_string(line) + ":1: git conflict marker; run 'itk git-resolve' to merge it event "
                                                             "by event ('itk git-setup --global' lets git merge tickets itself)");
        }
        if (end == std::string_view::npos) {
            break;
        }
        pos = end + 1;
        ++line;
    }
    return parse_json_strict(text, path);
}

Json fields_json(const Fields& fields)
{
    Json j = Json::object();
    for (const auto& [name, value] : fields) {
        j[name] = std::holds_alternative<std::string>(value) ? Json(std::get<std::string>(value))
                                                              : Json(std::get<std::int64_t>(value));
    }
    return j;
}

Event decode(const JsonView& v) { return decode_event(v.json()); }
Event decode(const DomView& v) { return decode_event(v); }

// The events of a history, in order, by the rules of both readers.
template <class V> std::vector<Event> read_events(const V& events)
{
    std::vector<Event> list;
    list.reserve(events.size());
    Time previous = 0;
    std::size_t i = 0;
    events.elements([&](const V& object) {
        try {
            Event e = decode(object);
            if (e.at < previous) {
                fail_invalid("its time is before the previous event's");
            }
            previous = e.at;
            if (i == 0 && e.action != Action::open) {
                fail_invalid("the first event must be 'open'");
            }
            if (i > 0 && e.action == Action::open) {
                fail_invalid("a ticket is opened once");
            }
            list.push_back(std::move(e));
        } catch (const Error& e) {
            fail_invalid("event " + std::to_string(i + 1) + ": " + e.what());
        }
        ++i;
    });
    return list;
}

} // namespace

Json to_json(const Ticket& t, bool as_read)
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
    j["reassignments"] = t.reassignments;
    j["parent"] = null_or(t.parent);
    j["follows"] = null_or(t.follows);
    j["duplicate_of"] = null_or(t.duplicate_of);
    j["ref"] = null_or(t.ref);
    j["dedup"] = null_or(t.dedup);
    j["problem"] = null_or(t.problem);
    j["change"] = null_or(t.change);
    j["caused_by"] = null_or(t.caused_by);
    j["hold_reason"] = null_or(t.hold_reason);
    j["awaiting"] = null_or(t.awaiting);
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
    j["fields"] = fields_json(t.fields);
    j["source"] = t.source ? Json{{"system", t.source->system}, {"number", t.source->number}} : Json(nullptr);
    j["opened_at"] = format_rfc3339(t.opened_at);
    j["updated_at"] = format_rfc3339(t.updated_at);
    for (const auto& [key, value] : t.extra.items()) {
        j[key] = value;
    }
    Json events = Json::array();
    for (const Event& e : t.events) {
        events.push_back(encode_event(e));
    }
    j["events"] = std::move(events);
    if (as_read) {
        for (const std::string& key : t.absent_keys) {
            j.erase(key);
        }
    }
    return j;
}

std::string serialize(const Ticket& t) { return to_json(t).dump(2) + "\n"; }

std::string serialize_as_read(const Ticket& t) { return to_json(t, true).dump(2) + "\n"; }

namespace {

bool is_schema_one(const JsonView& v) { return v.json() == 1; }
bool is_schema_one(const DomView& v) { return v.is_integer() && v.integer() == 1; }

// A ticket from a file's parsed JSON (see parse_ticket), or from the bulk reader's document.
template <class V> Ticket ticket_from(const V& j)
{
    if (!j.is_object()) {
        fail_invalid("not a JSON object");
    }
    const auto schema = j.find("schema");
    if (!schema || !is_schema_one(*schema)) {
        fail_invalid("unsupported 'schema' (this itk reads schema 1)");
    }
    const auto events = j.find("events");
    if (!events || !events->is_array() || events->size() == 0) {
        fail_invalid("no 'events': the history is the truth of a ticket");
    }
    Ticket t = replay(read_events(*events));
    j.members([&](std::string_view key, const V& value) {
        if (std::find(ticket_keys().begin(), ticket_keys().end(), key) == ticket_keys().end()) {
            t.extra[std::string(key)] = value.json();
        }
    });
    // Unknown keys in key order, so that the bytes do not depend on who wrote the file.
    if (!t.extra.empty()) {
        t.extra = sorted_keys(t.extra);
    }
    for (const std::string& key : k_added) {
        if (!j.find(key)) {
            t.absent_keys.push_back(key);
        }
    }
    return t;
}

Ticket ticket_from_json(const Json& j, const std::string& path)
{
    try {
        return ticket_from(JsonView(j));
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::invalid_data) {
            throw;
        }
        fail_invalid(path + ": " + e.what());
    }
}

// Whether a parsed document holds only what the decoder reads exactly as the strict reader:
// no duplicate key, at most k_max_json_depth levels (the root at 1, as json_reader.cpp
// counts), every number an integer of 64 bits.
bool plain(simdjson::dom::element v, int depth)
{
    using Type = simdjson::dom::element_type;
    const Type type = v.type();
    if (type != Type::OBJECT && type != Type::ARRAY) {
        // Beyond INT64_MAX the strict reader's tree holds a number unsigned; a double may round
        // as from_chars does not.
        return type != Type::UINT64 && type != Type::DOUBLE;
    }
    if (depth > k_max_json_depth) {
        return false;
    }
    simdjson::dom::array array;
    if (v.get_array().get(array) == simdjson::SUCCESS) {
        return std::all_of(array.begin(), array.end(), [&](simdjson::dom::element item) { return plain(item, depth + 1); });
    }
    simdjson::dom::object object;
    if (v.get_object().get(object) != simdjson::SUCCESS) {
        return false;
    }
    std::vector<std::string_view> keys;
    keys.reserve(object.size());
    for (const auto field : object) {
        if (!plain(field.value, depth + 1)) {
            return false;
        }
        keys.push_back(field.key);
    }
    std::sort(keys.begin(), keys.end());
    return std::adjacent_find(keys.begin(), keys.end()) == keys.end();
}

} // namespace

std::optional<Ticket> read_ticket_simd(std::string_view text)
{
    // The strict reader's own spellings: a byte-order mark, and every \\u escape (simdjson
    // reads lone surrogates its own way).
    if (text.substr(0, 3) == "\xEF\xBB\xBF" || text.find("\\u") != std::string_view::npos) {
        return std::nullopt;
    }
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS || !plain(root, 1)) {
        return std::nullopt;
    }
    try {
        return ticket_from(DomView(root));
    } catch (const NotSure&) {
        return std::nullopt;
    } catch (const Error&) {
        return std::nullopt; // the strict reader words the error
    }
}

Ticket read_ticket(std::string_view text, const std::string& path)
{
    if (auto t = read_ticket_simd(text)) {
        return std::move(*t);
    }
    return parse_ticket(text, path);
}

Ticket parse_ticket(std::string_view text, const std::string& path, Json* projection)
{
    Json j = parse_json(text, path);
    Ticket t = ticket_from_json(j, path);
    if (projection != nullptr) {
        j.erase("events");
        *projection = std::move(j);
    }
    return t;
}

} // namespace itk
