#include "itk/config.hpp"

#include "itk/error.hpp"
#include "itk/event.hpp"
#include "itk/ticket.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

namespace itk {

namespace {

const std::string k_default_config = R"(# itk configuration: the rules of the incident practice, set by the process officer.
# Every key below is live; change it to fit your organisation. Unknown keys are errors,
# so that a typo never silently disables a rule. Check with `itk config --check`.
schema = 1

[ids]
# Ticket IDs are PREFIX-XXXXXXXXXX (random, so clones never collide).
prefix = "INC"

[priority]
# Priority = matrix[impact][urgency]. Any size works; every cell names a priority.
priorities = ["P1", "P2", "P3", "P4", "P5"]   # most urgent first
impact  = ["high", "medium", "low"]            # most severe first
urgency = ["high", "medium", "low"]
matrix = [                                     # rows: impact, columns: urgency
  ["P1", "P2", "P3"],
  ["P2", "P3", "P4"],
  ["P3", "P4", "P5"],
]

[priority.describe]       # optional, shown by `itk config` and `itk prioritize --explain`
impact  = { high = "a site or the whole company", medium = "a department or a team", low = "one user" }
urgency = { high = "work stopped, no workaround", medium = "work degraded", low = "can wait" }

[sla]                     # targets per priority: response (first assignment) and resolution
P1 = { response = "15m", resolution = "4h" }
P2 = { response = "30m", resolution = "8h" }
P3 = { response = "4h",  resolution = "3d" }
P4 = { response = "1d",  resolution = "5d" }
P5 = { response = "2d",  resolution = "10d" }

[escalation]
levels = ["N1", "N2", "N3"]                    # every ticket starts at the first
groups = { N1 = "service-desk", N2 = "support", N3 = "experts" }
managers = { N1 = "desk-manager", N2 = "support-manager", N3 = "experts-manager" }  # optional
# A ticket with no event for this long is stale (`itk list --stale`).
stale_after = { P1 = "30m", P2 = "2h", P3 = "1d", P4 = "3d", P5 = "7d" }
# Groups other than the levels' own, and their level: routing a ticket to a group of a higher
# level ('itk assign ID --group dba') is a functional escalation.
# group_levels = { dba = "N3", network = "N2" }

[coordination]
required_for = ["P1", "P2"]                    # resolving these needs a coordinator

[major]
# a prioritisation matching one of these declares the ticket major
rules = [ { impact = "high", urgency = "high" } ]

[closure]
auto_close_after = "5d"   # after this, a resolved ticket may be closed without confirmation

[hold]
# Which kinds of hold stop the SLA clocks (itk hold --awaiting KIND). A kind left out still
# counts against the SLAs while the ticket waits: say "vendor" is your own supplier's delay.
pauses = ["user", "vendor", "problem", "change", "evidence", "other"]

# [fields]
# Custom fields, set with 'itk open --set KEY=VALUE' and 'itk edit --set KEY=VALUE', shown with
# 'itk list --format {fields.KEY}', filtered with --where KEY=VALUE (as Taskwarrior's UDAs).
# location = { type = "string", describe = "site of the affected person" }
# ci       = { type = "string", describe = "configuration item" }
# symptom  = { type = "enum", values = ["slow", "down", "error", "other"] }
)";

// Collects everything needed to name a place in the file.
class Checker {
public:
    explicit Checker(std::string path) : m_path(std::move(path)) {}

    [[noreturn]] void fail(const toml::source_region& where, const std::string& message) const
    {
        std::ostringstream out;
        out << (m_path.empty() ? std::string("itk.toml") : m_path) << ':' << where.begin.line << ':'
            << where.begin.column << ": " << message;
        fail_invalid(out.str());
    }

