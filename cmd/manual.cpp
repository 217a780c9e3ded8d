// itk __manuals DIR: writes the manual pages itk(1) and itk-COMMAND(1) (itk-major-declare(1)
// for a nested one) into DIR, in roff, from the command table that also builds --help and
// completion: no command or flag can be missing from them. The build runs it; cmake --install
// puts the pages in share/man/man1. Hidden: not in --help.

#include "commands.hpp"

#include "itk/fsio.hpp"

#include <algorithm>
#include <fstream>

namespace itk::cmd {

namespace {

// Text for roff: backslashes doubled, hyphens as \-, no line starting with '.' or '\''.
std::string roff(const std::string& text)
{
    std::string out;
    for (const char c : text) {
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-') {
            out += "\\-";
        } else {
            out += c;
        }
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) {
        out.insert(0, "\\&");
    }
    return out;
}

std::string value_name(Values v)
{
    switch (v) {
    case Values::none:
        return "";
    case Values::ticket:
        return "ID";
    case Values::person:
        return "NAME";
    case Values::file:
        return "FILE";
    case Values::directory:
        return "DIR";
    case Values::number:
        return "N";
    case Values::time:
        return "TIME";
    case Values::period:
        return "PERIOD";
    case Values::field_set:
    case Values::field_where:
        return "KEY=VALUE";
    case Values::command:
        return "COMMAND";
    case Values::text:
    case Values::impact:
    case Values::urgency:
    case Values::priority:
    case Values::level:
    case Values::group:
    case Values::awaiting:
    case Values::status:
    case Values::type:
    case Values::channel:
    case Values::kind:
    case Values::audience:
    case Values::report_format:
    case Values::sort_key:
    case Values::import_format:
        return "VALUE";
    }
    return "VALUE";
}

std::string synopsis(const std::string& full_name, const CommandSpec& cmd)
{
    std::string s = ".B " + roff(full_name) + "\n";
    for (const ArgSpec& a : cmd.args) {
        const std::string name = option_names(a).back();
        std::string word = a.positional ? "\\fI" + roff(name) + "\\fR" : "\\fB" + roff(name) + "\\fR";
        if (!a.positional && a.values != Values::none) {
            word += " \\fI" + value_name(a.values) + "\\fR";
        }
        if (a.repeatable) {
            word += "...";
        }
        s += (a.required ? word : "[" + word + "]") + "\n";
    }
    if (!cmd.subcommands.empty()) {
        s += "\\fICOMMAND\\fR\n";
    }
    return s;
}

std::string options(const std::vector<ArgSpec>& args)
{
    std::string s;
    for (const ArgSpec& a : args) {
        std::string names;
        if (a.positional) {
            names = "\\fI" + roff(a.names) + "\\fR";
        } else {
            for (const std::string& n : option_names(a)) {
                names += (names.empty() ? "" : ", ") + ("\\fB" + roff(n) + "\\fR");
            }
            if (a.values != Values::none) {
                names += " \\fI" + value_name(a.values) + "\\fR";
            }
        }
        s += ".TP\n" + names + "\n" + roff(a.help) + (a.repeatable ? " (repeatable)" : "") + "\n";
    }
    return s;
}

std::string header(const std::string& page, const std::string& what)
{
    return ".TH " + roff(page) + " 1 \"\" \"itk " ITK_VERSION "\" \"itk manual\"\n.SH NAME\n" + roff(page) + " \\- " +
           roff(what) + "\n";
}

const char* k_exit_codes = ".SH EXIT STATUS\n.TP\n0\ndone\n.TP\n1\nunexpected failure (I/O error, ...)\n.TP\n2\n"
                           "usage error: unknown flag, bad value, missing argument\n.TP\n3\nticket not found, or "
                           "ambiguous ID\n.TP\n4\nrefused by a lifecycle rule (nothing was written)\n.TP\n5\n"
                           "invalid data: a corrupt ticket file or an invalid config\n";

void write_page(const std::string& dir, const std::string& name, const std::string& text)
{
    std::ofstream f(dir + "/" + name + ".1", std::ios::binary | std::ios::trunc);
    f << text;
    if (!f.flush()) {
        fail_io("write", dir + "/" + name + ".1", errno);
    }
}

// The page of one command and, recursively, of its subcommands; returns its SEE ALSO name.
// `prefix` is the parent's page (itk-major), `words` its name as typed (itk major): a command
// name holding a dash (git-setup) keeps it in the synopsis.
void command_pages(const std::string& dir, const std::string& prefix, const std::string& words, const CommandSpec& cmd,
                   const CommandSpec& root, std::vector<std::string>& pages)
{
    const std::string page = prefix + "-" + cmd.name;
    const std::string full = words + " " + cmd.name;
    std::string text = header(page, cmd.help) + ".SH SYNOPSIS\n" + synopsis(full, cmd) + ".SH DESCRIPTION\n" +
                       roff(cmd.help) + ".\n";
    if (!cmd.args.empty()) {
        text += ".SH OPTIONS\n" + options(cmd.args);
    }
    if (!cmd.subcommands.empty()) {
        text += ".SH COMMANDS\n";
        for (const auto& sub : cmd.subcommands) {
            text += ".TP\n\\fB" + roff(sub->name) + "\\fR\n" + roff(sub->help) + " (see \\fB" + roff(page + "-" + sub->name) +
                    "\\fR(1))\n";
        }
    }
    text += ".SH GLOBAL OPTIONS\nAccepted before or after the command.\n" + options(root.args) + k_exit_codes +
            ".SH SEE ALSO\n\\fBitk\\fR(1), \\fBitk.toml\\fR(5)\n";
    write_page(dir, page, text);
    pages.push_back(page);
    for (const auto& sub : cmd.subcommands) {
        command_pages(dir, page, full, *sub, root, pages);
    }
}

} // namespace

