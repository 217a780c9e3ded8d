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

std::string str(const Json& ev, const char* key) { return ev.contains(key) && ev[key].is_string() ? ev[key].get<std::string>() : ""; }

} // namespace

std::string render_postmortem(const Ticket& t, const std::vector<Ticket>& children, Time now)
{
    std::ostringstream o;
    o << "# Post-mortem: " << t.id << " " << md(t.title) << "\n\n";
    o << "_Draft written by itk on " << utc(now)
      << " from the ticket's history. Complete the causes and actions; keep the facts._\n\n";

    std::optional<Time> declared;
    std::string declared_how;
    for (const Json& ev : t.events) {
        const std::string action = str(ev, "action");
        if (!declared && ((action == "prioritize" && ev.value("major", false)) || action == "major")) {
            declared = parse_rfc3339(str(ev, "at"));
            declared_how = action == "major" ? "declared by " + md(str(ev, "by")) + ": " + md(str(ev, "reason"))
                                             : "matched a major.rules entry at prioritisation";
        }
    }

    o << "## Summary\n\n";
    o << "- Ticket: " << t.id << ", " << (t.major ? "major incident" : "incident") << ", status " << to_string(t.status)
      << "\n";
    o << "- Service: " << md(t.service.value_or("-")) << "\n";
    o << "- Opened: " << utc(t.opened_at) << " by " << md(t.events.front().value("by", std::string())) << ", reported by "
      << md(t.caller.name) << "\n";
    if (declared) {
        o << "- Declared major: " << utc(*declared) << " (" << declared_how << ")\n";
    }
    o << "- Coordinator: " << md(t.coordinator.value_or("-")) << "\n";
    o << "- Owner: " << md(t.owner.value_or("-")) << ", level " << md(t.level)
      << (t.group ? " (" + md(*t.group) + ")" : std::string()) << "\n\n";

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
    o << "\n## Timeline\n\nAll times UTC.\n\n| time | who | what |\n| --- | --- | --- |\n";
    for (const Json& ev : t.events) {
        const auto at = parse_rfc3339(str(ev, "at"));
        o << "| " << (at ? utc(*at) : "?") << " | " << md(str(ev, "by")) << " | " << md(describe_event(ev)) << " |\n";
    }

    o << "\n## Communications\n\n";
    bool any = false;
    for (const Json& ev : t.events) {
        if (str(ev, "action") == "major_update" || (str(ev, "action") == "note" && ev.value("public", false))) {
            const auto at = parse_rfc3339(str(ev, "at"));
            o << "- " << (at ? utc(*at) : "?") << ", to " << md(ev.value("audience", std::string("the caller"))) << " ("
              << md(str(ev, "by")) << "): " << md(str(ev, "action") == "note" ? str(ev, "text") : str(ev, "message"))
              << "\n";
            any = true;
        }
    }
    o << (any ? "" : "None recorded.\n");

    o << "\n## Escalations\n\n";
    any = false;
    for (const Json& ev : t.events) {
        if (str(ev, "action") == "escalate") {
            const auto at = parse_rfc3339(str(ev, "at"));
            o << "- " << (at ? utc(*at) : "?") << ": "
              << (str(ev, "kind") == "hierarchical" ? "hierarchical, to " + md(str(ev, "to"))
                                                     : "functional, " + md(str(ev, "from")) + " to " + md(str(ev, "to")))
              << ", by " << md(str(ev, "by")) << ": " << md(str(ev, "reason")) << "\n";
            any = true;
        }
    }
    o << (any ? "" : "None.\n");

    o << "\n## Resolution\n\n";
    if (t.resolution) {
        const Duration ttr = *t.resolved_at - t.opened_at - t.held_until(*t.resolved_at);
        o << "- " << (t.resolution->kind == "workaround" ? "Workaround" : "Permanent fix") << " by " << md(t.resolution->by)
          << " at " << utc(t.resolution->at) << (t.resolution->code ? ", code " + md(*t.resolution->code) : "") << ": "
          << md(t.resolution->notes) << "\n";
        o << "- Time to resolve: " << format_duration(ttr) << " from opening"
          << (t.held > 0 ? " (time on hold excluded: " + format_duration(t.held) + ")" : std::string()) << "\n";
        if (declared) {
            o << "- From declaration to resolution: " << format_duration(*t.resolved_at - *declared) << "\n";
        }
    } else {
        o << "Not resolved yet.\n";
    }

    o << "\n## Causes\n\n<!-- Root cause and contributing factors: what happened, and why. -->\n";
    o << "\n## Actions\n\n<!-- What will prevent a recurrence or shorten the next one: owner and due date for each. -->\n";
    return o.str();
}

} // namespace itk
