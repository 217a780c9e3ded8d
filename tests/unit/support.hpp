#pragma once
// Shared fixtures of the unit tests: the default config, a clock that moves one minute per
// step, and tickets brought to each status through the lifecycle's own actions.

#include "itk/config.hpp"
#include "itk/error.hpp"
#include "itk/actions.hpp"
#include "itk/projection.hpp"
#include "itk/ticket_file.hpp"
#include "itk/ticket.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>

namespace itk::test {

/// An event as its file holds it, for tests that read its keys.
inline Json ev_json(const Event& e) { return encode_event(e); }

/// The rules and the projection applied to an event given as JSON, as a file holds it.
inline std::optional<std::string> refusal(const Ticket& t, const Json& event) { return itk::refusal(t, decode_event(event)); }
inline void check(const Ticket& t, const Json& event) { itk::check(t, decode_event(event)); }
inline void apply_event(Ticket& t, const Json& event) { apply(t, decode_event(event)); }

/// Replays events given as JSON, as a file holds them.
inline Ticket replay_json(const std::vector<Json>& events, std::optional<Time> until = std::nullopt)
{
    std::vector<Event> typed;
    for (const Json& j : events) {
        typed.push_back(decode_event(j));
    }
    return replay(typed, until);
}

/// 2026-11-21T09:00:00Z (computed with `date -u -d ... +%s`).
inline constexpr Time k_t0 = 1795251600;
inline constexpr const char* k_id = "INC-7K3QX9MA2P";

/// The config `itk init` writes (SPEC §6).
inline const Config& default_cfg()
{
    static const Config cfg = parse_config(default_config_text(), "itk.toml");
    return cfg;
}

/// A clock for a scenario: every step is one minute after the previous one.
class Clock {
public:
    explicit Clock(const Config& config = default_cfg(), Time start = k_t0) : m_config(config), m_now(start) {}

    /// The context of the next step.
    Context next(const std::string& actor = "alice")
    {
        m_now += 60;
        return Context{m_config, actor, m_now};
    }
    /// The context of a step `seconds` after the previous one.
    Context after(Duration seconds, const std::string& actor = "alice")
    {
        m_now += seconds;
        return Context{m_config, actor, m_now};
    }
    Time now() const { return m_now; }
    const Config& config() const { return m_config; }

private:
    const Config& m_config;
    Time m_now;
};

/// The registration of every test ticket: Julie calls for her manager Marc.
inline OpenArgs open_args()
{
    OpenArgs a;
    a.title = "Printer down on floor 3";
    a.description = "Nothing prints since 8:00.";
    a.caller = Person{"julie", "Julie@corp.example"};
    a.affected = Person{"Marc", "marc@corp.example"};
    a.channel = "phone";
    a.service = "printing";
    return a;
}

/// A bare `new` ticket: one open event, not categorised.
inline Ticket bare_ticket(Clock& clock, const std::string& id = k_id)
{
    return open_ticket(clock.next(), id, open_args());
}

/// How a test ticket is prepared before it is brought to a status.
enum class Fixture {
    plain,  ///< P5, no link
    major,  ///< P1, major (high/high), coordinated by dave, post-mortem written before closing
    child,  ///< P5, child of INC-PARENT0001
    parent, ///< P5, lists INC-CHILD00001 as a child
};

/// A ticket in `status` whose every precondition is met (incident, prioritised, owner bob
/// when assigned), so that only the status decides what the rules allow.
inline Ticket ticket_in(Status status, Clock& clock, const std::string& id = k_id, Fixture fixture = Fixture::plain)
{
    Ticket t = bare_ticket(clock, id);
    if (status == Status::redirected) {
        categorize(t, clock.next(), CategorizeArgs{"request", {}, {}, {}, std::string("REQ-42")});
        return t;
    }
    categorize(t, clock.next(), CategorizeArgs{"incident", {}, {}, {}, {}});
    if (fixture == Fixture::major) {
        prioritize(t, clock.next(), "high", "high");
        coordinate(t, clock.next(), "dave");
    } else {
        prioritize(t, clock.next(), "low", "low");
    }
    if (fixture == Fixture::child) {
        link(t, clock.next(), "INC-PARENT0001");
    } else if (fixture == Fixture::parent) {
        adopt(t, clock.next(), "INC-CHILD00001");
    }
    if (status == Status::fresh) {
        return t;
    }
    if (status == Status::cancelled) {
        cancel(t, clock.next(), "false alarm", {});
        return t;
    }
    assign(t, clock.next(), "bob", {});
    if (status == Status::in_progress) {
        return t;
    }
    if (status == Status::on_hold) {
        hold(t, clock.next(), "waiting for the user");
        return t;
    }
    resolve(t, clock.next("bob"), "replaced the fuser", "permanent", std::string("HW-12"));
    if (status == Status::resolved) {
        return t;
    }
    if (fixture == Fixture::major) {
        record_postmortem(t, clock.next(), "postmortems/" + id + ".md");
    }
    close_confirmed(t, clock.next("bob"), "julie", 4, std::string("quick, thanks"));
    return t;
}

/// The message of the refused error an action throws, or "" when it does not throw. Any
/// other kind of error fails the test.
inline std::string refused_message(const std::function<void()>& action)
{
    try {
        action();
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::refused);
        return e.what();
    }
    return "";
}

/// The message of an Error of `kind`, or "" when the action does not throw.
inline std::string error_message(ErrorKind kind, const std::function<void()>& action)
{
    try {
        action();
    } catch (const Error& e) {
        CHECK(e.kind() == kind);
        return e.what();
    }
    return "";
}

/// Restores an environment variable on scope exit.
class EnvGuard {
public:
    EnvGuard(const char* name, const char* value) : m_name(name)
    {
        if (const char* old = std::getenv(name)) {
            m_old = old;
        }
        set(value);
    }
    ~EnvGuard()
    {
        if (m_old) {
            ::setenv(m_name.c_str(), m_old->c_str(), 1);
        } else {
            ::unsetenv(m_name.c_str());
        }
    }
    EnvGuard(const EnvGuard&) = delete;
    EnvGuard& operator=(const EnvGuard&) = delete;
    void set(const char* value)
    {
        if (value != nullptr) {
            ::setenv(m_name.c_str(), value, 1);
        } else {
            ::unsetenv(m_name.c_str());
        }
    }

private:
    std::string m_name;
    std::optional<std::string> m_old;
};

// A temporary directory, removed with its contents on scope exit.
class TempDir {
public:
    TempDir()
    {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/itk-unit-XXXXXX";
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_path = pattern;
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

inline void write_text(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
    REQUIRE(out.good());
}

} // namespace itk::test
