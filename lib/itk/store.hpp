#pragma once
// The store (SPEC §2, §4): a directory with itk.toml, tickets/<ID>.json and .itk/ (locks,
// temporary files). Every write is atomic (temp file, fsync, rename); every change of a
// ticket happens under that ticket's lock, with the file re-read inside the lock.

#include "itk/config.hpp"
#include "itk/report.hpp"
#include "itk/fsio.hpp"
#include "itk/actions.hpp"
#include "itk/ticket.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace itk {

/// A ticket file that could not be read, named for the user.
struct BadFile {
    std::string path;
    std::string message;
};

/// A ticket written by this process: what hooks and autocommit act on.
struct Written {
    std::string id;
    std::vector<std::string> actions; ///< the actions of the events appended
    std::string text;                 ///< the file's new bytes
};

/// Every ticket of a store that parsed, and the files that did not.
struct Scan {
    std::vector<Ticket> tickets;
    std::vector<BadFile> bad;
    /// With ScanNeeds::facts, the KPI facts of each ticket's events (tickets[i]'s).
    std::vector<KpiFacts> facts;
};

/// What a scan keeps of each ticket.
struct ScanNeeds {
    /// The events of every ticket; else none (its projection and derived state stay: a tenth
    /// of the memory), except, with `events_since`, those of the tickets whose last event is at
    /// or after it (a report's as-of replay of a period ending then).
    bool events = true;
    std::optional<Time> events_since;
    bool facts = false; ///< Scan::facts
};

/// What a streamed scan does with the tickets of each batch it reads: `batch(count)` first, then
/// `make(slot, ticket, facts)` for each ticket read (slot < count), on any core (the ticket
/// may be moved from; facts are those of ScanNeeds), then `take(slot)` for each, in ID order,
/// on the calling thread.
struct ScanVisit {
    std::function<void(std::size_t count)> batch;
    std::function<void(std::size_t slot, Ticket& ticket, const KpiFacts& facts)> make;
    std::function<void(std::size_t slot)> take;
};

class Store {
public:
    /// Finds the root: `dir`, else $ITK_DIR, else the nearest ancestor of the working
    /// directory holding itk.toml. Usage error (exit 2) suggesting `itk init` when none.
    static fs::path find_root(const std::optional<std::string>& dir);

    explicit Store(fs::path root);

    const fs::path& root() const { return m_root; }
    /// Paths for messages; files are opened through the Dir handles below.
    fs::path tickets_dir() const { return m_root / "tickets"; }
    fs::path state_dir() const { return m_root / ".itk"; }
    fs::path ticket_path(const std::string& id) const { return tickets_dir() / (id + ".json"); }

    /// The root directory, opened once.
    const Dir& root_dir() const;
    /// tickets/, never through a symbolic link; nullopt when it does not exist yet.
    const std::optional<Dir>& tickets() const;
    /// A directory of the store (tickets, postmortems, .itk), created when missing.
    Dir make_dir(const std::string& name);
    /// .itk/tmp, where atomic writes stage their files.
    const StagingDir& temp();
    /// Whether tickets/<ID>.json exists (not followed when a symbolic link).
    bool has_ticket(const std::string& id) const;

    /// The config in force, loaded on first use.
    const Config& config();

    /// Resolves an ID argument: a full ID (any case, with or without the prefix) opens its
    /// file directly; otherwise a unique prefix among the file names. not_found when unknown
    /// or ambiguous (listing candidates); never names a path outside tickets/.
    std::string resolve_id(std::string_view arg);

    /// Reads and replays one ticket.
    Ticket load(const std::string& id) const;

    /// Changes one ticket under its lock: re-reads it, takes the time (refusing an ITK_NOW
    /// before its last event; a system clock behind it takes the last event's time), calls
    /// `change`, and writes the file atomically when the outcome says it changed.
    Outcome modify(const std::string& id, const std::string& actor,
                   const std::function<Outcome(Ticket&, const Context&)>& change);

    /// Rewrites a ticket file from its events (`fsck --fix`), under its lock, unless its bytes
    /// changed since they were `checked`; returns whether it wrote.
    bool rewrite(const std::string& id, std::string_view checked);
    /// Changes a ticket under its lock with no clock (an import merges history it did not
    /// make); writes it when `change` returns true. Returns whether it wrote.
    bool update(const std::string& id, const std::function<bool(Ticket&)>& change);
    /// Creates many tickets at once (an import): every file staged, one sync of the file
    /// system, then each linked into place (never replacing). I/O error naming a ticket that
    /// appeared meanwhile; those linked before it stay (running the import again completes it).
    void create_all(const std::vector<std::pair<std::string, std::string>>& tickets);

    /// Creates a ticket with a new ID (exclusive create, retried on a clash); returns the ID.
    std::string create(const std::string& actor, const std::function<Ticket(const Context&, const std::string&)>& build);
    /// Replaces the ID generator (generate_id()), so that a test can make IDs clash.
    void set_id_generator(std::function<std::string(const std::string& prefix)> generate)
    {
        m_generate = std::move(generate);
    }

