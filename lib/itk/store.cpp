#include "itk/store.hpp"

#include "itk/error.hpp"
#include "itk/json_reader.hpp"
#include "itk/parallel.hpp"
#include "itk/run_command.hpp"
#include "itk/scan_cache.hpp"
#include "itk/text.hpp"
#include "itk/ticket_file.hpp"

#include <algorithm>
#include <ctime>
#include <sys/stat.h>
#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace itk {

namespace {

constexpr std::size_t k_max_config_bytes = std::size_t{1} << 20;

// An exclusive flock on a lock file; released by the kernel if the process dies.
class FileLock {
public:
    FileLock(const Dir& dir, const std::string& name)
        : m_fd(::openat(dir.fd(), name.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666))
    {
        if (m_fd < 0) {
            fail_io("open lock file", (dir / name).string(), errno);
        }
        while (::flock(m_fd, LOCK_EX) != 0) {
            if (errno != EINTR) {
                const int err = errno;
                ::close(m_fd);
                fail_io("lock", (dir / name).string(), err);
            }
        }
    }
    ~FileLock() { ::close(m_fd); }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int m_fd;
};

std::string run_git_email(const fs::path& root)
{
    std::string out = run_git_command(root, {"config", "user.email"}).out;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
        out.pop_back();
    }
    return out;
}

} // namespace

Time change_time(const Ticket& t)
{
    const Time at = now();
    const Time last = t.last_event_at();
    if (at >= last) {
        return at;
    }
    if (clock_is_fixed()) {
        fail_refused("cannot change '" + t.id + "': ITK_NOW " + format_rfc3339(at) + " is before its last event (" +
                     format_rfc3339(last) + "); time only moves forward");
    }
    return last; // clock skew between machines: never refuse a concurrent writer
}

std::string generate_id(const std::string& prefix) { return prefix + "-" + random_crockford(10); }

std::string read_file(const fs::path& path) { return read_regular_file(path, std::size_t{64} << 20); }

fs::path Store::find_root(const std::optional<std::string>& dir)
{
    const auto check = [](const fs::path& p, const std::string& how) {
        if (!fs::exists(p / "itk.toml")) {
            fail_usage("no itk store at '" + p.string() + "' (" + how + "): no itk.toml there; run 'itk init " + p.string() +
                       "' to create one");
        }
        return fs::absolute(p).lexically_normal();
    };
    if (dir) {
        return check(*dir, "--dir");
    }
    if (const char* env = std::getenv("ITK_DIR"); env != nullptr && *env != '\0') {
        return check(env, "ITK_DIR");
    }
    std::error_code ec;
    fs::path p = fs::current_path(ec);
    if (ec) {
        fail_io("find", "the working directory", ec.value());
    }
    for (;;) {
        if (fs::exists(p / "itk.toml")) {
            return p;
        }
        if (p == p.root_path() || p.parent_path() == p) {
            break;
        }
        p = p.parent_path();
    }
    fail_usage("not in an itk store (no itk.toml here or in any parent); run 'itk init' or pass --dir DIR");
}

Store::Store(fs::path root) : m_root(std::move(root)) {}

const Dir& Store::root_dir() const
{
    if (!m_root_dir) {
        m_root_dir = Dir::open_root(m_root);
    }
    return *m_root_dir;
}

const std::optional<Dir>& Store::tickets() const
{
    if (!m_tickets || !*m_tickets) {
        m_tickets = root_dir().sub("tickets", false);
    }
    return *m_tickets;
}

Dir Store::make_dir(const std::string& name)
{
    if (name == "tickets") {
        if (!tickets()) {
            m_tickets = root_dir().make("tickets");
        }
        return **m_tickets;
    }
    return root_dir().make(name);
}

const StagingDir& Store::temp()
{
    if (!m_temp) {
        m_temp.emplace(make_dir(".itk").make("tmp"));
    }
    return *m_temp;
}

bool Store::has_ticket(const std::string& id) const { return is_id_syntax(id) && tickets() && tickets()->exists(id + ".json"); }

const Config& Store::config()
{
    if (!m_config) {
        const std::string path = (m_root / "itk.toml").string();
        const auto text = root_dir().read("itk.toml", k_max_config_bytes);
        if (!text) {
            fail_usage("no itk store at '" + m_root.string() + "': no itk.toml there; run 'itk init' to create one");
        }
        m_config = parse_config(*text, path);
    }
    return *m_config;
}

