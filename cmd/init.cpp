// itk init [DIR]: create a store (itk.toml with the defaults, tickets/, .gitignore).

#include "commands.hpp"

#include "itk/git.hpp"

#include <filesystem>

namespace itk::cmd {

namespace {

struct Options {
    std::string dir = ".";
    bool git = false;
};

int run(const Options& o, const Globals& g)
{
    const fs::path dir = o.dir == "." && g.dir ? fs::path(*g.dir) : fs::path(o.dir);
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
        for (const std::string& line : git_setup(fs::absolute(dir), self_path())) {
            say(g, line);
        }
    }
    return 0;
}

} // namespace

void register_init(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "init", "Create a store: itk.toml with the defaults, tickets/", selected,
                                [&g] { return run(o, g); });
    sub->add_option("dir", o.dir, "Directory of the new store (default: here)");
    sub->add_flag("--git", o.git, "Also make it a git repository with itk's merge driver (see git-setup)");
}

} // namespace itk::cmd
