#include "itk/postmortem.hpp"

#include "itk/render.hpp"
#include "itk/text.hpp"

#include <set>
#include <sstream>

namespace itk {

namespace {

// Markdown-safe one-line text from a ticket.
std::string md(const std::string& s)
{
    std::string out;
    for (char c : printable(s)) {
        if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '[' || c == ']') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string utc(Time t)
{
    std::string s = format_rfc3339(t);
    s[10] = ' ';
    s.pop_back();
    return s.substr(0, 16) + " UTC";
}

std::string str(const OptString& s) { return s.value_or(""); }

// When and how the ticket became major; `at` < 0 when it is not (or was withdrawn).
struct Declaration {
    Time at = -1; // not an optional: GCC 12 warns of a maybe-uninitialized one here
    std::string how;
};

Declaration declaration_of(const Ticket& t)
{
    Declaration d;
    for (const Event& e : t.events) {
        if (e.rejected) {
            continue;
        }
        if (e.action == Action::major_withdraw) {
            d.at = -1; // the declaration proved wrong; a later one counts
        } else if (d.at < 0 &&
                   ((e.action == Action::prioritize && e.declares_major.value_or(false)) || e.action == Action::major)) {
            d.at = e.at;
            d.how = e.action == Action::major ? "declared by " + md(e.by) + ": " + md(str(e.reason))
                                              : "matched a major.rules entry at prioritisation";
        }
    }
    return d;
}

void summary(std::ostringstream& o, const Ticket& t, const Declaration& d)
{
    o << "## Summary\n\n";
    o << "- Ticket: " << t.id << ", " << (t.major ? "major incident" : "incident") << ", status " << to_string(t.status)
      << "\n";
    o << "- Service: " << md(t.service.value_or("-")) << "\n";
    o << "- Opened: " << utc(t.opened_at) << " by " << md(t.events.front().by) << ", reported by " << md(t.caller.name)
      << "\n";
    if (d.at >= 0) {
        o << "- Declared major: " << utc(d.at) << " (" << d.how << ")\n";
    }
    o << "- Coordinator: " << md(t.coordinator.value_or("-")) << "\n";
    o << "- Owner: " << md(t.owner.value_or("-")) << ", level " << md(t.level)
      << (t.group ? " (" + md(*t.group) + ")" : std::string()) << "\n\n";
}

void impact(std::ostringstream& o, const Ticket& t, const std::vector<Ticket>& children)
{
    o << "## Impact\n\n";
    o << "- Priority: " << md(t.priority.value_or("not prioritised"));
    if (t.impact) {
        o << " (impact " << md(*t.impact) << ", urgency " << md(t.urgency.value_or("-")) << ")";
    }
    o << "\n";
    std::set<std::string> people{t.affected.name};
    for (const Ticket& c : children) {
        people.insert(c.affected.name);
    }
    o << "- Affected people: " << people.size() << " known (";
    bool first = true;
    for (const std::string& p : people) {
        o << (first ? "" : ", ") << md(p);
        first = false;
    }
    o << ")\n";
    o << "- Children: " << children.size() << "\n";
    for (const Ticket& c : children) {
        o << "  - " << c.id << " " << md(c.title) << " (" << md(c.caller.name) << ", " << to_string(c.status) << ")\n";
    }
}

void communications(std::ostringstream& o, const Ticket& t)
{
    o << "\n## Communications\n\n";
    bool any = false;
    for (const Event& e : t.events) {
        if (!e.rejected && (e.action == Action::major_update || (e.action == Action::note && e.is_public.value_or(false)))) {
            o << "- " << utc(e.at) << ", to " << md(e.audience.value_or("the caller")) << " (" << md(e.by)
              << "): " << md(e.action == Action::note ? str(e.text) : str(e.message)) << "\n";
            any = true;
        }
    }
    o << (any ? "" : "None recorded.\n");
}

void escalations(std::ostringstream& o, const Ticket& t)
{
    o << "\n## Escalations\n\n";
    bool any = false;
    for (const Event& e : t.events) {
        if (!e.rejected && (e.action == Action::escalate || e.action == Action::escalate_hierarchical)) {
            o << "- " << utc(e.at) << ": "
              << (e.action == Action::escalate_hierarchical
                      ? "hierarchical, to " + md(str(e.manager))
                      : "functional, " + md(str(e.from_level)) + " to " + md(str(e.level)))
              << ", by " << md(e.by) << ": " << md(str(e.reason)) << "\n";
            any = true;
        } else if (!e.rejected && (e.action == Action::assign || e.action == Action::route) && e.level) {
            o << "- " << utc(e.at) << ": functional, routed to " << md(str(e.group)) << " (" << md(*e.level) << "), by "
              << md(e.by) << "\n";
            any = true;
        }
    }
    o << (any ? "" : "None.\n");
}

void resolution(std::ostringstream& o, const Ticket& t, const Declaration& d)
{
    o << "\n## Resolution\n\n";
    if (!t.resolution) {
        o << "Not resolved yet.\n";
        return;
    }
    const Duration ttr = *t.resolved_at - t.opened_at - t.held_until(*t.resolved_at);
    o << "- " << (t.resolution->kind == "workaround" ? "Workaround" : "Permanent fix") << " by " << md(t.resolution->by)
      << " at " << utc(t.resolution->at) << (t.resolution->code ? ", code " + md(*t.resolution->code) : "") << ": "
      << md(t.resolution->notes) << "\n";
    o << "- Time to resolve: " << format_duration(ttr) << " from opening"
      << (t.held > 0 ? " (time on hold excluded: " + format_duration(t.held) + ")" : std::string()) << "\n";
    if (d.at >= 0) {
        o << "- From declaration to resolution: " << format_duration(*t.resolved_at - d.at) << "\n";
    }
}

} // namespace

std::string render_postmortem(const Ticket& t, const std::vector<Ticket>& children, Time now)
{
    std::ostringstream o;
    o << "# Post-mortem: " << t.id << " " << md(t.title) << "\n\n";
    o << "_Draft written by itk on " << utc(now)
      << " from the ticket's history. Complete the causes and actions; keep the facts._\n\n";
    const Declaration declared = declaration_of(t);
    summary(o, t, declared);
    impact(o, t, children);
    o << "\n## Timeline\n\nAll times UTC.\n\n| time | who | what |\n| --- | --- | --- |\n";
    for (const Event& e : t.events) {
        o << "| " << utc(e.at) << " | " << md(e.by) << " | " << md(describe_event(e)) << " |\n";
    }
    communications(o, t);
    escalations(o, t);
    resolution(o, t, declared);
    o << "\n## Causes\n\n<!-- Root cause and contributing factors: what happened, and why. -->\n";
    o << "\n## Actions\n\n<!-- What will prevent a recurrence or shorten the next one: owner and due date for each. -->\n";
    return o.str();
}

} // namespace itk
