#!/bin/bash
# edit, hold/resume, reopen, cancel --duplicate-of, close --unconfirmed/--auto, config,
# file mode kept (SPEC §1, §6, §7).
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
export ITK_NOW=2026-11-21T09:30:00Z

step 'edit records the old and new values in one event'
itk_open --title 'Mail slow' --caller Julie --contact julie@corp.example --channel phone --service mail \
	--description 'since 9'
f=tickets/$id.json
ed=$id
export ITK_NOW=2026-11-21T09:40:00Z
test_expect_code 0 "$ITK" edit "$ed" --title 'Mail down' --service '' --caller Jules --contact jules@corp.example \
	--affected 'Marc Dupont' --affected-contact marc@corp.example --channel email
test_must_be_empty out
test_grep "^$ed: edited" err
test_equal 'Mail down' "$(json_get "$f" title)"
test_equal null "$(json_get "$f" service)"
test_equal email "$(json_get "$f" channel)"
test_equal Jules "$(json_get "$f" caller.name)"
test_equal jules@corp.example "$(json_get "$f" caller.contact)"
test_equal 'Marc Dupont' "$(json_get "$f" affected.name)"
test_equal marc@corp.example "$(json_get "$f" affected.contact)"
test_equal 'since 9' "$(json_get "$f" description)" 'description untouched'
test_equal edit "$(json_get "$f" events.-1.action)"
test_equal 2026-11-21T09:40:00Z "$(json_get "$f" events.-1.at)"
test_equal 2 "$(json_get "$f" events.length)"
json_eval "$f" 'json.dumps(d["events"][-1]["changes"], sort_keys=True)' >actual
cat >expect <<-'JSON'
	{"affected": {"from": "Julie", "to": "Marc Dupont"}, "affected_contact": {"from": "julie@corp.example", "to": "marc@corp.example"}, "caller": {"from": "Julie", "to": "Jules"}, "channel": {"from": "phone", "to": "email"}, "contact": {"from": "julie@corp.example", "to": "jules@corp.example"}, "service": {"from": "mail", "to": null}, "title": {"from": "Mail slow", "to": "Mail down"}}
JSON
test_cmp expect actual

step 'edit --description - reads stdin; edit with nothing to change exits 2; the same value is a no-op'
printf 'all day' | "$ITK" edit "$ed" --description - 2>err
test_equal 'all day' "$(json_get "$f" description)"
test_equal 'since 9' "$(json_get "$f" events.-1.changes.description.from)"
cp "$f" before
test_expect_code 2 "$ITK" edit "$ed"
test_expect_code 0 "$ITK" edit "$ed" --title 'Mail down'
test_grep 'nothing to do' err
test_same_file before "$f"
test_expect_code 2 "$ITK" edit "$ed" --channel fax
test_same_file before "$f"

step 'hold and resume: status, hold_reason, events'
"$ITK" categorize "$ed" --type incident 2>/dev/null
"$ITK" prioritize "$ed" --impact low --urgency medium >/dev/null 2>&1
"$ITK" take "$ed" 2>/dev/null
export ITK_NOW=2026-11-21T10:00:00Z
test_expect_code 0 "$ITK" hold "$ed" --reason 'waiting for the user'
test_must_be_empty out
test_equal on_hold "$(json_get "$f" status)"
test_equal 'waiting for the user' "$(json_get "$f" hold_reason)"
test_equal hold "$(json_get "$f" events.-1.action)"
test_expect_code 0 "$ITK" list --status on_hold --format '{id}'
test_equal "$ed" "$(cat out)"
export ITK_NOW=2026-11-22T10:00:00Z
test_expect_code 0 "$ITK" resume "$ed"
test_equal in_progress "$(json_get "$f" status)"
test_equal null "$(json_get "$f" hold_reason)"
test_equal resume "$(json_get "$f" events.-1.action)"

step 'time on hold does not count against the SLA (show)'
test_expect_code 0 "$ITK" show "$ed"
# P4: resolution 5d; 30 min before the hold and 0 after: 4d 23h 30m left, not 3d 23h 30m.
test_grep 'resolution .*4d 23h' out

step 'resolve, reopen, resolve again'
test_expect_code 0 "$ITK" resolve "$ed" --solution 'restarted the queue' --kind workaround
test_equal resolved "$(json_get "$f" status)"
export ITK_NOW=2026-11-22T11:00:00Z
test_expect_code 0 "$ITK" reopen "$ed" --reason 'still slow'
test_must_be_empty out
test_equal in_progress "$(json_get "$f" status)"
test_equal reopen "$(json_get "$f" events.-1.action)"
test_equal 'still slow' "$(json_get "$f" events.-1.reason)"
test_expect_code 0 "$ITK" resolve "$ed" --solution 'new disk' --kind permanent --code DISK
test_equal 'new disk' "$(json_get "$f" resolution.notes)"
test_equal permanent "$(json_get "$f" resolution.kind)"

step 'cancel --duplicate-of: cancelled, duplicate_of set (abbreviated ID resolved)'
itk_open --title 'Mail down too' --caller Bob
dup=$id
test_expect_code 0 "$ITK" cancel "$dup" --reason 'same as the other' --duplicate-of "$(printf %s "${ed:4:6}" | tr A-Z a-z)"
test_must_be_empty out
test_equal cancelled "$(json_get "tickets/$dup.json" status)"
test_equal "$ed" "$(json_get "tickets/$dup.json" duplicate_of)"
test_equal "$ed" "$(json_get "tickets/$dup.json" events.-1.duplicate_of)"
itk_open --title 'self' --caller Bob
cp "tickets/$id.json" before
test_expect_code 4 "$ITK" cancel "$id" --reason r --duplicate-of "$id"
test_same_file before "tickets/$id.json"

