// Tests of itk/config: parsing from strings (as ninja's ParseTest does), validation, and the
// exact `file:line:column: message` of every error.

#include "itk/config.hpp"
#include "itk/event.hpp"
#include "itk/error.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using namespace itk;

namespace {

// A small valid config, one line per entry, so that tests can replace line N and know
// exactly where the error is.
const std::vector<std::string> k_base = {
    /* 1 */ "schema = 1",
    /* 2 */ "[ids]",
    /* 3 */ "prefix = \"INC\"",
    /* 4 */ "[priority]",
    /* 5 */ "priorities = [\"P1\", \"P2\", \"P3\"]",
    /* 6 */ "impact = [\"high\", \"low\"]",
    /* 7 */ "urgency = [\"high\", \"low\"]",
    /* 8 */ "matrix = [[\"P1\", \"P2\"], [\"P2\", \"P3\"]]",
    /* 9 */ "[sla]",
    /* 10 */ "P1 = { response = \"15m\", resolution = \"4h\" }",
    /* 11 */ "P2 = { response = \"1h\", resolution = \"1d\" }",
    /* 12 */ "P3 = { response = \"1d\", resolution = \"5d\" }",
    /* 13 */ "[escalation]",
    /* 14 */ "levels = [\"N1\", \"N2\"]",
    /* 15 */ "groups = { N1 = \"desk\", N2 = \"experts\" }",
    /* 16 */ "[closure]",
    /* 17 */ "auto_close_after = \"3d\"",
};

std::string join_lines(const std::vector<std::string>& lines)
{
    std::string out;
    for (const std::string& l : lines) {
        out += l + "\n";
    }
    return out;
}

// The base config with line `n` (1-based) replaced.
std::string base_with(std::size_t n, const std::string& line)
{
    std::vector<std::string> lines = k_base;
    REQUIRE(n >= 1);
    REQUIRE(n <= lines.size());
    lines[n - 1] = line;
    return join_lines(lines);
}

// The base config with a line inserted before line `n`.
std::string base_inserting(std::size_t n, const std::string& line)
{
    std::vector<std::string> lines = k_base;
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(n - 1), line);
    return join_lines(lines);
}

