#!/bin/bash
# Concurrent invocations on one store are serialised per ticket: no lost update, no corrupt
# file; concurrent opens get distinct IDs (SPEC §1, §4, §12).
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
writers=8
notes=50

step 'setup: one ticket (system clock, no ITK_NOW)'
itk_open --title 'busy ticket' --caller Julie --impact low --urgency low --to bob
f=tickets/$id.json
initial=$(json_get "$f" events.length)
test_equal 4 "$initial" 'initial events'

step "$writers processes add $notes notes each to the same ticket at once"
pids=
for w in $(seq 1 $writers); do
	(
		for n in $(seq 1 $notes); do
			"$ITK" note "$id" "writer $w note $n" 2>>"writer.$w.err" || echo "writer $w note $n: exit $?" >>failures
		done
	) &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p"
done
test_path_is_missing failures

step "the ticket has exactly $initial + $((writers * notes)) events, each note once"
test_equal $((initial + writers * notes)) "$(json_get "$f" events.length)" 'events after the storm'
json_eval "$f" '"\n".join(sorted(e["text"] for e in d["events"] if e["action"] == "note"))' >actual
for w in $(seq 1 $writers); do
	for n in $(seq 1 $notes); do
		echo "writer $w note $n"
	done
done | sort >expect
test_cmp expect actual

step 'each writer saw its own notes in order; times never go backwards'
"$PYTHON" - "$f" "$writers" <<-'PY'
	import json, sys
	d = json.load(open(sys.argv[1]))
	ats = [e["at"] for e in d["events"]]
	assert ats == sorted(ats), "event times go backwards"
	for w in range(1, int(sys.argv[2]) + 1):
	    mine = [int(e["text"].split()[-1]) for e in d["events"]
	            if e["action"] == "note" and e["text"].startswith("writer %d " % w)]
	    assert mine == sorted(mine), "writer %d out of order: %r" % (w, mine)
PY

step 'fsck passes, no temporary file left'
test_expect_code 0 "$ITK" fsck
test_equal "$id.json" "$(ls -A tickets)" 'tickets/'
test_equal '' "$(find .itk -type f ! -name '*.lock')" 'leftover files in .itk/'

step "$writers processes opening tickets at once get $writers distinct IDs"
rm -f opened.*
pids=
for w in $(seq 1 $writers); do
	(
		for n in 1 2 3 4 5; do
			"$ITK" open --title "opened by $w.$n" --caller C >>"opened.$w" 2>/dev/null
		done
	) &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p"
done
cat opened.* | sort >ids
test_line_count $((writers * 5)) ids
test_equal $((writers * 5)) "$(sort -u ids | wc -l)" 'distinct IDs'
test_equal $((writers * 5 + 1)) "$(ls tickets | wc -l)" 'ticket files'
while read -r new; do
	test_path_is_file "tickets/$new.json"
done <ids

step 'and the whole store passes fsck and the schema'
test_expect_code 0 "$ITK" fsck
validate_store .
