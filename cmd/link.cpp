// itk link CHILD --parent PARENT: many users calling about one outage; resolving the parent
// resolves its open children.

#include "commands.hpp"

#include "itk/operations.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string child, parent;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    const std::string who = actor(g, store);
    say(g, link_tickets(store, who, o.child, o.parent).message);
    return finish(g, store, who);
}

} // namespace

void register_link(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "link", "Attach an incident to a parent incident (one outage, many calls)",
                                selected, [&g] { return run(o, g); });
    sub->add_option("child", o.child, "The child ticket")->required();
    sub->add_option("--parent", o.parent, "The parent incident")->required();
}

} // namespace itk::cmd
