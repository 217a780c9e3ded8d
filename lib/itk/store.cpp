#include "itk/store.hpp"

#include "itk/error.hpp"
#include "itk/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace itk {

namespace {

const char k_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford: no I, L, O, U

// An open file descriptor, closed on scope exit.
class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd()
    {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    // Closes now, reporting the error (close can report a delayed write failure).
    int close()
    {
        const int rc = ::close(m_fd);
        m_fd = -1;
        return rc;
    }

private:
    int m_fd;
};

// An exclusive flock on a lock file; released by the kernel if the process dies.
class FileLock {
public:
    explicit FileLock(const fs::path& path) : m_fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666))
    {
        if (m_fd.get() < 0) {
            fail_io("open lock file", path.string(), errno);
        }
        while (::flock(m_fd.get(), LOCK_EX) != 0) {
            if (errno != EINTR) {
                fail_io("lock", path.string(), errno);
            }
        }
    }

private:
    Fd m_fd;
};

void make_dirs(const fs::path& dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        fail_io("create directory", dir.string(), ec.value());
    }
}

std::string random_suffix(std::size_t n)
{
    unsigned char bytes[32];
    if (::getrandom(bytes, n, 0) != static_cast<ssize_t>(n)) {
        fail_io("read random bytes for", "getrandom", errno);
    }
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += k_alphabet[bytes[i] & 31];
    }
    return out;
}

void write_all(int fd, const std::string& data, const fs::path& path)
{
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail_io("write", path.string(), errno);
        }
        done += static_cast<std::size_t>(n);
    }
}

void fsync_dir(const fs::path& dir)
{
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0) {
        ::fsync(fd.get());
    }
}

// Writes data to a new temp file in tmp_dir, synced; returns its path.
fs::path write_temp(const std::string& data, const fs::path& tmp_dir, std::optional<mode_t> mode)
{
    make_dirs(tmp_dir);
    for (int attempt = 0;; ++attempt) {
        const fs::path tmp = tmp_dir / ("tmp-" + random_suffix(12));
        Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
        if (fd.get() < 0) {
            if (errno == EEXIST && attempt < 10) {
                continue;
            }
            fail_io("create temporary file", tmp.string(), errno);
        }
        try {
            write_all(fd.get(), data, tmp);
            // Keep the mode of the file replaced: a store shared on a server stays group-writable.
            if (mode && ::fchmod(fd.get(), *mode) != 0) {
                fail_io("set the mode of", tmp.string(), errno);
            }
            if (::fsync(fd.get()) != 0) {
                fail_io("sync", tmp.string(), errno);
            }
            if (fd.close() != 0) {
                fail_io("close", tmp.string(), errno);
            }
        } catch (...) {
            ::unlink(tmp.c_str());
            throw;
        }
        return tmp;
    }
}

std::string run_git_email(const fs::path& root)
{
    const std::string cmd = "git -C '" + root.string() + "' config user.email 2>/dev/null";
    if (root.string().find('\'') != std::string::npos) {
        return {};
    }
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (pipe == nullptr) {
        return {};
    }
    char buf[256];
    std::string out;
    while (std::fgets(buf, sizeof buf, pipe) != nullptr) {
        out += buf;
    }
    ::pclose(pipe);
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

std::string generate_id(const std::string& prefix) { return prefix + "-" + random_suffix(10); }

std::string read_file(const fs::path& path)
{
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        fail_io("read", path.string(), errno);
    }
    std::string out;
    struct stat st {};
    if (::fstat(fd.get(), &st) == 0 && st.st_size > 0) {
        out.reserve(static_cast<std::size_t>(st.st_size));
    }
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail_io("read", path.string(), errno);
        }
        if (n == 0) {
            break;
        }
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

void write_atomic(const fs::path& path, const std::string& data, const fs::path& tmp_dir)
{
    std::optional<mode_t> mode;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        mode = st.st_mode & 07777;
    }
    const fs::path tmp = write_temp(data, tmp_dir, mode);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail_io("replace", path.string(), err);
    }
    fsync_dir(path.parent_path());
}

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

const Config& Store::config()
{
    if (!m_config) {
        m_config = load_config((m_root / "itk.toml").string());
    }
    return *m_config;
}

