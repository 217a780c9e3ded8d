// itk fsck: validate every ticket file and check each projection equals its replay.

#include "commands.hpp"

#include "itk/operations.hpp"
#include "itk/text.hpp"

#include <iostream>

namespace itk::cmd {

namespace {

int run(const Globals& g)
{
    Store store = open_store(g);
    store.config(); // an invalid config is a problem too (exit 5)
    const std::vector<Problem> problems = fsck(store);
    if (g.json) {
        Json array = Json::array();
        for (const Problem& p : problems) {
            array.push_back(Json{{"path", p.path}, {"message", p.message}});
        }
        out(array.dump(2) + "\n");
    }
    for (const Problem& p : problems) {
        std::cerr << "itk: error: " << printable(p.text()) << "\n";
    }
    if (!problems.empty()) {
        return exit_code(ErrorKind::invalid_data);
    }
    say(g, std::to_string(store.ids().size()) + " ticket(s) checked, no problem");
    return 0;
}

} // namespace

void register_fsck(Command& root, Globals& g)
{
    root.command("fsck", "Check every ticket file: valid, and its fields equal the replay of its events",
                 [&g] { return run(g); });
}

} // namespace itk::cmd
