#include "itk/json_writer.hpp"

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

// dump()'s escapes (ensure_ascii off): the two-character ones, \u00xx in lower case for the
// other control characters, every other byte as it is.
void JsonText::quoted(std::string_view s)
{
    if (!is_valid_utf8(s)) {
        throw NotSure{};
    }
    m_out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
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
            if (c < 0x20) {
                m_out += "\\u00";
                m_out += "0123456789abcdef"[c >> 4];
                m_out += "0123456789abcdef"[c & 15];
            } else {
                m_out += ch;
            }
        }
    }
    m_out += '"';
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
