#include "targets.hpp"

#include "readers.hpp"

#include "itk/config.hpp"
#include "itk/error.hpp"
#include "itk/fsck.hpp"
#include "itk/git.hpp"
#include "itk/merge.hpp"
#include "itk/actions.hpp"
#include "itk/render.hpp"
#include "itk/report.hpp"
#include "itk/scan_cache.hpp"
#include "itk/ticket_file.hpp"
#include "itk/timeutil.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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

// How many copies of each event (its content without a "rejected" mark) a version holds.
std::map<std::string, std::size_t> copies(const Ticket& t)
{
    std::map<std::string, std::size_t> out;
    for (Event ev : t.events) {
        ev.rejected.reset();
        ++out[encode_event(ev).dump()];
    }
    return out;
}

// A side of a three-way merge: the base, or the base without some of its events (a revert, a
// commit dropped in a rebase, a branch that forked before the base's last commits), as git
// leaves the file: replayed with the rules. Never without its `open`: that is no ticket.
Ticket lose_events(const Ticket& base, Bytes& in)
{
    const std::size_t n = base.events.size();
    std::vector<bool> kept(n, true);
    const unsigned how = in.next();
    if (n > 1) {
        switch (how % 4) {
        case 1: { // one commit: one event or a run of up to four
            const std::size_t first = 1 + in.next() % (n - 1);
            for (std::size_t k = first; k < std::min(n, first + 1 + (how / 4) % 4); ++k) {
                kept[k] = false;
            }
            break;
        }
        case 2: // the last events
            for (std::size_t k = 1 + in.next() % (n - 1); k < n; ++k) {
                kept[k] = false;
            }
            break;
        case 3: { // any of them, one bit each
            unsigned bits = 0;
            for (std::size_t k = 1; k < n; ++k) {
                if ((k - 1) % 8 == 0) {
                    bits = in.next();
                }
                kept[k] = ((bits >> ((k - 1) % 8)) & 1u) == 0;
            }
            break;
        }
        default:
            break;
        }
    }
    std::vector<Event> events;
    for (std::size_t k = 0; k < n; ++k) {
        if (kept[k]) {
            events.push_back(base.events[k]);
        }
    }
    Ticket t = replay_with_rules(std::move(events));
    t.extra = base.extra;
    return t;
}

// Two unknown top-level keys, each kept, removed or set to one of a few values, so that both
// sides often change one; in key order, as parse_ticket keeps them.
void change_extra(Json& extra, Bytes& in)
{
    const unsigned b = in.next();
    const char* keys[] = {"x_a", "x_b"};
    for (unsigned k = 0; k < 2; ++k) {
        const unsigned how = (b >> (4 * k)) & 15u;
        if (how % 4 == 1) {
            extra.erase(keys[k]);
        } else if (how % 4 == 2) {
            extra[keys[k]] = how / 4;
        } else if (how % 4 == 3) {
            extra[keys[k]] = how / 4 % 2 == 0 ? "s" : "t";
        }
    }
    std::map<std::string, Json> sorted;
    for (const auto& item : extra.items()) {
        sorted[item.key()] = item.value();
    }
    extra = Json::object();
    for (const auto& item : sorted) {
        extra[item.first] = item.second;
    }
}

// SPEC §11 for unknown keys: one side's change (or removal) wins over the base; when both
// changed a key differently, a value beats a removal, and of two values the smaller JSON.
Json merged_extra(const Json& base, const Json& ours, const Json& theirs)
{
    std::set<std::string> keys;
    for (const Json* version : {&base, &ours, &theirs}) {
        for (const auto& item : version->items()) {
            keys.insert(item.key());
        }
    }
    Json out = Json::object();
    for (const std::string& key : keys) {
        const auto get = [&key](const Json& version) -> std::optional<std::string> {
            return version.contains(key) ? std::optional<std::string>(version.at(key).dump()) : std::nullopt;
        };
        const auto o = get(base), a = get(ours), b = get(theirs);
        std::optional<std::string> pick;
        if (a == b || b == o) {
            pick = a;
        } else if (a == o) {
            pick = b;
        } else if (!a || !b) {
            pick = a ? a : b;
        } else {
            pick = std::min(a, b);
        }
        if (pick) {
            out[key] = Json::parse(*pick);
        }
    }
    return out;
}

} // namespace

