#include "itk/report.hpp"

#include "itk/lifecycle.hpp"
#include "itk/projection.hpp"
#include "itk/text.hpp"

#include <algorithm>
#include <limits>
#include <array>
#include <cmath>
#include <set>
#include <stdexcept>

namespace itk {

std::optional<double> nearest_rank(const std::vector<std::int64_t>& sorted, double p)
{
    if (sorted.empty()) {
        return std::nullopt;
    }
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return static_cast<double>(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]);
}

std::optional<double> median(const std::vector<std::int64_t>& sorted)
{
    if (sorted.empty()) {
        return std::nullopt;
    }
    const std::size_t n = sorted.size();
    return n % 2 == 1 ? static_cast<double>(sorted[n / 2])
                      : (static_cast<double>(sorted[n / 2 - 1]) + static_cast<double>(sorted[n / 2])) / 2.0;
}

namespace {

constexpr Time k_day = 86400;

// What the KPIs need of one ticket as of `until`: its replay, and what the replay passes by.
struct Facts {
    Ticket state;
    KpiFacts kpi;
};

std::size_t index_in(const std::vector<std::string>& v, const std::string& s)
{
    return static_cast<std::size_t>(std::find(v.begin(), v.end(), s) - v.begin());
}

void observe(KpiFacts& f, const Ticket& s, const Event& e, const std::string& level_before)
{
    switch (e.action) {
    case Action::open:
        f.opener = e.by;
        break;
    case Action::escalate:
        ++f.functional_escalations;
        break;
    case Action::assign:
    case Action::route:
        // A routing to a higher level's group is a functional escalation (SPEC §9).
        if (e.level && !e.levels.empty() && index_in(e.levels, s.level) < e.levels.size() &&
            index_in(e.levels, s.level) > index_in(e.levels, level_before)) {
            ++f.functional_escalations;
        }
        if (e.owner && !iequals(*e.owner, f.opener)) {
            f.other_owner = true;
        }
        break;
    case Action::escalate_hierarchical:
        f.hierarchical.push_back(e.at);
        break;
    case Action::resolve:
    case Action::resolve_by_parent:
        f.resolver = e.by;
        break;
    case Action::reopen:
        ++f.reopens;
        break;
    case Action::close:
        f.closed_at = e.at;
        break;
    case Action::cancel:
        f.cancelled_at = e.at;
        break;
    case Action::redirect:
        f.redirected_at = e.at;
        break;
    case Action::prioritize:
    case Action::major:
        // The first declaration, or the first after a withdrawal.
        if (s.major && (!f.declared_at || f.withdrawn_at)) {
            f.declared_at = e.at;
            f.withdrawn_at.reset();
        }
        break;
    case Action::major_withdraw:
        f.withdrawn_at = e.at;
        break;
    case Action::categorize:
    case Action::edit:
    case Action::unassign:
    case Action::note:
    case Action::coordinate:
    case Action::hold:
    case Action::resume:
    case Action::major_update:
    case Action::link:
    case Action::relate:
    case Action::unlink:
    case Action::link_child:
    case Action::unlink_child:
    case Action::postmortem:
        break;
    }
}

Facts facts_of(const Ticket& t, std::optional<Time> until)
{
    Facts f;
    std::string level;
    OptString group;
    std::set<std::string> left;
    f.state = replay(t.events, until, [&](const Ticket& s, const Event& e) {
        if (!e.rejected) {
            observe(f.kpi, s, e, level);
        }
        if (s.group != group) {
            if (group) {
                left.insert(*group);
            }
            f.kpi.ping_pong = f.kpi.ping_pong || (s.group && left.count(*s.group) > 0);
            group = s.group;
        }
        level = s.level;
    }, false);
    return f;
}

// --- The KPI table ---------------------------------------------------------------------

// What one KPI sees of one ticket: whether it counts (`in`), whether it is a hit (rates), and
// the value it brings (means, sums).
struct Sample {
    bool in = false;
    bool hit = false;
    std::int64_t value = 0;
};

// A ticket in the period, and the member of the KPI's family ("all", "P1", "vendor", ...).
struct Probe {
    const Ticket& state;
    const KpiFacts& f;
    const Period& p;
    const Config& cfg;
    const std::string& member;