std::string Store::resolve_id(std::string_view arg)
{
    if (!is_id_syntax(arg)) {
        fail_not_found("no ticket '" + printable(arg) + "': an ID is letters, digits and dashes");
    }
    const std::string upper = to_upper(arg);
    const std::string prefix = config().prefix + "-";
    const std::string full = upper.rfind(prefix, 0) == 0 ? upper : prefix + upper;
    if (fs::exists(ticket_path(full))) {
        return full;
    }
    std::vector<std::string> found;
    for (const std::string& id : ids()) {
        if (id.rfind(full, 0) == 0 || id.rfind(upper, 0) == 0) {
            found.push_back(id);
        }
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

Ticket Store::load(const std::string& id) const
{
    const fs::path path = ticket_path(id);
    Ticket t = parse_ticket(read_file(path), path.string());
    if (t.id != id) {
        fail_invalid(path.string() + ": holds ticket '" + t.id + "', not '" + id + "'");
    }
    return t;
}

Outcome Store::modify(const std::string& id, const std::string& actor,
                      const std::function<Outcome(Ticket&, const Context&)>& change)
{
    const Config& cfg = config();
    make_dirs(state_dir() / "locks");
    FileLock lock(state_dir() / "locks" / (id + ".lock"));
    Ticket t = load(id);
    const Context ctx{cfg, actor, change_time(t)};
    const std::size_t before = t.events.size();
    Outcome out = change(t, ctx);
    if (out.changed) {
        Written w{id, {}, serialize(t)};
        write_atomic(ticket_path(id), w.text, state_dir() / "tmp");
        for (std::size_t i = before; i < t.events.size(); ++i) {
            w.actions.push_back(t.events[i].value("action", std::string()));
        }
        m_written.push_back(std::move(w));
    }
    return out;
}

std::string Store::create(const std::string& actor, const std::function<Ticket(const Context&, const std::string&)>& build)
{
    const Config& cfg = config();
    const Context ctx{cfg, actor, now()};
    make_dirs(tickets_dir());
    for (int attempt = 0; attempt < 20; ++attempt) {
        const std::string id = generate_id(cfg.prefix);
        const Ticket t = build(ctx, id);
        Written w{id, {}, serialize(t)};
        const fs::path tmp = write_temp(w.text, state_dir() / "tmp", std::nullopt);
        const fs::path path = ticket_path(id);
        // link() fails with EEXIST where rename() would overwrite: an exclusive create.
        const int rc = ::link(tmp.c_str(), path.c_str());
        const int err = errno;
        ::unlink(tmp.c_str());
        if (rc == 0) {
            fsync_dir(tickets_dir());
            for (const Json& ev : t.events) {
                w.actions.push_back(ev.value("action", std::string()));
            }
            m_written.push_back(std::move(w));
            return id;
        }
        if (err != EEXIST) {
            fail_io("create", path.string(), err);
        }
    }
    fail_io("find a free ID in", tickets_dir().string(), EEXIST);
}

std::vector<std::string> Store::ids() const
{
    std::vector<std::string> out;
    std::error_code ec;
    fs::directory_iterator it(tickets_dir(), ec);
    if (ec) {
        if (ec == std::errc::no_such_file_or_directory) {
            return out;
        }
        fail_io("list", tickets_dir().string(), ec.value());
    }
    for (const auto& entry : it) {
        const std::string name = entry.path().filename().string();
        if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0 && name[0] != '.') {
            out.push_back(name.substr(0, name.size() - 5));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

Scan Store::scan() const
{
    // Parsing dominates (SPEC §12 wants list within 2x of cat): spread it over the cores,
    // each thread on a contiguous slice, results kept in ID order.
    const std::vector<std::string> all = ids();
    std::vector<std::optional<Ticket>> tickets(all.size());
    std::vector<std::optional<BadFile>> bad(all.size());
    const auto work = [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            const fs::path path = ticket_path(all[i]);
            try {
                tickets[i] = load(all[i]);
            } catch (const Error& e) {
                if (e.kind() == ErrorKind::io && !fs::exists(path)) {
                    continue; // removed while we listed: not an error
                }
                bad[i] = BadFile{path.string(), e.what()};
            }
        }
    };
    const std::size_t threads =
        all.size() < 256 ? 1 : std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
    std::vector<std::thread> pool;
    const std::size_t slice = (all.size() + threads - 1) / std::max<std::size_t>(threads, 1);
    for (std::size_t t = 1; t < threads; ++t) {
        pool.emplace_back(work, std::min(all.size(), t * slice), std::min(all.size(), (t + 1) * slice));
    }
    work(0, std::min(all.size(), slice));
    for (std::thread& th : pool) {
        th.join();
    }
    Scan out;
    out.tickets.reserve(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (tickets[i]) {
            out.tickets.push_back(std::move(*tickets[i]));
        } else if (bad[i]) {
            out.bad.push_back(std::move(*bad[i]));
        }
    }
    return out;
}

std::vector<Ticket> Store::children_of(const Ticket& parent, std::vector<BadFile>* bad) const
{
    std::vector<Ticket> out;
    for (const std::string& id : parent.children) {
        try {
            if (!is_id_syntax(id) || !fs::exists(ticket_path(id))) {
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

void Store::with_store_lock(const std::string& name, const std::function<void()>& fn)
{
    make_dirs(state_dir() / "locks");
    FileLock lock(state_dir() / "locks" / (name + ".lock"));
    fn();
}

void init_store(const fs::path& dir)
{
    if (fs::exists(dir / "itk.toml")) {
        fail_refused("cannot init '" + dir.string() + "': a store already exists there (itk.toml)");
    }
    make_dirs(dir / "tickets");
    const fs::path config = dir / "itk.toml";
    // Written whole to a temp file, then linked: a crash leaves no half config, and two
    // concurrent inits never overwrite each other's (link fails with EEXIST).
    const fs::path tmp = write_temp(default_config_text(), dir / ".itk" / "tmp", std::nullopt);
    const int rc = ::link(tmp.c_str(), config.c_str());
    const int err = errno;
    ::unlink(tmp.c_str());
    if (rc != 0) {
        if (err == EEXIST) {
            fail_refused("cannot init '" + dir.string() + "': a store already exists there (itk.toml)");
        }
        fail_io("create", config.string(), err);
    }
    fsync_dir(dir);
    const fs::path ignore = dir / ".gitignore";
    std::string text = fs::exists(ignore) ? read_file(ignore) : std::string();
    if (text.find(".itk/") == std::string::npos) {
        if (!text.empty() && text.back() != '\n') {
            text += '\n';
        }
        text += "# itk's local state: locks and temporary files\n.itk/\n";
        write_atomic(ignore, text, dir / ".itk" / "tmp");
    }
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
