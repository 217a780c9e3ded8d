#include "itk/git.hpp"

#include "itk/error.hpp"
#include "itk/json_reader.hpp"
#include "itk/lifecycle.hpp"
#include "itk/projection.hpp"
#include "itk/ticket_file.hpp"

#include <algorithm>
#include <fcntl.h>
#include <map>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace itk {

namespace {

// An event's identity: its content without a merge's "rejected" mark. Events are decoded and
// encoded canonically, so key order and spacing (one side re-saved by `jq -S` or an editor)
// never make two copies of one event differ.
std::string identity(const Event& ev)
{
    Event copy = ev;
    copy.rejected.reset();
    return encode_event(copy).dump();
}

} // namespace

Ticket replay_with_rules(std::vector<Event> events)
{
    Ticket t;
    for (Event& ev : events) {
        ev.rejected.reset();
        if (const auto why = refusal(t, ev)) {
            ev.rejected = *why;
        }
        apply(t, ev);
        t.events.push_back(std::move(ev));
    }
    return t;
}

Ticket merge_tickets(const Ticket& ours, const Ticket& theirs)
{
    const std::vector<Event>& a = ours.events;
    const std::vector<Event>& b = theirs.events;
    // The n-th occurrence of an event on one side matches the n-th on the other: the same
    // note typed twice in one second is two events, not one.
    const auto identities = [](const std::vector<Event>& events) {
        std::map<std::string, int> seen;
        std::vector<std::string> out;
        for (const Event& ev : events) {
            const std::string id = identity(ev);
            out.push_back(id + "#" + std::to_string(seen[id]++));
        }
        return out;
    };
    const std::vector<std::string> ida = identities(a);
    const std::vector<std::string> idb = identities(b);
    const std::set<std::string> in_a(ida.begin(), ida.end());
    const std::set<std::string> in_b(idb.begin(), idb.end());

    // A two-way merge of two time-ordered sequences: common events are taken once, and at
    // equal times the smaller identity goes first, whichever side it comes from.
    std::vector<Event> merged;
    std::set<std::string> taken;
    std::size_t i = 0, j = 0;
    const auto take = [&](const Event& ev, const std::string& id) {
        if (taken.insert(id).second) {
            merged.push_back(ev);
        }
    };
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && taken.count(ida[i])) {
            ++i;
            continue;
        }
        if (j < b.size() && taken.count(idb[j])) {
            ++j;
            continue;
        }
        if (i < a.size() && j < b.size() && ida[i] == idb[j]) {
            take(a[i], ida[i]);
            ++i;
            ++j;
            continue;
        }
        bool from_a = false;
        if (j >= b.size()) {
            from_a = true;
        } else if (i < a.size()) {
            const Time ta = a[i].at;
            const Time tb = b[j].at;
            // A common event waits for the side that has not reached it yet: it belongs after
            // that side's new events of the same time.
            if (ta != tb) {
                from_a = ta < tb;
            } else if (in_b.count(ida[i]) != in_a.count(idb[j])) {
                from_a = in_b.count(ida[i]) == 0;
            } else {
                from_a = ida[i] < idb[j];
            }
        }
        if (from_a) {
            take(a[i], ida[i]);
            ++i;
        } else {
            take(b[j], idb[j]);
            ++j;
        }
    }

    Ticket t = replay_with_rules(std::move(merged));
    // Unknown keys in key order, so that the bytes do not depend on the direction.
    std::map<std::string, Json> extra;
    for (const Json* side : {&ours.extra, &theirs.extra}) {
        for (const auto& [key, value] : side->items()) {
            const auto it = extra.find(key);
            if (it == extra.end() || value.dump() < it->second.dump()) {
                extra[key] = value;
            }
        }
    }
    t.extra = Json::object();
    for (const auto& [key, value] : extra) {
        t.extra[key] = value;
    }
    return t;
}

void merge_files(const fs::path& base, const fs::path& ours, const fs::path& theirs)
{
    (void)base; // the common events are those both sides hold; see merge_tickets()
    const auto read = [](const fs::path& p) -> std::optional<Ticket> {
        std::error_code ec;
        if (!fs::exists(p, ec)) {
            return std::nullopt;
        }
        const std::string text = read_regular_file(p, k_max_ticket_bytes);
        if (text.empty()) {
            return std::nullopt;
        }
        return parse_ticket(text, p.string());
    };
    const std::optional<Ticket> a = read(ours);
    const std::optional<Ticket> b = read(theirs);
    if (!a && !b) {
        return;
    }
    if (a && b && a->id != b->id) {
        fail_invalid("cannot merge '" + a->id + "' with '" + b->id + "': not the same ticket");
    }
    const Ticket merged = a && b ? merge_tickets(*a, *b) : a ? replay_with_rules(a->events) : replay_with_rules(b->events);
    Ticket out = merged;
    if (!(a && b)) {
        out.extra = a ? a->extra : b->extra;
    }
    write_file_atomic(ours, serialize(out));
}

