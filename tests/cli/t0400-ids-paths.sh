#!/bin/bash
# Ticket IDs: abbreviations, and IDs that try to name a path outside tickets/ (SPEC §4).
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
export ITK_NOW=2026-11-21T09:30:00Z

step 'setup: a ticket, and decoy JSON files outside tickets/'
itk_open --title 'Printer down' --caller Julie --impact low --urgency low --to bob
a=$id
f=tickets/$a.json
cp "$f" x.json
cp "$f" itk.json
mkdir -p sub && cp "$f" sub/INC-AAAA.json
cp "$f" decoy

step 'abbreviations: lowercase, without INC-, any unique prefix'
lower=$(printf %s "$a" | tr A-Z a-z)
for abbrev in "$a" "$lower" "${a#INC-}" "${lower#inc-}" "${lower:0:9}" "${a:4:4}" "inc-${lower:4:5}"; do
	test_expect_code 0 "$ITK" show --json "$abbrev"
	test_equal "$a" "$(json_get out id)" "show --json $abbrev"
done
test_expect_code 0 "$ITK" note "${lower:4:6}" 'by abbreviation'
test_equal 'by abbreviation' "$(json_get "$f" events.-1.text)"
test_grep "^$a: " err
cp "$f" before

step 'paths as IDs exit 3, for reads and writes, and change nothing'
for bad in ../x /etc/passwd ../../itk ../itk ../sub/INC-AAAA ../x.json "$a.json" "./$a" "$a/" \
	.. . "${a:0:6}*" "INC-${a:4:4}?" 'INC 6Y' "$TRASH/$f"; do
	test_expect_code 3 "$ITK" show "$bad"
	test_must_be_empty out
	test_grep "^itk: error: no ticket " err
	test_expect_code 3 "$ITK" show --json "$bad"
	test_must_be_empty out
	test_expect_code 3 "$ITK" note "$bad" 'nope'
	test_expect_code 3 "$ITK" cancel "$bad" --reason r
	test_expect_code 3 "$ITK" open --title T --caller C --follows "$bad"
	test_expect_code 3 "$ITK" cancel "$a" --reason r --duplicate-of "$bad"
done
test_same_file before "$f"
test_equal "$a.json" "$(ls tickets)" 'tickets/ after the bad IDs'
test_same_file decoy x.json
test_same_file decoy itk.json
test_same_file decoy sub/INC-AAAA.json

step 'the error message says what an ID is'
test_expect_code 3 "$ITK" show ../x
test_equal "itk: error: no ticket '../x': an ID is letters, digits and dashes" "$(cat err)" 'message'

strace -f -qq -o /dev/null true 2>/dev/null || fail 'strace cannot trace here (install strace; in a container, allow ptrace)'
{
	# LeakSanitizer cannot run under ptrace: in the sanitized build, leave leaks to the other tests.
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	# touched LOG: the paths a traced run named in file system calls, apart from the
	# system's own (libraries, locale, time zone).
	touched() {
		sed -n 's/^[0-9]* *[a-z0-9_]*(\(AT_FDCWD, \)\{0,1\}"\([^"]*\)".*/\2/p' "$1" |
			grep -v -e '^/usr/' -e '^/lib' -e '^/etc/ld\.so' -e '^/etc/localtime' \
				-e '^/usr/share/zoneinfo' -e '^/proc/' -e '^/sys/' -e '^/dev/' -e '^$' | sort -u
	}
	step 'strace: a path-like ID never makes itk touch that path'
	for bad in ../x /etc/passwd ../../itk ../sub/INC-AAAA; do
		strace -f -qq -e trace=%file,getdents64 -o trace.log "$ITK" show "$bad" >/dev/null 2>&1 || true
		touched trace.log >touched
		test_grep -v -F -e passwd touched
		test_grep -v -e '/x\.json$' -e '/sub' -e "^$TRASH/x" -e '^\.\./' -e '^/etc/' touched
	done

	step 'strace: a full ID opens its file directly, without listing tickets/'
	strace -f -qq -e trace=%file,getdents64 -o trace.log "$ITK" show "$a" >/dev/null
	test_grep -v getdents64 trace.log
	test_grep -F "\"tickets\"" trace.log
	test_grep -F "\"$a.json\"" trace.log

	step 'strace: an abbreviation lists tickets/ but parses only the matching file'
	itk_open --title 'Another' --caller Bob
	b=$id
	strace -f -qq -e trace=%file,getdents64,read -o trace.log "$ITK" show "${a:4:6}" >/dev/null
	test_grep getdents64 trace.log
	test_grep -F "\"$a.json\"" trace.log
	test_grep -v -F "$b.json" trace.log

	step 'an abbreviation from the ID index once tickets/ is unchanged; the index never changes an answer'
	sleep 0.2 # past the racy window of the directory's last change
	test_expect_code 0 "$ITK" show "${a:4:6}"
	test_path_is_file .itk/ids
	strace -f -qq -e trace=%file,getdents64 -o trace.log "$ITK" show "${a:4:6}" >/dev/null
	test_grep -v getdents64 trace.log
	# A file arriving (a git pull) makes the abbreviation ambiguous: the index is not used.
	sed "s/$a/${a:0:10}ZZZZ/g" "tickets/$a.json" >"tickets/${a:0:10}ZZZZ.json"
	test_expect_code 3 "$ITK" show "${a:4:6}"
	test_grep "ambiguous ID '${a:4:6}'" err
	rm "tickets/${a:0:10}ZZZZ.json"
	sleep 0.2
	test_expect_code 0 "$ITK" show "${a:4:6}"
	# A forged index with the right header, naming a ticket that is not there and hiding the
	# real ones: every answer is still the listing's.
	{ head -n 1 .itk/ids; echo INC-FORGED0001; echo end; } >forged
	cp forged .itk/ids
	test_expect_code 3 "$ITK" show FORGED
	test_grep "no ticket 'FORGED'" err
	cp forged .itk/ids
	test_expect_code 0 "$ITK" show "${a:4:6}"
	test_grep "$a" out
	cp forged .itk/ids
	test_expect_code 0 "$ITK" show "${b:4:6}"
	test_grep "$b" out
	rm .itk/ids
	test_expect_code 0 "$ITK" show "${b:4:6}"
	test_grep "$b" out

	step "the ID index follows git's racy rule: never written for a directory that just changed"
	sleep 0.2
	test_expect_code 0 "$ITK" show "${a:4:6}"
	old=$(head -n 1 .itk/ids)
	# A change and, at once, a lookup: the listing answers, and the index is left as it was
	# (the same timestamp tick could still see another change, with the same stamp).
	sed "s/$b/${b:0:10}YYYY/g" "tickets/$b.json" >"tickets/${b:0:10}YYYY.json"
	test_expect_code 3 "$ITK" show "${b:4:6}"
	test_equal "$old" "$(head -n 1 .itk/ids)" 'index header right after a change'
	sleep 0.2
	test_expect_code 3 "$ITK" show "${b:4:6}"
	test "$old" != "$(head -n 1 .itk/ids)" || fail 'the index was not rewritten once tickets/ settled'
	test_grep -x "${b:0:10}YYYY" .itk/ids
	rm "tickets/${b:0:10}YYYY.json"
}

step 'fsck passes'
test_expect_code 0 "$ITK" fsck
validate_store .
