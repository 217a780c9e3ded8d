// Tests of itk/git's merge (SPEC §1 "nothing lost", §11 merge driver): merge_tickets over
// thousands of generated concurrent histories, checked against properties that any correct
// merge has, then hand-written cases whose exact outcome the SPEC fixes.
//
// Properties of merge(A, B), for a base ticket and two copies A and B extended with random
// valid actions by different people at random increasing times:
//   - merge(A, B) and merge(B, A) are the same bytes;
//   - every event of A and of B appears exactly once ("rejected" mark aside), nothing else;
//   - events are in non-decreasing time order, and each side's own order is kept;
//   - the projection equals replay() of the merged events;
//   - an event is marked "rejected" exactly when refusal() refuses it at its place, with
//     that reason as the mark; a fresh replay_with_rules gives the same bytes;
//   - parse_ticket(serialize(merge)) round-trips;
//   - merging the result again with either side changes nothing.
//
// Three-way, merge(O, A, B) for a base O and two sides that each kept O or lost some of its
// events (a revert, a commit dropped in a rebase, a branch that forked before O's last
// commits), then went on:
//   - an event new on a side is in the merge once (also when both sides added it);
//   - an event of O that a side lost is not in the merge; one that both kept is, once;
//   - the same bytes in both directions; fsck finds no problem; replay_with_rules of the
//     merged events gives the same bytes; unknown keys follow SPEC §11;
//   - merge_texts of the three files gives the same; merging again with a side changes nothing.

#include "support.hpp"

#include "itk/fsck.hpp"
#include "itk/git.hpp"
#include "itk/merge.hpp"
#include "itk/lifecycle.hpp"
#include "itk/ticket.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace itk;
using namespace itk::test;

