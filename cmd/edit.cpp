// itk edit ID: correct the registration; the event records old and new values.

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    EditArgs args;
};

int run(const Options& o, const Globals& g)
{
    EditArgs a = o.args;
    if (a.description == "-") {
        a.description = read_stdin();
    }
    if (!a.title && !a.description && !a.service && !a.channel && !a.caller && !a.contact && !a.affected &&
        !a.affected_contact) {
        throw Error(ErrorKind::usage, "nothing to edit: give --title, --description, --service, --channel, --caller, "
                                      "--contact, --affected or --affected-contact");
    }
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) { return edit(t, ctx, a); });
}

} // namespace

void register_edit(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "edit", "Correct a ticket's registration (title, contact, ...)", selected,
                                [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    sub->add_option("--title", o.args.title, "New title");
    sub->add_option("--description", o.args.description, "New description; '-' reads standard input");
    sub->add_option("--service", o.args.service, "New service ('' clears it)");
    sub->add_option("--channel", o.args.channel, "New channel ('' clears it)");
    sub->add_option("--caller", o.args.caller, "New caller name");
    sub->add_option("--contact", o.args.contact, "New caller contact ('' clears it)");
    sub->add_option("--affected", o.args.affected, "New affected person");
    sub->add_option("--affected-contact", o.args.affected_contact, "New affected person's contact");
}

} // namespace itk::cmd
