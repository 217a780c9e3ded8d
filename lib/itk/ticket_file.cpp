#include "itk/ticket_file.hpp"

#include "itk/dom_view.hpp"
#include "itk/encode.hpp"
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

namespace {

template <class B> void write_resolution(B& out, const std::optional<Resolution>& r)
{
    if (!r) {
        out.null();
        return;
    }
    out.begin_object();
    out.key("kind");
    out.string(r->kind);
    out.key("code");
    encode::text(out, r->code);
    out.key("notes");
    out.string(r->notes);
    out.key("at");
    out.string(format_rfc3339(r->at));
    out.key("by");
    out.string(r->by);
    out.end_object();
}

template <class B> void write_closure(B& out, const std::optional<Closure>& c)
{
    if (!c) {
        out.null();
        return;
    }
    out.begin_object();
    out.key("confirmed_by");
    encode::text(out, c->confirmed_by);
    out.key("satisfaction");
    encode::integer(out, c->satisfaction);
    out.key("comment");
    encode::text(out, c->comment);
    out.key("unconfirmed");
    out.boolean(c->unconfirmed);
    out.key("at");
    out.string(format_rfc3339(c->at));
    out.key("by");
    out.string(c->by);
    out.end_object();
}

// The keys this version does not know, in key order, then the events.
template <class B> void write_rest(B& out, const Ticket& t, bool events)
{
    for (const auto& [k, value] : t.extra.items()) {
        out.key(k);
        out.json(value);
    }
    if (events) {
        out.key("events");
        out.begin_array();
        for (const Event& e : t.events) {
            encode_event(out, e);
        }
        out.end_array();
    }
}

// The projection (every key but those `skip` names), the keys this version does not know, then
// the events, into a JsonTree or a JsonText.
template <class B> void write_ticket(B& out, const Ticket& t, const std::vector<std::string>& skip, bool events)
{
    const auto key = [&](const char* k) {
        if (std::find(skip.begin(), skip.end(), k) != skip.end()) {
            return false;
        }
        out.key(k);
        return true;
    };
    const auto string = [&](const char* k, std::string_view v) {
        out.key(k);
        out.string(v);
    };
    const auto text = [&](const char* k, const OptString& v) {
        if (key(k)) {
            encode::text(out, v);
        }
    };
    out.begin_object();
    out.key("schema");
    out.integer(1);
    string("id", t.id);
    string("title", t.title);
    string("description", t.description);
    text("type", t.type);
    string("status", to_string(t.status));
    out.key("caller");
    encode::person(out, t.caller);
    out.key("affected");
    encode::person(out, t.affected);
    text("channel", t.channel);
    text("service", t.service);
    text("category", t.category);
    text("subcategory", t.subcategory);
    text("impact", t.impact);
    text("urgency", t.urgency);
    text("priority", t.priority);
    out.key("major");
    out.boolean(t.major);
    string("level", t.level);
    text("group", t.group);
    text("owner", t.owner);
    text("coordinator", t.coordinator);
    if (key("reassignments")) {
        out.integer(t.reassignments);
    }
    text("parent", t.parent);
    text("follows", t.follows);
    text("duplicate_of", t.duplicate_of);
    text("ref", t.ref);
    text("dedup", t.dedup);
    text("problem", t.problem);
    text("change", t.change);
    text("caused_by", t.caused_by);
    text("hold_reason", t.hold_reason);
    text("awaiting", t.awaiting);
    out.key("resolution");
    write_resolution(out, t.resolution);
    out.key("closure");
    write_closure(out, t.closure);
    if (key("fields")) {
        encode::fields(out, t.fields);
    }
    if (key("source")) {
        if (t.source) {
            encode::source(out, *t.source);
        } else {
            out.null();
        }
    }
    string("opened_at", format_rfc3339(t.opened_at));
    string("updated_at", format_rfc3339(t.updated_at));
    write_rest(out, t, events);
    out.end_object();
}

const std::vector<std::string> k_none;
constexpr std::size_t k_max_simd_bytes = std::size_t{1} << 20;

} // namespace

std::string ticket_json_text(const Ticket& t, int indent, std::size_t depth, bool as_read, bool events)
{
    std::string out;
    try {
        JsonText text(out, indent, depth);
        write_ticket(text, t, as_read ? t.absent_keys : k_none, events);
        return out;
    } catch (const NotSure&) {
        // Invalid UTF-8: dump() refuses it in its own words (type_error 316), as before.
    }
    Json j = to_json(t, as_read);
    if (!events) {
        j.erase("events");
    }
    return indented(j.dump(indent), depth * static_cast<std::size_t>(indent < 0 ? 0 : indent));
}

Json to_json(const Ticket& t, bool as_read)
{
    JsonTree tree;
    write_ticket(tree, t, as_read ? t.absent_keys : k_none, true);
    return tree.take();
}

std::string serialize(const Ticket& t) { return ticket_json_text(t, 2, 0, false, true) + "\n"; }

std::string serialize_as_read(const Ticket& t) { return ticket_json_text(t, 2, 0, true, true) + "\n"; }

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
    // A file over 1 MiB too: the thread's parser would keep that capacity (about 12 times the
    // file) for the rest of the scan.
    if (text.size() > k_max_simd_bytes || text.substr(0, 3) == "\xEF\xBB\xBF" ||
        text.find("\\u") != std::string_view::npos) {
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
