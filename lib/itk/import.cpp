#include "itk/import.hpp"

#include "itk/csv.hpp"
#include "itk/error.hpp"
#include "itk/git.hpp"
#include "itk/merge.hpp"
#include "itk/json_reader.hpp"
#include "itk/lifecycle.hpp"
#include "itk/source_time.hpp"
#include "itk/text.hpp"
#include "itk/ticket_file.hpp"

#include <algorithm>
#include <set>

#include <toml++/toml.h>

namespace itk {

namespace {

// --- The map --------------------------------------------------------------------------

const std::vector<std::string> k_map_keys = {"system", "timezone", "date_format", "resolution_kind", "close_after",
                                             "columns", "values", "fields"};

// ServiceNow's own column names (SPEC §13), which a map may rename.
const std::map<std::string, std::string> k_servicenow_columns = {
    {"number", "number"},           {"state", "incident_state"},   {"updated_at", "sys_updated_at"},
    {"updated_by", "sys_updated_by"}, {"mod_count", "sys_mod_count"}, {"opened_at", "opened_at"},
    {"opened_by", "opened_by"},     {"caller", "caller_id"},       {"channel", "contact_type"},
    {"category", "category"},       {"subcategory", "subcategory"}, {"impact", "impact"},
    {"urgency", "urgency"},         {"group", "assignment_group"}, {"owner", "assigned_to"},
    {"reopen_count", "reopen_count"}, {"problem", "problem_id"},   {"change", "rfc"},
    {"caused_by", "caused_by"},     {"code", "closed_code"},       {"resolved_by", "resolved_by"},
    {"title", "short_description"}, {"description", "description"},
};

[[noreturn]] void map_error(const std::string& path, const toml::source_region& where, const std::string& what)
{
    fail_invalid(path + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column) + ": " + what);
}

std::string map_string(const std::string& path, const toml::node& n, const std::string& key)
{
    if (!n.is_string()) {
        map_error(path, n.source(), "'" + key + "' must be a string");
    }
    return n.as_string()->get();
}

std::map<std::string, std::string> map_table(const std::string& path, const toml::node& n, const std::string& key)
{
    if (!n.is_table()) {
        map_error(path, n.source(), "'" + key + "' must be a table of strings");
    }
    std::map<std::string, std::string> out;
    for (auto&& [k, v] : *n.as_table()) {
        out[std::string(k.str())] = map_string(path, v, key + "." + std::string(k.str()));
    }
    return out;
}

// --- Reading source values --------------------------------------------------------------

// `?` or empty: no value, as ServiceNow exports it.
OptString value(const std::string& s)
{
    if (s.empty() || s == "?") {
        return std::nullopt;
    }
    return s;
}

// A source's level ("1 - High", "High") mapped to the config's: the map's values, else the
// leading number (1 = the most severe), else the same name.
std::string level_value(const std::string& raw, const std::vector<std::string>& levels, const ImportMap& map,
                        const std::string& what, const std::string& where)
{
    if (const auto m = map.values.find(what); m != map.values.end()) {
        if (const auto v = m->second.find(raw); v != m->second.end()) {
            return v->second;
        }
    }
    if (!raw.empty() && raw[0] >= '1' && raw[0] <= '9') {
        const std::size_t n = static_cast<std::size_t>(raw[0] - '0');
        if (n <= levels.size()) {
            return levels[n - 1];
        }
    }
    const std::string low = to_lower(raw);
    for (const std::string& l : levels) {
        if (to_lower(l) == low) {
            return l;
        }
    }
    fail_invalid(where + ": " + what + " '" + raw + "' is not a level of the config; map it in [values." + what + "]");
}

const std::map<std::string, std::string> k_channels_by_name = {
    {"phone", "phone"}, {"email", "email"}, {"e-mail", "email"}, {"self-service", "portal"}, {"portal", "portal"},
    {"web", "portal"},  {"chat", "chat"},   {"walk-in", "walk-in"}, {"monitoring", "monitoring"}, {"direct", "walk-in"},
};

OptString channel_value(const OptString& raw, const ImportMap& map)
{
    if (!raw) {
        return std::nullopt;
    }
    if (const auto m = map.values.find("channel"); m != map.values.end()) {
        if (const auto v = m->second.find(*raw); v != m->second.end()) {
            return v->second;
        }
    }
    const auto it = k_channels_by_name.find(to_lower(*raw));
    return it == k_channels_by_name.end() ? OptString() : OptString(it->second);
}

// The state of a source ticket, in itk's terms: a status, and for a hold what it awaits.
struct SourceState {
    Status status = Status::fresh;
    OptString awaiting;
    std::string name; ///< the source's own word, for hold reasons
};

const std::map<std::string, std::pair<Status, const char*>> k_servicenow_states = {
    {"New", {Status::fresh, nullptr}},
    {"Active", {Status::in_progress, nullptr}},
    {"In Progress", {Status::in_progress, nullptr}},
    {"On Hold", {Status::on_hold, "other"}},
    {"Awaiting User Info", {Status::on_hold, "user"}},
    {"Awaiting Caller", {Status::on_hold, "user"}},
    {"Awaiting Vendor", {Status::on_hold, "vendor"}},
    {"Awaiting Problem", {Status::on_hold, "problem"}},
    {"Awaiting Change", {Status::on_hold, "change"}},
    {"Awaiting Evidence", {Status::on_hold, "evidence"}},
    {"Resolved", {Status::resolved, nullptr}},
    {"Closed", {Status::closed, nullptr}},
    {"Canceled", {Status::cancelled, nullptr}},
    {"Cancelled", {Status::cancelled, nullptr}},
};

// A state word: the map's [values.status] ("Pending" = "on_hold:vendor"), else ServiceNow's.
SourceState state_value(const std::string& raw, const ImportMap& map, const std::string& where)
{
    SourceState s;
    s.name = raw;
    if (const auto m = map.values.find("status"); m != map.values.end()) {
        if (const auto v = m->second.find(raw); v != m->second.end()) {
            const std::string& spec = v->second;
            const std::size_t colon = spec.find(':');
            const auto st = parse_status(spec.substr(0, colon));
            if (!st || *st == Status::redirected) {
                fail_invalid(where + ": [values.status] maps '" + raw + "' to '" + spec +
                             "': expected new, in_progress, on_hold[:KIND], resolved, closed or cancelled");
            }
            s.status = *st;
            if (*st == Status::on_hold) {
                s.awaiting = colon == std::string::npos ? std::string("other") : spec.substr(colon + 1);
            }
            return s;
        }
    }
    const auto it = k_servicenow_states.find(raw);
    if (it == k_servicenow_states.end()) {
        fail_invalid(where + ": unknown state '" + raw + "'; map it in [values.status] (e.g. \"" + raw +
                     "\" = \"on_hold:vendor\")");
    }
    s.status = it->second.first;
    if (it->second.second != nullptr) {
        s.awaiting = it->second.second;
    }
    return s;
}

// One row of a source, with the map's names.
class Row {
public:
    Row(const CsvTable& table, const CsvRecord& record, const ImportMap& map, const std::string& path)
        : m_table(table), m_record(record), m_map(map), m_where(path + ":" + std::to_string(record.line))
    {
    }
    const std::string& where() const { return m_where; }
    /// The cell of an itk name (mapped to a column), or of a column by its own name.
    OptString get(const std::string& name) const
    {
        const auto c = m_map.columns.find(name);
        const std::size_t i = m_table.column(c == m_map.columns.end() ? name : c->second);
        return i == std::string::npos ? OptString() : value(m_record.fields[i]);
    }
    std::string need(const std::string& name) const
    {
        const OptString v = get(name);
        if (!v) {
            const auto c = m_map.columns.find(name);
            fail_invalid(m_where + ": no value in column '" + (c == m_map.columns.end() ? name : c->second) + "'");
        }
        return *v;
    }
    Time time(const std::string& name, const TimeZone& zone) const
    {
        const std::string raw = need(name);
        const auto t = parse_source_date(raw, m_map.date_format, zone);
        if (!t) {
            fail_invalid(m_where + ": invalid date '" + raw + "' in column '" + column_of(name) + "' (expected " +
                         (m_map.date_format.empty() ? std::string("RFC 3339") : m_map.date_format) + ")");
        }
        return *t;
    }
    std::optional<Time> opt_time(const std::string& name, const TimeZone& zone) const
    {
        return get(name) ? std::optional<Time>(time(name, zone)) : std::nullopt;
    }

private:
    std::string column_of(const std::string& name) const
    {
        const auto c = m_map.columns.find(name);
        return c == m_map.columns.end() ? name : c->second;
    }
    const CsvTable& m_table;
    const CsvRecord& m_record;
    const ImportMap& m_map;
    std::string m_where;
};

Event at_by(Action action, Time at, const std::string& by)
{
    Event e;
    e.action = action;
    e.at = at;
    e.by = by;
    return e;
}

// The custom fields a row sets, by the map's [fields] (source column -> field).
Fields row_fields(const Row& row, const ImportMap& map, const Config& config)
{
    Fields out;
    for (const auto& [column, field] : map.fields) {
        const FieldSpec* spec = config.field(field);
        if (spec == nullptr) {
            fail_invalid(row.where() + ": the map sends column '" + column + "' to field '" + field +
                         "', which [fields] of itk.toml does not declare");
        }
        if (const OptString v = row.get(column)) {
            if (spec->type == FieldSpec::Type::integer) {
                try {
                    out[field] = static_cast<std::int64_t>(std::stoll(*v));
                } catch (const std::exception&) {
                    fail_invalid(row.where() + ": '" + *v + "' in column '" + column + "' is not an integer");
                }
            } else {
                out[field] = *v;
            }
        }
    }
    return out;
}

// An imported prioritisation records what the config derives (priority, SLA, coordination)
// but declares no major incident: the source did not run itk's crisis procedure, and says
// so itself when it did (a `major` column).
Event prioritize_event(Time at, const std::string& by, const std::string& impact, const std::string& urgency,
                       const Config& cfg)
{
    Event e = at_by(Action::prioritize, at, by);
    e.impact = impact;
    e.urgency = urgency;
    e.priority = cfg.priority_for(impact, urgency);
    const SlaTarget& sla = cfg.sla.at(*e.priority);
    e.sla_response = sla.response;
    e.sla_resolution = sla.resolution;
    e.coordination_required = cfg.needs_coordinator(*e.priority);
    return e;
}

// A `major` column's word: true, yes, 1.
bool truthy(const OptString& v)
{
    const std::string w = to_lower(v.value_or(""));
    return w == "true" || w == "yes" || w == "1" || w == "y";
}

// --- ServiceNow: a row per update -------------------------------------------------------

class ServiceNowReader {
public:
    ServiceNowReader(const CsvTable& table, const ImportMap& map, const Config& config, const std::string& path)
        : m_table(table), m_map(map), m_config(config), m_path(path), m_zone(map.timezone)
    {
    }

