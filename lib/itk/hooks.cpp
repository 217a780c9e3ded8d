#include "itk/hooks.hpp"

#include "itk/run_command.hpp"

#include <cstdlib>
#include <unistd.h>

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
    ChildProcess child;
    child.argv = {hook.string()};
    child.input = input;
    child.capture_stdout = false; // a hook's output is for people: our stderr, never into data
    child.stderr_to = ChildStderr::keep;
    child.env = env;
    return run_command(child).error;
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
