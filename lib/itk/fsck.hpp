#pragma once
// `itk fsck` (SPEC §8, §11): every ticket file is valid, named after its ID, in canonical bytes,
// with a projection equal to the replay of its events and every kept event allowed by the
// rules at its place; and the store holds no debris of a killed writer.

#include "itk/store.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itk {

/// One problem found by fsck.
struct Problem {
    std::string path;
    std::string message; ///< may start with the path (then with line:column)
    /// One line for people: `path: message`, or the message when it names the file already.
    std::string text() const { return message.rfind(path, 0) == 0 ? message : path + ": " + message; }
};

/// What the checks of one file's bytes found.
struct FileCheck {
    std::vector<Problem> problems;
    std::optional<Ticket> ticket; ///< when it parsed
    /// Every problem is one that rewriting the file from its events cures (its bytes are not
    /// canonical, or a field was edited by hand).
    bool fixable = false;
};

/// Checks the bytes of one ticket file, expected to hold ticket `id` (empty: any).
FileCheck check_ticket_text(std::string_view text, const std::string& path, const std::string& id);

/// What the link check needs of a ticket, and nothing more (a store of 100,000 tickets is
/// checked without keeping them all).
struct TicketLinks {
    std::string id;
    std::optional<std::string> parent;
    std::vector<std::string> children;
    Status status = Status::fresh;
    static TicketLinks of(const Ticket& t) { return {t.id, t.parent, t.children, t.status}; }
};

/// How check_links finds the tickets a link names.
struct LinkLookup {
    /// The links of an ID, among those checked or in the store; nullptr when absent.
    std::function<const TicketLinks*(const std::string&)> find;
    /// The file of a ticket, for messages.
    std::function<std::string(const std::string&)> path_of;
    /// Why an absent ticket is absent, with what to do, when it is not simply missing from
    /// the store (its file is invalid; `--cached`: in the store but not staged); "" otherwise.
    std::function<std::string(const std::string&)> absent_because;
};

/// The link problems among `tickets` (SPEC §11): a child names its parent exactly when the
/// parent lists it (a final parent keeps its list as history).
std::vector<Problem> check_links(const std::vector<const TicketLinks*>& tickets, const LinkLookup& lookup);

struct FsckOptions {
    bool fix = false;                 ///< rewrite fixable files canonically, remove debris (as `gofmt -w`)
    bool cached = false;              ///< the ticket files staged in git's index, not the work tree
    std::vector<std::string> paths;   ///< only these files (their links checked against the store)
};

struct FsckReport {
    std::vector<Problem> problems;     ///< what is left: exit 5 when any
    std::vector<std::string> fixed;    ///< files rewritten and debris removed by --fix
    std::vector<std::string> warnings; ///< debris left (temp files of processes that are gone)
    std::size_t checked = 0;
};

/// Checks every ticket file of the store (or those of `options`), and the links between them.
FsckReport fsck(Store& store, const FsckOptions& options);

} // namespace itk