namespace {

// The IDs of `all` that start with one of `prefixes`.
std::vector<std::string> with_prefix(std::vector<std::string> all, const std::vector<std::string>& prefixes)
{
    all.erase(std::remove_if(all.begin(), all.end(),
                             [&](const std::string& id) {
                                 return std::none_of(prefixes.begin(), prefixes.end(),
                                                     [&](const std::string& p) { return id.rfind(p, 0) == 0; });
                             }),
              all.end());
    return all;
}

} // namespace

std::string Store::resolve_id(std::string_view arg)
{
    if (!is_id_syntax(arg)) {
        fail_not_found("no ticket '" + printable(arg) + "': an ID is letters, digits and dashes");
    }
    const std::string upper = to_upper(arg);
    const std::string prefix = config().prefix + "-";
    const std::string full = upper.rfind(prefix, 0) == 0 ? upper : prefix + upper;
    if (has_ticket(full)) {
        return full;
    }
    std::vector<std::string> found = indexed_ids({full, upper});
    if (found.size() != 1 || !has_ticket(found.front())) {
        found = with_prefix(ids(), {full, upper}); // the listing decides: the index may speed an answer up, never change it
    }
    if (found.empty()) {
        fail_not_found("no ticket '" + std::string(arg) + "'; 'itk list --all' shows them");
    }
    if (found.size() > 1) {
        std::string list;
        for (std::size_t i = 0; i < found.size() && i < 10; ++i) {
            list += (i ? ", " : "") + found[i];
        }
        fail_not_found("ambiguous ID '" + std::string(arg) + "': " + std::to_string(found.size()) + " tickets match (" +
                       list + (found.size() > 10 ? ", ..." : "") + "); type more characters");
    }
    return found.front();
}

Ticket Store::load_from(const Dir& tickets, const std::string& id, struct stat* seen) const
{
    const std::string name = id + ".json";
    const auto text = tickets.read(name, k_max_ticket_bytes, seen);
    if (!text) {
        fail_io("read", (tickets / name).string(), ENOENT);
    }
    Ticket t = read_ticket(*text, (tickets / name).string());
    if (t.id != id) {
        fail_invalid((tickets / name).string() + ": holds ticket '" + t.id + "', not '" + id + "'");
    }
    return t;
}

Ticket Store::load(const std::string& id) const
{
    if (!tickets()) {
        fail_io("read", ticket_path(id).string(), ENOENT);
    }
    return load_from(*tickets(), id);
}

Outcome Store::modify(const std::string& id, const std::string& actor,
                      const std::function<Outcome(Ticket&, const Context&)>& change)
{
    const Config& cfg = config();
    hold_commit_lock();
    const Dir locks = make_dir(".itk").make("locks");
    const StagingDir& tmp = temp();
    const FileLock lock(locks, id + ".lock");
    Ticket t = load(id);
    const Context ctx{cfg, actor, change_time(t)};
    const std::size_t before = t.events.size();
    Outcome out = change(t, ctx);
    if (out.changed) {
        Written w{id, {}, serialize(t)};
        write_atomic(make_dir("tickets"), id + ".json", w.text, tmp);
        for (std::size_t i = before; i < t.events.size(); ++i) {
            w.actions.emplace_back(action_name(t.events[i].action));
        }
        m_written.push_back(std::move(w));
    }
    return out;
}

bool Store::rewrite(const std::string& id, std::string_view checked)
{
    return update(id, [&](Ticket& t) {
        const auto text = tickets()->read(id + ".json", k_max_ticket_bytes);
        return text && *text == checked && serialize(t) != *text;
    });
}

bool Store::update(const std::string& id, const std::function<bool(Ticket&)>& change)
{
    hold_commit_lock();
    const Dir locks = make_dir(".itk").make("locks");
    const StagingDir& tmp = temp();
    const FileLock lock(locks, id + ".lock");
    Ticket t = load(id);
    if (!change(t)) {
        return false;
    }
    Written w{id, {}, serialize(t)};
    write_atomic(make_dir("tickets"), id + ".json", w.text, tmp);
    m_written.push_back(std::move(w));
    return true;
}

void Store::create_all(const std::vector<std::pair<std::string, std::string>>& tickets)
{
    if (tickets.empty()) {
        return;
    }
    hold_commit_lock();
    const Dir dir = make_dir("tickets");
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& [id, text] : tickets) {
        files.emplace_back(id + ".json", text);
    }
    if (const auto clash = create_many(dir, files, temp())) {
        fail_io("create", (dir / *clash).string(), EEXIST);
    }
    for (const auto& [id, text] : tickets) {
        m_written.push_back(Written{id, {"import"}, text});
    }
}

