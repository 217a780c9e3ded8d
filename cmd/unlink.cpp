// itk unlink CHILD: detach an incident from its parent.

#include "commands.hpp"

#include "itk/operations.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string child;
    std::optional<std::string> from;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    const std::string who = actor(g, store);
    say(g, (o.from ? release_child(store, who, o.child, *o.from) : unlink_ticket(store, who, o.child)).message);
    return finish(g, store, who);
}

} // namespace

void register_unlink(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("unlink", "Detach an incident from its parent", [o, &g] { return run(*o, g); });
    c.arg("child", o->child, "The child ticket", Values::ticket);
    c.option("--from", o->from,
             "Take CHILD off this parent's list, when CHILD names another parent or none (what fsck reports)",
             Values::ticket);
}

} // namespace itk::cmd
