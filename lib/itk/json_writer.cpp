#include "itk/json_writer.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "itk/json_view.hpp"
#include "itk/text.hpp"

#include <charconv>
#include <stdexcept>

namespace itk {

std::string indented(std::string_view text, std::size_t pad)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        out += c;
        if (c == '\n') {
            out.append(pad, ' ');
        }
    }
    return out;
}

Json* JsonTree::put(Json v)
{
    if (m_stack.empty()) {
        m_root = std::move(v);
        return &m_root;
    }
    Json& top = *m_stack.back();
    if (top.is_object()) {
        // JsonText would print a repeated key twice where the tree keeps one: the encoders
        // never write one.
        if (top.contains(m_key)) {
            throw std::logic_error("JSON key '" + m_key + "' written twice");
        }
        Json& slot = top[m_key];
        slot = std::move(v);
        return &slot;
    }
    top.push_back(std::move(v));
    return &top.back();
}

void JsonText::newline(std::size_t depth)
{
    m_out += '\n';
    m_out.append(depth * static_cast<std::size_t>(m_indent), ' ');
}

// A value in an array is preceded by its separator and line; one in an object, by its key.
void JsonText::before_value()
{
    if (m_after_key) {
        m_after_key = false;
        return;
    }
    if (m_counts.empty()) {
        return; // the root
    }
    if (m_counts.back()++ > 0) {
        m_out += ',';
    }
    if (m_indent >= 0) {
        newline(m_base + m_counts.size());
    }
}

void JsonText::open(char c)
{
    before_value();
    m_out += c;
    m_counts.push_back(0);
}

// As dump(): an empty container is "{}" or "[]", on one line.
void JsonText::close(char c)
{
    const std::size_t items = m_counts.back();
    m_counts.pop_back();
    if (items > 0 && m_indent >= 0) {
        newline(m_base + m_counts.size());
    }
    m_out += c;
}

void JsonText::key(std::string_view k)
{
    if (m_counts.back()++ > 0) {
        m_out += ',';
    }
    if (m_indent >= 0) {
        newline(m_base + m_counts.size());
    }
    quoted(k);
    m_out += m_indent >= 0 ? ": " : ":";
    m_after_key = true;
}

void JsonText::string(std::string_view s)
{
    before_value();
    quoted(s);
}

namespace {

// Whether any of the 8 bytes of `w` may need attention: a control character, '"', '\\', or a
// byte over 0x7f (false positives cost a look at each byte, never a wrong text).
bool special8(std::uint64_t w)
{
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const auto has_zero = [](std::uint64_t v) { return ((v - ones) & ~v & highs) != 0; };
    return ((w - ones * 0x20) & ~w & highs) != 0 || has_zero(w ^ (ones * '"')) || has_zero(w ^ (ones * '\\')) ||
           (w & highs) != 0;
}

} // namespace

// dump()'s escapes (ensure_ascii off): the two-character ones, \u00xx in lower case for the
// other control characters, every other byte as it is. Eight bytes are looked at at once, and
// the runs between escapes appended whole (most strings have none); only a string with a
// byte over 0x7f needs the UTF-8 check (on NotSure the caller drops what was written).
void JsonText::quoted(std::string_view s)
{
    m_out += '"';
    bool high = false;
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size();) {
        if (i + 8 <= s.size()) {
            std::uint64_t w = 0;
            std::memcpy(&w, s.data() + i, 8);
            if (!special8(w)) {
                i += 8;
                continue;
            }
        }
        const std::size_t end = std::min(s.size(), i + 8);
        for (; i < end; ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            high = high || c >= 0x80;
            if (c < 0x20 || c == '"' || c == '\\') {
                m_out.append(s.data() + run, i - run);
                run = i + 1;
                escape(c);
            }
        }
    }
    if (high && !is_valid_utf8(s)) {
        throw NotSure{};
    }
    m_out.append(s.data() + run, s.size() - run);
    m_out += '"';
}

void JsonText::escape(unsigned char c)
{
    switch (c) {
    case '"':
        m_out += "\\\"";
        break;
    case '\\':
        m_out += "\\\\";
        break;
    case '\b':
        m_out += "\\b";
        break;
    case '\f':
        m_out += "\\f";
        break;
    case '\n':
        m_out += "\\n";
        break;
    case '\r':
        m_out += "\\r";
        break;
    case '\t':
        m_out += "\\t";
        break;
    default:
        m_out += "\\u00";
        m_out += "0123456789abcdef"[c >> 4];
        m_out += "0123456789abcdef"[c & 15];
    }
}

void JsonText::integer(std::int64_t i)
{
    before_value();
    char buffer[24];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, i);
    m_out.append(buffer, r.ptr);
}

// A value this version does not know: dump() itself, indented to where it stands.
void JsonText::json(const Json& v)
{
    before_value();
    m_out += indented(v.dump(m_indent), (m_base + m_counts.size()) * static_cast<std::size_t>(m_indent < 0 ? 0 : m_indent));
}

} // namespace itk
