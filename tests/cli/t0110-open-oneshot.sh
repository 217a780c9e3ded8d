#!/bin/bash
# open's one-shot flags, --dedup, --follows, --description - (SPEC §7, §8).
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
export ITK_NOW=2026-11-21T09:30:00Z
count_tickets() { ls tickets | wc -l; }

step 'open --impact --urgency --to records open, categorize, prioritize, assign as four events'
itk_open --title 'Site down' --caller Julie --impact high --urgency high --to bob
test_equal "$id: opened" "$(head -n 1 err)" 'first message'
f=tickets/$id.json
printf '%s\n' open categorize prioritize assign >expect
event_actions "$f" >actual
test_cmp expect actual
test_equal incident "$(json_get "$f" events.1.type)"
test_equal P1 "$(json_get "$f" events.2.priority)"
test_equal high "$(json_get "$f" events.2.impact)"
test_equal bob "$(json_get "$f" events.3.owner)"
test_equal in_progress "$(json_get "$f" status)"
test_equal P1 "$(json_get "$f" priority)"
test_equal bob "$(json_get "$f" owner)"
test_equal incident "$(json_get "$f" type)"

test_equal true "$(json_get "$f" major)"
major_id=$id
step 'open --type request: redirected at once, two events'
itk_open --title 'New laptop please' --caller Bob --type request
test_equal redirected "$(json_get "tickets/$id.json" status)"
test_equal request "$(json_get "tickets/$id.json" type)"
printf '%s\n' open categorize >expect
event_actions "tickets/$id.json" >actual
test_cmp expect actual

step 'refused one-shots write no file'
n=$(count_tickets)
test_expect_code 2 "$ITK" open --title T --caller C --type request --impact high --urgency high
test_must_be_empty out
test_grep '^itk: error: ' err
test_expect_code 2 "$ITK" open --title T --caller C --impact huge --urgency high
test_must_be_empty out
test_grep "^itk: error: invalid impact 'huge'" err
test_expect_code 2 "$ITK" open --title T --caller C --impact high
test_must_be_empty out
test_equal "$n" "$(count_tickets)" 'ticket count after usage errors'

step 'a one-shot refused by a lifecycle rule exits 4 and writes no file'
test_expect_code 4 "$ITK" open --title T --caller C --type incident --to bob
test_must_be_empty out
test_grep "^itk: error: cannot assign '.*': ticket has no priority" err
test_expect_code 4 "$ITK" open --title T --caller C --to bob
test_must_be_empty out
test_grep "^itk: error: cannot assign " err
test_equal "$n" "$(count_tickets)" 'ticket count after refusals'
test_equal '' "$(find .itk -type f ! -name '*lock*')" 'leftover temporary files in .itk/'

step '--dedup KEY twice: the same ID, and a note on the first ticket'
itk_open --title 'disk full on db1' --caller nagios --channel monitoring --dedup db1-disk
first=$id
test_equal db1-disk "$(json_get "tickets/$first.json" dedup)"
export ITK_NOW=2026-11-21T09:35:00Z
n=$(count_tickets)
test_expect_code 0 "$ITK" open --title 'disk full on db1 (again)' --caller nagios --channel monitoring --dedup db1-disk
test_equal "$first" "$(cat out)" 'ID printed by the second --dedup'
test_line_count 1 out
test_grep "$first" err
test_equal "$n" "$(count_tickets)" 'ticket count after a deduplicated open'
printf '%s\n' open note >expect
event_actions "tickets/$first.json" >actual
test_cmp expect actual
test_grep 'disk full on db1 (again)' "tickets/$first.json"
test_equal 2026-11-21T09:35:00Z "$(json_get "tickets/$first.json" updated_at)"

step '--dedup on a terminal ticket opens a new one'
"$ITK" cancel "$first" --reason 'false alarm' 2>/dev/null
itk_open --title 'disk full on db1' --caller nagios --dedup db1-disk
test "$id" != "$first" || fail '--dedup reused a cancelled ticket'

