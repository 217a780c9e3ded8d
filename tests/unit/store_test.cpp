// Tests of itk/store in a temporary directory: init, IDs, resolution of abbreviated IDs,
// atomic writes that keep the file's mode, the fixed clock, and scans that survive bad files.

#include "support.hpp"

#include "itk/store.hpp"
#include "itk/text.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace itk;
using namespace itk::test;

namespace {

struct stat stat_of(const fs::path& path)
{
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st;
}

// Builds the registration of a test ticket, for Store::create.
Ticket build(const Context& ctx, const std::string& id) { return open_ticket(ctx, id, open_args()); }

bool has_temp_files(const Store& store)
{
    const fs::path tmp = store.state_dir() / "tmp";
    if (!fs::exists(tmp)) {
        return false;
    }
    return !fs::is_empty(tmp);
}

// PREFIX- then 10 Crockford base-32 characters (no I, L, O, U). std::regex is avoided: GCC 12
// warns inside it under the sanitizers, and CI builds with -Werror.
bool has_id_shape(const std::string& id, const std::string& prefix)
{
    const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    if (id.size() != prefix.size() + 11 || id.compare(0, prefix.size() + 1, prefix + "-") != 0) {
        return false;
    }
    return id.find_first_not_of(alphabet, prefix.size() + 1) == std::string::npos;
}

} // namespace

TEST_CASE("store: init creates the config, tickets/ and a .gitignore")
{
    TempDir dir;
    init_store(dir.path());
    CHECK(read_file(dir.path() / "itk.toml") == default_config_text());
    CHECK(fs::is_directory(dir.path() / "tickets"));
    const std::string ignore = read_file(dir.path() / ".gitignore");
    CHECK(ignore.find("\n.itk/\n") != std::string::npos);
    Store store(dir.path());
    CHECK(store.config().prefix == "INC");
    CHECK(store.config().path == (dir.path() / "itk.toml").string());
}

TEST_CASE("store: init keeps an existing .gitignore")
{
    TempDir dir;
    write_text(dir.path() / ".gitignore", "*.o\nbuild");
    init_store(dir.path());
    CHECK(read_file(dir.path() / ".gitignore") == "*.o\nbuild\n# itk's local state: locks and temporary files\n.itk/\n");
}

TEST_CASE("store: init is refused where a store exists")
{
    TempDir dir;
    init_store(dir.path());
    write_text(dir.path() / "itk.toml", "# edited by hand\n");
    const std::string message = error_message(ErrorKind::refused, [&] { init_store(dir.path()); });
    CHECK(message == "cannot init '" + dir.path().string() + "': a store already exists there (itk.toml)");
    CHECK(read_file(dir.path() / "itk.toml") == "# edited by hand\n"); // untouched
}

TEST_CASE("store: generated IDs are PREFIX- and 10 Crockford base-32 characters")
{
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string id = generate_id("INC");
        CAPTURE(id);
        CHECK(has_id_shape(id, "INC"));
        CHECK(id.size() <= 20);
        seen.insert(id);
    }
    CHECK(seen.size() == 200);
    CHECK(has_id_shape(generate_id("OPS2"), "OPS2"));
}

TEST_CASE("store: is_id_syntax refuses anything that could be a path")
{
    CHECK(is_id_syntax("INC-7K3QX9MA2P"));
    CHECK(is_id_syntax("7k3q"));
    CHECK(is_id_syntax("a_b"));
    CHECK_FALSE(is_id_syntax(""));
    CHECK_FALSE(is_id_syntax("../x"));
    CHECK_FALSE(is_id_syntax(".."));
    CHECK_FALSE(is_id_syntax("/etc/passwd"));
    CHECK_FALSE(is_id_syntax("a/b"));
    CHECK_FALSE(is_id_syntax("a.json"));
    CHECK_FALSE(is_id_syntax("a b"));
    CHECK_FALSE(is_id_syntax("caf\xC3\xA9"));
    CHECK_FALSE(is_id_syntax(std::string(65, 'A')));
}

