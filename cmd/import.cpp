// itk import FORMAT FILE [--map MAP.toml] [--dry-run] [--strict]: another tool's history as
// events (SPEC §13). The whole file is checked before anything is written; stdout carries the
// IDs created, stderr the summary.

#include "commands.hpp"

#include "itk/import.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string format, file;
    std::optional<std::string> map;
    bool dry_run = false;
    bool strict = false;
};

constexpr std::size_t k_max_source_bytes = std::size_t{1} << 30;

std::string summary(const ImportReport& r, bool dry_run)
{
    std::string out = std::string(dry_run ? "dry run, nothing written: would create " : "created ") +
                      std::to_string(r.created.size()) + " ticket(s), " + (dry_run ? "update " : "updated ") +
                      std::to_string(r.updated.size()) + ", " + std::to_string(r.unchanged) + " unchanged; " +
                      std::to_string(r.events) + " event(s), " + std::to_string(r.implied) + " implied";
    std::size_t rejected = 0;
    for (const auto& [why, n] : r.rejected) {
        rejected += n;
    }
    out += ", " + std::to_string(rejected) + " rejected";
    for (const auto& [why, n] : r.rejected) {
        out += "\n  rejected " + std::to_string(n) + ": " + why;
    }
    if (!r.columns_unused.empty()) {
        std::string list;
        for (const std::string& c : r.columns_unused) {
            list += (list.empty() ? "" : ", ") + c;
        }
        out += "\ncolumns not imported: " + list;
    }
    return out;
}

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    const Config& cfg = store.config();
    const ImportMap map = o.map ? parse_import_map(read_regular_file(*o.map, std::size_t{1} << 20), *o.map, o.format)
                                : default_import_map(o.format);
    if (o.format == "csv" && !o.map) {
        throw Error(ErrorKind::usage, "import csv needs --map MAP.toml naming the columns (see examples/import/)");
    }
    const std::string text = read_regular_file(o.file, k_max_source_bytes);
    ImportReport report;
    std::vector<std::string> unused;
    std::vector<SourceTicket> sources = read_source(o.format, text, o.file, map, cfg, &unused);
    const std::string who = actor(g, store);
    report = import_tickets(store, who, std::move(sources), ImportOptions{o.dry_run, o.strict});
    report.columns_unused = unused;
    for (const std::string& id : report.created) {
        out(id + "\n");
    }
    say(g, summary(report, o.dry_run));
    return o.dry_run ? 0 : finish(g, store, who);
}

} // namespace

void register_import(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("import", "Import another tool's history: servicenow, csv (with a map) or ndjson",
                             [o, &g] { return run(*o, g); });
    c.arg("format", o->format, "servicenow, csv or ndjson", Values::import_format);
    c.arg("file", o->file, "The export to read", Values::file);
    c.option("--map", o->map, "How the file's columns and values map to itk (examples/import/)", Values::file);
    c.flag("--dry-run", o->dry_run, "Check and report; write nothing");
    c.flag("--strict", o->strict, "Refuse the whole import when the rules refuse any event");
}

} // namespace itk::cmd
