#include "itk/merge.hpp"

#include "itk/error.hpp"
#include "itk/fsio.hpp"
#include "itk/json_reader.hpp"
#include "itk/lifecycle.hpp"
#include "itk/projection.hpp"
#include "itk/ticket_file.hpp"

#include <map>
#include <set>

namespace itk {

namespace {

// An event's identity: its content without a merge's "rejected" mark. Events are decoded and
// encoded canonically, so key order and spacing (one side re-saved by `jq -S` or an editor)
// never make two copies of one event differ. The n-th copy of one content is "#n": the same
// note typed twice in one second is two events, not one.
std::vector<std::string> identities(const std::vector<Event>& events)
{
    std::map<std::string, int> seen;
    std::vector<std::string> out;
    out.reserve(events.size());
    for (const Event& ev : events) {
        Event copy = ev;
        copy.rejected.reset();
        std::string id = encode_event(copy).dump();
        const int n = seen[id]++;
        out.push_back(std::move(id) + "#" + std::to_string(n));
    }
    return out;
}

// One side's events that survive the merge, with their identities.
struct Side {
    std::vector<const Event*> events;
    std::vector<std::string> ids;
};

Side surviving(const std::vector<Event>& events, const std::vector<std::string>& ids, const std::set<std::string>& gone)
{
    Side s;
    for (std::size_t k = 0; k < events.size(); ++k) {
        if (gone.count(ids[k]) == 0) {
            s.events.push_back(&events[k]);
            s.ids.push_back(ids[k]);
        }
    }
    return s;
}

// Two time-ordered sequences interleaved: common events taken once; at equal times, an event
// the other side also holds waits for that side's new events, else the smaller identity first.
std::vector<Event> interleave(const Side& a, const Side& b)
{
    const std::set<std::string> in_a(a.ids.begin(), a.ids.end());
    const std::set<std::string> in_b(b.ids.begin(), b.ids.end());
    std::vector<Event> merged;
    std::set<std::string> taken;
    std::size_t i = 0, j = 0;
    const auto take = [&](const Event* ev, const std::string& id) {
        if (taken.insert(id).second) {
            merged.push_back(*ev);
        }
    };
    const std::size_t na = a.events.size(), nb = b.events.size();
    while (i < na || j < nb) {
        if (i < na && taken.count(a.ids[i])) {
            ++i;
        } else if (j < nb && taken.count(b.ids[j])) {
            ++j;
        } else if (i < na && j < nb && a.ids[i] == b.ids[j]) {
            take(a.events[i], a.ids[i]);
            ++i;
            ++j;
        } else {
            bool from_a = j >= nb;
            if (i < na && j < nb) {
                const Time ta = a.events[i]->at;
                const Time tb = b.events[j]->at;
                if (ta != tb) {
                    from_a = ta < tb;
                } else if (in_b.count(a.ids[i]) != in_a.count(b.ids[j])) {
                    from_a = in_b.count(a.ids[i]) == 0;
                } else {
                    from_a = a.ids[i] < b.ids[j];
                }
            }
            if (from_a) {
                take(a.events[i], a.ids[i]);
                ++i;
            } else {
                take(b.events[j], b.ids[j]);
                ++j;
            }
        }
    }
    return merged;
}

// Unknown top-level keys, three-way, in key order so that the bytes do not depend on the
// direction.
Json merge_extra(const Json& base, const Json& ours, const Json& theirs)
{
    std::set<std::string> keys;
    for (const Json* side : {&base, &ours, &theirs}) {
        for (const auto& item : side->items()) {
            keys.insert(item.key());
        }
    }
    const auto get = [](const Json& side, const std::string& key) -> std::optional<std::string> {
        if (!side.is_object() || !side.contains(key)) {
            return std::nullopt;
        }
        return side[key].dump();
    };
    Json out = Json::object();
    for (const std::string& key : keys) {
        const auto o = get(base, key), a = get(ours, key), b = get(theirs, key);
        const Json* pick = nullptr;
        if (a == b || b == o) {
            pick = a ? &ours[key] : nullptr;
        } else if (a == o) {
            pick = b ? &theirs[key] : nullptr;
        } else if (a && (!b || *a < *b)) { // both changed it: a value beats a removal, then the smaller
            pick = &ours[key];
        } else {
            pick = &theirs[key];
        }
        if (pick != nullptr) {
            out[key] = *pick;
        }
    }
    return out;
}

} // namespace

Ticket replay_with_rules(std::vector<Event> events)
{
    Ticket t;
    for (Event& ev : events) {
        ev.rejected.reset();
        if (const auto why = refusal(t, ev)) {
            ev.rejected = *why;
        }
        apply(t, ev);
        t.events.push_back(std::move(ev));
    }
    return t;
}

Ticket merge_tickets(const Ticket& base, const Ticket& ours, const Ticket& theirs)
{
    const std::vector<std::string> ido = identities(base.events);
    const std::vector<std::string> ida = identities(ours.events);
    const std::vector<std::string> idb = identities(theirs.events);
    const std::set<std::string> in_a(ida.begin(), ida.end());
    const std::set<std::string> in_b(idb.begin(), idb.end());
    // A base event that either side removed is gone from both.
    std::set<std::string> gone;
    for (const std::string& id : ido) {
        if (in_a.count(id) == 0 || in_b.count(id) == 0) {
            gone.insert(id);
        }
    }
    Ticket t = replay_with_rules(interleave(surviving(ours.events, ida, gone), surviving(theirs.events, idb, gone)));
    t.extra = merge_extra(base.extra, ours.extra, theirs.extra);
    return t;
}

Ticket merge_tickets(const Ticket& ours, const Ticket& theirs)
{
    Ticket none;
    none.extra = Json::object();
    return merge_tickets(none, ours, theirs);
}

std::optional<std::string> merge_texts(std::string_view base, std::string_view ours, std::string_view theirs,
                                       const MergeNames& names)
{
    const auto parse = [](std::string_view text, const std::string& name) -> std::optional<Ticket> {
        if (text.empty()) {
            return std::nullopt;
        }
        return parse_ticket(text, name);
    };
    const std::optional<Ticket> o = parse(base, names.base);
    const std::optional<Ticket> a = parse(ours, names.ours);
    const std::optional<Ticket> b = parse(theirs, names.theirs);
    if (!a && !b) {
        return std::nullopt;
    }
    for (const std::optional<Ticket>* other : {&b, &o}) {
        const Ticket& one = a ? *a : *b;
        if (*other && (*other)->id != one.id) {
            fail_invalid("cannot merge '" + one.id + "' with '" + (*other)->id + "': not the same ticket");
        }
    }
    if (!(a && b)) { // added on one side only: that side, with its marks brought up to date
        const Ticket& one = a ? *a : *b;
        Ticket out = replay_with_rules(one.events);
        out.extra = one.extra;
        return serialize(out);
    }
    Ticket none;
    none.extra = Json::object();
    return serialize(merge_tickets(o ? *o : none, *a, *b));
}

void merge_files(const fs::path& base, const fs::path& ours, const fs::path& theirs)
{
    const auto read = [](const fs::path& p) -> std::string {
        std::error_code ec;
        if (!fs::exists(p, ec)) {
            return {};
        }
        return read_regular_file(p, k_max_ticket_bytes);
    };
    const std::optional<std::string> merged =
        merge_texts(read(base), read(ours), read(theirs), MergeNames{base.string(), ours.string(), theirs.string()});
    if (merged) {
        write_file_atomic(ours, *merged);
    }
}

} // namespace itk
