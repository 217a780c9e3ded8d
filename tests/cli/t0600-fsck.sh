#!/bin/bash
# itk fsck: every file valid, every projection equal to the replay of its events (SPEC §1, §8).
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
export ITK_NOW=2026-11-21T09:30:00Z

# hand_edit FILE PYTHON: edit a ticket file as a person would, keeping itk's format.
hand_edit() {
	"$PYTHON" -c 'import json, sys
p = sys.argv[1]
d = json.load(open(p))
exec(sys.argv[2])
open(p, "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")' "$1" "$2"
}

step 'an empty store passes'
test_expect_code 0 "$ITK" fsck
test_must_be_empty out

step 'a clean store with tickets in every status passes'
itk_open --title 'new' --caller Julie
itk_open --title 'in progress' --caller Julie --impact medium --urgency medium --to bob
a=$id
itk_open --title 'on hold' --caller Julie --impact low --urgency low --to bob
"$ITK" hold "$id" --reason 'waiting for parts' 2>/dev/null
itk_open --title 'resolved' --caller Julie --impact low --urgency low --to bob
"$ITK" resolve "$id" --solution s --kind workaround 2>/dev/null
itk_open --title 'closed' --caller Julie --impact low --urgency low --to bob
"$ITK" resolve "$id" --solution s --kind workaround 2>/dev/null
"$ITK" close "$id" --confirmed-by julie --satisfaction 3 2>/dev/null
itk_open --title 'cancelled' --caller Julie
"$ITK" cancel "$id" --reason dup 2>/dev/null
itk_open --title 'redirected' --caller Julie --type change
test_expect_code 0 "$ITK" fsck
test_must_be_empty out
test_grep '^7 ticket(s) checked, no problem$' err
validate_store .
f=tickets/$a.json
cp "$f" good

step 'a hand-edited status is caught, naming the file, exit 5'
hand_edit "$f" 'd["status"] = "closed"'
test_expect_code 5 "$ITK" fsck
test_must_be_empty out
test_grep "$f" err
test_grep "'status'" err
test_grep 'closed' err
test_grep 'in_progress' err
test_grep -v 'no problem' err

step 'a hand-edited owner, priority or updated_at is caught'
cp good "$f"
hand_edit "$f" 'd["owner"] = "mallory"'
test_expect_code 5 "$ITK" fsck
test_grep "$f: .*'owner'" err
cp good "$f"
hand_edit "$f" 'd["priority"] = "P1"'
test_expect_code 5 "$ITK" fsck
test_grep "$f: .*'priority'" err
cp good "$f"
hand_edit "$f" 'd["updated_at"] = "2027-01-01T00:00:00Z"'
test_expect_code 5 "$ITK" fsck
test_grep "$f: .*'updated_at'" err

step 'events out of order, an unknown action, a missing key are caught'
cp good "$f"
hand_edit "$f" 'd["events"][1]["at"] = "2026-11-19T00:00:00Z"'
test_expect_code 5 "$ITK" fsck
test_grep "$f" err
cp good "$f"
hand_edit "$f" 'd["events"][1]["action"] = "teleport"'
test_expect_code 5 "$ITK" fsck
test_grep "$f: .*teleport" err
cp good "$f"
hand_edit "$f" 'del d["owner"]'
test_expect_code 5 "$ITK" fsck
test_grep "$f: .*owner" err

step 'a file whose ID is not its name is caught'
cp good "$f"
cp good tickets/INC-COPY123456.json
test_expect_code 5 "$ITK" fsck
test_grep 'INC-COPY123456\.json' err
rm tickets/INC-COPY123456.json

step 'unknown keys are kept and accepted; one written out of place is not canonical, fsck --fix cures it'
hand_edit "$f" 'd["x_custom"] = {"kept": True}'
test_expect_code 5 "$ITK" fsck
test_grep "$f: not in canonical form" err
test_expect_code 0 "$ITK" fsck --fix
test_grep "fixed: .*$f: rewritten from its events in canonical form" err
test_expect_code 0 "$ITK" fsck
test_equal '{"kept": true}' "$(json_get "$f" x_custom)" 'unknown key after fsck --fix'
test_expect_code 0 "$ITK" note "$a" 'rewrite the file'
test_equal '{"kept": true}' "$(json_get "$f" x_custom)" 'unknown key after a rewrite'
test_expect_code 0 "$ITK" fsck
cp good "$f"

step 'every corrupt file is listed, the good ones still checked'
printf '[1, 2' >tickets/INC-BADJSON001.json
echo '{}' >tickets/INC-BADSCHEMA01.json
: >tickets/INC-EMPTYFILE01.json
hand_edit "$f" 'd["status"] = "resolved"'
test_expect_code 5 "$ITK" fsck
test_must_be_empty out
test_grep 'INC-BADJSON001\.json' err
test_grep 'INC-BADSCHEMA01\.json' err
test_grep 'INC-EMPTYFILE01\.json' err
test_grep "$f" err
test_equal 4 "$(grep -c '^itk: error: ' err)" 'error lines'
rm tickets/INC-BADJSON001.json tickets/INC-BADSCHEMA01.json tickets/INC-EMPTYFILE01.json
cp good "$f"

step 'fixed again: passes'
test_expect_code 0 "$ITK" fsck
validate_store .
