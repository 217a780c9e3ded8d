#pragma once
// The differential property of the bulk reader (SPEC §12, issue 13): wherever simdjson's half
// (read_ticket_simd) answers, the strict reader (parse_ticket) reads the same ticket; where the
// strict reader refuses a file, simdjson's half never answers (read_ticket then gives the
// strict reader's error). Checked by the fuzz ticket target over its corpus in every build,
// and by tests/tools/readers.cpp over every ticket file the end-to-end tests write.

#include "itk/error.hpp"
#include "itk/ticket_file.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace itk::fuzz {

struct ReadersVerdict {
    std::string difference; ///< empty when the readers agree
    bool fast = false;      ///< simdjson's half answered
};

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
    }
    return v;
}

} // namespace itk::fuzz
