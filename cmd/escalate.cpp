// itk escalate ID: functional escalation to the next level (step 7), or --hierarchical to
// a manager, possible at any time.

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id, reason;
    std::optional<std::string> to_level, to;
    bool hierarchical = false;
};

int run(const Options& o, const Globals& g)
{
    if (o.hierarchical && o.to_level) {
        throw Error(ErrorKind::usage, "--to-level is for functional escalation; --hierarchical takes --to MANAGER");
    }
    if (!o.hierarchical && o.to) {
        throw Error(ErrorKind::usage, "--to names a manager and needs --hierarchical; use --to-level for a support level");
    }
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) {
        return o.hierarchical ? escalate_hierarchical(t, ctx, o.to, o.reason) : escalate(t, ctx, o.to_level, o.reason);
    });
}

} // namespace

void register_escalate(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("escalate", "Escalate to the next support level, or --hierarchical to a manager",
                             [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.option("--reason", o->reason, "Why").required();
    c.option("--to-level", o->to_level, "Target level (default: the next one)", Values::level);
    c.flag("--hierarchical", o->hierarchical, "Warn a manager (stagnation, blockage, larger impact)");
    c.option("--to", o->to, "The manager (default: escalation.managers of the current level)", Values::person);
}

} // namespace itk::cmd
