#include "itk/fsio.hpp"

#include "itk/error.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace itk {

namespace {

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
    // Closes now and reports the error: close can report a delayed write failure.
    int close()
    {
        const int rc = ::close(m_fd);
        m_fd = -1;
        return rc;
    }

private:
    int m_fd;
};

std::shared_ptr<int> share(int fd)
{
    return std::shared_ptr<int>(new int(fd), [](int* p) {
        ::close(*p);
        delete p;
    });
}

const char* file_kind(mode_t mode)
{
    if (S_ISLNK(mode)) {
        return "a symbolic link";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO";
    }
    if (S_ISCHR(mode) || S_ISBLK(mode)) {
        return "a device";
    }
    if (S_ISDIR(mode)) {
        return "a directory";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    return S_ISREG(mode) ? "a file" : "a special file";
}

[[noreturn]] void fail_too_big(const fs::path& shown, std::size_t size, std::size_t limit)
{
    fail_invalid(shown.string() + ": is " + std::to_string(size) + " bytes, more than the " +
                 std::to_string(limit >> 20) + " MiB itk reads in a file");
}

// What itk reads: a regular file (not a FIFO, device or directory) of at most `limit` bytes.
void check_readable(const struct stat& st, const fs::path& shown, std::size_t limit)
{
    if (!S_ISREG(st.st_mode)) {
        fail_invalid(shown.string() + ": is " + file_kind(st.st_mode) + ", not a regular file");
    }
    if (static_cast<std::size_t>(st.st_size) > limit) {
        fail_too_big(shown, static_cast<std::size_t>(st.st_size), limit);
    }
}

// Reads what an open descriptor holds: a regular file of at most `limit` bytes.
std::string read_open(int fd, const fs::path& shown, std::size_t limit, struct stat* seen = nullptr)
{
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        fail_io("read", shown.string(), errno);
    }
    if (seen != nullptr) {
        *seen = st;
    }
    check_readable(st, shown, limit);
    const auto too_big = [&](std::size_t size) { fail_too_big(shown, size, limit); };
    std::string out;
    out.resize(static_cast<std::size_t>(st.st_size) + 1);
    std::size_t got = 0;
    for (;;) {
        if (got == out.size()) {
            if (got > limit) {
                too_big(got); // it grew while we read
            }
            out.resize(std::min(out.size() * 2, limit + 1));
        }
        const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail_io("read", shown.string(), errno);
        }
        if (n == 0) {
            break;
        }
        got += static_cast<std::size_t>(n);
    }
    if (got > limit) {
        too_big(got);
    }
    out.resize(got);
    return out;
}

const std::string& host_name()
{
    static const std::string name = [] {
        char buf[256] = {};
        if (::gethostname(buf, sizeof buf - 1) != 0) {
            return std::string("host");
        }
        std::string out;
        for (const char* p = buf; *p != '\0' && out.size() < 32; ++p) {
            const char c = *p;
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.';
            out += ok ? c : '_';
        }
        return out.empty() ? std::string("host") : out;
    }();
    return name;
}

// Creates a new temp file in `tmp` (exclusively, under a fresh name put in `name`); its descriptor.
int create_temp(const Dir& tmp, std::string& name)
{
    for (int attempt = 0;; ++attempt) {
        name = temp_name();
        const int fd = ::openat(tmp.fd(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0) {
            return fd;
        }
        if (errno != EEXIST || attempt >= 10) {
            fail_io("create temporary file", (tmp / name).string(), errno);
        }
    }
}

// Writes `data` to a new temp file in `tmp`, synced before anything renames it (unless the
// caller syncs the whole file system after a batch); returns its name.
std::string write_temp(const Dir& tmp, const std::string& data, std::optional<mode_t> mode, bool sync = true)
{
    std::string name;
    {
        Fd fd(create_temp(tmp, name));
        try {
            if (!write_fd(fd.get(), data.data(), data.size())) {
                fail_io("write", (tmp / name).string(), errno);
            }
            // Keep the mode of the file replaced: a store shared on a server stays group-writable.
            if (mode && ::fchmod(fd.get(), *mode) != 0) {
                fail_io("set the mode of", (tmp / name).string(), errno);
            }
            if (sync && ::fsync(fd.get()) != 0) {
                fail_io("sync", (tmp / name).string(), errno);
            }
            if (fd.close() != 0) {
                fail_io("close", (tmp / name).string(), errno);
            }
        } catch (...) {
            ::unlinkat(tmp.fd(), name.c_str(), 0);
            throw;
        }
    }
    return name;
}

// A killed process is a zombie until its parent reaps it: gone, for its temp files.
bool process_alive(pid_t pid)
{
    if (::kill(pid, 0) != 0 && errno == ESRCH) {
        return false;
    }
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
    char buf[512] = {};
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return true; // no /proc: trust kill()
    }
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    // "pid (comm) S ...": the state follows the last ')'.
    const char* close = n > 0 ? std::strrchr(buf, ')') : nullptr;
    return close == nullptr || close[1] != ' ' || close[2] != 'Z';
}

