#include "itk/scan_cache.hpp"

#include "itk/error.hpp"
#include "itk/json_reader.hpp"

#include <climits>
#include <concepts>
#include <cstring>

#include <sys/stat.h>

namespace itk {

// A member added to Ticket must be added to members() below, and the magic bumped: the size
// is the reminder (checked where it is known, x86-64 with libstdc++).
#if defined(__x86_64__) && defined(__GLIBCXX__)
static_assert(sizeof(Ticket) == 1872, "Ticket changed: update members() in scan_cache.cpp and bump k_magic");
static_assert(sizeof(KpiFacts) == 184, "KpiFacts changed: update members() in scan_cache.cpp and bump k_magic");
#endif

namespace {

// The version of the layout; the build's version and commit are added, so that another itk
// (whose replay may differ) never takes this cache for its own.
constexpr std::string_view k_magic = "itk cache 3 ";
constexpr std::string_view k_end = "end\n";

template <class T, class U>
concept Is = std::same_as<std::remove_const_t<T>, U>;

// Every member, in the cache's order; `f` writes or reads it.
template <class P, class F>
    requires Is<P, Person>
void members(P& p, F& f)
{
    f(p.name), f(p.contact);
}
template <class S, class F>
    requires Is<S, Source>
void members(S& s, F& f)
{
    f(s.system), f(s.number);
}
template <class R, class F>
    requires Is<R, Resolution>
void members(R& r, F& f)
{
    f(r.kind), f(r.code), f(r.notes), f(r.at), f(r.by);
}
template <class C, class F>
    requires Is<C, Closure>
void members(C& c, F& f)
{
    f(c.confirmed_by), f(c.satisfaction), f(c.comment), f(c.unconfirmed), f(c.at), f(c.by);
}
template <class K, class F>
    requires Is<K, KpiFacts>
void members(K& k, F& f)
{
    f(k.opener), f(k.resolver), f(k.functional_escalations), f(k.reopens), f(k.ping_pong), f(k.other_owner);
    f(k.hierarchical), f(k.closed_at), f(k.cancelled_at), f(k.redirected_at), f(k.declared_at), f(k.withdrawn_at);
}
template <class T, class F>
    requires Is<T, Ticket>
void members(T& t, F& f)
{
    f(t.id), f(t.title), f(t.description), f(t.type), f(t.status), f(t.caller), f(t.affected), f(t.channel);
    f(t.service), f(t.category), f(t.subcategory), f(t.impact), f(t.urgency), f(t.priority), f(t.major);
    f(t.level), f(t.group), f(t.owner), f(t.coordinator), f(t.reassignments), f(t.parent), f(t.follows);
    f(t.duplicate_of), f(t.ref), f(t.dedup), f(t.problem), f(t.change), f(t.caused_by), f(t.hold_reason);
    f(t.awaiting), f(t.resolution), f(t.closure), f(t.fields), f(t.source), f(t.opened_at), f(t.updated_at);
    // events: never cached (those who need them read the files).
    f(t.extra), f(t.absent_keys), f(t.sla_response), f(t.sla_resolution), f(t.coordination_required);
    f(t.first_assigned_at), f(t.held_at_response), f(t.resolved_at), f(t.on_hold_since), f(t.hold_pauses);
    f(t.held), f(t.held_by_kind), f(t.last_group), f(t.postmortem), f(t.children), f(t.last_at);
}

template <class T>
concept Structured =
    Is<T, Person> || Is<T, Source> || Is<T, Resolution> || Is<T, Closure> || Is<T, Ticket> || Is<T, KpiFacts>;

struct Out {
    std::string& s;

