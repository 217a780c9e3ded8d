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

void register_escalate(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "escalate", "Escalate to the next support level, or --hierarchical to a manager",
                                selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    sub->add_option("--reason", o.reason, "Why")->required();
    sub->add_option("--to-level", o.to_level, "Target level (default: the next one)");
    sub->add_flag("--hierarchical", o.hierarchical, "Warn a manager (stagnation, blockage, larger impact)");
    sub->add_option("--to", o.to, "The manager (default: escalation.managers of the current level)");
}

} // namespace itk::cmd
