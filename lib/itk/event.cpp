#include "itk/event.hpp"

#include "itk/dom_view.hpp"
#include "itk/error.hpp"
#include "itk/encode.hpp"
#include "itk/text.hpp"

#include <algorithm>
#include <array>

namespace itk {

namespace {

const std::vector<std::string> k_channels = {"phone", "email", "portal", "chat", "monitoring", "walk-in"};
const std::vector<std::string> k_types = {"incident", "request", "change"};
const std::vector<std::string> k_kinds = {"workaround", "permanent"};
const std::vector<std::string> k_audiences = {"internal", "stakeholders"};
const std::vector<std::string> k_awaiting = {"user", "vendor", "problem", "change", "evidence", "other"};
const std::array<std::string_view, 3> k_records = {"problem", "change", "caused_by"};

// How a key is read and written. "opt": absent when unset (written only when set); "null":
// always written, null when unset; a required key must be there.
enum class Kind {
    str,          ///< std::string, required
    text,         ///< std::string, "" when absent, always written
    opt_str,      ///< OptString
    null_str,     ///< OptString, always written
    id,           ///< std::string holding a ticket ID, required
    opt_id,       ///< OptString holding a ticket ID
    null_id,      ///< OptString holding a ticket ID, always written
    opt_bool,     ///< std::optional<bool>
    null_score,   ///< std::optional<int> from 1 to 5, always written
    opt_seconds,  ///< std::optional<Duration>, 0 to 100 years
    person,       ///< Person {name, contact}, required
    opt_person,   ///< std::optional<Person>
    sla,          ///< {response_seconds, resolution_seconds}: the two sla_ members, optional
    levels,       ///< std::vector<std::string>, written when not empty
    changes,      ///< std::vector<Change>: {"key": {"from", "to"}}, required
    fields,       ///< Fields, written when not empty
    source,       ///< std::optional<Source> {system, number}
    record,       ///< std::optional<Record>, required: "problem", "change" or "caused_by"
};

using Member = std::variant<std::monostate, std::string Event::*, OptString Event::*, std::optional<bool> Event::*,
                            std::optional<int> Event::*, std::optional<Duration> Event::*, Person Event::*,
                            std::optional<Person> Event::*, std::vector<std::string> Event::*,
                            std::vector<Change> Event::*, Fields Event::*, std::optional<Source> Event::*,
                            std::optional<Record> Event::*>;

struct Key {
    const char* name;
    Kind kind;
    Member member;
};

// One row of the event table: an action, how files spell it, its keys in file order.
struct Row {
    Action action;
    const char* name;
    std::vector<Key> keys;
};

// The event table (SPEC §5, §7): every action's keys, in the order itk writes them. Keys added
// after the first release are optional, so that files written before them read and re-encode
// to the same bytes.
const std::array<Row, k_action_count> k_rows = {{
    {Action::open,
     "open",
     {{"id", Kind::id, &Event::id},
      {"title", Kind::str, &Event::title},
      {"description", Kind::text, &Event::description},
      {"caller", Kind::person, &Event::caller},
      {"affected", Kind::opt_person, &Event::affected},
      {"channel", Kind::null_str, &Event::channel},
      {"service", Kind::null_str, &Event::service},
      {"level", Kind::str, &Event::level},
      {"group", Kind::null_str, &Event::group},
      {"dedup", Kind::opt_str, &Event::dedup},
      {"follows", Kind::opt_id, &Event::follows},
      {"follows_status", Kind::opt_str, &Event::follows_status},
      {"fields", Kind::fields, &Event::fields},
      {"source", Kind::source, &Event::source}}},
    {Action::categorize,
     "categorize",
     {{"type", Kind::str, &Event::type},
      {"category", Kind::opt_str, &Event::category},
      {"subcategory", Kind::opt_str, &Event::subcategory},
      {"service", Kind::opt_str, &Event::service},
      {"ref", Kind::opt_str, &Event::ref}}},
    {Action::redirect,
     "categorize",
     {{"type", Kind::str, &Event::type},
      {"category", Kind::opt_str, &Event::category},
      {"subcategory", Kind::opt_str, &Event::subcategory},
      {"service", Kind::opt_str, &Event::service},
      {"ref", Kind::opt_str, &Event::ref}}},
    {Action::edit, "edit", {{"changes", Kind::changes, &Event::changes}}},
    {Action::prioritize,
     "prioritize",
     {{"impact", Kind::str, &Event::impact},
      {"urgency", Kind::str, &Event::urgency},
      {"priority", Kind::str, &Event::priority},
      {"sla", Kind::sla, std::monostate{}},
      {"coordination_required", Kind::opt_bool, &Event::coordination_required},
      {"major", Kind::opt_bool, &Event::declares_major}}},
    {Action::assign,
     "assign",
     {{"owner", Kind::str, &Event::owner},
      {"group", Kind::opt_str, &Event::group},
      {"level", Kind::opt_str, &Event::level},
      {"levels", Kind::levels, &Event::levels}}},
    // A null group takes the ticket out of every queue (a ServiceNow row that empties
    // assignment_group; `unassign --group`).
    {Action::route,
     "assign",
     {{"owner", Kind::null_str, &Event::owner},
      {"group", Kind::null_str, &Event::group},
      {"level", Kind::opt_str, &Event::level},
      {"levels", Kind::levels, &Event::levels},
      {"reason", Kind::opt_str, &Event::reason}}},
    {Action::unassign,
     "unassign",
     {{"previous", Kind::opt_str, &Event::previous}, {"reason", Kind::opt_str, &Event::reason}}},
    {Action::note, "note", {{"text", Kind::str, &Event::text}, {"public", Kind::opt_bool, &Event::is_public}}},
    {Action::escalate,
     "escalate",
     {{"kind", Kind::str, &Event::kind},
      {"from", Kind::str, &Event::from_level},
      {"to", Kind::str, &Event::level},
      {"group", Kind::null_str, &Event::group},
      {"reason", Kind::str, &Event::reason},
      {"levels", Kind::levels, &Event::levels}}},
    {Action::escalate_hierarchical,
     "escalate",
     {{"kind", Kind::str, &Event::kind},
      {"to", Kind::str, &Event::manager},
      {"level", Kind::str, &Event::level},
      {"reason", Kind::str, &Event::reason}}},
    {Action::coordinate, "coordinate", {{"coordinator", Kind::str, &Event::coordinator}}},
    {Action::hold,
     "hold",
     {{"reason", Kind::str, &Event::reason},
      {"awaiting", Kind::opt_str, &Event::awaiting},
      {"ref", Kind::opt_str, &Event::ref},
      {"pauses", Kind::opt_bool, &Event::pauses}}},
    {Action::resume, "resume", {}},
    {Action::resolve,
     "resolve",
     {{"kind", Kind::str, &Event::kind},
      {"code", Kind::null_str, &Event::code},
      {"solution", Kind::str, &Event::solution},
      {"owner", Kind::opt_str, &Event::owner}}},
    {Action::resolve_by_parent,
     "resolve",
     {{"kind", Kind::str, &Event::kind},
      {"code", Kind::null_str, &Event::code},
      {"solution", Kind::str, &Event::solution},
      {"parent", Kind::id, &Event::parent}}},
    {Action::reopen, "reopen", {{"reason", Kind::str, &Event::reason}}},
    {Action::close,
     "close",
     {{"confirmed_by", Kind::null_str, &Event::confirmed_by},
      {"satisfaction", Kind::null_score, &Event::satisfaction},
      {"comment", Kind::null_str, &Event::comment},
      {"unconfirmed", Kind::opt_bool, &Event::unconfirmed},
      {"after_seconds", Kind::opt_seconds, &Event::after}}},
    {Action::cancel,
     "cancel",
     {{"reason", Kind::str, &Event::reason}, {"duplicate_of", Kind::null_id, &Event::duplicate_of}}},
    {Action::major, "major", {{"reason", Kind::str, &Event::reason}}},
    {Action::major_withdraw, "major_withdraw", {{"reason", Kind::str, &Event::reason}}},
    {Action::major_update,
     "major_update",
     {{"audience", Kind::str, &Event::audience}, {"message", Kind::str, &Event::message}}},
    {Action::link, "link", {{"parent", Kind::id, &Event::parent}}},
    {Action::relate,
     "link",
     {{"record", Kind::record, &Event::record},
      {"number", Kind::str, &Event::number},
      {"previous", Kind::null_str, &Event::previous}}},
    {Action::unlink, "unlink", {{"parent", Kind::null_id, &Event::parent}}},
    {Action::link_child, "link_child", {{"child", Kind::id, &Event::child}}},
    {Action::unlink_child, "unlink_child", {{"child", Kind::id, &Event::child}}},
    {Action::postmortem, "postmortem", {{"path", Kind::str, &Event::path}}},
}};

const Row& row_of(Action action)
{
    const Row& row = k_rows[static_cast<std::size_t>(action)];
    return row;
}

// The table is indexed by the enum: a row out of place is a bug caught at start-up by tests.
[[maybe_unused]] const bool k_rows_in_order = [] {
    for (std::size_t i = 0; i < k_rows.size(); ++i) {
        if (static_cast<std::size_t>(k_rows[i].action) != i) {
            throw std::logic_error("event table out of order");
        }
    }
    return true;
}();

// A text member may be a std::string (always there) or an OptString (may be unset).
void set_text(Event& e, const Member& m, OptString value)
{
    if (const auto* s = std::get_if<std::string Event::*>(&m)) {
        e.**s = value.value_or("");
    } else {
        e.*std::get<OptString Event::*>(m) = std::move(value);
    }
}

OptString get_text(const Event& e, const Member& m)
{
    if (const auto* s = std::get_if<std::string Event::*>(&m)) {
        return e.**s;
    }
    return e.*std::get<OptString Event::*>(m);
}

// --- Decoding ---------------------------------------------------------------------------

// Messages name the action: "event 'assign' has a bad 'owner' (expected a string)".
class Messages {
public:
    explicit Messages(std::string action) : m_action(std::move(action)) {}

