#include "itk/hooks.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace itk {

namespace {

bool inside(const fs::path& path, const fs::path& dir)
{
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(path, ec);
    const fs::path d = fs::weakly_canonical(dir, ec);
    auto pi = p.begin();
    for (auto di = d.begin(); di != d.end(); ++di, ++pi) {
        if (pi == p.end() || *pi != *di) {
            return false;
        }
    }
    return true;
}

// Runs one hook with `input` on stdin; returns "" on success, else why it failed.
std::string run_one(const fs::path& hook, const std::string& input, const std::vector<std::string>& env)
{
    int pipefd[2];
    if (::pipe2(pipefd, O_CLOEXEC) != 0) {
        return std::strerror(errno);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipefd[0], STDIN_FILENO);
    // A hook's output is for people: its stdout goes to our stderr, never into data.
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
    std::vector<std::string> vars;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string var = *e;
        if (var.rfind("ITK_ID=", 0) != 0 && var.rfind("ITK_ACTION=", 0) != 0 && var.rfind("ITK_ACTOR=", 0) != 0) {
            vars.push_back(var);
        }
    }
    vars.insert(vars.end(), env.begin(), env.end());
    std::vector<char*> envp;
    for (std::string& v : vars) {
        envp.push_back(v.data());
    }
    envp.push_back(nullptr);
    std::string path = hook.string();
    char* argv[] = {path.data(), nullptr};
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, path.c_str(), &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipefd[0]);
    if (rc != 0) {
        ::close(pipefd[1]);
        return std::strerror(rc);
    }
    // A hook that does not read its stdin must not kill us with SIGPIPE.
    struct sigaction ignore {}, old {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &old);
    std::size_t done = 0;
    while (done < input.size()) {
        const ssize_t n = ::write(pipefd[1], input.data() + done, input.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    ::close(pipefd[1]);
    ::sigaction(SIGPIPE, &old, nullptr);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return std::strerror(errno);
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        return {};
    }
    return WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                             : "killed by signal " + std::to_string(WTERMSIG(status));
}

} // namespace

fs::path hooks_dir(const fs::path& store_root)
{
    fs::path dir;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg == '/') {
        dir = fs::path(xdg) / "itk" / "hooks";
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        dir = fs::path(home) / ".config" / "itk" / "hooks";
    } else {
        return {};
    }
    return inside(dir, store_root) ? fs::path() : dir;
}

std::vector<std::string> run_hooks(const Store& store, const std::string& actor)
{
    std::vector<std::string> warnings;
    if (store.written().empty()) {
        return warnings;
    }
    const fs::path dir = hooks_dir(store.root());
    if (dir.empty()) {
        return warnings;
    }
    for (const Written& w : store.written()) {
        for (const std::string& action : w.actions) {
            const fs::path hook = dir / ("post-" + action);
            if (::access(hook.c_str(), X_OK) != 0 || fs::is_directory(hook) || inside(hook, store.root())) {
                continue;
            }
            const std::string why =
                run_one(hook, w.text, {"ITK_ID=" + w.id, "ITK_ACTION=" + action, "ITK_ACTOR=" + actor,
                                       "ITK_DIR=" + store.root().string()});
            if (!why.empty()) {
                warnings.push_back("hook '" + hook.string() + "' failed for " + w.id + " (" + why + "); the change is kept");
            }
        }
    }
    return warnings;
}

} // namespace itk
