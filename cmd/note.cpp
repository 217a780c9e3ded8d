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

void register_note(CLI::App& app, Globals& g, Runner& selected)
{
    static Options o;
    CLI::App* sub = add_command(app, "note", "Add a work note (diagnosis, tests done)", selected, [&g] { return run(o, g); });
    sub->add_option("id", o.id, "Ticket ID (a unique prefix is enough)")->required();
    sub->add_option("text", o.text, "The note; '-' reads standard input")->required();
    sub->add_flag("--public", o.is_public, "The note was told to the caller");
}

} // namespace itk::cmd
