// itk unlink CHILD: detach an incident from its parent.

#include "commands.hpp"

#include "itk/operations.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string child;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    const std::string who = actor(g, store);
    say(g, unlink_ticket(store, who, o.child).message);
    return finish(g, store, who);
}

} // namespace

void register_unlink(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("unlink", "Detach an incident from its parent", [o, &g] { return run(*o, g); });
    c.arg("child", o->child, "The child ticket", Values::ticket);
}

} // namespace itk::cmd
