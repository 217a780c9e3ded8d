#pragma once
// Git-native stores (SPEC §11): the merge driver for concurrent versions of one ticket,
// the repository set-up that registers it, and autocommit.

#include "itk/store.hpp"
#include "itk/ticket.hpp"

#include <optional>
#include <string>
#include <vector>

namespace itk {

/// Replays events through the lifecycle: an event the rules refuse at its place is kept,
/// marked `"rejected": "<reason>"`, and has no effect; an event they allow loses any old
/// mark. The result's projection always equals replay() of its events.
Ticket replay_with_rules(std::vector<Event> events);

/// Merges two concurrent versions of one ticket (git's %A and %B; the base %O is implied:
/// the events both sides hold). Keeps every event of either side once, interleaves the
/// new ones by time (equal times: smaller canonical JSON first, so that the result does not
/// depend on the direction), keeps each side's own order, and replays with the rules.
/// Unknown top-level keys of both sides are kept (on a clash, the smaller JSON wins).
Ticket merge_tickets(const Ticket& ours, const Ticket& theirs);

/// `itk merge-file BASE OURS THEIRS`: reads the three files, writes the merge to OURS.
/// invalid_data when a side is not a ticket (git then reports a conflict); a side that is
/// empty or missing (the file was added on one branch only) is taken as it is.
void merge_files(const fs::path& base, const fs::path& ours, const fs::path& theirs);

/// `itk git-setup` (and `init --git`): `tickets/*.json merge=itk` in the store's
/// .gitattributes, `merge.itk.driver` naming `itk_binary` by its absolute path in the
/// repository's config, `.itk/` in .gitignore. Usage error when the store is not in a git
/// work tree. Returns what it did, for the user.
std::vector<std::string> git_setup(const fs::path& root, const fs::path& itk_binary);

/// With `[git] autocommit = true`: commits every file the store wrote (tickets, a
/// post-mortem) with a message like `INC-…: resolve (bob)`. Returns a warning when git
/// fails (the change itself is kept), or nothing.
std::optional<std::string> autocommit(const Store& store, const std::string& actor);

/// Runs git with arguments in `dir`; returns its exit status and, in `output`, its stdout.
int run_git(const fs::path& dir, const std::vector<std::string>& args, std::string* output = nullptr);

} // namespace itk