    // Refuses keys outside `allowed`; `prefix` is the dotted name of the table.
    void only_keys(const toml::table& table, const std::string& prefix, std::initializer_list<std::string_view> allowed) const
    {
        for (auto&& [key, value] : table) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
                fail(key.source(), "unknown key '" + prefix + std::string(key.str()) + "'");
            }
        }
    }

    const toml::table* table(const toml::table& parent, std::string_view key, const std::string& name, bool required) const
    {
        const toml::node* node = parent.get(key);
        if (node == nullptr) {
            if (required) {
                fail(parent.source(), "missing table '" + name + "'");
            }
            return nullptr;
        }
        if (!node->is_table()) {
            fail(node->source(), "'" + name + "' must be a table");
        }
        return node->as_table();
    }

    std::string string(const toml::node& node, const std::string& name) const
    {
        if (!node.is_string()) {
            fail(node.source(), "'" + name + "' must be a string");
        }
        return node.as_string()->get();
    }

    std::vector<std::string> strings(const toml::table& parent, std::string_view key, const std::string& name,
                                     bool required, bool nonempty) const
    {
        const toml::node* node = parent.get(key);
        if (node == nullptr) {
            if (required) {
                fail(parent.source(), "missing key '" + name + "'");
            }
            return {};
        }
        if (!node->is_array()) {
            fail(node->source(), "'" + name + "' must be an array of strings");
        }
        std::vector<std::string> out;
        std::set<std::string> seen;
        for (const toml::node& item : *node->as_array()) {
            std::string s = string(item, name + "[]");
            if (s.empty()) {
                fail(item.source(), "'" + name + "' holds an empty name");
            }
            if (!seen.insert(s).second) {
                fail(item.source(), "'" + name + "' names '" + s + "' twice");
            }
            out.push_back(std::move(s));
        }
        if (nonempty && out.empty()) {
            fail(node->source(), "'" + name + "' must not be empty");
        }
        return out;
    }

    Duration duration(const toml::node& node, const std::string& name) const
    {
        const std::string s = string(node, name);
        const auto d = parse_duration(s);
        if (!d || *d <= 0) {
            fail(node.source(), "invalid duration '" + s + "' for '" + name + "': expected e.g. 15m, 4h, 1d12h, at most 100 years");
        }
        return *d;
    }

    // A table keyed by members of `domain` (levels, priorities, impact names...).
    void keys_in(const toml::table& table, const std::string& name, const std::vector<std::string>& domain,
                 const std::string& what) const
    {
        for (auto&& [key, value] : table) {
            if (std::find(domain.begin(), domain.end(), key.str()) == domain.end()) {
                fail(key.source(), "'" + name + "." + std::string(key.str()) + "': '" + std::string(key.str()) +
                                       "' is not a declared " + what);
            }
        }
    }

    std::map<std::string, std::string> string_map(const toml::table& parent, std::string_view key,
                                                  const std::string& name, const std::vector<std::string>& domain,
                                                  const std::string& what) const
    {
        std::map<std::string, std::string> out;
        const toml::table* t = table(parent, key, name, false);
        if (t == nullptr) {
            return out;
        }
        keys_in(*t, name, domain, what);
        for (auto&& [k, v] : *t) {
            out[std::string(k.str())] = string(v, name + "." + std::string(k.str()));
        }
        return out;
    }

private:
    std::string m_path;
};

