// itk hold: Put on hold (waiting for the user or a supplier); SLA clocks stop

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    std::string reason;
};

int run(const Options& o, const Globals& g)
{
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) { return hold(t, ctx, o.reason); });
}

} // namespace

void register_hold(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "hold", "Put on hold (waiting for the user or a supplier); SLA clocks stop", selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    sub->add_option("--reason", o.reason, "What it waits for")->required();
}

} // namespace itk::cmd