TEST_CASE("store: create writes a new ticket under a fresh ID")
{
    TempDir dir;
    init_store(dir.path());
    const EnvGuard now("ITK_NOW", "2026-11-21T09:30:00Z");
    Store store(dir.path());
    const std::string id = store.create("alice", build);
    CAPTURE(id);
    CHECK(has_id_shape(id, "INC"));
    REQUIRE(fs::exists(store.ticket_path(id)));
    CHECK(store.ticket_path(id) == dir.path() / "tickets" / (id + ".json"));
    const Ticket t = store.load(id);
    CHECK(t.id == id);
    CHECK(t.status == Status::fresh);
    CHECK(format_rfc3339(t.opened_at) == "2026-11-21T09:30:00Z");
    CHECK(ev_json(t.events[0])["by"] == "alice");
    CHECK(read_file(store.ticket_path(id)) == serialize(t));
    CHECK_FALSE(has_temp_files(store));

    std::set<std::string> ids = {id};
    for (int i = 0; i < 20; ++i) {
        ids.insert(store.create("alice", build));
    }
    CHECK(ids.size() == 21);
    CHECK(store.ids() == std::vector<std::string>(ids.begin(), ids.end()));
}

TEST_CASE("store: an ID clash at creation retries with a new ID and leaves the other file alone")
{
    TempDir dir;
    init_store(dir.path());
    const EnvGuard now("ITK_NOW", "2026-11-21T09:30:00Z");
    Store store(dir.path());
    const std::string first = store.create("alice", build);
    const std::string before = read_file(store.ticket_path(first));
    // The generator gives the taken ID twice, then a new one.
    std::vector<std::string> ids = {first, first, "INC-NEWNEWNEW0"};
    std::size_t calls = 0;
    store.set_id_generator([&](const std::string& prefix) {
        CHECK(prefix == "INC");
        return ids.at(calls++);
    });
    CHECK(store.create("bob", build) == "INC-NEWNEWNEW0");
    CHECK(calls == 3);
    CHECK(read_file(store.ticket_path(first)) == before);
    CHECK(fs::is_empty(store.state_dir() / "tmp"));
    // When every ID clashes, it gives up after 20 tries with an I/O error.
    store.set_id_generator([&](const std::string&) { return first; });
    CHECK(error_message(ErrorKind::io, [&] { store.create("bob", build); }) ==
          "cannot find a free ID in '" + store.tickets_dir().string() + "': File exists");
}

TEST_CASE("store: create uses the configured prefix")
{
    TempDir dir;
    init_store(dir.path());
    std::string text = default_config_text();
    text.replace(text.find("prefix = \"INC\""), 14, "prefix = \"OPS\"");
    write_text(dir.path() / "itk.toml", text);
    const EnvGuard now("ITK_NOW", "2026-11-21T09:30:00Z");
    Store store(dir.path());
    const std::string id = store.create("alice", build);
    CHECK(has_id_shape(id, "OPS"));
    CHECK(store.resolve_id(to_lower(id.substr(4, 10))) == id);
    CHECK(store.resolve_id(to_lower(id)) == id);
}

TEST_CASE("store: resolve_id takes a full ID or a unique case-insensitive prefix")
{
    TempDir dir;
    init_store(dir.path());
    const EnvGuard now("ITK_NOW", "2026-11-21T09:30:00Z");
    Store store(dir.path());
    const std::string id = store.create("alice", build);
    const std::string suffix = id.substr(4);
    CHECK(store.resolve_id(id) == id);
    CHECK(store.resolve_id(to_lower(id)) == id);
    CHECK(store.resolve_id(suffix) == id);
    CHECK(store.resolve_id(to_lower(suffix)) == id);
    CHECK(store.resolve_id(to_lower(suffix.substr(0, 4))) == id);
    CHECK(store.resolve_id("inc-" + to_lower(suffix.substr(0, 4))) == id);
    CHECK(store.resolve_id(suffix.substr(0, 1)) == id);
}