namespace {

// An event's identity: its canonical JSON without a merge's "rejected" mark.
std::string identity(const Event& ev)
{
    Event copy = ev;
    copy.rejected.reset();
    return encode_event(copy).dump();
}

std::vector<std::string> identities(const std::vector<Event>& events)
{
    std::vector<std::string> out;
    for (const Event& ev : events) {
        out.push_back(identity(ev));
    }
    return out;
}

// One branch of a generated history: a ticket, its clock, who acts on it.
struct Side {
    Ticket t;
    Time now;
    std::vector<std::string> actors;
    int serial = 0;
};

const std::vector<std::string> k_people = {"bob", "carol", "erin"};
const std::vector<std::string> k_levels3 = {"high", "medium", "low"};

// Tries one random action on the side; true when it appended an event. Refused actions
// (and actions that would change nothing) leave the ticket as it was.
bool random_action(Side& s, std::mt19937& rng, std::uniform_int_distribution<int>& step_dist)
{
    const auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    // Strictly increasing times on one side (so that a side never holds two identical events),
    // on a coarse grid so that both sides often act at the same second. Sometimes a long gap,
    // so that `close --unconfirmed` can pass its delay.
    Time at = std::max(s.now, s.t.last_event_at()) + 60 * step_dist(rng);
    if (pick(25) == 0) {
        at += 6 * 86400;
    }
    const std::string actor = s.actors[static_cast<std::size_t>(pick(static_cast<int>(s.actors.size())))];
    const Context ctx{default_cfg(), actor, at};
    const std::string tag = actor + "#" + std::to_string(++s.serial);
    const std::size_t before = s.t.events.size();
    // With steps of 0 a side can act twice in one second: keep a copy to undo an event that
    // would repeat one of the side's own exactly (assign bob, carol, bob in one second).
    const bool same_second = step_dist.min() == 0;
    const Ticket saved = same_second ? s.t : Ticket{};
    Ticket& t = s.t; // a refused action changes nothing (SPEC §7)
    try {
        switch (pick(19)) {
        case 0:
        case 1:
            note(t, ctx, "note " + tag, pick(2) == 0);
            break;
        case 2:
            assign(t, ctx, k_people[static_cast<std::size_t>(pick(3))], {});
            break;
        case 3:
            escalate(t, ctx, {}, "needs level up " + tag);
            break;
        case 4:
            escalate_hierarchical(t, ctx, {}, "stuck " + tag);
            break;
        case 5:
            coordinate(t, ctx, pick(2) == 0 ? "dave" : "zoe");
            break;
        case 6:
            hold(t, ctx, "waiting " + tag);
            break;
        case 7:
            resume(t, ctx);
            break;
        case 8:
            resolve(t, ctx, "fixed " + tag, pick(2) == 0 ? "workaround" : "permanent",
                    pick(2) == 0 ? OptString("HW-" + std::to_string(s.serial)) : OptString());
            break;
        case 9:
            reopen(t, ctx, "back again " + tag);
            break;
        case 10:
            cancel(t, ctx, "false alarm " + tag, {});
            break;
        case 11:
            close_confirmed(t, ctx, pick(2) == 0 ? "julie" : "marc", 1 + pick(5), OptString("thanks " + tag));
            break;
        case 12:
            close_unconfirmed(t, ctx);
            break;
        case 13:
            prioritize(t, ctx, k_levels3[static_cast<std::size_t>(pick(3))],
                       k_levels3[static_cast<std::size_t>(pick(3))]);
            break;
        case 14:
            categorize(t, ctx, CategorizeArgs{"incident", "cat " + tag, {}, {}, {}});
            break;
        case 15: {
            EditArgs e;
            e.title = "Printer down " + tag;
            edit(t, ctx, e);
            break;
        }
        case 16:
            declare_major(t, ctx, "widespread " + tag);
            break;
        case 17:
            major_update(t, ctx, "update " + tag, pick(2) == 0 ? "internal" : "stakeholders");
            break;
        default:
            record_postmortem(t, ctx, "postmortems/" + std::string(k_id) + ".md");
            break;
        }
    } catch (const Error&) {
        return false;
    }
    if (t.events.size() == before) {
        return false;
    }
    if (same_second) {
        const std::string last = ev_json(t.events.back()).dump();
        for (std::size_t k = 0; k + 1 < t.events.size(); ++k) {
            if (ev_json(t.events[k]).dump() == last) {
                s.t = saved;
                return false;
            }
        }
    }
    s.now = at;
    return true;
}

// Extends a side with up to `n` accepted random actions.
void random_actions(Side& s, int n, std::mt19937& rng, std::uniform_int_distribution<int>& step_dist)
{
    int done = 0;
    for (int tries = 0; done < n && tries < 20 * n + 20 && !is_terminal(s.t.status); ++tries) {
        done += random_action(s, rng, step_dist) ? 1 : 0;
    }
}

// A base ticket in a random state, built through the actions.
Ticket random_base(std::mt19937& rng, Time& now)
{
    Clock clock;
    const Status statuses[] = {Status::fresh, Status::in_progress, Status::in_progress, Status::on_hold,
                               Status::resolved};
    const Status st = statuses[std::uniform_int_distribution<int>(0, 4)(rng)];
    const Fixture fx = std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? Fixture::major : Fixture::plain;
    Ticket t = std::uniform_int_distribution<int>(0, 5)(rng) == 0 ? bare_ticket(clock) : ticket_in(st, clock, k_id, fx);
    Side s{t, clock.now(), {"pat"}};
    std::uniform_int_distribution<int> steps(1, 3);
    random_actions(s, std::uniform_int_distribution<int>(0, 3)(rng), rng, steps);
    now = s.now;
    return s.t;
}

// Positions in `merged` of each event of `side`, or an empty vector when one is missing.
std::vector<std::size_t> positions(const std::vector<std::string>& merged, const std::vector<std::string>& side)
{
    std::vector<std::size_t> out;
    for (const std::string& id : side) {
        const auto it = std::find(merged.begin(), merged.end(), id);
        if (it == merged.end()) {
            return {};
        }
        out.push_back(static_cast<std::size_t>(it - merged.begin()));
    }
    return out;
}

// Replays the merged events with refusal() independently of replay_with_rules: "" when
// every mark is exactly the refusal at that place, else a description of the first wrong one.
std::string check_marks(const std::vector<Event>& events)
{
    Ticket state;
    for (std::size_t i = 0; i < events.size(); ++i) {
        Event ev = events[i];
        const OptString mark = ev.rejected;
        ev.rejected.reset();
        const auto why = itk::refusal(state, ev);
        if (why != mark) {
            return "event " + std::to_string(i + 1) + " (" + ev_json(ev).dump() + ") is " +
                   (why ? "refused (" + *why + ")" : std::string("allowed")) + " but marked " + mark.value_or("nothing");
        }
        ev.rejected = why;
        apply(state, ev);
        state.events.push_back(ev);
    }
    return "";
}

// Every property of the header for one merge; "" when all hold, else the first broken one.
// `deep`: also the costlier round trips (parse, replay_with_rules, merging again).
std::string merge_problem(const Ticket& base, const Ticket& a, const Ticket& b, Ticket& m, bool deep)
{
    m = merge_tickets(a, b);
    const Ticket m2 = merge_tickets(b, a);
    const std::string bytes = serialize(m);
    if (bytes != serialize(m2)) {
        return "merge(a,b) and merge(b,a) differ:\n" + bytes + "\n---\n" + serialize(m2);
    }
    const std::vector<std::string> ids = identities(m.events);
    const std::vector<std::string> ida = identities(a.events);
    const std::vector<std::string> idb = identities(b.events);
    // Every event of both sides once: the base's events plus each side's new ones.
    std::multiset<std::string> want(ida.begin(), ida.end());
    for (std::size_t k = base.events.size(); k < idb.size(); ++k) {
        want.insert(idb[k]);
    }
    const std::multiset<std::string> got(ids.begin(), ids.end());
    if (want != got) {
        return "merged events are not the union of both sides (" + std::to_string(got.size()) + " events, expected " +
               std::to_string(want.size()) + ")";
    }
    for (std::size_t k = 1; k < m.events.size(); ++k) {
        if (m.events[k].at < m.events[k - 1].at) {
            return "event " + std::to_string(k + 1) + " is earlier than the one before it";
        }
    }
    for (const auto* side : {&ida, &idb}) {
        const std::vector<std::size_t> pos = positions(ids, *side);
        if (pos.size() != side->size() || !std::is_sorted(pos.begin(), pos.end())) {
            return "a side's own order of events is not kept";
        }
    }
    if (to_json(m).dump() != to_json(replay(m.events)).dump()) {
        return "projection differs from replay(events)";
    }
    if (const std::string wrong = check_marks(m.events); !wrong.empty()) {
        return wrong;
    }
    if (!deep) {
        return "";
    }
    if (serialize(replay_with_rules(m.events)) != bytes) {
        return "replay_with_rules(merged events) gives other bytes";
    }
    try {
        if (serialize(parse_ticket(bytes, "tickets/" + std::string(k_id) + ".json")) != bytes) {
            return "parse_ticket(serialize(merge)) does not round-trip";
        }
    } catch (const Error& e) {
        return std::string("the merged file does not parse: ") + e.what();
    }
    if (serialize(merge_tickets(m, a)) != bytes || serialize(merge_tickets(b, m)) != bytes) {
        return "merging the result again with one side changes it";
    }
    return "";
}

std::string history(const Ticket& t)
{
    std::ostringstream out;
    for (const Event& ev : t.events) {
        out << "  " << ev_json(ev).dump() << "\n";
    }
    return out.str();
}

std::vector<std::string> actions_of(const Ticket& t)
{
    std::vector<std::string> out;
    for (const Event& ev : t.events) {
        out.push_back(std::string(action_name(ev.action)) + (ev.rejected ? "!" : ""));
    }
    return out;
}

// Three-way merges (SPEC §11), as git's driver sees them: a base version, and two sides that
// each kept the base or lost some of its events, then went on. Every generated history starts
// with its `open` event (ticket_in, bare_ticket), and no side ever loses it: a file without its
// registration is no ticket, whatever git did to it.
enum class Drop {
    none, ///< the side holds the whole base
    one,  ///< `git revert` of one commit (one event)
    run,  ///< a commit of several events reverted, or dropped in `rebase -i`
    tail, ///< the base's last events, that a branch which forked earlier never had (HEAD in a cherry-pick)
};

// Which of the base's `n` events a side keeps; the first one always.
std::vector<bool> kept_events(std::size_t n, Drop how, std::mt19937& rng)
{
    std::vector<bool> kept(n, true);
    if (n < 2 || how == Drop::none) {
        return kept;
    }
    const auto between = [&](std::size_t lo, std::size_t hi) { // in [lo, hi]
        return std::uniform_int_distribution<std::size_t>(lo, hi)(rng);
    };
    const std::size_t first = between(1, n - 1);
    const std::size_t last =
        how == Drop::one ? first : how == Drop::tail ? n - 1 : between(first, std::min(n - 1, first + 2));
    for (std::size_t k = first; k <= last; ++k) {
        kept[k] = false;
    }
    return kept;
}

Drop random_drop(std::mt19937& rng)
{
    switch (std::uniform_int_distribution<int>(0, 5)(rng)) {
    case 0:
        return Drop::one;
    case 1:
        return Drop::run;
    case 2:
        return Drop::tail;
    default:
        return Drop::none;
    }
}

// The side as git leaves it: the base's kept events replayed with the rules (an event that
// lost what allowed it is marked), the base's unknown keys.
Side side_of(const Ticket& base, const std::vector<bool>& kept, Time now, std::vector<std::string> actors)
{
    std::vector<Event> events;
    for (std::size_t k = 0; k < base.events.size(); ++k) {
        if (kept[k]) {
            events.push_back(base.events[k]);
        }
    }
    Ticket t = replay_with_rules(std::move(events));
    t.extra = base.extra;
    return Side{std::move(t), now, std::move(actors)};
}

// An object's keys in key order, as parse_ticket and the merge keep unknown keys.
Json sorted_json(const Json& object)
{
    std::map<std::string, Json> by_key;
    for (const auto& item : object.items()) {
        by_key[item.key()] = item.value();
    }
    Json out = Json::object();
    for (const auto& [key, value] : by_key) {
        out[key] = value;
    }
    return out;
}

// Unknown top-level keys (SPEC §5: kept as they are), a few keys with a few values so that
// both sides often change one key.
const std::vector<std::string> k_extra_keys = {"x_cmdb", "x_origin", "x_sla"};

void random_extra(Json& extra, std::mt19937& rng, int change_one_in)
{
    for (const std::string& key : k_extra_keys) {
        if (std::uniform_int_distribution<int>(1, change_one_in)(rng) != 1) {
            continue;
        }
        switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
        case 0:
            extra.erase(key);
            break;
        case 1:
            extra[key] = 1;
            break;
        case 2:
            extra[key] = 2;
            break;
        default:
            extra[key] = "manual";
            break;
        }
    }
    extra = sorted_json(extra);
}

