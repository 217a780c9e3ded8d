#!/usr/bin/env bash
# The lifecycle of real service desks (SPEC §7 as revised from a ServiceNow audit log): queues
# and levels apart, holds by kind, resolution at first contact or while on hold, corrections
# before closure, a major incident withdrawn, links to other practices, custom fields. Each
# rule is also checked on replay, from the events alone.
. "$(dirname "$0")/lib.sh"

export ITK_NOW=2026-11-16T09:00:00Z
"$ITK" -q init .
# Two groups outside the levels' own; a vendor's delay counts against the SLAs; custom fields.
sed -i 's/^# group_levels = .*/group_levels = { dba = "N3", network = "N2" }/' itk.toml
sed -i 's/^pauses = .*/pauses = ["user", "problem", "change", "evidence", "other"]/' itk.toml
cat >>itk.toml <<'EOF'

[fields]
location = { type = "string", describe = "site of the affected person" }
symptom  = { type = "enum", values = ["slow", "down", "error", "other"] }
floor    = { type = "integer" }
EOF
test_expect_code 0 "$ITK" config --check

step 'assign --group routes to a queue: group set, owner cleared, status kept, the level follows'
itk_open --title 'Switch port dead' --caller julie --impact low --urgency medium
net=$id
f=tickets/$net.json
test_expect_code 0 "$ITK" assign "$net" --group network
test_grep "routed to the queue of network (N2), no owner" err
test_equal network "$(json_get "$f" group)" group
test_equal N2 "$(json_get "$f" level)" 'level from escalation.group_levels'
test_equal new "$(json_get "$f" status)" 'status unchanged'
test_equal null "$(json_get "$f" owner)" owner
test_equal '{"action": "assign", "owner": null, "group": "network", "level": "N2", "levels": ["N1", "N2", "N3"]}' \
	"$(json_eval "$f" '{k: d["events"][-1][k] for k in ("action", "owner", "group", "level", "levels")}')" 'the event'
test_equal 1 "$(json_get "$f" reassignments)" 'service-desk -> network'

step 'routing to the same queue again is a no-op; back to the desk is allowed (not an escalation)'
cp "$f" before.json
test_expect_code 0 "$ITK" assign "$net" --group network
test_grep 'nothing to do, already in the queue of' err
test_same_file before.json "$f"
test_expect_code 0 "$ITK" assign "$net" --group service-desk
test_equal N1 "$(json_get "$f" level)" 'level'
test_expect_code 0 "$ITK" assign "$net" --to bob --group network
test_equal bob "$(json_get "$f" owner)" owner
test_equal in_progress "$(json_get "$f" status)" status
test_equal 3 "$(json_get "$f" reassignments)" 'network -> desk -> network'
test_expect_code 2 "$ITK" assign "$net"
test_grep 'give --to PERSON, --group GROUP' err

step 'unassign: the owner is cleared, the status kept; refused without an owner'
test_expect_code 0 "$ITK" unassign "$net" --reason 'bob is on leave'
test_grep 'unassigned, back in the queue of network' err
test_equal null "$(json_get "$f" owner)" owner
test_equal in_progress "$(json_get "$f" status)" status
test_equal bob "$(json_get "$f" events.-1.previous)" 'the event keeps who it was'
test_expect_code 4 "$ITK" unassign "$net"
test_grep "cannot unassign '$net': ticket has no owner" err

step 'hold from new ("awaiting user info" straight after registration), then resume back to new'
itk_open --title 'Cannot log in' --caller marc --impact low --urgency low
usr=$id
test_expect_code 0 "$ITK" hold "$usr" --awaiting user --reason 'asked for a screenshot'
test_grep 'on hold, awaiting user; SLA clocks stopped' err
test_equal on_hold "$(json_get "tickets/$usr.json" status)" status
test_equal user "$(json_get "tickets/$usr.json" awaiting)" awaiting
test_equal true "$(json_get "tickets/$usr.json" events.-1.pauses)" 'the event records that it pauses'
test_expect_code 0 "$ITK" show "$usr"
test_grep 'status      on_hold (awaiting user: asked for a screenshot)' out
test_expect_code 0 "$ITK" resume "$usr"
test_grep 'resumed, back in the queue (no owner)' err
test_equal new "$(json_get "tickets/$usr.json" status)" 'no owner: back to new'
test_equal null "$(json_get "tickets/$usr.json" awaiting)" awaiting

