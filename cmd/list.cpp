// itk list: tickets by priority then age; filters, --json, --format. A corrupt file is
// named on stderr and left out, and the exit code is 5 after the rest is printed.

#include "commands.hpp"

#include "itk/listing.hpp"
#include "itk/period.hpp"
#include "itk/text.hpp"


namespace itk::cmd {

namespace {

struct Options {
    ListFilter filter;
    std::vector<std::string> where;
    std::optional<std::string> format;
    std::optional<std::size_t> limit;
    std::optional<std::string> opened_since, opened_until;
    std::vector<std::string> sort;
    bool nul = false;
};

int run(const Options& o, const Globals& g)
{
    // -z alone: the IDs, as `git ls-files -z` gives names.
    const std::optional<std::string> format = o.format ? o.format : o.nul ? std::optional<std::string>("{id}") : std::nullopt;
    if (format) {
        check_format(*format);
    }
    Store store = open_store(g);
    const Config& cfg = store.config();
    // Selected and sorted as the store is read, without events (the scan cache serves), each
    // ticket kept as what is printed of it; the JSON and formats that name the events then
    // read the selected files again, a batch at a time, in list order.
    const bool events = g.json || (format && format_needs_events(*format));
    ListFilter filter = o.filter;
    filter.limit = o.limit;
    filter.sort = o.sort;
    if (o.opened_since) {
        filter.opened_since = parse_time_bound(*o.opened_since, "--opened-since");
    }
    if (o.opened_until) {
        filter.opened_until = parse_time_bound(*o.opened_until, "--opened-until");
    }
    filter.where = parse_where(cfg, o.where);
    if (filter.parent) {
        filter.parent = store.resolve_id(*filter.parent);
    }
    const Time at = now();
    std::vector<BadFile> bad;
    const auto line = [&](const Ticket& t) { return render_format(t, *format, o.nul); };
    if (events) {
        const auto& ids = keep_until_exit(
            select_streamed<std::string>(store, filter, cfg, at, [](const Ticket& t) { return t.id; }, bad));
        std::size_t printed = 0;
        // --json wins over --format and -z, as it always did.
        store.stream(
            ids, [&](const Ticket& t) { return g.json ? json_array_item(t) : line(t); },
            [&](const std::string& text) { out(g.json ? json_array_next(printed++ == 0) + text : text); }, bad);
        if (g.json) {
            out(json_array_end(printed == 0));
        }
    } else if (format) {
        for (const std::string& text : keep_until_exit(select_streamed<std::string>(store, filter, cfg, at, line, bad))) {
            out(text);
        }
    } else {
        const auto row = [&](const Ticket& t) { return list_row(t, at); };
        out(render_list(keep_until_exit(select_streamed<ListRow>(store, filter, cfg, at, row, bad)), style(g)));
    }
    for (const BadFile& b : bad) {
        error_line(b.message);
    }
    return bad.empty() ? 0 : exit_code(ErrorKind::invalid_data);
}

} // namespace

void register_list(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("list", "List tickets by priority, then age (live ones unless --all)",
                             [o, &g] { return run(*o, g); });
    ListFilter& f = o->filter;
    c.list("--status", f.status, "new, in_progress, on_hold, resolved, closed, cancelled, redirected", Values::status);
    c.list("--priority", f.priority, "Priority (P1, ...)", Values::priority);
    c.list("--type", f.type, "incident, request or change", Values::type);
    c.list("--owner", f.owner, "Owner", Values::person);
    c.list("--group", f.group, "Group", Values::group);
    c.list("--level", f.level, "Support level (N1, ...)", Values::level);
    c.list("--caller", f.caller, "Caller or affected person (name or contact)", Values::person);
    c.list("--service", f.service, "Service");
    c.repeated("--where", o->where, "Custom field or string key KEY equal to VALUE (repeatable)", Values::field_where);
    c.option("--grep", f.grep, "Text in the title, description or ID (case-insensitive)");
    c.option("--parent", f.parent, "Children of this incident", Values::ticket);
    c.option("--limit", o->limit, "At most N tickets");
    c.flag("--major", f.major, "Major incidents only");
    c.flag("--open", f.open, "Not terminal and not resolved");
    c.flag("--all", f.all, "Also closed, cancelled and redirected tickets");
    c.flag("--stale", f.stale, "No event for longer than escalation.stale_after[priority]");
    c.flag("--breached", f.breached, "Past an SLA target (response or resolution)");
    c.option("--format", o->format, "One line per ticket, e.g. '{id}\\t{priority}\\t{title}'");
    c.option("--opened-since", o->opened_since, "Opened at or after (RFC 3339 or YYYY-MM-DD, UTC)", Values::time);
    c.option("--opened-until", o->opened_until, "Opened before (RFC 3339 or YYYY-MM-DD, UTC)", Values::time);
    c.list("--sort", o->sort, "Order by these keys, '-' for descending (default: priority,opened_at)", Values::sort_key);
    c.flag("-z", o->nul, "End records with NUL, values unescaped (with --format; alone: the IDs)");
}

} // namespace itk::cmd
