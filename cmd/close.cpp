// itk close ID --confirmed-by PERSON (step 9), --unconfirmed after the auto-close delay, or
// --auto: the cron sweep, which prints the IDs it closed.

#include "commands.hpp"

#include "itk/operations.hpp"
#include "itk/text.hpp"

#include <algorithm>

namespace itk::cmd {

namespace {

struct Options {
    std::optional<std::string> id, confirmed_by, comment;
    std::optional<int> satisfaction;
    bool unconfirmed = false;
    bool automatic = false;
};

int run(const Options& o, const Globals& g)
{
    const int modes = (o.confirmed_by ? 1 : 0) + (o.unconfirmed ? 1 : 0) + (o.automatic ? 1 : 0);
    if (modes != 1) {
        throw Error(ErrorKind::usage, "give one of --confirmed-by PERSON, --unconfirmed or --auto");
    }
    if (o.automatic) {
        if (o.id) {
            throw Error(ErrorKind::usage, "--auto closes every eligible ticket and takes no ID");
        }
        Store store = open_store(g);
        const std::string who = actor(g, store);
        const Sweep sweep = close_auto(store, who);
        for (const std::string& id : sweep.closed) {
            out(id + "\n");
        }
        say(g, std::to_string(sweep.closed.size()) + " ticket(s) closed without confirmation");
        finish(g, store, who);
        int code = 0;
        for (const BadFile& bad : sweep.bad) {
            error_line(bad.message);
            code = std::max(code, exit_code(ErrorKind::invalid_data));
        }
        for (const Error& e : sweep.failed) {
            error_line(e.what());
            code = std::max(code, exit_code(e.kind()));
        }
        return code;
    }
    if (!o.id) {
        throw Error(ErrorKind::usage, "which ticket? give its ID");
    }
    if ((o.satisfaction || o.comment) && !o.confirmed_by) {
        throw Error(ErrorKind::usage, "--satisfaction and --comment come from the user who confirms (--confirmed-by)");
    }
    return change_ticket(g, *o.id, [&](Ticket& t, const Context& ctx) {
        return o.confirmed_by ? close_confirmed(t, ctx, *o.confirmed_by, o.satisfaction, o.comment)
                              : close_unconfirmed(t, ctx);
    });
}

} // namespace

void register_close(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("close", "Close a resolved ticket once the user confirms (step 9)", [o, &g] { return run(*o, g); });
    c.arg("id", o->id, k_id_help, Values::ticket);
    c.option("--confirmed-by", o->confirmed_by, "The caller or affected person who confirms the fix", Values::person);
    c.option("--satisfaction", o->satisfaction, "Their satisfaction, 1 to 5");
    c.option("--comment", o->comment, "Their comment");
    c.flag("--unconfirmed", o->unconfirmed, "Close without confirmation (after closure.auto_close_after)");
    c.flag("--auto", o->automatic, "Close every ticket resolved for closure.auto_close_after; prints their IDs");
}

} // namespace itk::cmd
