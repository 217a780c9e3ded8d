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
/// The entries of a cache file, sorted by ID; empty when the bytes are not a cache of this
/// build (header, sizes, order and end mark all checked).
std::vector<CacheEntry> parse_cache(std::string_view bytes);

/// Bytes an entry takes besides its ID and ticket (sizes, stamp, checksum).
inline constexpr std::size_t k_cache_entry_overhead = 8 * 10;

/// Writes a cache file: the header, then entries in ID order, then finish().
class CacheWriter {
public:
    /// `reserve`: the bytes the entries will take, when known (one allocation).
    explicit CacheWriter(std::size_t reserve = 0);
    void add(std::string_view id, const FileStamp& stamp, std::string_view ticket);
    /// The file's bytes (the writer is spent).
    std::string finish();

private:
    std::string m_out;
    std::uint64_t m_count = 0;
};

} // namespace itk
