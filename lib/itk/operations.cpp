#include "itk/operations.hpp"

#include "itk/error.hpp"
#include "itk/postmortem.hpp"
#include "itk/text.hpp"

#include <algorithm>

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
        // The rules check that it was closed, from its status recorded in the open event.
        const std::string id = store.resolve_id(*follows_arg);
        args.follows = id;
        args.follows_status = std::string(to_string(store.load(id).status));
    }
    if (!args.dedup) {
        std::vector<std::string> said;
        const std::string id = store.create(actor, [&](const Context& ctx, const std::string& new_id) {
            return open_ticket(ctx, new_id, args, &said);
        });
        return {id, true, join_lines(said)};
    }
    // Monitoring opens at the rate alerts fire: no parse of the store, no store-wide lock.
    // Only the files that hold the key's JSON string can hold the key (itk writes it so);
    // those are parsed, the truth deciding. A lock per key (by its hash) keeps two alerts
    // of one key from opening two tickets, and leaves other keys free.
    Opened out;
    const std::string needle = nlohmann::json(*args.dedup).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    store.with_store_lock("dedup-" + fnv1a_hex(*args.dedup), [&] {
        for (const std::string& id : store.ids_whose_file_holds(needle)) {
            std::optional<Ticket> t;
            try {
                t = store.load(id);
            } catch (const Error&) {
                continue; // a corrupt file holds no live ticket (fsck names it)
            }
            if (t->dedup == args.dedup && !is_terminal(t->status)) {
                store.modify(t->id, actor, [&](Ticket& live, const Context& ctx) {
                    return note(live, ctx, "repeated alert (dedup '" + *args.dedup + "'): " + args.title, false);
                });
                out = {t->id, false, t->id + ": already open for dedup key '" + *args.dedup + "'; note added"};
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

Outcome resolve_with_children(Store& store, const std::string& actor, const std::string& id, const std::string& solution,
                              const std::string& kind, const OptString& code)
{
    // Try every change on a copy first: a refusal must leave every file untouched.
    Ticket parent = store.load(id);
    resolve(parent, Context{store.config(), actor, change_time(parent)}, solution, kind, code);
    std::vector<BadFile> bad;
    std::vector<Ticket> children = store.children_of(parent, &bad);
    children.erase(std::remove_if(children.begin(), children.end(), [](const Ticket& c) { return !resolvable_by_parent(c); }),
                   children.end());
    for (const Ticket& child : children) {
        Ticket trial = child;
        resolve_by_parent(trial, Context{store.config(), actor, change_time(child)}, parent);
    }

    std::vector<std::string> said;
    for (const BadFile& b : bad) {
        said.push_back("warning: a child of " + id + " was not resolved: " + b.message);
    }
    for (const Ticket& child : children) {
        const Outcome o = store.modify(child.id, actor, [&](Ticket& live, const Context& ctx) {
            if (live.parent != id || !resolvable_by_parent(live)) {
                return Outcome{false, ""}; // changed since we looked
            }
            return resolve_by_parent(live, ctx, parent);
        });
        if (o.changed) {
            said.push_back(o.message);
        }
    }
    Outcome out = store.modify(id, actor, [&](Ticket& live, const Context& ctx) {
        return resolve(live, ctx, solution, kind, code);
    });
    said.push_back(out.message);
    out.message.clear();
    for (const std::string& s : said) {
        out.message += (out.message.empty() ? "" : "\n") + s;
    }
    return out;
}

Outcome link_tickets(Store& store, const std::string& actor, const std::string& child_arg, const std::string& parent_arg)
{
    const std::string parent_id = store.resolve_id(parent_arg);
    const std::string child_id = store.resolve_id(child_arg);
    // Try both sides on copies first: a refused link writes neither file.
    Ticket child_trial = store.load(child_id);
    link(child_trial, Context{store.config(), actor, change_time(child_trial)}, parent_id);
    Ticket parent_trial = store.load(parent_id);
    adopt(parent_trial, Context{store.config(), actor, change_time(parent_trial)}, child_id);
    // Parent first: its list may hold a child that does not point back, never miss one.
    store.modify(parent_id, actor, [&](Ticket& parent, const Context& ctx) { return adopt(parent, ctx, child_id); });
    return store.modify(child_id, actor, [&](Ticket& child, const Context& ctx) { return link(child, ctx, parent_id); });
}

Outcome unlink_ticket(Store& store, const std::string& actor, const std::string& child_arg)
{
    const std::string child_id = store.resolve_id(child_arg);
    // Try both sides on copies first: a refused unlink writes neither file.
    Ticket child_trial = store.load(child_id);
    const OptString old_parent = child_trial.parent;
    unlink(child_trial, Context{store.config(), actor, change_time(child_trial)});
    if (old_parent && store.has_ticket(*old_parent)) {
        Ticket parent_trial = store.load(*old_parent);
        release(parent_trial, Context{store.config(), actor, change_time(parent_trial)}, child_id);
    }
    OptString parent_id;
    const Outcome out = store.modify(child_id, actor, [&](Ticket& child, const Context& ctx) {
        parent_id = child.parent;
        return unlink(child, ctx);
    });
    if (out.changed && parent_id && store.has_ticket(*parent_id)) {
        store.modify(*parent_id, actor, [&](Ticket& parent, const Context& ctx) { return release(parent, ctx, child_id); });
    }
    return out;
}

Outcome release_child(Store& store, const std::string& actor, const std::string& child_arg, const std::string& parent_arg)
{
    const std::string parent_id = store.resolve_id(parent_arg);
    std::string child_id = child_arg;
    for (const std::string& listed : store.load(parent_id).children) {
        if (to_upper(listed) == to_upper(child_arg)) {
            child_id = listed; // listed, maybe gone from the store: take it as listed
        }
    }
    if (child_id == child_arg && !store.has_ticket(child_id)) {
        child_id = store.resolve_id(child_arg);
    }
    if (store.has_ticket(child_id) && store.load(child_id).parent == parent_id) {
        fail_refused("'" + child_id + "' names '" + parent_id + "' as its parent; 'itk unlink " + child_id +
                     "' detaches both sides");
    }
    return store.modify(parent_id, actor,
                        [&](Ticket& parent, const Context& ctx) { return drop_child(parent, ctx, child_id); });
}

Outcome write_postmortem(Store& store, const std::string& actor, const std::string& id, bool force)
{
    const std::vector<Ticket> children = store.children_of(store.load(id));
    const std::string name = id + ".md";
    const std::string relative = "postmortems/" + name;
    return store.modify(id, actor, [&](Ticket& t, const Context& ctx) {
        // Checked before writing the draft: a refused ticket gets no file either.
        Ticket trial = t;
        record_postmortem(trial, ctx, relative);
        const Dir dir = store.make_dir("postmortems");
        if (dir.exists(name) && !force) {
            fail_refused("cannot write a post-mortem for '" + id + "': '" + relative +
                         "' exists and people may have edited it; use --force to replace it");
        }
        write_atomic(dir, name, render_postmortem(t, children, ctx.now), store.temp());
        store.note_written_file(relative);
        return record_postmortem(t, ctx, relative);
    });
}

Sweep close_auto(Store& store, const std::string& actor)
{
    Sweep out;
    const Config& cfg = store.config();
    const Time at = now();
    Scan scan = store.scan();
    out.bad = std::move(scan.bad);
    for (const Ticket& t : scan.tickets) {
        if (!auto_closable(t, cfg, at)) {
            continue;
        }
        // A failure on one ticket must not hide the others the sweep closed.
        try {
            // Re-checked under the lock: someone may have reopened it since the scan.
            const Outcome o = store.modify(t.id, actor, [&](Ticket& live, const Context& ctx) {
                if (!auto_closable(live, ctx.config, ctx.now)) {
                    return Outcome{false, live.id + ": no longer closable"};
                }
                return close_unconfirmed(live, ctx);
            });
            if (o.changed) {
                out.closed.push_back(t.id);
            }
        } catch (const Error& e) {
            out.failed.push_back(e);
        }
    }
    return out;
}

Outcome cancel_ticket(Store& store, const std::string& actor, const std::string& id_arg, const std::string& reason,
                      const OptString& duplicate_arg)
{
    OptString duplicate_of;
    if (duplicate_arg) {
        duplicate_of = store.resolve_id(*duplicate_arg); // it must exist
    }
    return store.modify(store.resolve_id(id_arg), actor,
                        [&](Ticket& t, const Context& ctx) { return cancel(t, ctx, reason, duplicate_of); });
}

} // namespace itk
