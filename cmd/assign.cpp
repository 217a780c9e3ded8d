// itk assign: Assign to a person (the first assignment is the response)

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    std::optional<std::string> to, group;
};

int run(const Options& o, const Globals& g)
{
    if (!o.to && !o.group) {
        throw Error(ErrorKind::usage, "give --to PERSON, --group GROUP (its queue), or both");
    }
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) {
        return o.to ? assign(t, ctx, *o.to, o.group) : route(t, ctx, *o.group);
    });
}

} // namespace

void register_assign(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("assign", "Assign to a person, or route to a group's queue (--group alone)",
                             [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.option("--to", o->to, "The new owner (the first assignment is the response)", Values::person);
    c.option("--group", o->group, "The group: alone, routes to its queue (owner cleared); its level follows",
             Values::group);
}

} // namespace itk::cmd