// The message of the invalid_data error parse_config throws, or "" when it accepts the text.
std::string config_error(std::string_view text)
{
    try {
        parse_config(text, "t.toml");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::invalid_data);
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("config: the defaults that itk init writes parse to SPEC §6")
{
    const Config cfg = parse_config(default_config_text(), "itk.toml");
    CHECK(cfg.path == "itk.toml");
    CHECK(cfg.prefix == "INC");
    CHECK(cfg.priorities == std::vector<std::string>{"P1", "P2", "P3", "P4", "P5"});
    CHECK(cfg.impact == std::vector<std::string>{"high", "medium", "low"});
    CHECK(cfg.urgency == std::vector<std::string>{"high", "medium", "low"});
    CHECK(cfg.matrix == std::vector<std::vector<std::string>>{
                            {"P1", "P2", "P3"}, {"P2", "P3", "P4"}, {"P3", "P4", "P5"}});
    CHECK(cfg.impact_describe.at("high") == "a site or the whole company");
    CHECK(cfg.urgency_describe.at("low") == "can wait");
    REQUIRE(cfg.sla.size() == 5);
    CHECK(cfg.sla.at("P1").response == 15 * 60);
    CHECK(cfg.sla.at("P1").resolution == 4 * 3600);
    CHECK(cfg.sla.at("P2").response == 30 * 60);
    CHECK(cfg.sla.at("P2").resolution == 8 * 3600);
    CHECK(cfg.sla.at("P3").response == 4 * 3600);
    CHECK(cfg.sla.at("P3").resolution == 3 * 86400);
    CHECK(cfg.sla.at("P4").response == 86400);
    CHECK(cfg.sla.at("P4").resolution == 5 * 86400);
    CHECK(cfg.sla.at("P5").response == 2 * 86400);
    CHECK(cfg.sla.at("P5").resolution == 10 * 86400);
    CHECK(cfg.levels == std::vector<std::string>{"N1", "N2", "N3"});
    CHECK(cfg.group_of("N1") == "service-desk");
    CHECK(cfg.group_of("N2") == "support");
    CHECK(cfg.group_of("N3") == "experts");
    CHECK(cfg.group_of("N4") == "");
    CHECK(cfg.managers.at("N2") == "support-manager");
    CHECK(cfg.stale_threshold("P1") == Duration{30 * 60});
    CHECK(cfg.stale_threshold("P5") == Duration{7 * 86400});
    CHECK(cfg.stale_threshold("P9") == std::nullopt);
    CHECK(cfg.coordination_required_for == std::vector<std::string>{"P1", "P2"});
    CHECK(cfg.needs_coordinator("P1"));
    CHECK(cfg.needs_coordinator("P2"));
    CHECK_FALSE(cfg.needs_coordinator("P3"));
    REQUIRE(cfg.major_rules.size() == 1);
    CHECK(cfg.major_rules[0].impact == "high");
    CHECK(cfg.major_rules[0].urgency == "high");
    CHECK(cfg.major_rules[0].priority == std::nullopt);
    CHECK(cfg.auto_close_after == 5 * 86400);
    CHECK_FALSE(cfg.git_autocommit);
}

TEST_CASE("config: priority_for reads the matrix, rows impact and columns urgency")
{
    const Config cfg = parse_config(default_config_text(), "itk.toml");
    CHECK(cfg.priority_for("high", "high") == "P1");
    CHECK(cfg.priority_for("high", "low") == "P3");
    CHECK(cfg.priority_for("medium", "high") == "P2");
    CHECK(cfg.priority_for("low", "medium") == "P4");
    CHECK(cfg.priority_for("low", "low") == "P5");
    CHECK_THROWS_WITH(cfg.priority_for("huge", "low"), "invalid impact 'huge': expected one of high, medium, low");
    CHECK_THROWS_WITH(cfg.priority_for("low", "HIGH"), "invalid urgency 'HIGH': expected one of high, medium, low");
    try {
        cfg.priority_for("low", "now");
        FAIL("priority_for accepted an unknown urgency");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
    }
    CHECK(cfg.priority_rank("P1") == 0);
    CHECK(cfg.priority_rank("P5") == 4);
    CHECK(cfg.priority_rank("P9") == 5);
    CHECK(cfg.priority_rank("") == 5);
    CHECK(cfg.is_major("high", "high", "P1"));
    CHECK_FALSE(cfg.is_major("high", "medium", "P2"));
    CHECK_FALSE(cfg.is_major("medium", "high", "P2"));
}

TEST_CASE("config: the small base config is valid")
{
    const Config cfg = parse_config(join_lines(k_base), "t.toml");
    CHECK(cfg.priorities.size() == 3);
    CHECK(cfg.priority_for("low", "high") == "P2");
    CHECK(cfg.auto_close_after == 3 * 86400);
    CHECK(cfg.major_rules.empty());
    CHECK(cfg.coordination_required_for.empty());
    CHECK(cfg.managers.empty());
    CHECK(cfg.group_of("N2") == "experts");
}

TEST_CASE("config: unknown keys are errors naming the dotted key and its place")
{
    CHECK(config_error(base_inserting(2, "colour = \"red\"")) == "t.toml:2:1: unknown key 'colour'");
    CHECK(config_error(base_with(17, "auto_close = \"3d\"")) == "t.toml:17:1: unknown key 'closure.auto_close'");
    CHECK(config_error(base_with(14, "level = [\"N1\", \"N2\"]")) == "t.toml:14:1: unknown key 'escalation.level'");
    CHECK(config_error(base_with(3, "  prefx = \"INC\"")) == "t.toml:3:3: unknown key 'ids.prefx'");
    CHECK(config_error(base_with(10, "P1 = { response = \"15m\", resolution = \"4h\", resolve = \"1h\" }")) ==
          "t.toml:10:45: unknown key 'sla.P1.resolve'");
    CHECK(config_error(base_inserting(9, "colors = true")) == "t.toml:9:1: unknown key 'priority.colors'");
}

TEST_CASE("config: an unknown table names itself")
{
    CHECK(config_error(join_lines(k_base) + "[notify]\nmail = \"ops@corp.example\"\n") ==
          "t.toml:18:2: unknown key 'notify'");
}

TEST_CASE("config: bad durations name the key and the value")
{
    CHECK(config_error(base_with(11, "P2 = { response = \"30 minutes\", resolution = \"1d\" }")) ==
          "t.toml:11:19: invalid duration '30 minutes' for 'sla.P2.response': expected e.g. 15m, 4h, 1d12h, at most 100 years");
    CHECK(config_error(base_with(11, "P2 = { response = \"1h\", resolution = \"1.5d\" }")) ==
          "t.toml:11:38: invalid duration '1.5d' for 'sla.P2.resolution': expected e.g. 15m, 4h, 1d12h, at most 100 years");
    CHECK(config_error(base_with(17, "auto_close_after = \"0d\"")) ==
          "t.toml:17:20: invalid duration '0d' for 'closure.auto_close_after': expected e.g. 15m, 4h, 1d12h, at most 100 years");
    CHECK(config_error(base_with(17, "auto_close_after = 5")) ==
          "t.toml:17:20: 'closure.auto_close_after' must be a string");
    CHECK(config_error(base_with(17, "auto_close_after = \"1d12h\"")) == "");
    CHECK(parse_config(base_with(17, "auto_close_after = \"1d12h\""), "t.toml").auto_close_after == 36 * 3600);
}

TEST_CASE("config: every matrix cell names a declared priority")
{
    CHECK(config_error(base_with(8, "matrix = [[\"P1\", \"P9\"], [\"P2\", \"P3\"]]")) ==
          "t.toml:8:18: 'priority.matrix[0]' names 'P9', which is not in 'priority.priorities'");
    CHECK(config_error(base_with(8, "matrix = [[\"P1\", \"P2\"], [\"P2\", \"p3\"]]")) ==
          "t.toml:8:32: 'priority.matrix[1]' names 'p3', which is not in 'priority.priorities'");
}

TEST_CASE("config: the matrix has one row per impact level and one cell per urgency level")
{
    CHECK(config_error(base_with(8, "matrix = [[\"P1\", \"P2\"], [\"P2\", \"P3\"], [\"P3\", \"P3\"]]")) ==
          "t.toml:8:10: 'priority.matrix' has 3 rows but 2 impact levels");
    CHECK(config_error(base_with(8, "matrix = [[\"P1\", \"P2\"]]")) ==
          "t.toml:8:10: 'priority.matrix' has 1 rows but 2 impact levels");
    CHECK(config_error(base_with(8, "matrix = [[\"P1\"], [\"P2\", \"P3\"]]")) ==
          "t.toml:8:11: 'priority.matrix[0]' has 1 cells but 2 urgency levels");
    CHECK(config_error(base_with(8, "matrix = [[\"P1\", \"P2\"], [\"P2\", \"P3\", \"P3\"]]")) ==
          "t.toml:8:25: 'priority.matrix[1]' has 3 cells but 2 urgency levels");
    CHECK(config_error(base_with(8, "matrix = \"P1\"")) == "t.toml:8:10: 'priority.matrix' must be an array of rows");
}

TEST_CASE("config: every priority needs an SLA entry, and only declared ones have one")
{
    CHECK(config_error(base_with(12, "")) == "t.toml:9:1: missing key 'sla.P3': every priority needs an SLA entry");
    CHECK(config_error(base_with(12, "P4 = { response = \"1d\", resolution = \"5d\" }")) ==
          "t.toml:12:1: 'sla.P4': 'P4' is not a declared priority");
    CHECK(config_error(base_with(12, "P3 = { response = \"1d\" }")) == "t.toml:12:6: missing key 'sla.P3.resolution'");
}

TEST_CASE("config: ids.prefix is 1 to 9 upper-case letters or digits")
{
    CHECK(config_error(base_with(3, "prefix = \"inc\"")) ==
          "t.toml:3:10: invalid 'ids.prefix' 'inc': 1 to 9 upper-case letters or digits");
    CHECK(config_error(base_with(3, "prefix = \"INC-\"")) ==
          "t.toml:3:10: invalid 'ids.prefix' 'INC-': 1 to 9 upper-case letters or digits");
    CHECK(config_error(base_with(3, "prefix = \"\"")) ==
          "t.toml:3:10: invalid 'ids.prefix' '': 1 to 9 upper-case letters or digits");
    CHECK(config_error(base_with(3, "prefix = \"ABCDEFGHIJ\"")) ==
          "t.toml:3:10: invalid 'ids.prefix' 'ABCDEFGHIJ': 1 to 9 upper-case letters or digits");
    CHECK(parse_config(base_with(3, "prefix = \"OPS2\""), "t.toml").prefix == "OPS2");
    CHECK(parse_config(base_with(3, "prefix = \"ABCDEFGHI\""), "t.toml").prefix == "ABCDEFGHI");
}

TEST_CASE("config: schema must be 1")
{
    CHECK(config_error(base_with(1, "schema = 2")) == "t.toml:1:10: unsupported 'schema': this itk reads schema 1");
    CHECK(config_error(base_with(1, "schema = \"1\"")) == "t.toml:1:10: unsupported 'schema': this itk reads schema 1");
}

TEST_CASE("config: lists hold distinct non-empty names")
{
    CHECK(config_error(base_with(5, "priorities = [\"P1\", \"P2\", \"P1\"]")) ==
          "t.toml:5:27: 'priority.priorities' names 'P1' twice");
    CHECK(config_error(base_with(14, "levels = []")) == "t.toml:14:10: 'escalation.levels' must not be empty");
    CHECK(config_error(base_with(6, "impact = [\"high\", \"\"]")) == "t.toml:6:19: 'priority.impact' holds an empty name");
}

TEST_CASE("config: references to levels and priorities must be declared")
{
    CHECK(config_error(base_with(15, "groups = { N1 = \"desk\", N3 = \"experts\" }")) ==
          "t.toml:15:25: 'escalation.groups.N3': 'N3' is not a declared level");
    CHECK(config_error(base_inserting(13, "[coordination]\nrequired_for = [\"P1\", \"P7\"]")) ==
          "t.toml:14:23: 'coordination.required_for' names 'P7', which is not in 'priority.priorities'");
    CHECK(config_error(base_inserting(13, "[major]\nrules = [ { impact = \"huge\" } ]")) ==
          "t.toml:14:22: 'major.rules[].impact' names 'huge', which is not in 'priority.impact'");
    CHECK(config_error(base_inserting(13, "[major]\nrules = [ { impact = \"high\", urgency = \"now\" } ]")) ==
          "t.toml:14:40: 'major.rules[].urgency' names 'now', which is not in 'priority.urgency'");
    CHECK(config_error(base_inserting(13, "[major]\nrules = [ {} ]")) ==
          "t.toml:14:11: empty 'major.rules' entry would make every incident major");
}

TEST_CASE("config: a TOML syntax error names its place")
{
    // An unterminated string: the place is the end of line 3.
    const std::string message = config_error(base_with(3, "prefix = \"INC"));
    CHECK(message.rfind("t.toml:3:14: ", 0) == 0);
    CHECK(message.find("Error while parsing string") != std::string::npos);
    // A key defined twice in one table.
    const std::string dup = config_error(base_inserting(4, "prefix = \"OPS\""));
    CHECK(dup.rfind("t.toml:4:", 0) == 0);
    CHECK(dup.find("prefix") != std::string::npos);
    CHECK(config_error("schema = = 1\n").rfind("t.toml:1:10: ", 0) == 0);
}

TEST_CASE("config: a TOML syntax error has the exact text of toml++ after the place")
{
    // toml++ words its own descriptions; itk only adds `file:line:column: `. Pin one.
    CHECK(config_error("schema = 1\n[ids\n") == "t.toml:2:5: Error while parsing table header: expected ']', saw '\\n'");
}

TEST_CASE("config: a 4x4 matrix is accepted")
{
    const std::string text = R"(schema = 1
[priority]
priorities = ["P1", "P2", "P3", "P4"]
impact = ["critical", "high", "medium", "low"]
urgency = ["critical", "high", "medium", "low"]
matrix = [
  ["P1", "P1", "P2", "P3"],
  ["P1", "P2", "P3", "P3"],
  ["P2", "P3", "P3", "P4"],
  ["P3", "P3", "P4", "P4"],
]
[sla]
P1 = { response = "10m", resolution = "2h" }
P2 = { response = "30m", resolution = "8h" }
P3 = { response = "4h", resolution = "3d" }
P4 = { response = "1d", resolution = "1w" }
[escalation]
levels = ["L1", "L2", "L3", "L4"]
[major]
rules = [ { priority = "P1" } ]
)";
    const Config cfg = parse_config(text, "four.toml");
    CHECK(cfg.matrix.size() == 4);
    CHECK(cfg.priority_for("critical", "critical") == "P1");
    CHECK(cfg.priority_for("high", "high") == "P2");
    CHECK(cfg.priority_for("medium", "critical") == "P2");
    CHECK(cfg.priority_for("low", "low") == "P4");
    CHECK(cfg.priority_for("critical", "low") == "P3");
    CHECK(cfg.sla.at("P4").resolution == 7 * 86400);
    CHECK(cfg.is_major("high", "critical", "P1"));
    CHECK_FALSE(cfg.is_major("high", "high", "P2"));
    CHECK(cfg.group_of("L1") == "");
    CHECK(cfg.auto_close_after == 5 * 86400); // the default when [closure] is absent
    CHECK(cfg.prefix == "INC");
}

