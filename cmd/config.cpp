// itk config: print the config in force (the matrix as a table); --check validates only.

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    bool check = false;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    const Config& cfg = store.config();
    if (o.check) {
        say(g, cfg.path + ": ok");
    } else if (g.json) {
        out(config_to_json(cfg).dump(2) + "\n");
    } else {
        out(render_config(cfg));
    }
    return 0;
}

} // namespace

void register_config(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("config", "Print the config in force; --check validates it", [o, &g] { return run(*o, g); });
    c.flag("--check", o->check, "Validate only (exit 5 naming the key, line and column)");
}

} // namespace itk::cmd
