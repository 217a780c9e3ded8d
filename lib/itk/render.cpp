#include "itk/render.hpp"

#include "itk/error.hpp"
#include "itk/query.hpp"
#include "itk/text.hpp"
#include "itk/ticket_file.hpp"

#include <algorithm>
#include <map>
#include <functional>
#include <sstream>

namespace itk {

namespace {

std::string opt(const OptString& s, const char* none = "-") { return s ? printable(*s) : std::string(none); }

const char* k_reset = "\033[0m";

std::string paint(const Style& style, const char* code, const std::string& text)
{
    return style.color ? std::string(code) + text + k_reset : text;
}

const char* priority_color(const OptString& p)
{
    if (p == "P1") {
        return "\033[1;31m";
    }
    if (p == "P2") {
        return "\033[31m";
    }
    if (p == "P3") {
        return "\033[33m";
    }
    return "\033[0m";
}

std::string person(const Person& p)
{
    return printable(p.name) + (p.contact ? " <" + printable(*p.contact) + ">" : std::string());
}

std::string sla_line(const char* name, const SlaClock& c)
{
    std::string out = std::string(name) + " ";
    if (c.done) {
        out += c.breached() ? "breached (" + format_duration(c.elapsed) + ", target " + format_duration(c.target) + ")"
                            : "met (" + format_duration(c.elapsed) + ", target " + format_duration(c.target) + ")";
    } else if (c.breached()) {
        out += "OVERDUE by " + format_duration(-c.left()) + " (target " + format_duration(c.target) + ")";
    } else {
        out += format_duration(c.left()) + " left (target " + format_duration(c.target) + ")";
    }
    return out;
}

// Resolves `caller.name` in a ticket object; nullptr when absent.
const Json* lookup(const Json& j, const std::string& dotted)
{
    const Json* cur = &j;
    std::size_t pos = 0;
    while (pos <= dotted.size()) {
        const std::size_t dot = dotted.find('.', pos);
        const std::string key = dotted.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
        if (!cur->is_object() || !cur->contains(key)) {
            return nullptr;
        }
        cur = &(*cur)[key];
        if (dot == std::string::npos) {
            break;
        }
        pos = dot + 1;
    }
    return cur;
}

// Calls `on_key` for each {key} and `on_text` for the rest, with \t and \n unescaped and
// `{{`, `}}` standing for braces.
template <typename OnText, typename OnKey>
void walk_format(const std::string& format, OnText on_text, OnKey on_key)
{
    for (std::size_t i = 0; i < format.size(); ++i) {
        const char c = format[i];
        const char next = i + 1 < format.size() ? format[i + 1] : '\0';
        if (c == '\\' && (next == 't' || next == 'n' || next == '\\')) {
            on_text(next == 't' ? '\t' : next == 'n' ? '\n' : '\\');
            ++i;
        } else if ((c == '{' && next == '{') || (c == '}' && next == '}')) {
            on_text(c);
            ++i;
        } else if (c == '{') {
            const std::size_t end = format.find('}', i);
            if (end == std::string::npos) {
                fail_usage("invalid --format: '{' without '}' (write '{{' for a brace)");
            }
            on_key(format.substr(i + 1, end - i - 1));
            i = end;
        } else if (c == '}') {
            fail_usage("invalid --format: '}' without '{' (write '}}' for a brace)");
        } else {
            on_text(c);
        }
    }
}

// A value in a one-line record: tab, newline, carriage return and backslash escaped as \t,
// \n, \r and \\, so that a line stays one record and the value can be recovered.
std::string one_line(const std::string& value)
{
    std::string out;
    for (const char c : value) {
        switch (c) {
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\\':
            out += "\\\\";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace

namespace {

std::string p(const OptString& s) { return s ? printable(*s) : std::string(); }

std::string with(const char* label, const OptString& s) { return s ? std::string(", ") + label + " " + printable(*s) : ""; }

std::string describe_edit(const Event& e)
{
    std::string out = "edited";
    for (const Change& c : e.changes) {
        out += " " + printable(c.key);
    }
    return out;
}

std::string describe_close(const Event& e)
{
    std::string out = e.unconfirmed.value_or(false) ? "closed without confirmation" : "closed, confirmed by " + p(e.confirmed_by);
    if (e.satisfaction) {
        out += ", satisfaction " + std::to_string(*e.satisfaction) + "/5";
    }
    return out;
}

// Called by describe_event() for the routing actions only.
std::string describe_routing(const Event& e)
{
    if (e.action == Action::assign) {
        return "assigned to " + p(e.owner) + (e.group ? " (" + p(e.group) + ")" : std::string()) +
               (e.level ? ", level " + p(e.level) : std::string());
    }
    if (e.action == Action::route && !e.group) {
        return "unassigned and out of every queue" + (e.reason ? ": " + p(e.reason) : std::string());
    }
    if (e.action == Action::route) {
        return "routed to the queue of " + p(e.group) + (e.level ? ", level " + p(e.level) : std::string()) +
               (e.reason ? ": " + p(e.reason) : std::string());
    }
    if (e.action == Action::unassign) {
        return "unassigned" + (e.previous ? " (was " + p(e.previous) + ")" : std::string()) +
               (e.reason ? ": " + p(e.reason) : std::string());
    }
    if (e.action == Action::escalate) {
        return "escalated " + p(e.from_level) + " -> " + p(e.level) + ": " + p(e.reason);
    }
    return "hierarchical escalation to " + p(e.manager) + ": " + p(e.reason);
}

} // namespace

std::string describe_event(const Event& e)
{
    std::string out;
    switch (e.action) {
    case Action::open:
        out = "registered: " + printable(e.title) + " (caller " + printable(e.caller.name) + ")";
        break;
    case Action::categorize:
        out = "categorised as incident" + with("category", e.category) + with("subcategory", e.subcategory) +
              with("service", e.service);
        break;
    case Action::redirect:
        out = "redirected as a " + p(e.type) + with("service", e.service) + with("ref", e.ref);
        break;
    case Action::edit:
        out = describe_edit(e);
        break;
    case Action::prioritize:
        out = "priority " + p(e.priority) + " (impact " + p(e.impact) + ", urgency " + p(e.urgency) + ")" +
              (e.declares_major.value_or(false) ? ", MAJOR" : "");
        break;
    case Action::assign:
    case Action::route:
    case Action::unassign:
    case Action::escalate:
    case Action::escalate_hierarchical:
        out = describe_routing(e);
        break;
    case Action::note:
        out = std::string(e.is_public.value_or(false) ? "public note: " : "note: ") + p(e.text);
        break;
    case Action::coordinate:
        out = "coordinated by " + p(e.coordinator);
        break;
    case Action::hold:
        out = "on hold" + (e.awaiting ? ", awaiting " + p(e.awaiting) : std::string()) + with("ref", e.ref) + ": " +
              p(e.reason) + (e.pauses.value_or(true) ? "" : " (SLA clocks running)");
        break;
    case Action::resume:
        out = "resumed";
        break;
    case Action::resolve:
        out = "resolved (" + p(e.kind) + "): " + p(e.solution) + (e.owner ? " [first contact, " + p(e.owner) + "]" : "");
        break;
    case Action::resolve_by_parent:
        out = "resolved (" + p(e.kind) + "): " + p(e.solution) + " [by parent " + p(e.parent) + "]";
        break;
    case Action::reopen:
        out = "reopened: " + p(e.reason);
        break;
    case Action::close:
        out = describe_close(e);
        break;
    case Action::cancel:
        out = "cancelled: " + p(e.reason) + (e.duplicate_of ? " (duplicate of " + p(e.duplicate_of) + ")" : "");
        break;
    case Action::major:
        out = "MAJOR INCIDENT declared: " + p(e.reason);
        break;
    case Action::major_withdraw:
        out = "major incident withdrawn: " + p(e.reason);
        break;
    case Action::major_update:
        out = "update to " + p(e.audience) + ": " + p(e.message);
        break;
    case Action::link:
        out = "linked to parent " + p(e.parent);
        break;
    case Action::relate:
        out = std::string(e.record == Record::problem ? "linked to problem "
                          : e.record == Record::change ? "fixed by change "
                                                       : "caused by change ") +
              p(e.number) + (e.previous ? " (was " + p(e.previous) + ")" : "");
        break;
    case Action::unlink:
        out = "unlinked from parent " + p(e.parent);
        break;
    case Action::link_child:
        out = "child " + p(e.child) + " linked";
        break;
    case Action::unlink_child:
        out = "child " + p(e.child) + " unlinked";
        break;
    case Action::postmortem:
        out = "post-mortem written: " + p(e.path);
        break;
    }
    if (e.implied) {
        out += " [implied]";
    }
    if (e.rejected) {
        out += " [rejected: " + printable(*e.rejected) + "]";
    }
    return out;
}

namespace {

using Row = std::function<void(const char*, const std::string&)>;

// The rows of `show` that say who and what: status, type, priority, people, routing, links.
void identity_rows(const Ticket& t, const Style& style, const Row& row)
{
    row("status", std::string(to_string(t.status)) +
                      (t.status == Status::on_hold
                           ? " (" + (t.awaiting ? "awaiting " + printable(*t.awaiting) + ": " : std::string()) +
                                 opt(t.hold_reason) + (t.hold_pauses ? "" : "; SLA clocks running") + ")"
                           : std::string()));
    row("type", opt(t.type, "not categorised") +
                    (t.category ? " / " + printable(*t.category) + (t.subcategory ? " / " + printable(*t.subcategory) : "")
                                : std::string()));
    row("priority", t.priority ? paint(style, priority_color(t.priority), printable(*t.priority)) + " (impact " + opt(t.impact) +
                                     ", urgency " + opt(t.urgency) + ")" + (t.major ? ", MAJOR INCIDENT" : "")
                               : std::string("not prioritised"));
    row("caller", person(t.caller) + (t.channel ? " via " + printable(*t.channel) : std::string()));
    if (!(t.affected == t.caller)) {
        row("affected", person(t.affected));
    }
    row("service", opt(t.service));
    row("level", printable(t.level) + (t.group ? " (" + printable(*t.group) + ")" : std::string()) +
                     (t.reassignments > 0 ? ", " + std::to_string(t.reassignments) + " reassignment(s)" : std::string()));
    row("owner", opt(t.owner));
    if (t.coordinator) {
        row("coordinator", printable(*t.coordinator));
    }
    for (const auto& [label, value] : {std::pair{"follows", &t.follows}, std::pair{"duplicate of", &t.duplicate_of},
                                       std::pair{"ref", &t.ref}, std::pair{"dedup", &t.dedup}, std::pair{"parent", &t.parent},
                                       std::pair{"problem", &t.problem}, std::pair{"change", &t.change},
                                       std::pair{"caused by", &t.caused_by}}) {
        if (*value) {
            row(label, printable(**value));
        }
    }
    for (const auto& [name, value] : t.fields) {
        row(name.c_str(), printable(field_text(value)));
    }
    if (t.source) {
        row("source", printable(t.source->system) + " " + printable(t.source->number));
    }
}

// The rows of `show` that say how it went: SLA standing, dates, resolution, closure.
void outcome_rows(const Ticket& t, Time now, const Row& row)
{
    const SlaClock response = response_clock(t, now);
    const SlaClock resolution = resolution_clock(t, now);
    if (response.applies && t.status != Status::cancelled && t.status != Status::redirected) {
        row("SLA", sla_line("response", response));
        row("", sla_line("resolution", resolution));
    }
    row("opened", format_local(t.opened_at));
    row("updated", format_local(t.updated_at));
    if (t.resolution) {
        row("resolution", printable(t.resolution->kind) + (t.resolution->code ? " [" + printable(*t.resolution->code) + "]" : "") +
                              ": " + printable(t.resolution->notes));
    }
    if (t.closure) {
        row("closure", t.closure->unconfirmed ? std::string("unconfirmed")
                                              : "confirmed by " + opt(t.closure->confirmed_by) +
                                                    (t.closure->satisfaction
                                                         ? ", satisfaction " + std::to_string(*t.closure->satisfaction) + "/5"
                                                         : std::string()));
    }
}

// The sections of `show` after the rows: description, children, communications, timeline.
void history_sections(std::ostringstream& o, const Ticket& t, const std::vector<Ticket>& children)
{
    if (!t.description.empty()) {
        o << "\n";
        std::istringstream lines(t.description);
        std::string line;
        while (std::getline(lines, line)) {
            o << "  " << printable(line) << "\n";
        }
    }
    if (!children.empty()) {
        o << "\nChildren (" << children.size() << "):\n";
        for (const Ticket& c : children) {
            o << "  " << c.id << "  " << pad(std::string(to_string(c.status)), 11) << "  " << pad(cut(printable(c.caller.name), 20), 20)
              << "  " << printable(c.title) << "\n";
        }
    }
    bool any_update = false;
    for (const Event& e : t.events) {
        if (e.action == Action::major_update && !e.rejected) {
            if (!any_update) {
                o << "\nCommunications:\n";
                any_update = true;
            }
            o << "  " << format_local(e.at) << "  " << pad(p(e.audience), 12) << "  " << p(e.message) << "\n";
        }
    }
    o << "\nTimeline:\n";
    for (const Event& e : t.events) {
        o << "  " << format_local(e.at) << "  " << pad(cut(printable(e.by), 20), 20) << "  " << describe_event(e) << "\n";
    }
}

} // namespace

std::string render_show(const Ticket& t, const std::vector<Ticket>& children, Time now, const Style& style)
{
    std::ostringstream o;
    o << paint(style, "\033[1m", t.id) << "  " << printable(t.title) << "\n";
    const Row row = [&](const char* label, const std::string& value) { o << "  " << pad(label, 12) << value << "\n"; };
    identity_rows(t, style, row);
    outcome_rows(t, now, row);
    history_sections(o, t, children);
    return o.str();
}

ListRow list_row(const Ticket& t, Time now)
{
    return {t.id, printable(t.priority.value_or("-")) + (t.major ? "!" : ""), std::string(to_string(t.status)),
            printable(t.level), cut(opt(t.owner), 20), format_duration(now - t.opened_at),
            cut(printable(t.title), 60), t.priority, is_breached(t, now)};
}

std::string render_list(const std::vector<ListRow>& rows, const Style& style)
{
    if (rows.empty()) {
        return {};
    }
    const ListRow head{"ID", "PRI", "STATUS", "LEVEL", "OWNER", "AGE", "TITLE", {}, false};
    std::size_t w[6] = {0, 0, 0, 0, 0, 0};
    const auto widen = [&](const ListRow& r) {
        const std::string* cols[6] = {&r.id, &r.pri, &r.status, &r.level, &r.owner, &r.age};
        for (int i = 0; i < 6; ++i) {
            w[i] = std::max(w[i], display_width(*cols[i]));
        }
    };
    widen(head);
    for (const ListRow& r : rows) {
        widen(r);
    }
    std::string o;
    const auto line = [&](const ListRow& r, bool is_head) {
        o.append(pad(r.id, w[0])).append("  ");
        o.append(is_head ? pad(r.pri, w[1]) : paint(style, priority_color(r.priority), pad(r.pri, w[1]))).append("  ");
        o.append(pad(r.status, w[2])).append("  ").append(pad(r.level, w[3])).append("  ");
        o.append(pad(r.owner, w[4])).append("  ");
        o.append(r.breached && !is_head ? paint(style, "\033[31m", pad(r.age, w[5])) : pad(r.age, w[5]));
        o.append("  ").append(r.title).append("\n");
    };
    line(head, true);
    for (const ListRow& r : rows) {
        line(r, false);
    }
    return o;
}

void check_format(const std::string& format)
{
    // Any key of the file works, preserved unknown ones included: only the syntax is checked.
    walk_format(
        format, [](char) {},
        [&](const std::string& key) {
            if (key.empty()) {
                fail_usage("invalid --format: '{}' names no key; write e.g. '{id}'");
            }
        });
}

std::optional<std::string> format_value_json(const Json& ticket, const std::string& key)
{
    const Json* v = lookup(ticket, key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    return v->is_string() ? v->get<std::string>() : v->dump();
}

std::optional<std::string> format_value(const Ticket& t, const std::string& key, std::optional<Json>* json)
{
    if (auto text = file_string(t, key)) { // the keys most formats name, without building the JSON
        return std::move(*text);
    }
    if (key.rfind("fields.", 0) == 0 && key.find('.', 7) == std::string::npos) {
        const auto f = t.fields.find(key.substr(7));
        return f == t.fields.end() ? std::nullopt : OptString(field_text(f->second));
    }
    std::optional<Json> own;
    std::optional<Json>& j = json != nullptr ? *json : own;
    if (!j) {
        j = to_json(t);
    }
    return format_value_json(*j, key);
}

std::string render_format(const Ticket& t, const std::string& format, bool nul_terminated)
{
    std::optional<Json> json; // built once, for the first key not read directly
    std::string out;
    walk_format(
        format, [&](char c) { out += c; },
        [&](const std::string& key) {
            if (const auto text = format_value(t, key, &json)) {
                out += nul_terminated ? *text : one_line(*text);
            }
        });
    return out + (nul_terminated ? '\0' : '\n');
}

bool format_needs_events(const std::string& format)
{
    bool needs = false;
    walk_format(format, [](char) {}, [&](const std::string& key) { needs = needs || key.rfind("events", 0) == 0; });
    return needs;
}

std::string json_array_item(const Ticket& t) { return "  " + ticket_json_text(t, 2, 1); }

std::string json_array_next(bool first)
{
    return first ? "[\n" : ",\n";
}

std::string json_array_end(bool empty)
{
    return empty ? "[]\n" : "\n]\n";
}

Json config_to_json(const Config& c)
{
    Json j;
    j["path"] = c.path;
    j["ids"] = Json{{"prefix", c.prefix}};
    j["priority"] = Json{{"priorities", c.priorities}, {"impact", c.impact}, {"urgency", c.urgency}, {"matrix", c.matrix},
                         {"describe", Json{{"impact", c.impact_describe}, {"urgency", c.urgency_describe}}}};
    Json sla = Json::object();
    for (const auto& p : c.priorities) {
        sla[p] = Json{{"response_seconds", c.sla.at(p).response}, {"resolution_seconds", c.sla.at(p).resolution}};
    }
    j["sla"] = sla;
    Json stale = Json::object();
    for (const auto& [p, d] : c.stale_after) {
        stale[p] = d;
    }
    j["escalation"] = Json{{"levels", c.levels}, {"groups", c.groups}, {"managers", c.managers}, {"stale_after_seconds", stale}};
    j["coordination"] = Json{{"required_for", c.coordination_required_for}};
    Json rules = Json::array();
    for (const MajorRule& r : c.major_rules) {
        Json rule = Json::object();
        for (const auto& [k, v] : {std::pair{"impact", &r.impact}, std::pair{"urgency", &r.urgency},
                                   std::pair{"priority", &r.priority}}) {
            if (*v) {
                rule[k] = **v;
            }
        }
        rules.push_back(rule);
    }
    j["major"] = Json{{"rules", rules}};
    j["closure"] = Json{{"auto_close_after_seconds", c.auto_close_after}};
    j["git"] = Json{{"autocommit", c.git_autocommit}};
    return j;
}

std::string render_config(const Config& c)
{
    std::ostringstream o;
    o << "config: " << (c.path.empty() ? std::string("(defaults)") : c.path) << "\n";
    o << "ids: " << c.prefix << "-XXXXXXXXXX\n\n";
    o << "Priority matrix (rows: impact, columns: urgency)\n";
    std::size_t w0 = std::string("impact \\ urgency").size();
    for (const auto& i : c.impact) {
        w0 = std::max(w0, display_width(i));
    }
    std::vector<std::size_t> wc;
    for (std::size_t u = 0; u < c.urgency.size(); ++u) {
        std::size_t w = display_width(c.urgency[u]);
        for (const auto& row : c.matrix) {
            w = std::max(w, display_width(row[u]));
        }
        wc.push_back(w);
    }
    o << "  " << pad("impact \\ urgency", w0);
    for (std::size_t u = 0; u < c.urgency.size(); ++u) {
        o << "  " << pad(c.urgency[u], wc[u]);
    }
    o << "\n";
    for (std::size_t i = 0; i < c.impact.size(); ++i) {
        o << "  " << pad(c.impact[i], w0);
        for (std::size_t u = 0; u < c.urgency.size(); ++u) {
            o << "  " << pad(c.matrix[i][u], wc[u]);
        }
        o << "\n";
    }
    const auto describe = [&](const char* name, const std::vector<std::string>& levels,
                              const std::map<std::string, std::string>& text) {
        if (text.empty()) {
            return;
        }
        o << "\n" << name << ":\n";
        for (const auto& l : levels) {
            const auto it = text.find(l);
            o << "  " << pad(l, 10) << (it == text.end() ? std::string("-") : it->second) << "\n";
        }
    };
    describe("Impact", c.impact, c.impact_describe);
    describe("Urgency", c.urgency, c.urgency_describe);
    o << "\nSLA targets (time on hold excluded)\n  " << pad("priority", 10) << pad("response", 10) << pad("resolution", 12)
      << "stale after\n";
    for (const auto& p : c.priorities) {
        const SlaTarget& s = c.sla.at(p);
        const auto stale = c.stale_threshold(p);
        o << "  " << pad(p, 10) << pad(format_duration_spec(s.response), 10) << pad(format_duration_spec(s.resolution), 12)
          << (stale ? format_duration_spec(*stale) : std::string("-")) << "\n";
    }
    o << "\nSupport levels\n";
    for (const auto& l : c.levels) {
        const auto g = c.groups.find(l);
        const auto m = c.managers.find(l);
        o << "  " << pad(l, 6) << "group " << pad(g == c.groups.end() ? std::string("-") : g->second, 16) << "manager "
          << (m == c.managers.end() ? std::string("-") : m->second) << "\n";
    }
    o << "\nCoordination required for: ";
    for (std::size_t i = 0; i < c.coordination_required_for.size(); ++i) {
        o << (i ? ", " : "") << c.coordination_required_for[i];
    }
    o << (c.coordination_required_for.empty() ? "-" : "") << "\nMajor when: ";
    for (std::size_t i = 0; i < c.major_rules.size(); ++i) {
        const MajorRule& r = c.major_rules[i];
        std::string parts;
        for (const auto& [k, v] : {std::pair{"impact", &r.impact}, std::pair{"urgency", &r.urgency},
                                   std::pair{"priority", &r.priority}}) {
            if (*v) {
                parts += (parts.empty() ? "" : " and ") + std::string(k) + " = " + **v;
            }
        }
        o << (i ? "; or " : "") << parts;
    }
    o << (c.major_rules.empty() ? "- (declare by hand)" : "") << "\n";
    o << "Auto-close resolved tickets after: " << format_duration_spec(c.auto_close_after) << "\n";
    o << "Git autocommit: " << (c.git_autocommit ? "on" : "off") << "\n";
    return printable_lines(o.str()); // a cloned store's config is as untrusted as its tickets
}

} // namespace itk
