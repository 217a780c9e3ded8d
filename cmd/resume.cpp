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

void register_resume(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "resume", "Resume a ticket on hold; SLA clocks run again", selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();

}

} // namespace itk::cmd
