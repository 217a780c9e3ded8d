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

void register_coordinate(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "coordinate", "Name the coordinator (control tower) of a P1/P2 or major incident", selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    sub->add_option("--by", o.by, "The coordinator")->required();
}

} // namespace itk::cmd
