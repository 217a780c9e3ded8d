// Tests of itk/query: SLA clocks with time on hold, staleness, breaches, and the filters and
// order of `itk list`.

#include "support.hpp"

#include "itk/query.hpp"

#include <doctest/doctest.h>

using namespace itk;
using namespace itk::test;

namespace {

Time at(const char* text) { return *parse_rfc3339(text); }
Context ctx_at(const char* text) { return Context{default_cfg(), "alice", at(text)}; }

// A P3 incident (response 4h, resolution 3d) opened at 09:00.
Ticket p3(const std::string& id = k_id)
{
    Ticket t = open_ticket(ctx_at("2026-11-16T09:00:00Z"), id, open_args());
    categorize(t, ctx_at("2026-11-16T09:00:00Z"), CategorizeArgs{"incident", {}, {}, {}, {}});
    prioritize(t, ctx_at("2026-11-16T09:00:00Z"), "low", "high");
    return t;
}

} // namespace

TEST_CASE("query: the response clock runs from opening to the first assignment")
{
    Ticket t = p3();
    SlaClock c = response_clock(t, at("2026-11-16T12:00:00Z"));
    CHECK(c.applies);
    CHECK(c.target == 4 * 3600);
    CHECK(c.elapsed == 3 * 3600);
    CHECK_FALSE(c.done);
    CHECK_FALSE(c.breached());
    CHECK(response_clock(t, at("2026-11-16T13:00:00Z")).elapsed == 4 * 3600); // exactly the target: within
    CHECK_FALSE(response_clock(t, at("2026-11-16T13:00:00Z")).breached());
    CHECK(response_clock(t, at("2026-11-16T13:00:01Z")).breached());
    assign(t, ctx_at("2026-11-16T10:00:00Z"), "bob", {});
    c = response_clock(t, at("2026-11-20T00:00:00Z"));
    CHECK(c.done);
    CHECK(c.elapsed == 3600); // stopped at the assignment
    CHECK(response_clock(open_ticket(ctx_at("2026-11-16T09:00:00Z"), k_id, open_args()), 0).applies == false);
}

TEST_CASE("query: the resolution clock excludes time on hold, finished and current")
{
    Ticket t = p3();
    assign(t, ctx_at("2026-11-16T09:30:00Z"), "bob", {});
    hold(t, ctx_at("2026-11-16T10:00:00Z"), "waiting for the user");
    // On hold since 10:00: at 15:00, 1h counted (09:00-10:00), 5h on hold.
    CHECK(resolution_clock(t, at("2026-11-16T15:00:00Z")).elapsed == 3600);
    resume(t, ctx_at("2026-11-16T16:00:00Z"));
    // 6h on hold; at 18:00, 9h since opening minus 6h = 3h.
    CHECK(resolution_clock(t, at("2026-11-16T18:00:00Z")).elapsed == 3 * 3600);
    resolve(t, ctx_at("2026-11-16T20:00:00Z"), "fixed", "permanent", {});
    const SlaClock c = resolution_clock(t, at("2026-12-30T00:00:00Z"));
    CHECK(c.done);
    CHECK(c.elapsed == 5 * 3600); // 11h - 6h, stopped at the resolve
}

TEST_CASE("query: stale and breached")
{
    Ticket t = p3(); // P3 is stale after 1d without an event
    CHECK_FALSE(is_stale(t, default_cfg(), at("2026-11-17T09:00:00Z")));
    CHECK(is_stale(t, default_cfg(), at("2026-11-17T09:00:01Z")));
    CHECK(is_breached(t, at("2026-11-16T13:00:01Z"))); // response 4h missed
    cancel(t, ctx_at("2026-11-16T10:00:00Z"), "duplicate", {});
    CHECK_FALSE(is_stale(t, default_cfg(), at("2026-12-30T00:00:00Z"))); // terminal
    CHECK_FALSE(is_breached(t, at("2026-12-30T00:00:00Z")));
}

TEST_CASE("query: select filters, then orders by priority, age, ID")
{
    std::vector<Ticket> tickets;
    tickets.push_back(p3("INC-CCCCCCCCCC"));
    tickets.push_back(p3("INC-AAAAAAAAAA"));
    Ticket p1 = open_ticket(ctx_at("2026-11-17T09:00:00Z"), "INC-BBBBBBBBBB", open_args());
    categorize(p1, ctx_at("2026-11-17T09:00:00Z"), CategorizeArgs{"incident", {}, {}, {}, {}});
    prioritize(p1, ctx_at("2026-11-17T09:00:00Z"), "high", "high");
    tickets.push_back(p1);
    Ticket bare = open_ticket(ctx_at("2026-11-15T09:00:00Z"), "INC-DDDDDDDDDD", open_args());
    tickets.push_back(bare);
    Ticket done = p3("INC-EEEEEEEEEE");
    cancel(done, ctx_at("2026-11-16T10:00:00Z"), "duplicate", {});
    tickets.push_back(done);

    const auto ids = [](const std::vector<const Ticket*>& v) {
        std::vector<std::string> out;
        for (const Ticket* t : v) {
            out.push_back(t->id);
        }
        return out;
    };
    const Time now = at("2026-11-18T00:00:00Z");
    ListFilter f;
    // P1 first, then the P3s by age then ID, the unprioritised last; the cancelled one hidden.
    CHECK(ids(select(tickets, f, default_cfg(), now)) ==
          std::vector<std::string>{"INC-BBBBBBBBBB", "INC-AAAAAAAAAA", "INC-CCCCCCCCCC", "INC-DDDDDDDDDD"});
    f.all = true;
    CHECK(select(tickets, f, default_cfg(), now).size() == 5);
    f = ListFilter{};
    f.status = {"cancelled"}; // an explicit status shows terminal tickets without --all
    CHECK(ids(select(tickets, f, default_cfg(), now)) == std::vector<std::string>{"INC-EEEEEEEEEE"});
    f = ListFilter{};
    f.priority = {"P3"};
    f.limit = 1;
    CHECK(ids(select(tickets, f, default_cfg(), now)) == std::vector<std::string>{"INC-AAAAAAAAAA"});
    f = ListFilter{};
    f.grep = "PRINTER";
    CHECK(select(tickets, f, default_cfg(), now).size() == 4);
    f.caller = {"marc@CORP.example"}; // the affected person, by contact, any case
    CHECK(select(tickets, f, default_cfg(), now).size() == 4);
    f = ListFilter{};
    f.priority = {"P9"};
    CHECK(error_message(ErrorKind::usage, [&] { select(tickets, f, default_cfg(), now); }) ==
          "invalid --priority 'P9': expected one of P1, P2, P3, P4, P5");
}
