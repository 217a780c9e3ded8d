#pragma once
// A ticket file (SPEC §5): the projection in a fixed key order, then the events, 2-space
// indent, a final newline. Reading is strict (json_reader.hpp) and replays the events: the
// events are the truth, the file's copy of the projection is only checked by fsck.

#include "itk/ticket.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace itk {

/// The projection and events as a JSON object, keys in SPEC §5 order. With `as_read`, the keys
/// the file read did not hold (Ticket::absent_keys) are left out, as in that file.
Json to_json(const Ticket& ticket, bool as_read = false);
/// The text to_json(ticket, as_read).dump(indent) prints (without "events" unless `events`),
/// written without building the tree, each line after the first indented `depth` levels more
/// (an item of an indented array: 1).
std::string ticket_json_text(const Ticket& ticket, int indent, std::size_t depth = 0, bool as_read = false,
                             bool events = true);
/// The exact bytes of a ticket file: 2-space indent, trailing newline.
std::string serialize(const Ticket& ticket);
/// The canonical bytes of the file as it was read: serialize() without the keys it lacked.
std::string serialize_as_read(const Ticket& ticket);
/// Parses a ticket file and replays its events. invalid_data errors name `path` and, for
/// JSON errors and conflict markers, the line and column.
/// With `projection`, also the stored projection (every key but events), for `fsck` to
/// compare with the replay: the file parsed once.
Ticket parse_ticket(std::string_view text, const std::string& path, Json* projection = nullptr);

/// The bulk read path (SPEC §12): the same ticket as parse_ticket, or its error, read with
/// simdjson straight into the ticket when the file holds nothing the strict reader spells its
/// own way (then by parse_ticket).
Ticket read_ticket(std::string_view text, const std::string& path);
/// read_ticket's simdjson half: the ticket, or nullopt when the strict reader must decide
/// (anything invalid, a duplicate key, too deep, a non-integer number, a \\u escape, a byte-order
/// mark, a key this version does not know). Exposed for the differential test.
std::optional<Ticket> read_ticket_simd(std::string_view text);

} // namespace itk
