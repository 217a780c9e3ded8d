#!/bin/bash
# itk report: every KPI of SPEC §9, on a hand-built store, against figures computed by hand
# from the SPEC's definitions (the arithmetic is in the comments), never copied from itk.
#
# Period: --period 2026-W47 = [S, U) = [2026-11-16T00:00:00Z, 2026-11-23T00:00:00Z).
# Default config (examples/itk.toml): SLA response/resolution P1 15m/4h, P2 30m/8h,
# P3 4h/3d, P4 1d/5d, P5 2d/10d; stale_after P1 30m, P2 2h, P3 1d, P4 3d, P5 7d;
# P1/P2 need a coordinator; impact high + urgency high is major.
#
# Matrix (impact x urgency): high/high P1, medium/high P2, medium/medium P3, low/high P3,
# medium/low P4, low/medium P4, low/low P5.
#
# Each ticket is built with its own clock (ITK_NOW). Phase 1 writes every event before U,
# phase 2 every event at or after U; the report over W47 must be the same after both.
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1

# at TIME COMMAND ARGS...: run one itk command at TIME, expecting exit 0.

step 'phase 1: the events before the end of the period'

# A: P3 opened BEFORE the period, resolved exactly at S (since is included), closed in it.
open_at 2026-11-13T10:00:00Z A --title 'A old P3' --caller ann --impact medium --urgency medium
at 2026-11-13T11:00:00Z assign "$A" --to bob
at 2026-11-14T09:00:00Z escalate "$A" --hierarchical --reason 'before the period'
at 2026-11-16T00:00:00Z resolve "$A" --solution fixed --kind permanent
at 2026-11-17T09:00:00Z close "$A" --confirmed-by ann --satisfaction 5

# R0: P5 resolved before the period, closed unconfirmed in it (resolved 6d >= 5d).
open_at 2026-11-05T09:00:00Z R0 --title 'R0 old P5' --caller roy --impact low --urgency low
at 2026-11-05T10:00:00Z assign "$R0" --to bob
at 2026-11-10T09:00:00Z resolve "$R0" --solution fixed --kind workaround
at 2026-11-16T09:00:00Z close "$R0" --unconfirmed

# M: P4 opened before the period, on hold since 11-12 and still on hold at U.
open_at 2026-11-09T10:00:00Z M --title 'M old P4 on hold' --caller meg --impact medium --urgency low
at 2026-11-09T12:00:00Z assign "$M" --to bob
at 2026-11-12T10:00:00Z hold "$M" --reason 'waiting for a supplier'

# B: P1, major (high/high), coordinator, hierarchical escalation in the period.
open_at 2026-11-17T08:00:00Z B --title 'B major outage' --caller bea --impact high --urgency high
at 2026-11-17T08:10:00Z assign "$B" --to bob
at 2026-11-17T08:12:00Z coordinate "$B" --by dave
at 2026-11-17T08:30:00Z escalate "$B" --hierarchical --reason 'site down'
at 2026-11-17T10:00:00Z resolve "$B" --solution 'restarted the core switch' --kind permanent

# C: opened P4, raised to P2 before assignment; resolution breached under its final P2.
open_at 2026-11-18T09:00:00Z C --title 'C raised to P2' --caller cid --impact medium --urgency low
at 2026-11-18T09:10:00Z prioritize "$C" --impact medium --urgency high
at 2026-11-18T09:20:00Z assign "$C" --to bob
at 2026-11-18T09:30:00Z coordinate "$C" --by dave
at 2026-11-18T19:00:00Z resolve "$C" --solution fixed --kind permanent
at 2026-11-18T20:00:00Z close "$C" --confirmed-by cid --satisfaction 3

# D: P3 put on hold for 48h, then resumed.
open_at 2026-11-16T10:00:00Z D --title 'D P3 with hold' --caller dan --impact medium --urgency medium
at 2026-11-16T10:30:00Z assign "$D" --to bob
at 2026-11-16T11:00:00Z hold "$D" --reason 'user away'
at 2026-11-18T11:00:00Z resume "$D"
at 2026-11-20T10:00:00Z resolve "$D" --solution fixed --kind permanent
at 2026-11-21T09:00:00Z close "$D" --confirmed-by dan

