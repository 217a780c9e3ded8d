// itk major declare ID --reason R | itk major update ID --message M [--audience A]: the
// crisis procedure of a major incident (SPEC §10).

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id, reason, message;
    std::string audience = "stakeholders";
};

} // namespace

void register_major(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* major = app.add_subcommand("major", "Major incidents: declare one, record its communications");
    major->require_subcommand(1);
    CLI::App* declare = add_command(*major, "declare", "Declare a major incident by hand (needs a coordinator)", selected, [&g] {
        return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) { return declare_major(t, ctx, o.reason); });
    });
    declare->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    declare->add_option("--reason", o.reason, "Why it is major (impact, business at stake)")->required();
    CLI::App* update = add_command(*major, "update", "Record a communication about a major incident", selected, [&g] {
        return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) {
            return major_update(t, ctx, o.message, o.audience);
        });
    });
    update->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    update->add_option("--message", o.message, "What was said")->required();
    update->add_option("--audience", o.audience, "internal or stakeholders (default)");
}

} // namespace itk::cmd