    [[noreturn]] void bad(const std::string& key, const char* expected) const
    {
        fail_invalid("event '" + m_action + "' has a bad '" + key + "' (expected " + expected + ")");
    }
    [[noreturn]] void missing(const std::string& key, const char* what) const
    {
        fail_invalid("event '" + m_action + "' has no " + std::string(what) + "'" + key + "'");
    }

private:
    std::string m_action;
};

// Reads the keys of one event from a view of a parsed value (json_view.hpp): the strict
// reader's tree or the bulk reader's simdjson document, by the same rules.
template <class V> class Decoder : public Messages {
public:
    using Messages::Messages;

    std::string string(const V& v, const std::string& key) const
    {
        if (!v.is_string()) {
            bad(key, "a string");
        }
        return std::string(v.text());
    }
    OptString opt_string(const V& v, const std::string& key) const
    {
        return v.is_null() ? OptString() : OptString(string(v, key));
    }
    std::string id(const V& v, const std::string& key) const
    {
        std::string s = v.is_string() ? std::string(v.text()) : std::string();
        if (!is_id_syntax(s)) {
            bad(key, "a ticket ID");
        }
        return s;
    }
    bool boolean(const V& v, const std::string& key) const
    {
        if (!v.is_bool()) {
            bad(key, "true or false");
        }
        return v.boolean();
    }
    std::optional<Duration> seconds(const V& v, const std::string& key) const
    {
        if (v.is_null()) {
            return std::nullopt;
        }
        if (!v.is_integer() || v.integer() < 0 || v.integer() > k_max_duration) {
            bad(key, "seconds from 0 to 100 years");
        }
        return v.integer();
    }
    Person person(const V& v, const std::string& key) const
    {
        if (!v.is_object()) {
            bad(key, "an object {\"name\", \"contact\"}");
        }
        Person p;
        bool named = false;
        v.members([&](std::string_view k, const V& value) {
            if (k == "name") {
                p.name = string(value, key + ".name");
                named = true;
            } else if (k == "contact") {
                p.contact = opt_string(value, key + ".contact");
            } else {
                bad(key + "." + std::string(k), "only name and contact (written by a newer itk?)");
            }
        });
        if (!named) {
            missing(key + ".name", "string ");
        }
        return p;
    }
    std::optional<FieldValue> field_value(const V& v, const std::string& key) const
    {
        if (v.is_null()) {
            return std::nullopt;
        }
        if (v.is_string()) {
            return FieldValue(std::string(v.text()));
        }
        if (v.is_integer()) {
            return FieldValue(v.integer());
        }
        bad(key, "a string, an integer or null");
    }

    void read(Event& e, const Key& k, const V& v) const
    {
        const std::string key = k.name;
        switch (k.kind) {
        case Kind::str:
        case Kind::text:
            set_text(e, k.member, string(v, key));
            return;
        case Kind::opt_str:
        case Kind::null_str:
            set_text(e, k.member, opt_string(v, key));
            return;
        case Kind::id:
            set_text(e, k.member, id(v, key));
            return;
        case Kind::opt_id:
        case Kind::null_id:
            set_text(e, k.member, v.is_null() ? OptString() : OptString(id(v, key)));
            return;
        case Kind::opt_bool:
            e.*std::get<std::optional<bool> Event::*>(k.member) = boolean(v, key);
            return;
        case Kind::null_score:
            if (!v.is_null() && (!v.is_integer() || v.integer() < 1 || v.integer() > 5)) {
                bad(key, "1 to 5");
            }
            e.*std::get<std::optional<int> Event::*>(k.member) =
                v.is_null() ? std::optional<int>() : std::optional<int>(static_cast<int>(v.integer()));
            return;
        case Kind::opt_seconds:
            e.*std::get<std::optional<Duration> Event::*>(k.member) = seconds(v, key);
            return;
        case Kind::person:
            e.*std::get<Person Event::*>(k.member) = person(v, key);
            return;
        case Kind::opt_person:
            e.*std::get<std::optional<Person> Event::*>(k.member) = person(v, key);
            return;
        case Kind::sla:
            read_sla(e, v);
            return;
        case Kind::levels:
            read_levels(e.*std::get<std::vector<std::string> Event::*>(k.member), v, key);
            return;
        case Kind::changes:
            read_changes(e.*std::get<std::vector<Change> Event::*>(k.member), v);
            return;
        case Kind::fields:
            read_fields(e.*std::get<Fields Event::*>(k.member), v);
            return;
        case Kind::source:
            read_source(e.*std::get<std::optional<Source> Event::*>(k.member), v);
            return;
        case Kind::record: {
            const std::string r = string(v, key);
            const auto it = std::find(k_records.begin(), k_records.end(), r);
            if (it == k_records.end()) {
                bad(key, "problem, change or caused_by");
            }
            e.*std::get<std::optional<Record> Event::*>(k.member) = static_cast<Record>(it - k_records.begin());
            return;
        }
        }
    }

private:
    void read_sla(Event& e, const V& v) const
    {
        if (!v.is_object()) {
            bad("sla", "an object");
        }
        v.members([&](std::string_view k, const V& value) {
            if (k == "response_seconds") {
                e.sla_response = seconds(value, "sla.response_seconds");
            } else if (k == "resolution_seconds") {
                e.sla_resolution = seconds(value, "sla.resolution_seconds");
            } else {
                bad("sla." + std::string(k), "only response_seconds and resolution_seconds");
            }
        });
    }
    void read_levels(std::vector<std::string>& out, const V& v, const std::string& key) const
    {
        if (!v.is_array()) {
            bad(key, "an array of levels");
        }
        v.elements([&](const V& level) { out.push_back(string(level, key + "[]")); });
    }
    void read_changes(std::vector<Change>& out, const V& v) const
    {
        if (!v.is_object()) {
            bad("changes", "an object");
        }
        v.members([&](std::string_view k, const V& change) {
            const std::string key(k);
            const auto from = change.is_object() ? change.find("from") : std::nullopt;
            const auto to = change.is_object() ? change.find("to") : std::nullopt;
            if (!from || !to || change.size() != 2) {
                bad("changes." + key, "{\"from\", \"to\"}");
            }
            out.push_back(Change{key, field_value(*from, "changes." + key + ".from"),
                                 field_value(*to, "changes." + key + ".to")});
        });
    }
    void read_fields(Fields& out, const V& v) const
    {
        if (!v.is_object()) {
            bad("fields", "an object");
        }
        v.members([&](std::string_view k, const V& value) {
            const std::string key(k);
            auto f = field_value(value, "fields." + key);
            if (!f) {
                bad("fields." + key, "a string or an integer");
            }
            out.emplace(key, std::move(*f));
        });
    }
    void read_source(std::optional<Source>& out, const V& v) const
    {
        const auto system = v.is_object() ? v.find("system") : std::nullopt;
        const auto number = v.is_object() ? v.find("number") : std::nullopt;
        if (!system || !number || v.size() != 2) {
            bad("source", "an object {\"system\", \"number\"}");
        }
        out = Source{string(*system, "source.system"), string(*number, "source.number")};
    }
};

// Which row a file's event belongs to: its action, and for the actions spelt alike, a key.
template <class V> Action classify(std::string_view name, const V& object)
{
    const auto has = [&](const char* key) {
        const auto v = object.find(key);
        return v && !v->is_null();
    };
    const auto is = [&](const char* key, const char* value) {
        const auto v = object.find(key);
        return v && v->is_string() && v->text() == value;
    };
    const auto contains = [&](const char* key) { return object.find(key).has_value(); };
    if (name == "categorize") {
        return !contains("type") || is("type", "incident") ? Action::categorize : Action::redirect;
    }
    if (name == "assign") {
        return !contains("owner") || has("owner") ? Action::assign : Action::route;
    }
    if (name == "escalate") {
        return is("kind", "hierarchical") ? Action::escalate_hierarchical : Action::escalate;
    }
    if (name == "resolve") {
        return contains("parent") ? Action::resolve_by_parent : Action::resolve;
    }
    if (name == "link") {
        return contains("parent") || !contains("record") ? Action::link : Action::relate;
    }
    for (const Row& row : k_rows) {
        if (name == row.name) {
            return row.action;
        }
    }
    fail_invalid("unknown action '" + printable(name) + "'");
}
// What no single key can say: enumerated values.
void check_values(const Event& e, const Messages& d)
{
    const auto one_of = [&](const OptString& v, const std::vector<std::string>& valid, const char* key) {
        if (v && std::find(valid.begin(), valid.end(), *v) == valid.end()) {
            std::string list;
            for (const auto& s : valid) {
                list += (list.empty() ? "" : ", ") + s;
            }
            d.bad(key, list.c_str());
        }
    };
    switch (e.action) {
    case Action::open:
        one_of(e.channel, k_channels, "channel");
        return;
    case Action::categorize:
    case Action::redirect:
        one_of(e.type, k_types, "type");
        return;
    case Action::hold:
        one_of(e.awaiting, k_awaiting, "awaiting");
        return;
    case Action::resolve:
    case Action::resolve_by_parent:
        one_of(e.kind, k_kinds, "kind");
        return;
    case Action::major_update:
        one_of(e.audience, k_audiences, "audience");
        return;
    case Action::escalate:
        one_of(e.kind, {"functional"}, "kind");
        return;
    case Action::edit:
    case Action::prioritize:
    case Action::assign:
    case Action::route:
    case Action::unassign:
    case Action::note:
    case Action::escalate_hierarchical:
    case Action::coordinate:
    case Action::resume:
    case Action::reopen:
    case Action::close:
    case Action::cancel:
    case Action::major:
    case Action::major_withdraw:
    case Action::link:
    case Action::relate:
    case Action::unlink:
    case Action::link_child:
    case Action::unlink_child:
    case Action::postmortem:
        return;
    }
}

bool required(Kind kind)
{
    return kind == Kind::str || kind == Kind::id || kind == Kind::person || kind == Kind::changes ||
           kind == Kind::record;
}

// --- Encoding ---------------------------------------------------------------------------
// Into a JsonTree or a JsonText (json_writer.hpp): the same keys in the same order.

template <class B> void write_sla(B& out, const Event& e)
{
    out.begin_object();
    out.key("response_seconds");
    encode::integer(out, e.sla_response);
    out.key("resolution_seconds");
    encode::integer(out, e.sla_resolution);
    out.end_object();
}

template <class B> void write_changes(B& out, const std::vector<Change>& changes)
{
    out.begin_object();
    for (const Change& c : changes) {
        out.key(c.key);
        out.begin_object();
        out.key("from");
        encode::field(out, c.from);
        out.key("to");
        encode::field(out, c.to);
        out.end_object();
    }
    out.end_object();
}

// A text key: "" when unset if required, absent if optional, null if always written.
template <class B> void write_text(B& out, const Key& k, const OptString& v)
{
    const bool always = k.kind == Kind::str || k.kind == Kind::text || k.kind == Kind::id;
    if (always || k.kind == Kind::null_str || k.kind == Kind::null_id) {
        out.key(k.name);
        if (always) {
            out.string(v.value_or(""));
        } else {
            encode::text(out, v);
        }
    } else if (v) {
        out.key(k.name);
        out.string(*v);
    }
}

template <class B> void write(B& out, const Event& e, const Key& k)
{
    const char* key = k.name;
    switch (k.kind) {
    case Kind::str:
    case Kind::text:
    case Kind::id:
    case Kind::opt_str:
    case Kind::opt_id:
    case Kind::null_str:
    case Kind::null_id:
        write_text(out, k, get_text(e, k.member));
        return;
    case Kind::opt_bool:
        if (const auto& v = e.*std::get<std::optional<bool> Event::*>(k.member)) {
            out.key(key);
            out.boolean(*v);
        }
        return;
    case Kind::null_score:
        out.key(key);
        encode::integer(out, e.*std::get<std::optional<int> Event::*>(k.member));
        return;
    case Kind::opt_seconds:
        if (const auto& v = e.*std::get<std::optional<Duration> Event::*>(k.member)) {
            out.key(key);
            out.integer(*v);
        }
        return;
    case Kind::person:
        out.key(key);
        encode::person(out, e.*std::get<Person Event::*>(k.member));
        return;
    case Kind::opt_person:
        if (const auto& v = e.*std::get<std::optional<Person> Event::*>(k.member)) {
            out.key(key);
            encode::person(out, *v);
        }
        return;
    case Kind::sla:
        if (e.sla_response || e.sla_resolution) {
            out.key(key);
            write_sla(out, e);
        }
        return;
    case Kind::levels:
        if (const auto& v = e.*std::get<std::vector<std::string> Event::*>(k.member); !v.empty()) {
            out.key(key);
            out.begin_array();
            for (const std::string& level : v) {
                out.string(level);
            }
            out.end_array();
        }
        return;
    case Kind::changes:
        out.key(key);
        write_changes(out, e.*std::get<std::vector<Change> Event::*>(k.member));
        return;
    case Kind::fields:
        if (const Fields& fields = e.*std::get<Fields Event::*>(k.member); !fields.empty()) {
            out.key(key);
            encode::fields(out, fields);
        }
        return;
    case Kind::source:
        if (const auto& s = e.*std::get<std::optional<Source> Event::*>(k.member)) {
            out.key(key);
            encode::source(out, *s);
        }
        return;
    case Kind::record:
        out.key(key);
        out.string(record_key(*(e.*std::get<std::optional<Record> Event::*>(k.member))));
        return;
    }
}

template <class B> void encode_to(B& out, const Event& e)
{
    out.begin_object();
    out.key("at");
    out.string(format_rfc3339(e.at));
    out.key("by");
    out.string(e.by);
    out.key("action");
    out.string(action_name(e.action));
    for (const Key& k : row_of(e.action).keys) {
        write(out, e, k);
    }
    for (const auto& [key, value] : e.unknown.items()) {
        out.key(key);
        out.json(value);
    }
    if (e.implied) {
        out.key("implied");
        out.boolean(true);
    }
    if (e.rejected) {
        out.key("rejected");
        out.string(*e.rejected);
    }
    out.end_object();
}

} // namespace

std::string_view action_name(Action action) { return row_of(action).name; }

const std::vector<std::string>& action_names()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const Row& row : k_rows) {
            if (std::find(out.begin(), out.end(), row.name) == out.end()) {
                out.emplace_back(row.name);
            }
        }
        return out;
    }();
    return names;
}

