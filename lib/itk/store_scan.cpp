// Store::scan_each and what is built on it: every ticket file read a batch at a time on every
// core and handed over in ID order, never held whole; `.itk/cache` read and rewritten as the
// scan goes (scan_cache.hpp), so that neither the cache nor the store is ever in memory at once
// (SPEC §12: under 150 MB at 100,000 tickets).

#include "itk/store.hpp"

#include "itk/error.hpp"
#include "itk/parallel.hpp"
#include "itk/scan_cache.hpp"

#include <cerrno>
#include <ctime>
#include <functional>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace itk {

namespace {

// A cache holds 100,000 tickets in about 100 MB; anything far larger is no cache of ours.
constexpr std::size_t k_max_cache_bytes = std::size_t{1} << 30;
// Tickets read at once: what a scan holds besides what its caller keeps.
constexpr std::size_t k_scan_batch = 1024;

// The cache, mapped; nullopt when there is none (no .itk, not a regular file, too big, or
// another user's: it could hold tickets whose files this one may not read).
std::optional<MappedFile> map_cache(const Dir& root)
{
    try {
        const std::optional<Dir> state = root.sub(".itk", false);
        struct stat st {};
        if (std::optional<MappedFile> file = state ? state->map("cache", k_max_cache_bytes, &st) : std::nullopt;
            file && st.st_uid == ::geteuid()) {
            return file;
        }
    } catch (const Error&) {
    }
    return std::nullopt;
}

// Reads the ticket (and its facts) of a cache entry into `t`, when the file still has the
// entry's stamp; false otherwise (`t` then holds nothing to use).
bool from_cache(const Dir& dir, const std::string& id, const CacheEntry& entry, Ticket& t, KpiFacts& facts)
{
    struct stat st {};
    return ::fstatat(dir.fd(), (id + ".json").c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
           stamp_of(st) == entry.stamp && entry.intact() && decode_cached(entry.ticket, t, facts) && t.id == id;
}

// The next `.itk/cache`, written as the scan goes, from the first ticket where it differs from
// the cache read (an entry gone stale or passed, a file newly recorded): a scan that learnt
// nothing writes nothing. The entries kept before that point are copied from the old cache.
class CacheUpdate {
public:
    CacheUpdate(Store& store, std::optional<MappedFile>& old) : m_store(store), m_old(old) {}

    void keep(const CacheEntry& entry)
    {
        if (m_writer) {
            write([&] { m_writer->add(entry); });
        } else {
            ++m_kept;
        }
    }
    void learn(const std::string& id, const FileStamp& stamp, const std::string& ticket)
    {
        if (start()) {
            write([&] { m_writer->add(id, stamp, ticket); });
        }
    }
    void differ() { start(); }
    // Puts the new cache in place, unless it would hold what the old one holds.
    void finish(const CacheCursor& read)
    {
        // Unchanged (the cache is as good as it gets), or nothing to record.
        if (!m_writer && ((m_old && read.whole()) || m_kept == 0)) {
            return;
        }
        if (start()) {
            write([&] {
                m_writer->finish();
                m_file->commit_unsynced(m_store.make_dir(".itk"), "cache");
            });
        }
    }

private:
    // Starts writing (once): false when the cache cannot be written.
    bool start()
    {
        if (!m_writer && !m_failed) {
            write([&] {
                m_file.emplace(m_store.temp());
                m_writer.emplace([this](std::string_view bytes) { m_file->write(bytes); });
                // The entries kept so far: the first of the old cache (anything passed or
                // stale would have started the writer), checked already.
                CacheCursor prefix(m_old ? m_old->bytes() : std::string_view());
                for (std::size_t i = 0; i < m_kept; ++i) {
                    const std::optional<CacheEntry> e = prefix.next();
                    if (!e) {
                        fail_io("read", ".itk/cache", ESTALE); // changed in place under us: no new cache
                    }
                    m_writer->add(*e);
                }
                if (m_old) {
                    m_old->release(0, prefix.read_up_to());
                }
            });
        }
        return !m_failed;
    }
    // Any write error (a read-only clone, a full disk, a quota) leaves the scan without a new
    // cache, never without its answers: the temp file goes, the old cache stays.
    template <class F> void write(F&& f)
    {
        try {
            f();
        } catch (const Error&) {
            m_failed = true;
            m_writer.reset();
            m_file.reset();
        }
    }

    Store& m_store;
    std::optional<MappedFile>& m_old;
    std::size_t m_kept = 0; ///< entries kept before the writer started
    std::optional<SpooledFile> m_file;
    std::optional<CacheWriter> m_writer;
    bool m_failed = false;
};

// What became of one file of a batch.
struct Slot {
    std::optional<CacheEntry> entry; ///< its cache entry, if any; reset when it no longer serves
    std::string fresh;               ///< the encoded ticket, when read from its file and settled
    std::optional<FileStamp> stamp;  ///< the stamp of `fresh`
    std::optional<BadFile> bad;
    bool stale = false;  ///< it had an entry that no longer serves
    bool passed = false; ///< entries of the cache were passed before its own (tickets gone since)
    bool read = false;
};

} // namespace

namespace {

// What a file that could not be read is for the user: a bad file, unless it was removed since
// the directory was listed (not an error).
std::optional<BadFile> unreadable(const Dir& dir, const std::string& id, const Error& e)
{
    if (e.kind() == ErrorKind::io && !dir.exists(id + ".json")) {
        return std::nullopt;
    }
    return BadFile{(dir / (id + ".json")).string(), e.what()};
}

// Reads the files of a scan: from a cache entry whose stamp still serves, else from the file
// (encoded for the next cache when its stamp is settled).
struct FileReader {
    const Dir& dir;
    const ScanNeeds& needs;
    timespec start; ///< taken before any stat: a file changed after it is never recorded as settled
    std::function<Ticket(const std::string& id, struct stat* seen)> load;

