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

void register_take(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "take", "Assign a ticket to yourself", selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
}

} // namespace itk::cmd