TEST_CASE("store: an ambiguous prefix lists the candidates")
{
    TempDir dir;
    init_store(dir.path());
    // Files named by hand: resolving never parses them, so their content does not matter.
    for (const char* name : {"INC-AB12000001", "INC-AB12000002", "INC-AB13000001", "INC-CD34000001"}) {
        write_text(dir.path() / "tickets" / (std::string(name) + ".json"), "not parsed\n");
    }
    Store store(dir.path());
    CHECK(error_message(ErrorKind::not_found, [&] { store.resolve_id("ab12"); }) ==
          "ambiguous ID 'ab12': 2 tickets match (INC-AB12000001, INC-AB12000002); type more characters");
    CHECK(error_message(ErrorKind::not_found, [&] { store.resolve_id("INC-AB1"); }) ==
          "ambiguous ID 'INC-AB1': 3 tickets match (INC-AB12000001, INC-AB12000002, INC-AB13000001); type more "
          "characters");
    CHECK(store.resolve_id("ab13") == "INC-AB13000001");
    CHECK(error_message(ErrorKind::not_found, [&] { store.resolve_id("ab120000012"); }) ==
          "no ticket 'ab120000012'; 'itk list --all' shows them"); // longer than any ID
    CHECK(store.resolve_id("ab12000002") == "INC-AB12000002");
    CHECK(store.resolve_id("Ab12000001") == "INC-AB12000001");
    CHECK(store.resolve_id("c") == "INC-CD34000001");
    CHECK(store.resolve_id("inc-cd") == "INC-CD34000001");
    CHECK(error_message(ErrorKind::not_found, [&] { store.resolve_id("zz"); }) ==
          "no ticket 'zz'; 'itk list --all' shows them");
    CHECK(error_message(ErrorKind::not_found, [&] { store.resolve_id("ab12000003"); }) ==
          "no ticket 'ab12000003'; 'itk list --all' shows them");
}

TEST_CASE("store: an ID argument never names a path outside tickets/")
{
    TempDir dir;
    init_store(dir.path());
    write_text(dir.path() / "x.json", "{}");
    write_text(dir.path() / "secret.json", "{}");
    Store store(dir.path());
    for (const char* arg : {"../x", "/etc/passwd", "..", "../secret", "tickets/../../x", "x/", ".", ""}) {
        CAPTURE(arg);
        CHECK(error_message(ErrorKind::not_found, [&] { store.resolve_id(arg); }) ==
              "no ticket '" + std::string(arg) + "': an ID is letters, digits and dashes");
    }
    // Control characters in a bad argument are not echoed raw.
    CHECK(error_message(ErrorKind::not_found, [&] { store.resolve_id("\x1B[2J"); }) ==
          "no ticket '?[2J': an ID is letters, digits and dashes");
}

TEST_CASE("store: modify writes atomically and keeps the file's mode")
{
    TempDir dir;
    init_store(dir.path());
    EnvGuard now("ITK_NOW", "2026-11-21T09:30:00Z");
    Store store(dir.path());
    const std::string id = store.create("alice", build);
    const fs::path path = store.ticket_path(id);
    for (const mode_t mode : {mode_t{0664}, mode_t{0640}}) {
        CAPTURE(mode);
        REQUIRE(::chmod(path.c_str(), mode) == 0);
        const ino_t inode = stat_of(path).st_ino;
        now.set(mode == 0664 ? "2026-11-21T09:31:00Z" : "2026-11-21T09:32:00Z");
        const Outcome out = store.modify(id, "bob", [](Ticket& t, const Context& ctx) {
            return note(t, ctx, "checked the cable", false);
        });
        CHECK(out.changed);
        const struct stat after = stat_of(path);
        CHECK((after.st_mode & 07777) == mode);
        CHECK(after.st_ino != inode); // replaced by rename, not rewritten in place
        const Ticket t = store.load(id);
        CHECK(ev_json(t.events.back())["by"] == "bob");
        CHECK(ev_json(t.events.back())["at"] == (mode == 0664 ? "2026-11-21T09:31:00Z" : "2026-11-21T09:32:00Z"));
        CHECK(read_file(path) == serialize(t));
        CHECK_FALSE(has_temp_files(store));
    }
}

