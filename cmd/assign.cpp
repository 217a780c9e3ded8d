// itk assign: Assign to a person (the first assignment is the response)

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    std::string to;
    std::optional<std::string> group;
};

int run(const Options& o, const Globals& g)
{
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) { return assign(t, ctx, o.to, o.group); });
}

} // namespace

void register_assign(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("assign", "Assign to a person (the first assignment is the response)", [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.option("--to", o->to, "The new owner", Values::person).required();
    c.option("--group", o->group, "Also move it to this group", Values::group);
}

} // namespace itk::cmd