    bool cached() const { return !needs.events; }
    bool keeps_events(const Ticket& t) const
    {
        return needs.events || (needs.events_since && t.last_at >= *needs.events_since);
    }
    // Fills `t` and `facts`; false (with `s.bad`, unless the file went meanwhile) when unreadable.
    bool read(const std::string& id, Slot& s, Ticket& t, KpiFacts& facts) const
    {
        const bool hit = s.entry && from_cache(dir, id, *s.entry, t, facts);
        if (s.entry && !hit) {
            s.entry.reset();
            s.stale = true;
        }
        if (hit && !keeps_events(t)) {
            return true;
        }
        try { // a hit that needs its events stays a valid entry
            struct stat st {};
            t = load(id, &st);
            if (cached() || needs.facts) {
                facts = kpi_facts(t);
            }
            if (cached() && !hit && settled(stamp_of(st), start)) {
                encode_cached(t, facts, s.fresh);
                s.stamp = stamp_of(st);
            }
            if (!keeps_events(t)) {
                std::vector<Event>().swap(t.events);
            }
            return true;
        } catch (const Error& e) {
            s.bad = unreadable(dir, id, e);
            return false;
        }
    }
};

} // namespace

void Store::scan_each(const ScanNeeds& needs, const ScanVisit& visit, std::vector<BadFile>& bad)
{
    const std::vector<std::string> all = ids();
    if (all.empty()) {
        return;
    }
    FileReader reader{*tickets(), needs, {}, [this](const std::string& id, struct stat* seen) {
                          return load_from(*tickets(), id, seen);
                      }};
    ::clock_gettime(CLOCK_REALTIME, &reader.start);
    std::optional<MappedFile> cache = reader.cached() ? map_cache(root_dir()) : std::nullopt;
    CacheCursor cursor(cache ? cache->bytes() : std::string_view());
    CacheUpdate update(*this, cache);
    std::vector<Slot> slots;
    for (std::size_t first = 0; first < all.size(); first += k_scan_batch) {
        const std::size_t count = std::min(k_scan_batch, all.size() - first);
        slots.assign(count, Slot());
        for (std::size_t i = 0; reader.cached() && i < count; ++i) {
            const std::size_t skipped = cursor.skipped();
            slots[i].entry = cursor.find(all[first + i]);
            slots[i].passed = cursor.skipped() != skipped;
        }
        visit.batch(count);
        parallel_for(count, [&](std::size_t i) {
            Ticket t;
            KpiFacts facts;
            slots[i].read = reader.read(all[first + i], slots[i], t, facts);
            if (slots[i].read) {
                visit.make(i, t, facts); // its exceptions are the caller's, never a bad file
            }
        });
        for (std::size_t i = 0; i < count; ++i) { // in ID order: the next cache, then the caller
            Slot& s = slots[i];
            if (s.passed || s.stale) {
                update.differ();
            }
            if (s.entry) {
                update.keep(*s.entry);
            } else if (s.stamp) {
                update.learn(all[first + i], *s.stamp, s.fresh);
            }
            if (s.bad) {
                bad.push_back(std::move(*s.bad));
            } else if (s.read) {
                visit.take(i);
            }
        }
        if (cache) {
            cache->release_before(cursor.read_up_to());
        }
    }
    if (reader.cached()) {
        update.finish(cursor);
    }
}

Scan Store::scan(const ScanNeeds& needs)
{
    Scan out;
    using Read = std::pair<Ticket, KpiFacts>;
    scan_made<Read>(
        *this, needs, [](Ticket& t, const KpiFacts& facts) { return std::optional<Read>(Read{std::move(t), facts}); },
        [&](Read& r) {
            out.tickets.push_back(std::move(r.first));
            if (needs.facts) {
                out.facts.push_back(std::move(r.second));
            }
        },
        out.bad);
    return out;
}

void Store::stream(const std::vector<std::string>& selected, const std::function<std::string(const Ticket&)>& render,
                   const std::function<void(const std::string&)>& emit, std::vector<BadFile>& bad) const
{
    if (selected.empty()) {
        return;
    }
    const Dir dir = *tickets();
    std::vector<std::optional<BadFile>> failed(selected.size());
    std::vector<char> read(selected.size(), 0);
    parallel_in_order(
        selected.size(),
        [&](std::size_t i) {
            std::optional<Ticket> t;
            try {
                t = load_from(dir, selected[i]);
            } catch (const Error& e) {
                failed[i] = unreadable(dir, selected[i], e);
                return std::string();
            }
            read[i] = 1;
            return render(*t); // its exceptions are the caller's, never a bad file
        },
        [&](std::size_t i, std::string& text) {
            if (failed[i]) {
                bad.push_back(std::move(*failed[i]));
            } else if (read[i] != 0) {
                emit(text);
            }
        });
}

} // namespace itk