    std::vector<SourceTicket> read()
    {
        // Each incident's rows, in update order (sys_updated_at, then sys_mod_count).
        std::map<std::string, std::vector<const CsvRecord*>> by_number;
        std::vector<std::string> order;
        struct Key {
            Time at;
            long mod;
            std::size_t line;
        };
        std::map<const CsvRecord*, Key> keys;
        for (const CsvRecord& rec : m_table.records) {
            const Row row(m_table, rec, m_map, m_path);
            const std::string number = row.need("number");
            long mod = 0;
            try {
                mod = std::stol(row.get("mod_count").value_or("0"));
            } catch (const std::exception&) {
                fail_invalid(row.where() + ": sys_mod_count '" + *row.get("mod_count") + "' is not a number");
            }
            keys[&rec] = Key{row.time("updated_at", m_zone), mod, rec.line};
            // Every date of every row is read, the ones that only the first row uses too: a
            // bad cell anywhere refuses the file before anything is written.
            for (const char* date : {"opened_at", "resolved_at", "closed_at"}) {
                row.opt_time(date, m_zone);
            }
            auto& rows = by_number[number];
            if (rows.empty()) {
                order.push_back(number);
            }
            rows.push_back(&rec);
        }
        std::vector<SourceTicket> out;
        for (const std::string& number : order) {
            auto& rows = by_number[number];
            std::stable_sort(rows.begin(), rows.end(), [&](const CsvRecord* a, const CsvRecord* b) {
                return std::tie(keys[a].at, keys[a].mod) < std::tie(keys[b].at, keys[b].mod);
            });
            out.push_back(incident(number, rows));
        }
        return out;
    }

private:
    SourceTicket incident(const std::string& number, const std::vector<const CsvRecord*>& records)
    {
        SourceTicket t;
        t.source = Source{m_map.system, number};
        t.line = records.front()->line;
        const Row first(m_table, *records.front(), m_map, m_path);
        opening(t, first);
        for (std::size_t i = 0; i < records.size(); ++i) {
            const Row row(m_table, *records[i], m_map, m_path);
            const std::optional<Row> before =
                i == 0 ? std::nullopt : std::optional<Row>(Row(m_table, *records[i - 1], m_map, m_path));
            update(t, before, row);
        }
        return t;
    }