// SPEC §11 for unknown keys, key by key: both sides agree, or one side left the base as it
// was: the other side's value (or removal). Both changed it differently: a value beats a
// removal, two values the smaller JSON.
Json expected_extra(const Json& base, const Json& a, const Json& b)
{
    const auto get = [](const Json& side, const std::string& key) -> std::optional<std::string> {
        return side.contains(key) ? std::optional<std::string>(side.at(key).dump()) : std::nullopt;
    };
    Json out = Json::object();
    for (const Json* side : {&base, &a, &b}) {
        for (const auto& item : side->items()) {
            const std::string& key = item.key();
            const auto o = get(base, key), va = get(a, key), vb = get(b, key);
            std::optional<std::string> pick;
            if (va == vb || vb == o) {
                pick = va;
            } else if (va == o) {
                pick = vb;
            } else if (!va || !vb) {
                pick = va ? va : vb;
            } else {
                pick = std::min(*va, *vb);
            }
            if (pick) {
                out[key] = Json::parse(*pick);
            }
        }
    }
    return sorted_json(out);
}

// Every property of a three-way merge; "" when all hold, else the first broken one. The
// generators never put two identical events in one version, so an event's identity is its
// content. `deep`: also the costlier round trips.
std::string three_way_problem(const Ticket& base, const Ticket& a, const Ticket& b, Ticket& m, bool deep)
{
    m = merge_tickets(base, a, b);
    const std::string bytes = serialize(m);
    const std::string reverse = serialize(merge_tickets(base, b, a));
    if (bytes != reverse) {
        return "merge(base,a,b) and merge(base,b,a) differ:\n" + bytes + "\n---\n" + reverse;
    }
    const std::vector<std::string> ido = identities(base.events);
    const std::vector<std::string> ida = identities(a.events);
    const std::vector<std::string> idb = identities(b.events);
    const std::vector<std::string> ids = identities(m.events);
    const std::set<std::string> in_o(ido.begin(), ido.end()), in_a(ida.begin(), ida.end()), in_b(idb.begin(), idb.end());
    if (in_o.size() != ido.size() || in_a.size() != ida.size() || in_b.size() != idb.size()) {
        return "the generator made a version with two identical events";
    }
    const std::multiset<std::string> got(ids.begin(), ids.end());
    std::set<std::string> want;
    for (const std::string& id : ido) {
        const bool kept = in_a.count(id) != 0 && in_b.count(id) != 0;
        if (kept && got.count(id) != 1) {
            return "a base event that both sides kept is not in the merge once: " + id;
        }
        if (!kept && got.count(id) != 0) {
            return "a base event that a side removed is still in the merge: " + id;
        }
        if (kept) {
            want.insert(id);
        }
    }
    for (const auto* side : {&ida, &idb}) {
        for (const std::string& id : *side) {
            if (in_o.count(id) == 0) {
                if (got.count(id) != 1) {
                    return "an event new on a side is not in the merge exactly once: " + id;
                }
                want.insert(id);
            }
        }
    }
    if (got.size() != want.size()) {
        return "the merge holds events that neither side added nor both kept";
    }
    for (std::size_t k = 1; k < m.events.size(); ++k) {
        if (m.events[k].at < m.events[k - 1].at) {
            return "event " + std::to_string(k + 1) + " is earlier than the one before it";
        }
    }
    for (const auto* side : {&ida, &idb}) {
        std::vector<std::string> surviving;
        std::copy_if(side->begin(), side->end(), std::back_inserter(surviving),
                     [&](const std::string& id) { return want.count(id) != 0; });
        const std::vector<std::size_t> pos = positions(ids, surviving);
        if (pos.size() != surviving.size() || !std::is_sorted(pos.begin(), pos.end())) {
            return "a side's own order of events is not kept";
        }
    }
    Ticket replayed = replay(m.events);
    replayed.extra = m.extra;
    if (to_json(m).dump() != to_json(replayed).dump()) {
        return "projection differs from replay(events)";
    }
    if (const std::string wrong = check_marks(m.events); !wrong.empty()) {
        return wrong;
    }
    const FileCheck fsck = check_ticket_text(bytes, "tickets/" + std::string(k_id) + ".json", k_id);
    if (!fsck.problems.empty()) {
        return "the merge does not pass fsck: " + fsck.problems.front().text();
    }
    Ticket again = replay_with_rules(m.events);
    again.extra = m.extra;
    if (serialize(again) != bytes) {
        return "replay_with_rules(merged events) gives other bytes";
    }
    if (m.extra != expected_extra(base.extra, a.extra, b.extra)) {
        return "unknown keys: " + m.extra.dump() + ", expected " + expected_extra(base.extra, a.extra, b.extra).dump();
    }
    if (!deep) {
        return "";
    }
    try {
        if (merge_texts(serialize(base), serialize(a), serialize(b), MergeNames{}) != bytes) {
            return "merge_texts of the three files differs from merge_tickets";
        }
    } catch (const Error& e) {
        return std::string("merge_texts of the three files throws: ") + e.what();
    }
    if (serialize(merge_tickets(base, m, a)) != bytes || serialize(merge_tickets(base, b, m)) != bytes) {
        return "merging the result again with one side changes it";
    }
    return "";
}