TEST_CASE("store: a refused change leaves the file byte-identical")
{
    TempDir dir;
    init_store(dir.path());
    EnvGuard now("ITK_NOW", "2026-11-21T09:30:00Z");
    Store store(dir.path());
    const std::string id = store.create("alice", build);
    const fs::path path = store.ticket_path(id);
    const std::string before = read_file(path);
    const ino_t inode = stat_of(path).st_ino;
    now.set("2026-11-21T09:40:00Z");
    const std::string message = error_message(ErrorKind::refused, [&] {
        store.modify(id, "bob", [](Ticket& t, const Context& ctx) {
            return resolve(t, ctx, "fixed", "permanent", {});
        });
    });
    CHECK(message == "cannot resolve '" + id + "': ticket is not categorised yet; run 'itk categorize " + id +
                         " --type incident' first");
    CHECK(read_file(path) == before);
    CHECK(stat_of(path).st_ino == inode);
    CHECK_FALSE(has_temp_files(store));

    // A refusal in the middle of a change (after a first step succeeded) writes nothing either.
    CHECK(error_message(ErrorKind::refused, [&] {
              store.modify(id, "bob", [](Ticket& t, const Context& ctx) {
                  categorize(t, ctx, CategorizeArgs{"incident", {}, {}, {}, {}});
                  return assign(t, ctx, "bob", {});
              });
          }) == "cannot assign '" + id + "': ticket has no priority; run 'itk prioritize " + id +
                    " --impact I --urgency U' first");
    CHECK(read_file(path) == before);
}

TEST_CASE("store: a change that changes nothing does not rewrite the file")
{
    TempDir dir;
    init_store(dir.path());
    EnvGuard now("ITK_NOW", "2026-11-21T09:30:00Z");
    Store store(dir.path());
    const std::string id = store.create("alice", build);
    const fs::path path = store.ticket_path(id);
    now.set("2026-11-21T09:31:00Z");
    store.modify(id, "bob", [](Ticket& t, const Context& ctx) {
        categorize(t, ctx, CategorizeArgs{"incident", {}, {}, {}, {}});
        prioritize(t, ctx, "low", "low");
        return assign(t, ctx, "bob", {});
    });
    const std::string before = read_file(path);
    const ino_t inode = stat_of(path).st_ino;
    now.set("2026-11-21T09:35:00Z");
    const Outcome out = store.modify(id, "bob", [](Ticket& t, const Context& ctx) { return assign(t, ctx, "Bob", {}); });
    CHECK_FALSE(out.changed);
    CHECK(out.message == id + ": nothing to do, already assigned to 'bob'");
    CHECK(read_file(path) == before);
    CHECK(stat_of(path).st_ino == inode);
}

TEST_CASE("store: an ITK_NOW before the ticket's last event is refused")
{
    TempDir dir;
    init_store(dir.path());
    EnvGuard now("ITK_NOW", "2026-11-21T09:30:00Z");
    Store store(dir.path());
    const std::string id = store.create("alice", build);
    const fs::path path = store.ticket_path(id);
    const std::string before = read_file(path);
    now.set("2026-11-21T08:00:00Z");
    bool called = false;
    try {
        store.modify(id, "bob", [&](Ticket& t, const Context& ctx) {
            called = true;
            return note(t, ctx, "from the past", false);
        });
        FAIL("modify accepted an ITK_NOW before the last event");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::refused);
        CHECK(std::string(e.what()) == "cannot change '" + id +
                                           "': ITK_NOW 2026-11-21T08:00:00Z is before its last event "
                                           "(2026-11-21T09:30:00Z); time only moves forward");
    }
    CHECK_FALSE(called);
    CHECK(read_file(path) == before);
    // The same second as the last event is allowed.
    now.set("2026-11-21T09:30:00Z");
    CHECK(store.modify(id, "bob", [](Ticket& t, const Context& ctx) { return note(t, ctx, "same second", false); })
              .changed);
}

TEST_CASE("store: with the system clock behind the last event, the last event's time is taken")
{
    TempDir dir;
    init_store(dir.path());
    EnvGuard now("ITK_NOW", "2099-01-01T00:00:00Z");
    Store store(dir.path());
    const std::string id = store.create("alice", build);
    now.set(nullptr);
    store.modify(id, "bob", [](Ticket& t, const Context& ctx) { return note(t, ctx, "skewed clock", false); });
    const Ticket t = store.load(id);
    CHECK(ev_json(t.events.back())["at"] == "2099-01-01T00:00:00Z");
    CHECK(t.events.size() == 2);
}

