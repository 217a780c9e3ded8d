#include "itk/query.hpp"

#include "itk/error.hpp"
#include "itk/text.hpp"
#include "itk/ticket_file.hpp"

#include <algorithm>

namespace itk {

SlaClock response_clock(const Ticket& t, Time now)
{
    SlaClock c;
    if (!t.sla_response) {
        return c;
    }
    c.applies = true;
    c.target = *t.sla_response;
    c.done = t.first_assigned_at.has_value();
    // A hold from registration ("awaiting user info") stops this clock too, when it pauses.
    const Time end = c.done ? *t.first_assigned_at : std::max(now, t.opened_at);
    c.elapsed = end - t.opened_at - (c.done ? t.held_at_response : t.held_until(end));
    return c;
}

SlaClock resolution_clock(const Ticket& t, Time now)
{
    SlaClock c;
    if (!t.sla_resolution) {
        return c;
    }
    c.applies = true;
    c.target = *t.sla_resolution;
    c.done = t.resolved_at.has_value();
    const Time end = c.done ? *t.resolved_at : std::max(now, t.last_event_at());
    c.elapsed = end - t.opened_at - t.held_until(end);
    return c;
}

bool is_stale(const Ticket& t, const Config& config, Time now)
{
    if (t.status != Status::fresh && t.status != Status::in_progress && t.status != Status::on_hold) {
        return false;
    }
    const auto threshold = config.stale_threshold(t.priority.value_or(""));
    return threshold && now - t.last_event_at() > *threshold;
}

bool is_breached(const Ticket& t, Time now)
{
    if (t.status == Status::cancelled || t.status == Status::redirected) {
        return false;
    }
    return response_clock(t, now).breached() || resolution_clock(t, now).breached();
}

namespace {

bool any_iequal(const std::vector<std::string>& wanted, const OptString& value)
{
    return wanted.empty() || (value && std::any_of(wanted.begin(), wanted.end(),
                                                   [&](const std::string& w) { return iequals(w, *value); }));
}

void check_values(const std::vector<std::string>& wanted, const std::vector<std::string>& valid, const char* flag)
{
    for (const std::string& w : wanted) {
        if (std::find(valid.begin(), valid.end(), w) == valid.end()) {
            std::string list;
            for (const auto& v : valid) {
                list += (list.empty() ? "" : ", ") + v;
            }
            fail_usage(std::string("invalid ") + flag + " '" + w + "': expected one of " + list);
        }
    }
}

} // namespace

namespace {

// The string-valued keys of a ticket file (dotted for nested ones), with how to read each and
// the name --where gives it (none: --where does not take it).
using Reader = OptString (*)(const Ticket&);
struct StringKey {
    const char* file_key;
    const char* where_key;
    Reader read;
};
const std::vector<StringKey> k_string_keys = {
    {"id", "id", [](const Ticket& t) { return OptString(t.id); }},
    {"title", "title", [](const Ticket& t) { return OptString(t.title); }},
    {"description", nullptr, [](const Ticket& t) { return OptString(t.description); }},
    {"type", "type", [](const Ticket& t) { return t.type; }},
    {"status", "status", [](const Ticket& t) { return OptString(std::string(to_string(t.status))); }},
    {"caller.name", "caller", [](const Ticket& t) { return OptString(t.caller.name); }},
    {"caller.contact", nullptr, [](const Ticket& t) { return t.caller.contact; }},
    {"affected.name", "affected", [](const Ticket& t) { return OptString(t.affected.name); }},
    {"affected.contact", nullptr, [](const Ticket& t) { return t.affected.contact; }},
    {"channel", "channel", [](const Ticket& t) { return t.channel; }},
    {"service", "service", [](const Ticket& t) { return t.service; }},
    {"category", "category", [](const Ticket& t) { return t.category; }},
    {"subcategory", "subcategory", [](const Ticket& t) { return t.subcategory; }},
    {"impact", "impact", [](const Ticket& t) { return t.impact; }},
    {"urgency", "urgency", [](const Ticket& t) { return t.urgency; }},
    {"priority", "priority", [](const Ticket& t) { return t.priority; }},
    {"level", "level", [](const Ticket& t) { return OptString(t.level); }},
    {"group", "group", [](const Ticket& t) { return t.group; }},
    {"owner", "owner", [](const Ticket& t) { return t.owner; }},
    {"coordinator", "coordinator", [](const Ticket& t) { return t.coordinator; }},
    {"parent", "parent", [](const Ticket& t) { return t.parent; }},
    {"follows", "follows", [](const Ticket& t) { return t.follows; }},
    {"duplicate_of", "duplicate_of", [](const Ticket& t) { return t.duplicate_of; }},
    {"ref", "ref", [](const Ticket& t) { return t.ref; }},
    {"dedup", "dedup", [](const Ticket& t) { return t.dedup; }},
    {"problem", "problem", [](const Ticket& t) { return t.problem; }},
    {"change", "change", [](const Ticket& t) { return t.change; }},
    {"caused_by", "caused_by", [](const Ticket& t) { return t.caused_by; }},
    {"hold_reason", "hold_reason", [](const Ticket& t) { return t.hold_reason; }},
    {"awaiting", "awaiting", [](const Ticket& t) { return t.awaiting; }},
    {"opened_at", nullptr, [](const Ticket& t) { return OptString(format_rfc3339(t.opened_at)); }},
    {"updated_at", nullptr, [](const Ticket& t) { return OptString(format_rfc3339(t.updated_at)); }},
};

bool is_where_key(const StringKey& k, std::string_view key)
{
    return k.where_key != nullptr && key == k.where_key;
}

} // namespace

std::vector<std::string> where_keys()
{
    std::vector<std::string> out;
    for (const StringKey& k : k_string_keys) {
        if (k.where_key != nullptr) {
            out.emplace_back(k.where_key);
        }
    }
    return out;
}

std::vector<Where> parse_where(const Config& config, const std::vector<std::string>& args)
{
    std::vector<Where> out;
    for (const std::string& arg : args) {
        const std::size_t eq = arg.find('=');
        if (eq == std::string::npos || eq == 0) {
            fail_usage("invalid --where '" + arg + "': expected KEY=VALUE");
        }
        Where w{arg.substr(0, eq), arg.substr(eq + 1)};
        const bool string_key = std::any_of(k_string_keys.begin(), k_string_keys.end(),
                                            [&](const StringKey& k) { return is_where_key(k, w.key); });
        if (!string_key && config.field(w.key) == nullptr) {
            fail_usage("invalid --where key '" + w.key +
                       "': expected a field of [fields] or a string key of a ticket (service, category, channel, ...)");
        }
        out.push_back(std::move(w));
    }
    return out;
}

std::optional<std::string> ticket_text(const Ticket& t, const std::string& key)
{
    if (const auto f = t.fields.find(key); f != t.fields.end()) {
        return field_text(f->second);
    }
    for (const StringKey& k : k_string_keys) {
        if (is_where_key(k, key)) {
            return k.read(t);
        }
    }
    return std::nullopt;
}

std::optional<OptString> file_string(const Ticket& t, std::string_view file_key)
{
    for (const StringKey& k : k_string_keys) {
        if (file_key == k.file_key) {
            return k.read(t);
        }
    }
    return std::nullopt;
}

bool matches(const Ticket& t, const std::vector<Where>& where)
{
    return std::all_of(where.begin(), where.end(), [&](const Where& w) {
        const auto v = ticket_text(t, w.key);
        return v ? iequals(*v, w.value) : w.value.empty();
    });
}

bool operator<(const SortValue& a, const SortValue& b)
{
    if (a.kind != b.kind) {
        return a.kind < b.kind;
    }
    return a.kind == 0 ? a.number < b.number : a.text < b.text;
}

namespace {

SortValue number_value(double n)
{
    SortValue v;
    v.kind = 0;
    v.number = n;
    return v;
}

SortValue sort_value(const Ticket& t, const Json& j, const std::string& key, const Config& config)
{
    if (key == "priority") {
        return t.priority ? number_value(static_cast<double>(config.priority_rank(*t.priority))) : SortValue();
    }
    const Json* cur = &j;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t dot = key.find('.', pos);
        const std::string part = key.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
        if (!cur->is_object() || !cur->contains(part)) {
            return {};
        }
        cur = &(*cur)[part];
        if (dot == std::string::npos) {
            break;
        }
        pos = dot + 1;
    }
    SortValue v;
    if (cur->is_number()) {
        v = number_value(cur->get<double>());
    } else if (cur->is_string()) {
        v.kind = 1;
        v.text = cur->get<std::string>();
    } else if (!cur->is_null()) {
        v.kind = 2;
        v.text = cur->dump();
    }
    return v;
}

// --sort's keys (key, descending); usage error on one no ticket has.
std::vector<std::pair<std::string, bool>> parse_sort_keys(const std::vector<std::string>& keys)
{
    std::vector<std::pair<std::string, bool>> parsed;
    for (const std::string& k : keys) {
        const bool descending = !k.empty() && k[0] == '-';
        const std::string key = descending || (!k.empty() && k[0] == '+') ? k.substr(1) : k;
        if (key.empty()) {
            fail_usage("invalid --sort '" + k + "': name a key, e.g. '--sort -opened_at,priority'");
        }
        // A typo would sort nothing, silently: the key's first part must be a key of a ticket.
        const std::string head = key.substr(0, key.find('.'));
        const std::vector<std::string>& known = ticket_keys();
        if (head == "events" || std::find(known.begin(), known.end(), head) == known.end()) {
            const std::string best = closest(head, known);
            fail_usage("invalid --sort key '" + key + "': expected a key of a ticket file (opened_at, priority, "
                       "caller.name, fields.NAME, ...)" + (best.empty() ? std::string() : "; did you mean '" + best + "'?"));
        }
        parsed.emplace_back(key, descending);
    }
    return parsed;
}

} // namespace

