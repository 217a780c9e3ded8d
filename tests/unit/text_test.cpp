// Tests of itk/text: UTF-8 validation on the way in, control scrubbing on the way out.

#include "itk/error.hpp"
#include "itk/text.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include <string>

using namespace itk;

TEST_CASE("text: is_valid_utf8 accepts well-formed text")
{
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ascii, with\ttab and\nnewline"));
    CHECK(is_valid_utf8("caf\xC3\xA9"));                      // é, 2 bytes
    CHECK(is_valid_utf8("\xE2\x82\xAC"));                     // €, 3 bytes
    CHECK(is_valid_utf8("\xF0\x9F\x94\xA5 incendie"));        // 🔥, 4 bytes
    CHECK(is_valid_utf8("\xC2\x80"));                         // U+0080, smallest 2-byte
    CHECK(is_valid_utf8("\xE0\xA0\x80"));                     // U+0800, smallest 3-byte
    CHECK(is_valid_utf8("\xF0\x90\x80\x80"));                 // U+10000, smallest 4-byte
    CHECK(is_valid_utf8("\xED\x9F\xBF"));                     // U+D7FF, just below the surrogates
    CHECK(is_valid_utf8("\xEE\x80\x80"));                     // U+E000, just above them
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));                 // U+10FFFF, the last code point
    CHECK(is_valid_utf8("R\xC3\xA9seau \xC3\xA0 Montr\xC3\xA9\x61l")); // several in a row
    CHECK(is_valid_utf8(std::string("nul\0inside", 10)));      // NUL is valid UTF-8
}

TEST_CASE("text: is_valid_utf8 refuses overlong encodings")
{
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));             // '/' in 2 bytes
    CHECK_FALSE(is_valid_utf8("\xC1\xBF"));             // U+007F in 2 bytes
    CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));         // '/' in 3 bytes
    CHECK_FALSE(is_valid_utf8("\xE0\x9F\xBF"));         // U+07FF in 3 bytes
    CHECK_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));     // '/' in 4 bytes
    CHECK_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));     // U+FFFF in 4 bytes
}

TEST_CASE("text: is_valid_utf8 refuses surrogates and code points past U+10FFFF")
{
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));         // U+D800
    CHECK_FALSE(is_valid_utf8("\xED\xBF\xBF"));         // U+DFFF
    CHECK_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB4\xA5")); // a CESU-8 surrogate pair
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));     // U+110000
    CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
    CHECK_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80")); // 5-byte form
    CHECK_FALSE(is_valid_utf8("\xFF"));
    CHECK_FALSE(is_valid_utf8("\xFE"));
}

TEST_CASE("text: is_valid_utf8 refuses truncated and stray bytes")
{
    CHECK_FALSE(is_valid_utf8("\xC3"));                 // lead byte at the end
    CHECK_FALSE(is_valid_utf8("caf\xC3"));
    CHECK_FALSE(is_valid_utf8("\xE2\x82"));             // 3-byte form cut after 2
    CHECK_FALSE(is_valid_utf8("\xF0\x9F\x94"));         // 4-byte form cut after 3
    CHECK_FALSE(is_valid_utf8("\xE2\x82 x"));           // a continuation replaced by a space
    CHECK_FALSE(is_valid_utf8("\x80"));                 // a lone continuation byte
    CHECK_FALSE(is_valid_utf8("ok\xBFok"));
    CHECK_FALSE(is_valid_utf8("\xC3\xA9\xA9"));         // one continuation too many
    CHECK_FALSE(is_valid_utf8("\xC3("));
}

TEST_CASE("text: require_utf8 names the argument")
{
    CHECK_NOTHROW(require_utf8("caf\xC3\xA9", "--title"));
    CHECK_THROWS_WITH(require_utf8("caf\xC3", "--title"), "invalid --title: not valid UTF-8");
    try {
        require_utf8("\xFF", "--caller");
        FAIL("require_utf8 accepted 0xFF");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        CHECK(std::string(e.what()) == "invalid --caller: not valid UTF-8");
    }
}

TEST_CASE("text: printable replaces C0 controls and DEL")
{
    CHECK(printable("plain text, caf\xC3\xA9 \xE2\x82\xAC") == "plain text, caf\xC3\xA9 \xE2\x82\xAC");
    CHECK(printable("a\tb\nc\rd") == "a?b?c?d");
    CHECK(printable(std::string("nul\0x", 5)) == "nul?x");
    CHECK(printable("bell\x07") == "bell?");
    CHECK(printable("del\x7F") == "del?");
    CHECK(printable("\x1F\x20") == "? ");
}

TEST_CASE("text: printable defuses terminal escape sequences")
{
    // Recolour, clear the screen, set the window title: the ESC goes, the rest is inert text.
    CHECK(printable("\x1B[31mred\x1B[0m") == "?[31mred?[0m");
    CHECK(printable("\x1B[2J\x1B[H") == "?[2J?[H");
    CHECK(printable("\x1B]0;pwned\x07") == "?]0;pwned?");
    for (const char c : printable("\x1B[31mred\x1B[0m\x1B]0;x\x07")) {
        CHECK(static_cast<unsigned char>(c) >= 0x20);
        CHECK(static_cast<unsigned char>(c) != 0x7F);
    }
}