int write_manuals(const CommandSpec& root, const std::string& dir)
{
    std::vector<std::string> pages;
    for (const auto& cmd : root.subcommands) {
        if (!cmd->hidden) {
            command_pages(dir, "itk", "itk", *cmd, root, pages);
        }
    }
    std::string text = header("itk", "IT incident management in plain JSON files (ITIL 4 incident practice)") +
                       ".SH SYNOPSIS\n.B itk\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n"
                       ".SH DESCRIPTION\nEach ticket is one JSON file, tickets/\\fIID\\fR.json, in a store: a directory "
                       "holding itk.toml (see \\fBitk.toml\\fR(5)), usually kept in git. Every change appends an event; "
                       "the lifecycle rules of the ITIL incident practice are checked on every change and on every "
                       "replay. \\fBitk help\\fR \\fICOMMAND\\fR shows a command's page.\n.SH COMMANDS\n";
    for (const auto& cmd : root.subcommands) {
        if (!cmd->hidden) {
            text += ".TP\n\\fB" + roff(cmd->name) + "\\fR\n" + roff(cmd->help) + " (\\fBitk\\-" + roff(cmd->name) + "\\fR(1))\n";
        }
    }
    text += ".SH GLOBAL OPTIONS\n" + options(root.args) + k_exit_codes +
            ".SH ENVIRONMENT\n.TP\nITK_DIR\nthe store, when \\-\\-dir is not given\n.TP\nITK_ACTOR\nthe actor of "
            "changes, when \\-\\-as is not given (else git's user.email, else $USER)\n.TP\nITK_NOW\na fixed clock "
            "(RFC 3339), for tests and imports\n.TP\nNO_COLOR\nnever colour output\n.SH FILES\n.TP\nitk.toml\nthe "
            "process officer's rules: priority matrix, SLAs, levels\n.TP\ntickets/\\fIID\\fR.json\none ticket\n.TP\n"
            "$XDG_CONFIG_HOME/itk/hooks/post\\-\\fIACTION\\fR\nnotification hooks, never taken from a store\n"
            ".SH SEE ALSO\n\\fBitk.toml\\fR(5), \\fBgit\\fR(1)";
    for (const std::string& p : pages) {
        text += ", \\fB" + roff(p) + "\\fR(1)";
    }
    text += "\n";
    write_page(dir, "itk", text);
    return 0;
}

} // namespace itk::cmd
