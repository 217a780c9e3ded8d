// itk __complete WORD...: the candidates for the last WORD of a command line (the words after
// `itk`, the last one being completed, maybe empty), one per line as VALUE<TAB>DESCRIPTION,
// for the bash, zsh and fish scripts of completions/ alike. Values come from the command table
// (commands, flags) and from the store found as `itk` would find it: its config (impact,
// urgency, priority, level, group, custom fields) and its ticket IDs (typed with or without
// the prefix, in any case). A first line ":files" or ":directories" asks the shell for its own
// path completion. Hidden: not in --help nor in the manuals.

#include "commands.hpp"

#include "itk/event.hpp"
#include "itk/import.hpp"
#include "itk/period.hpp"
#include "itk/query.hpp"
#include "itk/report_render.hpp"
#include "itk/text.hpp"

#include <algorithm>
#include <map>

namespace itk::cmd {

namespace {

struct Candidate {
    std::string value;
    std::string describe;
};

// The option `name` of `cmd`, or a global one (the root's).
const ArgSpec* find_option(const CommandSpec& root, const CommandSpec& cmd, const std::string& name)
{
    for (const std::vector<ArgSpec>* args : {&cmd.args, &root.args}) {
        for (const ArgSpec& a : *args) {
            if (!a.positional) {
                const std::vector<std::string> names = option_names(a);
                if (std::find(names.begin(), names.end(), name) != names.end()) {
                    return &a;
                }
            }
        }
    }
    return nullptr;
}

// Where the words leave us: the command reached, the positionals given, the store named.
struct Position {
    const CommandSpec* cmd = nullptr;
    std::size_t positionals = 0;
    std::optional<std::string> dir;
};

Position walk(const CommandSpec& root, const std::vector<std::string>& words)
{
    Position at{&root, 0, std::nullopt};
    for (std::size_t k = 0; k + 1 < words.size(); ++k) {
        const std::string& w = words[k];
        if (w.size() > 1 && w[0] == '-') {
            const std::string name = w.substr(0, w.find('='));
            const ArgSpec* a = find_option(root, *at.cmd, name);
            const bool takes_value = a != nullptr && a->values != Values::none && w.find('=') == std::string::npos;
            if (name == "--dir") {
                at.dir = w.find('=') != std::string::npos ? w.substr(w.find('=') + 1)
                                                          : (k + 2 < words.size() ? words[k + 1] : std::string());
            }
            if (takes_value) {
                ++k;
            }
            continue;
        }
        const auto sub = std::find_if(at.cmd->subcommands.begin(), at.cmd->subcommands.end(),
                                      [&](const auto& s) { return s->name == w; });
        if (at.positionals == 0 && sub != at.cmd->subcommands.end()) {
            at.cmd = sub->get();
            continue;
        }
        ++at.positionals;
    }
    return at;
}

const ArgSpec* positional(const CommandSpec& cmd, std::size_t index)
{
    std::size_t k = 0;
    for (const ArgSpec& a : cmd.args) {
        if (a.positional) {
            if (k == index || (a.repeatable && k <= index)) {
                return &a;
            }
            ++k;
        }
    }
    return nullptr;
}

// Whether `id` matches what was typed: a prefix of the ID, or of the ID without its prefix.
bool id_matches(const std::string& id, const std::string& typed)
{
    const std::string up = to_upper(typed);
    if (id.rfind(up, 0) == 0) {
        return true;
    }
    const std::size_t dash = id.find('-');
    return dash != std::string::npos && id.compare(dash + 1, up.size(), up) == 0;
}

std::vector<Candidate> ticket_ids(const Store& store, const std::string& typed)
{
    std::vector<Candidate> out;
    for (const std::string& id : store.ids()) {
        // A stranger's commit may hold any file name under tickets/: only IDs are offered.
        if (is_id_syntax(id) && id_matches(id, typed)) {
            out.push_back({id, ""});
        }
    }
    if (out.size() <= 20) { // titles, for a short list: worth parsing a few files
        for (Candidate& c : out) {
            try {
                c.describe = printable(store.load(c.value).title);
            } catch (const Error&) {
                c.describe = "(unreadable)";
            }
        }
    }
    return out;
}

std::vector<Candidate> plain(const std::vector<std::string>& values)
{
    std::vector<Candidate> out;
    for (const std::string& v : values) {
        out.push_back({v, ""});
    }
    return out;
}

std::vector<Candidate> groups_of(const Config& cfg)
{
    std::vector<std::string> groups;
    for (const auto& [level, group] : cfg.groups) {
        groups.push_back(group);
    }
    for (const auto& [group, level] : cfg.group_levels) {
        groups.push_back(group);
    }
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    return plain(groups);
}

std::vector<Candidate> fields_of(const Config& cfg, bool with_keys)
{
    std::vector<Candidate> out;
    for (const FieldSpec& f : cfg.fields) {
        if (f.type == FieldSpec::Type::enumeration) {
            for (const std::string& v : f.values) {
                out.push_back({f.name + "=" + v, f.describe});
            }
        } else {
            out.push_back({f.name + "=", f.describe});
        }
    }
    if (with_keys) {
        for (const std::string& key : where_keys()) {
            out.push_back({key + "=", "a key of the ticket"});
        }
    }
    return out;
}

std::vector<Candidate> levels_of(const std::vector<std::string>& values, const std::map<std::string, std::string>& describe)
{
    std::vector<Candidate> out;
    for (const std::string& v : values) {
        const auto d = describe.find(v);
        out.push_back({v, d == describe.end() ? std::string() : d->second});
    }
    return out;
}

std::vector<Candidate> sort_keys()
{
    std::vector<Candidate> out;
    for (const std::string& k : ticket_keys()) {
        if (k != "events" && k != "schema") {
            out.push_back({k, ""});
            out.push_back({"-" + k, "descending"});
        }
    }
    return out;
}

std::vector<Candidate> commands_of(const CommandSpec& cmd)
{
    std::vector<Candidate> out;
    for (const auto& sub : cmd.subcommands) {
        if (!sub->hidden) {
            out.push_back({sub->name, sub->help});
        }
    }
    return out;
}

// The values of an argument of kind `kind`, for `typed`. The store (found as `itk` would find
// it) is opened only for the kinds it holds; completion never fails: with no store or a bad
// config there is nothing to offer.
std::vector<Candidate> values_for(const CommandSpec& root, Values kind, const std::string& typed, const Position& at)
{
    std::optional<Store> store;
    const auto config = [&]() -> const Config& {
        store.emplace(Store::find_root(at.dir));
        return store->config();
    };
    try {
        switch (kind) {
        case Values::none:
        case Values::text:
        case Values::person:
        case Values::time:
        case Values::number:
            return {};
        case Values::file:
            return {{":files", ""}};
        case Values::directory:
            return {{":directories", ""}};
        case Values::ticket:
            store.emplace(Store::find_root(at.dir));
            return ticket_ids(*store, typed);
        case Values::impact: {
            const Config& cfg = config();
            return levels_of(cfg.impact, cfg.impact_describe);
        }
        case Values::urgency: {
            const Config& cfg = config();
            return levels_of(cfg.urgency, cfg.urgency_describe);
        }
        case Values::priority:
            return plain(config().priorities);
        case Values::level:
            return plain(config().levels);
        case Values::group:
            return groups_of(config());
        case Values::field_set:
            return fields_of(config(), false);
        case Values::field_where:
            return fields_of(config(), true);
        case Values::awaiting:
            return plain(awaiting_kinds());
        case Values::status: {
            std::vector<std::string> names;
            for (const Status s : all_statuses()) {
                names.emplace_back(to_string(s));
            }
            return plain(names);
        }
        case Values::type:
            return plain(ticket_types());
        case Values::channel:
            return plain(channels());
        case Values::kind:
            return plain(resolution_kinds());
        case Values::audience:
            return plain(audiences());
        case Values::report_format:
            return plain(report_format_names());
        case Values::import_format:
            return plain(import_formats());
        case Values::period:
            return plain(period_names());
        case Values::sort_key:
            return sort_keys();
        case Values::command:
            return commands_of(root);
        }
    } catch (const Error&) {
        return {};
    }
    return {};
}

std::vector<Candidate> candidates(const CommandSpec& root, const std::vector<std::string>& words)
{
    const Position at = walk(root, words);
    const std::string current = words.empty() ? std::string() : words.back();
    const std::string before = words.size() >= 2 ? words[words.size() - 2] : std::string();
    // The value of an option: `--impact <TAB>` or `--impact=<TAB>`.
    if (current.rfind("--", 0) == 0 && current.find('=') != std::string::npos) {
        const std::string name = current.substr(0, current.find('='));
        const ArgSpec* a = find_option(root, *at.cmd, name);
        std::vector<Candidate> out;
        if (a != nullptr) {
            for (Candidate& c : values_for(root, a->values, current.substr(name.size() + 1), at)) {
                out.push_back({c.value[0] == ':' ? c.value : name + "=" + c.value, c.describe});
            }
        }
        return out;
    }
    if (before.size() > 1 && before[0] == '-' && before.find('=') == std::string::npos) {
        if (const ArgSpec* a = find_option(root, *at.cmd, before); a != nullptr && a->values != Values::none) {
            return values_for(root, a->values, current, at);
        }
    }
    std::vector<Candidate> out;
    if (!current.empty() && current[0] == '-') {
        for (const std::vector<ArgSpec>* args : {&at.cmd->args, &root.args}) {
            if (args == &root.args && at.cmd == &root && !out.empty()) {
                break; // the root's own options are the globals
            }
            for (const ArgSpec& a : *args) {
                if (a.positional) {
                    continue;
                }
                for (const std::string& n : option_names(a)) {
                    out.push_back({n + (a.values != Values::none ? "=" : ""), a.help});
                }
            }
        }
        // `--impact=` is offered as `--impact`: the shell adds a space and the value follows.
        for (Candidate& c : out) {
            if (!c.value.empty() && c.value.back() == '=') {
                c.value.pop_back();
            }
        }
        return out;
    }
    if (at.positionals == 0 && !at.cmd->subcommands.empty()) {
        return commands_of(*at.cmd);
    }
    if (const ArgSpec* a = positional(*at.cmd, at.positionals)) {
        return values_for(root, a->values, current, at);
    }
    return out;
}

} // namespace

int complete(const CommandSpec& root, const std::vector<std::string>& words)
{
    const std::string current = words.empty() ? std::string() : words.back();
    for (const Candidate& c : candidates(root, words)) {
        // Shell directives pass; IDs match on their own terms; everything else by prefix.
        const bool id_like = is_id_syntax(c.value) && !current.empty() && id_matches(c.value, current);
        if (c.value[0] != ':' && !id_like && c.value.rfind(current, 0) != 0) {
            continue;
        }
        // A value from a config or a file name may hold a newline, a tab, an escape or a
        // bidirectional control: it would split the line or reach the terminal. Never offered.
        if (printable(c.value) != c.value) {
            continue;
        }
        std::string line = c.value;
        if (!c.describe.empty()) {
            std::string d = printable(c.describe);
            std::replace(d.begin(), d.end(), '\t', ' ');
            line += "\t" + d;
        }
        out(line + "\n");
    }
    return 0;
}

} // namespace itk::cmd
