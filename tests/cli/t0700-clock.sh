#!/bin/bash
# $ITK_NOW and the clock (SPEC §3).
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1

step 'ITK_NOW fixes the time of every event, in UTC whole seconds'
export ITK_NOW=2026-11-21T10:00:00Z
itk_open --title 'clock' --caller Julie --impact low --urgency low --to bob
f=tickets/$id.json
test_equal 2026-11-21T10:00:00Z "$(json_get "$f" opened_at)"
test_equal 2026-11-21T10:00:00Z "$(json_get "$f" events.-1.at)"
test_expect_code 0 env ITK_NOW=2026-11-21T11:30:00+01:00 "$ITK" note "$id" 'offset'
test_equal 2026-11-21T10:30:00Z "$(json_get "$f" events.-1.at)" 'an offset is stored as UTC'
test_expect_code 0 env ITK_NOW=2026-11-21T10:31:00.75Z "$ITK" note "$id" 'fraction'
test_equal 2026-11-21T10:31:00Z "$(json_get "$f" events.-1.at)" 'fractions are dropped'
test_equal 2026-11-21T10:31:00Z "$(json_get "$f" updated_at)"

step 'the same instant as the last event is accepted'
test_expect_code 0 env ITK_NOW=2026-11-21T10:31:00Z "$ITK" note "$id" 'same second'

step 'an ITK_NOW earlier than the last event is refused (4), nothing written'
cp "$f" before
for early in 2026-11-21T10:30:59Z 2026-11-21T10:31:00+00:01 2020-01-01T00:00:00Z; do
	test_expect_code 4 env ITK_NOW=$early "$ITK" note "$id" 'back in time'
	test_must_be_empty out
	test_grep "^itk: error: cannot .*'$id'.*ITK_NOW" err
	test_same_file before "$f"
done
test_expect_code 4 env ITK_NOW=2026-11-21T09:00:00Z "$ITK" resolve "$id" --solution s --kind permanent
test_expect_code 4 env ITK_NOW=2026-11-21T09:00:00Z "$ITK" assign "$id" --to carol
test_expect_code 4 env ITK_NOW=2026-11-21T09:00:00Z "$ITK" edit "$id" --title 'earlier'
test_same_file before "$f"

step 'a malformed ITK_NOW exits 2, for writes and reads, nothing written'
for bad in 2026-11-21 2026-11-21T10:00:00 2026-13-01T00:00:00Z 2026-11-21T25:00:00Z \
	2026-02-30T00:00:00Z tomorrow 1700000000 '2026-11-21T10:00Z'; do
	test_expect_code 2 env ITK_NOW="$bad" "$ITK" note "$id" 'bad clock'
	test_must_be_empty out
	test_grep "^itk: error: invalid ITK_NOW" err
	test_expect_code 2 env ITK_NOW="$bad" "$ITK" list
	test_must_be_empty out
done
n=$(ls tickets | wc -l)
test_expect_code 2 env ITK_NOW=garbage "$ITK" open --title T --caller C
test_equal "$n" "$(ls tickets | wc -l)" 'ticket count'
test_same_file before "$f"

step 'with the system clock behind the last event, the last event time is taken'
export ITK_NOW=2099-01-01T00:00:00Z
test_expect_code 0 "$ITK" note "$id" 'from the future'
unset ITK_NOW
test_expect_code 0 "$ITK" note "$id" 'system clock, behind'
test_equal 2099-01-01T00:00:00Z "$(json_get "$f" events.-1.at)" 'skewed clock'
test_equal 'system clock, behind' "$(json_get "$f" events.-1.text)"

step 'with the system clock, the time is now'
itk_open --title 'now' --caller C
before_s=$(date -u +%s)
at=$(json_get "tickets/$id.json" opened_at)
case $at in
[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z) ;;
*) fail "opened_at '$at' is not RFC 3339 UTC whole seconds" ;;
esac
at_s=$(date -u -d "$at" +%s)
test $((before_s - at_s)) -le 5 -a $((before_s - at_s)) -ge -1 || fail "opened_at $at is not now"

test_expect_code 0 "$ITK" fsck
validate_store .
