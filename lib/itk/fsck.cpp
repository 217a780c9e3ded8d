#include "itk/fsck.hpp"

#include "itk/error.hpp"
#include "itk/git.hpp"
#include "itk/json_reader.hpp"
#include "itk/lifecycle.hpp"
#include "itk/parallel.hpp"
#include "itk/projection.hpp"
#include "itk/ticket_file.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace itk {

namespace {

// The projection stored in a file must equal the replay of its events, in canonical form.
void check_projection(const Ticket& t, const Json& stored, std::string_view text,
                      const std::function<void(const std::string&)>& problem)
{
    Json replayed = to_json(t);
    replayed.erase("events");
    bool differs = false;
    for (const auto& [key, value] : replayed.items()) {
        const bool added_later = std::find(t.absent_keys.begin(), t.absent_keys.end(), key) != t.absent_keys.end();
        if (added_later) {
            continue; // a file written before the key existed (SPEC §5)
        }
        if (!stored.contains(key)) {
            problem("missing key '" + key + "'");
            differs = true;
        } else if (nlohmann::json(stored[key]) != nlohmann::json(value)) { // key order aside
            problem("'" + key + "' is " + stored[key].dump() + " but its events say " + value.dump() +
                    " (edited by hand? use itk commands)");
            differs = true;
        }
    }
    if (!differs && serialize_as_read(t) != text) {
        problem("not in canonical form (itk writes keys in a fixed order, a 2-space indent, a final newline); "
                "'itk fsck --fix' rewrites it");
    }
}

} // namespace

FileCheck check_ticket_text(std::string_view text, const std::string& path, const std::string& id)
{
    FileCheck out;
    const auto problem = [&](const std::string& message) { out.problems.push_back({path, message}); };
    // A file in canonical form holds the replay's projection byte for byte: the bulk reader's
    // ticket says all. Any other file is parsed again by the strict reader, to name what differs.
    Json stored;
    bool canonical = false;
    if (auto fast = read_ticket_simd(text); fast && serialize_as_read(*fast) == text) {
        out.ticket = std::move(*fast);
        canonical = true;
    } else {
        try {
            out.ticket = parse_ticket(text, path, &stored);
        } catch (const Error& e) {
            problem(e.what()); // the message names the file, with line:column
            return out;
        }
    }
    const Ticket& t = *out.ticket;
    bool fatal = false;
    if (!id.empty() && t.id != id) {
        problem("holds ticket '" + t.id + "', not '" + id + "'");
        fatal = true;
    }
    // Every kept event must be allowed by the rules at its place in the history.
    Ticket state;
    for (std::size_t i = 0; i < t.events.size(); ++i) {
        const Event& ev = t.events[i];
        if (!ev.rejected) {
            if (const auto why = refusal(state, ev)) {
                problem("event " + std::to_string(i + 1) + " ('" + std::string(action_name(ev.action)) +
                        "') breaks the lifecycle: " + *why);
                fatal = true;
                break;
            }
        }
        apply(state, ev);
        state.events.push_back(ev);
    }
    if (!canonical) {
        check_projection(t, stored, text, problem);
    }
    out.fixable = !fatal && !out.problems.empty();
    return out;
}

