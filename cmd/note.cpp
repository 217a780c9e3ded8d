// itk note ID TEXT: a work note (diagnosis, tests done); --public when told to the caller.

#include "commands.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string id, text;
    bool is_public = false;
};

int run(const Options& o, const Globals& g)
{
    const std::string text = o.text == "-" ? read_stdin() : o.text;
    return change_ticket(g, o.id, [&](Ticket& t, const Context& ctx) { return note(t, ctx, text, o.is_public); });
}

} // namespace

void register_note(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("note", "Add a work note (diagnosis, tests done)", [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.arg("text", o->text, "The note; '-' reads standard input");
    c.flag("--public", o->is_public, "The note was told to the caller");
}

} // namespace itk::cmd
