// Tests of itk/report: periods, percentiles, and KPIs on a fixture whose arithmetic is written
// out, at the boundaries of the period (SPEC §9: the state as of `until` replays `at < until`).

#include "support.hpp"

#include "itk/report.hpp"

#include <doctest/doctest.h>

using namespace itk;
using namespace itk::test;

namespace {

Time at(const char* text) { return *parse_rfc3339(text); }

Context ctx_at(const char* text, const std::string& actor = "alice") { return Context{default_cfg(), actor, at(text)}; }

Ticket opened(const std::string& id, const char* when, const std::string& impact, const std::string& urgency)
{
    Ticket t = open_ticket(ctx_at(when), id, open_args());
    categorize(t, ctx_at(when), CategorizeArgs{"incident", {}, {}, {}, {}});
    prioritize(t, ctx_at(when), impact, urgency);
    return t;
}

// Week 47 of 2026: [2026-11-16T00:00:00Z, 2026-11-23T00:00:00Z).
std::vector<Ticket> week_fixture()
{
    // A: P3, assigned after 10 minutes, resolved after 2 hours, closed with a 4.
    Ticket a = opened("INC-AAAAAAAAAA", "2026-11-16T09:00:00Z", "low", "high");
    assign(a, ctx_at("2026-11-16T09:10:00Z"), "bob", {});
    resolve(a, ctx_at("2026-11-16T11:00:00Z", "bob"), "fixed", "permanent", {});
    close_confirmed(a, ctx_at("2026-11-17T09:00:00Z"), "julie", 4, {});
    // B: P4, assigned after 30 minutes, an hour on hold, resolved exactly at `until`.
    Ticket b = opened("INC-BBBBBBBBBB", "2026-11-16T10:00:00Z", "low", "medium");
    assign(b, ctx_at("2026-11-16T10:30:00Z"), "bob", {});
    hold(b, ctx_at("2026-11-16T11:00:00Z"), "waiting for the user");
    resume(b, ctx_at("2026-11-16T12:00:00Z"));
    resolve(b, ctx_at("2026-11-23T00:00:00Z", "bob"), "fixed", "permanent", {});
    // C: P5, never assigned.
    Ticket c = opened("INC-CCCCCCCCCC", "2026-11-17T08:00:00Z", "low", "low");
    // D: opened exactly at `until`: not in the week at all.
    Ticket d = opened("INC-DDDDDDDDDD", "2026-11-23T00:00:00Z", "high", "high");
    return {a, b, c, d};
}

} // namespace

TEST_CASE("report: resolve_period reads months, ISO weeks, days and spans")
{
    const Time now = at("2026-11-21T09:30:00Z");
    const Period week = resolve_period(std::string("2026-W47"), {}, {}, now);
    CHECK(week.since == at("2026-11-16T00:00:00Z"));
    CHECK(week.until == at("2026-11-23T00:00:00Z"));
    CHECK(week.label == "2026-W47");
    const Period w1 = resolve_period(std::string("2026-W01"), {}, {}, now); // ISO week 1 starts in 2025
    CHECK(w1.since == at("2025-12-29T00:00:00Z"));
    CHECK(resolve_period(std::string("2026-11"), {}, {}, now).until == at("2026-12-01T00:00:00Z"));
    CHECK(resolve_period(std::string("2026-02-28"), {}, {}, now).until == at("2026-03-01T00:00:00Z"));
    CHECK(resolve_period(std::string("last-week"), {}, {}, now).label == "2026-W46");
    CHECK(resolve_period(std::string("last-month"), {}, {}, now).label == "2026-10");
    const Period span = resolve_period({}, {}, {}, now);
    CHECK(span.until == now);
    CHECK(span.since == now - 30 * 86400);
    CHECK(error_message(ErrorKind::usage, [&] { resolve_period(std::string("2026-W54"), {}, {}, now); }) ==
          "invalid --period '2026-W54': expected 2026-11, 2026-W47, 2026-11-21, last-week or last-month");
    CHECK(error_message(ErrorKind::usage, [&] {
              resolve_period({}, std::string("2026-11-21"), std::string("2026-11-21"), now);
          }).rfind("empty period", 0) == 0);
    CHECK(previous_period(week).label == "2026-W46");
    CHECK(previous_period(resolve_period(std::string("2026-01"), {}, {}, now)).label == "2025-12");
}

