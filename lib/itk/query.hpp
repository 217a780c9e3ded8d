#pragma once
// Questions asked of tickets at an instant: SLA standing, staleness, and the filters and
// order of `itk list`.

#include "itk/config.hpp"
#include "itk/ticket.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace itk {

/// Standing of one SLA target at an instant. Time on hold does not count.
struct SlaClock {
    bool applies = false;          ///< false until the ticket is prioritised
    Duration target = 0;
    Duration elapsed = 0;          ///< counted time so far, or until the target was met
    bool done = false;             ///< the clock stopped (assigned / resolved)
    bool breached() const { return applies && elapsed > target; } ///< "within target" is <=
    Duration left() const { return target - elapsed; }
};

/// Response clock: open -> first assignment, minus time on holds that stop the clocks.
SlaClock response_clock(const Ticket& t, Time now);
/// Resolution clock: open -> resolve, minus time on hold.
SlaClock resolution_clock(const Ticket& t, Time now);

/// No event for longer than escalation.stale_after[priority] (wall clock); only for
/// tickets that are new, in progress or on hold.
bool is_stale(const Ticket& t, const Config& config, Time now);
/// Past an SLA target: not responded or not resolved within it (time on hold excluded).
bool is_breached(const Ticket& t, Time now);

/// `--where KEY=VALUE` (SPEC §8, §9): a custom field, or a string key of the ticket file.
struct Where {
    std::string key;
    std::string value;
};
/// Parses --where arguments: usage error on a key that is neither a field of [fields] nor a
/// string key of a ticket (service, category, channel, …).
std::vector<Where> parse_where(const Config& config, const std::vector<std::string>& args);
/// The string keys of a ticket --where takes (besides the fields of [fields]).
std::vector<std::string> where_keys();
/// The text of a custom field or a string key of a ticket; nullopt when unset or unknown.
std::optional<std::string> ticket_text(const Ticket& t, const std::string& key);
/// A string-valued key of a ticket file (`title`, `caller.name`, `opened_at`…) read straight from
/// the ticket: the text its JSON holds (the inner nullopt for null); nullopt when `file_key` is
/// not one of them.
std::optional<OptString> file_string(const Ticket& t, std::string_view file_key);
/// Whether a ticket matches every condition (case-insensitive, as every list filter).
bool matches(const Ticket& t, const std::vector<Where>& where);

/// The filters of `itk list` (SPEC §8). Text matches are case-insensitive.
struct ListFilter {
    std::vector<std::string> status, priority, type, owner, group, level, caller, service;
    std::optional<std::string> grep;
    std::optional<std::string> parent;
    std::vector<Where> where;
    bool major = false;
    bool open = false;  ///< not terminal and not resolved
    bool all = false;   ///< include terminal tickets
    bool stale = false;
    bool breached = false;
    std::optional<std::size_t> limit;
    std::optional<Time> opened_since; ///< opened at or after
    std::optional<Time> opened_until; ///< opened before
    /// Sort keys, most significant first: any key of the file or a dotted path into it,
    /// `-KEY` descending; `priority` by the matrix's order. Empty: priority, then age.
    std::vector<std::string> sort;
};

/// One sort value of a ticket: a number (a priority by its rank), a string (times are RFC
/// 3339, so they sort as text), any other JSON by its text; absent last in either direction.
struct SortValue {
    int kind = 3; ///< 0 number, 1 text, 2 other JSON, 3 absent
    double number = 0;
    std::string text;
};
bool operator<(const SortValue& a, const SortValue& b);

/// Where a ticket stands in list order: its sort values, then its ID.
struct ListPlace {
    std::vector<SortValue> values;
    std::string id;
};

/// A ListFilter ready to test tickets one at a time, on any core: a list need not hold the
/// store (SPEC §12). Its values and --sort keys are checked when it is made (usage errors).
class ListMatcher {
public:
    /// Keeps references to `filter` and `config`, which must outlive it.
    ListMatcher(const ListFilter& filter, const Config& config, Time now);
    /// Whether a ticket passes every condition of the filter (not its limit).
    bool passes(const Ticket& t) const;
    /// The ticket's place in list order (the filter's sort keys, else priority with
    /// unprioritised last, then age, oldest first; ties by ID).
    ListPlace place(const Ticket& t) const;
    bool before(const ListPlace& a, const ListPlace& b) const;
    std::optional<std::size_t> limit() const { return m_filter.limit; }

private:
    const ListFilter& m_filter;
    const Config& m_config;
    Time m_now;
    std::vector<std::pair<std::string, bool>> m_keys; ///< --sort's (key, descending)
};

/// What a list keeps of the tickets that pass its filter, each beside its place: in list order
/// and within the limit once finished. With a limit, it never holds more than twice the limit
/// (`list --limit 10` over 100,000 tickets keeps 20 rows, not 100,000).
template <class T>
class ListKeeper {
public:
    explicit ListKeeper(const ListMatcher& matcher) : m_matcher(matcher) {}
    void add(ListPlace place, T value)
    {
        const std::optional<std::size_t> limit = m_matcher.limit();
        if (limit && *limit == 0) {
            return;
        }
        m_kept.emplace_back(std::move(place), std::move(value));
        if (limit && m_kept.size() >= 2 * *limit) {
            std::nth_element(m_kept.begin(), m_kept.begin() + static_cast<std::ptrdiff_t>(*limit - 1), m_kept.end(),
                             [&](const auto& a, const auto& b) { return m_matcher.before(a.first, b.first); });
            m_kept.resize(*limit);
        }
    }
    std::vector<T> finish()
    {
        std::sort(m_kept.begin(), m_kept.end(), [&](const auto& a, const auto& b) { return m_matcher.before(a.first, b.first); });
        const std::size_t n = std::min(m_kept.size(), m_matcher.limit().value_or(m_kept.size()));
        std::vector<T> out;
        out.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            out.push_back(std::move(m_kept[i].second));
        }
        return out;
    }

private:
    const ListMatcher& m_matcher;
    std::vector<std::pair<ListPlace, T>> m_kept;
};

/// Tickets matching the filter, in list order (the filter's sort keys, else priority with
/// unprioritised last, then age, oldest first), ties by ID. Usage error on a filter value no
/// ticket could ever have.
std::vector<const Ticket*> select(const std::vector<Ticket>& tickets, const ListFilter& filter, const Config& config,
                                  Time now);

} // namespace itk