    // The first row: the ticket is opened at opened_at, categorised and prioritised.
    void opening(SourceTicket& t, const Row& row)
    {
        const Time at = row.time("opened_at", m_zone);
        const std::string by = row.get("opened_by").value_or(m_map.system);
        Event open = at_by(Action::open, at, by);
        open.title = row.get("title").value_or(t.source->number + ": " + row.get("category").value_or("incident") +
                                               (row.get("subcategory") ? " / " + *row.get("subcategory") : ""));
        open.description = row.get("description").value_or("");
        open.caller = Person{row.get("caller").value_or("unknown"), std::nullopt};
        open.channel = channel_value(row.get("channel"), m_map);
        open.group = row.get("group");
        open.level = open.group ? m_config.level_of_group(*open.group).value_or(m_config.levels.front())
                                : m_config.levels.front();
        open.fields = row_fields(row, m_map, m_config);
        open.source = t.source;
        t.events.push_back(open);
        Event cat = at_by(Action::categorize, at, by);
        cat.type = "incident";
        cat.category = row.get("category");
        cat.subcategory = row.get("subcategory");
        t.events.push_back(cat);
        t.events.push_back(prioritize_event(at, by, level(row, "impact"), level(row, "urgency"), m_config));
    }

    std::string level(const Row& row, const std::string& what)
    {
        return level_value(row.need(what), what == "impact" ? m_config.impact : m_config.urgency, m_map, what,
                           row.where());
    }

