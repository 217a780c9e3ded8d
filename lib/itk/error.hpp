#pragma once
// The one error type of the library. Only cmd/main.cpp catches it and turns its kind into
// the exit code of SPEC §8.

#include <stdexcept>
#include <string>

namespace itk {

/// What went wrong, which decides the exit code.
enum class ErrorKind {
    io,           ///< exit 1: unexpected failure (I/O, system call)
    usage,        ///< exit 2: bad flag value, missing argument, bad ID syntax
    not_found,    ///< exit 3: unknown or ambiguous ticket ID
    refused,      ///< exit 4: a lifecycle rule refused the action; nothing was written
    invalid_data, ///< exit 5: corrupt ticket file or invalid config
};

/// An error with a kind and a one-line message (lower case, no final full stop).
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), m_kind(kind) {}
    ErrorKind kind() const { return m_kind; }

private:
    ErrorKind m_kind;
};

/// Exit code of SPEC §8 for an error kind.
int exit_code(ErrorKind kind);

/// Shorthands used throughout the library.
[[noreturn]] void fail_usage(const std::string& message);
[[noreturn]] void fail_not_found(const std::string& message);
[[noreturn]] void fail_refused(const std::string& message);
[[noreturn]] void fail_invalid(const std::string& message);
/// An I/O error naming what was done to which path, with errno's text.
[[noreturn]] void fail_io(const std::string& what, const std::string& path, int err);

} // namespace itk
