#pragma once
// KPI reports (SPEC §9) for the support manager and the process officer. Every figure is
// computed from the events as of the end of the period (`at < until`), so the November
// report run in January gives the November figures, byte for byte. Every KPI is one row of a
// table (report.cpp), as ccache keeps its statistics: its JSON key, which tickets it counts,
// what each brings, and how they combine.

#include "itk/config.hpp"
#include "itk/period.hpp"
#include "itk/query.hpp"
#include "itk/ticket.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace itk {

/// Which tickets a report keeps: those of a group, those matching --where, as of `until`.
struct ReportFilter {
    std::optional<std::string> group;
    std::vector<Where> where;
};

/// What the KPIs need of a ticket's history beyond its projection, observed during its replay:
/// who opened and resolved it, its escalations, reopens and group moves, and when it was
/// closed, cancelled, redirected, declared major or withdrawn.
struct KpiFacts {
    std::string opener;
    std::string resolver; ///< of the last resolve
    int functional_escalations = 0;
    int reopens = 0;
    bool ping_pong = false;   ///< came back to a group it had left
    bool other_owner = false; ///< an owner other than the opener
    std::vector<Time> hierarchical;
    std::optional<Time> closed_at, cancelled_at, redirected_at, declared_at, withdrawn_at;
};

/// The time from which a ticket's events are needed for reports of `periods`: the earliest
/// end. A ticket changed at or after it needs its as-of replay; the others count from their
/// KPI facts (ReportBuilder::add(ticket, facts)).
Time report_events_since(const std::vector<Period>& periods);
/// The facts of all a ticket's events (a scan without events keeps them, and the cache).
KpiFacts kpi_facts(const Ticket& ticket);

/// Builds the report of one period ticket by ticket (a store is never held whole).
class ReportBuilder {
public:
    ReportBuilder(const Config& config, const Period& period, ReportFilter filter = {});
    ~ReportBuilder();
    ReportBuilder(ReportBuilder&&) noexcept;
    ReportBuilder& operator=(ReportBuilder&&) = delete;

    /// Counts one ticket (its events; the projection is replayed as of the period's end).
    void add(const Ticket& ticket);
    /// Counts a ticket read without its events, from its projection and the facts of all its
    /// events: only for a ticket whose last event is before the period's end (logic_error
    /// otherwise; its as-of replay needs the events).
    void add(const Ticket& ticket, const KpiFacts& facts);
    /// A ticket as a scan read it: from `facts` when it has no events, else from its events.
    void add(const Ticket& ticket, const KpiFacts* facts)
    {
        facts != nullptr && ticket.events.empty() ? add(ticket, *facts) : add(ticket);
    }
    /// The KPIs as the JSON object of SPEC §9, keys in the spec's order.
    Json kpis() const;
    /// The SLA met/breached/rate per final priority (`{"P1": {"response": {...}, ...}}`),
    /// which the html report charts; not a §9 key, so that the JSON report stays the spec's.
    Json sla_by_priority() const;

private:
    void count(const Ticket& state, const KpiFacts& facts);
    struct State;
    std::unique_ptr<State> m;
};

/// The report of `tickets` for one period: ReportBuilder over them all. With `facts` (one per
/// ticket, Scan::facts), a ticket without events is counted from them.
Json compute_report(const std::vector<Ticket>& tickets, const Config& config, const Period& period,
                    const ReportFilter& filter = {}, Json* sla_by_priority = nullptr,
                    const std::vector<KpiFacts>* facts = nullptr);

/// Percentile by nearest rank (p in (0, 100]) of sorted values; nullopt when empty.
std::optional<double> nearest_rank(const std::vector<std::int64_t>& sorted, double p);
/// Median of sorted values (mean of the two middle ones for an even count).
std::optional<double> median(const std::vector<std::int64_t>& sorted);

} // namespace itk