# E: P4, resolved, reopened, resolved again exactly 5d after opening, closed.
open_at 2026-11-17T09:00:00Z E --title 'E P4 reopened' --caller eve --impact medium --urgency low
at 2026-11-17T15:00:00Z assign "$E" --to bob
at 2026-11-17T16:00:00Z resolve "$E" --solution 'first try' --kind workaround
at 2026-11-18T09:00:00Z reopen "$E" --reason 'still broken'
at 2026-11-22T09:00:00Z resolve "$E" --solution 'second try' --kind permanent
at 2026-11-22T12:00:00Z close "$E" --confirmed-by eve --satisfaction 4

# F: P3, functionally escalated to N2, resolved late (closed only after U).
open_at 2026-11-19T09:00:00Z F --title 'F P3 escalated' --caller fay --impact medium --urgency medium
at 2026-11-19T09:15:00Z assign "$F" --to bob
at 2026-11-19T10:00:00Z escalate "$F" --reason 'needs N2'
at 2026-11-19T10:30:00Z assign "$F" --to carol
at 2026-11-22T15:00:00Z resolve "$F" --solution fixed --kind permanent

# G: P4 assigned exactly at its 1d response target, then cancelled.
open_at 2026-11-19T11:00:00Z G --title 'G P4 cancelled' --caller gus --impact low --urgency medium
at 2026-11-20T11:00:00Z assign "$G" --to bob
at 2026-11-20T12:00:00Z cancel "$G" --reason 'false alarm'

# H, I: redirected to request fulfilment and change enablement.
open_at 2026-11-20T09:00:00Z H --title 'H a request' --caller hal
at 2026-11-20T09:05:00Z categorize "$H" --type request --ref REQ-1
open_at 2026-11-20T09:10:00Z I --title 'I a change' --caller ida
at 2026-11-20T09:12:00Z categorize "$I" --type change --ref CHG-7

# X: an incident (P3, assigned at once) then redirected to a change: no longer an incident.
open_at 2026-11-20T10:00:00Z X --title 'X incident then change' --caller xan --impact medium --urgency medium --to bob
at 2026-11-20T11:00:00Z categorize "$X" --type change --ref CHG-8

# J: opened in the period, still uncategorised at U (redirected only after U); its
# hierarchical escalation is not an incident's.
open_at 2026-11-22T20:00:00Z J --title 'J uncategorised' --caller jon
at 2026-11-22T21:00:00Z escalate "$J" --hierarchical --reason 'caller insists'

# K: P2 opened in the period, never assigned before U (assigned only after U).
open_at 2026-11-22T20:00:00Z K --title 'K P2 unassigned' --caller kim --impact medium --urgency high

# K2: P2 opened exactly 30m before U, unassigned: its response target is not passed at U
# (elapsed 30m = target, within it): pending.
open_at 2026-11-22T23:30:00Z K2 --title 'K2 P2 pending' --caller kay --impact medium --urgency high

# L: P3 assigned 6h after opening (response breached), still open at U.
open_at 2026-11-20T08:00:00Z L --title 'L P3 assigned late' --caller lea --impact low --urgency high
at 2026-11-20T14:00:00Z assign "$L" --to bob
at 2026-11-21T09:00:00Z escalate "$L" --hierarchical --reason 'stagnating'

# N: P3 escalated to N2, past its resolution target at U, not stale (a note 2h before U).
open_at 2026-11-16T09:00:00Z N --title 'N P3 overdue' --caller ned --impact medium --urgency medium
at 2026-11-16T09:30:00Z assign "$N" --to bob
at 2026-11-16T12:00:00Z escalate "$N" --reason 'needs N2'
at 2026-11-16T13:00:00Z assign "$N" --to carol
at 2026-11-22T22:00:00Z note "$N" 'still investigating'

