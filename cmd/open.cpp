// itk open: register a ticket (steps 1-2), optionally categorise, prioritise and assign it in
// the same command. Prints only the new ID on stdout.

#include "commands.hpp"

#include "itk/operations.hpp"

#include <cstring>

namespace itk::cmd {

namespace {

struct Options {
    std::string title, caller, description;
    std::optional<std::string> contact, affected, affected_contact, channel, service, type, impact, urgency, to, dedup,
        follows;
    std::vector<std::string> set;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    OpenArgs a;
    a.title = o.title;
    a.description = o.description == "-" ? read_stdin() : o.description;
    a.caller = Person{o.caller, o.contact};
    if (o.affected) {
        a.affected = Person{*o.affected, o.affected_contact};
    } else if (o.affected_contact) {
        throw Error(ErrorKind::usage, "--affected-contact needs --affected");
    }
    a.channel = o.channel;
    a.service = o.service;
    a.dedup = o.dedup;
    a.type = o.type;
    a.impact = o.impact;
    a.urgency = o.urgency;
    a.assign_to = o.to;
    a.fields = parse_field_sets(store.config(), o.set);
    const std::string who = actor(g, store);
    const Opened opened = open_ticket_in(store, who, a, o.follows);
    out(opened.id + "\n");
    say(g, opened.message);
    const int code = finish(g, store, who);
    if (const int err = flush_out()) {
        // The ticket exists: say which, since the script that wanted its ID did not get it.
        throw Error(ErrorKind::io, "cannot write the ID of '" + opened.id + "' to standard output: " +
                                       std::strerror(err) + "; the ticket was " + (opened.created ? "opened" : "noted"));
    }
    return code;
}

} // namespace

void register_open(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("open", "Register a ticket (steps 1-2); prints its ID", [o, &g] { return run(*o, g); });
    c.option("--title", o->title, "What is wrong, in one line").required();
    c.option("--caller", o->caller, "Who calls (step 1)", Values::person).required();
    c.option("--contact", o->contact, "The caller's contact (mail, phone)");
    c.option("--affected", o->affected, "Who is concerned, when not the caller", Values::person);
    c.option("--affected-contact", o->affected_contact, "The affected person's contact");
    c.option("--channel", o->channel, "phone, email, portal, chat, monitoring or walk-in", Values::channel);
    c.option("--service", o->service, "The IT service concerned");
    c.option("--description", o->description, "Details; '-' reads standard input");
    c.option("--type", o->type, "Categorise at once: incident, request or change", Values::type);
    c.option("--impact", o->impact, "Prioritise at once (implies --type incident)", Values::impact);
    c.option("--urgency", o->urgency, "Prioritise at once (implies --type incident)", Values::urgency);
    c.option("--to", o->to, "Assign at once", Values::person);
    c.option("--dedup", o->dedup, "Monitoring key: when a live ticket has it, note it there instead");
    c.option("--follows", o->follows, "A closed ticket this one follows up", Values::ticket);
    c.repeated("--set", o->set, "A custom field of [fields]: KEY=VALUE (repeatable)", Values::field_set);
}

} // namespace itk::cmd