bool contains(const std::vector<std::string>& v, const std::string& s)
{
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

const std::string& default_config_text() { return k_default_config; }

namespace {

// Hands each table of the file to its own function, as ninja's ManifestParser hands each
// statement to ParseRule, ParseEdge...
class ConfigParser {
public:
    ConfigParser(std::string_view text, const std::string& path) : m_check(path)
    {
        try {
            m_root = toml::parse(text, path);
        } catch (const toml::parse_error& e) {
            m_check.fail(e.source(), std::string(e.description()));
        }
        m_cfg.path = path;
    }

    Config parse()
    {
        m_check.only_keys(m_root, "", {"schema", "ids", "priority", "sla", "escalation", "coordination", "major", "closure",
                                       "git", "hold", "fields"});
        parse_schema();
        parse_ids();
        parse_priority();
        parse_sla();
        parse_escalation();
        parse_coordination();
        parse_major();
        parse_closure();
        parse_git();
        parse_hold();
        parse_fields();
        return std::move(m_cfg);
    }

private:
    void parse_schema()
    {
        const toml::node* schema = m_root.get("schema");
        if (schema == nullptr) {
            m_check.fail(m_root.source(), "missing key 'schema' (expected schema = 1)");
        }
        if (!schema->is_integer() || schema->as_integer()->get() != 1) {
            m_check.fail(schema->source(), "unsupported 'schema': this itk reads schema 1");
        }
    }

    void parse_ids()
    {
        const toml::table* ids = m_check.table(m_root, "ids", "ids", false);
        if (ids == nullptr) {
            return;
        }
        m_check.only_keys(*ids, "ids.", {"prefix"});
        if (const toml::node* p = ids->get("prefix")) {
            m_cfg.prefix = m_check.string(*p, "ids.prefix");
            const bool ok = !m_cfg.prefix.empty() && m_cfg.prefix.size() <= 9 &&
                            std::all_of(m_cfg.prefix.begin(), m_cfg.prefix.end(),
                                        [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
            if (!ok) {
                m_check.fail(p->source(), "invalid 'ids.prefix' '" + m_cfg.prefix + "': 1 to 9 upper-case letters or digits");
            }
        }
    }

    void parse_priority()
    {
        const toml::table* prio = m_check.table(m_root, "priority", "priority", true);
        m_check.only_keys(*prio, "priority.", {"priorities", "impact", "urgency", "matrix", "describe"});
        m_cfg.priorities = m_check.strings(*prio, "priorities", "priority.priorities", true, true);
        m_cfg.impact = m_check.strings(*prio, "impact", "priority.impact", true, true);
        m_cfg.urgency = m_check.strings(*prio, "urgency", "priority.urgency", true, true);
        parse_matrix(*prio);
        if (const toml::table* describe = m_check.table(*prio, "describe", "priority.describe", false)) {
            m_check.only_keys(*describe, "priority.describe.", {"impact", "urgency"});
            m_cfg.impact_describe =
                m_check.string_map(*describe, "impact", "priority.describe.impact", m_cfg.impact, "impact level");
            m_cfg.urgency_describe =
                m_check.string_map(*describe, "urgency", "priority.describe.urgency", m_cfg.urgency, "urgency level");
        }
    }

    void parse_matrix(const toml::table& prio)
    {
        const toml::node* matrix = prio.get("matrix");
        if (matrix == nullptr) {
            m_check.fail(prio.source(), "missing key 'priority.matrix'");
        }
        if (!matrix->is_array()) {
            m_check.fail(matrix->source(), "'priority.matrix' must be an array of rows");
        }
        const toml::array& rows = *matrix->as_array();
        if (rows.size() != m_cfg.impact.size()) {
            m_check.fail(matrix->source(), "'priority.matrix' has " + std::to_string(rows.size()) + " rows but " +
                                               std::to_string(m_cfg.impact.size()) + " impact levels");
        }
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const std::string row_name = "priority.matrix[" + std::to_string(i) + "]";
            if (!rows[i].is_array()) {
                m_check.fail(rows[i].source(), "'" + row_name + "' must be an array of priorities");
            }
            const toml::array& row = *rows[i].as_array();
            if (row.size() != m_cfg.urgency.size()) {
                m_check.fail(rows[i].source(), "'" + row_name + "' has " + std::to_string(row.size()) + " cells but " +
                                                   std::to_string(m_cfg.urgency.size()) + " urgency levels");
            }
            std::vector<std::string> cells;
            for (const toml::node& cell : row) {
                std::string p = m_check.string(cell, row_name + "[]");
                if (!contains(m_cfg.priorities, p)) {
                    m_check.fail(cell.source(), "'" + row_name + "' names '" + p + "', which is not in 'priority.priorities'");
                }
                cells.push_back(std::move(p));
            }
            m_cfg.matrix.push_back(std::move(cells));
        }
    }

    void parse_sla()
    {
        const toml::table* sla = m_check.table(m_root, "sla", "sla", true);
        m_check.keys_in(*sla, "sla", m_cfg.priorities, "priority");
        for (auto&& [key, value] : *sla) {
            const std::string name = "sla." + std::string(key.str());
            if (!value.is_table()) {
                m_check.fail(value.source(), "'" + name + "' must be a table { response = ..., resolution = ... }");
            }
            const toml::table& t = *value.as_table();
            m_check.only_keys(t, name + ".", {"response", "resolution"});
            SlaTarget target;
            for (const char* k : {"response", "resolution"}) {
                const toml::node* n = t.get(k);
                if (n == nullptr) {
                    m_check.fail(value.source(), "missing key '" + name + "." + k + "'");
                }
                (std::string_view(k) == "response" ? target.response : target.resolution) =
                    m_check.duration(*n, name + "." + k);
            }
            m_cfg.sla[std::string(key.str())] = target;
        }
        for (const std::string& p : m_cfg.priorities) {
            if (m_cfg.sla.count(p) == 0) {
                m_check.fail(sla->source(), "missing key 'sla." + p + "': every priority needs an SLA entry");
            }
        }
    }

    void parse_escalation()
    {
        const toml::table* esc = m_check.table(m_root, "escalation", "escalation", true);
        m_check.only_keys(*esc, "escalation.", {"levels", "groups", "managers", "stale_after", "group_levels"});
        m_cfg.levels = m_check.strings(*esc, "levels", "escalation.levels", true, true);
        m_cfg.groups = m_check.string_map(*esc, "groups", "escalation.groups", m_cfg.levels, "level");
        m_cfg.managers = m_check.string_map(*esc, "managers", "escalation.managers", m_cfg.levels, "level");
        if (const toml::table* stale = m_check.table(*esc, "stale_after", "escalation.stale_after", false)) {
            m_check.keys_in(*stale, "escalation.stale_after", m_cfg.priorities, "priority");
            for (auto&& [k, v] : *stale) {
                m_cfg.stale_after[std::string(k.str())] = m_check.duration(v, "escalation.stale_after." + std::string(k.str()));
            }
        }
        if (const toml::table* gl = m_check.table(*esc, "group_levels", "escalation.group_levels", false)) {
            for (auto&& [k, v] : *gl) {
                const std::string name = "escalation.group_levels." + std::string(k.str());
                std::string level = m_check.string(v, name);
                if (!contains(m_cfg.levels, level)) {
                    m_check.fail(v.source(), "'" + name + "' names '" + level + "', which is not in 'escalation.levels'");
                }
                for (const auto& [lvl, group] : m_cfg.groups) {
                    if (group == k.str() && lvl != level) {
                        m_check.fail(k.source(), "'" + name + "': '" + group + "' is the group of level '" + lvl +
                                                     "' in escalation.groups");
                    }
                }
                m_cfg.group_levels[std::string(k.str())] = std::move(level);
            }
        }
    }

    void parse_coordination()
    {
        const toml::table* coord = m_check.table(m_root, "coordination", "coordination", false);
        if (coord == nullptr) {
            return;
        }
        m_check.only_keys(*coord, "coordination.", {"required_for"});
        m_cfg.coordination_required_for = m_check.strings(*coord, "required_for", "coordination.required_for", false, false);
        const toml::node* list = coord->get("required_for");
        for (std::size_t i = 0; i < m_cfg.coordination_required_for.size(); ++i) {
            if (!contains(m_cfg.priorities, m_cfg.coordination_required_for[i])) {
                m_check.fail((*list->as_array())[i].source(),
                             "'coordination.required_for' names '" + m_cfg.coordination_required_for[i] +
                                 "', which is not in 'priority.priorities'");
            }
        }
    }

    void parse_major()
    {
        const toml::table* major = m_check.table(m_root, "major", "major", false);
        if (major == nullptr) {
            return;
        }
        m_check.only_keys(*major, "major.", {"rules"});
        const toml::node* rules = major->get("rules");
        if (rules == nullptr) {
            return;
        }
        if (!rules->is_array()) {
            m_check.fail(rules->source(), "'major.rules' must be an array of tables");
        }
        for (const toml::node& r : *rules->as_array()) {
            if (!r.is_table()) {
                m_check.fail(r.source(), "'major.rules' entries must be tables like { impact = \"high\" }");
            }
            const toml::table& t = *r.as_table();
            m_check.only_keys(t, "major.rules[].", {"impact", "urgency", "priority"});
            if (t.empty()) {
                m_check.fail(r.source(), "empty 'major.rules' entry would make every incident major");
            }
            MajorRule rule;
            const auto field = [&](const char* k, const std::vector<std::string>& domain, std::optional<std::string>& out) {
                if (const toml::node* n = t.get(k)) {
                    std::string s = m_check.string(*n, std::string("major.rules[].") + k);
                    if (!contains(domain, s)) {
                        const std::string list = std::string(k) == "priority" ? "priorities" : k;
                        m_check.fail(n->source(), "'major.rules[]." + std::string(k) + "' names '" + s +
                                                      "', which is not in 'priority." + list + "'");
                    }
                    out = std::move(s);
                }
            };
            field("impact", m_cfg.impact, rule.impact);
            field("urgency", m_cfg.urgency, rule.urgency);
            field("priority", m_cfg.priorities, rule.priority);
            m_cfg.major_rules.push_back(rule);
        }
    }

    void parse_closure()
    {
        if (const toml::table* closure = m_check.table(m_root, "closure", "closure", false)) {
            m_check.only_keys(*closure, "closure.", {"auto_close_after"});
            if (const toml::node* n = closure->get("auto_close_after")) {
                m_cfg.auto_close_after = m_check.duration(*n, "closure.auto_close_after");
            }
        }
    }

    void parse_git()
    {
        if (const toml::table* git = m_check.table(m_root, "git", "git", false)) {
            m_check.only_keys(*git, "git.", {"autocommit"});
            if (const toml::node* n = git->get("autocommit")) {
                if (!n->is_boolean()) {
                    m_check.fail(n->source(), "'git.autocommit' must be true or false");
                }
                m_cfg.git_autocommit = n->as_boolean()->get();
            }
        }
    }

    void parse_hold()
    {
        m_cfg.hold_pauses = awaiting_kinds(); // by default every hold stops the clocks
        const toml::table* hold = m_check.table(m_root, "hold", "hold", false);
        if (hold == nullptr) {
            return;
        }
        m_check.only_keys(*hold, "hold.", {"pauses"});
        if (hold->get("pauses") == nullptr) {
            return;
        }
        m_cfg.hold_pauses = m_check.strings(*hold, "pauses", "hold.pauses", false, false);
        const toml::node* list = hold->get("pauses");
        for (std::size_t i = 0; i < m_cfg.hold_pauses.size(); ++i) {
            if (!contains(awaiting_kinds(), m_cfg.hold_pauses[i])) {
                m_check.fail((*list->as_array())[i].source(), "'hold.pauses' names '" + m_cfg.hold_pauses[i] +
                                                                  "': expected user, vendor, problem, change, evidence "
                                                                  "or other");
            }
        }
    }

    void parse_fields()
    {
        const toml::table* fields = m_check.table(m_root, "fields", "fields", false);
        if (fields == nullptr) {
            return;
        }
        for (auto&& [key, value] : *fields) {
            const std::string name(key.str());
            const std::string where = "fields." + name;
            const auto& reserved = ticket_keys();
            const bool word = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            });
            if (!word || std::find(reserved.begin(), reserved.end(), name) != reserved.end()) {
                m_check.fail(key.source(), "invalid field name '" + name +
                                               "': lower-case letters, digits and '_', and not a key of a ticket");
            }
            if (!value.is_table()) {
                m_check.fail(value.source(), "'" + where + "' must be a table like { type = \"string\" }");
            }
            m_cfg.fields.push_back(parse_field(name, *value.as_table()));
        }
    }

    FieldSpec parse_field(const std::string& name, const toml::table& t)
    {
        const std::string where = "fields." + name;
        m_check.only_keys(t, where + ".", {"type", "values", "describe"});
        FieldSpec f;
        f.name = name;
        const toml::node* type = t.get("type");
        if (type == nullptr) {
            m_check.fail(t.source(), "missing key '" + where + ".type' (string, enum or integer)");
        }
        const std::string kind = m_check.string(*type, where + ".type");
        if (kind == "string") {
            f.type = FieldSpec::Type::string;
        } else if (kind == "enum") {
            f.type = FieldSpec::Type::enumeration;
        } else if (kind == "integer") {
            f.type = FieldSpec::Type::integer;
        } else {
            m_check.fail(type->source(), "invalid '" + where + ".type' '" + kind + "': expected string, enum or integer");
        }
        f.values = m_check.strings(t, "values", where + ".values", f.type == FieldSpec::Type::enumeration,
                                   f.type == FieldSpec::Type::enumeration);
        if (f.type != FieldSpec::Type::enumeration && !f.values.empty()) {
            m_check.fail(t.get("values")->source(), "'" + where + ".values' applies to type = \"enum\" only");
        }
        if (const toml::node* d = t.get("describe")) {
            f.describe = m_check.string(*d, where + ".describe");
        }
        return f;
    }

    Checker m_check;
    toml::table m_root;
    Config m_cfg;
};

} // namespace

