#pragma once
// The differential property of the bulk reader (SPEC §12, issue 13): wherever simdjson's half
// (read_ticket_simd) answers, the strict reader (parse_ticket) reads the same ticket; where the
// strict reader refuses a file, simdjson's half never answers (read_ticket then gives the
// strict reader's error). And the same of the writers: the text JsonText writes of a ticket
// is what nlohmann's dump() prints of its tree (json_writer.hpp), in every layout itk prints.
// Checked by the fuzz ticket target over its corpus in every build, and by
// tests/tools/readers.cpp over every ticket file the end-to-end tests write.

#include "itk/error.hpp"
#include "itk/ticket_file.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

namespace itk::fuzz {

struct ReadersVerdict {
    std::string difference; ///< empty when the readers agree
    bool fast = false;      ///< simdjson's half answered
    /// simdjson's half left to the strict reader a file it should read itself: valid, without
    /// a \\u escape, a byte-order mark, an unknown key, and under 1 MiB (itk writes no other
    /// number than an integer; a hand may, so this is no failure for the fuzzer).
    bool missed = false;
};

// dump()'s text, each line after the first indented `depth` levels of `indent` more.
inline std::string dumped(const Json& j, int indent, std::size_t depth)
{
    std::string out;
    for (const char c : j.dump(indent)) {
        out += c;
        if (c == '\n') {
            out.append(depth * static_cast<std::size_t>(indent), ' ');
        }
    }
    return out;
}

inline std::string compare_writers(const Ticket& t)
{
    const Json full = to_json(t);
    Json line = full;
    line.erase("events");
    if (serialize(t) != full.dump(2) + "\n") {
        return "serialize() differs from to_json().dump(2)";
    }
    if (serialize_as_read(t) != to_json(t, true).dump(2) + "\n") {
        return "serialize_as_read() differs from to_json(t, true).dump(2)";
    }
    if (ticket_json_text(t, -1, 0, false, false) != line.dump()) {
        return "the one-line text without events differs from dump()";
    }
    if (ticket_json_text(t, 2, 1) != dumped(full, 2, 1)) {
        return "the text of an array item differs from dump(2), indented";
    }
    return "";
}

inline ReadersVerdict compare_readers(std::string_view text)
{
    ReadersVerdict v;
    const std::optional<Ticket> fast = read_ticket_simd(text);
    v.fast = fast.has_value();
    std::optional<Ticket> strict;
    std::string error;
    try {
        strict = parse_ticket(text, "file.json");
    } catch (const Error& e) {
        error = e.what();
    }
    if (!strict) {
        if (fast) {
            v.difference = "the bulk reader accepts a file the strict reader refuses (" + error + ")";
        } else {
            try {
                read_ticket(text, "file.json");
                v.difference = "read_ticket accepts a file the strict reader refuses (" + error + ")";
            } catch (const Error& e) {
                if (e.what() != error) {
                    v.difference = std::string("read_ticket's error '") + e.what() + "' is not the strict reader's '" +
                                   error + "'";
                }
            }
        }
        return v;
    }
    if (fast && (serialize(*fast) != serialize(*strict) || fast->absent_keys != strict->absent_keys ||
                 fast->extra != strict->extra)) {
        v.difference = "the bulk reader's ticket differs from the strict reader's";
        return v;
    }
    v.difference = compare_writers(*strict);
    const bool unknown_keys = !strict->extra.empty() || std::any_of(strict->events.begin(), strict->events.end(),
                                                                    [](const Event& e) { return !e.unknown.empty(); });
    v.missed = !fast && !unknown_keys && text.size() <= (std::size_t{1} << 20) &&
               text.find("\\u") == std::string_view::npos && text.substr(0, 3) != "\xEF\xBB\xBF";
    return v;
}

} // namespace itk::fuzz