# P: an incident not yet prioritised, opened 10 minutes before U.
open_at 2026-11-22T23:50:00Z P --title 'P unprioritised' --caller pam --type incident

# Q: P3 opened and assigned at once, resolved in the period (reopened only after U).
open_at 2026-11-21T09:00:00Z Q --title 'Q P3 quick' --caller quin --impact medium --urgency medium --to bob
at 2026-11-21T11:00:00Z resolve "$Q" --solution fixed --kind workaround

# W: P3 opened before the period, raised to P1 high/high in it: a major declared in the
# period (not at its opening); resolved 2h after the declaration, not closed.
open_at 2026-11-14T09:00:00Z W --title 'W raised to major' --caller wes --impact medium --urgency medium
at 2026-11-14T09:30:00Z assign "$W" --to bob
at 2026-11-18T12:00:00Z prioritize "$W" --impact high --urgency high
at 2026-11-18T12:05:00Z coordinate "$W" --by dave
at 2026-11-18T14:00:00Z resolve "$W" --solution 'failover' --kind workaround

step 'the report over W47, run just after U'
at 2026-11-23T00:00:01Z report --period 2026-W47 --format json
test_must_be_empty err
cp out report1.json
"$PYTHON" -c 'import json,sys; json.load(open(sys.argv[1]))' report1.json || fail 'report is not JSON'

step 'phase 2: events at and after U, which must not count'
# T: a major incident opened exactly at U (until is excluded).
open_at 2026-11-23T00:00:00Z T --title 'T major after' --caller tom --impact high --urgency high
at 2026-11-23T01:00:00Z categorize "$J" --type change --ref CHG-9
at 2026-11-23T09:00:00Z assign "$K" --to bob
at 2026-11-23T10:00:00Z close "$F" --confirmed-by fay --satisfaction 1
at 2026-11-23T10:00:00Z escalate "$N" --hierarchical --reason 'after the period'
at 2026-11-23T12:00:00Z escalate "$L" --reason 'needs N2, after the period'
at 2026-11-24T09:00:00Z assign "$L" --to carol
at 2026-11-24T10:00:00Z resolve "$L" --solution fixed --kind permanent
at 2026-11-24T09:00:00Z reopen "$Q" --reason 'came back'
at 2026-11-24T12:00:00Z resolve "$Q" --solution 'fixed for good' --kind permanent
at 2026-11-25T09:00:00Z close "$Q" --confirmed-by quin --satisfaction 2
at 2026-11-24T09:00:00Z resume "$M"
at 2026-11-24T10:00:00Z resolve "$M" --solution fixed --kind permanent

step 'the report over W47 a week later is byte-identical'
at 2026-11-30T00:00:00Z report --period 2026-W47 --format json
test_must_be_empty err
cp out report2.json
test_same_file report1.json report2.json

step 'more changes two months later; the report is still byte-identical'
open_at 2027-01-20T09:00:00Z V --title 'V later' --caller vic --impact medium --urgency medium --to bob
at 2027-01-20T10:00:00Z escalate "$N" --reason 'to N3'
at 2027-01-20T11:00:00Z note "$K" 'much later'
at 2027-01-23T00:00:00Z report --period 2026-W47 --format json
cp out report3.json
test_same_file report1.json report3.json
at 2027-01-23T00:00:00Z report --since 2026-11-16T00:00:00Z --until 2026-11-23T00:00:00Z --format json
test_same_file report1.json out

