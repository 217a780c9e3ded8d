#include "itk/text.hpp"

#include "itk/error.hpp"

#include <algorithm>
#include <cstdint>

#include <utf8proc.h>

namespace itk {

bool is_valid_utf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t n = 0;
        unsigned cp = 0;
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + n >= s.size()) {
            return false;
        }
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += n + 1;
    }
    return true;
}

void require_utf8(std::string_view text, std::string_view what)
{
    if (!is_valid_utf8(text)) {
        fail_usage("invalid " + std::string(what) + ": not valid UTF-8");
    }
}

namespace {

// Length of the UTF-8 sequence of a control that printable() replaces, at `i`; 0 if none.
std::size_t control_at(std::string_view s, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    const unsigned c = byte(0);
    if (c < 0x20 || c == 0x7F) {
        return 1;
    }
    if (c == 0xC2 && byte(1) >= 0x80 && byte(1) <= 0x9F) {
        return 2; // C1, U+0080..U+009F
    }
    if (c == 0xD8 && byte(1) == 0x9C) {
        return 2; // U+061C ARABIC LETTER MARK
    }
    if (c == 0xE2 && byte(1) == 0x80 &&
        (byte(2) == 0x8E || byte(2) == 0x8F || (byte(2) >= 0xA8 && byte(2) <= 0xAE))) {
        return 3; // U+200E, U+200F, U+2028, U+2029, U+202A..U+202E
    }
    if (c == 0xE2 && byte(1) == 0x81 && byte(2) >= 0xA6 && byte(2) <= 0xA9) {
        return 3; // U+2066..U+2069
    }
    return 0;
}

} // namespace

std::string printable(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        if (const std::size_t n = control_at(s, i)) {
            out += '?';
            i += n;
        } else {
            out += s[i];
            ++i;
        }
    }
    return out;
}

std::size_t display_width(std::string_view text)
{
    std::size_t width = 0;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {
            ++width; // not UTF-8: one column, as a terminal shows a replacement character
            ++p;
            --left;
            continue;
        }
        const int w = utf8proc_charwidth(cp);
        width += w > 0 ? static_cast<std::size_t>(w) : 0;
        p += n;
        left -= n;
    }
    return width;
}

std::string pad(std::string_view text, std::size_t width)
{
    const std::size_t n = display_width(text);
    std::string out(text);
    return n >= width ? out : out + std::string(width - n, ' ');
}

std::string pad_left(std::string_view text, std::size_t width)
{
    const std::size_t n = display_width(text);
    return n >= width ? std::string(text) : std::string(width - n, ' ') + std::string(text);
}

std::string cut(std::string_view text, std::size_t width)
{
    if (display_width(text) <= width || width == 0) {
        return std::string(text);
    }
    // Whole characters while they fit in width - 1 columns, then the ellipsis.
    std::string out;
    std::size_t used = 0;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        const int w = n > 0 ? std::max(0, utf8proc_charwidth(cp)) : 1;
        n = n > 0 ? n : 1;
        if (used + static_cast<std::size_t>(w) > width - 1) {
            break;
        }
        out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
        used += static_cast<std::size_t>(w);
        p += n;
        left -= n;
    }
    return out + "…";
}

std::string printable_lines(std::string_view text)
{
    std::string out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find('\n', start);
        out += printable(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) {
            return out;
        }
        out += '\n';
        start = end + 1;
    }
}

std::string to_lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : static_cast<char>(c); });
    return out;
}

std::string to_upper(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : static_cast<char>(c); });
    return out;
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && to_lower(a) == to_lower(b);
}

bool icontains(std::string_view haystack, std::string_view needle)
{
    return to_lower(haystack).find(to_lower(needle)) != std::string::npos;
}

std::string markdown_text(std::string_view text)
{
    std::string out;
    for (const char c : printable(text)) {
        if (c == '<') {
            out += "&lt;";
        } else if (c == '&') {
            out += "&amp;";
        } else {
            if (c == '|' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']') {
                out += '\\';
            }
            out += c;
        }
    }
    return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b)
{
    // Damerau-Levenshtein (optimal string alignment): "lsit" is one slip from "list".
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) {
        d[i][0] = i;
    }
    for (std::size_t j = 0; j <= b.size(); ++j) {
        d[0][j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

std::string closest(const std::string& word, const std::vector<std::string>& candidates)
{
    std::string best;
    std::size_t best_d = 3;
    for (const std::string& c : candidates) {
        const std::size_t d = edit_distance(word, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    if (best.empty() && word.size() >= 3) {
        for (const std::string& c : candidates) {
            if (c.rfind(word, 0) == 0) {
                return c;
            }
        }
    }
    return best;
}

std::vector<std::string_view> trimmed_lines(std::string_view text)
{
    std::vector<std::string_view> out;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t nl = std::min(text.find('\n', start), text.size());
        std::string_view line = text.substr(start, nl - start);
        start = nl + 1;
        const std::size_t first = line.find_first_not_of(" \t\r");
        line = first == std::string_view::npos ? std::string_view() : line.substr(first);
        line = line.substr(0, line.find_last_not_of(" \t\r") + 1);
        out.push_back(line);
    }
    return out;
}

std::uint64_t fnv1a(std::string_view text)
{
    std::uint64_t h = 14695981039346656037ull;
    for (const char c : text) {
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    }
    return h;
}

std::string fnv1a_hex(std::string_view text)
{
    std::uint64_t h = fnv1a(text);
    static const char* k_hex = "0123456789abcdef";
    std::string out(16, '0');
    for (int k = 15; k >= 0; --k, h >>= 4) {
        out[static_cast<std::size_t>(k)] = k_hex[h & 15];
    }
    return out;
}

std::vector<std::string_view> sorted_lines_with_prefix(std::string_view body, std::string_view prefix)
{
    const auto line_at = [&](std::size_t start) {
        const std::size_t nl = body.find('\n', start);
        return body.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    };
    std::size_t lo = 0, hi = body.size(); // lines starting before lo are below the prefix; from hi, not
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const std::size_t nl = mid == 0 ? std::string_view::npos : body.rfind('\n', mid - 1);
        const std::size_t start = nl == std::string_view::npos || nl < lo ? lo : nl + 1;
        const std::string_view line = line_at(start);
        if (line < prefix) {
            lo = start + line.size() + 1;
        } else {
            hi = start;
        }
    }
    std::vector<std::string_view> out;
    for (std::size_t at = lo; at < body.size();) {
        const std::string_view line = line_at(at);
        if (line.substr(0, prefix.size()) != prefix) {
            break;
        }
        out.push_back(line);
        at += line.size() + 1;
    }
    return out;
}

} // namespace itk
