#pragma once
// The merge of concurrent versions of one ticket (SPEC §11): a pure function of the three
// versions git hands its driver (%O %A %B), and the file-level driver around it.

#include "itk/ticket.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace itk {

namespace fs = std::filesystem;

/// Replays events through the lifecycle: an event the rules refuse at its place is kept,
/// marked `"rejected": "<reason>"`, and has no effect; an event they allow loses any old
/// mark. The result's projection always equals replay() of its events.
Ticket replay_with_rules(std::vector<Event> events);

/// Merges two concurrent versions of one ticket as sets of events against their base:
/// an event new on either side is added (once, when both sides added it); an event of the
/// base that either side no longer holds is gone (a revert, a commit dropped in a rebase).
/// The n-th copy of an identical event on one side matches the n-th on another. New events
/// are interleaved by time, equal times smaller canonical JSON first, each side's own order
/// kept, so that the result does not depend on the direction; then replayed with the rules.
/// Unknown top-level keys merge the same way: a side's change wins over the base; when both
/// changed one key, the smaller JSON wins.
Ticket merge_tickets(const Ticket& base, const Ticket& ours, const Ticket& theirs);

/// The merge of two versions with no common base (a ticket added on both branches): every
/// event of either side, once.
Ticket merge_tickets(const Ticket& ours, const Ticket& theirs);

/// The three versions' bytes merged: a version that is empty (missing, or added on one
/// side only) is no ticket. Returns the merged file's bytes, or nullopt when neither side
/// holds a ticket. invalid_data (naming `names`' file) when a version is not a ticket, or
/// the sides hold different tickets.
struct MergeNames {
    std::string base = "BASE", ours = "OURS", theirs = "THEIRS";
};
std::optional<std::string> merge_texts(std::string_view base, std::string_view ours, std::string_view theirs,
                                       const MergeNames& names);

/// `itk merge-file BASE OURS THEIRS`: reads the three files, writes the merge to OURS.
void merge_files(const fs::path& base, const fs::path& ours, const fs::path& theirs);

} // namespace itk
