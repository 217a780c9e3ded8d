#pragma once
// The scan cache (SPEC §12), as git's index: `.itk/cache` holds, for each ticket file, what
// identifies its bytes without reading them (device, inode, size, mtime and ctime in
// nanoseconds) and the ticket replayed from those bytes without its events (what `list` and
// `export` need) with the KPI facts of those events (what `report` needs of a ticket last
// changed before the period's end). Never the truth: an entry serves only while the file's
// stamp is the very one recorded, a stamp too recent to tell a later change apart is never recorded, `fsck` never
// reads the cache, and deleting it changes no output. Any file that is not a cache of this
// version (truncated, forged, from another build) is no cache.

#include "itk/report.hpp"
#include "itk/ticket.hpp"

#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct stat;

namespace itk {

/// What identifies a file's bytes without reading them (git's index keeps the same).
struct FileStamp {
    std::uint64_t dev = 0, ino = 0, size = 0;
    std::int64_t mtime_s = 0, mtime_ns = 0, ctime_s = 0, ctime_ns = 0;
    bool operator==(const FileStamp&) const = default;
};
FileStamp stamp_of(const struct stat& st);

/// Whether a stamp seen at `now` may be recorded: the file changed longer ago than its file
/// system's timestamp granularity (git's racy rule: a second change within the same tick would
/// keep the stamp). 100 ms with nanosecond stamps (the kernel's clock ticks every few ms),
/// 2 s when the file system keeps whole seconds only.
bool settled(const FileStamp& stamp, const timespec& now);

/// A ticket without its events, and the KPI facts of those events, as bytes: every member of
/// Ticket but `events`, then of KpiFacts, in a fixed order, lengths and integers little-endian.
void encode_cached(const Ticket& ticket, const KpiFacts& facts, std::string& out);
/// The ticket and facts of encode_cached()'s bytes; false when the bytes are not exactly those.
bool decode_cached(std::string_view bytes, Ticket& ticket, KpiFacts& facts);

/// A checksum of an entry's ticket bytes (not cryptographic: it catches a torn or damaged
/// cache, as git's index's checksum does, not a forger who can write .itk/ anyway).
std::uint64_t cache_checksum(std::string_view bytes);

/// One entry of a cache file; views into its bytes.
struct CacheEntry {
    std::string_view id;
    FileStamp stamp;
    std::uint64_t checksum = 0;
    std::string_view ticket;
    /// Whether the ticket bytes are those the checksum was made of.
    bool intact() const;
};
/// The first line of a cache file of this build (its layout version, itk's version and commit).
std::string cache_magic();

/// The entries of a cache file, read one at a time in ID order (a scan streams through a
/// cache it never holds whole). The header and trailer are checked first; an entry that is
/// not whole, or out of order, or past the count, ends the entries. Each entry's bytes are
/// still to be checked (CacheEntry::intact) before use.
class CacheCursor {
public:
    explicit CacheCursor(std::string_view bytes);
    /// The next entry; nullopt at the end, or at the first bytes that are not an entry.
    std::optional<CacheEntry> next();
    /// The entry of `id`, for IDs asked in increasing order: the entries before it are passed
    /// (and counted in skipped()); nullopt when the cache has none.
    std::optional<CacheEntry> find(std::string_view id);
    /// Entries passed by find() without being asked for (tickets gone since).
    std::size_t skipped() const { return m_skipped; }
    /// Offset of the first byte not yet read: the bytes before it are never read again.
    std::size_t read_up_to() const;
    /// Whether every entry was read and asked for (none left read ahead), and the count and
    /// end mark agree: the cache was whole, and served whole.
    bool whole() const;

private:
    std::string_view m_bytes; ///< the header and the entries, without the trailer
    std::size_t m_pos = 0;
    std::uint64_t m_count = 0, m_seen = 0;
    std::string_view m_last;
    std::optional<CacheEntry> m_ahead; ///< read by find() for a later ID
    std::size_t m_skipped = 0;
    bool m_ok = false;
};

/// The entries of a whole cache file of this build, sorted by ID; empty when the bytes are not
/// exactly that (header, sizes, order, count and end mark all checked).
std::vector<CacheEntry> parse_cache(std::string_view bytes);

/// Writes a cache file: the header, the entries in ID order, then finish() adds the count and
/// the end mark. With a sink, the bytes go to it a mebibyte at a time (never held whole).
class CacheWriter {
public:
    explicit CacheWriter(std::function<void(std::string_view)> sink = {});
    void add(std::string_view id, const FileStamp& stamp, std::string_view ticket);
    /// An entry of a cache read, as it was (its checksum checked by the caller).
    void add(const CacheEntry& entry);
    std::uint64_t count() const { return m_count; }
    /// The file's bytes, or with a sink, what remains of them (the writer is spent).
    std::string finish();

private:
    void add_entry(std::string_view id, const FileStamp& stamp, std::uint64_t checksum, std::string_view ticket);
    std::string m_out;
    std::uint64_t m_count = 0;
    std::function<void(std::string_view)> m_sink;
};

} // namespace itk
