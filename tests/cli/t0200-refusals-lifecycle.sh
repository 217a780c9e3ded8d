#!/bin/bash
# Every refused action exits 4, says 'itk: error: cannot ...' and leaves the ticket file
# byte-identical; terminal tickets refuse every change; a no-op exits 0 and writes
# nothing (SPEC §7).
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
export ITK_NOW=2026-11-21T09:30:00Z

# refused ID RULE_PATTERN COMMAND...: COMMAND exits 4, nothing on stdout, an error naming
# the ticket and matching RULE_PATTERN on stderr, and tickets/ID.json is unchanged (bytes,
# and mtime).
refused() {
	local rid=$1 rule=$2
	shift 2
	cp -p "tickets/$rid.json" "$TRASH/before"
	local stamp
	stamp=$(stat -c %Y.%i "tickets/$rid.json")
	test_expect_code 4 "$@"
	test_must_be_empty out
	test_line_count 1 err
	test_grep "^itk: error: cannot [a-z ]* '$rid'" err
	test_grep -e "$rule" err
	test_same_file "$TRASH/before" "tickets/$rid.json"
	test_equal "$stamp" "$(stat -c %Y.%i "tickets/$rid.json")" "mtime.inode of tickets/$rid.json after '$*'"
}

# noop ID COMMAND...: COMMAND exits 0, says 'nothing to do' and rewrites nothing.
noop() {
	local rid=$1
	shift
	cp -p "tickets/$rid.json" "$TRASH/before"
	local stamp
	stamp=$(stat -c %Y.%i "tickets/$rid.json")
	test_expect_code 0 "$@"
	test_grep 'nothing to do' err
	test_same_file "$TRASH/before" "tickets/$rid.json"
	test_equal "$stamp" "$(stat -c %Y.%i "tickets/$rid.json")" "mtime.inode of tickets/$rid.json after '$*'"
}

step 'setup: a new ticket, an uncategorised one, an unprioritised incident, a P5 in progress'
itk_open --title 'new one' --caller Julie
new=$id
itk_open --title 'incident, no priority' --caller Julie --type incident
inc=$id
itk_open --title 'P5' --caller Julie --impact low --urgency low --to bob
p5=$id
itk_open --title 'P2' --caller Julie --impact medium --urgency high --to bob
p2=$id
export ITK_NOW=2026-11-21T10:00:00Z

step 'new, uncategorised: everything that needs an incident is refused'
refused "$new" 'not categorised' "$ITK" prioritize "$new" --impact low --urgency low
refused "$new" 'not categorised' "$ITK" assign "$new" --to bob
refused "$new" 'not categorised' "$ITK" take "$new"
refused "$new" 'not categorised' "$ITK" escalate "$new" --reason r
refused "$new" 'not categorised' "$ITK" coordinate "$new" --by carol

step 'new: resume, resolve (uncategorised), reopen, close are refused'
refused "$new" 'not on hold' "$ITK" resume "$new"
refused "$new" 'not categorised' "$ITK" resolve "$new" --solution s --kind permanent
refused "$new" 'not resolved' "$ITK" reopen "$new" --reason r
refused "$new" 'resolve it first' "$ITK" close "$new" --confirmed-by julie
refused "$new" 'resolve it first' "$ITK" close "$new" --unconfirmed

step 'an incident without priority cannot be assigned or resolved'
refused "$inc" 'no priority' "$ITK" assign "$inc" --to bob
refused "$inc" 'no priority' "$ITK" take "$inc"
refused "$inc" 'no priority' "$ITK" resolve "$inc" --solution s --kind permanent

step 'in progress: resume, reopen and close are refused'
refused "$p5" 'not on hold' "$ITK" resume "$p5"
refused "$p5" 'not resolved' "$ITK" reopen "$p5" --reason r
refused "$p5" 'resolve it first' "$ITK" close "$p5" --confirmed-by julie

step 'escalation past the top level, or down, is refused'
test_expect_code 0 "$ITK" escalate "$p5" --to-level N3 --reason 'straight to experts'
refused "$p5" 'top level' "$ITK" escalate "$p5" --reason r
refused "$p5" "not above" "$ITK" escalate "$p5" --to-level N2 --reason r

step 'unassign needs an owner (escalation cleared it)'
refused "$p5" 'no owner' "$ITK" unassign "$p5"
test_expect_code 0 "$ITK" assign "$p5" --to eve

step 'P2 without a coordinator cannot be resolved'
refused "$p2" 'coordinat' "$ITK" resolve "$p2" --solution s --kind permanent

step 'on hold: the same hold again is a no-op'
test_expect_code 0 "$ITK" hold "$p5" --reason 'waiting for the user' --awaiting user
noop "$p5" "$ITK" hold "$p5" --reason 'waiting for the user' --awaiting user
test_expect_code 0 "$ITK" resume "$p5"