ListMatcher::ListMatcher(const ListFilter& filter, const Config& config, Time now)
    : m_filter(filter), m_config(config), m_now(now)
{
    std::vector<std::string> statuses;
    for (Status s : all_statuses()) {
        statuses.emplace_back(to_string(s));
    }
    check_values(filter.status, statuses, "--status");
    check_values(filter.priority, config.priorities, "--priority");
    check_values(filter.type, {"incident", "request", "change"}, "--type");
    check_values(filter.level, config.levels, "--level");
    m_keys = parse_sort_keys(filter.sort); // after the values, as select() always checked them
}

bool ListMatcher::passes(const Ticket& t) const
{
    const ListFilter& f = m_filter;
    const bool terminal = is_terminal(t.status);
    // An explicit --status names what the user wants, terminal or not.
    if ((terminal && !f.all && f.status.empty()) || (f.open && (terminal || t.status == Status::resolved))) {
        return false;
    }
    if (!any_iequal(f.status, std::string(to_string(t.status))) || !any_iequal(f.priority, t.priority) ||
        !any_iequal(f.type, t.type) || !any_iequal(f.owner, t.owner) || !any_iequal(f.group, t.group) ||
        !any_iequal(f.level, t.level) || !any_iequal(f.service, t.service)) {
        return false;
    }
    if (!f.caller.empty() && !std::any_of(f.caller.begin(), f.caller.end(), [&](const std::string& c) {
            return t.caller.matches(c) || t.affected.matches(c);
        })) {
        return false;
    }
    if ((f.parent && t.parent != f.parent) || !matches(t, f.where) || (f.major && !t.major)) {
        return false;
    }
    if (f.grep && !icontains(t.title, *f.grep) && !icontains(t.description, *f.grep) && !icontains(t.id, *f.grep)) {
        return false;
    }
    if ((f.stale && !is_stale(t, m_config, m_now)) || (f.breached && !is_breached(t, m_now))) {
        return false;
    }
    return !(f.opened_since && t.opened_at < *f.opened_since) && !(f.opened_until && t.opened_at >= *f.opened_until);
}

