// itk take ID: assign the ticket to yourself (the actor).

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
};

int run(const Options& o, const Globals& g)
{
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) { return assign(t, ctx, ctx.actor, {}); });
}

} // namespace

void register_take(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("take", "Assign a ticket to yourself", [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
}

} // namespace itk::cmd
