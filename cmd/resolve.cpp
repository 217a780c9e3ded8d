// itk resolve: apply a correction (step 8), workaround or permanent fix. A parent resolves its
// open children first, each with its own event.

#include "commands.hpp"

#include "itk/operations.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    std::string solution, kind;
    std::optional<std::string> code;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    const std::string who = actor(g, store);
    const Outcome out = resolve_with_children(store, who, store.resolve_id(o.id), o.solution, o.kind, o.code);
    say(g, out.message);
    return finish(g, store, who);
}

} // namespace

void register_resolve(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "resolve", "Apply a correction (step 8): workaround or permanent fix", selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    sub->add_option("--solution", o.solution, "What was done")->required();
    sub->add_option("--kind", o.kind, "workaround or permanent")->required();
    sub->add_option("--code", o.code, "Resolution code");
}

} // namespace itk::cmd
