// itk coordinate: Name the coordinator (control tower) of a P1/P2 or major incident

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    std::string by;
};

int run(const Options& o, const Globals& g)
{
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) { return coordinate(t, ctx, o.by); });
}

} // namespace

void register_coordinate(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("coordinate", "Name the coordinator (control tower) of a P1/P2 or major incident",
                             [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.option("--by", o->by, "The coordinator", Values::person).required();
}

} // namespace itk::cmd