    void u64(std::uint64_t v)
    {
        char b[8];
        for (int i = 0; i < 8; ++i) {
            b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
        }
        s.append(b, 8);
    }
    void operator()(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
    void operator()(int v) { u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(v))); }
    void operator()(bool v) { s.push_back(v ? '\1' : '\0'); }
    void operator()(Status v) { s.push_back(static_cast<char>(v)); }
    void operator()(const std::string& v)
    {
        u64(v.size());
        s.append(v);
    }
    void operator()(const Json& j) { (*this)(j.is_object() && j.empty() ? std::string() : j.dump()); }
    void operator()(const FieldValue& v)
    {
        (*this)(v.index() == 1);
        std::visit([this](const auto& x) { (*this)(x); }, v);
    }
    template <class T> void operator()(const std::optional<T>& v)
    {
        (*this)(v.has_value());
        if (v) {
            (*this)(*v);
        }
    }
    template <class T> void operator()(const std::vector<T>& v)
    {
        u64(v.size());
        for (const T& x : v) {
            (*this)(x);
        }
    }
    template <class T, std::size_t N> void operator()(const std::array<T, N>& v)
    {
        for (const T& x : v) {
            (*this)(x);
        }
    }
    void operator()(const Fields& m)
    {
        u64(m.size());
        for (const auto& [k, x] : m) {
            (*this)(k), (*this)(x);
        }
    }
    template <class T>
        requires Structured<T>
    void operator()(const T& v)
    {
        members(v, *this);
    }
};

// Reads what Out wrote; any byte out of place sets ok = false (and reads nothing further).
struct In {
    std::string_view b;
    std::size_t pos = 0;
    bool ok = true;

    bool take(std::uint64_t n)
    {
        ok = ok && n <= b.size() - pos;
        return ok;
    }
    std::uint64_t u64()
    {
        if (!take(8)) {
            return 0;
        }
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) {
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(b[pos + i])) << (8 * i);
        }
        pos += 8;
        return v;
    }
    unsigned byte(unsigned max)
    {
        if (!take(1)) {
            return 0;
        }
        const auto c = static_cast<unsigned char>(b[pos++]);
        ok = ok && c <= max;
        return c;
    }
    void operator()(std::int64_t& v) { v = static_cast<std::int64_t>(u64()); }
    void operator()(int& v)
    {
        const auto x = static_cast<std::int64_t>(u64());
        ok = ok && x >= INT_MIN && x <= INT_MAX;
        v = static_cast<int>(x);
    }
    void operator()(bool& v) { v = byte(1) == 1; }
    void operator()(Status& v) { v = static_cast<Status>(byte(static_cast<unsigned>(Status::redirected))); }
    void operator()(std::string& v)
    {
        const std::uint64_t n = u64();
        if (take(n)) {
            v.assign(b.substr(pos, n));
            pos += n;
        }
    }
    void operator()(Json& j)
    {
        std::string text;
        (*this)(text);
        if (!ok || text.empty()) {
            j = Json::object();
            return;
        }
        try {
            j = parse_json_strict(text, ".itk/cache"); // a forged cache nests as deep as it likes
        } catch (const Error&) {
            ok = false;
        }
    }
    void operator()(FieldValue& v)
    {
        bool number = false;
        (*this)(number);
        if (number) {
            std::int64_t x = 0;
            (*this)(x);
            v = x;
        } else {
            std::string x;
            (*this)(x);
            v = std::move(x);
        }
    }
    template <class T> void operator()(std::optional<T>& v)
    {
        bool has = false;
        (*this)(has);
        if (has && ok) {
            (*this)(v.emplace());
        } else {
            v.reset();
        }
    }
    template <class T> void operator()(std::vector<T>& v)
    {
        const std::uint64_t n = u64();
        v.clear();
        if (!take(n)) { // every element takes a byte at least; no reserve: a forged count
            return;     // would ask for 32 bytes of memory per byte of input
        }
        for (std::uint64_t i = 0; i < n && ok; ++i) {
            (*this)(v.emplace_back());
        }
    }
    template <class T, std::size_t N> void operator()(std::array<T, N>& v)
    {
        for (T& x : v) {
            (*this)(x);
        }
    }
    void operator()(Fields& m)
    {
        const std::uint64_t n = u64();
        m.clear();
        if (!take(n)) {
            return;
        }
        for (std::uint64_t i = 0; i < n && ok; ++i) {
            std::string k;
            FieldValue x;
            (*this)(k), (*this)(x);
            ok = ok && (m.empty() || m.rbegin()->first < k); // as a map writes them: unique, in order
            m.emplace_hint(m.end(), std::move(k), std::move(x));
        }
    }
    template <class T>
        requires Structured<T>
    void operator()(T& v)
    {
        members(v, *this);
    }
};