step 'a vendor hold with its case number: not in [hold] pauses, the clocks keep running'
test_expect_code 0 "$ITK" take "$usr"
test_expect_code 0 "$ITK" hold "$usr" --awaiting vendor --ref CASE-4471 --reason 'RMA with the supplier'
test_grep 'awaiting vendor; SLA clocks still running' err
test_equal false "$(json_get "tickets/$usr.json" events.-1.pauses)" 'pauses'
test_equal CASE-4471 "$(json_get "tickets/$usr.json" events.-1.ref)" ref
test_expect_code 2 "$ITK" hold "$usr" --awaiting godot --reason r
test_grep "invalid --awaiting 'godot': expected one of user, vendor, problem, change, evidence, other" err

step 'resolve while on hold: allowed, the hold ends at the resolve'
export ITK_NOW=2026-11-16T11:00:00Z
test_expect_code 0 "$ITK" resolve "$usr" --kind permanent --solution 'replaced the badge reader'
test_equal resolved "$(json_get "tickets/$usr.json" status)" status
test_equal null "$(json_get "tickets/$usr.json" hold_reason)" 'the hold ended'

step 'resolve with no owner: first-contact resolution, the resolver becomes the owner'
itk_open --title 'Password expired' --caller nadia --impact low --urgency low
fcr=$id
test_expect_code 0 "$ITK" resolve "$fcr" --as dave --kind permanent --solution 'reset it on the phone'
test_grep 'resolved (permanent) at first contact by dave' err
test_equal dave "$(json_get "tickets/$fcr.json" owner)" owner
test_equal dave "$(json_get "tickets/$fcr.json" events.-1.owner)" 'recorded in the event'

step 'prioritize on a resolved ticket: a correction before closure'
test_expect_code 0 "$ITK" prioritize "$fcr" --impact medium --urgency medium
test_equal P3 "$(cat out)" 'priority on stdout'
test_grep 'a correction before closure' err
test_equal resolved "$(json_get "tickets/$fcr.json" status)" status
test_expect_code 0 "$ITK" close "$fcr" --confirmed-by nadia
test_expect_code 4 "$ITK" prioritize "$fcr" --impact low --urgency low
test_grep "ticket is 'closed', which is final" err

step 'major withdraw: the ordinary circuit again, closed without a post-mortem'
itk_open --title 'Whole floor offline?' --caller monitoring --impact high --urgency high
maj=$id
test_expect_code 0 "$ITK" major withdraw "$maj" --reason 'one switch after all'
test_grep 'back in the ordinary circuit; its priority still needs a coordinator' err
test_equal false "$(json_get "tickets/$maj.json" major)" major
test_expect_code 4 "$ITK" major withdraw "$maj" --reason again
test_grep "cannot withdraw the major incident '$maj': ticket is not a major incident" err
test_expect_code 0 "$ITK" prioritize "$maj" --impact medium --urgency low
test_equal false "$(json_get "tickets/$maj.json" major)" 'a later prioritisation matching no rule keeps it withdrawn'
test_expect_code 0 "$ITK" take "$maj"
test_expect_code 0 "$ITK" resolve "$maj" --kind permanent --solution 'replaced the switch'
test_expect_code 0 "$ITK" close "$maj" --confirmed-by monitoring
test_expect_code 0 "$ITK" report --since 2026-11-16 --until 2026-11-17 --format json
test_equal '[true]' "$(json_eval out '[m["withdrawn"] for m in d["major"]]')" 'the report lists it as withdrawn'

step 'link --problem, --change, --caused-by: the numbers of other practices, the earlier one kept'
test_expect_code 0 "$ITK" link "$net" --problem PRB0040012
test_grep 'linked to problem PRB0040012' err
test_expect_code 0 "$ITK" link "$net" --problem PRB0040099
test_grep 'linked to problem PRB0040099 (instead of PRB0040012)' err
test_equal PRB0040012 "$(json_get "$f" events.-1.previous)" 'the event keeps the earlier one'
test_expect_code 0 "$ITK" link "$net" --change CHG0030001
test_expect_code 0 "$ITK" link "$net" --caused-by CHG0029990
test_equal 'PRB0040099 CHG0030001 CHG0029990' \
	"$(json_get "$f" problem) $(json_get "$f" change) $(json_get "$f" caused_by)" 'the three numbers'
test_expect_code 0 "$ITK" show "$net"
test_grep '^  problem     PRB0040099$' out
test_grep '^  caused by   CHG0029990$' out
test_expect_code 2 "$ITK" link "$net" --problem P1 --change C1
test_grep 'give one of --parent ID, --problem P, --change C or --caused-by C' err

