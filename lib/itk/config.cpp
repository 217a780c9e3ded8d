#include "itk/config.hpp"

#include "itk/error.hpp"

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

[coordination]
required_for = ["P1", "P2"]                    # resolving these needs a coordinator

[major]
# a prioritisation matching one of these declares the ticket major
rules = [ { impact = "high", urgency = "high" } ]

[closure]
auto_close_after = "5d"   # after this, a resolved ticket may be closed without confirmation
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

Config parse_config(std::string_view text, const std::string& path)
{
    const Checker check(path);
    toml::table root;
    try {
        root = toml::parse(text, path);
    } catch (const toml::parse_error& e) {
        check.fail(e.source(), std::string(e.description()));
    }

    Config cfg;
    cfg.path = path;
    check.only_keys(root, "", {"schema", "ids", "priority", "sla", "escalation", "coordination", "major", "closure", "git"});

    const toml::node* schema = root.get("schema");
    if (schema == nullptr) {
        check.fail(root.source(), "missing key 'schema' (expected schema = 1)");
    }
    if (!schema->is_integer() || schema->as_integer()->get() != 1) {
        check.fail(schema->source(), "unsupported 'schema': this itk reads schema 1");
    }

    if (const toml::table* ids = check.table(root, "ids", "ids", false)) {
        check.only_keys(*ids, "ids.", {"prefix"});
        if (const toml::node* p = ids->get("prefix")) {
            cfg.prefix = check.string(*p, "ids.prefix");
            const bool ok = !cfg.prefix.empty() && cfg.prefix.size() <= 9 &&
                            std::all_of(cfg.prefix.begin(), cfg.prefix.end(),
                                        [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
            if (!ok) {
                check.fail(p->source(), "invalid 'ids.prefix' '" + cfg.prefix + "': 1 to 9 upper-case letters or digits");
            }
        }
    }

    const toml::table* prio = check.table(root, "priority", "priority", true);
    check.only_keys(*prio, "priority.", {"priorities", "impact", "urgency", "matrix", "describe"});
    cfg.priorities = check.strings(*prio, "priorities", "priority.priorities", true, true);
    cfg.impact = check.strings(*prio, "impact", "priority.impact", true, true);
    cfg.urgency = check.strings(*prio, "urgency", "priority.urgency", true, true);
    const toml::node* matrix = prio->get("matrix");
    if (matrix == nullptr) {
        check.fail(prio->source(), "missing key 'priority.matrix'");
    }
    if (!matrix->is_array()) {
        check.fail(matrix->source(), "'priority.matrix' must be an array of rows");
    }
    const toml::array& rows = *matrix->as_array();
    if (rows.size() != cfg.impact.size()) {
        check.fail(matrix->source(), "'priority.matrix' has " + std::to_string(rows.size()) + " rows but " +
                                         std::to_string(cfg.impact.size()) + " impact levels");
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string row_name = "priority.matrix[" + std::to_string(i) + "]";
        if (!rows[i].is_array()) {
            check.fail(rows[i].source(), "'" + row_name + "' must be an array of priorities");
        }
        const toml::array& row = *rows[i].as_array();
        if (row.size() != cfg.urgency.size()) {
            check.fail(rows[i].source(), "'" + row_name + "' has " + std::to_string(row.size()) + " cells but " +
                                             std::to_string(cfg.urgency.size()) + " urgency levels");
        }
        std::vector<std::string> cells;
        for (const toml::node& cell : row) {
            std::string p = check.string(cell, row_name + "[]");
            if (!contains(cfg.priorities, p)) {
                check.fail(cell.source(), "'" + row_name + "' names '" + p + "', which is not in 'priority.priorities'");
            }
            cells.push_back(std::move(p));
        }
        cfg.matrix.push_back(std::move(cells));
    }
    if (const toml::table* describe = check.table(*prio, "describe", "priority.describe", false)) {
        check.only_keys(*describe, "priority.describe.", {"impact", "urgency"});
        cfg.impact_describe = check.string_map(*describe, "impact", "priority.describe.impact", cfg.impact, "impact level");
        cfg.urgency_describe =
            check.string_map(*describe, "urgency", "priority.describe.urgency", cfg.urgency, "urgency level");
    }

    const toml::table* sla = check.table(root, "sla", "sla", true);
    check.keys_in(*sla, "sla", cfg.priorities, "priority");
    for (auto&& [key, value] : *sla) {
        const std::string name = "sla." + std::string(key.str());
        if (!value.is_table()) {
            check.fail(value.source(), "'" + name + "' must be a table { response = ..., resolution = ... }");
        }
        const toml::table& t = *value.as_table();
        check.only_keys(t, name + ".", {"response", "resolution"});
        SlaTarget target;
        for (const char* k : {"response", "resolution"}) {
            const toml::node* n = t.get(k);
            if (n == nullptr) {
                check.fail(value.source(), "missing key '" + name + "." + k + "'");
            }
            (std::string_view(k) == "response" ? target.response : target.resolution) = check.duration(*n, name + "." + k);
        }
        cfg.sla[std::string(key.str())] = target;
    }
    for (const std::string& p : cfg.priorities) {
        if (cfg.sla.count(p) == 0) {
            check.fail(sla->source(), "missing key 'sla." + p + "': every priority needs an SLA entry");
        }
    }

    const toml::table* esc = check.table(root, "escalation", "escalation", true);
    check.only_keys(*esc, "escalation.", {"levels", "groups", "managers", "stale_after"});
    cfg.levels = check.strings(*esc, "levels", "escalation.levels", true, true);
    cfg.groups = check.string_map(*esc, "groups", "escalation.groups", cfg.levels, "level");
    cfg.managers = check.string_map(*esc, "managers", "escalation.managers", cfg.levels, "level");
    if (const toml::table* stale = check.table(*esc, "stale_after", "escalation.stale_after", false)) {
        check.keys_in(*stale, "escalation.stale_after", cfg.priorities, "priority");
        for (auto&& [k, v] : *stale) {
            cfg.stale_after[std::string(k.str())] = check.duration(v, "escalation.stale_after." + std::string(k.str()));
        }
    }

    if (const toml::table* coord = check.table(root, "coordination", "coordination", false)) {
        check.only_keys(*coord, "coordination.", {"required_for"});
        cfg.coordination_required_for = check.strings(*coord, "required_for", "coordination.required_for", false, false);
        const toml::node* list = coord->get("required_for");
        for (std::size_t i = 0; i < cfg.coordination_required_for.size(); ++i) {
            if (!contains(cfg.priorities, cfg.coordination_required_for[i])) {
                check.fail((*list->as_array())[i].source(),
                           "'coordination.required_for' names '" + cfg.coordination_required_for[i] +
                               "', which is not in 'priority.priorities'");
            }
        }
    }

    if (const toml::table* major = check.table(root, "major", "major", false)) {
        check.only_keys(*major, "major.", {"rules"});
        if (const toml::node* rules = major->get("rules")) {
            if (!rules->is_array()) {
                check.fail(rules->source(), "'major.rules' must be an array of tables");
            }
            for (const toml::node& r : *rules->as_array()) {
                if (!r.is_table()) {
                    check.fail(r.source(), "'major.rules' entries must be tables like { impact = \"high\" }");
                }
                const toml::table& t = *r.as_table();
                check.only_keys(t, "major.rules[].", {"impact", "urgency", "priority"});
                if (t.empty()) {
                    check.fail(r.source(), "empty 'major.rules' entry would make every incident major");
                }
                MajorRule rule;
                const auto field = [&](const char* k, const std::vector<std::string>& domain,
                                       std::optional<std::string>& out) {
                    if (const toml::node* n = t.get(k)) {
                        std::string s = check.string(*n, std::string("major.rules[].") + k);
                        if (!contains(domain, s)) {
                            const std::string list = std::string(k) == "priority" ? "priorities" : k;
                            check.fail(n->source(), "'major.rules[]." + std::string(k) + "' names '" + s +
                                                        "', which is not in 'priority." + list + "'");
                        }
                        out = std::move(s);
                    }
                };
                field("impact", cfg.impact, rule.impact);
                field("urgency", cfg.urgency, rule.urgency);
                field("priority", cfg.priorities, rule.priority);
                cfg.major_rules.push_back(rule);
            }
        }
    }

    if (const toml::table* closure = check.table(root, "closure", "closure", false)) {
        check.only_keys(*closure, "closure.", {"auto_close_after"});
        if (const toml::node* n = closure->get("auto_close_after")) {
            cfg.auto_close_after = check.duration(*n, "closure.auto_close_after");
        }
    }

    if (const toml::table* git = check.table(root, "git", "git", false)) {
        check.only_keys(*git, "git.", {"autocommit"});
        if (const toml::node* n = git->get("autocommit")) {
            if (!n->is_boolean()) {
                check.fail(n->source(), "'git.autocommit' must be true or false");
            }
            cfg.git_autocommit = n->as_boolean()->get();
        }
    }
    return cfg;
}

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

std::optional<Duration> Config::stale_threshold(const std::string& priority) const
{
    const auto it = stale_after.find(priority);
    if (it == stale_after.end()) {
        return std::nullopt;
    }
    return it->second;
}

} // namespace itk
