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

void register_categorize(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("categorize", "Categorise (step 3): incident, or redirect a request or change",
                             [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.option("--type", o->args.type, "incident, request or change", Values::type).required();
    c.option("--category", o->args.category, "Category (incidents)");
    c.option("--subcategory", o->args.subcategory, "Subcategory (incidents)");
    c.option("--service", o->args.service, "The IT service concerned");
    c.option("--ref", o->args.ref, "The number in the other practice's tool (requests, changes)");
}

} // namespace itk::cmd
