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

void register_postmortem(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "postmortem", "Write the post-mortem draft of an incident (postmortems/ID.md)",
                                selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    sub->add_flag("--force", o.force, "Replace an existing draft (people may have edited it)");
}

} // namespace itk::cmd
