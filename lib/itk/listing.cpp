#include "itk/listing.hpp"

namespace itk {

void each_streamed(Store& store, const ListFilter& filter, const Config& config, Time now,
                   const std::function<std::string(const Ticket&)>& make,
                   const std::function<void(const std::string&)>& emit, std::vector<BadFile>& bad)
{
    const ListMatcher matcher(filter, config, now);
    scan_made<std::string>(
        store, ScanNeeds{false, std::nullopt, false},
        [&](Ticket& t, const KpiFacts&) { return matcher.passes(t) ? std::optional<std::string>(make(t)) : std::nullopt; },
        [&](std::string& text) { emit(text); }, bad);
}

std::vector<ReportPage> report_pages(Store& store, const Config& config, const Period& period, int trend,
                                     const ReportFilter& filter, std::vector<BadFile>& bad)
{
    std::vector<Period> periods{period};
    while (static_cast<int>(periods.size()) <= trend) {
        periods.insert(periods.begin(), previous_period(periods.front()));
    }
    std::vector<ReportBuilder> builders;
    builders.reserve(periods.size());
    for (const Period& p : periods) {
        builders.emplace_back(config, p, filter);
    }
    using Read = std::pair<Ticket, KpiFacts>;
    scan_made<Read>(
        store, ScanNeeds{false, report_events_since(periods), true},
        [](Ticket& t, const KpiFacts& facts) { return std::optional<Read>(Read{std::move(t), facts}); },
        [&](Read& r) {
            for (ReportBuilder& b : builders) {
                b.add(r.first, &r.second);
            }
        },
        bad);
    std::vector<ReportPage> pages;
    for (std::size_t i = 0; i < periods.size(); ++i) {
        pages.push_back(ReportPage{periods[i], filter.group, builders[i].kpis(), builders[i].sla_by_priority()});
    }
    return pages;
}

} // namespace itk
