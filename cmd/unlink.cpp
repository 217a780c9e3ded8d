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

void register_unlink(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "unlink", "Detach an incident from its parent", selected, [&g] { return run(o, g); });
    sub->add_option("child", o.child, "The child ticket")->required();
}

} // namespace itk::cmd
