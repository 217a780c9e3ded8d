// Tests of itk/scan_cache: git's racy rule, and cache files that are not whole (cut, damaged,
// out of order, another build's) are no cache. The round trip of every ticket the fuzz corpus
// holds is the ticket fuzz target's (fuzz_corpus_test.cpp); the answers from a real store's
// cache, t0530-scan-cache.sh.

#include "itk/scan_cache.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

using namespace itk;

namespace {

FileStamp stamp_at(std::int64_t mtime_s, std::int64_t mtime_ns, std::int64_t ctime_s, std::int64_t ctime_ns)
{
    FileStamp s;
    s.dev = 2049, s.ino = 12345, s.size = 2700;
    s.mtime_s = mtime_s, s.mtime_ns = mtime_ns, s.ctime_s = ctime_s, s.ctime_ns = ctime_ns;
    return s;
}

std::string ticket_bytes(const std::string& id, const std::string& title)
{
    Ticket t;
    t.id = id;
    t.title = title;
    t.fields["location"] = std::string("Lyon");
    t.fields["floor"] = std::int64_t{3};
    KpiFacts k;
    k.opener = "alice";
    k.hierarchical = {5, 9};
    k.closed_at = 7;
    std::string out;
    encode_cached(t, k, out);
    return out;
}

} // namespace

TEST_CASE("settled: a stamp is recorded only once older than the file system's granularity")
{
    const timespec now{1'000'000, 500'000'000};
    // Nanosecond stamps: 100 ms, on both the mtime and the ctime.
    CHECK_FALSE(settled(stamp_at(1'000'000, 450'000'000, 1'000'000, 450'000'000), now)); // 50 ms ago
    CHECK(settled(stamp_at(1'000'000, 300'000'000, 1'000'000, 300'000'000), now));       // 200 ms ago
    CHECK_FALSE(settled(stamp_at(999'000, 0, 1'000'000, 450'000'000), now)); // old mtime, ctime just now (a touch -r)
    CHECK_FALSE(settled(stamp_at(1'003'600, 1, 1'000'000, 1), now));         // an mtime in the future
    // Whole seconds only (both nanoseconds zero): 2 s.
    CHECK_FALSE(settled(stamp_at(999'999, 0, 999'999, 0), now)); // 1.5 s ago
    CHECK(settled(stamp_at(999'997, 0, 999'997, 0), now));       // 3.5 s ago
}

TEST_CASE("parse_cache: the entries of a whole cache, nothing of any other bytes")
{
    CacheWriter w;
    const std::string a = ticket_bytes("INC-A", "printer");
    const std::string b = ticket_bytes("INC-B", "mail");
    w.add("INC-A", stamp_at(1, 2, 3, 4), a);
    w.add("INC-B", stamp_at(5, 6, 7, 8), b);
    const std::string file = w.finish();

    const std::vector<CacheEntry> entries = parse_cache(file);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].id == "INC-A");
    CHECK(entries[0].stamp == stamp_at(1, 2, 3, 4));
    CHECK(entries[1].ticket == b);
    CHECK(entries[0].intact());
    Ticket t;
    KpiFacts k;
    REQUIRE(decode_cached(entries[1].ticket, t, k));
    CHECK(t.title == "mail");
    CHECK(std::get<std::int64_t>(t.fields.at("floor")) == 3);
    CHECK(k.opener == "alice");
    CHECK(k.hierarchical == std::vector<Time>{5, 9});
    CHECK(k.closed_at == 7);
    CHECK_FALSE(k.declared_at);

    SUBCASE("cut anywhere") {
        for (std::size_t cut = 0; cut < file.size(); ++cut) {
            CHECK_MESSAGE(parse_cache(std::string_view(file).substr(0, cut)).empty(), "cut at " << cut);
        }
    }
    SUBCASE("bytes after the end") {
        std::string longer = file;
        longer.push_back('x');
        CHECK(parse_cache(longer).empty());
    }
    SUBCASE("another build's header") {
        std::string other = file;
        const std::size_t space = other.find(' ', 10); // "itk cache N VERSION COMMIT"
        REQUIRE(space < 20);
        other[space + 1] = 'X';
        CHECK(parse_cache(other).empty());
    }
    SUBCASE("entries out of order or twice") {
        CacheWriter twice;
        twice.add("INC-B", stamp_at(5, 6, 7, 8), b);
        twice.add("INC-A", stamp_at(1, 2, 3, 4), a);
        CHECK(parse_cache(twice.finish()).empty());
        CacheWriter same;
        same.add("INC-A", stamp_at(1, 2, 3, 4), a);
        same.add("INC-A", stamp_at(1, 2, 3, 4), a);
        CHECK(parse_cache(same.finish()).empty());
    }
    SUBCASE("a damaged ticket fails its checksum") {
        std::string damaged = file;
        const std::size_t at = damaged.find("printer");
        REQUIRE(at != std::string::npos);
        damaged[at] = 'q';
        const std::vector<CacheEntry> parsed = parse_cache(damaged);
        REQUIRE(parsed.size() == 2);
        CHECK_FALSE(parsed[0].intact());
        CHECK(parsed[1].intact());
    }
}

TEST_CASE("decode_cached: only exactly the bytes of one ticket")
{
    const std::string bytes = ticket_bytes("INC-A", "printer");
    Ticket t;
    KpiFacts k;
    CHECK(decode_cached(bytes, t, k));
    std::string longer = bytes;
    longer.push_back('\0');
    CHECK_FALSE(decode_cached(longer, t, k));
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        CHECK_FALSE(decode_cached(std::string_view(bytes).substr(0, cut), t, k));
    }
    std::string bad_bool = bytes;
    // The first optional after the strings (type) is a presence byte: 0 or 1 only.
    bad_bool[8 + 5 + 8 + 7 + 8] = '\2';
    CHECK_FALSE(decode_cached(bad_bool, t, k));
}

