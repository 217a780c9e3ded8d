// Tests of the bulk read path (ticket_file.hpp read_ticket, SPEC §12): simdjson reads a
// canonical file straight into the ticket, and leaves to the strict reader every file it could
// read otherwise — each hostile file below is valid JSON to simdjson, or nearly so, and the
// strict reader refuses it or reads it its own way. compare_readers (tests/fuzz/readers.hpp)
// is the property the fuzz target and every end-to-end test check.

#include "support.hpp"

#include "readers.hpp"

#include "itk/json_writer.hpp"
#include "itk/ticket_file.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

using namespace itk;
using namespace itk::test;

namespace {

std::string closed_text()
{
    Clock clock;
    return serialize(ticket_in(Status::closed, clock));
}

// The closed ticket's file with `from` replaced by `to` (which must occur).
std::string with(std::string text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

std::string parse_error_of(const std::string& text)
{
    return error_message(ErrorKind::invalid_data, [&] { parse_ticket(text, "x.json"); });
}

// simdjson's half left the file to the strict reader, and the two paths agree.
void left_to_strict(const std::string& text)
{
    CHECK_FALSE(read_ticket_simd(text).has_value());
    const fuzz::ReadersVerdict v = fuzz::compare_readers(text);
    CHECK_MESSAGE(v.difference.empty(), v.difference);
}

} // namespace

TEST_CASE("bulk reader: a canonical file is read by simdjson, the same ticket as the strict reader's")
{
    const std::string text = closed_text();
    const auto fast = read_ticket_simd(text);
    REQUIRE(fast.has_value());
    CHECK(serialize(*fast) == text);
    const fuzz::ReadersVerdict v = fuzz::compare_readers(text);
    CHECK(v.fast);
    CHECK(v.difference.empty());
}

TEST_CASE("bulk reader: what the strict reader refuses, simdjson never accepts")
{
    const std::string text = closed_text();
    // A duplicate key the decoder never reads (the stored projection is only fsck's).
    left_to_strict(with(text, "\"title\": ", "\"title\": \"x\", \"title\": "));
    left_to_strict(with(text, "\"name\": ", "\"name\": \"x\", \"name\": "));
    // Deeper than the strict reader allows, in a key the decoder never reads.
    std::string deep(70, '[');
    deep += std::string(70, ']');
    left_to_strict(with(text, "\"schema\": 1,", "\"schema\": 1, \"x_deep\": " + deep + ","));
    // An event in the wrong place, and a bad value: the strict reader words the error.
    left_to_strict(with(text, "\"action\": \"open\"", "\"action\": \"close\""));
    left_to_strict(with(text, "\"schema\": 1", "\"schema\": 2"));
    left_to_strict(text.substr(0, text.size() / 2));
    const std::string schema2 = with(text, "\"schema\": 1", "\"schema\": 2");
    CHECK(error_message(ErrorKind::invalid_data, [&] { read_ticket(schema2, "x.json"); }) == parse_error_of(schema2));
    CHECK(parse_error_of(schema2).find("unsupported 'schema'") != std::string::npos);
}

TEST_CASE("bulk reader: what the strict reader spells its own way is left to it")
{
    const std::string text = closed_text();
    left_to_strict("\xEF\xBB\xBF" + text);                                  // a byte-order mark
    left_to_strict(with(text, "\"schema\": 1", "\"schema\": 1.0"));         // a double equal to 1
    left_to_strict(with(text, "\"schema\": 1,", "\"schema\": 1, \"x_n\": 18446744073709551615,")); // unsigned
    left_to_strict(with(text, "\"schema\": 1,", "\"schema\": 1, \"x_n\": -0.0,"));
    left_to_strict(with(text, "\"schema\": 1,", "\"schema\": 1, \"x_s\": \"\\ud83d\\ude00\",")); // \u escapes
    left_to_strict(with(text, "\"schema\": 1,", "\"schema\": 1, \"x_s\": \"\\ud83d\","));         // a lone surrogate
    left_to_strict(with(text, "\"schema\": 1,", "\"schema\": 1, \"x_site\": \"Lyon\","));        // an unknown key
    // The same in keys only fsck reads (the projection), where simdjson's half alone guards.
    left_to_strict(with(text, "\"reassignments\": 0", "\"reassignments\": 1e-400")); // 0.0 to simdjson
    CHECK(parse_error_of(with(text, "\"reassignments\": 0", "\"reassignments\": 1e-400")).find("out of range") !=
          std::string::npos);
    left_to_strict(with(text, "\"reassignments\": 0", "\"reassignments\": 2.5"));
    left_to_strict(with(text, "\"reassignments\": 0", "\"reassignments\": 18446744073709551615"));
    const std::string lone = with(text, "\"status\": \"closed\"", "\"status\": \"\\udc00\"");
    left_to_strict(lone);
    CHECK(parse_error_of(lone).find("lone low surrogate") != std::string::npos);
    left_to_strict(with(text, "\"status\": \"closed\"", "\"status\": \"\\ud83d\\ude00\""));
    // The root is level 1: 63 arrays inside it reach level 64, which both readers allow, and
    // one more is refused by both (in a key only fsck reads).
    const auto nested = [&](int n) {
        return with(text, "\"reassignments\": 0", "\"reassignments\": " + std::string(n, '[') + std::string(n, ']'));
    };
    CHECK(read_ticket_simd(nested(63)).has_value());
    CHECK(fuzz::compare_readers(nested(63)).difference.empty());
    CHECK(parse_error_of(nested(64)).find("nested deeper than 64 levels") != std::string::npos);
    left_to_strict(nested(64));
}

TEST_CASE("bulk writer: the text JsonText writes is dump()'s, for any string and any unknown key")
{
    Clock clock;
    Ticket t = ticket_in(Status::closed, clock);
    t.title = std::string("ctl \x01\x1f\x7f quote \" backslash \\ \b\f\n\r\t é 😀 end");
    t.caller.contact = std::string("\x1b[31mred\x1b[0m");
    t.fields["count"] = std::int64_t{-42};
    t.fields["site"] = std::string("Lyon \"2\"");
    t.extra = Json::parse(R"({"x_a": {"b": [1, 2.5, "é", null, true, {}, []], "c": {"d": -0.0}}, "x_e": [], "x_f": {}})");
    CHECK(fuzz::compare_writers(t).empty());
    CHECK(serialize(t).find("ctl \\u0001\\u001f\x7f quote \\\" backslash \\\\ \\b\\f\\n\\r\\t é 😀 end") != std::string::npos);
    t.absent_keys = {"fields", "source"};
    CHECK(fuzz::compare_writers(t).empty());
    CHECK(serialize_as_read(t).find("\"fields\"") == std::string::npos);
    // Invalid UTF-8 (no reader lets it in; a command's argument is checked): dump()'s own error.
    t.title = "bad \xff byte";
    CHECK_THROWS_AS(serialize(t), nlohmann::json::type_error);
    CHECK_THROWS_AS(to_json(t).dump(2), nlohmann::json::type_error);
}

TEST_CASE("bulk writer: strings of every length, with an escape or a wide character at any offset of 8 bytes")
{
    // JsonText looks at 8 bytes at once: each special byte (and invalid UTF-8) must be seen
    // wherever it falls in a word, and in the tail after the last whole word.
    Clock clock;
    Ticket t = ticket_in(Status::fresh, clock);
    const std::vector<std::string> specials = {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", " ", "\xc3\xa9", "\xf0\x9f\x98\x80"};
    std::size_t checked = 0;
    for (std::size_t len = 0; len <= 19; ++len) {
        for (std::size_t at = 0; at <= len; ++at) {
            for (const std::string& special : specials) {
                t.title = std::string(at, 'a') + special + std::string(len - at, 'b');
                CHECK_MESSAGE(fuzz::compare_writers(t).empty(), "title of " << t.title.size() << " bytes");
                ++checked;
            }
            t.title = std::string(at, 'a') + "\xff" + std::string(len - at, 'b'); // invalid UTF-8: dump()'s error
            CHECK_THROWS_AS(serialize(t), nlohmann::json::type_error);
        }
    }
    CHECK(checked > 1500);
}

TEST_CASE("bulk reader: an integer beyond 64 signed bits is refused by both readers, never wrapped")
{
    const std::string text = closed_text();
    Json j = Json::parse(text);
    j["events"][0]["fields"] = Json::parse(R"({"n": 18446744073709551615})");
    const std::string big = j.dump(2) + "\n";
    CHECK(parse_error_of(big).find("has a bad 'fields.n' (expected a string, an integer or null)") != std::string::npos);
    left_to_strict(big);
}

TEST_CASE("bulk writer: a key written twice is a bug the tree refuses, where the text would print it twice")
{
    JsonTree tree;
    tree.begin_object();
    tree.key("a");
    tree.integer(1);
    tree.key("a");
    CHECK_THROWS_AS(tree.integer(2), std::logic_error);
}
