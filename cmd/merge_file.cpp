// itk merge-file BASE OURS THEIRS: git's merge driver for tickets (%O %A %B). Writes the
// merge of both sides' events to OURS; exits 5 (git reports a conflict) when a side is not
// a ticket.

#include "commands.hpp"

#include "itk/git.hpp"
#include "itk/merge.hpp"

namespace itk::cmd {

namespace {

struct Options {
    std::string base, ours, theirs;
};

int run(const Options& o, const Globals& g)
{
    (void)g; // git runs drivers during pull and merge: a silent success, like git's own merges
    merge_files(o.base, o.ours, o.theirs);
    return 0;
}

} // namespace

void register_merge_file(Command& root, Globals& g)
{
    const auto o = std::make_shared<Options>();
    Command c = root.command("merge-file", "Git merge driver: merge two versions of a ticket event by event",
                             [o, &g] { return run(*o, g); });
    c.arg("base", o->base, "Common ancestor (%O)", Values::file);
    c.arg("ours", o->ours, "Our version, replaced by the merge (%A)", Values::file);
    c.arg("theirs", o->theirs, "Their version (%B)", Values::file);
}

} // namespace itk::cmd
