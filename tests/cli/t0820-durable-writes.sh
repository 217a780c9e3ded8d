#!/usr/bin/env bash
# A write is durable before it is visible (SPEC §1, §12): the temp file is fsynced before the
# rename (a change) or the link (a new ticket) puts it in place, and the directory is fsynced
# after. Checked on the system calls themselves, with strace.
. "$(dirname "$0")/lib.sh"

strace -f -qq -o /dev/null true 2>/dev/null || fail 'strace cannot trace here (install strace; in a container, allow ptrace)'
# LeakSanitizer cannot run under ptrace: in the sanitized build, leave leaks to the other tests.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ITK_NOW=2026-11-21T09:00:00Z
"$ITK" -q init .

# check_order TRACE PLACE: in TRACE, the temp file's descriptor is fsynced before PLACE (the
# rename or link of the temp file into tickets/), and a directory is fsynced after it.
check_order() {
	"$PYTHON" - "$1" "$2" <<-'PY'
	import re, sys
	lines = open(sys.argv[1]).read().splitlines()
	place = sys.argv[2]
	fd_of, synced, placed, dir_synced = {}, set(), None, False
	for n, line in enumerate(lines):
	    m = re.search(r'openat\(\d+, "(tmp-[^"]+)", O_WRONLY\|O_CREAT\|O_EXCL[^)]*\)\s+=\s+(\d+)', line)
	    if m:
	        fd_of[m.group(2)] = m.group(1)
	    m = re.search(r'fsync\((\d+)\)\s+=\s+0', line)
	    if m and m.group(1) in fd_of:
	        synced.add(fd_of[m.group(1)])
	    elif m and placed is not None:
	        dir_synced = True
	    m = re.search(place + r'\(\d+, "(tmp-[^"]+)", \d+, "(INC-[0-9A-Z]+\.json)"', line)
	    if m:
	        assert m.group(1) in synced, f"line {n + 1}: {m.group(1)} is put in place before it is fsynced"
	        placed = m.group(1)
	assert placed, f"no {place} of a temp file into tickets/ in the trace"
	assert dir_synced, f"the directory is not fsynced after the {place}"
	PY
}

step 'open: fsync of the temp file, then link() into tickets/, then fsync of tickets/'
strace -f -qq -e trace=openat,fsync,linkat,renameat,renameat2 -o open.trace "$ITK" open --title 'Disk' --caller Julie >id.out
id=$(cat id.out)
check_order open.trace linkat

step 'a change: fsync of the temp file, then rename() over the ticket, then fsync of tickets/'
strace -f -qq -e trace=openat,fsync,linkat,renameat,renameat2 -o note.trace "$ITK" note "$id" 'durable?'
check_order note.trace 'renameat2?'

step 'the checker itself fails on a rename before the fsync (a trace with the fsync moved after)'
"$PYTHON" - note.trace note.bad <<-'PY'
	import re, sys
	lines = open(sys.argv[1]).read().splitlines()
	i = next(i for i, l in enumerate(lines) if re.search(r'fsync\(\d+\)\s+=\s+0', l))
	j = next(j for j, l in enumerate(lines) if re.search(r'renameat2?\(', l))
	lines.insert(j, lines.pop(i))
	open(sys.argv[2], "w").write("\n".join(lines) + "\n")
	PY
if check_order note.bad 'renameat2?' 2>/dev/null; then
	fail 'check_order accepts a rename before the fsync'
fi
validate_store .
