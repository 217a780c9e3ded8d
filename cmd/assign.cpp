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

void register_assign(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "assign", "Assign to a person (the first assignment is the response)", selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    sub->add_option("--to", o.to, "The new owner")->required();
    sub->add_option("--group", o.group, "Also move it to this group");
}

} // namespace itk::cmd