step 'resolved: categorize, cancel, hold, escalate, close by a stranger, early unconfirmed close'
test_expect_code 0 "$ITK" resolve "$p5" --solution s --kind workaround
refused "$p5" 'reopen it first' "$ITK" categorize "$p5" --type incident
refused "$p5" 'reopen it first' "$ITK" cancel "$p5" --reason r
refused "$p5" 'reopen it first' "$ITK" hold "$p5" --reason r
refused "$p5" 'reopen it first' "$ITK" escalate "$p5" --reason r
refused "$p5" "mallory\|caller" "$ITK" close "$p5" --confirmed-by mallory
refused "$p5" 'auto_close_after' "$ITK" close "$p5" --unconfirmed

# terminal ID HINT: every command is refused on a terminal ticket, the message says why
# (HINT) and what to do instead.
terminal() {
	local t=$1 why=$2
	refused "$t" "$why" "$ITK" categorize "$t" --type incident
	refused "$t" "$why" "$ITK" prioritize "$t" --impact low --urgency low
	refused "$t" "$why" "$ITK" assign "$t" --to bob
	refused "$t" "$why" "$ITK" take "$t"
	refused "$t" "$why" "$ITK" note "$t" 'hello?'
	refused "$t" "$why" "$ITK" note "$t" --public 'hello?'
	refused "$t" "$why" "$ITK" escalate "$t" --reason r
	refused "$t" "$why" "$ITK" escalate "$t" --hierarchical --reason r
	refused "$t" "$why" "$ITK" coordinate "$t" --by carol
	refused "$t" "$why" "$ITK" hold "$t" --reason r
	refused "$t" "$why" "$ITK" resume "$t"
	refused "$t" "$why" "$ITK" resolve "$t" --solution s --kind permanent
	refused "$t" "$why" "$ITK" reopen "$t" --reason r
	refused "$t" "$why" "$ITK" close "$t" --confirmed-by julie
	refused "$t" "$why" "$ITK" close "$t" --unconfirmed
	refused "$t" "$why" "$ITK" cancel "$t" --reason r
	refused "$t" "$why" "$ITK" edit "$t" --title 'new title'
	refused "$t" "$why" "$ITK" edit "$t" --caller Bob
}

step 'closed is terminal: every change refused, pointing to open --follows'
test_expect_code 0 "$ITK" close "$p5" --confirmed-by JULIE
terminal "$p5" "'closed'.*final.*--follows $p5"

step 'cancelled is terminal: every change refused'
test_expect_code 0 "$ITK" cancel "$new" --reason 'false alarm'
terminal "$new" "'cancelled'.*final"

step 'redirected is terminal: every change refused, naming the other practice'
itk_open --title 'need a new badge' --caller Julie
red=$id
test_expect_code 0 "$ITK" categorize "$red" --type request --ref RITM0042
test_grep -i 'request fulfil' err
test_equal redirected "$(json_get "tickets/$red.json" status)"
test_equal RITM0042 "$(json_get "tickets/$red.json" ref)"
terminal "$red" 'redirected.*request fulfil.*final'
itk_open --title 'upgrade the switch' --caller Julie
test_expect_code 0 "$ITK" categorize "$id" --type change
test_grep -i 'change enablement' err
terminal "$id" 'redirected.*change enablement.*final'

step 'no-ops exit 0, say so and leave the file alone'
noop "$p2" "$ITK" assign "$p2" --to bob
test_must_be_empty out
noop "$p2" "$ITK" take "$p2" --as bob
noop "$p2" "$ITK" prioritize "$p2" --impact medium --urgency high
test_equal P2 "$(cat out)" 'prioritize no-op still prints the priority'
test_expect_code 0 "$ITK" coordinate "$p2" --by carol
noop "$p2" "$ITK" coordinate "$p2" --by carol
noop "$p2" "$ITK" edit "$p2" --title 'P2'

step 'usage errors on a live ticket (exit 2) write nothing either'
cp "tickets/$p2.json" before
test_expect_code 2 "$ITK" resolve "$p2" --solution s --kind sideways
test_expect_code 2 "$ITK" escalate "$p2" --to-level N9 --reason r
test_expect_code 2 "$ITK" prioritize "$p2" --impact huge --urgency low
test_expect_code 2 "$ITK" close "$p2" --confirmed-by julie --satisfaction 9
test_expect_code 2 "$ITK" close "$p2"
test_expect_code 2 "$ITK" close "$p2" --auto
test_same_file before "tickets/$p2.json"

step 'no temporary file is left behind'
test_equal '' "$(find .itk tickets -type f ! -name '*.lock' ! -name 'INC-*.json')" 'stray files'
test_expect_code 0 "$ITK" fsck
validate_store .
