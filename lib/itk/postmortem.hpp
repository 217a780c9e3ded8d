#pragma once
// The post-mortem draft of a major incident (SPEC §10): what the history already knows,
// and headings for what people must write (causes, actions).

#include "itk/ticket.hpp"

#include <string>
#include <vector>

namespace itk {

/// Markdown draft from the ticket's events and its children, times in UTC.
std::string render_postmortem(const Ticket& t, const std::vector<Ticket>& children, Time now);

} // namespace itk