    /// Every ticket file, parsed, handed to `visit` a batch at a time in ID order: the store is
    /// never held (store_scan.cpp). Bad files go to `bad` in ID order, never thrown. Without
    /// events, a file whose stamp is the one `.itk/cache` recorded is taken from there unread
    /// (scan_cache.hpp); the cache is rewritten as the scan goes when it learns something.
    void scan_each(const ScanNeeds& needs, const ScanVisit& visit, std::vector<BadFile>& bad);
    /// scan_each() into one Scan, for those who need every ticket at once.
    Scan scan(const ScanNeeds& needs);
    Scan scan(bool with_events = true) { return scan(ScanNeeds{with_events, std::nullopt, false}); }
    /// Reads again, with their events, the tickets a scan without events selected, and
    /// renders each on every core (`render`), handing the texts to `emit` in the order given:
    /// a long listing holds one batch, never the store. A file gone since is skipped, one that
    /// no longer parses is added to `bad`; a ticket changed since is rendered as it is now.
    void stream(const std::vector<std::string>& ids, const std::function<std::string(const Ticket&)>& render,
                const std::function<void(const std::string&)>& emit, std::vector<BadFile>& bad) const;
    /// The IDs of every ticket file, sorted, without parsing them.
    std::vector<std::string> ids() const;
    /// The IDs among ids() that start with one of `prefixes` (sorted), from `.itk/ids` when it
    /// was written for the very list of entries tickets/ has now (its device, inode, mtime and
    /// ctime in nanoseconds), else listed (and the index rewritten). A cache, never the truth:
    /// deleting it changes no answer.
    std::vector<std::string> indexed_ids(const std::vector<std::string>& prefixes);
    /// The IDs (sorted) of the ticket files whose bytes hold `needle`, read on every core
    /// without parsing them; unreadable files are left out.
    std::vector<std::string> ids_whose_file_holds(std::string_view needle) const;

    /// Holds one ticket's lock while `fn` runs (a write that does not read the ticket first,
    /// as `git-resolve` replacing conflict markers).
    void with_ticket_lock(const std::string& id, const std::function<void()>& fn);
    /// Holds a store-wide lock (e.g. for `open --dedup`) while `fn` runs.
    void with_store_lock(const std::string& name, const std::function<void()>& fn);

    /// The children of a parent: the tickets it lists whose `parent` is still its ID
    /// (the child's side is the truth). Missing or corrupt files are skipped.
    /// Unreadable children are reported in `bad` when given.
    std::vector<Ticket> children_of(const Ticket& parent, std::vector<BadFile>* bad = nullptr) const;

    /// Every ticket this Store wrote, in order (for hooks and autocommit).
    const std::vector<Written>& written() const { return m_written; }
    /// Other files this Store wrote for a change (a post-mortem), relative to the root.
    const std::vector<std::string>& written_files() const { return m_files; }
    /// Records such a file, for autocommit.
    void note_written_file(const std::string& relative) { m_files.push_back(relative); }
    /// With `[git] autocommit`, every change holds the store's commit lock from its first
    /// write until autocommit() is done, so that concurrent changes commit one by one.
    void release_commit_lock() { m_commit_lock.reset(); }

private:
    /// Takes the commit lock, with autocommit on and unless held already: before any other lock.
    void hold_commit_lock();
    Ticket load_from(const Dir& tickets, const std::string& id, struct stat* seen = nullptr) const;

    fs::path m_root;
    mutable std::optional<Dir> m_root_dir;
    mutable std::optional<std::optional<Dir>> m_tickets;
    std::optional<StagingDir> m_temp;
    std::function<std::string(const std::string&)> m_generate;
    std::optional<Config> m_config;
    std::vector<Written> m_written;
    std::vector<std::string> m_files;
    std::shared_ptr<void> m_commit_lock;
};

/// The time of a change to `t` (SPEC §3): now, refused when a fixed ITK_NOW is before its
/// last event; a system clock behind that event (skew) takes the event's time.
Time change_time(const Ticket& t);

/// A new random ID: PREFIX-XXXXXXXXXX (10 Crockford base-32 characters, 50 random bits).
std::string generate_id(const std::string& prefix);

/// Reads a whole regular file (not through a symbolic link), of at most 64 MiB.
std::string read_file(const fs::path& path);

/// Appends `block` to the file `name` of `dir` (created when missing) unless it holds `needle`
/// already; returns whether it wrote.
bool append_once(const Dir& dir, const std::string& name, const std::string& needle, const std::string& block,
                 const StagingDir& tmp);

/// Creates a store in `dir` (itk.toml with the defaults, tickets/, .gitignore ignoring
/// .itk/). Refused when one exists there.
void init_store(const fs::path& dir);

/// The actor (SPEC §3): `as`, else $ITK_ACTOR, else `git config user.email` in the store,
/// else $USER.
std::string resolve_actor(const std::optional<std::string>& as, const fs::path& root);

/// Store::scan_each() with what `make` makes of each ticket on the cores (nullopt: nothing),
/// handed to `take` in ID order: the batch of what was made is all it holds.
template <class T>
void scan_made(Store& store, const ScanNeeds& needs,
               const std::function<std::optional<T>(Ticket& ticket, const KpiFacts& facts)>& make,
               const std::function<void(T& made)>& take, std::vector<BadFile>& bad)
{
    std::vector<std::optional<T>> made;
    store.scan_each(needs,
                    ScanVisit{[&](std::size_t count) { made.assign(count, std::nullopt); },
                              [&](std::size_t i, Ticket& t, const KpiFacts& facts) { made[i] = make(t, facts); },
                              [&](std::size_t i) {
                                  if (made[i]) {
                                      take(*made[i]);
                                  }
                              }},
                    bad);
}

} // namespace itk