// What a run of generated three-way merges went through, so that a test can check that the
// generator exercises what it claims to.
struct ThreeWayRun {
    int failures = 0;
    int cases = 0;
    int one_side_dropped = 0;  // exactly one side lost base events
    int both_dropped = 0;      // both sides lost base events
    int same_dropped = 0;      // one base event lost by both sides
    int both_added_same = 0;   // the same new event on both sides
    int rejected = 0;          // events marked in the merges
    int ties = 0;              // a new event of b at the time of a new event of a
    int extra_clash = 0;       // an unknown key changed differently by both sides
};

ThreeWayRun run_three_way(unsigned seed, int iterations, std::uniform_int_distribution<int> step_dist)
{
    std::mt19937 rng(seed);
    ThreeWayRun run;
    for (int iter = 0; iter < iterations && run.failures < 3; ++iter) {
        Time now = 0;
        Ticket base = random_base(rng, now);
        {
            Side longer{base, now, {"pat", "quinn"}};
            random_actions(longer, std::uniform_int_distribution<int>(0, 5)(rng), rng, step_dist);
            base = longer.t;
            now = longer.now;
        }
        random_extra(base.extra, rng, 2);
        const std::vector<bool> kept_a = kept_events(base.events.size(), random_drop(rng), rng);
        const std::vector<bool> kept_b = kept_events(base.events.size(), random_drop(rng), rng);
        Side a = side_of(base, kept_a, now, {"ann", "abe"});
        Side b = side_of(base, kept_b, now, {"ben", "bea"});
        // Sometimes both sides hold one same new event (both cherry-picked one commit).
        if (std::uniform_int_distribution<int>(0, 5)(rng) == 0) {
            const Context ctx{default_cfg(), "sam", now + 60};
            const Ticket a_before = a.t, b_before = b.t;
            try {
                note(a.t, ctx, "picked on both", false);
                note(b.t, ctx, "picked on both", false);
                a.now = b.now = now + 60;
                ++run.both_added_same;
            } catch (const Error&) {
                a.t = a_before;
                b.t = b_before;
            }
        }
        random_actions(a, std::uniform_int_distribution<int>(0, 6)(rng), rng, step_dist);
        random_actions(b, std::uniform_int_distribution<int>(0, 6)(rng), rng, step_dist);
        random_extra(a.t.extra, rng, 4);
        random_extra(b.t.extra, rng, 4);

        Ticket m;
        const std::string problem = three_way_problem(base, a.t, b.t, m, iter % 4 == 0);
        ++run.cases;
        if (!problem.empty()) {
            ++run.failures;
            FAIL_CHECK("iteration " << iter << ": " << problem << "\nBASE:\n"
                                    << history(base) << "A:\n"
                                    << history(a.t) << "B:\n"
                                    << history(b.t));
            continue;
        }
        const auto lost = [&](const std::vector<bool>& kept) { return std::count(kept.begin(), kept.end(), false) > 0; };
        run.one_side_dropped += lost(kept_a) != lost(kept_b) ? 1 : 0;
        run.both_dropped += lost(kept_a) && lost(kept_b) ? 1 : 0;
        for (std::size_t k = 0; k < base.events.size(); ++k) {
            if (!kept_a[k] && !kept_b[k]) {
                ++run.same_dropped;
                break;
            }
        }
        for (const Event& ev : m.events) {
            run.rejected += ev.rejected ? 1 : 0;
        }
        std::set<Time> times_a; // of a's new events
        for (const Event& ev : a.t.events) {
            if (ev.at > now) {
                times_a.insert(ev.at);
            }
        }
        for (const Event& ev : b.t.events) {
            run.ties += ev.at > now && times_a.count(ev.at) != 0 ? 1 : 0;
        }
        for (const std::string& key : k_extra_keys) {
            const auto value = [&](const Json& extra) { return extra.contains(key) ? extra.at(key).dump() : "-"; };
            const std::string o = value(base.extra), va = value(a.t.extra), vb = value(b.t.extra);
            run.extra_clash += va != o && vb != o && va != vb ? 1 : 0;
        }
    }
    return run;
}

} // namespace

TEST_CASE("git: merge_tickets over thousands of generated concurrent histories")
{
    std::mt19937 rng(20261121);
    std::uniform_int_distribution<int> step_dist(1, 3); // 1-3 minutes: equal times across sides are common
    int failures = 0;
    int rejected = 0;
    int ties = 0;
    for (int iter = 0; iter < 2000 && failures < 3; ++iter) {
        Time now = 0;
        const Ticket base = random_base(rng, now);
        Side a{base, now, {"ann", "abe"}};
        Side b{base, now, {"ben", "bea"}};
        random_actions(a, std::uniform_int_distribution<int>(0, 8)(rng), rng, step_dist);
        random_actions(b, std::uniform_int_distribution<int>(0, 8)(rng), rng, step_dist);
        Ticket m;
        const std::string problem = merge_problem(base, a.t, b.t, m, iter % 4 == 0);
        if (!problem.empty()) {
            ++failures;
            FAIL_CHECK("iteration " << iter << ": " << problem << "\nA:\n" << history(a.t) << "B:\n" << history(b.t));
            continue;
        }
        for (const Event& ev : m.events) {
            rejected += ev.rejected ? 1 : 0;
        }
        std::set<std::string> times_a, times_b;
        for (std::size_t k = base.events.size(); k < a.t.events.size(); ++k) {
            times_a.insert(ev_json(a.t.events[k])["at"].get<std::string>());
        }
        for (std::size_t k = base.events.size(); k < b.t.events.size(); ++k) {
            ties += times_a.count(ev_json(b.t.events[k])["at"].get<std::string>()) != 0 ? 1 : 0;
        }
    }
    CHECK(failures == 0);
    // The generator does exercise what it claims to: conflicting outcomes and equal times.
    CHECK(rejected > 100);
    CHECK(ties > 100);
}

TEST_CASE("git: generated histories where one side acts several times in one second")
{
    // As `itk open --impact --urgency --to` does, or a script: equal times inside one side too.
    std::mt19937 rng(777);
    std::uniform_int_distribution<int> step_dist(0, 2);
    int failures = 0;
    for (int iter = 0; iter < 600 && failures < 3; ++iter) {
        Time now = 0;
        const Ticket base = random_base(rng, now);
        Side a{base, now, {"ann", "abe"}};
        Side b{base, now, {"ben", "bea"}};
        random_actions(a, std::uniform_int_distribution<int>(0, 8)(rng), rng, step_dist);
        random_actions(b, std::uniform_int_distribution<int>(0, 8)(rng), rng, step_dist);
        Ticket m;
        const std::string problem = merge_problem(base, a.t, b.t, m, iter % 4 == 0);
        if (!problem.empty()) {
            ++failures;
            FAIL_CHECK("iteration " << iter << ": " << problem << "\nA:\n" << history(a.t) << "B:\n" << history(b.t));
        }
    }
    CHECK(failures == 0);
}

