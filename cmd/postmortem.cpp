// itk postmortem ID: write postmortems/<ID>.md, a draft from the history, and record it
// (a major incident is closed only after its post-mortem).

#include "commands.hpp"

#include "itk/operations.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    bool force = false;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    const std::string who = actor(g, store);
    say(g, write_postmortem(store, who, store.resolve_id(o.id), o.force).message);
    return finish(g, store, who);
}

} // namespace

void register_postmortem(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("postmortem", "Write the post-mortem draft of an incident (postmortems/ID.md)",
                             [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.flag("--force", o->force, "Replace an existing draft (people may have edited it)");
}

} // namespace itk::cmd
