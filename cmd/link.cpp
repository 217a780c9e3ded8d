// itk link ID --parent PARENT: many users calling about one outage; resolving the parent
// resolves its open children. itk link ID --problem P / --change C / --caused-by C: the number
// of a record of another practice (problem management, change enablement).

#include "commands.hpp"

#include "itk/operations.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    std::optional<std::string> parent, problem, change, caused_by;
};

int run(const Options& o, const Globals& g)
{
    const int given = (o.parent ? 1 : 0) + (o.problem ? 1 : 0) + (o.change ? 1 : 0) + (o.caused_by ? 1 : 0);
    if (given != 1) {
        throw Error(ErrorKind::usage, "give one of --parent ID, --problem P, --change C or --caused-by C");
    }
    if (o.parent) {
        Store store = open_store(g);
        const std::string who = actor(g, store);
        say(g, link_tickets(store, who, o.id, *o.parent).message);
        return finish(g, store, who);
    }
    const Record record = o.problem ? Record::problem : o.change ? Record::change : Record::caused_by;
    const std::string number = *(o.problem ? o.problem : o.change ? o.change : o.caused_by);
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) { return relate(t, ctx, record, number); });
}

} // namespace

void register_link(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("link", "Link an incident to a parent incident, a problem or a change", [o, &g] {
        return run(*o, g);
    });
    c.arg("id", o->id, "The incident (for --parent: the child)", Values::ticket);
    c.option("--parent", o->parent, "The parent incident (one outage, many calls)", Values::ticket);
    c.option("--problem", o->problem, "The number of its problem record (problem management)");
    c.option("--change", o->change, "The number of the change that fixes it");
    c.option("--caused-by", o->caused_by, "The number of the change that caused it");
}

} // namespace itk::cmd
