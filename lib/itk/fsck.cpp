#include "itk/fsck.hpp"

#include "itk/error.hpp"
#include "itk/json_reader.hpp"
#include "itk/lifecycle.hpp"
#include "itk/projection.hpp"
#include "itk/ticket_file.hpp"

#include <algorithm>

namespace itk {

FileCheck check_ticket_text(std::string_view text, const std::string& path, const std::string& id)
{
    FileCheck out;
    const auto problem = [&](const std::string& message) { out.problems.push_back({path, message}); };
    try {
        out.ticket = parse_ticket(text, path);
    } catch (const Error& e) {
        problem(e.what()); // the message names the file, with line:column
        return out;
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
    // The projection stored in the file must equal the replay of its events.
    const Json stored = stored_projection(text, path);
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
    out.fixable = !fatal && !out.problems.empty();
    return out;
}

FsckReport fsck(Store& store, const FsckOptions& options)
{
    FsckReport report;
    for (const std::string& id : store.ids()) {
        const std::string path = store.ticket_path(id).string();
        std::optional<std::string> text;
        try {
            text = store.tickets()->read(id + ".json", k_max_ticket_bytes);
        } catch (const Error& e) {
            report.problems.push_back({path, e.what()});
            ++report.checked;
            continue;
        }
        if (!text) {
            continue; // removed since we listed
        }
        ++report.checked;
        FileCheck check = check_ticket_text(*text, path, id);
        if (options.fix && check.fixable && store.rewrite(id, *text)) {
            report.fixed.push_back(path + ": rewritten from its events in canonical form");
            continue;
        }
        report.problems.insert(report.problems.end(), check.problems.begin(), check.problems.end());
    }
    if (const auto state = store.root_dir().sub(".itk", false)) {
        if (const auto tmp = state->sub("tmp", false)) {
            for (const std::string& name : stale_temps(*tmp)) {
                const std::string path = (*tmp / name).string();
                if (options.fix && tmp->remove(name)) {
                    report.fixed.push_back(path + ": removed, the temporary file of a process that is gone");
                } else if (!options.fix) {
                    report.warnings.push_back(path + ": temporary file of a process that is gone; 'itk fsck --fix' "
                                                     "or the next change removes it");
                }
            }
        }
    }
    return report;
}

} // namespace itk
