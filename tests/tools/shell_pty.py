#!/usr/bin/env python3
"""Types command lines into a real interactive shell on a pseudo-terminal, as a person would,
and reports what the shell did with them: the tests of completions/ drive bash and zsh this
way (fish is asked with `complete -C`, its own non-interactive entry to the same engine).

usage: shell_pty.py SHELL RCFILE KEYS...

SHELL is bash or zsh, started without the user's files, then RCFILE is sourced. Each KEYS is
typed as is ("\\t" is a TAB) followed by Enter; the RCFILE defines a function `itk` that prints
"RAN:<its arguments>", so the command line the completion produced is printed, one per KEYS.
A KEYS ending in "\\t\\t" is a listing instead: everything the shell printed for it is
shown (escape sequences removed), then the line is cleared.
"""
import os
import pty
import re
import select
import sys
import time

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]|\x1b\][^\x07]*\x07|\r")


def read_until(fd, pattern, timeout=10.0):
    out = b""
    end = time.time() + timeout
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            if pattern is not None and re.search(pattern, ESCAPES.sub("", out.decode("utf-8", "replace"))):
                # let the shell finish drawing
                time.sleep(0.1)
                while select.select([fd], [], [], 0.1)[0]:
                    more = os.read(fd, 65536)
                    if not more:
                        break
                    out += more
                break
    return ESCAPES.sub("", out.decode("utf-8", "replace"))


def settle(fd, quiet=0.4, limit=8.0):
    """Reads until the shell has printed nothing for `quiet` seconds (completion runs itk,
    slower under a sanitizer or a loaded machine): then it is done with the keys typed."""
    out = b""
    end = time.time() + limit
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        out += chunk
    return ESCAPES.sub("", out.decode("utf-8", "replace"))


def main():
    shell, rcfile, keys = sys.argv[1], sys.argv[2], sys.argv[3:]
    env = dict(os.environ, TERM="dumb", PS1="READY> ", PROMPT="READY> ", RPROMPT="")
    if shell == "bash":
        argv = ["bash", "--norc", "--noprofile", "-i"]
    elif shell == "zsh":
        argv = ["zsh", "-f", "-i"]
    else:
        sys.exit("shell_pty.py: bash or zsh, not " + shell)
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    os.write(fd, ("source " + rcfile + "; PS1='READY> '; PROMPT='READY> '; echo SOURCED\r").encode())
    read_until(fd, r"SOURCED\s*\n.*READY> ")
    status = 0
    for k in keys:
        typed = k.replace("\\t", "\t")
        if typed.endswith("\t\t"):
            os.write(fd, typed[:-1].encode())
            shown = settle(fd)  # the first TAB inserts what the candidates share (zsh lists them)
            os.write(fd, b"\t")
            shown += settle(fd)  # the second lists them (bash)
            print("LIST:" + " ".join(shown.split()))
            os.write(fd, b"\x15")  # Ctrl-U: clear the line
            os.write(fd, b"\r")
            read_until(fd, r"READY> $", timeout=3)
        else:
            os.write(fd, typed.encode())
            settle(fd)  # completion runs itk: let it finish before Enter
            os.write(fd, b"\r")
            shown = read_until(fd, r"RAN:[^\n]*\n")
            m = re.search(r"RAN:([^\n]*)\n", shown)
            if m:
                print("RAN:" + m.group(1).rstrip())
            else:
                print("NOTHING RAN for %r; the shell showed: %r" % (k, shown[-400:]))
                status = 1
    os.write(fd, b"exit\r")
    time.sleep(0.2)
    os.close(fd)
    os.waitpid(pid, 0)
    sys.exit(status)


if __name__ == "__main__":
    main()
