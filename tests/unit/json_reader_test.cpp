// The strict reader of store files (SPEC §5): what a hostile clone or an "accept both" merge
// leaves is invalid data, named with its line and column.

#include "itk/error.hpp"
#include "itk/json_reader.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

using namespace itk;
using namespace itk::test;

namespace {

std::string error_of(const std::string& text)
{
    return error_message(ErrorKind::invalid_data, [&] { parse_json_strict(text, "t.json"); });
}

std::string nested(int depth)
{
    return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']');
}

} // namespace

TEST_CASE("json_reader: reads what nlohmann/json reads, keys in file order")
{
    const std::string text = R"({"b": [1, -2, 3.5, true, false, null], "a": {"x": "\u00e9\n\"\\\/"}, "c": 18446744073709551615})";
    const Json j = parse_json_strict(text, "t.json");
    CHECK(j == Json::parse(text));
    CHECK(j.begin().key() == "b");
    CHECK(j["a"]["x"] == "é\n\"\\/");
    CHECK(j["c"].is_number_unsigned());
    CHECK(parse_json_strict("\xEF\xBB\xBF{}", "t.json") == Json::object()); // a byte-order mark
    CHECK(parse_json_strict(" \r\n\t{}\r\n", "t.json") == Json::object());  // CRLF
    CHECK(parse_json_strict(R"("\ud83d\ude00")", "t.json") == "😀");          // a surrogate pair
    CHECK(parse_json_strict("123456789012345678901234567890", "t.json").is_number_float());
}

TEST_CASE("json_reader: a duplicate key is invalid, at any depth, named with its line")
{
    CHECK(error_of("{\n  \"id\": 1,\n  \"id\": 2\n}\n") ==
          "t.json:3:3: invalid JSON: duplicate key 'id' (an 'accept both' merge? keep one, or run 'itk git-resolve')");
    CHECK(error_of(R"({"events": [{"at": 1, "by": 2, "at": 3}]})").rfind("t.json:1:32: invalid JSON: duplicate key 'at'", 0) ==
          0);
    // The same key in two objects is no duplicate.
    CHECK(parse_json_strict(R"([{"a": 1}, {"a": 2}])", "t.json").size() == 2);
    // Keys are compared after unescaping.
    CHECK(error_of(R"({"a": 1, "\u0061": 2})").find("duplicate key 'a'") != std::string::npos);
}

TEST_CASE("json_reader: nesting deeper than the limit is invalid, without a stack overflow")
{
    CHECK(parse_json_strict(nested(k_max_json_depth), "t.json").is_array());
    CHECK(error_of(nested(k_max_json_depth + 1)) == "t.json:1:65: invalid JSON: nested deeper than 64 levels");
    CHECK(error_of(nested(100000)).find("nested deeper than 64 levels") != std::string::npos);
    CHECK(error_of(R"({"x": )" + nested(70) + "}").find("nested deeper") != std::string::npos);
}

TEST_CASE("json_reader: bad text is invalid, with its place")
{
    CHECK(error_of("") == "t.json:1:1: invalid JSON: empty file, expected a JSON object");
    CHECK(error_of("{\"a\": \"\xC3\x28\"}") == "t.json:1:8: invalid JSON: invalid UTF-8 in a string");
    CHECK(error_of("{\"a\": \"\xED\xA0\x80\"}") == "t.json:1:8: invalid JSON: invalid UTF-8 in a string"); // a surrogate
    CHECK(error_of("{\"a\": \"x\ty\"}") ==
          "t.json:1:9: invalid JSON: raw control character in a string (write it as \\u0009)");
    CHECK(error_of(R"({"a": "\ud800"})") == "t.json:1:8: invalid JSON: lone high surrogate in a \\u escape");
    CHECK(error_of(R"({"a": "\udc00"})") == "t.json:1:8: invalid JSON: lone low surrogate in a \\u escape");
    CHECK(error_of(R"({"a": "\x"})") == "t.json:1:8: invalid JSON: unknown escape '\\x'");
    CHECK(error_of(R"({"a": 1e400})") == "t.json:1:7: invalid JSON: number out of range");
    CHECK(error_of(R"({"a": 01})") == "t.json:1:8: invalid JSON: unexpected '1', expected ',' or '}'");
    CHECK(error_of(R"({"a": -})") == "t.json:1:7: invalid JSON: malformed number");
    CHECK(error_of("{} {}") == "t.json:1:4: invalid JSON: unexpected '{' after the end of the JSON value");
    CHECK(error_of("{\"a\": 1,}") == "t.json:1:9: invalid JSON: unexpected '}', expected a key in double quotes");
    CHECK(error_of("{\"a\" 1}") == "t.json:1:6: invalid JSON: unexpected '1', expected ':' after a key");
    CHECK(error_of("[1 2]") == "t.json:1:4: invalid JSON: unexpected '2', expected ',' or ']'");
    CHECK(error_of("{\"a\": \"open") == "t.json:1:7: invalid JSON: string without its closing '\"'");
    CHECK(error_of("{\"a\": tru}") == "t.json:1:7: invalid JSON: unexpected 't', expected a value");
    CHECK(error_of("[\n<<<<<<< ours\n]") == "t.json:2:1: invalid JSON: unexpected '<' (a git conflict marker?)");
    // A control character in the file is never echoed raw.
    CHECK(error_of("{\"a\": \x1b}") == "t.json:1:7: invalid JSON: unexpected '?', expected a value");
}

TEST_CASE("json_reader: line_col counts lines and characters")
{
    CHECK(line_col("ab\ncd", 0) == "1:1");
    CHECK(line_col("ab\ncd", 4) == "2:2");
    CHECK(line_col("é\nx", 2) == "1:2"); // two bytes, one character
}
