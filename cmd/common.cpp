#include "common.hpp"

#include "itk/fsio.hpp"
#include "itk/git.hpp"
#include "itk/hooks.hpp"
#include "itk/text.hpp"

#include <cstdlib>
#include <iostream>
#include <iterator>
#include <unistd.h>

namespace itk::cmd {

Store open_store(const Globals& g, bool check_git)
{
    Store store(Store::find_root(g.dir));
    if (check_git && !g.quiet) {
        if (const auto warning = missing_driver_warning(store.root())) {
            warn(*warning);
        }
    }
    return store;
}

std::string actor(const Globals& g, const Store& store) { return resolve_actor(g.as, store.root()); }

Style style(const Globals& g)
{
    const char* no_color = std::getenv("NO_COLOR");
    return Style{!g.no_color && (no_color == nullptr || *no_color == '\0') && ::isatty(STDOUT_FILENO) == 1};
}

void say(const Globals& g, const std::string& message)
{
    // Messages quote ticket text: scrub it, keeping the lines the library meant.
    if (!g.quiet && !message.empty()) {
        std::cerr << printable_lines(message) << "\n";
    }
}

void error_line(const std::string& message) { std::cerr << "itk: error: " << printable(message) << "\n"; }

void warn(const std::string& message) { std::cerr << "itk: warning: " << printable(message) << "\n"; }

namespace {

std::string g_out;
int g_out_error = 0;

} // namespace

namespace {
const KeptNode* g_kept = nullptr; // a plain pointer: no destructor runs at exit, a leak checker sees it
} // namespace

void keep_node(KeptNode* node)
{
    node->next = g_kept;
    g_kept = node;
}

void out(const std::string& data)
{
    g_out += data;
    if (g_out.size() >= (std::size_t{1} << 16)) {
        flush_out();
    }
}

int flush_out()
{
    // write(2) rather than std::cout: a failure keeps its errno, which a stream would lose.
    if (g_out_error == 0 && !g_out.empty() && !write_fd(STDOUT_FILENO, g_out.data(), g_out.size())) {
        g_out_error = errno;
    }
    g_out.clear();
    return g_out_error;
}

int finish(const Globals& g, Store& store, const std::string& actor)
{
    (void)g;
    if (store.config().git_autocommit) {
        if (const auto warning = autocommit(store, actor)) {
            warn(*warning);
        }
    }
    for (const std::string& warning : run_hooks(store, actor)) {
        warn(warning);
    }
    return 0;
}

int change_ticket(const Globals& g, const std::string& id_arg,
                  const std::function<Outcome(Ticket&, const Context&)>& change)
{
    Store store = open_store(g);
    const std::string id = store.resolve_id(id_arg);
    const std::string who = actor(g, store);
    const Outcome o = store.modify(id, who, change);
    say(g, o.message);
    return finish(g, store, who);
}

fs::path self_path()
{
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
        fail_io("find the itk binary from", "/proc/self/exe", ec.value());
    }
    return p;
}

std::string read_stdin()
{
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

} // namespace itk::cmd
