#include "itk/operations.hpp"

#include "itk/error.hpp"

namespace itk {

namespace {

std::string join_lines(const std::vector<std::string>& lines)
{
    std::string out;
    for (const std::string& l : lines) {
        out += (out.empty() ? "" : "\n") + l;
    }
    return out;
}

} // namespace

Opened open_ticket_in(Store& store, const std::string& actor, OpenArgs args, const OptString& follows_arg)
{
    if (follows_arg) {
        const std::string id = store.resolve_id(*follows_arg);
        const Ticket followed = store.load(id);
        if (followed.status != Status::closed) {
            fail_refused("cannot open a follow-up of '" + id + "': ticket is '" + std::string(to_string(followed.status)) +
                         "', not closed" +
                         (followed.status == Status::resolved ? "; reopen it instead ('itk reopen " + id + " --reason R')"
                                                              : "; add a note to it instead"));
        }
        args.follows = id;
    }
    if (!args.dedup) {
        std::vector<std::string> said;
        const std::string id = store.create(actor, [&](const Context& ctx, const std::string& new_id) {
            return open_ticket(ctx, new_id, args, &said);
        });
        return {id, true, join_lines(said)};
    }
    Opened out;
    store.with_store_lock("dedup", [&] {
        for (const Ticket& t : store.scan().tickets) {
            if (t.dedup == args.dedup && !is_terminal(t.status)) {
                store.modify(t.id, actor, [&](Ticket& live, const Context& ctx) {
                    return note(live, ctx, "repeated alert (dedup '" + *args.dedup + "'): " + args.title, false);
                });
                out = {t.id, false, t.id + ": already open for dedup key '" + *args.dedup + "'; note added"};
                return;
            }
        }
        std::vector<std::string> said;
        out.id = store.create(actor, [&](const Context& ctx, const std::string& new_id) {
            return open_ticket(ctx, new_id, args, &said);
        });
        out.message = join_lines(said);
    });
    return out;
}

std::vector<std::string> close_auto(Store& store, const std::string& actor)
{
    std::vector<std::string> closed;
    const Config& cfg = store.config();
    const Time at = now();
    for (const Ticket& t : store.scan().tickets) {
        if (!auto_closable(t, cfg, at)) {
            continue;
        }
        // Re-checked under the lock: someone may have reopened it since the scan.
        const Outcome o = store.modify(t.id, actor, [&](Ticket& live, const Context& ctx) {
            if (!auto_closable(live, ctx.config, ctx.now)) {
                return Outcome{false, live.id + ": no longer closable"};
            }
            return close_unconfirmed(live, ctx);
        });
        if (o.changed) {
            closed.push_back(t.id);
        }
    }
    return closed;
}

std::vector<Problem> fsck(const Store& store)
{
    std::vector<Problem> problems;
    for (const std::string& id : store.ids()) {
        const std::string path = store.ticket_path(id).string();
        try {
            const std::string text = read_file(path);
            const Ticket t = parse_ticket(text, path);
            if (t.id != id) {
                problems.push_back({path, "holds ticket '" + t.id + "', not '" + id + "'"});
            }
            // The projection stored in the file must equal the replay of its events.
            const Json stored = stored_projection(text, path);
            Json replayed = to_json(t);
            replayed.erase("events");
            for (const auto& [key, value] : replayed.items()) {
                if (!stored.contains(key)) {
                    problems.push_back({path, "missing key '" + key + "'"});
                } else if (stored[key] != value) {
                    problems.push_back({path, "'" + key + "' is " + stored[key].dump() + " but its events say " +
                                                  value.dump() + " (edited by hand? use itk commands)"});
                }
            }
            // Every kept event must be allowed by the rules at its place in the history.
            Ticket state;
            for (std::size_t i = 0; i < t.events.size(); ++i) {
                const Json& ev = t.events[i];
                if (ev.contains("rejected")) {
                    continue;
                }
                if (const auto why = refusal(state, ev)) {
                    problems.push_back({path, "event " + std::to_string(i + 1) + " ('" + ev.value("action", std::string()) +
                                                  "') breaks the lifecycle: " + *why});
                    break;
                }
                apply_event(state, ev);
                state.events.push_back(ev);
            }
        } catch (const Error& e) {
            std::string message = e.what();
            if (message.rfind(path + ":", 0) == 0) {
                message = message.substr(path.size() + 1);
                message.erase(0, message.find_first_not_of(' '));
            }
            problems.push_back({path, message});
        }
    }
    return problems;
}

} // namespace itk
