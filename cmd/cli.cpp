// Command's declarations, forwarded to CLI11 (one of the two files that compile it) and
// recorded in the CommandSpec tree for manuals and completion.

#include "cli.hpp"

#include "itk/error.hpp"
#include "itk/text.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

namespace itk::cmd {

std::vector<std::string> option_names(const ArgSpec& arg)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = arg.names.find(',', start);
        out.push_back(arg.names.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) {
            return out;
        }
        start = comma + 1;
    }
}

std::string not_a_command(const std::string& what, const std::string& best)
{
    return "'" + what + "' is not an itk command" + (best.empty() ? "; see 'itk help'" : "; did you mean '" + best + "'?");
}

const CLI::App& subcommand_named(const CLI::App& app, const std::string& name, const std::string& shown)
{
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_name() == name) {
            return *sub;
        }
        if (!sub->get_group().empty()) {
            names.push_back(sub->get_name());
        }
    }
    throw Error(ErrorKind::usage, not_a_command(printable(shown), closest(name, names)));
}

Command::Command(CLI::App* app, std::shared_ptr<CommandSpec> spec, Runner* selected)
    : m_app(app), m_spec(std::move(spec)), m_selected(selected)
{
}

Command Command::command(const char* name, const char* help, Runner run)
{
    CLI::App* sub = m_app->add_subcommand(name, help);
    Runner* selected = m_selected;
    sub->callback([selected, run = std::move(run)] { *selected = run; });
    auto spec = std::make_shared<CommandSpec>();
    spec->name = name;
    spec->help = help;
    m_spec->subcommands.push_back(spec);
    return Command(sub, spec, m_selected);
}

Command Command::group(const char* name, const char* help)
{
    CLI::App* sub = m_app->add_subcommand(name, help);
    sub->require_subcommand(1);
    auto spec = std::make_shared<CommandSpec>();
    spec->name = name;
    spec->help = help;
    m_spec->subcommands.push_back(spec);
    return Command(sub, spec, m_selected);
}

void Command::declared(CLI::Option* option, const char* names, const char* help, Values values, bool positional,
                       bool repeatable)
{
    m_last = option;
    ArgSpec a;
    a.names = names;
    a.help = help;
    a.values = values;
    a.positional = positional;
    a.repeatable = repeatable;
    m_spec->args.push_back(std::move(a));
}

Command& Command::arg(const char* name, std::string& into, const char* help, Values values)
{
    declared(m_app->add_option(name, into, help), name, help, values, true, false);
    return required();
}

Command& Command::arg(const char* name, std::optional<std::string>& into, const char* help, Values values)
{
    declared(m_app->add_option(name, into, help), name, help, values, true, false);
    return *this;
}

Command& Command::args(const char* name, std::vector<std::string>& into, const char* help, Values values)
{
    declared(m_app->add_option(name, into, help)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll), name, help,
             values, true, true);
    return *this;
}

Command& Command::option(const char* names, std::string& into, const char* help, Values values)
{
    declared(m_app->add_option(names, into, help), names, help, values, false, false);
    return *this;
}

Command& Command::option(const char* names, std::optional<std::string>& into, const char* help, Values values)
{
    declared(m_app->add_option(names, into, help), names, help, values, false, false);
    return *this;
}

Command& Command::option(const char* names, std::optional<int>& into, const char* help, Values values)
{
    declared(m_app->add_option(names, into, help), names, help, values, false, false);
    return *this;
}

Command& Command::option(const char* names, int& into, const char* help, Values values)
{
    declared(m_app->add_option(names, into, help), names, help, values, false, false);
    return *this;
}

Command& Command::option(const char* names, std::optional<std::size_t>& into, const char* help, Values values)
{
    CLI::Option* o = m_app->add_option(names, into, help)->check(
        [](const std::string& v) {
            return !v.empty() && v.find_first_not_of("0123456789") == std::string::npos ? std::string()
                                                                                         : "expected a whole number, e.g. 20";
        },
        "N");
    declared(o, names, help, values, false, false);
    return *this;
}

Command& Command::list(const char* names, std::vector<std::string>& into, const char* help, Values values)
{
    declared(m_app->add_option(names, into, help)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->delimiter(','),
             names, help, values, false, true);
    return *this;
}

Command& Command::repeated(const char* names, std::vector<std::string>& into, const char* help, Values values)
{
    declared(m_app->add_option(names, into, help)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll), names, help,
             values, false, true);
    return *this;
}

Command& Command::flag(const char* names, bool& into, const char* help)
{
    declared(m_app->add_flag(names, into, help), names, help, Values::none, false, false);
    return *this;
}

Command& Command::required()
{
    m_last->required();
    m_spec->args.back().required = true;
    return *this;
}

std::string Command::help_text(const std::vector<std::string>& path) const
{
    const CLI::App* app = m_app;
    std::string so_far = "itk";
    for (const std::string& name : path) {
        so_far += " " + name;
        app = &subcommand_named(*app, name, so_far);
    }
    return app->help();
}

Command& Command::hidden()
{
    m_app->group("");
    m_spec->hidden = true;
    return *this;
}

} // namespace itk::cmd
