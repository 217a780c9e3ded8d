#pragma once
// Human output: `show`, `list`, `config`. Nothing taken from a ticket reaches the terminal
// without printable(), whether or not stdout is a terminal.

#include "itk/config.hpp"
#include "itk/ticket.hpp"

#include <optional>
#include <string>
#include <vector>

namespace itk {

/// How to draw: colour only when asked (main decides: a terminal, no NO_COLOR, no --no-color).
struct Style {
    bool color = false;
};

/// One line describing an event for a timeline: "assign  owner bob".
std::string describe_event(const Event& event);
/// `itk show`: the ticket, its SLA standing at `now`, and its timeline (times in TZ).
/// `children` are listed with their states (a parent incident, SPEC §10).
std::string render_show(const Ticket& t, const std::vector<Ticket>& children, Time now, const Style& style);
/// One line of `itk list`, its columns made (printable, cut) but not yet aligned: what a list
/// keeps of each ticket.
struct ListRow {
    std::string id, pri, status, level, owner, age, title;
    OptString priority; ///< for its colour
    bool breached = false;
};
ListRow list_row(const Ticket& t, Time now);
/// `itk list`: aligned columns, one ticket a line.
std::string render_list(const std::vector<ListRow>& rows, const Style& style);
/// `itk list --format`: `{key}` (dotted for nested: `{caller.name}`) replaced by the value of
/// that key of the ticket file (empty when absent); `\t` and `\n` in the template are tab and
/// newline, `{{` and `}}` braces. One record a line, a tab, newline, CR or backslash inside a
/// value written `\t`, `\n`, `\r`, `\\`; `nul_terminated` (`-z`): values as they are, the
/// record ended by NUL.
std::string render_format(const Ticket& t, const std::string& format, bool nul_terminated = false);
/// The text of one --format key of a ticket (nullopt: absent or null; a string as it is,
/// anything else as compact JSON). The keys most formats name are read straight from the
/// ticket; any other from its JSON, built once in `*json` when given.
std::optional<std::string> format_value(const Ticket& t, const std::string& key, std::optional<Json>* json = nullptr);
/// format_value() from the ticket's JSON (to_json), the reference the direct reads must equal.
std::optional<std::string> format_value_json(const Json& ticket, const std::string& key);
/// Whether a --format names the events (else a list can drop them as it reads).
bool format_needs_events(const std::string& format);
/// One element of a JSON array of tickets as `itk list --json` prints it, in the bytes of the
/// whole array's dump(2), so that the array can be streamed: json_array_next() before each
/// element (the bracket, then commas), json_array_end() after the last.
std::string json_array_item(const Ticket& t);
std::string json_array_next(bool first);
/// The end of a streamed array: `[]` alone when no element was written.
std::string json_array_end(bool empty);
/// Checks a --format template before any ticket is printed.
void check_format(const std::string& format);
/// `itk config --json`: the config in force as JSON (durations in seconds).
Json config_to_json(const Config& config);
/// `itk config`: the config in force, with the matrix as a table.
std::string render_config(const Config& config);

} // namespace itk
