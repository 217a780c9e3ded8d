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

void register_cancel(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("cancel", "Cancel a ticket: duplicate, false alarm", [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.option("--reason", o->reason, "Why").required();
    c.option("--duplicate-of", o->duplicate_of, "The ticket it duplicates", Values::ticket);
}

} // namespace itk::cmd