ListPlace ListMatcher::place(const Ticket& t) const
{
    ListPlace p;
    p.id = t.id;
    if (m_keys.empty()) {
        // Priority by rank (unprioritised last), then age.
        p.values = {number_value(static_cast<double>(m_config.priority_rank(t.priority ? *t.priority : std::string()))),
                    number_value(static_cast<double>(t.opened_at))};
        return p;
    }
    const Json j = to_json(t);
    for (const auto& key : m_keys) {
        p.values.push_back(sort_value(t, j, key.first, m_config));
    }
    return p;
}

bool ListMatcher::before(const ListPlace& a, const ListPlace& b) const
{
    for (std::size_t k = 0; k < a.values.size() && k < b.values.size(); ++k) {
        const SortValue& va = a.values[k];
        const SortValue& vb = b.values[k];
        if (va < vb || vb < va) {
            const bool less = va < vb;
            const bool absent = va.kind == 3 || vb.kind == 3; // absent last, either direction
            return absent || m_keys.empty() || !m_keys[k].second ? less : !less;
        }
    }
    return a.id < b.id;
}

std::vector<const Ticket*> select(const std::vector<Ticket>& tickets, const ListFilter& f, const Config& config, Time now)
{
    const ListMatcher matcher(f, config, now);
    ListKeeper<const Ticket*> kept(matcher);
    for (const Ticket& t : tickets) {
        if (matcher.passes(t)) {
            kept.add(matcher.place(t), &t);
        }
    }
    return kept.finish();
}

} // namespace itk