    // What a row changed since the row before (the first row: since the opening).
    void update(SourceTicket& t, const std::optional<Row>& before, const Row& row)
    {
        // An update dated before the last event (one row of the sample, before its opened_at)
        // is recorded at that event's time: a history only moves forward.
        const Time at = std::max(row.time("updated_at", m_zone), t.events.back().at);
        const std::string by = row.get("updated_by").value_or(m_map.system);
        const SourceState was = before ? state_value(before->need("state"), m_map, before->where()) : SourceState{};
        const SourceState now = state_value(row.need("state"), m_map, row.where());
        const auto changed = [&](const char* name) { return before && before->get(name) != row.get(name); };
        const auto emit = [&](Event e) { t.events.push_back(std::move(e)); };
        const bool leaving_resolution = (was.status == Status::resolved || was.status == Status::closed) &&
                                        is_working(now.status);
        const auto reopens = [&] {
            const auto count = [&](const Row& r) { return std::atol(r.get("reopen_count").value_or("0").c_str()); };
            return before && count(row) > count(*before);
        };
        if (leaving_resolution || (reopens() && was.status == Status::resolved)) {
            Event e = at_by(Action::reopen, at, by);
            e.reason = "reopened in " + m_map.system;
            emit(e);
        }
        if (changed("category") || changed("subcategory")) {
            Event e = at_by(Action::categorize, at, by);
            e.type = "incident";
            e.category = row.get("category");
            e.subcategory = row.get("subcategory");
            emit(e);
        }
        if (changed("impact") || changed("urgency")) {
            emit(prioritize_event(at, by, level(row, "impact"), level(row, "urgency"), m_config));
        }
        major_change(t, at, by, before, row);
        for (const auto& [name, record] :
             {std::pair{"problem", Record::problem}, std::pair{"change", Record::change}, std::pair{"caused_by", Record::caused_by}}) {
            if ((before ? before->get(name) : OptString()) != row.get(name) && row.get(name)) {
                Event e = at_by(Action::relate, at, by);
                e.record = record;
                e.number = row.get(name);
                emit(e);
            }
        }
        if (before) {
            field_changes(t, at, by, *before, row);
        }
        routing(t, at, by, before, row);
        transition(t, at, by, was, now, row);
    }

    // A `major` column (mapped) that turns true declares a major incident; false withdraws it.
    void major_change(SourceTicket& t, Time at, const std::string& by, const std::optional<Row>& before, const Row& row)
    {
        const bool was = before && truthy(before->get("major"));
        const bool now = truthy(row.get("major"));
        if (now != was) {
            Event e = at_by(now ? Action::major : Action::major_withdraw, at, by);
            e.reason = now ? "major incident in " + m_map.system : "no longer a major incident in " + m_map.system;
            t.events.push_back(e);
        }
    }

    void field_changes(SourceTicket& t, Time at, const std::string& by, const Row& before, const Row& row)
    {
        const Fields old_fields = row_fields(before, m_map, m_config);
        const Fields new_fields = row_fields(row, m_map, m_config);
        if (old_fields == new_fields) {
            return;
        }
        Event e = at_by(Action::edit, at, by);
        std::set<std::string> names;
        for (const auto& [k, v] : old_fields) {
            names.insert(k);
        }
        for (const auto& [k, v] : new_fields) {
            names.insert(k);
        }
        for (const std::string& name : names) {
            const auto o = old_fields.find(name);
            const auto n = new_fields.find(name);
            const std::optional<FieldValue> from = o == old_fields.end() ? std::nullopt : std::optional(o->second);
            const std::optional<FieldValue> to = n == new_fields.end() ? std::nullopt : std::optional(n->second);
            if (from != to) {
                e.changes.push_back(Change{"fields." + name, from, to});
            }
        }
        t.events.push_back(e);
    }