step 'custom fields: --set on open and edit, checked against [fields]'
itk_open --title 'Slow ERP' --caller ines --impact low --urgency high --set location=Lyon --set symptom=slow --set floor=3
erp=$id
test_equal '{"floor": 3, "location": "Lyon", "symptom": "slow"}' "$(json_get "tickets/$erp.json" fields)" fields
test_expect_code 2 "$ITK" open --title x --caller y --set symptom=broken
test_grep "invalid value of 'symptom' 'broken': expected one of slow, down, error, other" err
test_expect_code 2 "$ITK" open --title x --caller y --set colour=red
test_grep "unknown field 'colour' in --set: expected one of floor, location, symptom" err
test_expect_code 2 "$ITK" open --title x --caller y --set floor=third
test_grep "invalid value of 'floor' 'third': expected an integer" err
test_expect_code 0 "$ITK" edit "$erp" --set location= --set symptom=down
test_grep 'edited fields.location, fields.symptom' err
test_equal '{"floor": 3, "symptom": "down"}' "$(json_get "tickets/$erp.json" fields)" 'fields after the edit'
test_equal '{"fields.location": {"from": "Lyon", "to": null}, "fields.symptom": {"from": "slow", "to": "down"}}' \
	"$(json_get "tickets/$erp.json" events.-1.changes)" 'the edit event'

step 'list and report --where KEY=VALUE, {fields.X} in --format'
test_expect_code 0 "$ITK" list --where symptom=DOWN --format '{id} {fields.symptom} {fields.floor}'
test_equal "$erp down 3" "$(cat out)" 'list --where on a custom field (any case)'
test_expect_code 0 "$ITK" list --all --where group=network --format '{id}'
test_equal "$net" "$(cat out)" 'list --where on a string key'
test_expect_code 2 "$ITK" list --where colour=red
test_grep "invalid --where key 'colour'" err
test_expect_code 0 "$ITK" report --since 2026-11-16 --until 2026-11-17 --where symptom=down --format json
test_equal 1 "$(json_get out opened)" 'report --where'

step 'the rules hold on replay: an escalation to a level below, recorded with the levels, breaks fsck'
test_expect_code 0 "$ITK" fsck
cp "tickets/$erp.json" erp.json
"$PYTHON" - "tickets/$erp.json" <<-'PY'
	import json, sys
	d = json.load(open(sys.argv[1]))
	e = {"at": d["events"][-1]["at"], "by": "mallory", "action": "escalate", "kind": "functional",
	     "from": "N1", "to": "N1", "group": "service-desk", "reason": "sideways", "levels": ["N1", "N2", "N3"]}
	d["events"].append(e)
	open(sys.argv[1], "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
	PY
test_expect_code 5 "$ITK" fsck
test_grep "event [0-9]* ('escalate') breaks the lifecycle: level 'N1' is not above the current level 'N1'" err
cp erp.json "tickets/$erp.json"

step 'a follow-up of a ticket that is not closed is refused, and so on replay'
test_expect_code 4 "$ITK" open --title 'again' --caller ines --follows "$erp"
test_grep "cannot open a follow-up of '$erp': ticket is 'new', not closed; add a note to it instead" err
test_expect_code 0 "$ITK" open --title 'after the closed one' --caller nadia --follows "$fcr"
follow=$(cat out)
test_equal closed "$(json_get "tickets/$follow.json" events.0.follows_status)" 'the open event records the status'
cp "tickets/$follow.json" follow.json
sed -i 's/"follows_status": "closed"/"follows_status": "resolved"/' "tickets/$follow.json"
test_expect_code 5 "$ITK" fsck
test_grep "event 1 ('open') breaks the lifecycle: ticket is 'resolved', not closed" err
cp follow.json "tickets/$follow.json"
test_expect_code 0 "$ITK" fsck
validate_store .

step 'unassign --group: out of every queue (a ServiceNow row that empties assignment_group)'
itk_open --title 'no queue' --caller omar --impact low --urgency low --to bob
test_expect_code 0 "$ITK" assign "$id" --to bob --group network
test_expect_code 0 "$ITK" unassign "$id" --group --reason 'wrong queue'
test_grep 'unassigned and out of the queue of network: no group, no owner' err
test_equal null "$(json_get "tickets/$id.json" group)" 'group'
test_equal null "$(json_get "tickets/$id.json" owner)" 'owner'
test_equal '{"action": "assign", "owner": null, "group": null, "reason": "wrong queue"}' \
	"$(json_eval "tickets/$id.json" '{k: v for k, v in d["events"][-1].items() if k not in ("at", "by")}')"
test_expect_code 0 "$ITK" unassign "$id" --group
test_grep 'nothing to do' err
test_expect_code 0 "$ITK" fsck
validate_store .
