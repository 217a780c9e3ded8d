#include "itk/postmortem.hpp"

#include "itk/render.hpp"
#include "itk/text.hpp"

#include <set>
#include <sstream>

namespace itk {

namespace {

// Markdown-safe one-line text from a ticket.

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
            d.how = e.action == Action::major ? "declared by " + markdown_text(e.by) + ": " + markdown_text(str(e.reason))
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
    o << "- Service: " << markdown_text(t.service.value_or("-")) << "\n";
    o << "- Opened: " << utc(t.opened_at) << " by " << markdown_text(t.events.front().by) << ", reported by " << markdown_text(t.caller.name)
      << "\n";
    if (d.at >= 0) {
        o << "- Declared major: " << utc(d.at) << " (" << d.how << ")\n";
    }
    o << "- Coordinator: " << markdown_text(t.coordinator.value_or("-")) << "\n";
    o << "- Owner: " << markdown_text(t.owner.value_or("-")) << ", level " << markdown_text(t.level)
      << (t.group ? " (" + markdown_text(*t.group) + ")" : std::string()) << "\n\n";
}

void impact(std::ostringstream& o, const Ticket& t, const std::vector<Ticket>& children)
{
    o << "## Impact\n\n";
    o << "- Priority: " << markdown_text(t.priority.value_or("not prioritised"));
    if (t.impact) {
        o << " (impact " << markdown_text(*t.impact) << ", urgency " << markdown_text(t.urgency.value_or("-")) << ")";
    }
    o << "\n";
    std::set<std::string> people{t.affected.name};
    for (const Ticket& c : children) {
        people.insert(c.affected.name);
    }
    o << "- Affected people: " << people.size() << " known (";
    bool first = true;
    for (const std::string& p : people) {
        o << (first ? "" : ", ") << markdown_text(p);
        first = false;
    }
    o << ")\n";
    o << "- Children: " << children.size() << "\n";
    for (const Ticket& c : children) {
        o << "  - " << c.id << " " << markdown_text(c.title) << " (" << markdown_text(c.caller.name) << ", " << to_string(c.status) << ")\n";
    }
}

void communications(std::ostringstream& o, const Ticket& t)
{
    o << "\n## Communications\n\n";
    bool any = false;
    for (const Event& e : t.events) {
        if (!e.rejected && (e.action == Action::major_update || (e.action == Action::note && e.is_public.value_or(false)))) {
            o << "- " << utc(e.at) << ", to " << markdown_text(e.audience.value_or("the caller")) << " (" << markdown_text(e.by)
              << "): " << markdown_text(e.action == Action::note ? str(e.text) : str(e.message)) << "\n";
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
                      ? "hierarchical, to " + markdown_text(str(e.manager))
                      : "functional, " + markdown_text(str(e.from_level)) + " to " + markdown_text(str(e.level)))
              << ", by " << markdown_text(e.by) << ": " << markdown_text(str(e.reason)) << "\n";
            any = true;
        } else if (!e.rejected && (e.action == Action::assign || e.action == Action::route) && e.level) {
            o << "- " << utc(e.at) << ": functional, routed to " << markdown_text(str(e.group)) << " (" << markdown_text(*e.level) << "), by "
              << markdown_text(e.by) << "\n";
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
    o << "- " << (t.resolution->kind == "workaround" ? "Workaround" : "Permanent fix") << " by " << markdown_text(t.resolution->by)
      << " at " << utc(t.resolution->at) << (t.resolution->code ? ", code " + markdown_text(*t.resolution->code) : "") << ": "
      << markdown_text(t.resolution->notes) << "\n";
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
    o << "# Post-mortem: " << t.id << " " << markdown_text(t.title) << "\n\n";
    o << "_Draft written by itk on " << utc(now)
      << " from the ticket's history. Complete the causes and actions; keep the facts._\n\n";
    const Declaration declared = declaration_of(t);
    summary(o, t, declared);
    impact(o, t, children);
    o << "\n## Timeline\n\nAll times UTC.\n\n| time | who | what |\n| --- | --- | --- |\n";
    for (const Event& e : t.events) {
        o << "| " << utc(e.at) << " | " << markdown_text(e.by) << " | " << markdown_text(describe_event(e)) << " |\n";
    }
    communications(o, t);
    escalations(o, t);
    resolution(o, t, declared);
    o << "\n## Causes\n\n<!-- Root cause and contributing factors: what happened, and why. -->\n";
    o << "\n## Actions\n\n<!-- What will prevent a recurrence or shorten the next one: owner and due date for each. -->\n";
    return o.str();
}

} // namespace itk
