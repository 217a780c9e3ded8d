#!/bin/bash
# The nine steps of the seed, for Julie's printer, end to end (SPEC §7).
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
f() { echo "tickets/$id.json"; }

step '1-2. identify and register: open prints the ID alone'
export ITK_NOW=2026-11-21T09:30:00Z
itk_open --title 'Printer down on floor 3' --caller Julie --contact Julie@corp.example \
	--affected 'Marc Dupont' --affected-contact marc@corp.example --channel phone \
	--description 'Nothing prints since this morning'
test_grep -E '^INC-[0-9A-Z]{6,16}$' out
test $(printf %s "$id" | wc -c) -le 20 || fail "ID '$id' longer than 20 characters"
test_equal "$id: opened" "$(cat err)" 'open message'
test_equal new "$(json_get "$(f)" status)"
test_equal Julie "$(json_get "$(f)" caller.name)"
test_equal Julie@corp.example "$(json_get "$(f)" caller.contact)"
test_equal 'Marc Dupont' "$(json_get "$(f)" affected.name)"
test_equal marc@corp.example "$(json_get "$(f)" affected.contact)"
test_equal phone "$(json_get "$(f)" channel)"
test_equal 'Nothing prints since this morning' "$(json_get "$(f)" description)"
test_equal N1 "$(json_get "$(f)" level)"
test_equal service-desk "$(json_get "$(f)" group)"
test_equal null "$(json_get "$(f)" type)"
test_equal null "$(json_get "$(f)" priority)"
test_equal 2026-11-21T09:30:00Z "$(json_get "$(f)" opened_at)"
test_equal alice "$(json_get "$(f)" events.0.by)"

step 'the file has the keys of SPEC §5, in order, pretty-printed with a final newline'
cat >expect <<-'KEYS'
	schema id title description type status caller affected channel service category subcategory impact urgency priority major level group owner coordinator reassignments parent follows duplicate_of ref dedup problem change caused_by hold_reason awaiting resolution closure fields source opened_at updated_at events
KEYS
json_eval "$(f)" '" ".join(d.keys())' >actual
test_cmp expect actual
test_equal '  "schema": 1,' "$(sed -n 2p "$(f)")" 'second line of the file'
test_equal '}' "$(tail -n 1 "$(f)")" 'last line'
test "$(tail -c 1 "$(f)" | od -An -c | tr -d ' ')" = '\n' || fail 'no final newline'

step '3. categorize as an incident'
export ITK_NOW=2026-11-21T09:31:00Z
test_expect_code 0 "$ITK" categorize "$id" --type incident --category hardware --subcategory printer --service printing
test_must_be_empty out
test_grep "^$id: categorised as incident" err
test_equal incident "$(json_get "$(f)" type)"
test_equal hardware "$(json_get "$(f)" category)"
test_equal printer "$(json_get "$(f)" subcategory)"
test_equal printing "$(json_get "$(f)" service)"
test_equal new "$(json_get "$(f)" status)"

step '4. prioritize prints the priority alone on stdout'
export ITK_NOW=2026-11-21T09:32:00Z
test_expect_code 0 "$ITK" prioritize "$id" --impact medium --urgency high
echo P2 >expect
test_cmp expect out
test_grep "^$id: priority P2" err
test_equal P2 "$(json_get "$(f)" priority)"
test_equal medium "$(json_get "$(f)" impact)"
test_equal high "$(json_get "$(f)" urgency)"
test_equal false "$(json_get "$(f)" major)"
test_equal prioritize "$(json_get "$(f)" events.-1.action)"
test_equal P2 "$(json_get "$(f)" events.-1.priority)"
test_equal 1800 "$(json_get "$(f)" events.-1.sla.response_seconds)"
test_equal 28800 "$(json_get "$(f)" events.-1.sla.resolution_seconds)"

step '5. initial diagnosis: take it (new -> in_progress) and note the tests done'
export ITK_NOW=2026-11-21T09:40:00Z
test_expect_code 0 "$ITK" take "$id" --as bob
test_must_be_empty out
test_grep "^$id: assigned to bob" err
test_equal in_progress "$(json_get "$(f)" status)"
test_equal bob "$(json_get "$(f)" owner)"
test_equal bob "$(json_get "$(f)" events.-1.by)"
test_expect_code 0 "$ITK" note "$id" 'power cycled, still jammed' --as bob
test_must_be_empty out
test_equal note "$(json_get "$(f)" events.-1.action)"
test_equal 'power cycled, still jammed' "$(json_get "$(f)" events.-1.text)"
test_equal false "$(json_get "$(f)" events.-1.public)"
test_expect_code 0 "$ITK" note "$id" --public 'we are on it'
test_equal true "$(json_get "$(f)" events.-1.public)"

step '6. functional escalation to N2: group support, owner cleared'
export ITK_NOW=2026-11-21T09:50:00Z
test_expect_code 0 "$ITK" escalate "$id" --reason 'fuser needs a technician'
test_must_be_empty out
test_grep "^$id: escalated to N2" err
test_equal N2 "$(json_get "$(f)" level)"
test_equal support "$(json_get "$(f)" group)"
test_equal null "$(json_get "$(f)" owner)"
test_equal in_progress "$(json_get "$(f)" status)"
test_equal functional "$(json_get "$(f)" events.-1.kind)"
test_equal N1 "$(json_get "$(f)" events.-1.from)"
test_equal N2 "$(json_get "$(f)" events.-1.to)"

