#include "itk/json_reader.hpp"

#include "itk/error.hpp"
#include "itk/text.hpp"

#include <charconv>
#include <cmath>
#include <unordered_set>

namespace itk {

namespace {

// A recursive-descent parser: the depth limit bounds the recursion.
class Parser {
public:
    Parser(std::string_view text, const std::string& path) : m_text(text), m_path(path) {}

    Json parse()
    {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") {
            m_pos = 3; // a byte-order mark, as some Windows editors write
        }
        skip_space();
        if (m_pos == m_text.size()) {
            fail(m_pos, "empty file, expected a JSON object");
        }
        Json value = parse_value(0);
        skip_space();
        if (m_pos != m_text.size()) {
            fail(m_pos, "unexpected '" + shown(m_pos) + "' after the end of the JSON value");
        }
        return value;
    }

private:
    [[noreturn]] void fail(std::size_t at, const std::string& what) const
    {
        fail_invalid(m_path + ":" + line_col(m_text, at) + ": invalid JSON: " + what);
    }

    // The character at `at`, for messages.
    std::string shown(std::size_t at) const
    {
        if (at >= m_text.size()) {
            return "end of file";
        }
        return printable(m_text.substr(at, 1));
    }

    void skip_space()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            ++m_pos;
        }
    }

    bool consume(std::string_view word)
    {
        if (m_text.substr(m_pos, word.size()) == word) {
            m_pos += word.size();
            return true;
        }
        return false;
    }

    Json parse_value(int depth)
    {
        if (m_pos >= m_text.size()) {
            fail(m_pos, "unexpected end of file, expected a value");
        }
        const char c = m_text[m_pos];
        switch (c) {
        case '{':
            return parse_object(depth + 1);
        case '[':
            return parse_array(depth + 1);
        case '"':
            return Json(parse_string());
        case 't':
            if (consume("true")) {
                return Json(true);
            }
            break;
        case 'f':
            if (consume("false")) {
                return Json(false);
            }
            break;
        case 'n':
            if (consume("null")) {
                return Json(nullptr);
            }
            break;
        default:
            if (c == '-' || (c >= '0' && c <= '9')) {
                return parse_number();
            }
        }
        if (c == '<' || c == '=' || c == '>') {
            fail(m_pos, "unexpected '" + shown(m_pos) + "' (a git conflict marker?)");
        }
        fail(m_pos, "unexpected '" + shown(m_pos) + "', expected a value");
    }

    void enter(int depth, std::size_t at) const
    {
        if (depth > k_max_json_depth) {
            fail(at, "nested deeper than " + std::to_string(k_max_json_depth) + " levels");
        }
    }

    Json parse_object(int depth)
    {
        enter(depth, m_pos);
        ++m_pos; // '{'
        Json object = Json::object();
        auto& members = static_cast<Json::object_t::Container&>(object.get_ref<Json::object_t&>());
        std::unordered_set<std::string> seen;
        skip_space();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            return object;
        }
        for (;;) {
            skip_space();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
                fail(m_pos, "unexpected '" + shown(m_pos) + "', expected a key in double quotes");
            }
            const std::size_t key_at = m_pos;
            std::string key = parse_string();
            if (!seen.insert(key).second) {
                fail(key_at, "duplicate key '" + printable(key) +
                                 "' (an 'accept both' merge? keep one, or run 'itk git-resolve')");
            }
            skip_space();
            if (m_pos >= m_text.size() || m_text[m_pos] != ':') {
                fail(m_pos, "unexpected '" + shown(m_pos) + "', expected ':' after a key");
            }
            ++m_pos;
            skip_space();
            Json value = parse_value(depth);
            members.emplace_back(std::move(key), std::move(value));
            skip_space();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                ++m_pos;
                return object;
            }
            fail(m_pos, "unexpected '" + shown(m_pos) + "', expected ',' or '}'");
        }
    }

    Json parse_array(int depth)
    {
        enter(depth, m_pos);
        ++m_pos; // '['
        Json array = Json::array();
        skip_space();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            return array;
        }
        for (;;) {
            skip_space();
            array.push_back(parse_value(depth));
            skip_space();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                ++m_pos;
                return array;
            }
            fail(m_pos, "unexpected '" + shown(m_pos) + "', expected ',' or ']'");
        }
    }

    unsigned hex4(std::size_t at) const
    {
        if (at + 4 > m_text.size()) {
            fail(at, "truncated \\u escape");
        }
        unsigned v = 0;
        for (std::size_t i = at; i < at + 4; ++i) {
            const char c = m_text[i];
            v <<= 4;
            if (c >= '0' && c <= '9') {
                v |= static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                v |= static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                v |= static_cast<unsigned>(c - 'A' + 10);
            } else {
                fail(i, "bad hex digit in a \\u escape");
            }
        }
        return v;
    }

    static void append_utf8(std::string& out, unsigned cp)
    {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // Length of the valid UTF-8 sequence at `at`, or 0.
    std::size_t utf8_length(std::size_t at) const
    {
        const auto c = static_cast<unsigned char>(m_text[at]);
        const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        if (n == 0 || at + n > m_text.size() || !is_valid_utf8(m_text.substr(at, n))) {
            return 0;
        }
        return n;
    }

    std::string parse_string()
    {
        const std::size_t start = m_pos;
        ++m_pos; // '"'
        std::string out;
        for (;;) {
            if (m_pos >= m_text.size()) {
                fail(start, "string without its closing '\"'");
            }
            const auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                ++m_pos;
                return out;
            }
            if (c < 0x20) {
                fail(m_pos, "raw control character in a string (write it as \\u00" +
                                std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15] + ")");
            }
            if (c == '\\') {
                parse_escape(out);
                continue;
            }
            if (c < 0x80) {
                out += static_cast<char>(c);
                ++m_pos;
                continue;
            }
            const std::size_t n = utf8_length(m_pos);
            if (n == 0) {
                fail(m_pos, "invalid UTF-8 in a string");
            }
            out.append(m_text.substr(m_pos, n));
            m_pos += n;
        }
    }

    void parse_escape(std::string& out)
    {
        const std::size_t at = m_pos;
        if (m_pos + 1 >= m_text.size()) {
            fail(at, "truncated escape");
        }
        const char e = m_text[m_pos + 1];
        m_pos += 2;
        switch (e) {
        case '"':
            out += '"';
            return;
        case '\\':
            out += '\\';
            return;
        case '/':
            out += '/';
            return;
        case 'b':
            out += '\b';
            return;
        case 'f':
            out += '\f';
            return;
        case 'n':
            out += '\n';
            return;
        case 'r':
            out += '\r';
            return;
        case 't':
            out += '\t';
            return;
        case 'u':
            break;
        default:
            fail(at, "unknown escape '\\" + printable(std::string(1, e)) + "'");
        }
        unsigned cp = hex4(m_pos);
        m_pos += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail(at, "lone low surrogate in a \\u escape");
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (m_text.substr(m_pos, 2) != "\\u") {
                fail(at, "lone high surrogate in a \\u escape");
            }
            const unsigned low = hex4(m_pos + 2);
            if (low < 0xDC00 || low > 0xDFFF) {
                fail(at, "lone high surrogate in a \\u escape");
            }
            m_pos += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, cp);
    }

    Json parse_number()
    {
        const std::size_t start = m_pos;
        const auto digits = [&] {
            const std::size_t from = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
                ++m_pos;
            }
            return m_pos - from;
        };
        bool integer = true;
        if (m_text[m_pos] == '-') {
            ++m_pos;
        }
        if (m_pos < m_text.size() && m_text[m_pos] == '0') {
            ++m_pos;
        } else if (digits() == 0) {
            fail(start, "malformed number");
        }
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            integer = false;
            ++m_pos;
            if (digits() == 0) {
                fail(start, "malformed number");
            }
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            integer = false;
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) {
                ++m_pos;
            }
            if (digits() == 0) {
                fail(start, "malformed number");
            }
        }
        const char* first = m_text.data() + start;
        const char* last = m_text.data() + m_pos;
        if (integer) {
            if (*first == '-') {
                std::int64_t v = 0;
                if (std::from_chars(first, last, v).ec == std::errc()) {
                    return Json(v);
                }
            } else {
                std::uint64_t v = 0;
                if (std::from_chars(first, last, v).ec == std::errc()) {
                    return Json(v);
                }
            }
        }
        // As nlohmann/json: integers too large for 64 bits are doubles.
        double d = 0;
        const auto r = std::from_chars(first, last, d);
        if (r.ec != std::errc() || !std::isfinite(d)) {
            fail(start, "number out of range");
        }
        return Json(d);
    }

    std::string_view m_text;
    const std::string& m_path;
    std::size_t m_pos = 0;
};

} // namespace

std::string line_col(std::string_view text, std::size_t offset)
{
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++col; // columns count characters, not bytes
        }
    }
    return std::to_string(line) + ":" + std::to_string(col);
}

Json parse_json_strict(std::string_view text, const std::string& path) { return Parser(text, path).parse(); }

} // namespace itk