#ifndef ITK_COMMIT
#define ITK_COMMIT "unknown"
#endif

std::string magic()
{
    std::string out(k_magic);
    out.append(ITK_VERSION).append(" ").append(ITK_COMMIT).push_back('\n');
    return out;
}

void put_stamp(Out& o, const FileStamp& s)
{
    o.u64(s.dev), o.u64(s.ino), o.u64(s.size);
    o(s.mtime_s), o(s.mtime_ns), o(s.ctime_s), o(s.ctime_ns);
}

FileStamp get_stamp(In& in)
{
    FileStamp s;
    s.dev = in.u64(), s.ino = in.u64(), s.size = in.u64();
    in(s.mtime_s), in(s.mtime_ns), in(s.ctime_s), in(s.ctime_ns);
    return s;
}

} // namespace

std::uint64_t cache_checksum(std::string_view bytes)
{
    // FNV-1a's constants over 8-byte words, each mixed as it comes: a few GB/s, so that
    // checking every entry costs a small part of reading the cache.
    std::uint64_t h = 0xcbf29ce484222325ULL ^ bytes.size();
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, bytes.data() + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    for (; i < bytes.size(); ++i) {
        h = (h ^ static_cast<unsigned char>(bytes[i])) * 0x100000001b3ULL;
    }
    return h ^ (h >> 32);
}

bool CacheEntry::intact() const
{
    return cache_checksum(ticket) == checksum;
}

FileStamp stamp_of(const struct stat& st)
{
    return FileStamp{static_cast<std::uint64_t>(st.st_dev),   static_cast<std::uint64_t>(st.st_ino),
                     static_cast<std::uint64_t>(st.st_size),  st.st_mtim.tv_sec,
                     st.st_mtim.tv_nsec,                      st.st_ctim.tv_sec,
                     st.st_ctim.tv_nsec};
}

namespace {

// Whether (s, ns) is more than `margin_ns` (at most 2 s) before `now`, for any stamp (a file
// touched to the year 3000 overflows nanoseconds since 1970).
bool before_by(const timespec& now, std::int64_t s, std::int64_t ns, std::int64_t margin_ns)
{
    if (s > now.tv_sec) {
        return false;
    }
    if (s < now.tv_sec - 3) {
        return true;
    }
    return (now.tv_sec - s) * 1'000'000'000 + (now.tv_nsec - ns) > margin_ns;
}

} // namespace

bool settled(const FileStamp& stamp, const timespec& now)
{
    const bool coarse = stamp.mtime_ns == 0 && stamp.ctime_ns == 0;
    const std::int64_t margin_ns = coarse ? 2'000'000'000 : 100'000'000;
    return before_by(now, stamp.mtime_s, stamp.mtime_ns, margin_ns) && before_by(now, stamp.ctime_s, stamp.ctime_ns, margin_ns);
}

std::string cache_magic()
{
    return magic();
}

void encode_cached(const Ticket& ticket, const KpiFacts& facts, std::string& out)
{
    Out o{out};
    o(ticket), o(facts);
}

bool decode_cached(std::string_view bytes, Ticket& ticket, KpiFacts& facts)
{
    In in{bytes};
    in(ticket), in(facts);
    return in.ok && in.pos == bytes.size();
}

