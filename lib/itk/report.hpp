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

/// Builds the report of one period ticket by ticket (a store is never held whole).
class ReportBuilder {
public:
    ReportBuilder(const Config& config, const Period& period, ReportFilter filter = {});
    ~ReportBuilder();
    ReportBuilder(ReportBuilder&&) noexcept;
    ReportBuilder& operator=(ReportBuilder&&) = delete;

    /// Counts one ticket (its events; the projection is replayed as of the period's end).
    void add(const Ticket& ticket);
    /// The KPIs as the JSON object of SPEC §9, keys in the spec's order.
    Json kpis() const;
    /// The SLA met/breached/rate per final priority (`{"P1": {"response": {...}, ...}}`),
    /// which the html report charts; not a §9 key, so that the JSON report stays the spec's.
    Json sla_by_priority() const;

private:
    struct State;
    std::unique_ptr<State> m;
};

/// The report of `tickets` for one period: ReportBuilder over them all.
Json compute_report(const std::vector<Ticket>& tickets, const Config& config, const Period& period,
                    const ReportFilter& filter = {}, Json* sla_by_priority = nullptr);

/// Percentile by nearest rank (p in (0, 100]) of sorted values; nullopt when empty.
std::optional<double> nearest_rank(const std::vector<std::int64_t>& sorted, double p);
/// Median of sorted values (mean of the two middle ones for an even count).
std::optional<double> median(const std::vector<std::int64_t>& sorted);

} // namespace itk
