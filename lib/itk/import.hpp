#pragma once
// Import (SPEC §13): the history of another tool, as events. Three formats: ServiceNow's
// incident audit export (a row per update), a CSV of one row per ticket described by a map
// (GLPI, Jira Service Management, a spreadsheet), and itk's own NDJSON export. The whole file
// is read and checked before anything is written; IDs derive from the source, so that
// importing the same file twice writes nothing and a later export adds only what is new.

#include "itk/config.hpp"
#include "itk/store.hpp"
#include "itk/ticket.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace itk {

/// How a source file maps to itk (a TOML file, examples/import/): its columns, its values,
/// how it writes dates, which columns are custom fields.
struct ImportMap {
    std::string system;                   ///< recorded in `source.system`
    std::string timezone = "UTC";         ///< how the file's dates are read: UTC, +01:00, Europe/Paris
    std::string date_format;              ///< strptime-like: %d %m %Y %y %H %I %M %S %p %b
    std::string resolution_kind = "permanent";
    Duration close_after = 0;             ///< the delay close events record (the source closed on its own)
    std::map<std::string, std::string> columns;                          ///< itk name -> source column
    std::map<std::string, std::map<std::string, std::string>> values;    ///< itk name -> source value -> itk value
    std::map<std::string, std::string> fields;                           ///< source column -> custom field
};

/// Reads a map (`--map`); `format` gives the defaults (servicenow, csv).
ImportMap parse_import_map(std::string_view text, const std::string& path, const std::string& format);
/// The formats of `itk import` (for completion and messages).
const std::vector<std::string>& import_formats();
/// The map a format uses without --map (servicenow's columns; csv needs one).
ImportMap default_import_map(const std::string& format);

/// One ticket of the source, as events, before it meets the store.
struct SourceTicket {
    std::string id;            ///< derived from system and number (or the export's own, ndjson)
    std::optional<Source> source;
    std::vector<Event> events; ///< in time order
    std::size_t line = 0;      ///< where it starts in the file, for messages
};

/// Reads a whole source file into tickets: invalid_data `FILE:LINE: ...` on a row that cannot
/// be read (a bad date, an unknown state). `columns_unused` receives the columns not imported.
std::vector<SourceTicket> read_source(const std::string& format, std::string_view text, const std::string& path,
                                      const ImportMap& map, const Config& config,
                                      std::vector<std::string>* columns_unused = nullptr);

/// The ID a source ticket gets in a store: PREFIX- and 10 Crockford characters of a hash of
/// the system and the number (so that clones and re-imports agree).
std::string derived_id(const std::string& prefix, const std::string& system, const std::string& number);

/// What an import did, or would do (--dry-run).
struct ImportReport {
    std::vector<std::string> created;   ///< IDs of new tickets
    std::vector<std::string> updated;   ///< IDs of tickets that gained events
    std::size_t unchanged = 0;          ///< tickets already holding every event
    std::size_t events = 0;             ///< events added
    std::size_t implied = 0;            ///< of those, steps the source skipped, recorded at the same instant
    std::map<std::string, std::size_t> rejected; ///< events the rules refused, by reason
    std::vector<std::string> columns_unused;
};

struct ImportOptions {
    bool dry_run = false;
    bool strict = false; ///< any rejected event refuses the whole import
};

/// Replays each source ticket through the rules (recording the implied steps, marking what is
/// still refused), merges it with the ticket already in the store, and writes what changed
/// (nothing with dry_run). With strict, refused (exit 4) before writing when any event is
/// rejected.
ImportReport import_tickets(Store& store, const std::string& actor, std::vector<SourceTicket> sources,
                            const ImportOptions& options);

/// `itk export`: one line of JSON per ticket (the file's object without its events), or per
/// event with `ticket` and `seq` added; in ID then seq order.
std::string export_line(const Ticket& ticket);
std::string export_event_line(const Ticket& ticket, std::size_t seq);

} // namespace itk
