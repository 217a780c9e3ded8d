// itk fsck [--fix] [--cached | PATH...]: every ticket file valid, canonical, equal to the
// replay of its events, and linked both ways; exit 5 on any problem, listing every bad file.
// --fix rewrites what its events can cure; --cached checks git's index (a pre-commit hook).

#include "commands.hpp"

#include "itk/fsck.hpp"
#include "itk/text.hpp"

namespace itk::cmd {

namespace {

struct Options {
    bool fix = false;
    bool cached = false;
    std::vector<std::string> paths;
};

int run(const Options& o, const Globals& g)
{
    if (o.fix && (o.cached || !o.paths.empty())) {
        throw Error(ErrorKind::usage, "--fix rewrites the store's own files: run 'itk fsck --fix' without --cached or PATH");
    }
    if (o.cached && !o.paths.empty()) {
        throw Error(ErrorKind::usage, "give --cached or PATH..., not both");
    }
    Store store = open_store(g);
    store.config(); // an invalid config is a problem too (exit 5)
    const FsckReport report = fsck(store, FsckOptions{o.fix, o.cached, o.paths});
    if (g.json) {
        Json array = Json::array();
        for (const Problem& p : report.problems) {
            array.push_back(Json{{"path", p.path}, {"message", p.message}});
        }
        out(array.dump(2) + "\n");
    }
    for (const std::string& line : report.fixed) {
        say(g, "fixed: " + line);
    }
    for (const std::string& line : report.warnings) {
        warn(line);
    }
    for (const Problem& p : report.problems) {
        error_line(p.text());
    }
    if (!report.problems.empty()) {
        return exit_code(ErrorKind::invalid_data);
    }
    say(g, std::to_string(report.checked) + (o.cached ? " staged" : "") + " ticket(s) checked, no problem");
    return 0;
}

} // namespace

void register_fsck(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("fsck", "Check ticket files: valid, equal to the replay of their events, linked both ways",
                             [o, &g] { return run(*o, g); });
    c.flag("--fix", o->fix, "Rewrite files whose events are sound in canonical form; remove debris of killed writers");
    c.flag("--cached", o->cached, "Check the ticket files staged in git's index (for a pre-commit hook)");
    c.args("path", o->paths, "Check only these ticket files", Values::file);
}

} // namespace itk::cmd
