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

void register_resolve(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("resolve", "Apply a correction (step 8): workaround or permanent fix", [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.option("--solution", o->solution, "What was done").required();
    c.option("--kind", o->kind, "workaround or permanent", Values::kind).required();
    c.option("--code", o->code, "Resolution code");
}

} // namespace itk::cmd
