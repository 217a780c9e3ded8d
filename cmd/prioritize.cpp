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

void register_prioritize(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "prioritize", "Prioritise (step 4): impact x urgency; prints the priority",
                                selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    sub->add_option("--impact", o.impact, "Impact level from the config (e.g. high, medium, low)")->required();
    sub->add_option("--urgency", o.urgency, "Urgency level from the config")->required();
    sub->add_flag("--explain", o.explain, "Also show the matrix and what each level means");
}

} // namespace itk::cmd
