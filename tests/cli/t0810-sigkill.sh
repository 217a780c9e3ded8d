#!/bin/bash
# A process killed at any instant during a write leaves the old or the new file, never a
# partial one; its locks die with it (SPEC §4, §12).
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
iterations=${ITK_SIGKILL_ITERATIONS:-200}
command -v setsid >/dev/null || fail 'setsid (util-linux) is needed'

step 'setup'
itk_open --title 'killed writers' --caller Julie --impact low --urgency low --to bob
target=$id
f=tickets/$target.json
events=$(grep -c '"action": ' "$f")
test_equal "$(json_get "$f" events.length)" "$events" 'event count by grep'

step "$iterations times: start a writer, SIGKILL it after a random short delay, check the store"
RANDOM=42
for i in $(seq 1 "$iterations"); do
	# The writer is a session of its own, so that the kill reaches the itk it is running.
	setsid bash -c '
		i=$1
		n=0
		while :; do
			n=$((n + 1))
			"$ITK" note "$2" "iteration $i note $n" 2>/dev/null
			if test $((n % 2)) -eq 0; then
				"$ITK" open --title "iteration $i open $n" --caller C >/dev/null 2>&1
			fi
		done' writer "$i" "$target" &
	writer=$!
	# 0 to 59 ms: often inside an itk run, sometimes before the first one ends. The kill
	# reaches the whole process group at once: the writer and the itk it runs.
	sleep "0.0$(printf '%02d' $((RANDOM % 60)))"
	kill -KILL -- "-$writer" 2>/dev/null || kill -KILL "$writer"
	wait "$writer" 2>/dev/null || true

	if ! "$ITK" fsck >fsck.out 2>fsck.err; then
		cat fsck.err >&2
		fail "iteration $i: fsck failed after SIGKILL"
	fi
	stray=$(ls -A tickets | grep -v -E '^INC-[0-9A-Z]+\.json$' || true)
	test -z "$stray" || fail "iteration $i: partial or temporary files in tickets/: $stray"
	now=$(grep -c '"action": ' "$f")
	test "$now" -ge "$events" || fail "iteration $i: events went from $events to $now"
	events=$now
done
echo "after $iterations kills: $events events on $target, $(ls tickets | wc -l) tickets, $(find .itk -type f ! -name "*.lock" | wc -l) temporary files left by killed writers"

step 'fsck names the temporary files the killed writers left, if any, without failing'
left=$(ls -A .itk/tmp | wc -l)
test_expect_code 0 "$ITK" fsck
test_equal "$left" "$(grep -c 'temporary file of a process that is gone' err || true)" 'debris reported by fsck'

step 'the locks of killed processes are released: a new writer is not blocked, and removes the debris'
test_expect_code 0 timeout 10 "$ITK" note "$target" 'after the massacre'
test_equal '' "$(ls -A .itk/tmp)" 'files left in .itk/tmp after the next change'
test_expect_code 0 timeout 10 "$ITK" open --title 'after' --caller C
test_expect_code 0 "$ITK" fsck
validate_store .