Config parse_config(std::string_view text, const std::string& path) { return ConfigParser(text, path).parse(); }

Config load_config(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        fail_io("read config", path, errno);
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    return parse_config(buf.str(), path);
}

const std::string& Config::priority_for(const std::string& impact_level, const std::string& urgency_level) const
{
    const auto join = [](const std::vector<std::string>& v) {
        std::string out;
        for (const auto& s : v) {
            out += (out.empty() ? "" : ", ") + s;
        }
        return out;
    };
    const auto i = std::find(impact.begin(), impact.end(), impact_level);
    if (i == impact.end()) {
        fail_usage("invalid impact '" + impact_level + "': expected one of " + join(impact));
    }
    const auto u = std::find(urgency.begin(), urgency.end(), urgency_level);
    if (u == urgency.end()) {
        fail_usage("invalid urgency '" + urgency_level + "': expected one of " + join(urgency));
    }
    return matrix[static_cast<std::size_t>(i - impact.begin())][static_cast<std::size_t>(u - urgency.begin())];
}

std::size_t Config::priority_rank(const std::string& priority) const
{
    return static_cast<std::size_t>(std::find(priorities.begin(), priorities.end(), priority) - priorities.begin());
}

bool Config::is_major(const std::string& impact_level, const std::string& urgency_level, const std::string& priority) const
{
    return std::any_of(major_rules.begin(), major_rules.end(), [&](const MajorRule& r) {
        return (!r.impact || *r.impact == impact_level) && (!r.urgency || *r.urgency == urgency_level) &&
               (!r.priority || *r.priority == priority);
    });
}