    // assignment_group -> assign --group (or out of every queue when it empties), assigned_to ->
    // assign --to (or unassign when it empties).
    void routing(SourceTicket& t, Time at, const std::string& by, const std::optional<Row>& before, const Row& row)
    {
        const OptString group = row.get("group");
        const OptString owner = row.get("owner");
        const bool group_changed = before ? before->get("group") != group : false;
        const bool owner_changed = before ? before->get("owner") != owner : owner.has_value();
        if (!group_changed && !owner_changed) {
            return;
        }
        if (group_changed && !group) {
            // Emptied: out of every queue (which clears the owner too), then the owner again.
            t.events.push_back(at_by(Action::route, at, by));
            if (owner) {
                Event e = at_by(Action::assign, at, by);
                e.owner = owner;
                t.events.push_back(e);
            }
            return;
        }
        if (owner_changed && !owner) {
            t.events.push_back(at_by(Action::unassign, at, by));
        }
        if (owner && (owner_changed || group_changed)) {
            Event e = at_by(Action::assign, at, by);
            e.owner = owner;
            if (group_changed && group) {
                e.group = group;
                level_of(e, *group);
            }
            t.events.push_back(e);
        } else if (group_changed && group) {
            Event e = at_by(Action::route, at, by);
            e.group = group;
            level_of(e, *group);
            t.events.push_back(e);
        }
    }

    void level_of(Event& e, const std::string& group)
    {
        if (const auto level = m_config.level_of_group(group)) {
            e.level = *level;
            e.levels = m_config.levels;
        }
    }

    void transition(SourceTicket& t, Time at, const std::string& by, const SourceState& was, const SourceState& now,
                    const Row& row)
    {
        if (now.status == Status::on_hold && (was.status != Status::on_hold || was.awaiting != now.awaiting)) {
            Event e = at_by(Action::hold, at, by);
            e.reason = now.name;
            e.awaiting = now.awaiting;
            e.pauses = m_config.pauses(now.awaiting.value_or("other"));
            t.events.push_back(e);
        } else if (was.status == Status::on_hold && (now.status == Status::fresh || now.status == Status::in_progress)) {
            t.events.push_back(at_by(Action::resume, at, by));
        }
        const bool resolved_before = was.status == Status::resolved || was.status == Status::closed;
        if ((now.status == Status::resolved || now.status == Status::closed) && !resolved_before &&
            now.status == Status::resolved) {
            Event e = at_by(Action::resolve, at, row.get("resolved_by").value_or(by));
            e.kind = m_map.resolution_kind;
            e.code = row.get("code");
            e.solution = row.get("solution").value_or("");
            t.events.push_back(e);
        }
        if (now.status == Status::closed && was.status != Status::closed) {
            Event e = at_by(Action::close, at, by);
            e.unconfirmed = true;
            e.after = m_map.close_after;
            t.events.push_back(e);
        }
        if (now.status == Status::cancelled && was.status != Status::cancelled) {
            Event e = at_by(Action::cancel, at, by);
            e.reason = "cancelled in " + m_map.system;
            t.events.push_back(e);
        }
    }