std::vector<Problem> check_links(const std::vector<const TicketLinks*>& tickets, const LinkLookup& lookup)
{
    std::vector<Problem> problems;
    for (const TicketLinks* t : tickets) {
        const auto problem = [&](const std::string& message) { problems.push_back({lookup.path_of(t->id), message}); };
        if (t->parent) {
            const TicketLinks* parent = lookup.find(*t->parent);
            const std::string because = parent == nullptr ? lookup.absent_because(*t->parent) : std::string();
            if (!because.empty()) {
                problem("names parent '" + *t->parent + "', " + because);
            } else if (parent == nullptr) {
                problem("names parent '" + *t->parent + "', which is not in the store; run 'itk unlink " + t->id + "'");
            } else if (std::find(parent->children.begin(), parent->children.end(), t->id) == parent->children.end()) {
                problem("names parent '" + *t->parent + "', which does not list it (concurrent links?); run 'itk link " +
                        t->id + " --parent " + *t->parent + "', or 'itk unlink " + t->id + "'");
            }
        }
        if (is_terminal(t->status)) {
            continue; // a final parent keeps its list as history (its children may move on)
        }
        for (const std::string& c : t->children) {
            const TicketLinks* child = lookup.find(c);
            if (child != nullptr && child->parent == t->id) {
                continue;
            }
            const std::string because = child == nullptr ? lookup.absent_because(c) : std::string();
            if (!because.empty()) {
                problem("lists child '" + c + "', " + because);
                continue;
            }
            const std::string names = child == nullptr ? "which is not in the store"
                                      : child->parent ? "which names parent '" + *child->parent + "'"
                                                      : "which names no parent";
            problem("lists child '" + c + "', " + names + " (concurrent links?); run 'itk unlink " + c + " --from " +
                    t->id + "'");
        }
    }
    return problems;
}

namespace {

// The links of every ticket checked, and which files did not parse, for the link check.
struct LinkIndex {
    std::map<std::string, TicketLinks> seen;
    std::map<std::string, std::string> paths;
    std::set<std::string> invalid; // the IDs of files that did not parse

    void keep(const std::string& path, std::optional<TicketLinks> t)
    {
        if (!t) {
            invalid.insert(fs::path(path).stem().string());
        } else if (seen.count(t->id) == 0) {
            paths[t->id] = path;
            seen.emplace(t->id, std::move(*t));
        }
    }
};

// One file that could not be read (or is unmerged, a symlink in the index): a problem, no links.
void record_unreadable(FsckReport& report, LinkIndex& index, const std::string& path, const std::string& why)
{
    ++report.checked;
    report.problems.push_back({path, why});
    index.keep(path, std::nullopt);
}

// One file's bytes checked into `report` and `index`.
void record_check(FsckReport& report, LinkIndex& index, const std::string& path, std::string_view text)
{
    ++report.checked;
    FileCheck check = check_ticket_text(text, path, fs::path(path).stem().string());
    report.problems.insert(report.problems.end(), check.problems.begin(), check.problems.end());
    index.keep(path, check.ticket ? std::optional<TicketLinks>(TicketLinks::of(*check.ticket)) : std::nullopt);
}

void check_staged(Store& store, FsckReport& report, LinkIndex& index)
{
    for (const StagedFile& f : staged_tickets(store.root())) {
        // the index's blob: the summary line says "staged"
        if (!f.issue.empty()) {
            record_unreadable(report, index, f.path, f.issue);
        } else {
            record_check(report, index, f.path, f.text);
        }
    }
}

void check_paths(FsckReport& report, LinkIndex& index, const std::vector<std::string>& paths)
{
    for (const std::string& path : paths) {
        std::string text;
        try {
            text = read_regular_file(path, k_max_ticket_bytes);
        } catch (const Error& e) {
            record_unreadable(report, index, path, e.what());
            continue;
        }
        record_check(report, index, path, text);
    }
}

// Every file of the store, read and checked on all cores; the report and --fix's rewrites
// (under each ticket's lock) after, in ID order. Only each ticket's links are kept.
void check_store(Store& store, FsckReport& report, LinkIndex& index, bool fix)
{
    const std::vector<std::string> ids = store.ids();
    struct Checked {
        std::optional<std::string> text; // kept only for a rewrite
        std::vector<Problem> problems;
        std::optional<TicketLinks> links;
        std::optional<std::string> unreadable;
        bool gone = false;
    };
    std::vector<Checked> checked(ids.size());
    const std::optional<Dir>& tickets = store.tickets(); // none in a fresh clone of an empty store
    parallel_for(tickets ? ids.size() : 0, [&](std::size_t i) {
        Checked& c = checked[i];
        try {
            c.text = tickets->read(ids[i] + ".json", k_max_ticket_bytes);
        } catch (const Error& e) {
            c.unreadable = e.what();
            return;
        }
        if (!c.text) {
            c.gone = true; // removed since we listed
            return;
        }
        FileCheck check = check_ticket_text(*c.text, store.ticket_path(ids[i]).string(), ids[i]);
        c.problems = std::move(check.problems);
        if (check.ticket) {
            c.links = TicketLinks::of(*check.ticket);
        }
        if (!(fix && check.fixable)) {
            c.text.reset();
        }
    });
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::string path = store.ticket_path(ids[i]).string();
        Checked c = std::move(checked[i]);
        if (c.gone) {
            continue;
        }
        if (c.unreadable) {
            record_unreadable(report, index, path, *c.unreadable);
            continue;
        }
        ++report.checked;
        if (c.text && store.rewrite(ids[i], *c.text)) {
            report.fixed.push_back(path + ": rewritten from its events in canonical form");
        } else {
            report.problems.insert(report.problems.end(), c.problems.begin(), c.problems.end());
        }
        index.keep(path, std::move(c.links));
    }
}

