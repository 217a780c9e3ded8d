// itk git-setup [--global]: register itk's merge driver, in this clone's git config (git does
// not carry drivers in a clone) or, with --global, once for every clone on this machine.

#include "commands.hpp"

#include "itk/git.hpp"

namespace itk::cmd {

namespace {

struct Options {
    bool global = false;
};

int run(const Options& o, const Globals& g)
{
    if (o.global) {
        for (const std::string& line : git_setup_global(self_path())) {
            say(g, line);
        }
        return 0;
    }
    const Store store = open_store(g, false);
    std::vector<std::string> warnings;
    for (const std::string& line : git_setup(store.root(), self_path(), warnings)) {
        say(g, line);
    }
    for (const std::string& line : warnings) {
        warn(line);
    }
    return 0;
}

} // namespace

void register_git_setup(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("git-setup", "Register itk's merge driver for tickets (this clone, or --global)",
                             [o, &g] { return run(*o, g); });
    c.flag("--global", o->global, "In your global git config, for every clone on this machine (no store needed)");
}

} // namespace itk::cmd
