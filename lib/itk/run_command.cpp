#include "itk/run_command.hpp"

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

// Feeds `input` to `to_child` while reading `from_child` until both are done (poll, so that
// a child writing much before reading never deadlocks with us).
void exchange(int to_child, int from_child, const std::string& input, std::string& out)
{
    std::size_t written = 0;
    if (to_child >= 0 && input.empty()) {
        ::close(to_child);
        to_child = -1;
    }
    while (to_child >= 0 || from_child >= 0) {
        pollfd fds[2];
        nfds_t n = 0;
        if (to_child >= 0) {
            fds[n++] = pollfd{to_child, POLLOUT, 0};
        }
        if (from_child >= 0) {
            fds[n++] = pollfd{from_child, POLLIN, 0};
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
                    ::close(to_child); // done, or the child stopped reading (EPIPE)
                    to_child = -1;
                }
            } else {
                char buf[65536];
                const ssize_t r = ::read(from_child, buf, sizeof buf);
                if (r > 0) {
                    out.append(buf, static_cast<std::size_t>(r));
                } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
                    ::close(from_child);
                    from_child = -1;
                }
            }
        }
    }
    if (to_child >= 0) {
        ::close(to_child);
    }
    if (from_child >= 0) {
        ::close(from_child);
    }
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
    if ((child.input && ::pipe2(in_pipe, O_CLOEXEC) != 0) || (child.capture_stdout && ::pipe2(out_pipe, O_CLOEXEC) != 0)) {
        result.error = std::strerror(errno);
        for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) {
            if (fd >= 0) {
                ::close(fd);
            }
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
    if (!child.keep_stderr) {
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    }
    std::vector<std::string> args = child.argv;
    std::vector<std::string> vars = environment(child.env);
    std::vector<char*> argv = pointers(args);
    std::vector<char*> envp = pointers(vars);
    const IgnoreSigpipe no_sigpipe;
    pid_t pid = 0;
    const bool search = args[0].find('/') == std::string::npos;
    const int rc = search ? ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data())
                          : ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    for (int fd : {in_pipe[0], out_pipe[1]}) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    if (rc != 0) {
        for (int fd : {in_pipe[1], out_pipe[0]}) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
        result.error = std::strerror(rc);
        return result;
    }
    exchange(in_pipe[1], out_pipe[0], child.input.value_or(""), result.out);
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
    return run_command(git);
}

} // namespace itk
