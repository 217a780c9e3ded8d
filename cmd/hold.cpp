// itk hold: Put on hold (waiting for the user or a supplier); SLA clocks stop

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    std::string reason;
    std::optional<std::string> awaiting, ref;
};

int run(const Options& o, const Globals& g)
{
    return change_ticket(g, o.id,
                         [&](Ticket& t, const Context& ctx) { return hold(t, ctx, o.reason, o.awaiting, o.ref); });
}

} // namespace

void register_hold(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("hold", "Put on hold, awaiting the user, a vendor, a problem...; SLA clocks stop",
                             [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.option("--reason", o->reason, "What it waits for, in words").required();
    c.option("--awaiting", o->awaiting, "user, vendor, problem, change, evidence or other (default)", Values::awaiting);
    c.option("--ref", o->ref, "The vendor's case, the problem or change number");
}

} // namespace itk::cmd
