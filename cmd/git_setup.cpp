// itk git-setup: register itk's merge driver in the store's git repository (once per clone:
// git does not carry drivers).

#include "commands.hpp"

#include "itk/git.hpp"

namespace itk::cmd {

namespace {

int run(const Globals& g)
{
    const Store store = open_store(g);
    for (const std::string& line : git_setup(store.root(), self_path())) {
        say(g, line);
    }
    return 0;
}

} // namespace

void register_git_setup(Command& root, Globals& g)
{
    root.command("git-setup", "Register itk's merge driver for tickets in this clone's git config", [&g] { return run(g); });
}

} // namespace itk::cmd
