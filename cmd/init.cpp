// itk init [DIR]: create a store (itk.toml with the defaults, tickets/, .gitignore).

#include "commands.hpp"

#include <filesystem>

namespace itk::cmd {

namespace {

struct Options {
    std::string dir = ".";
};

int run(const Options& o, const Globals& g)
{
    const fs::path dir = o.dir == "." && g.dir ? fs::path(*g.dir) : fs::path(o.dir);
    init_store(dir);
    say(g, "initialised an itk store in " + fs::weakly_canonical(fs::absolute(dir)).string() +
               "; edit itk.toml to set your priority matrix and SLAs");
    return 0;
}

} // namespace

void register_init(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "init", "Create a store: itk.toml with the defaults, tickets/", selected,
                                [&g] { return run(o, g); });
    sub->add_option("dir", o.dir, "Directory of the new store (default: here)");
}

} // namespace itk::cmd
