// Generates a store of N tickets of about 8 events each, through the library's own
// lifecycle (so every file is valid and passes fsck), for the benchmarks of SPEC §12.
//   itk-bench-gen DIR N
//   itk-bench-gen --write-floor DIR     (the floor of a single change)

#include "itk/config.hpp"
#include "itk/actions.hpp"
#include "itk/store.hpp"
#include "itk/ticket_file.hpp"

#include <cstdio>
#include <fstream>
#include <cstdlib>
#include <random>
#include <fcntl.h>
#include <unistd.h>
#include <string>

// The floor of a single change: one process that writes a 4 KB file, fsyncs it, renames it
// into place and fsyncs the directory, as every itk change does at least.
int write_floor(const char* dir)
{
    const std::string tmp = std::string(dir) + "/.floor.tmp", target = std::string(dir) + "/floor.json";
    const std::string data(4096, 'x');
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || ::write(fd, data.data(), data.size()) != static_cast<ssize_t>(data.size()) || ::fsync(fd) != 0 ||
        ::close(fd) != 0 || ::rename(tmp.c_str(), target.c_str()) != 0) {
        std::perror(tmp.c_str());
        return 1;
    }
    const int d = ::open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0 || ::fsync(d) != 0 || ::close(d) != 0) {
        std::perror(dir);
        return 1;
    }
    return 0;
}

int main(int argc, char** argv)
{
    using namespace itk;
    if (argc == 3 && std::string(argv[1]) == "--write-floor") {
        return write_floor(argv[2]);
    }
    if (argc != 3) {
        std::fprintf(stderr, "usage: itk-bench-gen DIR N\n");
        return 2;
    }
    const fs::path dir = argv[1];
    const long n = std::atol(argv[2]);
    try {
        if (!fs::exists(dir / "itk.toml")) {
            init_store(dir);
        }
        Store store(dir);
        const Config& cfg = store.config();
        std::mt19937 rng(42);
        const char* people[] = {"alice", "bob", "dave", "erin", "frank"};
        const Time start = *parse_rfc3339("2026-01-01T00:00:00Z");
        for (long i = 0; i < n; ++i) {
            Time at = start + static_cast<Time>(rng() % (300 * 86400));
            const auto step = [&] {
                at += 60 + static_cast<Time>(rng() % 7200);
                return Context{cfg, people[rng() % 5], at};
            };
            OpenArgs a;
            a.title = "Generated incident " + std::to_string(i) + ": service degraded";
            a.description = "A user reports that the service is slow since this morning.";
            a.caller = Person{"user" + std::to_string(rng() % 5000), "user@corp.example"};
            a.channel = "phone";
            a.service = "service-" + std::to_string(rng() % 40);
            Ticket t = open_ticket(Context{cfg, "alice", at}, generate_id(cfg.prefix), a);
            categorize(t, step(), CategorizeArgs{"incident", std::string("category"), {}, {}, {}});
            prioritize(t, step(), cfg.impact[rng() % cfg.impact.size()], cfg.urgency[rng() % cfg.urgency.size()]);
            assign(t, step(), people[rng() % 5], {});
            note(t, step(), "Checked the logs; restarted the client", false);
            const unsigned fate = rng() % 10;
            if (fate < 6) {
                coordinate(t, step(), "chloe");
                resolve(t, step(), "Restarted the service", "permanent", {});
                if (t.major) {
                    record_postmortem(t, step(), "postmortems/" + t.id + ".md");
                }
                close_confirmed(t, step(), t.caller.name, 1 + static_cast<int>(rng() % 5), {});
            } else if (fate < 8) {
                escalate(t, step(), {}, "Needs the application team");
                note(t, step(), "Escalated; waiting for the team", false);
                assign(t, step(), people[rng() % 5], {});
            } else {
                hold(t, step(), "Waiting for the user");
                resume(t, step());
            }
            // Plain writes: the generator needs speed, not crash safety.
            std::ofstream(store.ticket_path(t.id), std::ios::binary) << serialize(t);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "itk-bench-gen: %s\n", e.what());
        return 1;
    }
    return 0;
}