TEST_CASE("config: a 2x3 matrix is accepted")
{
    const std::string text = R"(schema = 1
[priority]
priorities = ["urgent", "normal", "low"]
impact = ["wide", "narrow"]
urgency = ["blocking", "degraded", "cosmetic"]
matrix = [["urgent", "normal", "low"], ["normal", "low", "low"]]
[sla]
urgent = { response = "15m", resolution = "4h" }
normal = { response = "4h", resolution = "2d" }
low = { response = "1d", resolution = "2w" }
[escalation]
levels = ["desk", "experts"]
groups = { desk = "service-desk", experts = "sre" }
)";
    const Config cfg = parse_config(text, "two.toml");
    CHECK(cfg.impact.size() == 2);
    CHECK(cfg.urgency.size() == 3);
    CHECK(cfg.priority_for("wide", "blocking") == "urgent");
    CHECK(cfg.priority_for("wide", "cosmetic") == "low");
    CHECK(cfg.priority_for("narrow", "blocking") == "normal");
    CHECK(cfg.priority_for("narrow", "degraded") == "low");
    CHECK_THROWS_WITH(cfg.priority_for("medium", "blocking"), "invalid impact 'medium': expected one of wide, narrow");
    CHECK(cfg.group_of("experts") == "sre");
}

TEST_CASE("config: a population-based impact scale is accepted")
{
    const std::string text = R"(schema = 1
[ids]
prefix = "OPS"
[priority]
priorities = ["P1", "P2", "P3", "P4"]
impact = ["company", "site", "team", "user"]
urgency = ["high", "low"]
matrix = [["P1", "P2"], ["P1", "P3"], ["P2", "P3"], ["P3", "P4"]]
[priority.describe]
impact = { company = "everyone", site = "one site", team = "one team", user = "one person" }
[sla]
P1 = { response = "15m", resolution = "4h" }
P2 = { response = "30m", resolution = "8h" }
P3 = { response = "4h", resolution = "3d" }
P4 = { response = "1d", resolution = "5d" }
[escalation]
levels = ["N1", "N2"]
stale_after = { P1 = "30m" }
[coordination]
required_for = ["P1"]
[major]
rules = [ { impact = "company" }, { impact = "site", urgency = "high" } ]
[closure]
auto_close_after = "2d"
[git]
autocommit = true
)";
    const Config cfg = parse_config(text, "pop.toml");
    CHECK(cfg.prefix == "OPS");
    CHECK(cfg.impact == std::vector<std::string>{"company", "site", "team", "user"});
    CHECK(cfg.priority_for("site", "high") == "P1");
    CHECK(cfg.priority_for("user", "low") == "P4");
    CHECK(cfg.impact_describe.at("team") == "one team");
    CHECK(cfg.is_major("company", "low", "P2"));
    CHECK(cfg.is_major("site", "high", "P1"));
    CHECK_FALSE(cfg.is_major("site", "low", "P3"));
    CHECK(cfg.needs_coordinator("P1"));
    CHECK_FALSE(cfg.needs_coordinator("P2"));
    CHECK(cfg.stale_threshold("P1") == Duration{1800});
    CHECK(cfg.stale_threshold("P2") == std::nullopt);
    CHECK(cfg.auto_close_after == 2 * 86400);
    CHECK(cfg.git_autocommit);

    // The describe table only names declared levels.
    std::string bad = text;
    bad.replace(bad.find("user = \"one person\""), 4, "usr ");
    CHECK(config_error(bad) == "t.toml:10:72: 'priority.describe.impact.usr': 'usr' is not a declared impact level");
}