TEST_CASE("git: repeated merges (criss-cross) keep every event once, in both directions")
{
    std::mt19937 rng(4242);
    std::uniform_int_distribution<int> step_dist(1, 3);
    int failures = 0;
    for (int iter = 0; iter < 300 && failures < 3; ++iter) {
        Time now = 0;
        const Ticket base = random_base(rng, now);
        Side a{base, now, {"ann", "abe"}};
        Side b{base, now, {"ben", "bea"}};
        random_actions(a, std::uniform_int_distribution<int>(0, 5)(rng), rng, step_dist);
        random_actions(b, std::uniform_int_distribution<int>(0, 5)(rng), rng, step_dist);
        // B pulls A once, then both go on.
        const Ticket a_then = a.t;
        b.t = merge_tickets(b.t, a_then);
        random_actions(a, std::uniform_int_distribution<int>(0, 5)(rng), rng, step_dist);
        random_actions(b, std::uniform_int_distribution<int>(0, 5)(rng), rng, step_dist);
        const Ticket m = merge_tickets(a.t, b.t);
        const std::string bytes = serialize(m);
        std::string problem;
        if (bytes != serialize(merge_tickets(b.t, a.t))) {
            problem = "merge(a,b) and merge(b,a) differ";
        }
        std::multiset<std::string> want;
        std::set<std::string> seen;
        for (const auto* side : {&a.t, &b.t}) {
            for (const std::string& id : identities(side->events)) {
                if (seen.insert(id).second) {
                    want.insert(id);
                }
            }
        }
        const std::vector<std::string> ids = identities(m.events);
        if (problem.empty() && want != std::multiset<std::string>(ids.begin(), ids.end())) {
            problem = "merged events are not the union of both sides";
        }
        for (const auto* side : {&a.t, &b.t}) {
            const std::vector<std::size_t> pos = positions(ids, identities(side->events));
            if (problem.empty() && (pos.size() != side->events.size() || !std::is_sorted(pos.begin(), pos.end()))) {
                problem = "a side's own order of events is not kept";
            }
        }
        if (problem.empty() && to_json(m).dump() != to_json(replay(m.events)).dump()) {
            problem = "projection differs from replay(events)";
        }
        if (problem.empty()) {
            problem = check_marks(m.events);
        }
        if (!problem.empty()) {
            ++failures;
            FAIL_CHECK("iteration " << iter << ": " << problem << "\nA:\n" << history(a.t) << "B:\n" << history(b.t));
        }
    }
    CHECK(failures == 0);
}

TEST_CASE("git: resolve on one side, cancel on the other: the later one is rejected with its reason")
{
    Clock clock;
    const Ticket base = ticket_in(Status::in_progress, clock); // owner bob, P5
    const Time t = clock.now();

    Ticket ours = base;
    resolve(ours, Context{default_cfg(), "bob", t + 600}, "replaced the fuser", "permanent", std::string("HW-12"));
    Ticket theirs = base;
    cancel(theirs, Context{default_cfg(), "carol", t + 1200}, "false alarm", {});

    const Ticket m = merge_tickets(ours, theirs);
    CHECK(serialize(m) == serialize(merge_tickets(theirs, ours)));
    REQUIRE(m.events.size() == base.events.size() + 2);
    const Json res = ev_json(m.events[m.events.size() - 2]);
    const Json can = ev_json(m.events.back());
    CHECK(res["action"] == "resolve");
    CHECK_FALSE(res.contains("rejected"));
    CHECK(can["action"] == "cancel");
    CHECK(can["by"] == "carol");
    CHECK(can["rejected"] == "ticket is 'resolved'; reopen it first ('itk reopen INC-7K3QX9MA2P --reason R')");
    CHECK(m.status == Status::resolved);
    CHECK(m.resolution.has_value());
    CHECK_FALSE(m.duplicate_of.has_value());
    CHECK(to_json(m)["updated_at"] == format_rfc3339(t + 600));

    // The other way round in time: the cancel comes first, the resolve is rejected.
    Ticket early_cancel = base;
    cancel(early_cancel, Context{default_cfg(), "carol", t + 300}, "false alarm", {});
    const Ticket m3 = merge_tickets(ours, early_cancel);
    CHECK(serialize(m3) == serialize(merge_tickets(early_cancel, ours)));
    CHECK(m3.status == Status::cancelled);
    CHECK_FALSE(m3.resolution.has_value());
    CHECK(ev_json(m3.events.back())["action"] == "resolve");
    CHECK(ev_json(m3.events.back())["rejected"] == "ticket is 'cancelled', which is final; open a new ticket if the problem is real");
}

TEST_CASE("git: both sides close the ticket: the second close is rejected, the first one stands")
{
    Clock clock;
    const Ticket base = ticket_in(Status::resolved, clock);
    const Time t = clock.now();
    Ticket ours = base;
    close_confirmed(ours, Context{default_cfg(), "bob", t + 600}, "julie", 5, std::string("great"));
    Ticket theirs = base;
    close_confirmed(theirs, Context{default_cfg(), "carol", t + 900}, "marc", 2, std::string("slow"));

    for (const Ticket& m : {merge_tickets(ours, theirs), merge_tickets(theirs, ours)}) {
        CHECK(actions_of(m).back() == "close!");
        CHECK(ev_json(m.events.back())["by"] == "carol");
        CHECK(ev_json(m.events.back())["rejected"] ==
              "ticket is 'closed', which is final; open a new ticket with 'itk open --follows INC-7K3QX9MA2P'");
        CHECK(ev_json(m.events[m.events.size() - 2])["by"] == "bob");
        CHECK_FALSE(m.events[m.events.size() - 2].rejected);
        CHECK(m.status == Status::closed);
        REQUIRE(m.closure.has_value());
        CHECK(m.closure->confirmed_by == OptString("julie"));
        CHECK(m.closure->satisfaction == std::optional<int>(5));
        CHECK(m.closure->at == t + 600);
    }
    CHECK(serialize(merge_tickets(ours, theirs)) == serialize(merge_tickets(theirs, ours)));
}

TEST_CASE("git: both sides escalate from N1: the second escalation is rejected")
{
    Clock clock;
    const Ticket base = ticket_in(Status::in_progress, clock);
    const Time t = clock.now();
    Ticket ours = base;
    escalate(ours, Context{default_cfg(), "bob", t + 60}, {}, "needs a technician");
    Ticket theirs = base;
    escalate(theirs, Context{default_cfg(), "carol", t + 120}, {}, "printer board");
    const Ticket m = merge_tickets(ours, theirs);
    CHECK(serialize(m) == serialize(merge_tickets(theirs, ours)));
    CHECK(m.level == "N2");
    CHECK(m.group == OptString("support"));
    CHECK(ev_json(m.events.back())["by"] == "carol");
    CHECK(ev_json(m.events.back())["rejected"] == "ticket is at level 'N2', not 'N1'");
}

