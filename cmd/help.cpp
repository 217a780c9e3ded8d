// itk help [COMMAND...]: the manual page (`man itk-COMMAND`) when one is installed, else the
// command's --help, as `git help` does.

#include "commands.hpp"

#include "itk/run_command.hpp"

#include <unistd.h>

namespace itk::cmd {

namespace {

struct Options {
    std::vector<std::string> path;
};

int run(const Options& o, const Command& root)
{
    const std::string text = root.help_text(o.path); // also checks that the command exists
    std::string page = "itk";
    for (const std::string& name : o.path) {
        page += "-" + name;
    }
    // A manual only for a person at a terminal: a script or a pipe gets the plain text.
    if (::isatty(STDOUT_FILENO) == 1 && run_command(ChildProcess{{"man", "-w", page}, std::nullopt, true, ChildStderr::discard, {}}).ok()) {
        flush_out();
        exec_command({"man", page}); // returns only when man cannot run
    }
    out(text);
    return 0;
}

} // namespace

void register_help(Command& root, Globals& g)
{
    (void)g;
    const auto o = std::make_shared<Options>();
    const Command top = root;
    Command c = root.command("help", "Show the manual of itk or of a command (its --help without manuals)",
                             [o, top] { return run(*o, top); });
    c.args("command", o->path, "The command (e.g. 'open', 'major declare')", Values::command);
}

} // namespace itk::cmd