# kpi KEY EXPECTED: the dotted KEY of report1.json equals EXPECTED, a Python expression
# (None for null). Integers must match exactly; fractions within 1e-3 (rates) and means of
# seconds within 1 s when the exact value is not whole. The key is recorded as checked.
kpi() {
	echo "$1" >>checked
	"$PYTHON" - report1.json "$1" "$2" <<-'EOF' || fail "KPI $1: see above"
	import json, sys
	from fractions import Fraction as Fr
	d = json.load(open(sys.argv[1]))
	v = d
	for k in sys.argv[2].split("."):
	    if not isinstance(v, dict) or k not in v:
	        sys.exit(f"KPI {sys.argv[2]}: key {k!r} missing")
	    v = v[k]
	want = eval(sys.argv[3])
	ok = False
	if want is None:
	    ok = v is None
	elif isinstance(v, bool) or v is None or not isinstance(v, (int, float)):
	    ok = False
	elif isinstance(want, int) or (isinstance(want, Fr) and want.denominator == 1):
	    ok = v == want
	else:
	    tol = 1e-3 if abs(float(want)) <= 1 else 1.0
	    ok = abs(v - float(want)) <= tol
	if not ok:
	    sys.exit(f"KPI {sys.argv[2]}: expected {sys.argv[3]} = {float(want) if want is not None else None}, got {json.dumps(v)}")
	EOF
}

step 'period and volumes'
test_equal 2026-11-16T00:00:00Z "$(json_get report1.json period.since)" period.since
test_equal 2026-11-23T00:00:00Z "$(json_get report1.json period.until)" period.until
echo period.since >>checked
echo period.until >>checked
# Incidents as of U: A R0 M W B C D E F G K K2 L N P Q (H, I, X redirected; J
# uncategorised; T opened at U, excluded).
# opened: B C D E F G K K2 L N P Q = 12 (A, R0, M, W opened before S).
kpi opened 12
# R = resolved or closed at U, last resolve in [S, U): A (at S exactly), B, C, D, E (last
# resolve 11-22), F, Q (reopened only after U), W = 8. Not R0 (resolved 11-10), not G
# (cancelled), not K L N M P (open at U; L and M are resolved only after U).
kpi resolved 8
# closed in the period: R0 (11-16, unconfirmed), A (11-17), C (11-18), E (11-22), D (11-21)
# = 5; F and Q close after U.
kpi closed 5
kpi cancelled 1              # G
kpi redirected.request 1     # H (J is redirected to a change only after U)
kpi redirected.change 2      # I, X (an incident before)

step 'MTTA'
# First assignment - open, incidents opened in the period and assigned before U:
#   B 08:10-08:00 = 600 (P1); C 09:20-09:00 = 1200 (P2); D 10:30-10:00 = 1800 (P3);
#   E 15:00-09:00 = 21600 (P4); F 09:15-09:00 = 900 (P3); G 11-20T11:00-11-19T11:00 = 86400
#   (P4, cancelled counts); L 14:00-08:00 = 21600 (P3); N 09:30-09:00 = 1800 (P3);
#   Q 0 (P3, --to at open). K (assigned after U), K2 and P (never) are left out; W was
#   opened before S; X is a change at U.
# all: (600+1200+1800+21600+900+86400+21600+1800+0) / 9 = 135900 / 9 = 15100
kpi mtta_seconds.all 15100
kpi mtta_seconds.P1 600                 # B
kpi mtta_seconds.P2 1200                # C (final priority P2; K not assigned before U)
kpi mtta_seconds.P3 5220                # (1800+900+21600+1800+0) / 5 = 26100 / 5
kpi mtta_seconds.P4 54000               # (21600+86400) / 2
kpi mtta_seconds.P5 None                # nothing