TEST_CASE("config: load_config reads a file and reports a missing one as an I/O error")
{
    try {
        load_config("/nonexistent/itk.toml");
        FAIL("load_config read a missing file");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::io);
        CHECK(std::string(e.what()) == "cannot read config '/nonexistent/itk.toml': No such file or directory");
    }
}

TEST_CASE("config: a major rule naming an undeclared priority says it is not a priority")
{
    // 'P9' is a priority, not a level: the message must send the reader to priority.priorities,
    // as the matrix and coordination.required_for messages do.
    CHECK(config_error(base_inserting(13, "[major]\nrules = [ { priority = \"P9\" } ]")) ==
          "t.toml:14:24: 'major.rules[].priority' names 'P9', which is not in 'priority.priorities'");
}

TEST_CASE("config: escalation.group_levels gives other groups a level")
{
    const Config cfg = parse_config(base_inserting(16, "group_levels = { dba = \"N2\", network = \"N1\" }"), "t.toml");
    CHECK(cfg.level_of_group("desk") == "N1");    // a level's own group
    CHECK(cfg.level_of_group("experts") == "N2");
    CHECK(cfg.level_of_group("dba") == "N2");
    CHECK(cfg.level_of_group("network") == "N1");
    CHECK(cfg.level_of_group("printers") == std::nullopt);
    CHECK(cfg.known_groups() == std::vector<std::string>{"dba", "desk", "experts", "network"});
    CHECK(config_error(base_inserting(16, "group_levels = { dba = \"N9\" }")) ==
          "t.toml:16:24: 'escalation.group_levels.dba' names 'N9', which is not in 'escalation.levels'");
    CHECK(config_error(base_inserting(16, "group_levels = { experts = \"N1\" }")) ==
          "t.toml:16:18: 'escalation.group_levels.experts': 'experts' is the group of level 'N2' in escalation.groups");
    // The same level as escalation.groups says is not a contradiction.
    CHECK(config_error(base_inserting(16, "group_levels = { experts = \"N2\" }")) == "");
}