namespace {

// The scan cache gives back the ticket as read, its events dropped, and the KPI facts of its
// events: the same file keys (to_json) and derived state (the same bytes again), and the same
// report as its events give for a period ending after them; a cut short entry is refused.
void cache_round_trip(const Ticket& read)
{
    Ticket t = read;
    t.events.clear();
    const KpiFacts facts = kpi_facts(read);
    std::string bytes;
    encode_cached(t, facts, bytes);
    Ticket back;
    KpiFacts facts_back;
    require(decode_cached(bytes, back, facts_back), "decode_cached refused what encode_cached wrote");
    std::string again;
    encode_cached(back, facts_back, again);
    require(again == bytes, "encode(decode(encode(t))) differs from encode(t)");
    require(to_json(back) == to_json(t), "the cached ticket's keys differ from the ticket's");
    for (const std::size_t cut : {std::size_t{0}, bytes.size() / 2, bytes.size() - 1}) {
        Ticket part;
        require(!decode_cached(std::string_view(bytes).substr(0, cut), part, facts_back), "decode_cached took a cut entry");
    }
    static const Config cfg = default_config();
    const Period all{read.opened_at - 86400, read.last_at + 1, "span", "fuzz"};
    const std::vector<KpiFacts> from_cache = {facts_back};
    require(compute_report({read}, cfg, all) == compute_report({back}, cfg, all, {}, nullptr, &from_cache),
            "the report from the cached ticket and facts differs from the report from its events");
}

// Every key a --format can name (each dotted path into the ticket's objects, and keys that
// are not there) gives, read straight from the ticket, the text its JSON gives.
void format_keys_agree(const Ticket& t)
{
    const Json j = to_json(t);
    std::vector<std::string> keys = {"fields.nosuch", "nosuch", "caller.nosuch", "fields", "caller"};
    const auto walk = [&](const auto& self, const Json& object, const std::string& prefix) -> void {
        for (const auto& [key, value] : object.items()) {
            keys.push_back(prefix + key);
            if (value.is_object()) {
                self(self, value, prefix + key + ".");
            }
        }
    };
    walk(walk, j, "");
    for (const std::string& key : keys) {
        require(format_value(t, key) == format_value_json(j, key), "format key '" + key + "' differs from the JSON's");
    }
}

} // namespace

int ticket(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::optional<Ticket> t;
    // The bulk reader answers as the strict one, or leaves the file to it.
    const ReadersVerdict readers = compare_readers(text);
    require(readers.difference.empty(), readers.difference);
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
    render_list({list_row(*t, t->last_at)}, Style{});
    render_format(*t, "{id}\t{caller.name}\t{events}");
    cache_round_trip(*t);
    format_keys_agree(*t);
    return 0;
}

int cache(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::string file = cache_magic() + std::string(input);
    for (const std::string_view bytes : {input, std::string_view(file)}) {
        for (const CacheEntry& e : parse_cache(bytes)) {
            Ticket t;
            KpiFacts facts;
            if (e.intact() && decode_cached(e.ticket, t, facts)) {
                std::string again;
                encode_cached(t, facts, again);
                require(again == e.ticket, "a decoded entry does not encode to its bytes");
            }
        }
        Ticket t;
        KpiFacts facts;
        decode_cached(bytes, t, facts);
    }
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
    // The input: a base history, then each side: what it lost of the base, its own steps, its
    // unknown keys; last, whether the sides have no common base (added on both branches).
    const unsigned shared = in.next() % 12, mine = in.next() % 12, yours = in.next() % 12;
    for (unsigned i = 0; i < shared; ++i) {
        step(base, in, clock);
    }
    change_extra(base.extra, in);
    const auto side = [&](unsigned steps) {
        Ticket t = lose_events(base, in);
        Time side_clock = clock;
        for (unsigned i = 0; i < steps; ++i) {
            step(t, in, side_clock);
        }
        change_extra(t.extra, in);
        return t;
    };
    const Ticket ours = side(mine);
    const Ticket theirs = side(yours);
    Ticket none;
    none.extra = Json::object();
    const Ticket& common = in.next() % 8 == 7 ? none : base;

    const Ticket ab = &common == &none ? merge_tickets(ours, theirs) : merge_tickets(common, ours, theirs);
    const Ticket ba = &common == &none ? merge_tickets(theirs, ours) : merge_tickets(common, theirs, ours);
    const std::string bytes = serialize(ab);
    require(bytes == serialize(ba), "the merge depends on its direction");
    const FileCheck check = check_ticket_text(bytes, "merged.json", base.id);
    require(check.problems.empty(), "the merge does not pass fsck: " +
                                        (check.problems.empty() ? std::string() : check.problems.front().text()));
    Ticket again = replay_with_rules(ab.events);
    again.extra = ab.extra;
    require(serialize(again) == bytes, "replay_with_rules of the merged events gives other bytes");
    // Event by event (the n-th identical copy matching the n-th): the copies both sides kept,
    // plus the most copies a side added. So no new event is lost, no event a side removed
    // from the base comes back, and nothing else appears (a refused one is kept, marked).
    const std::map<std::string, std::size_t> o = copies(common), a = copies(ours), b = copies(theirs),
                                              m = copies(ab);
    const auto count = [](const std::map<std::string, std::size_t>& c, const std::string& id) -> std::size_t {
        const auto it = c.find(id);
        return it == c.end() ? 0 : it->second;
    };
    for (const auto* version : {&a, &b, &m}) {
        for (const auto& entry : *version) {
            const std::string& id = entry.first;
            const std::size_t ko = count(o, id), ka = count(a, id), kb = count(b, id), got = count(m, id);
            const std::size_t added = std::max(ka, kb) > ko ? std::max(ka, kb) - ko : 0;
            const std::size_t want = std::min({ko, ka, kb}) + added;
            require(got >= want, "an event new on a side, or kept by both, was lost by the merge: " + id);
            require(got <= want, "an event that a side removed from the base, or that no side holds, is in the merge: " + id);
        }
    }
    require(ab.extra == merged_extra(common.extra, ours.extra, theirs.extra), "unknown keys merged against the rule: " +
                                                                                  ab.extra.dump());
    return 0;
}

} // namespace itk::fuzz
