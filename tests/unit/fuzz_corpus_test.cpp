// Every input of the fuzz corpora (tests/fuzz/corpus/<target>/: the seeds, and each crash a
// fuzzer once found) goes through its target in every build, sanitized or not: a crash fixed
// stays fixed without clang.

#include "targets.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace fs = std::filesystem;

namespace {

using Target = int (*)(const std::uint8_t*, std::size_t);

std::size_t replay(const std::string& name, Target target)
{
    const fs::path dir = fs::path(ITK_SOURCE_DIR) / "tests" / "fuzz" / "corpus" / name;
    std::size_t n = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        INFO("input: " << entry.path().string());
        target(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("fuzz corpora: every seed and regression input passes its target")
{
    CHECK(replay("ticket", itk::fuzz::ticket) >= 10);
    CHECK(replay("config", itk::fuzz::config) >= 3);
    CHECK(replay("time", itk::fuzz::time) >= 5);
    CHECK(replay("merge", itk::fuzz::merge) >= 5);
    CHECK(replay("cache", itk::fuzz::cache) >= 2);
}