TEST_CASE("config: [hold] pauses names kinds of hold; by default every kind pauses")
{
    CHECK(parse_config(join_lines(k_base), "t.toml").hold_pauses == awaiting_kinds());
    const Config cfg = parse_config(join_lines(k_base) + "[hold]\npauses = [\"user\", \"problem\"]\n", "t.toml");
    CHECK(cfg.pauses("user"));
    CHECK_FALSE(cfg.pauses("vendor"));
    CHECK(parse_config(join_lines(k_base) + "[hold]\npauses = []\n", "t.toml").hold_pauses.empty());
    CHECK(config_error(join_lines(k_base) + "[hold]\npauses = [\"godot\"]\n") ==
          "t.toml:19:11: 'hold.pauses' names 'godot': expected user, vendor, problem, change, evidence or other");
    CHECK(config_error(join_lines(k_base) + "[hold]\npause = []\n") == "t.toml:19:1: unknown key 'hold.pause'");
}

TEST_CASE("config: [fields] declares custom fields: string, enum with values, integer")
{
    const Config cfg = parse_config(join_lines(k_base) + "[fields]\nlocation = { type = \"string\", describe = \"site\" }\n"
                                                         "symptom = { type = \"enum\", values = [\"slow\", \"down\"] }\n"
                                                         "floor = { type = \"integer\" }\n",
                                    "t.toml");
    REQUIRE(cfg.fields.size() == 3);
    REQUIRE(cfg.field("symptom") != nullptr);
    CHECK(cfg.field("symptom")->type == FieldSpec::Type::enumeration);
    CHECK(cfg.field("symptom")->values == std::vector<std::string>{"slow", "down"});
    CHECK(cfg.field("location")->describe == "site");
    CHECK(cfg.field("floor")->type == FieldSpec::Type::integer);
    CHECK(cfg.field("colour") == nullptr);
    const std::string base = join_lines(k_base) + "[fields]\n";
    CHECK(config_error(base + "status = { type = \"string\" }\n") ==
          "t.toml:19:1: invalid field name 'status': lower-case letters, digits and '_', and not a key of a ticket");
    CHECK(config_error(base + "Site = { type = \"string\" }\n").find("invalid field name 'Site'") != std::string::npos);
    CHECK(config_error(base + "site = { type = \"text\" }\n") ==
          "t.toml:19:17: invalid 'fields.site.type' 'text': expected string, enum or integer");
    CHECK(config_error(base + "site = { type = \"enum\" }\n") == "t.toml:19:8: missing key 'fields.site.values'");
    CHECK(config_error(base + "site = { type = \"string\", values = [\"a\"] }\n") ==
          "t.toml:19:36: 'fields.site.values' applies to type = \"enum\" only");
    CHECK(config_error(base + "site = { describe = \"x\" }\n") ==
          "t.toml:19:8: missing key 'fields.site.type' (string, enum or integer)");
    CHECK(config_error(base + "site = \"string\"\n") ==
          "t.toml:19:8: 'fields.site' must be a table like { type = \"string\" }");
}