TEST_CASE("git: notes, assignment and escalation of both sides interleave by time")
{
    Clock clock;
    const Ticket base = ticket_in(Status::in_progress, clock);
    const Time t = clock.now();
    Ticket ours = base;
    note(ours, Context{default_cfg(), "bob", t + 60}, "ours at +1m", false);
    assign(ours, Context{default_cfg(), "bob", t + 180}, "erin", {});
    note(ours, Context{default_cfg(), "bob", t + 300}, "ours at +5m", true);
    Ticket theirs = base;
    note(theirs, Context{default_cfg(), "carol", t + 120}, "theirs at +2m", false);
    escalate(theirs, Context{default_cfg(), "carol", t + 240}, {}, "needs N2");

    const Ticket m = merge_tickets(ours, theirs);
    CHECK(serialize(m) == serialize(merge_tickets(theirs, ours)));
    const std::vector<std::string> got = actions_of(m);
    std::vector<std::string> want = actions_of(base);
    for (const char* a : {"note", "note", "assign", "escalate", "note"}) {
        want.push_back(a);
    }
    CHECK(got == want);
    const std::size_t n = base.events.size();
    CHECK(ev_json(m.events[n])["text"] == "ours at +1m");
    CHECK(ev_json(m.events[n + 1])["text"] == "theirs at +2m");
    CHECK(ev_json(m.events[n + 4])["text"] == "ours at +5m");
    // The escalation after the assignment clears the owner: level N2, no owner.
    CHECK(m.level == "N2");
    CHECK_FALSE(m.owner.has_value());
    CHECK(m.status == Status::in_progress);
    CHECK(to_json(m).dump() == to_json(replay(m.events)).dump());
}

TEST_CASE("git: events at the same second: smaller canonical JSON first, whatever the direction")
{
    Clock clock;
    const Ticket base = ticket_in(Status::in_progress, clock);
    const Time t = clock.now() + 60;
    Ticket ours = base;
    note(ours, Context{default_cfg(), "zed", t}, "from zed", false);
    Ticket theirs = base;
    note(theirs, Context{default_cfg(), "amy", t}, "from amy", false);
    const Ticket m = merge_tickets(ours, theirs);
    CHECK(serialize(m) == serialize(merge_tickets(theirs, ours)));
    const std::size_t n = base.events.size();
    REQUIRE(m.events.size() == n + 2);
    const std::string small = std::min(ev_json(ours.events.back()).dump(), ev_json(theirs.events.back()).dump());
    CHECK(ev_json(m.events[n]).dump() == small);
    CHECK(ev_json(m.events[n])["by"] == "amy"); // {"at":…,"by":"amy"… sorts before "by":"zed"
    CHECK(ev_json(m.events[n + 1])["by"] == "zed");
}

TEST_CASE("git: identical inputs give identical output")
{
    Clock clock;
    Ticket t = ticket_in(Status::resolved, clock);
    note(t, clock.next("bob"), "checked with julie", true);
    const std::string bytes = serialize(t);
    CHECK(serialize(merge_tickets(t, t)) == bytes);
    const Ticket copy = parse_ticket(bytes, "tickets/INC-7K3QX9MA2P.json");
    CHECK(serialize(merge_tickets(t, copy)) == bytes);
    CHECK(serialize(merge_tickets(copy, t)) == bytes);
    CHECK(serialize(replay_with_rules(t.events)) == bytes);
}

TEST_CASE("git: add/add of the same ticket (no base) keeps both sides' events")
{
    Clock clock;
    const Ticket opened = bare_ticket(clock);
    const Time t = clock.now();
    Ticket ours = opened;
    categorize(ours, Context{default_cfg(), "bob", t + 60}, CategorizeArgs{"incident", std::string("hardware"), {}, {}, {}});
    Ticket theirs = opened;
    note(theirs, Context{default_cfg(), "carol", t + 30}, "called back", false);
    const Ticket m = merge_tickets(ours, theirs);
    CHECK(serialize(m) == serialize(merge_tickets(theirs, ours)));
    CHECK(actions_of(m) == std::vector<std::string>{"open", "note", "categorize"});
    CHECK(m.type == OptString("incident"));
    CHECK(m.category == OptString("hardware"));

    // Two independent registrations under one ID (cannot happen with random IDs, but a
    // merge must still give a valid ticket): the later open is kept, rejected.
    Clock other(default_cfg(), k_t0 + 3600);
    Ticket second = open_ticket(other.next("dave"), k_id, open_args());
    const Ticket m2 = merge_tickets(ours, second);
    CHECK(serialize(m2) == serialize(merge_tickets(second, ours)));
    CHECK(actions_of(m2) == std::vector<std::string>{"open", "categorize", "open!"});
    CHECK(ev_json(m2.events.back())["rejected"] == "ticket is already open");
    CHECK(m2.opened_at == opened.opened_at);
}

TEST_CASE("git: a side's two identical events (same second, actor and text) are both kept")
{
    // `itk note X ping` run twice in one second by one person is two events: nothing lost.
    Clock clock;
    const Ticket base = ticket_in(Status::in_progress, clock);
    const Time t = clock.now() + 60;
    Ticket ours = base;
    note(ours, Context{default_cfg(), "bob", t}, "ping", false);
    note(ours, Context{default_cfg(), "bob", t}, "ping", false);
    REQUIRE(ours.events.size() == base.events.size() + 2);
    CHECK(serialize(merge_tickets(ours, base)) == serialize(ours));
    CHECK(serialize(merge_tickets(base, ours)) == serialize(ours));
    Ticket theirs = base;
    note(theirs, Context{default_cfg(), "carol", t + 60}, "pong", false);
    const Ticket m = merge_tickets(ours, theirs);
    CHECK(m.events.size() == base.events.size() + 3);
    CHECK(serialize(m) == serialize(merge_tickets(theirs, ours)));
}

TEST_CASE("git: replay_with_rules drops a stale mark and marks what the rules refuse")
{
    Clock clock;
    Ticket t = ticket_in(Status::in_progress, clock);
    std::vector<Event> events = t.events;
    Json n = Json{{"at", format_rfc3339(clock.now() + 60)}, {"by", "bob"}, {"action", "note"}, {"text", "x"},
                  {"public", false}, {"rejected", "stale reason"}};
    events.push_back(decode_event(n));
    Json r = Json{{"at", format_rfc3339(clock.now() + 120)}, {"by", "bob"}, {"action", "reopen"}, {"reason", "again"}};
    events.push_back(decode_event(r));
    const Ticket m = replay_with_rules(events);
    CHECK_FALSE(m.events[m.events.size() - 2].rejected);
    CHECK(ev_json(m.events.back())["rejected"] == "ticket is 'in_progress', not resolved");
    CHECK(m.status == Status::in_progress);
    CHECK(to_json(m).dump() == to_json(replay(m.events)).dump());
}