void sync_dir(const Dir& dir)
{
    // Some filesystems cannot sync a directory (EINVAL): the rename is then as durable as it gets.
    if (::fsync(dir.fd()) != 0 && errno != EINVAL) {
        fail_io("sync directory", dir.path().string(), errno);
    }
}

} // namespace

Dir Dir::open_root(const fs::path& root)
{
    const int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        fail_io("open store directory", root.string(), errno);
    }
    return Dir(share(fd), root);
}

std::optional<Dir> Dir::sub(const std::string& name, bool create) const
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int fd = ::openat(*m_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
            return Dir(share(fd), m_path / name);
        }
        const int err = errno;
        if (err == ENOENT) {
            if (!create) {
                return std::nullopt;
            }
            if (::mkdirat(*m_fd, name.c_str(), 0777) != 0 && errno != EEXIST) {
                fail_io("create directory", (m_path / name).string(), errno);
            }
            continue;
        }
        struct stat st {};
        if ((err == ELOOP || err == ENOTDIR) && ::fstatat(*m_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
            throw Error(ErrorKind::io, "'" + (m_path / name).string() + "' is " + file_kind(st.st_mode) +
                                           ", not a directory; itk never reads or writes through it (remove it, or "
                                           "replace it with a directory)");
        }
        fail_io("open directory", (m_path / name).string(), err);
    }
    fail_io("open directory", (m_path / name).string(), ENOENT);
}

Dir Dir::make(const std::string& name) const { return *sub(name, true); }

namespace {

// Opens a file of `dir` to read it, never through a symbolic link and without blocking on a
// FIFO; -1 when it does not exist.
int open_to_read(int dir, const fs::path& shown, const std::string& name)
{
    const int fd = ::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT) {
            return -1;
        }
        if (err == ELOOP) {
            fail_invalid(shown.string() + ": is a symbolic link, not a regular file; itk never follows links in a store");
        }
        fail_io("read", shown.string(), err);
    }
    return fd;
}

} // namespace

std::optional<std::string> Dir::read(const std::string& name, std::size_t limit, struct stat* seen) const
{
    Fd fd(open_to_read(*m_fd, m_path / name, name));
    if (fd.get() < 0) {
        return std::nullopt;
    }
    return read_open(fd.get(), m_path / name, limit, seen);
}

std::optional<MappedFile> Dir::map(const std::string& name, std::size_t limit, struct stat* seen) const
{
    Fd fd(open_to_read(*m_fd, m_path / name, name));
    if (fd.get() < 0) {
        return std::nullopt;
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        fail_io("read", (m_path / name).string(), errno);
    }
    if (seen != nullptr) {
        *seen = st;
    }
    check_readable(st, m_path / name, limit);
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size == 0) {
        return MappedFile(nullptr, 0);
    }
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (p == MAP_FAILED) {
        fail_io("map", (m_path / name).string(), errno);
    }
    ::madvise(p, size, MADV_SEQUENTIAL);
    return MappedFile(static_cast<const char*>(p), size);
}

MappedFile::~MappedFile()
{
    if (m_data != nullptr) {
        ::munmap(const_cast<char*>(m_data), m_size);
    }
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)), m_released(other.m_released)
{
}

void MappedFile::release_before(std::size_t offset)
{
    release(m_released, offset);
    m_released = std::max(m_released, offset);
}