    const CsvTable& m_table;
    const ImportMap& m_map;
    const Config& m_config;
    const std::string& m_path;
    TimeZone m_zone;
};

// --- CSV: a row per ticket ----------------------------------------------------------------

// The impact and urgency of a priority: the first cell of the matrix that gives it.
std::pair<std::string, std::string> cell_of(const Config& cfg, const std::string& priority, const std::string& where)
{
    for (std::size_t i = 0; i < cfg.impact.size(); ++i) {
        for (std::size_t u = 0; u < cfg.urgency.size(); ++u) {
            if (cfg.matrix[i][u] == priority) {
                return {cfg.impact[i], cfg.urgency[u]};
            }
        }
    }
    fail_invalid(where + ": priority '" + priority + "' is in no cell of the matrix");
}

SourceTicket csv_ticket(const Row& row, const ImportMap& map, const Config& cfg, const TimeZone& zone,
                        const std::string& importer)
{
    SourceTicket t;
    t.source = Source{map.system, row.need("id")};
    const Time opened = row.time("opened_at", zone);
    const std::string owner = row.get("owner").value_or(importer);
    Event open = at_by(Action::open, opened, row.get("opened_by").value_or(row.get("caller").value_or(importer)));
    open.title = row.need("title");
    open.description = row.get("description").value_or("");
    open.caller = Person{row.need("caller"), row.get("contact")};
    open.channel = channel_value(row.get("channel"), map);
    open.service = row.get("service");
    open.level = cfg.levels.front();
    const std::string desk = cfg.group_of(*open.level);
    open.group = desk.empty() ? OptString() : OptString(desk);
    open.fields = row_fields(row, map, cfg);
    open.source = t.source;
    const std::string by = open.by;
    t.events.push_back(open);
    Event cat = at_by(Action::categorize, opened, by);
    cat.type = "incident";
    cat.category = row.get("category");
    cat.subcategory = row.get("subcategory");
    t.events.push_back(cat);
    std::pair<std::string, std::string> iu;
    if (row.get("impact") && row.get("urgency")) {
        iu = {level_value(*row.get("impact"), cfg.impact, map, "impact", row.where()),
              level_value(*row.get("urgency"), cfg.urgency, map, "urgency", row.where())};
    } else if (row.get("priority")) {
        iu = cell_of(cfg, level_value(*row.get("priority"), cfg.priorities, map, "priority", row.where()), row.where());
    }
    if (!iu.first.empty()) {
        t.events.push_back(prioritize_event(opened, by, iu.first, iu.second, cfg));
    }
    const SourceState state = row.get("status") ? state_value(*row.get("status"), map, row.where()) : SourceState{};
    const std::optional<Time> resolved = row.opt_time("resolved_at", zone);
    const std::optional<Time> closed = row.opt_time("closed_at", zone);
    const std::optional<Time> updated = row.opt_time("updated_at", zone);
    if (row.get("owner") || row.get("group")) {
        const Time at = row.opt_time("assigned_at", zone).value_or(opened);
        Event e = at_by(row.get("owner") ? Action::assign : Action::route, at, by);
        e.owner = row.get("owner");
        if (row.get("group") && row.get("group") != open.group) {
            e.group = row.get("group");
            if (const auto level = cfg.level_of_group(*e.group)) {
                e.level = *level;
                e.levels = cfg.levels;
            }
        }
        if (e.owner || e.group) {
            t.events.push_back(e);
        }
    }
    if (state.status == Status::on_hold) {
        Event e = at_by(Action::hold, updated.value_or(t.events.back().at), by);
        e.reason = state.name;
        e.awaiting = state.awaiting;
        e.pauses = cfg.pauses(state.awaiting.value_or("other"));
        t.events.push_back(e);
    }
    if (resolved || state.status == Status::resolved) {
        Event e = at_by(Action::resolve, resolved.value_or(updated.value_or(t.events.back().at)), owner);
        e.kind = map.resolution_kind;
        e.code = row.get("code");
        e.solution = row.get("solution").value_or("");
        t.events.push_back(e);
    }
    if (closed || state.status == Status::closed) {
        Event e = at_by(Action::close, closed.value_or(updated.value_or(t.events.back().at)), owner);
        e.unconfirmed = true;
        e.after = map.close_after;
        t.events.push_back(e);
    }
    if (state.status == Status::cancelled) {
        Event e = at_by(Action::cancel, closed.value_or(updated.value_or(t.events.back().at)), by);
        e.reason = "cancelled in " + map.system;
        t.events.push_back(e);
    }
    // Dates out of order in a spreadsheet (resolved before assigned): a history only moves forward.
    for (std::size_t i = 1; i < t.events.size(); ++i) {
        t.events[i].at = std::max(t.events[i].at, t.events[i - 1].at);
    }
    return t;
}

// --- NDJSON: itk's own export -------------------------------------------------------------

std::vector<SourceTicket> read_ndjson(std::string_view text, const std::string& path)
{
    std::vector<SourceTicket> out;
    std::map<std::string, std::size_t> index;
    std::size_t line = 0, pos = 0;
    while (pos < text.size()) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view l = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (l.find_first_not_of(" \t\r") == std::string_view::npos) {
            continue;
        }
        const std::string where = path + ":" + std::to_string(line);
        Json j = parse_json_strict(l, where);
        if (!j.is_object() || !j.contains("ticket") || !j["ticket"].is_string() || !j.contains("seq") ||
            !j["seq"].is_number_unsigned()) {
            fail_invalid(where + ": expected an event with 'ticket' and 'seq' (itk export --events)");
        }
        const std::string id = j["ticket"].get<std::string>();
        const std::size_t seq = j["seq"].get<std::size_t>();
        j.erase("ticket");
        j.erase("seq");
        auto [it, fresh] = index.emplace(id, out.size());
        if (fresh) {
            if (!is_id_syntax(id)) {
                fail_invalid(where + ": '" + printable(id) + "' is not a ticket ID");
            }
            out.push_back(SourceTicket{id, std::nullopt, {}, line});
        }
        SourceTicket& t = out[it->second];
        if (seq != t.events.size()) {
            fail_invalid(where + ": event " + std::to_string(seq) + " of '" + id + "' out of order (expected " +
                         std::to_string(t.events.size()) + ")");
        }
        try {
            t.events.push_back(decode_event(j));
        } catch (const Error& e) {
            fail_invalid(where + ": " + e.what());
        }
    }
    return out;
}

// --- Through the rules ------------------------------------------------------------------

// A step the source skipped that the rules need before `e`, at the same instant.
std::optional<Event> implied_before(const Ticket& s, const Event& e)
{
    const auto implied = [&](Action action) {
        Event step = at_by(action, e.at, e.by);
        step.implied = true;
        return step;
    };
    // Closed without a resolve.
    if (e.action == Action::close && is_working(s.status)) {
        Event r = implied(Action::resolve);
        r.kind = "permanent";
        r.solution = "";
        return r;
    }
    // Resolved without the coordinator that the priority or a major incident needs.
    if ((e.action == Action::resolve || e.action == Action::resolve_by_parent) && is_working(s.status) &&
        !s.coordinator && (s.major || s.coordination_required)) {
        Event c = implied(Action::coordinate);
        c.coordinator = e.by;
        return c;
    }
    return std::nullopt;
}

