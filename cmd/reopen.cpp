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

void register_reopen(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("reopen", "Reopen a resolved ticket: the user says it is not fixed", [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.option("--reason", o->reason, "What the user reports").required();
}

} // namespace itk::cmd