void MappedFile::release(std::size_t begin, std::size_t end)
{
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    begin = begin / page * page; // the bytes before `begin` are done with too
    end = std::min(end, m_size) / page * page;
    if (m_data != nullptr && end > begin) {
        ::madvise(const_cast<char*>(m_data) + begin, end - begin, MADV_DONTNEED);
    }
}

SpooledFile::SpooledFile(const StagingDir& tmp) : m_tmp(tmp.dir()), m_fd(create_temp(m_tmp, m_name)) {}

SpooledFile::~SpooledFile()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        ::unlinkat(m_tmp.fd(), m_name.c_str(), 0);
    }
}

void SpooledFile::write(std::string_view data)
{
    if (!write_fd(m_fd, data.data(), data.size())) {
        fail_io("write", (m_tmp / m_name).string(), errno);
    }
}

void SpooledFile::commit_unsynced(const Dir& dir, const std::string& name)
{
    const int fd = std::exchange(m_fd, -1);
    if (::close(fd) != 0 || ::renameat(m_tmp.fd(), m_name.c_str(), dir.fd(), name.c_str()) != 0) {
        const int err = errno;
        ::unlinkat(m_tmp.fd(), m_name.c_str(), 0);
        fail_io("replace", (dir / name).string(), err);
    }
}

bool Dir::exists(const std::string& name) const
{
    struct stat st {};
    return ::fstatat(*m_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

std::vector<std::string> Dir::list() const
{
    // A descriptor of its own: readdir moves the offset of the one it reads.
    const int fd = ::openat(*m_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        fail_io("list", m_path.string(), errno);
    }
    DIR* d = ::fdopendir(fd);
    if (d == nullptr) {
        const int err = errno;
        ::close(fd);
        fail_io("list", m_path.string(), err);
    }
    std::vector<std::string> out;
    errno = 0;
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name != "." && name != "..") {
            out.push_back(name);
        }
    }
    const int err = errno;
    ::closedir(d);
    if (err != 0) {
        fail_io("list", m_path.string(), err);
    }
    return out;
}

bool Dir::remove(const std::string& name) const
{
    if (::unlinkat(*m_fd, name.c_str(), 0) == 0) {
        return true;
    }
    if (errno == ENOENT) {
        return false;
    }
    fail_io("remove", (m_path / name).string(), errno);
}

StagingDir::StagingDir(Dir dir) : m_dir(std::move(dir))
{
    static std::atomic<bool> cleaned{false};
    if (!cleaned.exchange(true)) {
        for (const std::string& name : stale_temps(m_dir)) {
            ::unlinkat(m_dir.fd(), name.c_str(), 0); // another process may remove it first
        }
    }
}

std::string random_crockford(std::size_t n)
{
    static const char k_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // no I, L, O, U
    unsigned char bytes[32];
    if (n > sizeof bytes || ::getrandom(bytes, n, 0) != static_cast<ssize_t>(n)) {
        fail_io("read random bytes for", "getrandom", errno);
    }
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += k_alphabet[bytes[i] & 31];
    }
    return out;
}

std::string temp_name() { return "tmp-" + std::to_string(::getpid()) + "-" + host_name() + "-" + random_crockford(12); }