// What the events of the source cannot know but the state at their place says.
void complete(const Ticket& s, Event& e)
{
    if (e.action == Action::unassign) {
        e.previous = s.owner;
    } else if (e.action == Action::relate && e.record) {
        const OptString& current = *e.record == Record::problem ? s.problem : *e.record == Record::change ? s.change
                                                                                                        : s.caused_by;
        e.previous = current;
    }
}

// Replays a source ticket's events with the rules: implied steps recorded, refused events
// kept as rejected.
Ticket replay_source(std::vector<Event> events, bool imply)
{
    Ticket t;
    for (Event& e : events) {
        e.rejected.reset();
        if (imply) {
            complete(t, e);
            for (int i = 0; i < 3 && refusal(t, e); ++i) {
                std::optional<Event> step = implied_before(t, e);
                if (!step || refusal(t, *step)) {
                    break;
                }
                complete(t, *step);
                apply(t, *step);
                t.events.push_back(std::move(*step));
            }
        }
        e.rejected = refusal(t, e);
        apply(t, e);
        t.events.push_back(std::move(e));
    }
    return t;
}

} // namespace

std::string derived_id(const std::string& prefix, const std::string& system, const std::string& number)
{
    static const char k_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    // FNV-1a, then MurmurHash3's finaliser, so that the leading characters (what people type)
    // differ between INC0000045 and INC0000046 as much as random ones would.
    std::uint64_t h = fnv1a(system + '\x1f' + number);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    std::string out;
    for (int i = 0; i < 10; ++i) {
        out += k_alphabet[(h >> 59) & 31];
        h <<= 5;
    }
    return prefix + "-" + out;
}

const std::vector<std::string>& import_formats()
{
    static const std::vector<std::string> names = {"servicenow", "csv", "ndjson"};
    return names;
}

ImportMap default_import_map(const std::string& format)
{
    ImportMap m;
    m.system = format;
    if (format == "servicenow") {
        m.date_format = "%d-%m-%Y %H:%M";
        m.columns = k_servicenow_columns;
    }
    return m;
}

ImportMap parse_import_map(std::string_view text, const std::string& path, const std::string& format)
{
    toml::table root;
    try {
        root = toml::parse(text, path);
    } catch (const toml::parse_error& e) {
        map_error(path, e.source(), std::string(e.description()));
    }
    ImportMap m = default_import_map(format);
    for (auto&& [key, node] : root) {
        const std::string k(key.str());
        if (std::find(k_map_keys.begin(), k_map_keys.end(), k) == k_map_keys.end()) {
            map_error(path, key.source(), "unknown key '" + k + "'");
        }
        if (k == "system") {
            m.system = map_string(path, node, k);
        } else if (k == "timezone") {
            m.timezone = map_string(path, node, k);
            TimeZone check(m.timezone);
        } else if (k == "date_format") {
            m.date_format = map_string(path, node, k);
        } else if (k == "resolution_kind") {
            m.resolution_kind = map_string(path, node, k);
            if (m.resolution_kind != "workaround" && m.resolution_kind != "permanent") {
                map_error(path, node.source(), "'resolution_kind' must be workaround or permanent");
            }
        } else if (k == "close_after") {
            const auto d = parse_duration(map_string(path, node, k));
            if (!d) {
                map_error(path, node.source(), "'close_after' must be a duration like 0s or 5d");
            }
            m.close_after = *d;
        } else if (k == "columns") {
            for (const auto& [name, column] : map_table(path, node, k)) {
                m.columns[name] = column;
            }
        } else if (k == "fields") {
            m.fields = map_table(path, node, k);
        } else if (k == "values") {
            if (!node.is_table()) {
                map_error(path, node.source(), "'values' must hold tables like [values.status]");
            }
            for (auto&& [name, table] : *node.as_table()) {
                m.values[std::string(name.str())] = map_table(path, table, "values." + std::string(name.str()));
            }
        }
    }
    return m;
}