TEST_CASE("store: scan reports a corrupt file and returns the others")
{
    TempDir dir;
    init_store(dir.path());
    const EnvGuard now("ITK_NOW", "2026-11-21T09:30:00Z");
    Store store(dir.path());
    const std::string a = store.create("alice", build);
    const std::string b = store.create("alice", build);
    const fs::path corrupt = store.tickets_dir() / "INC-BAD0000000.json";
    write_text(corrupt, "{ not json\n");
    // A file whose content is another ticket's.
    const fs::path wrong = store.tickets_dir() / "INC-WRONG00000.json";
    write_text(wrong, read_file(store.ticket_path(a)));
    // Files that are not tickets are not listed.
    write_text(store.tickets_dir() / "README.md", "hello\n");
    write_text(store.tickets_dir() / ".INC-HIDDEN0000.json", "{}");

    const Scan scan = store.scan();
    std::set<std::string> good;
    for (const Ticket& t : scan.tickets) {
        good.insert(t.id);
    }
    CHECK(good == std::set<std::string>{a, b});
    REQUIRE(scan.bad.size() == 2);
    CHECK(scan.bad[0].path == corrupt.string());
    CHECK(scan.bad[0].message.rfind(corrupt.string() + ":1:3: invalid JSON: ", 0) == 0);
    CHECK(scan.bad[1].path == wrong.string());
    CHECK(scan.bad[1].message == wrong.string() + ": holds ticket '" + a + "', not 'INC-WRONG00000'");
    CHECK(store.ids().size() == 4);
}

TEST_CASE("store: scan of a store without tickets/ is empty")
{
    TempDir dir;
    write_text(dir.path() / "itk.toml", default_config_text());
    Store store(dir.path());
    const Scan scan = store.scan();
    CHECK(scan.tickets.empty());
    CHECK(scan.bad.empty());
    CHECK(store.ids().empty());
}

TEST_CASE("store: load of a missing ticket is an I/O error naming the file")
{
    TempDir dir;
    init_store(dir.path());
    Store store(dir.path());
    const fs::path path = store.ticket_path("INC-0000000000");
    CHECK(error_message(ErrorKind::io, [&] { store.load("INC-0000000000"); }) ==
          "cannot read '" + path.string() + "': No such file or directory");
}

TEST_CASE("store: write_atomic replaces the file and keeps its mode")
{
    TempDir dir;
    const fs::path file = dir.path() / "f.txt";
    const Dir root = Dir::open_root(dir.path());
    const StagingDir tmp(root.make(".itk").make("tmp"));
    write_atomic(root, "f.txt", "one\n", tmp);
    CHECK(read_file(file) == "one\n");
    REQUIRE(::chmod(file.c_str(), 0660) == 0);
    write_atomic(root, "f.txt", "two\n", tmp);
    CHECK(read_file(file) == "two\n");
    CHECK((stat_of(file).st_mode & 07777) == 0660);
    CHECK(fs::is_empty(dir.path() / ".itk" / "tmp"));
}

TEST_CASE("store: find_root takes --dir, then ITK_DIR")
{
    TempDir dir;
    init_store(dir.path());
    TempDir empty;
    CHECK(Store::find_root(dir.path().string()) == dir.path());
    CHECK(error_message(ErrorKind::usage, [&] { Store::find_root(empty.path().string()); }) ==
          "no itk store at '" + empty.path().string() + "' (--dir): no itk.toml there; run 'itk init " +
              empty.path().string() + "' to create one");
    {
        const EnvGuard env("ITK_DIR", dir.path().c_str());
        CHECK(Store::find_root(std::nullopt) == dir.path());
    }
    {
        const EnvGuard env("ITK_DIR", empty.path().c_str());
        CHECK(error_message(ErrorKind::usage, [&] { Store::find_root(std::nullopt); }) ==
              "no itk store at '" + empty.path().string() + "' (ITK_DIR): no itk.toml there; run 'itk init " +
                  empty.path().string() + "' to create one");
    }
}

TEST_CASE("store: a bad config is invalid data naming the file")
{
    TempDir dir;
    init_store(dir.path());
    write_text(dir.path() / "itk.toml", "schema = 1\ncolour = \"red\"\n");
    Store store(dir.path());
    CHECK(error_message(ErrorKind::invalid_data, [&] { store.config(); }) ==
          (dir.path() / "itk.toml").string() + ":2:1: unknown key 'colour'");
}