TEST_CASE("git: unknown top-level keys of both sides are kept; on a clash the smaller JSON wins")
{
    Clock clock;
    const Ticket base = ticket_in(Status::in_progress, clock);
    Ticket ours = base;
    ours.extra["x_ours"] = "a";
    ours.extra["x_both"] = 2;
    Ticket theirs = base;
    theirs.extra["x_theirs"] = true;
    theirs.extra["x_both"] = 1;
    const Ticket m = merge_tickets(ours, theirs);
    CHECK(serialize(m) == serialize(merge_tickets(theirs, ours)));
    CHECK(m.extra["x_ours"] == "a");
    CHECK(m.extra["x_theirs"] == true);
    CHECK(m.extra["x_both"] == 1);
}

TEST_CASE("git: three-way merge_tickets over thousands of generated histories with reverts and dropped commits")
{
    const ThreeWayRun run = run_three_way(20261202, 3000, std::uniform_int_distribution<int>(1, 3));
    CHECK(run.failures == 0);
    MESSAGE("three-way cases: " << run.cases << ", one side dropped: " << run.one_side_dropped
                                << ", both dropped: " << run.both_dropped << ", same event dropped by both: "
                                << run.same_dropped << ", same new event on both: " << run.both_added_same
                                << ", rejected: " << run.rejected << ", ties: " << run.ties
                                << ", unknown-key clashes: " << run.extra_clash);
    // The generator does exercise what it claims to.
    CHECK(run.cases == 3000);
    CHECK(run.one_side_dropped > 500);
    CHECK(run.both_dropped > 200);
    CHECK(run.same_dropped > 50);
    CHECK(run.both_added_same > 200);
    CHECK(run.rejected > 100);
    CHECK(run.ties > 100);
    CHECK(run.extra_clash > 50);
}

TEST_CASE("git: three-way generated histories where one side acts several times in one second")
{
    const ThreeWayRun run = run_three_way(8128, 600, std::uniform_int_distribution<int>(0, 2));
    CHECK(run.failures == 0);
    CHECK(run.cases == 600);
}

TEST_CASE("git: three-way, cherry-pick: only the picked commit's event comes, not the earlier commits of its branch")
{
    // main and topic fork at `fork`; topic commits a note, an assignment, then the fix note C.
    // `git cherry-pick C` on main calls the driver with base = C's parent, ours = HEAD, theirs = C.
    Clock clock;
    const Ticket fork = ticket_in(Status::in_progress, clock); // owner bob
    const Time t = clock.now();
    Ticket topic = fork;
    note(topic, Context{default_cfg(), "carol", t + 60}, "topic: asked julie", false);
    assign(topic, Context{default_cfg(), "carol", t + 120}, "erin", {});
    const Ticket parent = topic;
    note(topic, Context{default_cfg(), "carol", t + 180}, "the fix: new fuser", true);
    const Ticket picked = topic;
    Ticket head = fork;
    note(head, Context{default_cfg(), "bob", t + 90}, "main: called back", false);

    const Ticket m = merge_tickets(parent, head, picked);
    CHECK(serialize(m) == serialize(merge_tickets(parent, picked, head)));
    std::vector<std::string> want = actions_of(fork);
    want.push_back("note");
    want.push_back("note");
    CHECK(actions_of(m) == want);
    const std::size_t n = fork.events.size();
    REQUIRE(m.events.size() == n + 2);
    CHECK(ev_json(m.events[n])["text"] == "main: called back");
    CHECK(ev_json(m.events[n + 1])["text"] == "the fix: new fuser");
    CHECK(m.owner == OptString("bob")); // topic's assignment stays on topic
    // The driver's own path, from the files' bytes, gives the same.
    CHECK(merge_texts(serialize(parent), serialize(head), serialize(picked), MergeNames{}) == serialize(m));
    // Without the base, the earlier commits of topic would come too.
    CHECK(merge_tickets(head, picked).events.size() == n + 4);
}

TEST_CASE("git: three-way, revert: the reverted commit's event goes, later ones stay")
{
    // `git revert X` calls the driver with base = X's version, ours = HEAD, theirs = X's parent.
    Clock clock;
    const Ticket before = ticket_in(Status::in_progress, clock);
    const Time t = clock.now();
    Ticket reverted = before;
    note(reverted, Context{default_cfg(), "bob", t + 60}, "wrong ticket, sorry", false);
    Ticket head = reverted;
    assign(head, Context{default_cfg(), "bob", t + 120}, "erin", {});

    const Ticket m = merge_tickets(reverted, head, before);
    CHECK(serialize(m) == serialize(merge_tickets(reverted, before, head)));
    std::vector<std::string> want = actions_of(before);
    want.push_back("assign");
    CHECK(actions_of(m) == want);
    CHECK(m.owner == OptString("erin"));
    CHECK(check_ticket_text(serialize(m), "tickets/INC-7K3QX9MA2P.json", k_id).problems.empty());
}

TEST_CASE("git: three-way, revert of a resolve: the later close loses its reason and is marked rejected")
{
    Clock clock;
    const Ticket before = ticket_in(Status::in_progress, clock);
    const Time t = clock.now();
    Ticket resolved = before;
    resolve(resolved, Context{default_cfg(), "bob", t + 60}, "replaced the fuser", "permanent", {});
    Ticket head = resolved;
    close_confirmed(head, Context{default_cfg(), "bob", t + 120}, "julie", 4, {});

    const Ticket m = merge_tickets(resolved, head, before);
    const std::string bytes = serialize(m);
    CHECK(bytes == serialize(merge_tickets(resolved, before, head)));
    std::vector<std::string> want = actions_of(before);
    want.push_back("close!");
    CHECK(actions_of(m) == want);
    CHECK(ev_json(m.events.back())["rejected"] == "ticket is 'in_progress', resolve it first");
    CHECK(m.status == Status::in_progress);
    CHECK_FALSE(m.closure.has_value());
    CHECK(check_ticket_text(bytes, "tickets/INC-7K3QX9MA2P.json", k_id).problems.empty());
    CHECK(serialize(replay_with_rules(m.events)) == bytes);
}