int run_git(const fs::path& dir, const std::vector<std::string>& args, std::string* output)
{
    std::vector<std::string> argv_s = {"git", "-C", dir.string()};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : argv_s) {
        argv.push_back(s.data());
    }
    argv.push_back(nullptr);
    int pipefd[2];
    if (::pipe2(pipefd, O_CLOEXEC) != 0) {
        return -1;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipefd[1]);
    std::string out;
    if (rc == 0) {
        char buf[4096];
        ssize_t n = 0;
        while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
            if (n > 0) {
                out.append(buf, static_cast<std::size_t>(n));
            }
        }
    }
    ::close(pipefd[0]);
    if (rc != 0) {
        return -1;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    if (output != nullptr) {
        *output = out;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::string> git_setup(const fs::path& root, const fs::path& itk_binary)
{
    std::vector<std::string> said;
    std::string inside;
    if (run_git(root, {"rev-parse", "--is-inside-work-tree"}, &inside) != 0 || inside.rfind("true", 0) != 0) {
        fail_usage("'" + root.string() + "' is not in a git work tree; run 'git init' there first (or 'itk init --git')");
    }
    const Dir dir = Dir::open_root(root);
    const StagingDir tmp(dir.make(".itk").make("tmp"));
    const std::string line = "tickets/*.json merge=itk";
    if (append_once(dir, ".gitattributes", line,
                    "# itk merges concurrent changes of a ticket event by event (itk git-setup)\n" + line + "\n", tmp)) {
        said.push_back("added '" + line + "' to .gitattributes");
    }
    if (append_once(dir, ".gitignore", ".itk/", "# itk's local state: locks and temporary files\n.itk/\n", tmp)) {
        said.push_back("added '.itk/' to .gitignore");
    }
    const std::string binary = fs::absolute(itk_binary).lexically_normal().string();
    if (binary.find('\'') != std::string::npos) {
        fail_usage("cannot register a merge driver from a path holding a quote: '" + binary + "'");
    }
    const std::string driver = "'" + binary + "' merge-file %O %A %B";
    if (run_git(root, {"config", "merge.itk.name", "itk ticket merge (event by event)"}) != 0 ||
        run_git(root, {"config", "merge.itk.driver", driver}) != 0) {
        fail_io("set merge.itk.driver in the git config of", root.string(), EIO);
    }
    said.push_back("merge.itk.driver = " + driver + " (in this clone's .git/config: run 'itk git-setup' once per clone)");
    return said;
}

std::optional<std::string> autocommit(const Store& store, const std::string& actor)
{
    if (store.written().empty() && store.written_files().empty()) {
        return std::nullopt;
    }
    std::vector<std::string> paths;
    std::string subject;
    std::string body;
    for (const Written& w : store.written()) {
        paths.push_back("tickets/" + w.id + ".json");
        std::string actions;
        for (const std::string& a : w.actions) {
            if (actions.find(a) == std::string::npos) {
                actions += (actions.empty() ? "" : ", ") + a;
            }
        }
        const std::string line = w.id + ": " + actions + " (" + actor + ")";
        if (subject.empty()) {
            subject = line;
        } else {
            body += line + "\n";
        }
    }
    for (const std::string& f : store.written_files()) {
        paths.push_back(f);
    }
    if (store.written().size() > 1) {
        // The last ticket written is the one the command named (children are written first).
        subject = store.written().back().id + ": ";
        std::string actions;
        for (const std::string& a : store.written().back().actions) {
            actions += (actions.empty() ? "" : ", ") + a;
        }
        subject += actions + " (" + actor + ")";
        body.clear();
        for (std::size_t k = 0; k + 1 < store.written().size(); ++k) {
            const Written& w = store.written()[k];
            body += w.id + ": " + (w.actions.empty() ? std::string() : w.actions.back()) + "\n";
        }
    }
    std::vector<std::string> add = {"add", "--"};
    add.insert(add.end(), paths.begin(), paths.end());
    std::vector<std::string> commit = {"commit", "-q", "--no-verify", "-m", subject};
    if (!body.empty()) {
        commit.push_back("-m");
        commit.push_back(body);
    }
    commit.push_back("--");
    commit.insert(commit.end(), paths.begin(), paths.end());
    // Another itk may hold git's index lock for a moment: try again while it does, and only then.
    std::string git_dir;
    run_git(store.root(), {"rev-parse", "--absolute-git-dir"}, &git_dir);
    while (!git_dir.empty() && (git_dir.back() == '\n' || git_dir.back() == '\r')) {
        git_dir.pop_back();
    }
    for (int attempt = 0; attempt < 40; ++attempt) {
        if (run_git(store.root(), add) == 0 && run_git(store.root(), commit) == 0) {
            return std::nullopt;
        }
        if (git_dir.empty() || !fs::exists(fs::path(git_dir) / "index.lock")) {
            break;
        }
        ::usleep(50'000);
    }
    return "autocommit failed (git add/commit in '" + store.root().string() +
           "'); the change is written but not committed";
}

} // namespace itk
