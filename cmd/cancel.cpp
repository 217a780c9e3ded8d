// itk cancel: Cancel a ticket: duplicate, false alarm

#include "commands.hpp"

#include "itk/operations.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id;
    std::string reason;
    std::optional<std::string> duplicate_of;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    const std::string who = actor(g, store);
    say(g, cancel_ticket(store, who, o.id, o.reason, o.duplicate_of).message);
    return finish(g, store, who);
}

} // namespace

void register_cancel(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "cancel", "Cancel a ticket: duplicate, false alarm", selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    sub->add_option("--reason", o.reason, "Why")->required();
    sub->add_option("--duplicate-of", o.duplicate_of, "The ticket it duplicates");
}

} // namespace itk::cmd
