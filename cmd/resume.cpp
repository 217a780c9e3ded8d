// itk resume: Resume a ticket on hold; SLA clocks run again

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;

};

int run(const Options& o, const Globals& g)
{
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) { return resume(t, ctx); });
}

} // namespace

void register_resume(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("resume", "Resume a ticket on hold; SLA clocks run again", [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
}

} // namespace itk::cmd
