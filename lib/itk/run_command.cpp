#include "itk/run_command.hpp"

#include "itk/text.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace itk {

namespace {

// Our environment with `extra` set on top (a NAME= of `extra` replaces ours).
std::vector<std::string> environment(const std::vector<std::string>& extra)
{
    std::vector<std::string> vars;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string var = *e;
        bool replaced = false;
        for (const std::string& x : extra) {
            const std::size_t eq = x.find('=');
            if (eq != std::string::npos && var.compare(0, eq + 1, x, 0, eq + 1) == 0) {
                replaced = true;
            }
        }
        if (!replaced) {
            vars.push_back(var);
        }
    }
    vars.insert(vars.end(), extra.begin(), extra.end());
    return vars;
}

std::vector<char*> pointers(std::vector<std::string>& strings)
{
    std::vector<char*> out;
    for (std::string& s : strings) {
        out.push_back(s.data());
    }
    out.push_back(nullptr);
    return out;
}

void close_fd(int& fd)
{
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

// Feeds `input` to `to_child` while reading `from_child` into `out` and `err_child` into
// `err`, until all are done. The write end is non-blocking and everything goes through
// poll, so a child that writes much before it reads all its input (git cat-file --batch)
// never deadlocks with us.
void exchange(int to_child, int from_child, int err_child, const std::string& input, std::string& out,
              std::string& err)
{
    std::size_t written = 0;
    if (to_child >= 0 && input.empty()) {
        close_fd(to_child);
    }
    if (to_child >= 0) {
        ::fcntl(to_child, F_SETFL, ::fcntl(to_child, F_GETFL) | O_NONBLOCK);
    }
    while (to_child >= 0 || from_child >= 0 || err_child >= 0) {
        pollfd fds[3];
        nfds_t n = 0;
        if (to_child >= 0) {
            fds[n++] = pollfd{to_child, POLLOUT, 0};
        }
        if (from_child >= 0) {
            fds[n++] = pollfd{from_child, POLLIN, 0};
        }
        if (err_child >= 0) {
            fds[n++] = pollfd{err_child, POLLIN, 0};
        }
        if (::poll(fds, n, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        for (nfds_t k = 0; k < n; ++k) {
            if (fds[k].revents == 0) {
                continue;
            }
            if (fds[k].fd == to_child) {
                const ssize_t w = ::write(to_child, input.data() + written, input.size() - written);
                if (w > 0) {
                    written += static_cast<std::size_t>(w);
                }
                if ((w < 0 && errno != EINTR && errno != EAGAIN) || written == input.size()) {
                    close_fd(to_child); // done, or the child stopped reading (EPIPE)
                }
                continue;
            }
            int& fd = fds[k].fd == from_child ? from_child : err_child;
            std::string& into = fds[k].fd == from_child ? out : err;
            char buf[65536];
            const ssize_t r = ::read(fd, buf, sizeof buf);
            if (r > 0) {
                into.append(buf, static_cast<std::size_t>(r));
            } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
                close_fd(fd);
            }
        }
    }
    close_fd(to_child);
    close_fd(from_child);
    close_fd(err_child);
}

// SIGPIPE ignored while a child runs: one that does not read its stdin must not kill us.
class IgnoreSigpipe {
public:
    IgnoreSigpipe()
    {
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        ::sigaction(SIGPIPE, &ignore, &m_old);
    }
    ~IgnoreSigpipe() { ::sigaction(SIGPIPE, &m_old, nullptr); }
    IgnoreSigpipe(const IgnoreSigpipe&) = delete;
    IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

private:
    struct sigaction m_old {};
};

} // namespace

ChildResult run_command(const ChildProcess& child)
{
    ChildResult result;
    if (child.argv.empty()) {
        result.error = "no command";
        return result;
    }
    int in_pipe[2] = {-1, -1};
    int out_pipe[2] = {-1, -1};
    int err_pipe[2] = {-1, -1};
    const bool capture_stderr = child.stderr_to == ChildStderr::capture;
    if ((child.input && ::pipe2(in_pipe, O_CLOEXEC) != 0) ||
        (child.capture_stdout && ::pipe2(out_pipe, O_CLOEXEC) != 0) ||
        (capture_stderr && ::pipe2(err_pipe, O_CLOEXEC) != 0)) {
        result.error = std::strerror(errno);
        for (int* fd : {&in_pipe[0], &in_pipe[1], &out_pipe[0], &out_pipe[1], &err_pipe[0], &err_pipe[1]}) {
            close_fd(*fd);
        }
        return result;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (child.input) {
        posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
    } else {
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    }
    if (child.capture_stdout) {
        posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    } else {
        posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
    }
    switch (child.stderr_to) {
    case ChildStderr::discard:
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        break;
    case ChildStderr::capture:
        posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
        break;
    case ChildStderr::keep:
        break;
    }
    // The child starts with SIGPIPE (which we ignore around it) back to its default, as any
    // program expects: `git log | head` in a hook must end quietly.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    std::vector<std::string> args = child.argv;
    std::vector<std::string> vars = environment(child.env);
    std::vector<char*> argv = pointers(args);
    std::vector<char*> envp = pointers(vars);
    const IgnoreSigpipe no_sigpipe;
    pid_t pid = 0;
    const bool search = args[0].find('/') == std::string::npos;
    const int rc = search ? ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data())
                          : ::posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    for (int* fd : {&in_pipe[0], &out_pipe[1], &err_pipe[1]}) {
        close_fd(*fd);
    }
    if (rc != 0) {
        for (int* fd : {&in_pipe[1], &out_pipe[0], &err_pipe[0]}) {
            close_fd(*fd);
        }
        result.error = std::strerror(rc);
        return result;
    }
    exchange(in_pipe[1], out_pipe[0], err_pipe[0], child.input.value_or(""), result.out, result.err);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            result.error = std::strerror(errno);
            return result;
        }
    }
    if (WIFEXITED(status)) {
        result.status = WEXITSTATUS(status);
        if (result.status != 0) {
            result.error = "exit " + std::to_string(result.status);
        }
    } else {
        result.error = "killed by signal " + std::to_string(WTERMSIG(status));
    }
    return result;
}

std::string ChildResult::says() const
{
    // git's first "error:" or "fatal:" line says why (a later "fatal:" is its consequence:
    // "gpg failed to sign the data", then "failed to write commit object"); "warning:" and
    // "hint:" lines do not.
    std::string best, last;
    for (const std::string_view trimmed : trimmed_lines(err)) {
        const std::string line(trimmed);
        if (best.empty() && (line.rfind("fatal:", 0) == 0 || line.rfind("error:", 0) == 0)) {
            best = line;
        } else if (!line.empty() && line.rfind("hint:", 0) != 0 && line.rfind("warning:", 0) != 0) {
            last = line;
        }
    }
    const std::string said = best.empty() ? last : best;
    return said.empty() ? error : said; // printed through printable(), as every message
}

void exec_command(const std::vector<std::string>& argv)
{
    std::vector<std::string> args = argv;
    std::vector<char*> pointers_ = pointers(args);
    ::execvp(pointers_[0], pointers_.data());
}

ChildResult run_git_command(const fs::path& dir, const std::vector<std::string>& args, std::optional<std::string> input)
{
    ChildProcess git;
    git.argv = {"git", "-C", dir.string()};
    git.argv.insert(git.argv.end(), args.begin(), args.end());
    git.input = std::move(input);
    git.stderr_to = ChildStderr::capture;
    return run_command(git);
}

} // namespace itk
