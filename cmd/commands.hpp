#pragma once
// The command table: one register function per file of cmd/, in `itk --help` order.

#include "common.hpp"

namespace itk::cmd {

void register_init(Command&, Globals&);
void register_open(Command&, Globals&);
void register_edit(Command&, Globals&);
void register_categorize(Command&, Globals&);
void register_prioritize(Command&, Globals&);
void register_assign(Command&, Globals&);
void register_take(Command&, Globals&);
void register_unassign(Command&, Globals&);
void register_note(Command&, Globals&);
void register_escalate(Command&, Globals&);
void register_coordinate(Command&, Globals&);
void register_hold(Command&, Globals&);
void register_resume(Command&, Globals&);
void register_resolve(Command&, Globals&);
void register_reopen(Command&, Globals&);
void register_close(Command&, Globals&);
void register_cancel(Command&, Globals&);
void register_major(Command&, Globals&);
void register_link(Command&, Globals&);
void register_unlink(Command&, Globals&);
void register_postmortem(Command&, Globals&);
void register_show(Command&, Globals&);
void register_list(Command&, Globals&);
void register_report(Command&, Globals&);
void register_import(Command&, Globals&);
void register_export(Command&, Globals&);
void register_config(Command&, Globals&);
void register_git_setup(Command&, Globals&);
void register_git_resolve(Command&, Globals&);
void register_merge_file(Command&, Globals&);
void register_fsck(Command&, Globals&);
void register_help(Command&, Globals&);

/// `itk __complete WORD...` (cmd/complete.cpp): prints the candidates for the last word.
int complete(const CommandSpec& root, const std::vector<std::string>& words);

/// `itk __manuals DIR` (cmd/manual.cpp): writes itk(1) and every itk-COMMAND(1) into DIR.
int write_manuals(const CommandSpec& root, const std::string& dir);

inline const Register k_commands[] = {
    register_init,     register_open,   register_edit,   register_categorize, register_prioritize,
    register_assign,   register_take,   register_unassign,   register_note,   register_escalate,   register_coordinate,
    register_hold,     register_resume, register_resolve, register_reopen,    register_close,
    register_cancel,   register_major,  register_link,   register_unlink,     register_postmortem,
    register_show,   register_list,   register_report,   register_import,  register_export,   register_config,     register_fsck,
    register_git_setup, register_git_resolve, register_merge_file, register_help,
};

} // namespace itk::cmd