TEST_CASE("git: three-way, rebase -i dropping a commit: its event is not replayed onto the new base")
{
    // topic = fork + c1 (note a) + c2 (note b) + c3 (note c); main moved on (note m).
    // `git rebase -i main` with c2 dropped picks c1 then c3, each a three-way merge against
    // the picked commit's parent.
    Clock clock;
    const Ticket fork = ticket_in(Status::in_progress, clock);
    const Time t = clock.now();
    Ticket main_head = fork;
    note(main_head, Context{default_cfg(), "bob", t + 30}, "m", false);
    Ticket c1 = fork;
    note(c1, Context{default_cfg(), "carol", t + 60}, "a", false);
    Ticket c2 = c1;
    note(c2, Context{default_cfg(), "carol", t + 120}, "b", false);
    Ticket c3 = c2;
    note(c3, Context{default_cfg(), "carol", t + 180}, "c", false);

    const Ticket onto_c1 = merge_tickets(fork, main_head, c1);
    const Ticket onto_c3 = merge_tickets(c2, onto_c1, c3);
    CHECK(serialize(onto_c3) == serialize(merge_tickets(c2, c3, onto_c1)));
    std::vector<std::string> texts;
    for (std::size_t k = fork.events.size(); k < onto_c3.events.size(); ++k) {
        texts.push_back(ev_json(onto_c3.events[k])["text"].get<std::string>());
    }
    CHECK(texts == std::vector<std::string>{"m", "a", "c"});
}

TEST_CASE("git: three-way, both sides removed the same event: it is gone, once, and both sides' new events stay")
{
    Clock clock;
    const Ticket before = ticket_in(Status::in_progress, clock);
    const Time t = clock.now();
    Ticket base = before;
    note(base, Context{default_cfg(), "bob", t + 60}, "X: reverted on both branches", false);
    note(base, Context{default_cfg(), "bob", t + 120}, "Y", false);
    std::vector<Event> without_x = base.events; // `git revert` of X on each branch
    without_x.erase(without_x.end() - 2);
    Ticket ours = replay_with_rules(without_x);
    Ticket theirs = ours;
    note(ours, Context{default_cfg(), "bob", t + 180}, "ours", false);
    note(theirs, Context{default_cfg(), "carol", t + 180}, "theirs", false);

    const Ticket m = merge_tickets(base, ours, theirs);
    CHECK(serialize(m) == serialize(merge_tickets(base, theirs, ours)));
    std::vector<std::string> texts;
    for (std::size_t k = before.events.size(); k < m.events.size(); ++k) {
        texts.push_back(ev_json(m.events[k])["text"].get<std::string>());
    }
    CHECK(texts == std::vector<std::string>{"Y", "ours", "theirs"});
}

TEST_CASE("git: three-way, one side removed an event, the other added one after it: removal and addition both hold")
{
    Clock clock;
    const Ticket before = ticket_in(Status::in_progress, clock);
    const Time t = clock.now();
    Ticket base = before;
    hold(base, Context{default_cfg(), "bob", t + 60}, "waiting for the user");
    const Ticket ours = before; // the hold reverted
    Ticket theirs = base;
    note(theirs, Context{default_cfg(), "carol", t + 120}, "user called", false);

    const Ticket m = merge_tickets(base, ours, theirs);
    CHECK(serialize(m) == serialize(merge_tickets(base, theirs, ours)));
    std::vector<std::string> want = actions_of(before);
    want.push_back("note");
    CHECK(actions_of(m) == want);
    CHECK(m.status == Status::in_progress);

    // The other side's new event needed the removed one: it is kept, marked.
    Ticket resumed = base;
    resume(resumed, Context{default_cfg(), "carol", t + 120});
    const Ticket m2 = merge_tickets(base, ours, resumed);
    CHECK(serialize(m2) == serialize(merge_tickets(base, resumed, ours)));
    CHECK(actions_of(m2).back() == "resume!");
    CHECK(check_ticket_text(serialize(m2), "tickets/INC-7K3QX9MA2P.json", k_id).problems.empty());
}

TEST_CASE("git: three-way, the n-th identical copy of an event matches the n-th on the other versions")
{
    Clock clock;
    const Ticket before = ticket_in(Status::in_progress, clock);
    const Context ping{default_cfg(), "bob", clock.now() + 60};
    Ticket base = before;
    note(base, ping, "ping", false);
    Ticket twice = base;
    note(twice, ping, "ping", false);
    Ticket theirs = base;
    note(theirs, Context{default_cfg(), "carol", clock.now() + 120}, "pong", false);
    // A second copy added on one side: two copies.
    const Ticket added = merge_tickets(base, twice, theirs);
    CHECK(serialize(added) == serialize(merge_tickets(base, theirs, twice)));
    CHECK(added.events.size() == before.events.size() + 3);
    // Against a base with two copies, a side that removed one: one copy.
    Ticket theirs2 = twice;
    note(theirs2, Context{default_cfg(), "carol", clock.now() + 120}, "pong", false);
    const Ticket removed = merge_tickets(twice, base, theirs2);
    CHECK(serialize(removed) == serialize(merge_tickets(twice, theirs2, base)));
    CHECK(removed.events.size() == before.events.size() + 2);
    CHECK(serialize(removed) == serialize(theirs));
}

TEST_CASE("git: three-way unknown top-level keys: a side's change beats the base, a removal holds, two changes give the smaller JSON")
{
    Clock clock;
    Ticket base = ticket_in(Status::in_progress, clock);
    base.extra = sorted_json(Json{{"x_same", 1}, {"x_ours_changes", "old"}, {"x_theirs_removes", true},
                                  {"x_both_change", 5}, {"x_both_remove", "gone"}, {"x_change_or_remove", 1}});
    Ticket ours = base;
    ours.extra["x_ours_changes"] = "new";
    ours.extra["x_both_change"] = 7;
    ours.extra.erase("x_both_remove");
    ours.extra["x_change_or_remove"] = 2;
    ours.extra["x_ours_adds"] = Json::array({1});
    ours.extra = sorted_json(ours.extra);
    Ticket theirs = base;
    theirs.extra.erase("x_theirs_removes");
    theirs.extra["x_both_change"] = 6;
    theirs.extra.erase("x_both_remove");
    theirs.extra.erase("x_change_or_remove");

    const Ticket m = merge_tickets(base, ours, theirs);
    CHECK(serialize(m) == serialize(merge_tickets(base, theirs, ours)));
    CHECK(m.extra == sorted_json(Json{{"x_same", 1},
                                      {"x_ours_changes", "new"},
                                      {"x_both_change", 6},
                                      {"x_change_or_remove", 2},
                                      {"x_ours_adds", Json::array({1})}}));
    // The same through the files' bytes (parse_ticket reads unknown keys back in key order).
    const std::optional<std::string> bytes = merge_texts(serialize(base), serialize(ours), serialize(theirs), MergeNames{});
    REQUIRE(bytes.has_value());
    CHECK(*bytes == serialize(m));
    CHECK(check_ticket_text(*bytes, "tickets/INC-7K3QX9MA2P.json", k_id).problems.empty());
}
