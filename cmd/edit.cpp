// itk edit ID: correct the registration; the event records old and new values.

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    EditArgs args;
    std::vector<std::string> set;
};

int run(const Options& o, const Globals& g)
{
    EditArgs a = o.args;
    if (a.description == "-") {
        a.description = read_stdin();
    }
    if (!a.title && !a.description && !a.service && !a.channel && !a.caller && !a.contact && !a.affected &&
        !a.affected_contact && o.set.empty()) {
        throw Error(ErrorKind::usage, "nothing to edit: give --title, --description, --service, --channel, --caller, "
                                      "--contact, --affected, --affected-contact or --set KEY=VALUE");
    }
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) {
        EditArgs with_fields = a;
        with_fields.fields = parse_field_sets(ctx.config, o.set);
        return edit(t, ctx, with_fields);
    });
}

} // namespace

void register_edit(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("edit", "Correct a ticket's registration (title, contact, ...)", [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.option("--title", o->args.title, "New title");
    c.option("--description", o->args.description, "New description; '-' reads standard input");
    c.option("--service", o->args.service, "New service ('' clears it)");
    c.option("--channel", o->args.channel, "New channel ('' clears it)", Values::channel);
    c.option("--caller", o->args.caller, "New caller name", Values::person);
    c.option("--contact", o->args.contact, "New caller contact ('' clears it)");
    c.option("--affected", o->args.affected, "New affected person", Values::person);
    c.option("--affected-contact", o->args.affected_contact, "New affected person's contact");
    c.repeated("--set", o->set, "A custom field of [fields]: KEY=VALUE, or KEY= to clear it (repeatable)",
               Values::field_set);
}

} // namespace itk::cmd
