#pragma once
// The events of a ticket (SPEC §5), typed. Each action is a row of one table (event.cpp) that
// names its keys, their types and whether they may be absent, in the order files hold them:
// decoding checks an event against its row, encoding writes the row's keys in that order and
// then the keys this version does not know, so that the bytes of a ticket depend only on its
// content, whatever key order or spacing another tool left.

#include "itk/timeutil.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace itk {

using Json = nlohmann::ordered_json;
using OptString = std::optional<std::string>;

/// What an event does: one row of the event table and one of the lifecycle table. A file
/// spells some of them alike (a `categorize` to a request is a redirect; an `assign` without
/// an owner routes to a queue; a `link` to a problem relates the incident to it).
enum class Action : std::uint8_t {
    open,
    categorize,
    redirect,
    edit,
    prioritize,
    assign,
    route,
    unassign,
    note,
    escalate,
    escalate_hierarchical,
    coordinate,
    hold,
    resume,
    resolve,
    resolve_by_parent,
    reopen,
    close,
    cancel,
    major,
    major_withdraw,
    major_update,
    link,
    relate,
    unlink,
    link_child,
    unlink_child,
    postmortem,
};
inline constexpr std::size_t k_action_count = static_cast<std::size_t>(Action::postmortem) + 1;

/// How a file spells an action (`"action": "categorize"` for Action::redirect too).
std::string_view action_name(Action action);
/// The actions a file may name, for messages.
const std::vector<std::string>& action_names();

/// Someone who calls or is concerned (step 1: "qui appelle ? qui est concerné ?").
struct Person {
    std::string name;
    OptString contact;
    /// Matches a name or a contact, case-insensitively (SPEC §3).
    bool matches(std::string_view who) const;
    bool operator==(const Person&) const = default;
};

/// The value of a custom field (SPEC §6 `[fields]`): a string (also an enum's value) or an integer.
using FieldValue = std::variant<std::string, std::int64_t>;
using Fields = std::map<std::string, FieldValue>;
/// A field value as text, for output and `--where`.
std::string field_text(const FieldValue& value);

/// One correction of an `edit` event: a key of the ticket (`title`, `fields.location`…).
struct Change {
    std::string key;
    std::optional<FieldValue> from, to; ///< nullopt: null
    bool operator==(const Change&) const = default;
};

/// Where an imported ticket comes from (SPEC §13).
struct Source {
    std::string system, number;
    bool operator==(const Source&) const = default;
};

/// The numbers of other practices' records an incident is related to (`link --problem`).
enum class Record : std::uint8_t { problem, change, caused_by };
std::string_view record_key(Record record);

/// One event. Which members an action uses, and under which keys, is the event table's row.
struct Event {
    Time at = 0;
    std::string by;
    Action action = Action::note;
    bool implied = false; ///< a step an import recorded because the source skipped it
    OptString rejected;   ///< why the rules refused it at its place (a merge, an import)
    Json unknown = Json::object(); ///< keys this version does not know, in key order

    // Registration (open).
    std::string id, title, description;
    Person caller;
    std::optional<Person> affected;
    OptString channel, service, dedup, follows, follows_status;
    Fields fields;
    std::optional<Source> source;
    // Routing (open, assign, route, escalate): the level and group reached, the owner.
    OptString level, group, owner, from_level;
    std::vector<std::string> levels; ///< the ordered levels, for the replay to check "above"
    // Categorisation.
    OptString type, category, subcategory, ref;
    // Prioritisation.
    OptString impact, urgency, priority;
    std::optional<Duration> sla_response, sla_resolution;
    std::optional<bool> coordination_required, declares_major;
    // Correction of the registration.
    std::vector<Change> changes;
    // Waiting.
    OptString awaiting;
    std::optional<bool> pauses; ///< whether this hold stops the SLA clocks ([hold] pauses)
    // Words: why, what was said, what was done.
    OptString reason, text, message, audience, solution, kind, code, comment;
    std::optional<bool> is_public;
    // Resolution and closure.
    OptString parent, child, confirmed_by, duplicate_of, coordinator, manager, path;
    std::optional<int> satisfaction;
    std::optional<bool> unconfirmed;
    std::optional<Duration> after;
    // Relation to another practice's record.
    std::optional<Record> record;
    OptString number, previous;
};

/// Decodes one event object. invalid_data "event 'ACTION' has a bad 'KEY' (expected …)" or
/// "… has no 'KEY'" when it does not fit its row; an unknown action is invalid too.
Event decode_event(const Json& object);
/// Encodes an event: its row's keys in order, then the unknown ones, then the marks.
Json encode_event(const Event& event);
class JsonText;
class JsonTree;
/// The same, written into a ticket's JSON as it is built (json_writer.hpp).
void encode_event(JsonText& out, const Event& event);
void encode_event(JsonTree& out, const Event& event);

/// An object with its keys in key order, their values untouched (unknown keys are written so,
/// whatever order another tool left).
Json sorted_keys(const Json& object);

/// Valid values of enumerated event fields, for validation and completion.
const std::vector<std::string>& channels();
const std::vector<std::string>& ticket_types();
const std::vector<std::string>& resolution_kinds();
const std::vector<std::string>& audiences();
const std::vector<std::string>& awaiting_kinds();

/// Whether a string can be a ticket ID, hence a file's stem: letters, digits, '-', '_'
/// (never a path, wherever it comes from: an argument or a file).
bool is_id_syntax(std::string_view text);

} // namespace itk
