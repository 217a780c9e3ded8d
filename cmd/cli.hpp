#pragma once
// The command-line declarations of every command, without CLI11: a command file declares its
// arguments through Command, and only cli.cpp and main.cpp compile CLI11 (a header-only library
// that took ten seconds a file). The same declarations feed the manual pages, `itk help` and
// the completions (`itk __complete`), so that no flag can be missing from one of them.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace itk::cmd {

/// Where the values of an argument come from: what completion offers and manuals say.
enum class Values {
    none,          ///< a flag
    text,          ///< free text
    ticket,        ///< a ticket ID or a unique prefix of one
    person,        ///< a person's name or contact
    impact,        ///< priority.impact of the config
    urgency,       ///< priority.urgency of the config
    priority,      ///< priority.priorities of the config
    level,         ///< escalation.levels of the config
    group,         ///< a group of escalation.groups or escalation.group_levels
    awaiting,      ///< user, vendor, problem, change, evidence, other
    field_set,     ///< KEY=VALUE of a custom field of [fields]
    field_where,   ///< KEY=VALUE of a custom field or a string key of a ticket
    status,        ///< a ticket status
    type,          ///< incident, request, change
    channel,       ///< phone, email, ...
    kind,          ///< workaround, permanent
    audience,      ///< internal, stakeholders
    report_format, ///< text, markdown, json, csv, html
    period,        ///< 2026-11, 2026-W47, ...
    time,          ///< RFC 3339 or YYYY-MM-DD
    sort_key,      ///< a ticket key, '-' for descending
    import_format, ///< servicenow, csv, ndjson
    command,       ///< an itk command
    file,          ///< a path
    directory,     ///< a directory
    number,        ///< a whole number
};

/// One argument or option as declared, for manuals and completion.
struct ArgSpec {
    std::string names;   ///< "--to" or "-q,--quiet"; a positional: its name
    std::string help;
    Values values = Values::text;
    bool positional = false;
    bool required = false;
    bool repeatable = false;
};

/// One command as declared, with its subcommands (`major declare`).
struct CommandSpec {
    std::string name;
    std::string help;
    std::vector<ArgSpec> args;
    std::vector<std::shared_ptr<CommandSpec>> subcommands;
    bool hidden = false;
};

/// Every name of an option ("-q,--quiet" -> -q, --quiet); a positional's one name.
std::vector<std::string> option_names(const ArgSpec& arg);
/// "'WHAT' is not an itk command; did you mean 'BEST'?" (or "see 'itk help'" without one).
std::string not_a_command(const std::string& what, const std::string& best);
/// The subcommand of `app` named `name` (hidden ones too). A usage error when none, saying
/// "'SHOWN' is not an itk command" with the closest visible name.
const CLI::App& subcommand_named(const CLI::App& app, const std::string& name, const std::string& shown);


/// What a command does once the command line is parsed; main runs it outside CLI11.
using Runner = std::function<int()>;

/// A handle on one command being declared. Options are optional unless marked required();
/// std::optional members stay unset when absent; a repeated option keeps its last value,
/// except the std::vector ones, which keep every value (also comma-separated).
class Command {
public:
    Command(CLI::App* app, std::shared_ptr<CommandSpec> spec, Runner* selected);

    /// A subcommand that runs `run` (`itk major declare`).
    Command command(const char* name, const char* help, Runner run);
    /// A subcommand that only groups others (`itk major`).
    Command group(const char* name, const char* help);

    /// Positional arguments, in order: a std::string is required, a std::optional is not.
    Command& arg(const char* name, std::string& into, const char* help, Values values = Values::text);
    Command& arg(const char* name, std::optional<std::string>& into, const char* help, Values values = Values::text);
    Command& args(const char* name, std::vector<std::string>& into, const char* help, Values values = Values::text);

    Command& option(const char* names, std::string& into, const char* help, Values values = Values::text);
    Command& option(const char* names, std::optional<std::string>& into, const char* help,
                    Values values = Values::text);
    Command& option(const char* names, std::optional<int>& into, const char* help, Values values = Values::number);
    Command& option(const char* names, int& into, const char* help, Values values = Values::number);
    Command& option(const char* names, std::optional<std::size_t>& into, const char* help,
                    Values values = Values::number);
    /// Repeatable, values also split at commas (`--status new,on_hold`).
    Command& list(const char* names, std::vector<std::string>& into, const char* help, Values values = Values::text);
    /// Repeatable, values kept whole (`--set note=a,b`).
    Command& repeated(const char* names, std::vector<std::string>& into, const char* help,
                      Values values = Values::text);
    Command& flag(const char* names, bool& into, const char* help);

    /// The last argument or option declared must be given.
    Command& required();
    /// Not listed in --help nor in the manuals (`itk __complete`).
    Command& hidden();

    const std::shared_ptr<CommandSpec>& spec() const { return m_spec; }
    /// The --help text of the command at `path` under this one (`{"major", "declare"}`);
    /// usage error naming an unknown command, with a "did you mean".
    std::string help_text(const std::vector<std::string>& path) const;

private:
    void declared(CLI::Option* option, const char* names, const char* help, Values values, bool positional,
                  bool repeatable);

    CLI::App* m_app;
    std::shared_ptr<CommandSpec> m_spec;
    Runner* m_selected;
    CLI::Option* m_last = nullptr;
};

} // namespace itk::cmd
