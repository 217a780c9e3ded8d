#include "targets.hpp"

#include "itk/config.hpp"
#include "itk/error.hpp"
#include "itk/fsck.hpp"
#include "itk/git.hpp"
#include "itk/merge.hpp"
#include "itk/actions.hpp"
#include "itk/render.hpp"
#include "itk/report.hpp"
#include "itk/ticket_file.hpp"
#include "itk/timeutil.hpp"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

namespace itk::fuzz {

namespace {

[[noreturn]] void broken(const std::string& what)
{
    std::fprintf(stderr, "fuzz: property violated: %s\n", what.c_str());
    std::abort();
}

void require(bool ok, const std::string& what)
{
    if (!ok) {
        broken(what);
    }
}

// The only errors a reader may throw: invalid data (a file) or usage (an argument).
void expected(const Error& e, std::initializer_list<ErrorKind> kinds)
{
    for (ErrorKind k : kinds) {
        if (e.kind() == k) {
            return;
        }
    }
    broken(std::string("unexpected error kind: ") + e.what());
}

const Config& default_config()
{
    static const Config cfg = parse_config(default_config_text(), "itk.toml");
    return cfg;
}

// Reads bytes one at a time; zeros past the end.
class Bytes {
public:
    Bytes(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}
    unsigned next() { return m_pos < m_size ? m_data[m_pos++] : 0u; }
    bool done() const { return m_pos >= m_size; }
    template <typename T>
    const T& pick(const std::vector<T>& v)
    {
        return v[next() % v.size()];
    }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

// One step of a generated history: an action of the lifecycle, refused or not.
void step(Ticket& t, Bytes& in, Time& clock)
{
    const Config& cfg = default_config();
    clock += 60 * static_cast<Time>(in.next() % 5); // equal times happen
    const std::vector<std::string> people = {"alice", "bob", "julie", "marc"};
    const Context ctx{cfg, in.pick(people), clock};
    try {
        switch (in.next() % 18) {
        case 0:
            categorize(t, ctx, CategorizeArgs{in.next() % 8 == 0 ? "request" : "incident", {}, {}, {}, {}});
            break;
        case 1:
            prioritize(t, ctx, in.pick(cfg.impact), in.pick(cfg.urgency));
            break;
        case 2:
        case 3:
            assign(t, ctx, in.pick(people), {});
            break;
        case 4:
            note(t, ctx, "note " + std::to_string(in.next()), in.next() % 2 == 0);
            break;
        case 5:
            escalate(t, ctx, {}, "needs N2");
            break;
        case 6:
            escalate_hierarchical(t, ctx, std::string("cio"), "stuck");
            break;
        case 7:
            coordinate(t, ctx, in.pick(people));
            break;
        case 8:
            hold(t, ctx, "waiting");
            break;
        case 9:
            resume(t, ctx);
            break;
        case 10:
        case 11:
            resolve(t, ctx, "fixed", in.next() % 2 == 0 ? "workaround" : "permanent", {});
            break;
        case 12:
            reopen(t, ctx, "not fixed");
            break;
        case 13:
            close_confirmed(t, ctx, "julie", static_cast<int>(in.next() % 5) + 1, {});
            break;
        case 14:
            cancel(t, ctx, "duplicate", {});
            break;
        case 15:
            declare_major(t, ctx, "payroll");
            break;
        case 16:
            major_update(t, ctx, "ETA 11:00", "stakeholders");
            break;
        default:
            record_postmortem(t, ctx, "postmortems/" + t.id + ".md");
            break;
        }
    } catch (const Error& e) {
        expected(e, {ErrorKind::refused, ErrorKind::usage});
    }
}

std::set<std::string> identities(const Ticket& t)
{
    std::set<std::string> out;
    for (Event ev : t.events) {
        ev.rejected.reset();
        out.insert(encode_event(ev).dump());
    }
    return out;
}

} // namespace

int ticket(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::optional<Ticket> t;
    try {
        t = parse_ticket(text, "fuzz.json");
    } catch (const Error& e) {
        expected(e, {ErrorKind::invalid_data});
        return 0;
    }
    // What was read is written back canonically, and that reads back to the same bytes.
    const std::string canonical = serialize(*t);
    Ticket again = parse_ticket(canonical, "fuzz.json");
    require(serialize(again) == canonical, "serialize(parse(serialize(t))) differs from serialize(t)");
    // fsck's checks and the human renderings never throw on a ticket that parsed.
    check_ticket_text(text, "fuzz.json", t->id);
    require(check_ticket_text(canonical, "fuzz.json", t->id).problems.empty() ||
                !check_ticket_text(canonical, "fuzz.json", t->id).fixable,
            "the canonical form of a file still has fixable problems");
    render_show(*t, {}, t->last_at, Style{});
    const Ticket* list[] = {&*t};
    render_list({list, list + 1}, t->last_at, Style{});
    render_format(*t, "{id}\t{caller.name}\t{events}");
    return 0;
}

int config(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::optional<Config> cfg;
    try {
        cfg = parse_config(text, "fuzz.toml");
    } catch (const Error& e) {
        expected(e, {ErrorKind::invalid_data});
        return 0;
    }
    // A config that parsed is whole: every cell of the matrix has an SLA.
    for (const std::string& i : cfg->impact) {
        for (const std::string& u : cfg->urgency) {
            const std::string& p = cfg->priority_for(i, u);
            require(cfg->sla.count(p) == 1, "a priority of the matrix has no SLA");
            cfg->is_major(i, u, p);
        }
    }
    render_config(*cfg);
    config_to_json(*cfg).dump();
    return 0;
}

int time(const std::uint8_t* data, std::size_t size)
{
    // Three lines: an instant, a duration, a period.
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> fields(3);
    std::size_t f = 0;
    for (char c : text) {
        if (c == '\n' && f < 2) {
            ++f;
        } else {
            fields[f] += c;
        }
    }
    if (const auto t = parse_rfc3339(fields[0])) {
        require(*t >= 0 && *t <= k_max_time, "parse_rfc3339 accepted a time outside 1970..9999");
        require(parse_rfc3339(format_rfc3339(*t)) == *t, "format_rfc3339 does not read back");
        format_local(*t);
    }
    if (const auto d = parse_duration(fields[1])) {
        require(*d >= 0 && *d <= k_max_duration, "parse_duration accepted more than 100 years");
        require(parse_duration(format_duration_spec(*d)) == *d, "format_duration_spec does not read back");
        format_duration(*d);
        format_duration(-*d);
    }
    const Time now = 1795251600; // 2026-11-21T09:00:00Z
    try {
        Period p = resolve_period(fields[2], std::nullopt, std::nullopt, now);
        require(p.since < p.until, "an empty period");
        for (int i = 0; i < 40; ++i) { // --trend at its largest
            p = previous_period(p);
        }
    } catch (const Error& e) {
        expected(e, {ErrorKind::usage});
    }
    try {
        resolve_period(std::nullopt, fields[0], fields[2], now);
    } catch (const Error& e) {
        expected(e, {ErrorKind::usage});
    }
    return 0;
}

int merge(const std::uint8_t* data, std::size_t size)
{
    Bytes in(data, size);
    const Config& cfg = default_config();
    Time clock = 1795251600;
    OpenArgs args;
    args.title = "Printer down";
    args.caller = Person{"julie", std::nullopt};
    Ticket base = open_ticket(Context{cfg, "alice", clock}, "INC-FUZZ000001", args);
    // The input: a shared history, then each side's own steps.
    const unsigned shared = in.next() % 12, mine = in.next() % 12, yours = in.next() % 12;
    for (unsigned i = 0; i < shared; ++i) {
        step(base, in, clock);
    }
    Ticket ours = base, theirs = base;
    Time ours_clock = clock, theirs_clock = clock;
    for (unsigned i = 0; i < mine; ++i) {
        step(ours, in, ours_clock);
    }
    for (unsigned i = 0; i < yours; ++i) {
        step(theirs, in, theirs_clock);
    }
    const Ticket ab = merge_tickets(ours, theirs);
    const Ticket ba = merge_tickets(theirs, ours);
    const std::string bytes = serialize(ab);
    require(bytes == serialize(ba), "the merge depends on its direction");
    const FileCheck check = check_ticket_text(bytes, "merged.json", base.id);
    require(check.problems.empty(), "the merge does not pass fsck: " +
                                        (check.problems.empty() ? std::string() : check.problems.front().text()));
    // No event of either side is lost (a refused one is kept, marked rejected).
    const std::set<std::string> merged = identities(ab);
    for (const Ticket* side : {&ours, &theirs}) {
        for (const std::string& id : identities(*side)) {
            require(merged.count(id) == 1, "an event was lost by the merge: " + id);
        }
    }
    return 0;
}

} // namespace itk::fuzz
