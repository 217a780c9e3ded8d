#pragma once
// Text helpers: UTF-8 validation on the way in, control-character scrubbing on the way out.

#include <string>
#include <string_view>

namespace itk {

/// Whether text is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view text);
/// Throws a usage error naming the flag when text is not valid UTF-8.
void require_utf8(std::string_view text, std::string_view what);

/// Text safe for human output: every control character (C0, DEL, C1) becomes '?', so that
/// nothing taken from a ticket can move the cursor or recolour a terminal. Newlines too:
/// callers that want lines split first.
std::string printable(std::string_view text);

/// printable() applied to each line, keeping the newlines.
std::string printable_lines(std::string_view text);

/// ASCII lower case.
std::string to_lower(std::string_view text);
/// ASCII upper case.
std::string to_upper(std::string_view text);
/// Case-insensitive (ASCII) equality.
bool iequals(std::string_view a, std::string_view b);
/// Case-insensitive (ASCII) substring search.
bool icontains(std::string_view haystack, std::string_view needle);

} // namespace itk