std::vector<std::string> stale_temps(const Dir& tmp)
{
    std::vector<std::string> out;
    const std::string host = host_name();
    for (const std::string& name : tmp.list()) {
        // tmp-<pid>-<host>-<random>: the host's name may hold dashes, the random part none.
        const std::size_t first = name.find('-');
        const std::size_t second = first == std::string::npos ? first : name.find('-', first + 1);
        const std::size_t last = name.rfind('-');
        bool owned = false;
        pid_t pid = 0;
        if (name.rfind("tmp-", 0) == 0 && second != std::string::npos && last > second) {
            const std::string digits = name.substr(first + 1, second - first - 1);
            if (!digits.empty() && digits.size() < 10 && digits.find_first_not_of("0123456789") == std::string::npos) {
                pid = static_cast<pid_t>(std::stol(digits));
                owned = name.substr(second + 1, last - second - 1) == host;
                if (!owned) {
                    continue; // another machine's process: it cannot be asked
                }
            }
        }
        if (owned) {
            if (!process_alive(pid)) {
                out.push_back(name);
            }
            continue;
        }
        struct stat st {};
        if (::fstatat(tmp.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && std::time(nullptr) - st.st_mtime > 3600) {
            out.push_back(name); // not named by itk's rule: debris of an older itk, or junk
        }
    }
    return out;
}

void write_atomic(const Dir& dir, const std::string& name, const std::string& data, const StagingDir& tmp)
{
    std::optional<mode_t> mode;
    struct stat st {};
    if (::fstatat(dir.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
        mode = st.st_mode & 07777;
    }
    const std::string temp = write_temp(tmp.dir(), data, mode);
    // rename() replaces the entry itself: a symbolic link there is replaced, never followed.
    if (::renameat(tmp.dir().fd(), temp.c_str(), dir.fd(), name.c_str()) != 0) {
        const int err = errno;
        ::unlinkat(tmp.dir().fd(), temp.c_str(), 0);
        fail_io("replace", (dir / name).string(), err);
    }
    sync_dir(dir);
}

void replace_unsynced(const Dir& dir, const std::string& name, const std::string& data, const StagingDir& tmp)
{
    SpooledFile file(tmp);
    file.write(data);
    file.commit_unsynced(dir, name);
}

bool create_exclusive(const Dir& dir, const std::string& name, const std::string& data, const StagingDir& tmp)
{
    const std::string temp = write_temp(tmp.dir(), data, std::nullopt);
    // link() fails with EEXIST where rename() would overwrite: an exclusive create.
    const int rc = ::linkat(tmp.dir().fd(), temp.c_str(), dir.fd(), name.c_str(), 0);
    const int err = errno;
    ::unlinkat(tmp.dir().fd(), temp.c_str(), 0);
    if (rc == 0) {
        sync_dir(dir);
        return true;
    }
    if (err == EEXIST) {
        return false;
    }
    fail_io("create", (dir / name).string(), err);
}

std::optional<std::string> create_many(const Dir& dir, const std::vector<std::pair<std::string, std::string>>& files,
                                       const StagingDir& tmp)
{
    std::vector<std::string> staged;
    try {
        for (const auto& [name, data] : files) {
            staged.push_back(write_temp(tmp.dir(), data, std::nullopt, false));
        }
        // One sync for the batch: every staged file is durable before any is visible.
        if (::syncfs(tmp.dir().fd()) != 0) {
            fail_io("sync the file system of", tmp.dir().path().string(), errno);
        }
    } catch (...) {
        for (const std::string& s : staged) {
            ::unlinkat(tmp.dir().fd(), s.c_str(), 0);
        }
        throw;
    }
    std::optional<std::string> clash;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (!clash && ::linkat(tmp.dir().fd(), staged[i].c_str(), dir.fd(), files[i].first.c_str(), 0) != 0) {
            const int err = errno;
            if (err != EEXIST) {
                for (std::size_t k = i; k < staged.size(); ++k) {
                    ::unlinkat(tmp.dir().fd(), staged[k].c_str(), 0);
                }
                fail_io("create", (dir / files[i].first).string(), err);
            }
            clash = files[i].first;
        }
        ::unlinkat(tmp.dir().fd(), staged[i].c_str(), 0);
    }
    sync_dir(dir);
    return clash;
}

void write_file_atomic(const fs::path& path, const std::string& data)
{
    const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
    const Dir dir = Dir::open_root(parent);
    const std::string name = path.filename().string();
    std::optional<mode_t> mode;
    struct stat st {};
    if (::fstatat(dir.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
        mode = st.st_mode & 07777;
    }
    const std::string temp = write_temp(dir, data, mode);
    if (::renameat(dir.fd(), temp.c_str(), dir.fd(), name.c_str()) != 0) {
        const int err = errno;
        ::unlinkat(dir.fd(), temp.c_str(), 0);
        fail_io("replace", path.string(), err);
    }
    sync_dir(dir);
}

std::string read_regular_file(const fs::path& path, std::size_t limit)
{
    Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ELOOP) {
            fail_invalid(path.string() + ": is a symbolic link, not a regular file");
        }
        fail_io("read", path.string(), errno);
    }
    return read_open(fd.get(), path, limit);
}

bool write_fd(int fd, const char* data, std::size_t size)
{
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace itk
