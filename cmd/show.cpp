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

void register_show(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "show", "Show a ticket, its SLA time left and its timeline", selected,
                                [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
}

} // namespace itk::cmd
