#!/usr/bin/env bash
# Files written before the keys of the desk lifecycle existed (reassignments, problem, change,
# caused_by, awaiting, fields, source; hold events without awaiting nor pauses) stay valid
# (SPEC §5): fsck passes them as they are, every command reads them, a missing key reads as its
# empty value, and the next change writes every key without touching the old events' bytes.
# The files of tests/fixtures/before-desk-keys/ were written by itk before those keys.
. "$(dirname "$0")/lib.sh"

"$ITK" -q init .
cp "$ITK_SOURCE_DIR"/tests/fixtures/before-desk-keys/*.json tickets/
held=INC-1GXJFPDBKH   # P4, escalated to N2 (a group change), on hold since 11:00
closed=INC-0YA2P09JKQ # P5, closed with a 4
for f in tickets/*.json; do
	test_grep -v '"reassignments"' "$f"
	test_grep -v '"awaiting"' "$f"
done

step 'fsck passes the old files as they are: a missing new key is no problem, nor their bytes'
test_expect_code 0 "$ITK" fsck
test_grep '2 ticket(s) checked, no problem' err
test_must_be_empty out

step 'every command reads them; the keys they lack read as their empty value or the replay'
test_expect_code 0 "$ITK" list --all --format '{id} {status} {reassignments} {awaiting} {fields}'
test_grep -x "$held on_hold 1  {}" out
test_grep -x "$closed closed 0  {}" out
test_expect_code 0 "$ITK" show "$held"
test_grep '^  level       N2 (support), 1 reassignment(s)$' out
test_grep '^  status      on_hold (waiting for a part)$' out
test_expect_code 0 "$ITK" show --json "$held"
test_equal 1 "$(json_get out reassignments)" 'reassignments replayed'
test_equal null "$(json_get out awaiting)" 'an old hold waited for nothing named'

step 'the next change writes every key, and keeps the old events byte for byte'
cp "tickets/$held.json" before.json
export ITK_NOW=2026-11-16T15:00:00Z
test_expect_code 0 "$ITK" resume "$held"
f=tickets/$held.json
for key in reassignments problem change caused_by awaiting fields source; do
	test_grep "^  \"$key\": " "$f"
done
test_equal 1 "$(json_get "$f" reassignments)" reassignments
"$PYTHON" - before.json "$f" <<-'PY' || fail 'the old events changed'
	import json, sys
	old, new = (json.load(open(p)) for p in sys.argv[1:])
	assert new["events"][:-1] == old["events"], "old events differ"
	assert new["events"][-1]["action"] == "resume"
	PY
test_expect_code 0 "$ITK" fsck
test_same_file "$ITK_SOURCE_DIR/tests/fixtures/before-desk-keys/$closed.json" "tickets/$closed.json"

step 'an old hold counts as one that stopped the clocks, waiting for "other"'
test_expect_code 0 "$ITK" resolve "$held" --kind permanent --solution 'part fitted'
# Opened 09:00, resolved 15:00 = 6h; on hold 11:00 -> 15:00 = 4h, paused: MTTR 2h.
test_expect_code 0 "$ITK" report --since 2026-11-16 --until 2026-11-17 --format json
test_equal 7200.0 "$(json_get out mttr_seconds.P4.mean)" 'MTTR of the old ticket'
test_equal 14400 "$(json_get out hold_seconds.other)" 'its hold, as "other"'
test_expect_code 0 "$ITK" fsck
validate_store .
