#pragma once
// `list`, `export` and `report` over a whole store, streamed (SPEC §12): each ticket is
// tested and made into what the command keeps of it (a row, a line, an ID, a count) on the
// core that read it, a batch at a time, so that memory holds what is printed, never the store.

#include "itk/period.hpp"
#include "itk/query.hpp"
#include "itk/report.hpp"
#include "itk/store.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace itk {

/// The tickets of the store that pass `filter`, in list order and within its limit, each as
/// `make` made it; read without events (the scan cache serves).
template <class T>
std::vector<T> select_streamed(Store& store, const ListFilter& filter, const Config& config, Time now,
                               const std::function<T(const Ticket&)>& make, std::vector<BadFile>& bad)
{
    const ListMatcher matcher(filter, config, now);
    std::vector<std::pair<ListPlace, T>> kept;
    std::vector<std::optional<std::pair<ListPlace, T>>> batch;
    store.scan_each(ScanNeeds{false, std::nullopt, false},
                    ScanVisit{[&](std::size_t count) { batch.assign(count, std::nullopt); },
                              [&](std::size_t i, Ticket& t, const KpiFacts&) {
                                  if (matcher.passes(t)) {
                                      batch[i].emplace(matcher.place(t), make(t));
                                  }
                              },
                              [&](std::size_t i) {
                                  if (batch[i]) {
                                      kept.push_back(std::move(*batch[i]));
                                  }
                              }},
                    bad);
    std::sort(kept.begin(), kept.end(), [&](const auto& a, const auto& b) { return matcher.before(a.first, b.first); });
    std::vector<T> out;
    const std::size_t n = filter.limit ? std::min(*filter.limit, kept.size()) : kept.size();
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(std::move(kept[i].second));
    }
    return out;
}

/// The tickets of the store that pass `filter` (its sort and limit aside), each made into
/// text on the core that read it and handed to `emit` in ID order: nothing is held.
void each_streamed(Store& store, const ListFilter& filter, const Config& config, Time now,
                   const std::function<std::string(const Ticket&)>& make,
                   const std::function<void(const std::string&)>& emit, std::vector<BadFile>& bad);

/// One ReportBuilder per period, each fed every ticket of the store as the scan reads it
/// (events only for the tickets changed since the first period's end, for the as-of replay).
std::vector<ReportBuilder> report_streamed(Store& store, const Config& config, const std::vector<Period>& periods,
                                           const ReportFilter& filter, std::vector<BadFile>& bad);

} // namespace itk
