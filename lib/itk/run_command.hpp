#pragma once
// Every child process itk starts (git, the user's hooks) goes through here, as git's own
// run-command.c: argv only (never a shell), stdin fed from a string or /dev/null, stdout
// captured or sent to our stderr, stderr kept, captured or discarded, SIGPIPE never fatal
// to us and back to its default in the child.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace itk {

namespace fs = std::filesystem;

/// Where a child's stderr goes.
enum class ChildStderr {
    discard, ///< /dev/null
    keep,    ///< our stderr (the user's hooks talk to the user)
    capture, ///< into ChildResult::err, for our own one-line error
};

/// One child process to run to completion.
struct ChildProcess {
    std::vector<std::string> argv;     ///< argv[0] is looked up in PATH unless it holds a '/'
    std::optional<std::string> input;  ///< written to its stdin; none: /dev/null
    bool capture_stdout = true;        ///< else its stdout goes to our stderr (output for people)
    ChildStderr stderr_to = ChildStderr::discard;
    std::vector<std::string> env;      ///< NAME=VALUE set on top of ours (replacing ours)
};

/// How a child ended.
struct ChildResult {
    int status = -1;       ///< its exit status; -1 when it could not start or died by a signal
    std::string out;       ///< its stdout, when captured
    std::string err;       ///< its stderr, when captured
    std::string error;     ///< why it failed, for people ("exit 3", "killed by signal 9", strerror)
    bool ok() const { return status == 0; }
    /// Why it failed in its own words: its first `error:`/`fatal:` line on stderr, else its last
    /// line that is no `hint:` or `warning:`, else `error`. Raw: messages are scrubbed where printed.
    std::string says() const;
};

/// Runs `child` and waits for it. Never throws for the child's failure; see ChildResult.
ChildResult run_command(const ChildProcess& child);

/// Replaces this process with `argv` (looked up in PATH), as `git help` runs man; returns
/// only when it cannot.
void exec_command(const std::vector<std::string>& argv);

/// `git -C DIR ARGS...`, its stdout and stderr captured.
ChildResult run_git_command(const fs::path& dir, const std::vector<std::string>& args,
                            std::optional<std::string> input = std::nullopt);

} // namespace itk
