#!/usr/bin/env bash
# The KPIs of SPEC §9 that real desks asked for, on a hand-built week whose arithmetic is in
# the comments: first-contact resolution, reassignments and ping-pong, hold time per kind
# (paused or not), a routing to a higher level's group as an escalation, MTTA without the
# hold before the response, a major incident withdrawn.
#
# Period 2026-W47 = [2026-11-16T00:00:00Z, 2026-11-23T00:00:00Z). Default config, plus
# group_levels network = N2, dba = N3; [hold] pauses every kind but vendor.
# Priorities: low/low P5 (response 2d), low/medium P4 (response 1d), high/high P1 (major).
. "$(dirname "$0")/lib.sh"

"$ITK" -q init .
sed -i 's/^# group_levels = .*/group_levels = { dba = "N3", network = "N2" }/' itk.toml
sed -i 's/^pauses = .*/pauses = ["user", "problem", "change", "evidence", "other"]/' itk.toml


step 'a week of tickets (every one opened by alice, the default actor)'
# F1: resolved by alice at first contact, nobody assigned: FCR; its response is the resolve.
open_at 2026-11-16T09:00:00Z F1 --title F1 --caller ann --impact low --urgency low
at 2026-11-16T09:05:00Z resolve "$F1" --kind permanent --solution 'reset'
# F2: resolved by bob, who was not the opener: not FCR.
open_at 2026-11-16T10:00:00Z F2 --title F2 --caller ben --impact low --urgency low
at 2026-11-16T10:30:00Z resolve "$F2" --as bob --kind permanent --solution 'reset'
# F3: resolved by alice, but owned by bob before: not FCR.
open_at 2026-11-17T09:00:00Z F3 --title F3 --caller cid --impact low --urgency low --to bob
at 2026-11-17T10:00:00Z resolve "$F3" --kind permanent --solution 'reset'
# PP: service-desk -> network (N2: an escalation) -> service-desk (back: a ping-pong).
open_at 2026-11-17T10:00:00Z PP --title PP --caller dan --impact low --urgency medium
at 2026-11-17T10:10:00Z assign "$PP" --group network
at 2026-11-17T10:20:00Z assign "$PP" --group service-desk
at 2026-11-17T10:30:00Z assign "$PP" --to bob
at 2026-11-17T12:00:00Z resolve "$PP" --kind permanent --solution 'patched'
# DBA: assigned to carol in the dba group (N3): an escalation by routing.
open_at 2026-11-18T09:00:00Z DBA --title DBA --caller eve --impact low --urgency medium
at 2026-11-18T09:30:00Z assign "$DBA" --to carol --group dba
at 2026-11-18T11:00:00Z resolve "$DBA" --kind permanent --solution 'index rebuilt'
# HV: an hour awaiting the user (paused), then four hours awaiting a vendor (not paused).
open_at 2026-11-18T12:00:00Z HV --title HV --caller fay --impact low --urgency medium
at 2026-11-18T12:00:00Z take "$HV" --as erin
at 2026-11-18T12:30:00Z hold "$HV" --awaiting user --reason 'screenshot'
at 2026-11-18T13:30:00Z resume "$HV"
at 2026-11-18T14:00:00Z hold "$HV" --awaiting vendor --ref CASE-1 --reason 'RMA'
at 2026-11-18T18:00:00Z resolve "$HV" --kind permanent --solution 'new disk'
# HN: on hold awaiting the user from registration, before anybody took it.
open_at 2026-11-19T09:00:00Z HN --title HN --caller gus --impact low --urgency medium
at 2026-11-19T09:10:00Z hold "$HN" --awaiting user --reason 'which printer?'
at 2026-11-19T10:10:00Z resume "$HN"
at 2026-11-19T10:40:00Z take "$HN" --as erin
at 2026-11-19T11:00:00Z resolve "$HN" --kind permanent --solution 'driver'
# MW: major by the matrix at its opening, withdrawn, then handled by alice herself.
open_at 2026-11-19T12:00:00Z MW --title 'MW not so major' --caller hal --impact high --urgency high
at 2026-11-19T12:10:00Z major withdraw "$MW" --reason 'one printer'
at 2026-11-19T12:15:00Z coordinate "$MW" --by dave
at 2026-11-19T12:20:00Z take "$MW"
at 2026-11-19T13:00:00Z resolve "$MW" --kind permanent --solution 'toner'
at 2026-11-19T14:00:00Z close "$MW" --confirmed-by hal
at 2026-11-30T00:00:00Z report --period 2026-W47 --format json
cp out report.json

