#!/usr/bin/env bash
# Files that parse as JSON but hold bad values (a hand edit, a hostile clone) are invalid data:
# exit 5 naming the file, never exit 1, never a path outside tickets/, never raw control
# characters on a terminal. Found by review; each case failed before its fix.
. "$(dirname "$0")/lib.sh"

export ITK_NOW=2026-11-21T09:00:00Z
"$ITK" -q init .
itk_open --title "Mail down" --caller julie --impact low --urgency high --to alice
good=$id
itk_open --title "VPN" --caller nadia --impact low --urgency high --to alice
bad=$id
cp "tickets/$bad.json" pristine.json

# mutate PYTHON-EXPRESSION: edits the bad ticket's JSON `d` in place.
mutate() {
	cp pristine.json "tickets/$bad.json"
	"$PYTHON" - "tickets/$bad.json" "$1" <<-'PY'
	import json, sys
	d = json.load(open(sys.argv[1]))
	exec(sys.argv[2])
	open(sys.argv[1], "w").write(json.dumps(d, indent=2) + "\n")
	PY
}

step 'a history-only field of the wrong type is invalid data for show, fsck and list'
mutate 'd["events"].append({"at": "2026-11-21T09:05:00Z", "by": "x", "action": "note", "text": "t", "public": "yes"})'
for cmd in "show $bad" fsck "note $bad again"; do
	test_expect_code 5 "$ITK" $cmd
	test_grep "tickets/$bad.json" err
done
test_expect_code 5 "$ITK" list --format '{id}'
test_equal "$good" "$(cat out)" 'list prints the other tickets'

step 'a satisfaction out of range, an sla that is not an object: invalid data'
mutate 'd["events"].append({"at": "2026-11-21T09:05:00Z", "by": "x", "action": "prioritize", "impact": "low", "urgency": "low", "priority": "P5", "sla": "x"})'
test_expect_code 5 "$ITK" fsck
test_grep "bad 'sla'" err

step 'an ID held in a file can never name a path outside tickets/'
mkdir -p victim-dir && echo '{"keep": true}' >victim.json
mutate 'd["parent"] = "../victim"; d["events"].append({"at": "2026-11-21T09:05:00Z", "by": "x", "action": "link", "parent": "../victim"})'
test_expect_code 5 "$ITK" unlink "$bad"
test_grep "bad 'parent'" err
test_expect_code 5 "$ITK" fsck
test_equal '{"keep": true}' "$(cat victim.json)" 'a file outside the store'
test_path_is_missing .itk/victim.lock

step 'close --auto names a corrupt file, closes the others, prints their IDs, exits 5'
cp pristine.json "tickets/$bad.json"
ITK_NOW=2026-11-21T10:00:00Z "$ITK" -q resolve "$good" --solution s --kind permanent
echo '{ not json' >"tickets/$bad.json"
test_expect_code 5 env ITK_NOW=2026-11-27T10:00:00Z "$ITK" close --auto
test_equal "$good" "$(cat out)" 'close --auto stdout'
test_grep "tickets/$bad.json" err
test_equal closed "$(json_get "tickets/$good.json" status)"

step 'control characters in a priority or resolution kind never reach human output'
cp pristine.json "tickets/$bad.json"
mutate 'd["priority"] = "P4\u001b[2J"; d["events"][2]["priority"] = "P4\u001b[2J"'
"$ITK" show "$bad" >show.out 2>&1 || true
"$ITK" list --all >list.out 2>&1 || true
test_equal 0 "$(cat show.out list.out | grep -c $'\x1b' || true)" 'escape characters in output'

step 'correcting the caller corrects the affected person who defaulted to them'
export ITK_NOW=2026-11-28T09:00:00Z
itk_open --title "Typo in name" --caller jlie
test_expect_code 0 "$ITK" edit "$id" --caller julie --contact julie@corp.example
test_equal julie "$(json_get "tickets/$id.json" affected.name)"
test_equal julie@corp.example "$(json_get "tickets/$id.json" affected.contact)"

step 'cancelling a ticket on hold ends the hold'
itk_open --title "Waiting" --caller hugo --impact low --urgency low --to alice
ITK_NOW=2026-11-28T09:10:00Z "$ITK" -q hold "$id" --reason "supplier"
ITK_NOW=2026-11-28T09:20:00Z "$ITK" -q cancel "$id" --reason "false alarm"
test_equal null "$(json_get "tickets/$id.json" hold_reason)"
rm -f "tickets/$bad.json"
validate_store .