step 'close --unconfirmed: refused before closure.auto_close_after (5d), allowed at 5d'
itk_open --title 'other resolved' --caller Bob --impact low --urgency low --to bob
other=$id
"$ITK" resolve "$other" --solution s --kind permanent 2>/dev/null
cp "$f" before
test_expect_code 4 env ITK_NOW=2026-11-27T10:59:59Z "$ITK" close "$ed" --unconfirmed
test_grep "^itk: error: cannot close '$ed'" err
test_grep 'auto_close_after' err
test_same_file before "$f"
test_expect_code 0 env ITK_NOW=2026-11-27T11:00:00Z "$ITK" close "$ed" --unconfirmed
test_must_be_empty out
test_equal closed "$(json_get "$f" status)"
test_equal true "$(json_get "$f" closure.unconfirmed)"
test_equal null "$(json_get "$f" closure.confirmed_by)"
test_equal 2026-11-27T11:00:00Z "$(json_get "$f" closure.at)"

step 'close --auto closes only what is due and prints their IDs on stdout'
itk_open --title 'third resolved' --caller Bob --impact low --urgency low --to bob
third=$id
export ITK_NOW=2026-11-23T11:00:00Z
"$ITK" resolve "$third" --solution s --kind permanent 2>/dev/null
# $other was resolved at 2026-11-22T11:00:00Z: due at 2026-11-27T11:00:00Z.
test_expect_code 0 env ITK_NOW=2026-11-27T10:59:59Z "$ITK" close --auto
test_must_be_empty out
test_expect_code 0 env ITK_NOW=2026-11-27T11:00:00Z "$ITK" close --auto
echo "$other" >expect
test_cmp expect out
test_equal closed "$(json_get "tickets/$other.json" status)"
test_equal true "$(json_get "tickets/$other.json" closure.unconfirmed)"
test_equal resolved "$(json_get "tickets/$third.json" status)"
test_expect_code 0 env ITK_NOW=2026-12-01T00:00:00Z "$ITK" close --auto
echo "$third" >expect
test_cmp expect out
test_expect_code 0 env ITK_NOW=2026-12-01T00:00:00Z "$ITK" close --auto
test_must_be_empty out

step 'config prints the config in force with the matrix as a table'
test_expect_code 0 "$ITK" config
test_must_be_empty err
test_grep 'matrix' out
test_grep -E '^ *high +P1 +P2 +P3 *$' out
test_grep -E '^ *medium +P2 +P3 +P4 *$' out
test_grep -E '^ *low +P3 +P4 +P5 *$' out
test_grep -E 'P1 +15m +4h' out
test_grep -E 'N2 .*support' out
test_grep '5d' out

step 'config follows the file: a changed matrix and auto_close_after are shown and used'
cp itk.toml itk.toml.good
sed -i 's/^  \["P3", "P4", "P5"\],/  ["P3", "P4", "P4"],/; s/^auto_close_after = "5d"/auto_close_after = "2d"/' itk.toml
test_expect_code 0 "$ITK" config --check
test_expect_code 0 "$ITK" config
test_grep -E '^ *low +P3 +P4 +P4 *$' out
test_grep '2d' out
itk_open --title 'low low' --caller C --impact low --urgency low
test_equal P4 "$(json_get "tickets/$id.json" priority)"
cp itk.toml.good itk.toml

step 'config --check validates only: exit 0 silent on stdout, 5 on a bad config'
test_expect_code 0 "$ITK" config --check
test_must_be_empty out
sed -i "s/^P5 = {.*/# no P5/" itk.toml
test_grep "^# no P5" itk.toml
test_expect_code 5 "$ITK" config --check
test_must_be_empty out
test_grep 'P5' err
test_grep 'itk\.toml:[0-9]*:[0-9]*' err
cp itk.toml.good itk.toml

step 'a rewrite keeps the file mode (664 stays 664, 600 stays 600)'
itk_open --title 'shared store' --caller C
chmod 664 "tickets/$id.json"
test_expect_code 0 "$ITK" note "$id" 'group-writable'
test_equal 664 "$(stat -c %a "tickets/$id.json")" 'mode after a change'
chmod 640 "tickets/$id.json"
test_expect_code 0 "$ITK" edit "$id" --title 'still shared'
test_equal 640 "$(stat -c %a "tickets/$id.json")" 'mode after a change'

step 'the file is replaced whole (a new inode), never written in place'
ino=$(stat -c %i "tickets/$id.json")
ln "tickets/$id.json" hardlink
test_expect_code 0 "$ITK" note "$id" 'atomic'
test "$(stat -c %i "tickets/$id.json")" != "$ino" || fail 'the ticket file was rewritten in place'
test_grep -v 'atomic' hardlink

test_expect_code 0 "$ITK" fsck
validate_store .

step 'config --json prints the config as JSON (--json on every read command)'
test_expect_code 0 "$ITK" config --json
"$PYTHON" -c 'import json; json.load(open("out"))' 2>/dev/null || fail 'config --json is not JSON'

step 'edit records the old description as it was ("" when opened without one)'
itk_open --title 'no description' --caller C
test_equal '' "$(json_get "tickets/$id.json" description)"
test_expect_code 0 "$ITK" edit "$id" --description 'now one'
test_equal '""' "$(json_eval "tickets/$id.json" 'json.dumps(d["events"][-1]["changes"]["description"]["from"])')" 'recorded old description'
