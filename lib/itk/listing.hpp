#pragma once
// `list`, `export` and `report` over a whole store, streamed (SPEC §12): each ticket is
// tested and made into what the command keeps of it (a row, a line, an ID, a count) on the
// core that read it, a batch at a time, so that memory holds what is printed, never the store.

#include "itk/period.hpp"
#include "itk/query.hpp"
#include "itk/report.hpp"
#include "itk/report_render.hpp"
#include "itk/store.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace itk {

/// The tickets of the store that pass `filter`, in list order and within its limit, each as
/// `make` made it; read without events (the scan cache serves). Holds what ListKeeper keeps.
template <class T>
std::vector<T> select_streamed(Store& store, const ListFilter& filter, const Config& config, Time now,
                               const std::function<T(const Ticket&)>& make, std::vector<BadFile>& bad)
{
    const ListMatcher matcher(filter, config, now);
    ListKeeper<T> kept(matcher);
    using Placed = std::pair<ListPlace, T>;
    scan_made<Placed>(
        store, ScanNeeds{false, std::nullopt, false},
        [&](Ticket& t, const KpiFacts&) {
            return matcher.passes(t) ? std::optional<Placed>(Placed{matcher.place(t), make(t)}) : std::nullopt;
        },
        [&](Placed& p) { kept.add(std::move(p.first), std::move(p.second)); }, bad);
    return kept.finish();
}

/// The tickets of the store that pass `filter` (its sort and limit aside), each made into
/// text on the core that read it and handed to `emit` in ID order: nothing is held.
void each_streamed(Store& store, const ListFilter& filter, const Config& config, Time now,
                   const std::function<std::string(const Ticket&)>& make,
                   const std::function<void(const std::string&)>& emit, std::vector<BadFile>& bad);

/// The pages of `itk report`: the `trend` periods before `period`, oldest first, then `period`
/// itself, each counted by its own ReportBuilder fed every ticket of the store as the scan
/// reads it (events only for the tickets changed since the first period's end, for the as-of
/// replay).
std::vector<ReportPage> report_pages(Store& store, const Config& config, const Period& period, int trend,
                                     const ReportFilter& filter, std::vector<BadFile>& bad);

} // namespace itk