std::string_view record_key(Record record) { return k_records[static_cast<std::size_t>(record)]; }

bool Person::matches(std::string_view who) const
{
    return !who.empty() && (iequals(name, who) || (contact && iequals(*contact, who)));
}

std::string field_text(const FieldValue& value)
{
    return std::holds_alternative<std::string>(value) ? std::get<std::string>(value)
                                                       : std::to_string(std::get<std::int64_t>(value));
}

namespace {

template <class V> Event decode_with(const V& object)
{
    if (!object.is_object()) {
        fail_invalid("not an object");
    }
    const auto action = object.find("action");
    if (!action || !action->is_string()) {
        fail_invalid("event '?' has no string 'action'");
    }
    const std::string name(action->text());
    Event e;
    e.action = classify(name, object);
    const Decoder<V> d(name);
    const Row& row = row_of(e.action);
    std::vector<bool> seen(row.keys.size(), false);
    bool has_at = false, has_by = false;
    object.members([&](std::string_view key, const V& value) {
        if (key == "action") {
            return;
        }
        if (key == "at") {
            const std::string at = d.string(value, "at");
            const auto t = parse_rfc3339(at);
            // Files hold UTC, whole seconds, 'Z': exactly what format_rfc3339 writes.
            if (!t || format_rfc3339(*t) != at) {
                fail_invalid("event has an invalid time '" + printable(at) +
                             "' (expected UTC from 1970 to 9999 like 2026-11-21T09:30:00Z)");
            }
            e.at = *t;
            has_at = true;
        } else if (key == "by") {
            e.by = d.string(value, "by");
            has_by = true;
        } else if (key == "implied") {
            e.implied = d.boolean(value, "implied");
        } else if (key == "rejected") {
            e.rejected = d.string(value, "rejected");
        } else {
            const auto k = std::find_if(row.keys.begin(), row.keys.end(), [&](const Key& r) { return key == r.name; });
            if (k == row.keys.end()) {
                e.unknown[std::string(key)] = value.json(); // a newer itk's key: kept, written back
            } else {
                d.read(e, *k, value);
                seen[static_cast<std::size_t>(k - row.keys.begin())] = true;
            }
        }
    });
    if (!has_at) {
        d.missing("at", "string ");
    }
    if (!has_by) {
        d.missing("by", "string ");
    }
    for (std::size_t i = 0; i < row.keys.size(); ++i) {
        if (!seen[i] && required(row.keys[i].kind)) {
            const Kind kind = row.keys[i].kind;
            d.missing(row.keys[i].name, kind == Kind::person || kind == Kind::changes ? "object " : "string ");
        }
    }
    // Unknown keys in key order, so that the bytes do not depend on who wrote the file.
    if (!e.unknown.empty()) {
        e.unknown = sorted_keys(e.unknown);
    }
    check_values(e, d);
    return e;
}

} // namespace

Event decode_event(const Json& object) { return decode_with(JsonView(object)); }

Event decode_event(const DomView& object) { return decode_with(object); }

Json encode_event(const Event& e)
{
    JsonTree tree;
    encode_to(tree, e);
    return tree.take();
}

void encode_event(JsonText& out, const Event& e) { encode_to(out, e); }
void encode_event(JsonTree& out, const Event& e) { encode_to(out, e); }

Json sorted_keys(const Json& object)
{
    std::vector<std::string> keys;
    for (const auto& item : object.items()) {
        keys.push_back(item.key());
    }
    std::sort(keys.begin(), keys.end());
    Json out = Json::object();
    for (const std::string& k : keys) {
        out[k] = object.at(k);
    }
    return out;
}

const std::vector<std::string>& channels() { return k_channels; }
const std::vector<std::string>& ticket_types() { return k_types; }
const std::vector<std::string>& resolution_kinds() { return k_kinds; }
const std::vector<std::string>& audiences() { return k_audiences; }
const std::vector<std::string>& awaiting_kinds() { return k_awaiting; }

bool is_id_syntax(std::string_view text)
{
    return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

} // namespace itk
