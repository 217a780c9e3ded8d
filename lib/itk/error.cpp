#include "itk/error.hpp"

#include <cstring>

namespace itk {

int exit_code(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::io:
        return 1;
    case ErrorKind::usage:
        return 2;
    case ErrorKind::not_found:
        return 3;
    case ErrorKind::refused:
        return 4;
    case ErrorKind::invalid_data:
        return 5;
    }
    return 1;
}

void fail_usage(const std::string& message) { throw Error(ErrorKind::usage, message); }
void fail_not_found(const std::string& message) { throw Error(ErrorKind::not_found, message); }
void fail_refused(const std::string& message) { throw Error(ErrorKind::refused, message); }
void fail_invalid(const std::string& message) { throw Error(ErrorKind::invalid_data, message); }

void fail_io(const std::string& what, const std::string& path, int err)
{
    throw Error(ErrorKind::io, "cannot " + what + " '" + path + "': " + std::strerror(err));
}

} // namespace itk
