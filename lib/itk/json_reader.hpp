#pragma once
// The one strict reader of JSON files from a store (SPEC §5). A ticket file may come from a
// stranger's commit: what nlohmann/json would read leniently (a duplicate key, where one value
// silently wins) or dangerously (100,000 nested arrays, a stack overflow) is invalid data here,
// named with its line and column.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace itk {

using Json = nlohmann::ordered_json;

/// Deepest nesting of arrays and objects in a ticket file (a ticket needs 6).
inline constexpr int k_max_json_depth = 64;
/// Largest ticket file itk reads: a ticket with thousands of events is far smaller.
inline constexpr std::size_t k_max_ticket_bytes = std::size_t{8} << 20;

/// Parses RFC 8259 JSON, strictly: valid UTF-8 (a leading byte-order mark is allowed), no
/// duplicate key in any object, at most k_max_json_depth levels, numbers that fit a double.
/// Throws invalid_data `<path>:<line>:<column>: <what>` (a duplicate names its key).
Json parse_json_strict(std::string_view text, const std::string& path);

/// Line and column (1-based) of a byte offset, as "12:5".
std::string line_col(std::string_view text, std::size_t offset);

} // namespace itk