bool Config::needs_coordinator(const std::string& priority) const { return contains(coordination_required_for, priority); }

std::string Config::group_of(const std::string& level) const
{
    const auto it = groups.find(level);
    return it == groups.end() ? std::string() : it->second;
}

std::optional<std::string> Config::level_of_group(const std::string& group) const
{
    for (const std::string& level : levels) {
        if (group_of(level) == group) {
            return level;
        }
    }
    const auto it = group_levels.find(group);
    if (it == group_levels.end()) {
        return std::nullopt;
    }
    return it->second;
}

bool Config::pauses(const std::string& kind) const { return contains(hold_pauses, kind); }

const FieldSpec* Config::field(const std::string& name) const
{
    const auto it = std::find_if(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.name == name; });
    return it == fields.end() ? nullptr : &*it;
}

std::vector<std::string> Config::known_groups() const
{
    std::set<std::string> out;
    for (const auto& [level, group] : groups) {
        out.insert(group);
    }
    for (const auto& [group, level] : group_levels) {
        out.insert(group);
    }
    return {out.begin(), out.end()};
}

std::optional<Duration> Config::stale_threshold(const std::string& priority) const
{
    const auto it = stale_after.find(priority);
    if (it == stale_after.end()) {
        return std::nullopt;
    }
    return it->second;
}

} // namespace itk