TEST_CASE("text: printable replaces C1 controls encoded as UTF-8")
{
    CHECK(printable("\xC2\x9B" "31m") == "?31m");    // U+009B, CSI
    CHECK(printable("a\xC2\x80" "b") == "a?b");        // U+0080
    CHECK(printable("a\xC2\x9F" "b") == "a?b");        // U+009F, last C1
    CHECK(printable("\xC2\xA0") == "\xC2\xA0");        // U+00A0 (no-break space) is not a control
    CHECK(printable("\xC2\xA9 2026") == "\xC2\xA9 2026"); // ©
    CHECK(printable("\xC2") == "\xC2");                // a lone lead byte is not a C1 control
}

TEST_CASE("text: case helpers are ASCII-only")
{
    CHECK(to_lower("Julie@Corp.EXAMPLE") == "julie@corp.example");
    CHECK(to_upper("inc-7k3q") == "INC-7K3Q");
    CHECK(to_lower("\xC3\x89t\xC3\xA9") == "\xC3\x89t\xC3\xA9"); // non-ASCII bytes untouched
    CHECK(iequals("Julie", "jULIE"));
    CHECK_FALSE(iequals("Julie", "Juliet"));
    CHECK_FALSE(iequals("", "x"));
    CHECK(iequals("", ""));
    CHECK(icontains("Printer on floor 3 is DOWN", "down"));
    CHECK(icontains("abc", ""));
    CHECK_FALSE(icontains("abc", "abcd"));
}

TEST_CASE("text: printable replaces bidirectional controls and line separators")
{
    // "invoice<RLO>fdp.exe" shows as "invoiceexe.pdf" in a terminal that honours U+202E.
    CHECK(printable("invoice\u202Efdp.exe") == "invoice?fdp.exe");
    for (const char* control : {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068",
                                "\u2069", "\u200E", "\u200F", "\u061C", "\u2028", "\u2029"}) {
        CHECK(printable(std::string("a") + control + "b") == "a?b");
    }
    // Their neighbours are text.
    CHECK(printable("\u2029x\u202F\u2065\u206A") == "?x\u202F\u2065\u206A");
    CHECK(printable("\u200D") == "\u200D"); // a zero-width joiner, part of emoji sequences
    CHECK(printable_lines("a\u202Eb\nc") == "a?b\nc");
}

TEST_CASE("text: display_width counts terminal columns")
{
    CHECK(display_width("") == 0);
    CHECK(display_width("abc") == 3);
    CHECK(display_width("été") == 3);
    CHECK(display_width("李小龍") == 6);         // CJK: two columns each
    CHECK(display_width("ｶﾀｶﾅ") == 4);          // half-width katakana: one each
    CHECK(display_width("e\u0301") == 1);       // a combining accent takes none
    CHECK(display_width("\xff") == 1);          // not UTF-8: one column
}

TEST_CASE("text: pad, pad_left and cut work in columns")
{
    CHECK(pad("李", 4) == "李  ");
    CHECK(pad("abcdef", 3) == "abcdef"); // never cut
    CHECK(pad_left("7", 3) == "  7");
    CHECK(cut("abcdef", 4) == "abc…");
    CHECK(cut("abc", 3) == "abc");
    CHECK(cut("李小龍先生", 5) == "李小…"); // 4 columns and the ellipsis
    CHECK(display_width(cut("李小龍先生", 6)) <= 6);
}

TEST_CASE("text: sorted_lines_with_prefix finds by bisection what a linear filter finds")
{
    // IDs of a real index, sorted: every prefix of every line, and prefixes of no line.
    std::vector<std::string> ids;
    std::uint64_t x = 12345;
    for (int i = 0; i < 700; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        ids.push_back("INC-" + std::to_string(x % 100000) + (i % 3 == 0 ? "A" : ""));
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::string body;
    for (const std::string& id : ids) {
        body += id + "\n";
    }
    std::vector<std::string> prefixes = {"", "I", "INC-", "INC-9", "INC-99999", "INC-0", "A", "J", "INC-5A", "ZZZ"};
    for (std::size_t i = 0; i < ids.size(); i += 7) {
        for (std::size_t n = 1; n <= ids[i].size(); ++n) {
            prefixes.push_back(ids[i].substr(0, n));
        }
    }
    for (const std::string& prefix : prefixes) {
        std::vector<std::string_view> expected;
        for (const std::string& id : ids) {
            if (id.rfind(prefix, 0) == 0) {
                expected.emplace_back(id);
            }
        }
        CHECK_MESSAGE(sorted_lines_with_prefix(body, prefix) == expected, "prefix '" << prefix << "'");
    }
    CHECK(sorted_lines_with_prefix("", "INC").empty());
    CHECK(sorted_lines_with_prefix("INC-1\n", "INC-1") == std::vector<std::string_view>{"INC-1"});
}
