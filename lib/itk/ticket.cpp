#include "itk/ticket.hpp"

#include <algorithm>
#include <array>

namespace itk {

namespace {

const std::array<std::string_view, 7> k_status_names = {"new",    "in_progress", "on_hold",   "resolved",
                                                       "closed", "cancelled",   "redirected"};

// The keys of the projection, in file order (SPEC §5); `events` comes last.
const std::vector<std::string> k_keys = {
    "schema",   "id",          "title",       "description", "type",         "status",   "caller",
    "affected", "channel",     "service",     "category",    "subcategory",  "impact",   "urgency",
    "priority", "major",       "level",       "group",       "owner",        "coordinator", "reassignments",
    "parent",   "follows",     "duplicate_of", "ref",        "dedup",        "problem",  "change",
    "caused_by", "hold_reason", "awaiting",    "resolution", "closure",      "fields",   "source",
    "opened_at", "updated_at", "events"};
} // namespace

const std::vector<std::string>& ticket_keys() { return k_keys; }

std::string_view to_string(Status status) { return k_status_names[static_cast<std::size_t>(status)]; }

std::optional<Status> parse_status(std::string_view text)
{
    for (std::size_t i = 0; i < k_status_names.size(); ++i) {
        if (k_status_names[i] == text) {
            return static_cast<Status>(i);
        }
    }
    return std::nullopt;
}

bool is_terminal(Status status)
{
    return status == Status::closed || status == Status::cancelled || status == Status::redirected;
}

bool is_working(Status status)
{
    return status == Status::fresh || status == Status::in_progress || status == Status::on_hold;
}

const std::vector<Status>& all_statuses()
{
    static const std::vector<Status> k_all = {Status::fresh,  Status::in_progress, Status::on_hold,   Status::resolved,
                                              Status::closed, Status::cancelled,   Status::redirected};
    return k_all;
}

std::size_t awaiting_index(const OptString& kind)
{
    const auto& kinds = awaiting_kinds();
    const auto it = kind ? std::find(kinds.begin(), kinds.end(), *kind) : kinds.end();
    return it == kinds.end() ? kinds.size() - 1 : static_cast<std::size_t>(it - kinds.begin());
}

Duration Ticket::held_until(Time at) const
{
    return held + (on_hold_since && hold_pauses && at > *on_hold_since ? at - *on_hold_since : 0);
}

Duration Ticket::held_for(std::size_t kind, Time at) const
{
    const bool current = on_hold_since && awaiting_index(awaiting) == kind && at > *on_hold_since;
    return held_by_kind.at(kind) + (current ? at - *on_hold_since : 0);
}

} // namespace itk
