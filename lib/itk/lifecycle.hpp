#pragma once
// The incident lifecycle (SPEC §7) in one place: the table of rules, one row per action
// (allowed statuses, preconditions, resulting status), and the check of an event against a
// ticket. Checks read only the ticket and the event (every value derived from the config is
// recorded in the event), so a replay — fsck, a merge, an import — needs no config.

#include "itk/event.hpp"
#include "itk/ticket.hpp"

#include <optional>
#include <string>
#include <vector>

namespace itk {

/// Preconditions a rule can require, beyond the status.
enum Need : unsigned {
    k_need_incident = 1u << 0,        ///< type is "incident"
    k_need_priority = 1u << 1,        ///< prioritised
    k_need_owner = 1u << 2,           ///< has an owner
    k_need_coordinator = 1u << 3,     ///< a coordinator when the priority or a major incident needs one
    k_need_confirmer = 1u << 4,       ///< confirmed by the caller or the affected person
    k_need_delay = 1u << 5,           ///< resolved for at least the recorded auto-close delay
    k_need_level = 1u << 6,           ///< at the level the event starts from, to one above it
    k_need_major = 1u << 7,           ///< a major incident
    k_need_postmortem = 1u << 8,      ///< a major incident has its post-mortem written
    k_need_no_parent = 1u << 9,       ///< not already linked to a parent
    k_need_no_children = 1u << 10,    ///< has no children of its own (links are one level deep)
    k_need_closed_follows = 1u << 11, ///< the ticket it follows up was closed
    k_need_other_ticket = 1u << 12,   ///< the ticket it names (parent, duplicate) is another one
};

/// Status after a rule applies.
enum class Next {
    same,
    fresh,
    in_progress_if_new,
    in_progress,
    in_progress_if_owner, ///< else new
    on_hold,
    resolved,
    closed,
    cancelled,
    redirected,
};

/// One row of the lifecycle table.
struct Rule {
    Action action;
    const char* verb; ///< for messages: "cannot <verb> 'ID': ..."
    unsigned allowed; ///< bit set of Status values the ticket may be in; 0: only a ticket not opened yet
    unsigned needs;   ///< Need bits
    Next next;        ///< resulting status
};

/// The lifecycle table, one row per action, in Action order.
const std::vector<Rule>& lifecycle_rules();
/// The row of an action.
const Rule& rule_of(Action action);
/// Why the rules refuse the event on this ticket, or nullopt when allowed.
std::optional<std::string> refusal(const Ticket& ticket, const Event& event);
/// Throws a refused error "cannot <verb> 'ID': <reason>" when the rules refuse the event.
void check(const Ticket& ticket, const Event& event);
/// The status a ticket in `status` has after a rule with result `next` applies.
Status next_status(Status status, Next next, bool has_owner);

} // namespace itk
