// itk reopen: Reopen a resolved ticket: the user says it is not fixed

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    std::string reason;
};

int run(const Options& o, const Globals& g)
{
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) { return reopen(t, ctx, o.reason); });
}

} // namespace

void register_reopen(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "reopen", "Reopen a resolved ticket: the user says it is not fixed", selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    sub->add_option("--reason", o.reason, "What the user reports")->required();
}

} // namespace itk::cmd