step '6b. hierarchical escalation: recorded, level and status unchanged'
test_expect_code 0 "$ITK" escalate "$id" --hierarchical --reason 'floor 3 blocked'
test_equal N2 "$(json_get "$(f)" level)"
test_equal support "$(json_get "$(f)" group)"
test_equal in_progress "$(json_get "$(f)" status)"
test_equal hierarchical "$(json_get "$(f)" events.-1.kind)"
test_equal support-manager "$(json_get "$(f)" events.-1.to)"

step '7. investigation at N2: assign, P2 needs a coordinator before resolving'
export ITK_NOW=2026-11-21T10:00:00Z
test_expect_code 0 "$ITK" assign "$id" --to carol
test_equal carol "$(json_get "$(f)" owner)"
cp "$(f)" before
test_expect_code 4 "$ITK" resolve "$id" --solution 'replaced the fuser' --kind permanent
test_grep "^itk: error: cannot resolve '$id': .*coordinat" err
test_same_file before "$(f)"
test_expect_code 0 "$ITK" coordinate "$id" --by dave
test_must_be_empty out
test_equal dave "$(json_get "$(f)" coordinator)"

step '8. resolve'
export ITK_NOW=2026-11-21T11:00:00Z
test_expect_code 0 "$ITK" resolve "$id" --solution 'replaced the fuser' --kind permanent --code HW-FUSER --as carol
test_must_be_empty out
test_grep "^$id: resolved" err
test_equal resolved "$(json_get "$(f)" status)"
test_equal permanent "$(json_get "$(f)" resolution.kind)"
test_equal HW-FUSER "$(json_get "$(f)" resolution.code)"
test_equal 'replaced the fuser' "$(json_get "$(f)" resolution.notes)"
test_equal 2026-11-21T11:00:00Z "$(json_get "$(f)" resolution.at)"
test_equal carol "$(json_get "$(f)" resolution.by)"

step '9. close: someone else cannot confirm; julie matches the contact, case-insensitively'
export ITK_NOW=2026-11-21T12:00:00Z
cp "$(f)" before
test_expect_code 4 "$ITK" close "$id" --confirmed-by mallory
test_grep "^itk: error: cannot close '$id'" err
test_same_file before "$(f)"
test_expect_code 0 "$ITK" close "$id" --confirmed-by julie@CORP.EXAMPLE --satisfaction 4 --comment 'thanks'
test_must_be_empty out
test_grep "^$id: closed" err
test_equal closed "$(json_get "$(f)" status)"
test_equal Julie "$(json_get "$(f)" closure.confirmed_by)"
test_equal 4 "$(json_get "$(f)" closure.satisfaction)"
test_equal thanks "$(json_get "$(f)" closure.comment)"
test_equal false "$(json_get "$(f)" closure.unconfirmed)"
test_equal 2026-11-21T12:00:00Z "$(json_get "$(f)" closure.at)"
test_equal alice "$(json_get "$(f)" closure.by)"
test_equal 2026-11-21T12:00:00Z "$(json_get "$(f)" updated_at)"
test_equal 2026-11-21T09:30:00Z "$(json_get "$(f)" opened_at)"

step 'the affected person can confirm too, by name in any case'
export ITK_NOW=2026-11-22T09:00:00Z
julie=$id
itk_open --title 'second' --caller Julie --affected 'Marc Dupont' --impact low --urgency low --to bob
"$ITK" resolve "$id" --solution s --kind workaround 2>/dev/null
test_expect_code 0 "$ITK" close "$id" --confirmed-by 'MARC dupont'
test_equal 'Marc Dupont' "$(json_get "$(f)" closure.confirmed_by)"
id=$julie

step 'show --json prints the file object; the events are the nine steps in order'
test_expect_code 0 "$ITK" show "$id" --json
"$PYTHON" -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a != b)' out "$(f)" ||
	fail 'show --json differs from the file'
cat >expect <<-'ACTIONS'
	open
	categorize
	prioritize
	assign
	note
	note
	escalate
	escalate
	assign
	coordinate
	resolve
	close
ACTIONS
event_actions "$(f)" >actual
test_cmp expect actual
json_eval "$(f)" '"\n".join(e["at"] for e in d["events"])' >actual
cat >expect <<-'TIMES'
	2026-11-21T09:30:00Z
	2026-11-21T09:31:00Z
	2026-11-21T09:32:00Z
	2026-11-21T09:40:00Z
	2026-11-21T09:40:00Z
	2026-11-21T09:40:00Z
	2026-11-21T09:50:00Z
	2026-11-21T09:50:00Z
	2026-11-21T10:00:00Z
	2026-11-21T10:00:00Z
	2026-11-21T11:00:00Z
	2026-11-21T12:00:00Z
TIMES
test_cmp expect actual

step 'show (human) has the timeline and the SLA'
test_expect_code 0 "$ITK" show "$id"
test_must_be_empty err
test_grep "^$id  Printer down on floor 3" out
test_grep 'status *closed' out
test_grep 'priority *P2' out
test_grep 'coordinator *dave' out
test_grep 'response met' out
test_grep 'resolution met' out
test_grep 'Timeline' out
test_grep 'escalated N1 -> N2' out

step 'list --all shows the closed ticket; list without filters does not'
test_expect_code 0 "$ITK" list --format '{id}'
test_must_be_empty out
test_expect_code 0 "$ITK" list --all --format '{id} {status}'
test_grep -x "$id closed" out

step 'fsck passes'
test_expect_code 0 "$ITK" fsck
validate_store .
