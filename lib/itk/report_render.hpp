#pragma once
// The formats of `itk report`: text for people, markdown to commit, json and csv for
// scripts, and one self-contained html page with inline SVG charts for managers.

#include "itk/config.hpp"
#include "itk/report.hpp"
#include "itk/ticket.hpp"

#include <optional>
#include <string>
#include <vector>

namespace itk {

/// One computed report and what it covers.
struct ReportPage {
    Period period;
    std::optional<std::string> group;
    Json kpis;            ///< compute_report()
    Json sla_by_priority; ///< compute_report()'s per-priority SLA, for the html charts
};

/// The formats, by name; usage error on an unknown one.
enum class ReportFormat { text, markdown, json, csv, html };
ReportFormat parse_report_format(const std::string& name);
/// The names parse_report_format takes (for completion and messages).
const std::vector<std::string>& report_format_names();

/// Renders a report. `trend` holds earlier periods, oldest first (html charts them;
/// the other formats ignore it). JSON and CSV hold no generation time.
std::string render_report(const ReportPage& page, const std::vector<ReportPage>& trend, const Config& config,
                          ReportFormat format);

/// "kpi,value" rows with dotted keys (`sla.response.rate`), RFC 4180 quoting.
std::string report_csv(const Json& kpis);

} // namespace itk