// The link problems among the tickets checked; with PATHs, against the store's other
// tickets too (read as needed).
std::vector<Problem> link_problems(Store& store, LinkIndex& index, const FsckOptions& options)
{
    std::map<std::string, std::optional<TicketLinks>> others;
    LinkLookup lookup;
    lookup.find = [&](const std::string& id) -> const TicketLinks* {
        if (const auto it = index.seen.find(id); it != index.seen.end()) {
            return &it->second;
        }
        if (options.paths.empty() || index.invalid.count(id) != 0) {
            return nullptr;
        }
        auto [it, fresh] = others.try_emplace(id);
        if (fresh && store.has_ticket(id)) {
            try {
                it->second = TicketLinks::of(store.load(id));
            } catch (const Error&) {
                index.invalid.insert(id); // its own check (or a plain fsck) says why
            }
        }
        return it->second ? &*it->second : nullptr;
    };
    lookup.path_of = [&](const std::string& id) { return index.paths[id]; };
    lookup.absent_because = [&](const std::string& id) -> std::string {
        if (index.invalid.count(id) != 0) {
            return "whose file is invalid (see its own error; fix it first, then run 'itk fsck' again)";
        }
        if (!options.cached || !store.has_ticket(id)) {
            return {};
        }
        return "which is in the work tree but not staged; 'git add tickets/" + id + ".json' to commit both sides";
    };
    std::vector<const TicketLinks*> tickets;
    for (const auto& [id, t] : index.seen) {
        tickets.push_back(&t);
    }
    return check_links(tickets, lookup);
}

void check_debris(Store& store, FsckReport& report, bool fix)
{
    const auto state = store.root_dir().sub(".itk", false);
    const auto tmp = state ? state->sub("tmp", false) : std::nullopt;
    if (!tmp) {
        return;
    }
    for (const std::string& name : stale_temps(*tmp)) {
        const std::string path = (*tmp / name).string();
        if (fix && tmp->remove(name)) {
            report.fixed.push_back(path + ": removed, the temporary file of a process that is gone");
        } else if (!fix) {
            report.warnings.push_back(path + ": temporary file of a process that is gone; 'itk fsck --fix' "
                                             "or the next change removes it");
        }
    }
}

} // namespace

FsckReport fsck(Store& store, const FsckOptions& options)
{
    FsckReport report;
    LinkIndex index;
    if (options.cached) {
        check_staged(store, report, index);
    } else if (!options.paths.empty()) {
        check_paths(report, index, options.paths);
    } else {
        check_store(store, report, index, options.fix);
        check_debris(store, report, options.fix);
    }
    const std::vector<Problem> links = link_problems(store, index, options);
    report.problems.insert(report.problems.end(), links.begin(), links.end());
    return report;
}

} // namespace itk
