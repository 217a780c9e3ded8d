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

void register_link(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("link", "Attach an incident to a parent incident (one outage, many calls)",
                             [o, &g] { return run(*o, g); });
    c.arg("child", o->child, "The child ticket", Values::ticket);
    c.option("--parent", o->parent, "The parent incident", Values::ticket).required();
}

} // namespace itk::cmd