# kpi KEY EXPECTED: the dotted KEY of report.json equals EXPECTED (a Python expression).
kpi() {
	"$PYTHON" - report.json "$1" "$2" <<-'EOF' || fail "KPI $1: see above"
	import json, sys
	from fractions import Fraction as Fr
	v = json.load(open(sys.argv[1]))
	for k in sys.argv[2].split("."):
	    v = v[k]
	want = eval(sys.argv[3])
	if v is None or want is None or isinstance(want, (list, dict)):
	    ok = v == want
	else:
	    ok = abs(v - float(want)) <= 1e-9
	if not ok:
	    sys.exit(f"KPI {sys.argv[2]}: expected {sys.argv[3]}, got {json.dumps(v)}")
	EOF
}

step 'R and first-contact resolution'
# R = F1 F2 F3 PP DBA HV HN MW = 8. FCR: resolved by the opener (alice), no group change,
# no escalation, no other owner: F1 (nobody), MW (alice took it) = 2/8. Not F2 (bob
# resolved), F3 (owner bob), PP (groups, bob), DBA (carol), HV and HN (owner erin).
kpi resolved 8
kpi first_contact_resolution_rate 'Fr(2, 8)'

step 'reassignments, ping-pong, escalations by routing'
# Group changes after the first routing: PP 2 (network, back to the desk), DBA 1 (dba),
# the others 0: 3/8. PP came back to the service desk it had left: 1.
kpi reassignments.mean 'Fr(3, 8)'
kpi reassignments.ping_pong 1
# Functional escalations: PP's routing N1 -> N2 and DBA's N1 -> N3 (the way back to the desk
# lowers the level: not one). Opened in the week: 8. Escalation rate 2/8; first-level 6/8.
kpi escalation_rate 'Fr(2, 8)'
kpi first_level_resolution_rate 'Fr(6, 8)'

step 'hold time per kind, paused or not, and the MTTR that excludes only the paused'
# user: HV 12:30-13:30 = 3600, HN 09:10-10:10 = 3600: 7200. vendor: HV 14:00-18:00 = 14400.
kpi hold_seconds.user 7200
kpi hold_seconds.vendor 14400
kpi hold_seconds.other 0
# HV: 12:00 -> 18:00 = 21600, minus the user hour only (vendor does not pause) = 18000.
# P4 in R: PP 10:00 -> 12:00 = 7200, DBA 09:00 -> 11:00 = 7200, HV 18000,
# HN 09:00 -> 11:00 = 7200 - 3600 on hold = 3600: mean (7200+7200+18000+3600) / 4 = 9000.
kpi mttr_seconds.P4.mean 9000
kpi mttr_seconds.P4.p90 18000

step 'MTTA excludes the pausing hold before the response'
# P4: PP 10:00 -> 10:30 (routings are no assignment of a person) = 1800; DBA 1800; HV 0;
# HN 09:00 -> 10:40 = 6000 minus its hour awaiting the user = 2400: (1800+1800+0+2400)/4 = 1500.
kpi mtta_seconds.P4 1500
# P5: F1 300 (its resolve at first contact is the response), F2 1800 (bob's resolve), F3 0
# (--to at opening): 2100 / 3 = 700.
kpi mtta_seconds.P5 700

step 'the major incident, withdrawn, is listed as such'
# Declared at its prioritisation 11-19T12:00, resolved 13:00: 3600 s; no post-mortem needed.
kpi major '[{"id": "'"$MW"'", "title": "MW not so major", "declared_at": "2026-11-19T12:00:00Z", "resolved_at": "2026-11-19T13:00:00Z", "duration_seconds": 3600, "children": 0, "postmortem": False, "withdrawn": True}]'
at 2026-11-30T00:00:00Z report --period 2026-W47
test_grep -E "^  $MW .* withdrawn +MW not so major$" out
test_grep -E '^  first-contact resolution rate +25\.0%$' out
test_grep -E '^  ping-pong \(back to a group left\) +1$' out
test_grep -E '^  vendor +4h$' out
validate_store .