step 'MTTR'
# Over R, last resolve - open - time on hold, by final priority:
#   A 11-13T10:00 -> 11-16T00:00 = 2d14h = 223200 (P3)
#   B 08:00 -> 10:00 = 7200 (P1)
#   C 09:00 -> 19:00 = 10h = 36000 (P2)
#   D 11-16T10:00 -> 11-20T10:00 = 4d = 345600, minus hold 11-16T11:00 -> 11-18T11:00 =
#     172800: 172800 (P3)
#   E 11-17T09:00 -> 11-22T09:00 (last resolve) = 5d = 432000 (P4)
#   F 11-19T09:00 -> 11-22T15:00 = 3d6h = 280800 (P3)
#   Q 09:00 -> 11:00 = 7200 (P3)
#   W 11-14T09:00 -> 11-18T14:00 = 4d5h = 363600 (final priority P1)
# all sorted: 7200 7200 36000 172800 223200 280800 363600 432000 (n=8)
#   mean (7200+7200+36000+172800+223200+280800+363600+432000) / 8 = 1522800 / 8 = 190350
#   median (172800+223200) / 2 = 198000; p90 rank ceil(0.9*8)=8: 432000
kpi mttr_seconds.all.mean 190350
kpi mttr_seconds.all.median 198000
kpi mttr_seconds.all.p90 432000
# P1: B 7200, W 363600: mean = median = 370800 / 2 = 185400; p90 rank ceil(1.8)=2: 363600
kpi mttr_seconds.P1.mean 185400
kpi mttr_seconds.P1.median 185400
kpi mttr_seconds.P1.p90 363600
kpi mttr_seconds.P2.mean 36000
kpi mttr_seconds.P2.median 36000
kpi mttr_seconds.P2.p90 36000
# P3 sorted: 7200 172800 223200 280800 (n=4): mean 684000 / 4 = 171000;
#   median (172800+223200) / 2 = 198000; p90 rank ceil(3.6)=4: 280800
kpi mttr_seconds.P3.mean 171000
kpi mttr_seconds.P3.median 198000
kpi mttr_seconds.P3.p90 280800
kpi mttr_seconds.P4.mean 432000
kpi mttr_seconds.P4.median 432000
kpi mttr_seconds.P4.p90 432000
kpi mttr_seconds.P5.mean None
kpi mttr_seconds.P5.median None
kpi mttr_seconds.P5.p90 None

step 'SLA'
# Response, incidents opened in the period:
#   met: B 600<=900, C 1200<=1800, D 1800<=14400, E 21600<=86400, F 900<=14400,
#        G 86400<=86400 (exactly the target), N 1800<=14400, Q 0 = 8
#   breached: L 21600 > 14400; K unassigned at U, target 11-22T20:30 passed = 2
#   P: no priority, no target: pending, left out. K2: 30m elapsed = its 30m target at U,
#   not passed: pending, left out. X: a change at U, left out.
kpi sla.response.met 8
kpi sla.response.breached 2
kpi sla.response.rate 'Fr(8, 10)'
# Resolution, over R with the final priority's target (hold excluded):
#   A 223200<=259200 met; B 7200<=14400 met; C 36000 > 28800 (P2, not P4's 5d) breached;
#   D 172800<=259200 met (wall clock 345600 would breach); E 432000<=432000 met (exactly);
#   F 280800 > 259200 breached; Q 7200 met; W 363600 > 14400 (its final P1's 4h, not
#   P3's 3d) breached: met 5, breached 3, rate 5/8
kpi sla.resolution.met 5
kpi sla.resolution.breached 3
kpi sla.resolution.rate 'Fr(5, 8)'

step 'escalations and reopens'
# R without a functional escalation: A B C D E Q W (A and B had hierarchical ones only)
# = 7/8
kpi first_level_resolution_rate 'Fr(7, 8)'
# Opened in the period with a functional escalation before U: F, N (L's is after U) = 2/12
kpi escalation_rate 'Fr(2, 12)'
# Hierarchical events in [S, U): B 11-17T08:30, L 11-21T09:00 = 2 (A's 11-14 is before S,
# N's 11-23T10:00 after U, J is not an incident at U)
kpi hierarchical_escalations 2
# R reopened before U: E = 1/8 (Q is reopened after U)
kpi reopen_rate 'Fr(1, 8)'

step 'first contact, reassignments, holds by kind'
# Every ticket of R was opened by alice (ITK_ACTOR) and owned by bob or carol: none was
# resolved at first contact: 0/8.
kpi first_contact_resolution_rate 'Fr(0, 8)'
# Group changes after the first routing, over R: F service-desk -> support (its escalation)
# = 1; the others none (A and B escalated hierarchically only): 1/8. No ticket came back to
# a group it had left.
kpi reassignments.mean 'Fr(1, 8)'
kpi reassignments.ping_pong 0
# Hold time of R by kind: D's 48h hold (no --awaiting: other) = 172800; M is not in R.
kpi hold_seconds.other 172800
kpi hold_seconds.user 0
kpi hold_seconds.vendor 0
kpi hold_seconds.problem 0
kpi hold_seconds.change 0
kpi hold_seconds.evidence 0