TEST_CASE("the cache fuzz corpus holds a cache of this layout (regenerate it when the layout changes)")
{
    // tests/fuzz/corpus/cache/demo-store: .itk/cache of examples/demo.sh's store, first line cut.
    std::string path = ITK_SOURCE_DIR;
    path.append("/tests/fuzz/corpus/cache/demo-store");
    std::ifstream in(path, std::ios::binary);
    std::string file = cache_magic();
    file.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    const std::vector<CacheEntry> entries = parse_cache(file);
    CHECK(entries.size() >= 10);
    for (const CacheEntry& e : entries) {
        Ticket t;
        KpiFacts k;
        CHECK(e.intact());
        CHECK(decode_cached(e.ticket, t, k));
    }
}

TEST_CASE("CacheCursor: entries found in ID order, those passed counted, the bytes read behind it")
{
    CacheWriter w;
    const std::string a = ticket_bytes("INC-A", "printer"), b = ticket_bytes("INC-B", "mail"),
                      c = ticket_bytes("INC-C", "vpn");
    w.add("INC-A", stamp_at(1, 2, 3, 4), a);
    w.add("INC-B", stamp_at(5, 6, 7, 8), b);
    w.add("INC-C", stamp_at(9, 1, 2, 3), c);
    const std::string file = w.finish();

    CacheCursor cursor(file);
    CHECK(cursor.read_up_to() == cache_magic().size());
    CHECK(cursor.find("INC-0") == std::nullopt); // before every entry: nothing passed
    CHECK(cursor.skipped() == 0);
    const std::optional<CacheEntry> found_a = cursor.find("INC-A");
    REQUIRE(found_a);
    CHECK(found_a->ticket == a);
    CHECK(cursor.find("INC-AB") == std::nullopt); // INC-B is read ahead, not passed
    CHECK(cursor.skipped() == 0);
    CHECK(cursor.read_up_to() == static_cast<std::size_t>(found_a->ticket.data() - file.data()) + a.size());
    const std::optional<CacheEntry> found_c = cursor.find("INC-C"); // INC-B's ticket is gone
    REQUIRE(found_c);
    CHECK(found_c->ticket == c);
    CHECK(found_c->stamp == stamp_at(9, 1, 2, 3));
    CHECK(cursor.skipped() == 1);
    CHECK(cursor.whole());
    CHECK(cursor.find("INC-D") == std::nullopt);

    SUBCASE("a cursor stops at the first bytes that are no entry; those before still serve") {
        std::string damaged = file;
        const std::size_t at = damaged.find("INC-B");
        REQUIRE(at != std::string::npos);
        damaged[at - 1] = '\x7f'; // the high byte of INC-B's ID size
        CacheCursor broken(damaged);
        CHECK(broken.find("INC-A"));
        CHECK(broken.find("INC-C") == std::nullopt);
        CHECK_FALSE(broken.whole());
        CHECK(parse_cache(damaged).empty());
    }
    SUBCASE("a writer with a sink gives the same bytes, a mebibyte at a time") {
        std::string sunk;
        std::size_t calls = 0;
        CacheWriter s([&](std::string_view bytes) {
            sunk.append(bytes);
            ++calls;
        });
        std::string expected_all;
        CacheWriter all;
        const std::string big = ticket_bytes("INC-Z", std::string(300'000, 'x'));
        for (int i = 0; i < 8; ++i) {
            const std::string id = "INC-" + std::to_string(i);
            s.add(id, stamp_at(i, 0, i, 0), big);
            all.add(id, stamp_at(i, 0, i, 0), big);
        }
        CHECK(s.finish().empty());
        CHECK(sunk == all.finish());
        CHECK(calls >= 3);
        CHECK(parse_cache(sunk).size() == 8);
    }
}
