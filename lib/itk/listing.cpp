#include "itk/listing.hpp"

namespace itk {

void each_streamed(Store& store, const ListFilter& filter, const Config& config, Time now,
                   const std::function<std::string(const Ticket&)>& make,
                   const std::function<void(const std::string&)>& emit, std::vector<BadFile>& bad)
{
    const ListMatcher matcher(filter, config, now);
    std::vector<std::optional<std::string>> batch;
    store.scan_each(ScanNeeds{false, std::nullopt, false},
                    ScanVisit{[&](std::size_t count) { batch.assign(count, std::nullopt); },
                              [&](std::size_t i, Ticket& t, const KpiFacts&) {
                                  if (matcher.passes(t)) {
                                      batch[i] = make(t);
                                  }
                              },
                              [&](std::size_t i) {
                                  if (batch[i]) {
                                      emit(*batch[i]);
                                  }
                              }},
                    bad);
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
    std::vector<std::pair<Ticket, KpiFacts>> batch;
    store.scan_each(ScanNeeds{false, report_events_since(periods), true},
                    ScanVisit{[&](std::size_t count) { batch.assign(count, {}); },
                              [&](std::size_t i, Ticket& t, const KpiFacts& facts) { batch[i] = {std::move(t), facts}; },
                              [&](std::size_t i) {
                                  for (ReportBuilder& b : builders) {
                                      b.add(batch[i].first, &batch[i].second);
                                  }
                              }},
                    bad);
    std::vector<ReportPage> pages;
    for (std::size_t i = 0; i < periods.size(); ++i) {
        pages.push_back(ReportPage{periods[i], filter.group, builders[i].kpis(), builders[i].sla_by_priority()});
    }
    return pages;
}

} // namespace itk
