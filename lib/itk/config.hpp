#pragma once
// The process officer's rules (itk.toml, SPEC §6): priority matrix, SLAs, support levels,
// coordination, major-incident rules, closure. Loaded and validated in one place; every
// error names the file, the line and column, and the key.

#include "itk/timeutil.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itk {

/// Response (first assignment) and resolution targets of one priority.
struct SlaTarget {
    Duration response = 0;
    Duration resolution = 0;
};

/// A `major.rules` entry: every field it names must match the prioritisation.
struct MajorRule {
    std::optional<std::string> impact;
    std::optional<std::string> urgency;
    std::optional<std::string> priority;
};

/// A custom field (`[fields]`, SPEC §6), as Taskwarrior's user-defined attributes.
struct FieldSpec {
    enum class Type { string, enumeration, integer };
    std::string name;
    Type type = Type::string;
    std::vector<std::string> values; ///< an enumeration's values
    std::string describe;
};

/// The configuration in force. Built by parse_config() or default_config(); always valid.
struct Config {
    std::string path; ///< where it was read from, for messages; empty for the defaults
    std::string prefix = "INC";

    std::vector<std::string> priorities; ///< most urgent first
    std::vector<std::string> impact;     ///< most severe first
    std::vector<std::string> urgency;
    std::vector<std::vector<std::string>> matrix; ///< [impact][urgency] -> priority
    std::map<std::string, std::string> impact_describe;
    std::map<std::string, std::string> urgency_describe;

    std::map<std::string, SlaTarget> sla;

    std::vector<std::string> levels; ///< N1 first
    std::map<std::string, std::string> groups;
    std::map<std::string, std::string> managers;
    std::map<std::string, Duration> stale_after;
    std::map<std::string, std::string> group_levels; ///< level of groups other than the levels' own
    std::vector<std::string> hold_pauses;            ///< kinds of hold that stop the SLA clocks
    std::vector<FieldSpec> fields;                   ///< custom fields, by name

    std::vector<std::string> coordination_required_for;
    std::vector<MajorRule> major_rules;
    Duration auto_close_after = 5 * 86400;
    bool git_autocommit = false;

    /// Priority for an impact and an urgency; usage error naming the valid levels otherwise.
    const std::string& priority_for(const std::string& impact_level, const std::string& urgency_level) const;
    /// Rank of a priority (0 = most urgent); priorities.size() when unknown or empty.
    std::size_t priority_rank(const std::string& priority) const;
    /// Whether a prioritisation matches a `major.rules` entry.
    bool is_major(const std::string& impact_level, const std::string& urgency_level,
                  const std::string& priority) const;
    /// Whether resolving an incident of this priority needs a coordinator.
    bool needs_coordinator(const std::string& priority) const;
    /// Group of a support level ("" when the config names none).
    std::string group_of(const std::string& level) const;
    /// Level of a group: the level whose group it is (escalation.groups), else
    /// escalation.group_levels; nullopt when neither names it.
    std::optional<std::string> level_of_group(const std::string& group) const;
    /// Whether a hold waiting for `kind` stops the SLA clocks ([hold] pauses).
    bool pauses(const std::string& kind) const;
    /// The custom field of that name, or nullptr.
    const FieldSpec* field(const std::string& name) const;
    /// Every group the config names (the levels' and group_levels'), sorted.
    std::vector<std::string> known_groups() const;
    /// Stale threshold of a priority, if configured.
    std::optional<Duration> stale_threshold(const std::string& priority) const;
};

/// Parses and validates a config. Errors are invalid_data with `path:line:column: message`.
Config parse_config(std::string_view text, const std::string& path);
/// Reads and parses a config file.
Config load_config(const std::string& path);
/// The commented default config that `itk init` writes (SPEC §6 as live keys).
const std::string& default_config_text();

} // namespace itk
