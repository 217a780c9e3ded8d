// itk: the command-line entry point. Builds the CLI from the command table, parses, runs the
// chosen command, and maps every error to the exit codes of SPEC §8. This is the one place
// that catches.

#include "commands.hpp"

#include "itk/error.hpp"
#include "itk/text.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstring>
#include <iostream>

namespace {

int error(const std::string& message, int code)
{
    itk::cmd::error_line(message);
    return code;
}

// When a word where a command (or a subcommand: `itk major declre`) is expected names none,
// the message saying so, with the closest name; else nothing.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv)
{
    static const std::vector<std::string> k_valued = {"--dir", "--as"};
    const CLI::App* at = &app;
    std::string so_far;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (std::find(k_valued.begin(), k_valued.end(), arg) != k_valued.end()) {
            ++i;
            continue;
        }
        if (arg.empty() || arg[0] == '-') {
            continue;
        }
        if (at->get_subcommands([](const CLI::App*) { return true; }).empty()) {
            return std::nullopt; // a positional argument of the command reached
        }
        so_far += arg;
        try {
            at = &itk::cmd::subcommand_named(*at, arg, so_far);
        } catch (const itk::Error& e) {
            return std::string(e.what());
        }
        so_far += " ";
    }
    return std::nullopt;
}

// "did you mean" for an unknown flag of the command being parsed.
std::optional<std::string> flag_hint(const CLI::App& app, const CLI::ParseError& e)
{
    if (dynamic_cast<const CLI::ExtrasError*>(&e) == nullptr) {
        return std::nullopt;
    }
    const CLI::App* sub = &app; // the deepest command parsed
    for (;;) {
        const auto parsed = sub->get_subcommands([](const CLI::App* a) { return a->parsed(); });
        if (parsed.empty()) {
            break;
        }
        sub = parsed.front();
    }
    std::vector<std::string> names;
    for (const CLI::App* a = sub; a != nullptr; a = a->get_parent()) {
        for (const CLI::Option* o : a->get_options()) {
            for (const std::string& n : o->get_lnames()) {
                names.push_back("--" + n);
            }
        }
    }
    std::vector<std::string> extras;
    for (const CLI::App* a = sub; a != nullptr; a = a->get_parent()) {
        const std::vector<std::string> more = a->remaining();
        extras.insert(extras.end(), more.begin(), more.end());
    }
    for (const std::string& extra : extras) {
        if (extra.rfind("--", 0) != 0) {
            continue;
        }
        const std::string flag = extra.substr(0, extra.find('='));
        const std::string best = itk::closest(flag, names);
        const std::string where = sub == &app ? "itk" : "itk " + sub->get_name();
        return "unknown flag '" + itk::printable(flag) + "' for '" + where + "'" +
               (best.empty() ? "; see '" + where + " --help'" : "; did you mean '" + best + "'?");
    }
    return std::nullopt;
}

} // namespace

int main(int argc, char** argv)
{
    using namespace itk;
    for (int i = 1; i < argc; ++i) {
        if (!is_valid_utf8(argv[i])) {
            return error("argument " + std::to_string(i) + " is not valid UTF-8", 2);
        }
    }

    CLI::App app{"itk: IT incident management in plain JSON files (ITIL 4 incident practice)", "itk"};
    app.set_version_flag("--version", std::string("itk ") + ITK_VERSION + " (commit " + ITK_COMMIT + ")");
    app.require_subcommand(1);
    app.fallthrough();
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.footer("Run 'itk COMMAND --help' for a command's options. Exit codes: 0 done, 1 failure, 2 usage, "
               "3 not found, 4 refused, 5 invalid data.");

    cmd::Globals globals;
    app.add_option("--dir", globals.dir, "Store root (default: $ITK_DIR, else the nearest itk.toml upwards)");
    app.add_option("--as", globals.as, "Actor of the change (default: $ITK_ACTOR, git user.email, $USER)");
    app.add_flag("--json", globals.json, "Print JSON (read commands)");
    app.add_flag("-q,--quiet", globals.quiet, "No messages on stderr, only errors");
    app.add_flag("--no-color", globals.no_color, "Never colour output (also NO_COLOR)");

    cmd::Runner selected;
    auto spec = std::make_shared<cmd::CommandSpec>();
    spec->name = "itk";
    // The global options, for completion and the manuals (the root's own arguments).
    spec->args = {
        {"-h,--help", "Print the help and exit", cmd::Values::none},
        {"--version", "Print the version and the commit and exit", cmd::Values::none},
        {"--dir", "Store root (default: $ITK_DIR, else the nearest itk.toml upwards)", cmd::Values::directory},
        {"--as", "Actor of the change (default: $ITK_ACTOR, git user.email, $USER)", cmd::Values::person},
        {"--json", "Print JSON (read commands)", cmd::Values::none},
        {"-q,--quiet", "No messages on stderr, only errors", cmd::Values::none},
        {"--no-color", "Never colour output (also NO_COLOR)", cmd::Values::none},
    };
    cmd::Command root(&app, spec, &selected);
    for (cmd::Register reg : cmd::k_commands) {
        reg(root, globals);
    }

    if (argc >= 2 && std::strcmp(argv[1], "__complete") == 0) {
        // Completion runs on every TAB: no CLI11 parse, never an error on a half-typed line.
        cmd::complete(*spec, std::vector<std::string>(argv + 2, argv + argc));
        cmd::flush_out();
        return 0;
    }
    if (argc == 3 && std::strcmp(argv[1], "__manuals") == 0) { // the build writes the manual pages
        try {
            return cmd::write_manuals(*spec, argv[2]);
        } catch (const Error& e) {
            return error(e.what(), exit_code(e.kind()));
        }
    }
    if (argc == 1) { // `itk` alone: the usage, as a usage error (git, Taskwarrior)
        std::cerr << app.help();
        return 2;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) { // --help, --version
            const int rc = app.exit(e);
            std::cout.flush();
            return std::cout ? rc : error(std::string("cannot write to standard output: ") + std::strerror(errno), 1);
        }
        if (const auto bad = unknown_command(app, argc, argv)) {
            return error(*bad, 2);
        }
        if (const auto hint = flag_hint(app, e)) {
            return error(*hint, 2);
        }
        std::string what = e.what();
        std::transform(what.begin(), what.begin() + std::min<std::size_t>(1, what.size()), what.begin(), ::tolower);
        std::string command;
        for (const CLI::App* sub : app.get_subcommands([](const CLI::App* a) { return a->parsed(); })) {
            command = sub->get_name() + " ";
        }
        return error(what + "; see 'itk " + command + "--help'", 2);
    }

    int code = 0;
    try {
        code = selected ? selected() : 2;
    } catch (const Error& e) {
        code = error(e.what(), exit_code(e.kind()));
    } catch (const nlohmann::json::exception& e) {
        // Every JSON itk reads comes from a ticket file: a value of the wrong type is bad data.
        code = error(std::string("invalid data in a ticket file: ") + e.what() + "; run 'itk fsck'", 5);
    } catch (const std::exception& e) {
        code = error(e.what(), 1);
    }
    if (const int err = cmd::flush_out()) {
        return error(std::string("cannot write to standard output: ") + std::strerror(err), exit_code(ErrorKind::io));
    }
    return code;
}
