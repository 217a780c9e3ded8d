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

void register_major(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command major = root.group("major", "Major incidents: declare one, record its communications, withdraw it");
    Command declare = major.command("declare", "Declare a major incident by hand (needs a coordinator)", [o, &g] {
        return change_ticket(g, o->id, [&](Ticket& t, const Context& ctx) { return declare_major(t, ctx, o->reason); });
    });
    declare.arg("id", o->id, k_id_help, Values::ticket);
    declare.option("--reason", o->reason, "Why it is major (impact, business at stake)").required();
    Command update = major.command("update", "Record a communication about a major incident", [o, &g] {
        return change_ticket(g, o->id,
                             [&](Ticket& t, const Context& ctx) { return major_update(t, ctx, o->message, o->audience); });
    });
    update.arg("id", o->id, k_id_help, Values::ticket);
    update.option("--message", o->message, "What was said").required();
    update.option("--audience", o->audience, "internal or stakeholders (default)", Values::audience);
    Command withdraw = major.command("withdraw", "Withdraw a declaration that proved wrong: the ordinary circuit again", [o, &g] {
        return change_ticket(g, o->id, [&](Ticket& t, const Context& ctx) { return withdraw_major(t, ctx, o->reason); });
    });
    withdraw.arg("id", o->id, k_id_help, Values::ticket);
    withdraw.option("--reason", o->reason, "Why it is not major after all").required();
}

} // namespace itk::cmd
