#pragma once
// Text helpers: UTF-8 validation on the way in, control-character scrubbing on the way out.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace itk {

/// Whether text is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view text);
/// Throws a usage error naming the flag when text is not valid UTF-8.
void require_utf8(std::string_view text, std::string_view what);

/// Text safe for human output: every control character (C0, DEL, C1) and every Unicode
/// bidirectional control (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and line or
/// paragraph separator (U+2028, U+2029) becomes '?', so that nothing taken from a ticket can
/// move the cursor, recolour a terminal or reorder what a reader sees (SPEC §8). Newlines too:
/// callers that want lines split first.
std::string printable(std::string_view text);

/// printable() applied to each line, keeping the newlines.
std::string printable_lines(std::string_view text);

/// Columns a terminal gives to UTF-8 text: CJK and emoji count two, combining marks none
/// (utf8proc's character widths).
std::size_t display_width(std::string_view text);
/// Text padded with spaces to `width` columns (never cut).
std::string pad(std::string_view text, std::size_t width);
/// Text padded on the left to `width` columns (numbers in tables).
std::string pad_left(std::string_view text, std::size_t width);
/// Text cut to at most `width` columns, with an ellipsis when cut.
std::string cut(std::string_view text, std::size_t width);

/// ASCII lower case.
std::string to_lower(std::string_view text);
/// ASCII upper case.
std::string to_upper(std::string_view text);
/// Case-insensitive (ASCII) equality.
bool iequals(std::string_view a, std::string_view b);
/// Case-insensitive (ASCII) substring search.
bool icontains(std::string_view haystack, std::string_view needle);

/// One line of ticket text for markdown: scrubbed as printable(), `< &` as entities (a
/// backslash before `<` shows in some renderers), and `| * _ ` [ ]` escaped with a backslash.
std::string markdown_text(std::string_view text);

/// Damerau-Levenshtein distance, for "did you mean".
std::size_t edit_distance(const std::string& a, const std::string& b);
/// The candidate closest to `word` (at most 2 edits, or a prefix of it), or "".
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

/// The lines of `text` (split at '\n'; no empty last line for a final newline), each
/// trimmed of spaces, tabs and a '\r' at both ends: config-like files read line by line.
std::vector<std::string_view> trimmed_lines(std::string_view text);

/// FNV-1a, 64 bits: a hash stable across machines and builds (derived IDs, lock names), not a secret.
std::uint64_t fnv1a(std::string_view text);
/// fnv1a() as 16 hex digits.
std::string fnv1a_hex(std::string_view text);

/// The lines of `body` (sorted, each ended by a newline) that start with `prefix`: the first
/// line not below the prefix found by bisection on byte offsets, then those that follow it
/// (a few pages of a large sorted file are touched, not all of it).
std::vector<std::string_view> sorted_lines_with_prefix(std::string_view body, std::string_view prefix);

} // namespace itk
