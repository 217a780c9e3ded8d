// itk unassign ID [--group] [--reason R]: the owner is cleared; the ticket waits in its
// group's queue, or with --group in no queue at all.

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    std::optional<std::string> reason;
    bool group = false;
};

int run(const Options& o, const Globals& g)
{
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) { return unassign(t, ctx, o.reason, o.group); });
}

} // namespace

void register_unassign(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("unassign", "Clear the owner: back in its group's queue", [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.flag("--group", o->group, "Take it out of its group's queue too: no group, no owner");
    c.option("--reason", o->reason, "Why (on leave, wrong person)");
}

} // namespace itk::cmd