std::vector<SourceTicket> read_source(const std::string& format, std::string_view text, const std::string& path,
                                      const ImportMap& map, const Config& config, std::vector<std::string>* unused)
{
    if (format == "ndjson") {
        return read_ndjson(text, path);
    }
    if (format != "servicenow" && format != "csv") {
        fail_usage("invalid import format '" + format + "': expected servicenow, csv or ndjson");
    }
    const CsvTable table = parse_csv(text, path);
    // Every column the map names must exist: a typo would silently drop a history.
    std::set<std::string> used;
    for (const auto& [name, column] : map.columns) {
        if (table.column(column) != std::string::npos) {
            used.insert(column);
        } else if (format == "csv" && (name == "id" || name == "title" || name == "caller" || name == "opened_at")) {
            fail_invalid(path + ":1: no column '" + column + "' (the map's columns." + name + ")");
        }
    }
    for (const auto& [column, field] : map.fields) {
        if (table.column(column) == std::string::npos) {
            fail_invalid(path + ":1: no column '" + column + "' (the map's fields." + column + ")");
        }
        used.insert(column);
    }
    if (unused != nullptr) {
        for (const std::string& column : table.header) {
            if (used.count(column) == 0) {
                unused->push_back(column);
            }
        }
    }
    std::vector<SourceTicket> out;
    if (format == "servicenow") {
        out = ServiceNowReader(table, map, config, path).read();
    } else {
        const TimeZone zone(map.timezone);
        std::set<std::string> seen;
        for (const CsvRecord& rec : table.records) {
            const Row row(table, rec, map, path);
            SourceTicket t = csv_ticket(row, map, config, zone, map.system);
            t.line = rec.line;
            if (!seen.insert(t.source->number).second) {
                fail_invalid(row.where() + ": ticket '" + t.source->number + "' appears twice (one row per ticket)");
            }
            out.push_back(std::move(t));
        }
    }
    for (SourceTicket& t : out) {
        t.id = derived_id(config.prefix, t.source->system, t.source->number);
        t.events.front().id = t.id;
    }
    return out;
}

ImportReport import_tickets(Store& store, const std::string& actor, std::vector<SourceTicket> sources,
                            const ImportOptions& options)
{
    (void)actor; // every event is by the source's people; the importer is in git's history
    ImportReport report;
    struct Planned {
        std::string id;
        Ticket ticket;
        bool existing;
    };
    std::vector<Planned> plan;
    for (SourceTicket& s : sources) {
        const bool imply = s.source.has_value(); // itk's own export needs no implied step
        Ticket fresh = replay_source(std::move(s.events), imply);
        std::size_t before = 0;
        bool existing = store.has_ticket(s.id);
        Ticket result = fresh;
        if (existing) {
            const Ticket old = store.load(s.id);
            before = old.events.size();
            result = merge_tickets(old, fresh);
            if (serialize(result) == serialize(old)) {
                ++report.unchanged;
                continue;
            }
        }
        // Count only what this import adds: a re-import must say it added nothing.
        std::set<std::string> had;
        if (existing) {
            for (const Event& e : store.load(s.id).events) {
                Event copy = e;
                copy.rejected.reset();
                had.insert(encode_event(copy).dump());
            }
        }
        for (const Event& e : result.events) {
            Event copy = e;
            copy.rejected.reset();
            if (had.count(encode_event(copy).dump()) != 0) {
                continue;
            }
            ++report.events;
            report.implied += e.implied ? 1 : 0;
            if (e.rejected) {
                // By reason, whatever the ticket: its ID in the text would make each one apart.
                std::string why = *e.rejected;
                for (std::size_t at = why.find(s.id); at != std::string::npos; at = why.find(s.id, at)) {
                    why.replace(at, s.id.size(), "ID");
                }
                ++report.rejected[why];
            }
        }
        (void)before;
        (existing ? report.updated : report.created).push_back(s.id);
        plan.push_back(Planned{s.id, std::move(result), existing});
    }
    if (options.strict && !report.rejected.empty()) {
        std::string reasons;
        for (const auto& [why, n] : report.rejected) {
            reasons += (reasons.empty() ? "" : "; ") + std::to_string(n) + " x " + why;
        }
        fail_refused("cannot import: the rules refuse " + std::to_string(report.rejected.size()) +
                     " kind(s) of event (--strict): " + reasons);
    }
    if (options.dry_run) {
        return report;
    }
    std::vector<std::pair<std::string, std::string>> creates;
    for (const Planned& p : plan) {
        if (p.existing) {
            store.update(p.id, [&](Ticket& live) {
                const Ticket merged = merge_tickets(live, p.ticket);
                const bool changed = serialize(merged) != serialize(live);
                live = merged;
                return changed;
            });
        } else {
            creates.emplace_back(p.id, serialize(p.ticket));
        }
    }
    store.create_all(creates);
    return report;
}

std::string export_line(const Ticket& t) { return ticket_json_text(t, -1, 0, false, false) + "\n"; }

std::string export_event_line(const Ticket& t, std::size_t seq)
{
    Json j = Json::object();
    j["ticket"] = t.id;
    j["seq"] = seq;
    const Json event = encode_event(t.events.at(seq));
    for (const auto& [key, value] : event.items()) {
        j[key] = value;
    }
    return j.dump() + "\n";
}

} // namespace itk
