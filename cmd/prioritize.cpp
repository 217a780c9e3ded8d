// itk prioritize ID --impact I --urgency U: step 4 (and 5, major detection). Prints the
// priority on stdout.

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id, impact, urgency;
    bool explain = false;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    const std::string id = store.resolve_id(o.id);
    std::string priority;
    const std::string who = actor(g, store);
    const Outcome result = store.modify(id, who, [&](Ticket& t, const Context& ctx) {
        Outcome r = prioritize(t, ctx, o.impact, o.urgency);
        priority = t.priority.value_or("");
        return r;
    });
    out(priority + "\n");
    say(g, result.message);
    if (o.explain) {
        say(g, render_config(store.config()));
    }
    return finish(g, store, who);
}

} // namespace

void register_prioritize(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("prioritize", "Prioritise (step 4): impact x urgency; prints the priority",
                             [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.option("--impact", o->impact, "Impact level from the config (e.g. high, medium, low)", Values::impact).required();
    c.option("--urgency", o->urgency, "Urgency level from the config", Values::urgency).required();
    c.flag("--explain", o->explain, "Also show the matrix and what each level means");
}

} // namespace itk::cmd
