// itk list: tickets by priority then age; filters, --json, --format. A corrupt file is
// named on stderr and left out, and the exit code is 5 after the rest is printed.

#include "commands.hpp"

#include "itk/query.hpp"
#include "itk/text.hpp"

#include <iostream>

namespace itk::cmd {

namespace {

struct Options {
    ListFilter filter;
    std::optional<std::string> format;
    std::optional<std::size_t> limit;
};

int run(const Options& o, const Globals& g)
{
    if (o.format) {
        check_format(*o.format);
    }
    Store store = open_store(g);
    const Config& cfg = store.config();
    const Scan scan = store.scan();
    ListFilter filter = o.filter;
    filter.limit = o.limit;
    if (filter.parent) {
        filter.parent = store.resolve_id(*filter.parent);
    }
    const Time at = now();
    const std::vector<const Ticket*> selected = select(scan.tickets, filter, cfg, at);
    if (g.json) {
        Json array = Json::array();
        for (const Ticket* t : selected) {
            array.push_back(to_json(*t));
        }
        out(array.dump(2) + "\n");
    } else if (o.format) {
        for (const Ticket* t : selected) {
            out(render_format(*t, *o.format));
        }
    } else {
        out(render_list(selected, at, style(g)));
    }
    for (const BadFile& bad : scan.bad) {
        std::cerr << "itk: error: " << printable(bad.message) << "\n";
    }
    return scan.bad.empty() ? 0 : exit_code(ErrorKind::invalid_data);
}

} // namespace

void register_list(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "list", "List tickets by priority, then age (live ones unless --all)", selected,
                                [&g] { return run(o, g); });
    ListFilter& f = o.filter;
    const auto many = [&](const char* name, std::vector<std::string>& into, const char* help) {
        sub->add_option(name, into, help)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->delimiter(',');
    };
    many("--status", f.status, "new, in_progress, on_hold, resolved, closed, cancelled, redirected");
    many("--priority", f.priority, "Priority (P1, ...)");
    many("--type", f.type, "incident, request or change");
    many("--owner", f.owner, "Owner");
    many("--group", f.group, "Group");
    many("--level", f.level, "Support level (N1, ...)");
    many("--caller", f.caller, "Caller or affected person (name or contact)");
    many("--service", f.service, "Service");
    sub->add_option("--grep", f.grep, "Text in the title, description or ID (case-insensitive)");
    sub->add_option("--parent", f.parent, "Children of this incident");
    sub->add_option("--limit", o.limit, "At most N tickets")->check(
        [](const std::string& v) {
            return !v.empty() && v.find_first_not_of("0123456789") == std::string::npos ? std::string()
                                                                                         : "expected a whole number, e.g. 20";
        },
        "N");
    sub->add_flag("--major", f.major, "Major incidents only");
    sub->add_flag("--open", f.open, "Not terminal and not resolved");
    sub->add_flag("--all", f.all, "Also closed, cancelled and redirected tickets");
    sub->add_flag("--stale", f.stale, "No event for longer than escalation.stale_after[priority]");
    sub->add_flag("--breached", f.breached, "Past an SLA target (response or resolution)");
    sub->add_option("--format", o.format, "One line per ticket, e.g. '{id}\\t{priority}\\t{title}'");
}

} // namespace itk::cmd
