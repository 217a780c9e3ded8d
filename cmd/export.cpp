// itk export [--events] [list filters]: NDJSON on stdout, for DuckDB, Spark or a warehouse
// (SPEC §13): one line per ticket (its file's object without events), or per event with
// `ticket` and `seq`; ordered by ID, then seq.

#include "commands.hpp"

#include "itk/import.hpp"
#include "itk/listing.hpp"

namespace itk::cmd {

namespace {

struct Options {
    ListFilter filter;
    std::vector<std::string> where;
    bool events = false;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    const Config& cfg = store.config();
    ListFilter filter = o.filter;
    filter.all = true; // terminal tickets are history too
    filter.where = parse_where(cfg, o.where);
    // Selected and printed as the store is read, in ID order, without events (the scan cache
    // serves); with --events, the selected files are then read again a batch at a time.
    std::vector<BadFile> bad;
    if (o.events) {
        std::vector<std::string> ids;
        each_streamed(
            store, filter, cfg, now(), [](const Ticket& t) { return t.id; },
            [&](const std::string& id) { ids.push_back(id); }, bad);
        store.stream(
            ids,
            [](const Ticket& t) {
                std::string lines;
                for (std::size_t seq = 0; seq < t.events.size(); ++seq) {
                    lines += export_event_line(t, seq);
                }
                return lines;
            },
            [](const std::string& lines) { out(lines); }, bad);
    } else {
        each_streamed(
            store, filter, cfg, now(), [](const Ticket& t) { return export_line(t); },
            [](const std::string& line) { out(line); }, bad);
    }
    for (const BadFile& b : bad) {
        error_line(b.message);
    }
    return bad.empty() ? 0 : exit_code(ErrorKind::invalid_data);
}

} // namespace

void register_export(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("export", "Export tickets or events as NDJSON (DuckDB, Spark, a warehouse)",
                             [o, &g] { return run(*o, g); });
    ListFilter& f = o->filter;
    c.flag("--events", o->events, "One line per event, with 'ticket' and 'seq'");
    c.list("--status", f.status, "new, in_progress, on_hold, resolved, closed, cancelled, redirected", Values::status);
    c.list("--priority", f.priority, "Priority (P1, ...)", Values::priority);
    c.list("--type", f.type, "incident, request or change", Values::type);
    c.list("--group", f.group, "Group", Values::group);
    c.repeated("--where", o->where, "Custom field or string key KEY equal to VALUE", Values::field_where);
}

} // namespace itk::cmd
