#pragma once
// Notification hooks (SPEC §11): after each change, the user's executable
// `$XDG_CONFIG_HOME/itk/hooks/post-<action>` (default ~/.config/itk/hooks) gets the ticket
// JSON on stdin and ITK_ID, ITK_ACTION, ITK_ACTOR in its environment. Hooks are never taken
// from the store: cloning a repository must not run its code.

#include "itk/store.hpp"

#include <string>
#include <vector>

namespace itk {

/// The user's hooks directory, or empty when it would lie inside the store.
fs::path hooks_dir(const fs::path& store_root);

/// Runs the hooks for every ticket the store wrote, synchronously, after its lock was
/// released. Returns one warning per failing hook; a failure never undoes the change.
std::vector<std::string> run_hooks(const Store& store, const std::string& actor);

} // namespace itk