TEST_CASE("store: resolve_actor prefers --as, then ITK_ACTOR")
{
    TempDir dir;
    {
        const EnvGuard env("ITK_ACTOR", "carol");
        CHECK(resolve_actor(std::string("dave"), dir.path()) == "dave");
        CHECK(resolve_actor(std::nullopt, dir.path()) == "carol");
    }
    CHECK(error_message(ErrorKind::usage, [&] { resolve_actor(std::string("  "), dir.path()); }) ==
          "the actor must not be empty (--as, ITK_ACTOR)");
    CHECK(error_message(ErrorKind::usage, [&] { resolve_actor(std::string("bad\xFF"), dir.path()); }) ==
          "invalid actor: not valid UTF-8");
}

TEST_CASE("store: a refused open one-shot writes no file")
{
    TempDir dir;
    init_store(dir.path());
    const EnvGuard now("ITK_NOW", "2026-11-21T09:30:00Z");
    Store store(dir.path());
    const std::string message = error_message(ErrorKind::refused, [&] {
        store.create("alice", [](const Context& ctx, const std::string& id) {
            OpenArgs a = open_args();
            a.type = "incident";
            a.assign_to = "bob"; // no priority: the assign step is refused
            return open_ticket(ctx, id, a);
        });
    });
    CHECK(message.find("': ticket has no priority; run 'itk prioritize ") != std::string::npos);
    CHECK(store.ids().empty());
    CHECK_FALSE(has_temp_files(store));
}

TEST_CASE("store: modify refuses a malformed ITK_NOW and a corrupt file, writing nothing")
{
    TempDir dir;
    init_store(dir.path());
    EnvGuard now("ITK_NOW", "2026-11-21T09:30:00Z");
    Store store(dir.path());
    const std::string id = store.create("alice", build);
    const fs::path path = store.ticket_path(id);
    const std::string before = read_file(path);
    now.set("tomorrow");
    const auto add_note = [](Ticket& t, const Context& ctx) { return note(t, ctx, "x", false); };
    CHECK(error_message(ErrorKind::usage, [&] { store.modify(id, "bob", add_note); }) ==
          "invalid ITK_NOW 'tomorrow': expected RFC 3339 from 1970 to 9999, e.g. 2026-11-21T09:30:00Z");
    CHECK(read_file(path) == before);
    now.set("2026-11-21T09:31:00Z");
    write_text(path, before.substr(0, before.size() / 2));
    const std::string corrupt = error_message(ErrorKind::invalid_data, [&] { store.modify(id, "bob", add_note); });
    CHECK(corrupt.rfind(path.string() + ":", 0) == 0);
    CHECK(read_file(path) == before.substr(0, before.size() / 2));
}

TEST_CASE("store: an error thrown by a scan's or a stream's caller is the caller's, never a bad ticket file")
{
    TempDir dir;
    init_store(dir.path());
    const EnvGuard now("ITK_NOW", "2026-11-21T09:30:00Z");
    Store store(dir.path());
    const std::string a = store.create("alice", build);
    store.create("alice", build);
    std::vector<BadFile> bad;
    const auto visit = [&](ErrorKind kind) {
        return ScanVisit{[](std::size_t) {},
                         [&, kind](std::size_t, Ticket& t, const KpiFacts&) {
                             if (t.id == a) {
                                 throw Error(kind, "the caller's own error");
                             }
                         },
                         [](std::size_t) {}};
    };
    for (const ErrorKind kind : {ErrorKind::usage, ErrorKind::io, ErrorKind::invalid_data}) {
        CHECK(error_message(kind, [&] { store.scan_each(ScanNeeds{false, std::nullopt, false}, visit(kind), bad); }) ==
              "the caller's own error");
        CHECK(bad.empty());
        // The same for a stream's renderer (list --json, export --events).
        const auto render = [&, kind](const Ticket&) -> std::string { throw Error(kind, "the renderer's own error"); };
        CHECK(error_message(kind, [&] { store.stream({a}, render, [](const std::string&) {}, bad); }) ==
              "the renderer's own error");
        CHECK(bad.empty());
    }
}