TEST_CASE("report: median and nearest-rank percentiles")
{
    CHECK(median({}) == std::nullopt);
    CHECK(median({5}) == 5.0);
    CHECK(median({1, 3}) == 2.0);       // the mean of the two middle values
    CHECK(median({1, 2, 10}) == 2.0);
    CHECK(nearest_rank({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90) == 9.0); // rank ceil(0.9 * 10) = 9
    CHECK(nearest_rank({1, 2, 3}, 90) == 3.0);                       // rank ceil(2.7) = 3
    CHECK(nearest_rank({7}, 90) == 7.0);
}

TEST_CASE("report: the KPIs of a week, an event exactly at until left out")
{
    const Json r = compute_report(week_fixture(), default_cfg(), resolve_period(std::string("2026-W47"), {}, {}, 0));
    // A, B and C opened in the week; D opened at until, which the period excludes.
    CHECK(r.at("opened") == 3);
    // B's resolve is at until: as of until it is not resolved. R = {A}.
    CHECK(r.at("resolved") == 1);
    CHECK(r.at("closed") == 1);
    // MTTA over A and B: (600 + 1800) / 2 = 1200 s.
    CHECK(r.at("mtta_seconds").at("all") == 1200.0);
    CHECK(r.at("mtta_seconds").at("P3") == 600.0);
    CHECK(r.at("mtta_seconds").at("P4") == 1800.0);
    // MTTR over R: A's 11:00 - 09:00 = 7200 s.
    CHECK(r.at("mttr_seconds").at("all").at("mean") == 7200.0);
    CHECK(r.at("mttr_seconds").at("all").at("p90") == 7200.0);
    // Response SLA: A 600 <= 4h met, B 1800 <= 1d met; C unassigned, 5d16h since opening at
    // until > 2d: breached. 2 / 3.
    CHECK(r.at("sla").at("response").at("met") == 2);
    CHECK(r.at("sla").at("response").at("breached") == 1);
    CHECK(r.at("sla").at("response").at("rate").get<double>() == doctest::Approx(2.0 / 3.0));
    // Resolution SLA over R: A 7200 <= 3d.
    CHECK(r.at("sla").at("resolution").at("met") == 1);
    // Backlog at until: B (resolved at until, so not yet) and C.
    CHECK(r.at("backlog").at("total") == 2);
    CHECK(r.at("backlog").at("by_priority").at("P4") == 1);
    CHECK(r.at("backlog").at("by_priority").at("P5") == 1);
    // Ages: B 6d14h, C 5d16h: both 3-7 days.
    CHECK(r.at("backlog").at("by_age").at("3-7d") == 2);
    // B: 6d14h open minus 1h on hold is past its 5d resolution target (P4); C (P5, 10d) is not.
    CHECK(r.at("backlog").at("breached") == 1);
    CHECK(r.at("satisfaction").at("responses") == 1);
    CHECK(r.at("satisfaction").at("mean") == 4.0);
    CHECK(r.at("satisfaction").at("response_rate") == 1.0);
}

TEST_CASE("report: one second later, the resolve at until counts")
{
    Period p = resolve_period(std::string("2026-W47"), {}, {}, 0);
    p.until += 1;
    const Json r = compute_report(week_fixture(), default_cfg(), p);
    // D opened at 23T00:00:00 is now inside; B is resolved: R = {A, B}.
    CHECK(r.at("opened") == 4);
    CHECK(r.at("resolved") == 2);
    // B: 23T00:00 - 16T10:00 = 6d14h = 568800 s, minus 3600 s on hold = 565200 s.
    // MTTR mean (7200 + 565200) / 2 = 286200 s.
    CHECK(r.at("mttr_seconds").at("all").at("mean") == 286200.0);
    // B's resolution target (P4: 5d = 432000 s) is missed.
    CHECK(r.at("sla").at("resolution").at("breached") == 1);
}

TEST_CASE("report: --group keeps the tickets of that group as of until")
{
    std::vector<Ticket> tickets = week_fixture();
    escalate(tickets[2], ctx_at("2026-11-18T08:00:00Z"), std::nullopt, "needs N2");
    const Period week = resolve_period(std::string("2026-W47"), {}, {}, 0);
    const Json support = compute_report(tickets, default_cfg(), week, ReportFilter{std::string("support"), {}});
    CHECK(support.at("opened") == 1);
    CHECK(support.at("escalation_rate") == 1.0);
    const Json desk = compute_report(tickets, default_cfg(), week, ReportFilter{std::string("service-desk"), {}});
    CHECK(desk.at("opened") == 2);
    CHECK(desk.at("escalation_rate") == 0.0);
}
