#pragma once
// What every command shares: global options, the command table entry, and the few steps
// each `run` repeats (open the store, find the actor, print).

#include "itk/error.hpp"
#include "itk/actions.hpp"
#include "itk/render.hpp"
#include "itk/store.hpp"
#include "itk/ticket_file.hpp"

#include "cli.hpp"

#include <functional>
#include <optional>
#include <string>

namespace itk::cmd {

/// Options of the main app, accepted before or after the subcommand.
struct Globals {
    std::optional<std::string> dir;
    std::optional<std::string> as;
    bool json = false;
    bool quiet = false;
    bool no_color = false;
};

/// Declares a subcommand under the root command: its arguments, and what it runs.
using Register = void (*)(Command& root, Globals& globals);

/// The help of every ticket ID argument.
inline constexpr const char* k_id_help = "Ticket ID (a unique prefix is enough)";

/// The store named by --dir/$ITK_DIR/the working directory. Warns (once, unless --quiet)
/// when the store is in a git clone that lacks itk's merge driver (SPEC §11).
Store open_store(const Globals& g, bool check_git = true);
/// The actor of a change in this store.
std::string actor(const Globals& g, const Store& store);
/// Style for human output: colour on a terminal, unless NO_COLOR or --no-color.
Style style(const Globals& g);

/// A message for people, on stderr, unless --quiet.
void say(const Globals& g, const std::string& message);
/// `itk: error: MESSAGE` on stderr, ticket text scrubbed (also with --quiet).
void error_line(const std::string& message);
/// `itk: warning: MESSAGE` on stderr, ticket text scrubbed (also with --quiet).
void warn(const std::string& message);
/// Data for scripts, on stdout (buffered; flush_out() writes it).
void out(const std::string& data);
/// Keeps a value alive until the process exits, never freed: freeing the 100,000 rows of a
/// `list` costs time for nothing (the kernel takes the memory back at once). Reachable from a
/// global, so a leak checker does not count it.
struct KeptNode {
    virtual ~KeptNode() = default;
    const KeptNode* next = nullptr;
};
void keep_node(KeptNode* node);
template <class T>
const T& keep_until_exit(T&& value)
{
    struct Node : KeptNode {
        explicit Node(T&& v) : value(std::move(v)) {}
        T value;
    };
    auto* node = new Node(std::move(value));
    keep_node(node);
    return node->value;
}
/// Writes what out() holds; returns the errno of the first write that failed, or 0.
int flush_out();

/// After a write command: runs the user's hooks for every ticket written (locks released),
/// reports failing hooks as warnings; returns 0 (a failing hook keeps the change).
int finish(const Globals& g, Store& store, const std::string& actor);

/// Resolves the ID, changes the ticket under its lock with `change`, reports the outcome.
int change_ticket(const Globals& g, const std::string& id_arg,
                  const std::function<Outcome(Ticket&, const Context&)>& change);

/// The running itk binary, by its absolute path (for git's merge driver).
fs::path self_path();

/// Reads standard input whole (for `--description -`).
std::string read_stdin();

} // namespace itk::cmd