std::string Store::create(const std::string& actor, const std::function<Ticket(const Context&, const std::string&)>& build)
{
    const Config& cfg = config();
    hold_commit_lock();
    const Context ctx{cfg, actor, now()};
    const Dir dir = make_dir("tickets");
    const StagingDir& tmp = temp();
    for (int attempt = 0; attempt < 20; ++attempt) {
        const std::string id = m_generate ? m_generate(cfg.prefix) : generate_id(cfg.prefix);
        const Ticket t = build(ctx, id);
        Written w{id, {}, serialize(t)};
        if (create_exclusive(dir, id + ".json", w.text, tmp)) {
            for (const Event& ev : t.events) {
                w.actions.emplace_back(action_name(ev.action));
            }
            m_written.push_back(std::move(w));
            return id;
        }
    }
    fail_io("find a free ID in", tickets_dir().string(), EEXIST);
}

std::vector<std::string> Store::ids() const
{
    std::vector<std::string> out;
    if (!tickets()) {
        return out;
    }
    for (const std::string& name : tickets()->list()) {
        if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0 && name[0] != '.') {
            out.push_back(name.substr(0, name.size() - 5));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

namespace {

// What identifies a directory's list of entries: its device and inode, and its mtime and
// ctime in nanoseconds (any entry added, removed or renamed changes both).
std::string directory_stamp(const struct stat& st)
{
    const auto ns = [](const timespec& t) { return std::to_string(t.tv_sec) + "." + std::to_string(t.tv_nsec); };
    return std::to_string(st.st_dev) + " " + std::to_string(st.st_ino) + " " + ns(st.st_mtim) + " " + ns(st.st_ctim);
}

const std::string k_ids_header = "itk ids 1 ";
const std::string k_ids_end = "end\n";

} // namespace

std::vector<std::string> Store::indexed_ids(const std::vector<std::string>& prefixes)
{
    const auto only_wanted = [&](std::vector<std::string> all) { return with_prefix(std::move(all), prefixes); };
    struct stat before {};
    if (!tickets() || ::fstat(tickets()->fd(), &before) != 0) {
        return only_wanted(ids());
    }
    const std::string header = k_ids_header + directory_stamp(before) + "\n";
    std::optional<Dir> state;
    try {
        state = root_dir().sub(".itk", false);
        struct stat seen {};
        const std::optional<MappedFile> file = state ? state->map("ids", std::size_t{64} << 20, &seen) : std::nullopt;
        const std::string_view text = file ? file->bytes() : std::string_view();
        // Only our own index, as the scan cache: another user's could steer an abbreviation.
        if (file && seen.st_uid == ::geteuid() && text.substr(0, header.size()) == header && text.size() >= header.size() + k_ids_end.size() &&
            text.substr(text.size() - k_ids_end.size()) == k_ids_end) {
            // The IDs are sorted, one a line: those with a prefix are found by bisection,
            // touching a few pages of the index, not reading it whole.
            std::vector<std::string> out;
            const std::string_view body = text.substr(header.size(), text.size() - header.size() - k_ids_end.size());
            for (const std::string& prefix : prefixes) {
                for (const std::string_view id : sorted_lines_with_prefix(body, prefix)) {
                    if (is_id_syntax(id)) { // a hand-made index names nothing else
                        out.emplace_back(id);
                    }
                }
            }
            std::sort(out.begin(), out.end());
            out.erase(std::unique(out.begin(), out.end()), out.end());
            return out;
        }
    } catch (const Error&) {
        return only_wanted(ids()); // .itk is not a directory, or the index is not a regular file: no index
    }
    std::vector<std::string> out = ids();
    // Written only when the directory has not changed for longer than its timestamps'
    // granularity (git's racy rule: a change in the same tick would keep the same stamp),
    // nor while we listed; never fsynced (a cache is checked before any use).
    timespec now {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    const bool coarse = before.st_mtim.tv_nsec == 0 && before.st_ctim.tv_nsec == 0;
    const double age = static_cast<double>(now.tv_sec - before.st_ctim.tv_sec) +
                       static_cast<double>(now.tv_nsec - before.st_ctim.tv_nsec) / 1e9;
    struct stat after {};
    if (state && age > (coarse ? 2.0 : 0.1) && ::fstat(tickets()->fd(), &after) == 0 &&
        directory_stamp(after) == directory_stamp(before)) {
        std::string text = header;
        for (const std::string& id : out) {
            text += id + "\n";
        }
        try {
            replace_unsynced(*state, "ids", text + k_ids_end, temp());
        } catch (const Error&) {
            // a read-only store: no index, the same answers
        }
    }
    return only_wanted(std::move(out));
}

std::vector<std::string> Store::ids_whose_file_holds(std::string_view needle) const
{
    const std::vector<std::string> all = ids();
    std::vector<char> hit(all.size(), 0);
    if (!all.empty()) {
        const Dir dir = *tickets();
        parallel_for(all.size(), [&](std::size_t i) {
            try {
                const auto text = dir.read(all[i] + ".json", k_max_ticket_bytes);
                hit[i] = text && text->find(needle) != std::string::npos ? 1 : 0;
            } catch (const Error&) {
                // not a regular file, too big: no ticket there (fsck names it)
            }
        });
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (hit[i] != 0) {
            out.push_back(all[i]);
        }
    }
    return out;
}

std::vector<Ticket> Store::children_of(const Ticket& parent, std::vector<BadFile>* bad) const
{
    std::vector<Ticket> out;
    for (const std::string& id : parent.children) {
        try {
            if (!has_ticket(id)) {
                continue;
            }
            Ticket t = load(id);
            if (t.parent == parent.id) {
                out.push_back(std::move(t));
            }
        } catch (const Error& e) {
            if (bad != nullptr) {
                bad->push_back({ticket_path(id).string(), e.what()});
            }
        }
    }
    return out;
}

void Store::with_ticket_lock(const std::string& id, const std::function<void()>& fn)
{
    const FileLock lock(make_dir(".itk").make("locks"), id + ".lock");
    fn();
}

void Store::with_store_lock(const std::string& name, const std::function<void()>& fn)
{
    hold_commit_lock();
    const FileLock lock(make_dir(".itk").make("locks"), name + ".lock");
    fn();
}

void Store::hold_commit_lock()
{
    if (!m_commit_lock && config().git_autocommit) {
        // Taken before any ticket's lock, always in this order: no two itk processes deadlock.
        m_commit_lock = std::make_shared<FileLock>(make_dir(".itk").make("locks"), "commit.lock");
    }
}

void init_store(const fs::path& dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        fail_io("create directory", dir.string(), ec.value());
    }
    const Dir root = Dir::open_root(dir);
    if (root.exists("itk.toml")) {
        fail_refused("cannot init '" + dir.string() + "': a store already exists there (itk.toml)");
    }
    root.read(".gitignore", k_max_config_bytes); // a hostile one is refused before anything is written
    root.make("tickets");
    const StagingDir tmp(root.make(".itk").make("tmp"));
    // Written whole to a temp file, then linked: a crash leaves no half config, and two
    // concurrent inits never overwrite each other's.
    if (!create_exclusive(root, "itk.toml", default_config_text(), tmp)) {
        fail_refused("cannot init '" + dir.string() + "': a store already exists there (itk.toml)");
    }
    append_once(root, ".gitignore", ".itk/", "# itk's local state: locks and temporary files\n.itk/\n", tmp);
}

bool append_once(const Dir& dir, const std::string& name, const std::string& needle, const std::string& block,
                 const StagingDir& tmp)
{
    std::string text = dir.read(name, k_max_config_bytes).value_or("");
    if (text.find(needle) != std::string::npos) {
        return false;
    }
    if (!text.empty() && text.back() != '\n') {
        text += '\n';
    }
    write_atomic(dir, name, text + block, tmp);
    return true;
}

std::string resolve_actor(const std::optional<std::string>& as, const fs::path& root)
{
    std::string actor;
    if (as) {
        actor = *as;
    } else if (const char* env = std::getenv("ITK_ACTOR"); env != nullptr && *env != '\0') {
        actor = env;
    } else if (std::string email = run_git_email(root); !email.empty()) {
        actor = email;
    } else if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') {
        actor = user;
    } else {
        actor = "unknown";
    }
    require_utf8(actor, "actor");
    if (actor.find_first_not_of(" \t") == std::string::npos) {
        fail_usage("the actor must not be empty (--as, ITK_ACTOR)");
    }
    return actor;
}

} // namespace itk
