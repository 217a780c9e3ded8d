#pragma once
// Files of a store, read and written as a hostile clone cannot abuse (SPEC §1, §4, §12): every
// path under the store's root is opened relative to it, never through a symbolic link; only
// regular files are read, without blocking and up to a size limit; writes are atomic (a temp
// file, fsync, rename or link, fsync of the directory), and their temp files name the process
// that owns them, so that a later command removes those of a killed one.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

struct stat;

namespace itk {

namespace fs = std::filesystem;

class MappedFile;

/// An open directory. Copies share the descriptor.
class Dir {
public:
    /// The store's root, as the user named it (a symbolic link to it is the user's choice).
    static Dir open_root(const fs::path& root);

    /// A subdirectory, opened without following a symbolic link; created when `create` and
    /// missing. I/O error (exit 1) when it is a symbolic link or not a directory; nullopt when
    /// missing and not created.
    std::optional<Dir> sub(const std::string& name, bool create) const;
    /// sub() that must succeed (creating it).
    Dir make(const std::string& name) const;

    /// Reads a regular file (not a symbolic link, FIFO or device) of at most `limit` bytes.
    /// invalid_data naming the file when it is not a regular file or too large; nullopt when
    /// it does not exist. `seen`, when given, gets the file's status as it was opened.
    std::optional<std::string> read(const std::string& name, std::size_t limit, struct stat* seen = nullptr) const;
    /// read()'s file, mapped instead of copied (a cache read once from start to end), with the
    /// same checks; nullopt when it does not exist.
    std::optional<MappedFile> map(const std::string& name, std::size_t limit, struct stat* seen = nullptr) const;
    /// Whether an entry of that name exists (a symbolic link counts, not followed).
    bool exists(const std::string& name) const;
    /// Names of the entries, unsorted, without "." and "..".
    std::vector<std::string> list() const;
    /// Removes an entry; false when it was not there.
    bool remove(const std::string& name) const;

    int fd() const { return *m_fd; }
    const fs::path& path() const { return m_path; }
    /// The path of an entry, for messages.
    fs::path operator/(const std::string& name) const { return m_path / name; }

private:
    Dir(std::shared_ptr<int> fd, fs::path path) : m_fd(std::move(fd)), m_path(std::move(path)) {}
    std::shared_ptr<int> m_fd;
    fs::path m_path;
};

/// A regular file mapped read-only. Its pages are the page cache's: release_before() gives
/// back those already read, so that reading a large file from start to end holds a few pages
/// of it, not the file. (Only for itk's own files, which it replaces and never truncates: a
/// file truncated under a mapping faults on access.)
class MappedFile {
public:
    MappedFile(const char* data, std::size_t size) : m_data(data), m_size(size) {}
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&&) = delete;
    MappedFile(const MappedFile&) = delete;
    std::string_view bytes() const { return {m_data, m_size}; }
    /// Drops the whole pages before `offset` from the process's memory; the bytes stay
    /// readable (read again from the page cache when touched).
    void release_before(std::size_t offset);
    /// Drops the whole pages within [begin, end) (pages read again since a release_before()).
    void release(std::size_t begin, std::size_t end);

private:
    const char* m_data;
    std::size_t m_size;
    std::size_t m_released = 0;
};

/// Where temporary files go (`.itk/tmp` of a store); the first use in a process removes the
/// temp files of processes that are gone.
class StagingDir {
public:
    explicit StagingDir(Dir dir);
    const Dir& dir() const { return m_dir; }

private:
    Dir m_dir;
};

/// A file written a part at a time in `tmp`, then renamed over `name` by commit() (unsynced:
/// for a cache); removed when destroyed uncommitted. I/O errors name the temp file.
class SpooledFile {
public:
    explicit SpooledFile(const StagingDir& tmp);
    ~SpooledFile();
    SpooledFile(const SpooledFile&) = delete;
    SpooledFile& operator=(const SpooledFile&) = delete;
    void write(std::string_view data);
    void commit_unsynced(const Dir& dir, const std::string& name);

private:
    Dir m_tmp;
    std::string m_name;
    int m_fd = -1;
};

/// Replaces `name` in `dir` atomically with `data`, keeping the old file's mode.
void write_atomic(const Dir& dir, const std::string& name, const std::string& data, const StagingDir& tmp);
/// Replaces `name` atomically (readers see the old or the new bytes) but without fsync: for a
/// cache, which a crash may lose or leave stale and which is checked before any use.
void replace_unsynced(const Dir& dir, const std::string& name, const std::string& data, const StagingDir& tmp);
/// Creates `name` in `dir` with `data`, atomically and exclusively (link(), never replacing);
/// false when the name exists.
bool create_exclusive(const Dir& dir, const std::string& name, const std::string& data, const StagingDir& tmp);

/// `n` (at most 32) random Crockford base-32 characters (no I, L, O, U), 5 bits each.
std::string random_crockford(std::size_t n);

/// Creates many files in `dir` at once: each staged in `tmp` without its own fsync, one
/// sync of the file system, then each linked into place (never replacing one). Returns the
/// name of the first that existed already (the files linked before it stay), or nullopt.
std::optional<std::string> create_many(const Dir& dir, const std::vector<std::pair<std::string, std::string>>& files,
                                       const StagingDir& tmp);

/// The name of a new temp file: `tmp-<pid>-<host>-<random>`.
std::string temp_name();
/// Temp files in `tmp` whose process is gone (this host's dead PIDs, or an unreadable name
/// older than an hour): debris of a killed itk.
std::vector<std::string> stale_temps(const Dir& tmp);

/// Outside a store (git's merge driver writes git's own temp files): replaces `path`
/// atomically with a temp file beside it.
void write_file_atomic(const fs::path& path, const std::string& data);
/// Outside a store: reads a regular file of at most `limit` bytes (same checks as Dir::read).
std::string read_regular_file(const fs::path& path, std::size_t limit);

/// Writes all of `data` to a descriptor; false with errno set on failure.
bool write_fd(int fd, const char* data, std::size_t size);

} // namespace itk