CacheCursor::CacheCursor(std::string_view bytes)
{
    // The header and the trailer (the count, the end mark) first: a file cut or grown
    // anywhere, or of another build, yields no entry at all.
    const std::string head = magic();
    const std::size_t trailer = 8 + k_end.size();
    if (bytes.substr(0, head.size()) != head || bytes.size() < head.size() + trailer ||
        bytes.substr(bytes.size() - k_end.size()) != k_end) {
        return;
    }
    m_bytes = bytes.substr(0, bytes.size() - trailer);
    m_pos = head.size();
    In count{bytes.substr(m_bytes.size(), 8)};
    m_count = count.u64();
    m_ok = true;
}

std::optional<CacheEntry> CacheCursor::next()
{
    if (!m_ok || m_pos == m_bytes.size()) {
        return std::nullopt;
    }
    In in{m_bytes, m_pos};
    CacheEntry e;
    const std::uint64_t id_size = in.u64();
    if (in.take(id_size)) {
        e.id = in.b.substr(in.pos, id_size);
        in.pos += id_size;
    }
    e.stamp = get_stamp(in);
    e.checksum = in.u64();
    const std::uint64_t size = in.u64();
    if (in.take(size)) {
        e.ticket = in.b.substr(in.pos, size);
        in.pos += size;
    }
    m_ok = in.ok && m_seen < m_count && (m_seen == 0 || m_last < e.id);
    if (!m_ok) {
        return std::nullopt; // what follows is not an entry: no more of them
    }
    m_pos = in.pos;
    m_last = e.id;
    ++m_seen;
    return e;
}

std::optional<CacheEntry> CacheCursor::find(std::string_view id)
{
    for (;;) {
        if (!m_ahead) {
            m_ahead = next();
            if (!m_ahead) {
                return std::nullopt;
            }
        }
        const int c = m_ahead->id.compare(id);
        if (c > 0) {
            return std::nullopt;
        }
        const CacheEntry e = *m_ahead;
        m_ahead.reset();
        if (c == 0) {
            return e;
        }
        ++m_skipped;
    }
}

std::size_t CacheCursor::read_up_to() const
{
    return m_ahead ? static_cast<std::size_t>(m_ahead->id.data() - m_bytes.data()) - 8 : m_pos;
}

bool CacheCursor::whole() const
{
    return m_ok && m_pos == m_bytes.size() && m_seen == m_count && !m_ahead; // one read ahead was passed
}

std::vector<CacheEntry> parse_cache(std::string_view bytes)
{
    CacheCursor cursor(bytes);
    std::vector<CacheEntry> out;
    while (std::optional<CacheEntry> e = cursor.next()) {
        out.push_back(*e);
    }
    return cursor.whole() ? out : std::vector<CacheEntry>();
}

CacheWriter::CacheWriter(std::function<void(std::string_view)> sink) : m_out(magic()), m_sink(std::move(sink)) {}

void CacheWriter::add(std::string_view id, const FileStamp& stamp, std::string_view ticket)
{
    add_entry(id, stamp, cache_checksum(ticket), ticket);
}

void CacheWriter::add(const CacheEntry& entry)
{
    add_entry(entry.id, entry.stamp, entry.checksum, entry.ticket);
}

void CacheWriter::add_entry(std::string_view id, const FileStamp& stamp, std::uint64_t checksum, std::string_view ticket)
{
    Out o{m_out};
    o.u64(id.size());
    m_out.append(id);
    put_stamp(o, stamp);
    o.u64(checksum);
    o.u64(ticket.size());
    m_out.append(ticket);
    ++m_count;
    if (m_sink && m_out.size() >= (std::size_t{1} << 20)) {
        m_sink(m_out);
        m_out.clear();
    }
}

std::string CacheWriter::finish()
{
    Out o{m_out};
    o.u64(m_count);
    m_out.append(k_end);
    if (m_sink) {
        m_sink(m_out);
        m_out.clear();
    }
    return std::move(m_out);
}

} // namespace itk