step 'backlog'
# Incidents new/in_progress/on_hold at U: M (on_hold, P4), K (new, P2), K2 (new, P2),
# L (P3), N (P3), P (new, unprioritised) = 6
kpi backlog.total 6
kpi backlog.by_priority.P1 0
kpi backlog.by_priority.P2 2            # K, K2
kpi backlog.by_priority.P3 2            # L, N
kpi backlog.by_priority.P4 1            # M
kpi backlog.by_priority.P5 0
kpi backlog.by_priority.unprioritized 1 # P
# Age at U (wall clock): K 4h, K2 30m, P 10m -> <1d; L 2d16h -> 1-3d; N 6d15h -> 3-7d;
# M 13d14h -> >7d
kpi 'backlog.by_age.<1d' 3
kpi 'backlog.by_age.1-3d' 1
kpi 'backlog.by_age.3-7d' 1
kpi 'backlog.by_age.>7d' 1
# Stale at U (time since last event, wall clock): M 10d14h > 3d yes; K 4h > 2h yes;
# L 1d15h > 1d yes; N 2h < 1d no; K2 30m < 2h no; P 10m (and no priority) no = 3
kpi backlog.stale 3
# Past the resolution target at U, hold excluded: N 6d15h > 3d yes; M 3d net (on hold
# since 11-12T10:00; 13d14h wall clock) < 5d no; K 4h < 8h no (its response target passed,
# not its resolution one); K2 30m no; L 2d16h < 3d no; P no target = 1
kpi backlog.breached 1

step 'majors'
# B: declared at its opening (high/high) 11-17T08:00, resolved 10:00: 7200 s.
# W: opened 11-14, declared major when raised to high/high at 11-18T12:00, resolved 14:00:
#    duration from the declaration = 7200 s (not 4d5h from its opening).
# T is declared at U: left out. The list is compared as a set (the SPEC fixes no order).
echo major >>checked
cat >expect <<-EOF
	$B|B major outage|2026-11-17T08:00:00Z|2026-11-17T10:00:00Z|7200
	$W|W raised to major|2026-11-18T12:00:00Z|2026-11-18T14:00:00Z|7200
EOF
json_eval report1.json '"\n".join("|".join(str(m[k]) for k in ("id", "title", "declared_at", "resolved_at", "duration_seconds")) for m in d["major"])' | sort >actual
sort expect >expect.sorted
test_cmp expect.sorted actual

step 'satisfaction'
# Closed in the period: A (5), R0 (unconfirmed, none), C (3), D (none), E (4) = 5 closures;
# F's 1 and Q's 2 are after U.
kpi satisfaction.responses 3
kpi satisfaction.mean 4                 # (5+3+4) / 3
kpi satisfaction.response_rate 'Fr(3, 5)'

step 'every key of the report was checked, and there are no others'
"$PYTHON" - report1.json checked <<-'EOF' || fail 'keys differ (see above)'
import json, sys
d = json.load(open(sys.argv[1]))
def leaves(v, p):
    if isinstance(v, dict) and v:
        for k, x in v.items():
            yield from leaves(x, p + [k])
    else:
        yield ".".join(p)
got = set(leaves(d, []))
checked = set(open(sys.argv[2]).read().split("\n")) - {""}
if got != checked:
    print("in the report, not checked:", sorted(got - checked), file=sys.stderr)
    print("checked, not in the report:", sorted(checked - got), file=sys.stderr)
    sys.exit(1)
EOF
# A major entry has (at least, in this order) the keys of SPEC §9; §10 may add more.
test_equal '["id", "title", "declared_at", "resolved_at", "duration_seconds"]' \
	"$(json_eval report1.json '[k for k in d["major"][0] if k in ("id", "title", "declared_at", "resolved_at", "duration_seconds")]')" \
	'keys of a major entry'

