// itk init [DIR]: create a store (itk.toml with the defaults, tickets/, .gitignore).

#include "commands.hpp"

#include "itk/git.hpp"

#include <filesystem>

namespace itk::cmd {

namespace {

struct Options {
    std::optional<std::string> dir;
    bool git = false;
};

int run(const Options& o, const Globals& g)
{
    const fs::path dir = o.dir ? fs::path(*o.dir) : g.dir ? fs::path(*g.dir) : fs::path(".");
    init_store(dir);
    say(g, "initialised an itk store in " + fs::weakly_canonical(fs::absolute(dir)).string() +
               "; edit itk.toml to set your priority matrix and SLAs");
    if (o.git) {
        std::string inside;
        if (run_git(dir, {"rev-parse", "--is-inside-work-tree"}, &inside) != 0) {
            if (run_git(dir, {"init", "-q"}) != 0) {
                throw Error(ErrorKind::io, "cannot run 'git init' in '" + dir.string() + "'");
            }
            say(g, "initialised a git repository");
        }
        std::vector<std::string> warnings;
        for (const std::string& line : git_setup(fs::absolute(dir), self_path(), warnings)) {
            say(g, line);
        }
        for (const std::string& line : warnings) {
            warn(line);
        }
    }
    return 0;
}

} // namespace

void register_init(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("init", "Create a store: itk.toml with the defaults, tickets/", [o, &g] { return run(*o, g); });
    c.arg("dir", o->dir, "Directory of the new store (default: here)", Values::directory);
    c.flag("--git", o->git, "Also make it a git repository with itk's merge driver (see git-setup)");
}

} // namespace itk::cmd
