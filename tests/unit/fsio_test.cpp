// Tests of itk/fsio: what a hostile clone can put in a store is refused (links, FIFOs,
// devices, huge files), writes stay in their directory, and temp files of dead processes are
// found.

#include "support.hpp"

#include "itk/fsio.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace itk;
using namespace itk::test;

namespace {

std::string read_error(const Dir& dir, const std::string& name, std::size_t limit = 1024)
{
    return error_message(ErrorKind::invalid_data, [&] { dir.read(name, limit); });
}

// The PID of a process that has exited and been reaped.
pid_t dead_pid()
{
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return pid;
}

std::string host()
{
    // The part of temp_name() after the PID, up to the random part.
    const std::string name = temp_name();
    const std::size_t a = name.find('-', 4), b = name.rfind('-');
    return name.substr(a + 1, b - a - 1);
}

} // namespace

TEST_CASE("fsio: read takes regular files only, within the limit")
{
    TempDir tmp;
    const Dir dir = Dir::open_root(tmp.path());
    write_text(tmp.path() / "t.json", "{}");
    CHECK(dir.read("t.json", 1024) == "{}");
    CHECK(dir.read("missing.json", 1024) == std::nullopt);
    REQUIRE(::symlink("t.json", (tmp.path() / "link.json").c_str()) == 0);
    CHECK(read_error(dir, "link.json") == (tmp.path() / "link.json").string() +
                                              ": is a symbolic link, not a regular file; itk never follows links in a store");
    REQUIRE(::symlink("/dev/zero", (tmp.path() / "zero.json").c_str()) == 0);
    CHECK(read_error(dir, "zero.json").find("is a symbolic link") != std::string::npos);
    REQUIRE(::mkfifo((tmp.path() / "fifo.json").c_str(), 0600) == 0);
    CHECK(read_error(dir, "fifo.json") == (tmp.path() / "fifo.json").string() + ": is a FIFO, not a regular file");
    fs::create_directory(tmp.path() / "dir.json");
    CHECK(read_error(dir, "dir.json") == (tmp.path() / "dir.json").string() + ": is a directory, not a regular file");
    write_text(tmp.path() / "big.json", std::string(3u << 20, ' '));
    CHECK(read_error(dir, "big.json", 2u << 20) ==
          (tmp.path() / "big.json").string() + ": is 3145728 bytes, more than the 2 MiB itk reads in a file");
    CHECK(dir.read("big.json", 3u << 20)->size() == 3u << 20); // exactly the limit is fine
}

TEST_CASE("fsio: a directory reached through a symbolic link is refused, exit 1")
{
    TempDir tmp;
    const Dir root = Dir::open_root(tmp.path());
    fs::create_directory(tmp.path() / "elsewhere");
    REQUIRE(::symlink("elsewhere", (tmp.path() / "tickets").c_str()) == 0);
    const std::string message = error_message(ErrorKind::io, [&] { root.sub("tickets", true); });
    CHECK(message == "'" + (tmp.path() / "tickets").string() +
                         "' is a symbolic link, not a directory; itk never reads or writes through it (remove it, or "
                         "replace it with a directory)");
    write_text(tmp.path() / "file", "x");
    CHECK(error_message(ErrorKind::io, [&] { root.sub("file", false); }) ==
          "'" + (tmp.path() / "file").string() +
              "' is a file, not a directory; itk never reads or writes through it (remove it, or replace it with a "
              "directory)");
    CHECK(root.sub("absent", false) == std::nullopt);
    CHECK(root.sub("absent", true)->path() == tmp.path() / "absent");
}

TEST_CASE("fsio: write_atomic replaces a symbolic link rather than writing through it")
{
    TempDir tmp;
    const Dir root = Dir::open_root(tmp.path());
    const StagingDir staging(root.make("tmp"));
    write_text(tmp.path() / "target", "keep");
    REQUIRE(::symlink("target", (tmp.path() / "f").c_str()) == 0);
    write_atomic(root, "f", "new", staging);
    CHECK(read_regular_file(tmp.path() / "target", 100) == "keep");
    CHECK(read_regular_file(tmp.path() / "f", 100) == "new");
    CHECK_FALSE(fs::is_symlink(tmp.path() / "f"));
    CHECK(fs::is_empty(tmp.path() / "tmp"));
}

