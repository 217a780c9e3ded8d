// itk fsck [--fix]: every ticket file valid, canonical, and equal to the replay of its events;
// exit 5 on any problem, listing every bad file. --fix rewrites what its events can cure.

#include "commands.hpp"

#include "itk/fsck.hpp"
#include "itk/text.hpp"


namespace itk::cmd {

namespace {

struct Options {
    bool fix = false;
};

int run(const Options& o, const Globals& g)
{
    Store store = open_store(g);
    store.config(); // an invalid config is a problem too (exit 5)
    const FsckReport report = fsck(store, FsckOptions{o.fix});
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
    say(g, std::to_string(report.checked) + " ticket(s) checked, no problem");
    return 0;
}

} // namespace

void register_fsck(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("fsck", "Check every ticket file: valid, and its fields equal the replay of its events",
                             [o, &g] { return run(*o, g); });
    c.flag("--fix", o->fix, "Rewrite files whose events are sound in canonical form; remove debris of killed writers");
}

} // namespace itk::cmd
