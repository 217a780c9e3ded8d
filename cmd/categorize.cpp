// itk categorize ID --type T: step 3, incident or a redirect to another practice.

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    CategorizeArgs args;
};

int run(const Options& o, const Globals& g)
{
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) { return categorize(t, ctx, o.args); });
}

} // namespace

void register_categorize(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "categorize", "Categorise (step 3): incident, or redirect a request or change",
                                selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    sub->add_option("--type", o.args.type, "incident, request or change")->required();
    sub->add_option("--category", o.args.category, "Category (incidents)");
    sub->add_option("--subcategory", o.args.subcategory, "Subcategory (incidents)");
    sub->add_option("--service", o.args.service, "The IT service concerned");
    sub->add_option("--ref", o.args.ref, "The number in the other practice's tool (requests, changes)");
}

} // namespace itk::cmd
