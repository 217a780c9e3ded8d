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

#include "support.hpp"

#include "itk/git.hpp"
#include "itk/merge.hpp"
#include "itk/lifecycle.hpp"
#include "itk/ticket.hpp"

#include <doctest/doctest.h>

#include <algorithm>
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