step '--dedup parses only the files holding the key: another key holding it is no match; 6 alerts at once, one ticket'
itk_open --title 'web alerts' --caller ops --service web-5xx
mention=$id
n=$(count_tickets)
for k in 1 2 3 4 5 6; do
	"$ITK" -q open --title "5xx burst $k" --caller prometheus --dedup web-5xx >"$TRASH/dedup.$k" &
done
wait
test_equal $((n + 1)) "$(count_tickets)" 'tickets after 6 concurrent alerts of one key'
sort -u "$TRASH"/dedup.? >"$TRASH/dedup.ids"
test_line_count 1 "$TRASH/dedup.ids"
live=$(cat "$TRASH/dedup.ids")
test "$live" != "$mention" || fail 'the ticket mentioning the key in its title was taken as the live one'
test_equal web-5xx "$(json_get "tickets/$live.json" dedup)"
test_equal 5 "$(json_eval "tickets/$live.json" 'sum(1 for e in d["events"] if e["action"] == "note")')" \
	'notes of the repeated alerts'
test_expect_code 0 "$ITK" fsck

step '--dedup locks its key only: an alert of another key goes through while one key is held'
# The lock of a key is .itk/locks/dedup-<FNV-1a of the key, 16 hex digits>.lock.
lock_of() {
	"$PYTHON" -c '
import sys
h = 14695981039346656037
for b in sys.argv[1].encode():
    h = ((h ^ b) * 1099511628211) % 2**64
print(".itk/locks/dedup-%016x.lock" % h)' "$1"
}
test_path_is_file "$(lock_of web-5xx)"
n=$(count_tickets)
exec 9>"$(lock_of db-down)"
flock 9
test_expect_code 0 timeout 10 "$ITK" -q open --title 'disk alert' --caller prometheus --dedup disk-full
test_expect_code 124 timeout 1 "$ITK" -q open --title 'db alert' --caller prometheus --dedup db-down
exec 9>&-
test_expect_code 0 timeout 10 "$ITK" -q open --title 'db alert' --caller prometheus --dedup db-down
test_equal $((n + 2)) "$(count_tickets)" 'tickets: the other key at once, the held key once released'

step '--follows a ticket that is not closed is refused with exit 4, nothing written'
itk_open --title 'VPN drops' --caller Julie --impact low --urgency low --to bob
live=$id
n=$(count_tickets)
test_expect_code 4 "$ITK" open --title 'VPN again' --caller Julie --follows "$live"
test_must_be_empty out
test_grep "^itk: error: cannot .*'$live'.*not closed" err
test_equal "$n" "$(count_tickets)" 'ticket count'
test_expect_code 3 "$ITK" open --title 'VPN again' --caller Julie --follows INC-NOPE
test_equal "$n" "$(count_tickets)" 'ticket count'

step '--follows a closed ticket (by an abbreviated ID) sets follows'
"$ITK" resolve "$live" --solution 'new profile' --kind permanent 2>/dev/null
"$ITK" close "$live" --confirmed-by julie 2>/dev/null
short=$(printf %s "${live#INC-}" | cut -c1-6 | tr 'A-Z' 'a-z')
itk_open --title 'VPN again' --caller Julie --follows "$short"
test_equal "$live" "$(json_get "tickets/$id.json" follows)"
test_equal new "$(json_get "tickets/$id.json" status)"

step '--description - reads standard input'
printf 'line one\nline two' | "$ITK" open --title 'from stdin' --caller C --description - >out 2>err
id=$(cat out)
test_equal "$(printf 'line one\nline two')" "$(json_get "tickets/$id.json" description)"
test_equal "$(printf 'line one\nline two')" "$(json_get "tickets/$id.json" events.0.description)"

step 'without --description, the description is empty'
itk_open --title 'bare' --caller C
test_equal '' "$(json_get "tickets/$id.json" description)"

step 'fsck passes'
test_expect_code 0 "$ITK" fsck
validate_store .

# Last, so that a failure here does not hide the steps above.
step 'a one-shot that matches major.rules says so, as prioritize does (SPEC §10)'
test_expect_code 0 "$ITK" open --title 'Everything down' --caller Julie --impact high --urgency high
test_grep -i 'major' err
test_grep 'P1' err