    const Ticket& s() const { return state; }
    bool in_period(const std::optional<Time>& t) const { return t && *t >= p.since && *t < p.until; }
    bool incident() const { return s().type == "incident" && s().status != Status::redirected; }
    bool opened() const { return incident() && in_period(s().opened_at); }
    // R: resolved or closed as of until, last resolve in the period.
    bool resolved() const
    {
        return incident() && (s().status == Status::resolved || s().status == Status::closed) && in_period(s().resolved_at);
    }
    bool backlog() const { return incident() && is_working(s().status); }
    bool of_priority() const { return member.empty() || member == "all" || s().priority == member; }
    Duration mtta() const { return *s().first_assigned_at - s().opened_at - s().held_at_response; }
    Duration ttr() const { return *s().resolved_at - s().opened_at - s().held_until(*s().resolved_at); }
};

enum class Reduce { count, sum, rate, mean, spread };
enum class Family { none, priority, backlog_priority, age, hold_kind };

struct Kpi {
    const char* key; ///< the JSON key, dotted; a family adds ".<member>"
    Reduce reduce;
    Family family;
    Sample (*probe)(const Probe&);
};

Sample in(bool b) { return Sample{b, false, 0}; }
Sample rate(bool in_it, bool hit) { return Sample{in_it, hit, 0}; }
Sample value(bool in_it, std::int64_t v) { return Sample{in_it, false, v}; }

const char* const k_ages[] = {"<1d", "1-3d", "3-7d", ">7d"};

std::size_t age_bucket(Duration a) { return a < k_day ? 0 : a < 3 * k_day ? 1 : a < 7 * k_day ? 2 : 3; }

// SLA probes, shared by the KPIs and the per-priority charts.
Sample response_met(const Probe& q)
{
    const SlaClock c = response_clock(q.s(), q.p.until);
    return in(q.opened() && q.of_priority() && c.applies && !c.breached() && c.done);
}
Sample response_breached(const Probe& q)
{
    return in(q.opened() && q.of_priority() && response_clock(q.s(), q.p.until).breached());
}
Sample response_rate(const Probe& q)
{
    const SlaClock c = response_clock(q.s(), q.p.until);
    return rate(q.opened() && q.of_priority() && c.applies && (c.breached() || c.done), !c.breached());
}
Sample resolution_met(const Probe& q)
{
    return in(q.resolved() && q.of_priority() && q.s().sla_resolution && q.ttr() <= *q.s().sla_resolution);
}
Sample resolution_breached(const Probe& q)
{
    return in(q.resolved() && q.of_priority() && q.s().sla_resolution && q.ttr() > *q.s().sla_resolution);
}
Sample resolution_rate(const Probe& q)
{
    return rate(q.resolved() && q.of_priority() && q.s().sla_resolution.has_value(),
                q.s().sla_resolution && q.ttr() <= *q.s().sla_resolution);
}

// Every KPI of SPEC §9, in the order of the JSON report. "major" is the one list.
const std::vector<Kpi> k_kpis = {
    {"opened", Reduce::count, Family::none, [](const Probe& q) { return in(q.opened()); }},
    {"resolved", Reduce::count, Family::none, [](const Probe& q) { return in(q.resolved()); }},
    {"closed", Reduce::count, Family::none, [](const Probe& q) { return in(q.incident() && q.in_period(q.f.closed_at)); }},
    {"cancelled", Reduce::count, Family::none,
     [](const Probe& q) { return in(q.incident() && q.in_period(q.f.cancelled_at)); }},
    {"redirected.request", Reduce::count, Family::none,
     [](const Probe& q) { return in(q.s().status == Status::redirected && q.s().type != "change" && q.in_period(q.f.redirected_at)); }},
    {"redirected.change", Reduce::count, Family::none,
     [](const Probe& q) { return in(q.s().status == Status::redirected && q.s().type == "change" && q.in_period(q.f.redirected_at)); }},
    {"mtta_seconds", Reduce::mean, Family::priority,
     [](const Probe& q) { return value(q.opened() && q.of_priority() && q.s().first_assigned_at, q.s().first_assigned_at ? q.mtta() : 0); }},
    {"mttr_seconds", Reduce::spread, Family::priority,
     [](const Probe& q) { return value(q.resolved() && q.of_priority(), q.resolved() ? q.ttr() : 0); }},
    {"sla.response.met", Reduce::count, Family::none, response_met},
    {"sla.response.breached", Reduce::count, Family::none, response_breached},
    {"sla.response.rate", Reduce::rate, Family::none, response_rate},
    {"sla.resolution.met", Reduce::count, Family::none, resolution_met},
    {"sla.resolution.breached", Reduce::count, Family::none, resolution_breached},
    {"sla.resolution.rate", Reduce::rate, Family::none, resolution_rate},
    {"first_level_resolution_rate", Reduce::rate, Family::none,
     [](const Probe& q) { return rate(q.resolved(), q.f.functional_escalations == 0); }},
    {"escalation_rate", Reduce::rate, Family::none,
     [](const Probe& q) { return rate(q.opened(), q.f.functional_escalations > 0); }},
    {"hierarchical_escalations", Reduce::sum, Family::none,
     [](const Probe& q) {
         return value(q.incident(), std::count_if(q.f.hierarchical.begin(), q.f.hierarchical.end(),
                                                  [&](Time at) { return q.in_period(at); }));
     }},
    {"reopen_rate", Reduce::rate, Family::none, [](const Probe& q) { return rate(q.resolved(), q.f.reopens > 0); }},
    {"first_contact_resolution_rate", Reduce::rate, Family::none,
     [](const Probe& q) {
         return rate(q.resolved(), q.f.resolver == q.f.opener && q.s().reassignments == 0 &&
                                        q.f.functional_escalations == 0 && !q.f.other_owner);
     }},
    {"reassignments.mean", Reduce::mean, Family::none, [](const Probe& q) { return value(q.resolved(), q.s().reassignments); }},
    {"reassignments.ping_pong", Reduce::count, Family::none, [](const Probe& q) { return in(q.resolved() && q.f.ping_pong); }},
    {"hold_seconds", Reduce::sum, Family::hold_kind,
     [](const Probe& q) {
         return value(q.resolved(), q.resolved() ? q.s().held_for(awaiting_index(q.member), *q.s().resolved_at) : 0);
     }},
    {"backlog.total", Reduce::count, Family::none, [](const Probe& q) { return in(q.backlog()); }},
    {"backlog.by_priority", Reduce::count, Family::backlog_priority,
     [](const Probe& q) { return in(q.backlog() && q.s().priority.value_or("unprioritized") == q.member); }},
    {"backlog.by_age", Reduce::count, Family::age,
     [](const Probe& q) { return in(q.backlog() && k_ages[age_bucket(q.p.until - q.s().opened_at)] == q.member); }},
    {"backlog.stale", Reduce::count, Family::none,
     [](const Probe& q) { return in(q.backlog() && is_stale(q.s(), q.cfg, q.p.until)); }},
    {"backlog.breached", Reduce::count, Family::none,
     [](const Probe& q) { return in(q.backlog() && resolution_clock(q.s(), q.p.until).breached()); }},
    {"major", Reduce::count, Family::none, nullptr},
    {"satisfaction.responses", Reduce::count, Family::none,
     [](const Probe& q) { return in(q.incident() && q.in_period(q.f.closed_at) && q.s().closure && q.s().closure->satisfaction); }},
    {"satisfaction.mean", Reduce::mean, Family::none,
     [](const Probe& q) {
         const bool scored = q.incident() && q.in_period(q.f.closed_at) && q.s().closure && q.s().closure->satisfaction;
         return value(scored, scored ? *q.s().closure->satisfaction : 0);
     }},
    {"satisfaction.response_rate", Reduce::rate, Family::none,
     [](const Probe& q) {
         return rate(q.incident() && q.in_period(q.f.closed_at), q.s().closure && q.s().closure->satisfaction);
     }},
};

// The SLA per final priority, for the html charts.
const std::vector<Kpi> k_sla_charts = {
    {"response.met", Reduce::count, Family::priority, response_met},
    {"response.breached", Reduce::count, Family::priority, response_breached},
    {"response.rate", Reduce::rate, Family::priority, response_rate},
    {"resolution.met", Reduce::count, Family::priority, resolution_met},
    {"resolution.breached", Reduce::count, Family::priority, resolution_breached},
    {"resolution.rate", Reduce::rate, Family::priority, resolution_rate},
};

std::vector<std::string> members(Family family, const Config& cfg)
{
    switch (family) {
    case Family::none:
        return {""};
    case Family::priority: {
        std::vector<std::string> out{"all"};
        out.insert(out.end(), cfg.priorities.begin(), cfg.priorities.end());
        return out;
    }
    case Family::backlog_priority: {
        std::vector<std::string> out = cfg.priorities;
        out.push_back("unprioritized");
        return out;
    }
    case Family::age:
        return {std::begin(k_ages), std::end(k_ages)};
    case Family::hold_kind:
        return awaiting_kinds();
    }
    return {""};
}

// What a KPI has gathered for one member of its family.
struct Tally {
    std::int64_t in = 0;
    std::int64_t hits = 0;
    std::int64_t sum = 0;
    std::vector<std::int64_t> values;
};

Json mean(const Tally& t)
{
    return t.in == 0 ? Json(nullptr) : Json(static_cast<double>(t.sum) / static_cast<double>(t.in));
}

Json opt_number(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json reduce(Reduce r, Tally t)
{
    switch (r) {
    case Reduce::count:
        return t.in;
    case Reduce::sum:
        return t.sum;
    case Reduce::rate:
        return t.in == 0 ? Json(nullptr) : Json(static_cast<double>(t.hits) / static_cast<double>(t.in));
    case Reduce::mean:
        return mean(t);
    case Reduce::spread:
        std::sort(t.values.begin(), t.values.end());
        return Json{{"mean", mean(t)}, {"median", opt_number(median(t.values))},
                    {"p90", opt_number(nearest_rank(t.values, 90))}};
    }
    return nullptr;
}

// Sets a dotted key ("sla.response.rate") in a JSON object, keeping the order of first insertion.
void set_dotted(Json& j, const std::string& dotted, Json value)
{
    Json* cur = &j;
    std::size_t pos = 0;
    for (std::size_t dot = dotted.find('.'); dot != std::string::npos; dot = dotted.find('.', pos)) {
        cur = &(*cur)[dotted.substr(pos, dot - pos)];
        pos = dot + 1;
    }
    (*cur)[dotted.substr(pos)] = std::move(value);
}

// One table's tallies: [row][member].
class Tallies {
public:
    Tallies(const std::vector<Kpi>& table, const Config& cfg) : m_table(table)
    {
        for (const Kpi& k : table) {
            m_members.push_back(members(k.family, cfg));
            m_tallies.emplace_back(m_members.back().size());
        }
    }

    void add(const Ticket& state, const KpiFacts& f, const Period& p, const Config& cfg)
    {
        for (std::size_t i = 0; i < m_table.size(); ++i) {
            if (m_table[i].probe == nullptr) {
                continue;
            }
            for (std::size_t m = 0; m < m_members[i].size(); ++m) {
                const Sample s = m_table[i].probe(Probe{state, f, p, cfg, m_members[i][m]});
                if (!s.in) {
                    continue;
                }
                Tally& t = m_tallies[i][m];
                ++t.in;
                t.hits += s.hit ? 1 : 0;
                t.sum += s.value;
                if (m_table[i].reduce == Reduce::spread) {
                    t.values.push_back(s.value);
                }
            }
        }
    }

    // The rows in order; `list` gives the value of a row without a probe.
    template <typename List>
    Json json(List list, bool member_first = false) const
    {
        Json out = Json::object();
        for (std::size_t i = 0; i < m_table.size(); ++i) {
            const Kpi& k = m_table[i];
            if (k.probe == nullptr) {
                set_dotted(out, k.key, list(k));
                continue;
            }
            for (std::size_t m = 0; m < m_members[i].size(); ++m) {
                const std::string& member = m_members[i][m];
                const std::string key = member.empty() ? k.key
                                        : member_first ? member + "." + k.key
                                                       : std::string(k.key) + "." + member;
                set_dotted(out, key, reduce(k.reduce, m_tallies[i][m]));
            }
        }
        return out;
    }

private:
    const std::vector<Kpi>& m_table;
    std::vector<std::vector<std::string>> m_members;
    std::vector<std::vector<Tally>> m_tallies;
};

} // namespace

struct ReportBuilder::State {
    const Config& config;
    Period period;
    ReportFilter filter;
    Tallies kpis;
    Tallies charts;
    Json majors = Json::array();
    std::map<std::string, std::int64_t> children; ///< parent ID -> children as of until
};

ReportBuilder::ReportBuilder(const Config& config, const Period& period, ReportFilter filter)
    : m(new State{config, period, std::move(filter), Tallies(k_kpis, config), Tallies(k_sla_charts, config),
                  Json::array(), {}})
{
}

ReportBuilder::~ReportBuilder() = default;
ReportBuilder::ReportBuilder(ReportBuilder&&) noexcept = default;

void ReportBuilder::add(const Ticket& t)
{
    if (t.events.empty() || t.opened_at >= m->period.until) {
        return; // did not exist yet
    }
    const Facts f = facts_of(t, m->period.until);
    count(f.state, f.kpi);
}

void ReportBuilder::add(const Ticket& t, const KpiFacts& facts)
{
    if (t.opened_at >= m->period.until) {
        return; // did not exist yet
    }
    if (!t.events.empty() || t.last_at >= m->period.until) {
        throw std::logic_error("ReportBuilder::add: a ticket changed after the period needs its events");
    }
    count(t, facts);
}

void ReportBuilder::count(const Ticket& s, const KpiFacts& f)
{
    if (s.parent) {
        ++m->children[*s.parent]; // counted before any filter: a child may be in another group
    }
    if ((m->filter.group && s.group != m->filter.group) || !matches(s, m->filter.where)) {
        return;
    }
    m->kpis.add(s, f, m->period, m->config);
    m->charts.add(s, f, m->period, m->config);
    const Period& p = m->period;
    if (f.declared_at && *f.declared_at >= p.since && *f.declared_at < p.until && s.type == "incident") {
        // A closure without a resolve (a forged or mangled file) has no resolution time.
        const bool done = (s.status == Status::resolved || s.status == Status::closed) && s.resolved_at;
        Json entry;
        entry["id"] = s.id;
        entry["title"] = s.title;
        entry["declared_at"] = format_rfc3339(*f.declared_at);
        entry["resolved_at"] = done ? Json(format_rfc3339(*s.resolved_at)) : Json(nullptr);
        entry["duration_seconds"] = done ? Json(*s.resolved_at - *f.declared_at) : Json(nullptr);
        entry["children"] = 0;
        entry["postmortem"] = s.postmortem;
        entry["withdrawn"] = !s.major;
        m->majors.push_back(std::move(entry));
    }
}

Json ReportBuilder::kpis() const
{
    Json majors = m->majors;
    for (Json& entry : majors) {
        const auto it = m->children.find(entry["id"].get<std::string>());
        entry["children"] = it == m->children.end() ? 0 : it->second;
    }
    std::sort(majors.begin(), majors.end(), [](const Json& a, const Json& b) {
        return std::tie(a["declared_at"], a["id"]) < std::tie(b["declared_at"], b["id"]);
    });
    Json r;
    r["period"] = Json{{"since", format_rfc3339(m->period.since)}, {"until", format_rfc3339(m->period.until)}};
    Json rows = m->kpis.json([&](const Kpi&) { return majors; });
    for (auto& [key, value] : rows.items()) {
        r[key] = std::move(value);
    }
    return r;
}

Json ReportBuilder::sla_by_priority() const
{
    Json out = m->charts.json([](const Kpi&) { return Json(); }, true);
    out.erase("all");
    return out;
}

Time report_events_since(const std::vector<Period>& periods)
{
    Time first = std::numeric_limits<Time>::max();
    for (const Period& p : periods) {
        first = std::min(first, p.until);
    }
    return first;
}

KpiFacts kpi_facts(const Ticket& t)
{
    return facts_of(t, std::nullopt).kpi;
}

Json compute_report(const std::vector<Ticket>& tickets, const Config& config, const Period& period,
                    const ReportFilter& filter, Json* sla_by_priority, const std::vector<KpiFacts>* facts)
{
    if (facts != nullptr && facts->size() != tickets.size()) {
        throw std::logic_error("compute_report: one KpiFacts per ticket expected");
    }
    ReportBuilder builder(config, period, filter);
    for (std::size_t i = 0; i < tickets.size(); ++i) {
        builder.add(tickets[i], facts != nullptr ? &facts->at(i) : nullptr);
    }
    if (sla_by_priority != nullptr) {
        *sla_by_priority = builder.sla_by_priority();
    }
    return builder.kpis();
}

} // namespace itk
