#pragma once
// Git-native stores (SPEC §11): the repository set-up that registers the merge driver (the
// merge itself is itk/merge.hpp), the warning when a clone lacks it, `git-resolve` for what
// git left conflicted, the staged ticket files for `fsck --cached`, and autocommit.

#include "itk/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace itk {

/// Runs git with arguments in `dir`; returns its exit status and, in `output`, its stdout.
int run_git(const fs::path& dir, const std::vector<std::string>& args, std::string* output = nullptr);

/// The `merge.itk.driver` command for `itk_binary`: the bare name `itk` when the `itk` found
/// on PATH is that binary (an upgrade never breaks it), else its absolute path, quoted.
std::string driver_command(const fs::path& itk_binary);

/// `itk git-setup` (and `init --git`): `tickets/*.json merge=itk` in the store's
/// .gitattributes, `merge.itk.driver` in the repository's config, `.itk/` in .gitignore.
/// Usage error when the store is not in a git work tree. Returns what it did, for the user;
/// `warnings` gets a merge attribute that overrides itk's (`union`, `binary`).
std::vector<std::string> git_setup(const fs::path& root, const fs::path& itk_binary, std::vector<std::string>& warnings);

/// `itk git-setup --global`: the driver in the user's global git config, for every clone.
std::vector<std::string> git_setup_global(const fs::path& itk_binary);

/// When the store is in a git work tree whose attributes name `merge=itk` for tickets but
/// whose git config has no usable `merge.itk.driver` (none, or a program that is gone): the
/// warning that says so and what to run. Cheap when the store is not in git: no process.
std::optional<std::string> missing_driver_warning(const fs::path& root);

/// What `itk git-resolve` did: one line per file resolved, one error per file it could not
/// (a stage whose blob is missing or too big, versions that hold no ticket, a file not
/// conflicted any more but "resolved" by hand into invalid data, with what to run).
struct ResolveReport {
    std::vector<std::string> said;
    std::vector<std::string> errors;
};
/// `itk git-resolve [PATH...]`: every ticket file git left conflicted (or those named),
/// merged from git's index stages 1-3 (a side without its stage deleted the file), written
/// under the ticket's lock and staged; the other files are still resolved when one fails.
ResolveReport git_resolve(Store& store, const std::vector<std::string>& paths);

/// A ticket file as git's index holds it (`fsck --cached`).
struct StagedFile {
    std::string path;  ///< relative to the store root: tickets/<ID>.json
    std::string text;  ///< its staged bytes (empty when unmerged or not a regular file)
    std::string issue; ///< why its bytes cannot be checked: unmerged, a symbolic link
};
/// Every ticket file staged in the index of the store's repository.
std::vector<StagedFile> staged_tickets(const fs::path& root);

/// With `[git] autocommit = true`: commits the files the store wrote (tickets, a post-mortem)
/// with a message like `INC-…: resolve (bob)`, then releases the store's commit lock (held
/// since its first write, so that concurrent itk processes commit one change each). Returns
/// a warning when nothing could be committed (git failed, or a merge, rebase or cherry-pick
/// is in progress: the change is then left in the work tree), or nothing.
std::optional<std::string> autocommit(Store& store, const std::string& actor);

} // namespace itk
