#pragma once
// The command table: one register function per file of cmd/, in `itk --help` order.

#include "common.hpp"

namespace itk::cmd {

void register_init(CLI::App&, Globals&, Runner&);
void register_open(CLI::App&, Globals&, Runner&);
void register_edit(CLI::App&, Globals&, Runner&);
void register_categorize(CLI::App&, Globals&, Runner&);
void register_prioritize(CLI::App&, Globals&, Runner&);
void register_assign(CLI::App&, Globals&, Runner&);
void register_take(CLI::App&, Globals&, Runner&);
void register_note(CLI::App&, Globals&, Runner&);
void register_escalate(CLI::App&, Globals&, Runner&);
void register_coordinate(CLI::App&, Globals&, Runner&);
void register_hold(CLI::App&, Globals&, Runner&);
void register_resume(CLI::App&, Globals&, Runner&);
void register_resolve(CLI::App&, Globals&, Runner&);
void register_reopen(CLI::App&, Globals&, Runner&);
void register_close(CLI::App&, Globals&, Runner&);
void register_cancel(CLI::App&, Globals&, Runner&);
void register_major(CLI::App&, Globals&, Runner&);
void register_link(CLI::App&, Globals&, Runner&);
void register_unlink(CLI::App&, Globals&, Runner&);
void register_postmortem(CLI::App&, Globals&, Runner&);
void register_show(CLI::App&, Globals&, Runner&);
void register_list(CLI::App&, Globals&, Runner&);
void register_report(CLI::App&, Globals&, Runner&);
void register_config(CLI::App&, Globals&, Runner&);
void register_git_setup(CLI::App&, Globals&, Runner&);
void register_merge_file(CLI::App&, Globals&, Runner&);
void register_fsck(CLI::App&, Globals&, Runner&);

inline const Register k_commands[] = {
    register_init,     register_open,   register_edit,   register_categorize, register_prioritize,
    register_assign,   register_take,   register_note,   register_escalate,   register_coordinate,
    register_hold,     register_resume, register_resolve, register_reopen,    register_close,
    register_cancel,   register_major,  register_link,   register_unlink,     register_postmortem,
    register_show,   register_list,   register_report,   register_config,     register_fsck,
    register_git_setup, register_merge_file,
};

} // namespace itk::cmd