step 'the report holds no generation time'
test_grep -v '2026-11-23T00:00:01' report1.json
test_grep -v '2027-01-23' report3.json

step 'a period with nothing in it: zero counts, every rate and mean null'
at 2026-11-30T00:00:00Z report --since 2026-10-01 --until 2026-10-08 --format json
cp out empty.json
"$PYTHON" - empty.json <<-'EOF' || fail 'empty report (see above)'
import json, sys
d = json.load(open(sys.argv[1]))
P = ["P1", "P2", "P3", "P4", "P5"]
want = {
    "period": {"since": "2026-10-01T00:00:00Z", "until": "2026-10-08T00:00:00Z"},
    "opened": 0, "resolved": 0, "closed": 0, "cancelled": 0,
    "redirected": {"request": 0, "change": 0},
    "mtta_seconds": {"all": None, **{p: None for p in P}},
    "mttr_seconds": {k: {"mean": None, "median": None, "p90": None} for k in ["all"] + P},
    "sla": {"response": {"met": 0, "breached": 0, "rate": None},
            "resolution": {"met": 0, "breached": 0, "rate": None}},
    "first_level_resolution_rate": None, "escalation_rate": None,
    "hierarchical_escalations": 0, "reopen_rate": None,
    "first_contact_resolution_rate": None,
    "reassignments": {"mean": None, "ping_pong": 0},
    "hold_seconds": {k: 0 for k in ["user", "vendor", "problem", "change", "evidence", "other"]},
    "backlog": {"total": 0, "by_priority": {**{p: 0 for p in P}, "unprioritized": 0},
                "by_age": {"<1d": 0, "1-3d": 0, "3-7d": 0, ">7d": 0},
                "stale": 0, "breached": 0},
    "major": [],
    "satisfaction": {"responses": 0, "mean": None, "response_rate": None},
}
if d != want:
    for k in want:
        if d.get(k) != want[k]:
            print(f"{k}: expected {json.dumps(want[k])}, got {json.dumps(d.get(k))}", file=sys.stderr)
    print("extra keys:", sorted(set(d) - set(want)), file=sys.stderr)
    sys.exit(1)
EOF

step 'a period with a live backlog but no activity: activity rates null, backlog counted'
# [2026-11-12T12:00, 2026-11-12T13:00): nothing happens in it. At its end the only live
# incident is M (R0 is resolved since 11-10, A is opened on 11-13): P4, on hold since
# 11-12T10:00, age 3d3h -> 3-7d; not stale (3h < 3d); not breached (3d net < 5d).
at 2026-11-30T00:00:00Z report --since 2026-11-12T12:00:00Z --until 2026-11-12T13:00:00Z --format json
cp out quiet.json
test_equal 0 "$(json_get quiet.json opened)" opened
test_equal null "$(json_get quiet.json mtta_seconds.all)" mtta_seconds.all
test_equal null "$(json_get quiet.json escalation_rate)" escalation_rate
test_equal null "$(json_get quiet.json sla.response.rate)" sla.response.rate
test_equal null "$(json_get quiet.json sla.resolution.rate)" sla.resolution.rate
test_equal null "$(json_get quiet.json first_level_resolution_rate)" first_level_resolution_rate
test_equal null "$(json_get quiet.json reopen_rate)" reopen_rate
test_equal null "$(json_get quiet.json satisfaction.mean)" satisfaction.mean
test_equal null "$(json_get quiet.json satisfaction.response_rate)" satisfaction.response_rate
test_equal 1 "$(json_get quiet.json backlog.total)" backlog.total
test_equal 1 "$(json_get quiet.json backlog.by_priority.P4)" backlog.by_priority.P4
test_equal 1 "$(json_get quiet.json backlog.by_age.3-7d)" 'backlog.by_age.3-7d'
test_equal 0 "$(json_get quiet.json backlog.stale)" backlog.stale
test_equal 0 "$(json_get quiet.json backlog.breached)" backlog.breached

step 'fsck passes on the fixture'
export ITK_NOW=2027-01-23T00:00:00Z
test_expect_code 0 "$ITK" fsck
validate_store .
