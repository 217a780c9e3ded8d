// itk show ID: the ticket, its SLA standing and its timeline; --json prints the file's object.

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    const Ticket t = store.load(store.resolve_id(o.id));
    out(g.json ? to_json(t).dump(2) + "\n" : render_show(t, store.children_of(t), now(), style(g)));
    return 0;
}

} // namespace

void register_show(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("show", "Show a ticket, its SLA time left and its timeline", [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
}

} // namespace itk::cmd
