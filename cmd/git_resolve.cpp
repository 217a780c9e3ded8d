// itk git-resolve [PATH...]: merge the ticket files git left conflicted (a merge, rebase,
// cherry-pick or stash pop run without the driver, a web merge refused) from git's index
// stages, event by event, and stage them; then `git merge --continue` (or rebase's) goes on.

#include "commands.hpp"

#include "itk/git.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::vector<std::string> paths;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g, false);
    const ResolveReport report = git_resolve(store, o.paths);
    for (const std::string& line : report.said) {
        say(g, line);
    }
    for (const std::string& error : report.errors) {
        error_line(error);
    }
    return report.errors.empty() ? 0 : exit_code(ErrorKind::invalid_data);
}

} // namespace

void register_git_resolve(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("git-resolve", "Merge the ticket files git left conflicted, and stage them",
                             [o, &g] { return run(*o, g); });
    c.args("path", o->paths, "Ticket files to resolve (default: every conflicted one)", Values::file);
}

} // namespace itk::cmd