TEST_CASE("fsio: create_exclusive never replaces an existing file")
{
    TempDir tmp;
    const Dir root = Dir::open_root(tmp.path());
    const StagingDir staging(root.make("tmp"));
    CHECK(create_exclusive(root, "a", "first", staging));
    CHECK_FALSE(create_exclusive(root, "a", "second", staging));
    CHECK(read_regular_file(tmp.path() / "a", 100) == "first");
    CHECK(fs::is_empty(tmp.path() / "tmp"));
}

TEST_CASE("fsio: temp files name their process; those of dead processes are stale")
{
    TempDir tmp;
    const Dir dir = Dir::open_root(tmp.path());
    const std::string mine = temp_name();
    CHECK(mine.rfind("tmp-" + std::to_string(::getpid()) + "-", 0) == 0);
    const std::string dead = "tmp-" + std::to_string(dead_pid()) + "-" + host() + "-abcdefghjkmn";
    const std::string other_host = "tmp-" + std::to_string(dead_pid()) + "-another-machine-abcdefghjkmn";
    const std::string junk_new = "tmp-QWERTYUIOPAS";
    const std::string junk_old = "tmp-ZXCVBNMASDFG";
    for (const std::string& name : {mine, dead, other_host, junk_new, junk_old}) {
        write_text(tmp.path() / name, "x");
    }
    const struct timespec old[2] = {{std::time(nullptr) - 7200, 0}, {std::time(nullptr) - 7200, 0}};
    REQUIRE(::utimensat(AT_FDCWD, (tmp.path() / junk_old).c_str(), old, 0) == 0);
    std::vector<std::string> stale = stale_temps(dir);
    std::sort(stale.begin(), stale.end());
    // Ours is alive, another host's cannot be asked, unnamed junk is stale after an hour.
    CHECK(stale == std::vector<std::string>{dead, junk_old});
}

TEST_CASE("fsio: write_fd reports the errno of a failed write")
{
    const int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    errno = 0;
    CHECK_FALSE(write_fd(fd, "x", 1));
    CHECK(errno == ENOSPC);
    ::close(fd);
}

TEST_CASE("fsio: map takes what read takes, and released pages stay readable")
{
    TempDir tmp;
    const Dir dir = Dir::open_root(tmp.path());
    std::string big(3 * 4096 + 17, 'a');
    for (std::size_t i = 0; i < big.size(); ++i) {
        big[i] = static_cast<char>('a' + i % 26);
    }
    write_text(tmp.path() / "cache", big);
    std::optional<MappedFile> m = dir.map("cache", 1 << 20);
    REQUIRE(m);
    CHECK(m->bytes() == big);
    m->release_before(2 * 4096 + 5);
    m->release(0, big.size());
    CHECK(m->bytes() == big); // read again from the page cache
    CHECK(dir.map("missing", 1024) == std::nullopt);
    REQUIRE(::symlink("cache", (tmp.path() / "link").c_str()) == 0);
    CHECK(error_message(ErrorKind::invalid_data, [&] { dir.map("link", 1 << 20); }) ==
          (tmp.path() / "link").string() + ": is a symbolic link, not a regular file; itk never follows links in a store");
    REQUIRE(::mkfifo((tmp.path() / "fifo").c_str(), 0600) == 0);
    CHECK(error_message(ErrorKind::invalid_data, [&] { dir.map("fifo", 1 << 20); }) ==
          (tmp.path() / "fifo").string() + ": is a FIFO, not a regular file");
    CHECK(error_message(ErrorKind::invalid_data, [&] { dir.map("cache", 1 << 10); }).find("more than the") !=
          std::string::npos);
    write_text(tmp.path() / "empty", "");
    CHECK(dir.map("empty", 1024)->bytes().empty());
}

TEST_CASE("fsio: a spooled file replaces its target only when committed, and leaves no temp file")
{
    TempDir tmp;
    const Dir dir = Dir::open_root(tmp.path());
    const StagingDir staging(dir.make("tmp"));
    write_text(tmp.path() / "cache", "old");
    {
        SpooledFile f(staging);
        f.write("half");
    } // abandoned: a scan that failed midway
    CHECK(*dir.read("cache", 1024) == "old");
    CHECK(staging.dir().list().empty());
    {
        SpooledFile f(staging);
        f.write("new ");
        f.write("bytes");
        CHECK(*dir.read("cache", 1024) == "old"); // readers see the old bytes until the rename
        f.commit_unsynced(dir, "cache");
    }
    CHECK(*dir.read("cache", 1024) == "new bytes");
    CHECK(staging.dir().list().empty());
}
