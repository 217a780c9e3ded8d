#pragma once
// Operations over a whole store, built from the lifecycle and the store: what a command
// needs beyond changing one ticket.

#include "itk/error.hpp"
#include "itk/actions.hpp"
#include "itk/store.hpp"

#include <string>
#include <vector>

namespace itk {

/// Result of `open`: the ticket's ID, and whether it is a new ticket or a deduplicated one.
struct Opened {
    std::string id;
    bool created = true;
    std::string message;
};

/// `itk open`: registers a ticket. With `args.dedup`, when a non-terminal ticket carries the
/// same key it adds a note to it instead (under a store lock, so two alerts never race).
/// `follows` is resolved and must name a closed ticket.
Opened open_ticket_in(Store& store, const std::string& actor, OpenArgs args, const OptString& follows_arg);

/// What a `close --auto` sweep did.
struct Sweep {
    std::vector<std::string> closed; ///< IDs closed
    std::vector<BadFile> bad;        ///< ticket files that could not be read (left alone)
    std::vector<Error> failed;       ///< tickets that could not be closed, for another reason
};
/// `itk close --auto`: closes, unconfirmed, every ticket resolved for at least
/// closure.auto_close_after (a major incident waits for its post-mortem).
Sweep close_auto(Store& store, const std::string& actor);

/// `itk cancel ID --reason R [--duplicate-of OTHER]`: OTHER must be an existing ticket.
Outcome cancel_ticket(Store& store, const std::string& actor, const std::string& id, const std::string& reason,
                      const OptString& duplicate_of);

/// `itk resolve`: resolves the ticket and, first, every open child (each with its own event
/// naming the parent), so that a run interrupted after some children is completed by
/// running it again. Refused before any child is touched when the parent may not be resolved.
Outcome resolve_with_children(Store& store, const std::string& actor, const std::string& id, const std::string& solution,
                              const std::string& kind, const OptString& code);

/// `itk link CHILD --parent PARENT`: the parent lists the child, then the child names its
/// parent; refused (nothing written) when either side may not take the link.
Outcome link_tickets(Store& store, const std::string& actor, const std::string& child, const std::string& parent);
/// `itk unlink CHILD`: the child first, then the parent's list.
Outcome unlink_ticket(Store& store, const std::string& actor, const std::string& child);
/// `itk unlink CHILD --from PARENT`: takes CHILD off PARENT's list of children when CHILD does
/// not name PARENT (a stale entry left by concurrent links that `fsck` reports). CHILD may be
/// gone from the store. Refused when CHILD names PARENT: `itk unlink CHILD` detaches both.
Outcome release_child(Store& store, const std::string& actor, const std::string& child, const std::string& parent);

/// `itk postmortem ID`: writes `postmortems/<ID>.md` (refused when it exists, unless
/// `force`: people edit it), then records a `postmortem` event. Returns the path written.
Outcome write_postmortem(Store& store, const std::string& actor, const std::string& id, bool force);

} // namespace itk
