#!/usr/bin/env bash
# itk export feeds DuckDB: the NDJSON of the tickets and of the events, read with DuckDB's
# read_json_auto (tests/tools/duckdb/backlog.mjs, @duckdb/node-api), gives the same backlog by
# priority and the same count of incidents opened in a period as `itk report`; a third count,
# made here in Python from the same files, and the figures known from the story itself, agree.
# Needs Node and `npm ci --prefix tests/tools/duckdb` (CI's setup runs it).
. "$(dirname "$0")/lib.sh"

DUCKDB_DIR=$ITK_SOURCE_DIR/tests/tools/duckdb

step 'Node and the DuckDB package are there (npm ci, never installed from here)'
command -v node >/dev/null || fail "node is missing (Debian's nodejs package); then run: npm ci --prefix tests/tools/duckdb"
if ! test -d "$DUCKDB_DIR/node_modules/@duckdb/node-api"; then
	fail "$DUCKDB_DIR/node_modules is missing: run 'npm ci --prefix tests/tools/duckdb' in $ITK_SOURCE_DIR"
fi

"$ITK" -q init .


step 'a store of 19 tickets, each priority, every status, opened around the period'
# The period of the `opened` check is [since, until); `now` is after every event.
since=2026-11-12T00:00:00Z
until=2026-11-17T00:00:00Z
now=2026-11-20T09:00:00Z
# Before the period: a P1 (a major incident) being worked on, a P4 closed.
open_at 2026-11-10T08:00:00Z t1 --title 'ERP down' --caller ann --impact high --urgency high
at 2026-11-10T08:05:00Z take "$t1"
open_at 2026-11-11T09:00:00Z t17 --title 'Mouse broken' --caller bea --impact medium --urgency low --to bob
at 2026-11-11T10:00:00Z resolve "$t17" --kind permanent --solution 'new mouse'
at 2026-11-11T11:00:00Z close "$t17" --confirmed-by bea
open_at 2026-11-11T12:00:00Z t19 --title 'Never categorised' --caller cid
# In the period: opened exactly at `since` (included), then every status.
open_at "$since" t2 --title 'VPN drops' --caller dan --impact high --urgency medium --to bob
open_at 2026-11-12T10:00:00Z t3 --title 'Mail slow' --caller eve --impact medium --urgency high
at 2026-11-12T10:30:00Z take "$t3"
at 2026-11-12T11:00:00Z hold "$t3" --reason 'waiting for the mail vendor'
open_at 2026-11-13T09:00:00Z t4 --title 'Printer jam' --caller fay --impact high --urgency low
at 2026-11-13T09:10:00Z take "$t4"
at 2026-11-13T10:00:00Z resolve "$t4" --kind permanent --solution 'jam cleared'
at 2026-11-13T11:00:00Z close "$t4" --confirmed-by fay
open_at 2026-11-13T12:00:00Z t5 --title 'Screen flickers' --caller gus --impact medium --urgency medium
open_at 2026-11-14T09:00:00Z t6 --title 'Badge refused' --caller hal --impact low --urgency high
at 2026-11-14T09:30:00Z take "$t6"
at 2026-11-14T10:00:00Z resolve "$t6" --kind workaround --solution 'temporary badge'
open_at 2026-11-14T11:00:00Z t7 --title 'Teams echo' --caller ivy --impact medium --urgency low --to carol
open_at 2026-11-15T09:00:00Z t8 --title 'Licence expired' --caller jon --impact low --urgency medium
at 2026-11-15T09:30:00Z hold "$t8" --reason 'asked the caller for the licence key'
open_at 2026-11-15T10:00:00Z t9 --title 'Same as the VPN one' --caller kim --impact low --urgency low
at 2026-11-15T10:30:00Z cancel "$t9" --reason 'duplicate'
open_at 2026-11-15T11:00:00Z t10 --title 'Wallpaper reset' --caller lea --impact low --urgency low --to bob
at 2026-11-15T12:00:00Z resolve "$t10" --kind permanent --solution 'policy fixed'
at 2026-11-15T13:00:00Z close "$t10" --confirmed-by lea
open_at 2026-11-16T09:00:00Z t11 --title 'Something is odd' --caller max --type incident
open_at 2026-11-16T10:00:00Z t12 --title 'Need a new laptop' --caller ned
at 2026-11-16T10:05:00Z categorize "$t12" --type request --ref REQ-1
# Opened in the period: an incident as of `until`, redirected after (counted in the period, not
# in the backlog now); and two categorised only after `until` (counted nowhere in the period).
open_at 2026-11-16T11:00:00Z t13 --title 'Upgrade the switch' --caller oli --type incident
at 2026-11-18T09:00:00Z categorize "$t13" --type change --ref CHG-7
open_at 2026-11-16T12:00:00Z t14 --title 'Noise in room 4' --caller pia
at 2026-11-18T10:00:00Z categorize "$t14" --type incident
open_at 2026-11-15T14:00:00Z t18 --title 'Slow share' --caller quy
at 2026-11-19T09:00:00Z categorize "$t18" --type incident
at 2026-11-19T09:05:00Z prioritize "$t18" --impact medium --urgency low
# Opened exactly at `until` (excluded), and after the period: one resolved then reopened.
open_at "$until" t15 --title 'Phone dead' --caller ros --impact medium --urgency medium
at 2026-11-17T00:10:00Z take "$t15"
open_at 2026-11-18T09:00:00Z t16 --title 'Wi-Fi weak' --caller sam --impact medium --urgency high --to bob
at 2026-11-18T09:30:00Z coordinate "$t16" --by dave
at 2026-11-18T10:00:00Z resolve "$t16" --kind workaround --solution 'moved the access point'
at 2026-11-18T11:00:00Z reopen "$t16" --reason 'still weak in room 2'
test_equal 19 "$(ls tickets | wc -l)" 'ticket files'
validate_store .
export ITK_NOW=$now
# What the story says, to hold the three computations below to: the backlog now, and the
# incidents opened in [since, until) and since the start.
want_backlog='{"P1": 1, "P2": 3, "P3": 2, "P4": 3, "P5": 0, "unprioritized": 2}'
want_opened_period=11
want_opened_all=16

step 'itk export: one JSON object a line, sorted by ID (events: then seq), the same bytes twice'
test_expect_code 0 "$ITK" export
mv out tickets.ndjson
test_must_be_empty err
test_expect_code 0 "$ITK" export --events
mv out events.ndjson
test_must_be_empty err
test_line_count 19 tickets.ndjson
"$ITK" export >tickets2.ndjson
"$ITK" export --events >events2.ndjson
test_same_file tickets.ndjson tickets2.ndjson
test_same_file events.ndjson events2.ndjson
"$PYTHON" - tickets.ndjson events.ndjson tickets >shape.out 2>&1 <<-'EOF' || { cat shape.out >&2; fail 'the export is not sorted NDJSON'; }
	import json, sys
	def lines(path):
	    data = open(path, "rb").read()
	    assert data.endswith(b"\n"), f"{path}: no final newline"
	    for n, line in enumerate(data.decode("utf-8").split("\n")[:-1], 1):
	        obj = json.loads(line)  # every line is one JSON object, nothing else
	        assert isinstance(obj, dict), f"{path}:{n}: not an object"
	        yield obj
	tickets = list(lines(sys.argv[1]))
	ids = [t["id"] for t in tickets]
	assert ids == sorted(ids) and len(set(ids)) == len(ids), "tickets not sorted by ID"
	for t in tickets:
	    assert "events" not in t, f"{t['id']}: events in the tickets export"
	    # the ticket file's object, without its events
	    f = json.load(open(f"{sys.argv[3]}/{t['id']}.json", encoding="utf-8"))
	    assert t == {k: v for k, v in f.items() if k != "events"}, f"{t['id']}: not its file"
	events = list(lines(sys.argv[2]))
	keys = [(e["ticket"], e["seq"]) for e in events]
	assert keys == sorted(keys), "events not sorted by ticket, then seq"
	for tid in ids:
	    f = json.load(open(f"{sys.argv[3]}/{tid}.json", encoding="utf-8"))
	    mine = [e for e in events if e["ticket"] == tid]
	    assert [e["seq"] for e in mine] == list(range(len(f["events"]))), f"{tid}: seq not 0..n-1"
	    for e, fe in zip(mine, f["events"]):
	        assert {k: v for k, v in e.items() if k not in ("ticket", "seq")} == fe, f"{tid}: event {e['seq']}"
	assert {e["ticket"] for e in events} == set(ids), "events of unknown tickets"
	EOF

step 'itk report: the backlog now and the incidents opened, in the period and since the start'
test_expect_code 0 "$ITK" report --since 2026-11-01 --until "$now" --format json
cp out report-all.json
test_expect_code 0 "$ITK" report --since "$since" --until "$until" --format json
cp out report-period.json
report_backlog=$(json_eval report-all.json 'json.dumps(d["backlog"]["by_priority"], sort_keys=True)')
test_equal "$want_backlog" "$report_backlog" 'itk report: backlog.by_priority'
test_equal "$want_opened_all" "$(json_get report-all.json opened)" 'itk report: opened since the start'
test_equal "$want_opened_period" "$(json_get report-period.json opened)" 'itk report: opened in the period'

step 'DuckDB (read_json_auto over the export) gives the same backlog by priority and opened counts'
duck() {
	if ! node "$DUCKDB_DIR/backlog.mjs" "$@" >duck.json 2>duck.err; then
		_show_file stderr duck.err
		fail "backlog.mjs failed: $*"
	fi
	cat duck.json
}
duck tickets.ndjson events.ndjson 2026-11-01 "$now" >duck-all.json
duck tickets.ndjson events.ndjson "$since" "$until" >duck-period.json
duck tickets.ndjson events.ndjson >duck-nodates.json
test_equal "$report_backlog" "$(json_eval duck-all.json 'json.dumps(d["backlog_by_priority"], sort_keys=True)')" \
	'DuckDB backlog_by_priority vs itk report'
test_equal "$(json_get report-all.json opened)" "$(json_get duck-all.json opened)" 'DuckDB opened since the start vs itk report'
test_equal "$(json_get report-period.json opened)" "$(json_get duck-period.json opened)" 'DuckDB opened in the period vs itk report'
test_equal "$want_opened_all" "$(json_get duck-nodates.json opened)" 'DuckDB opened with no period (every open event)'

step 'a third count, in Python from the same export, agrees'
py_count() { # SINCE UNTIL: the same JSON as backlog.mjs
	"$PYTHON" - tickets.ndjson events.ndjson "$1" "$2" <<-'EOF'
	import json, sys
	from datetime import datetime
	t_path, e_path, since, until = sys.argv[1:]
	ts = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
	backlog = dict.fromkeys(["P1", "P2", "P3", "P4", "P5", "unprioritized"], 0)
	for line in open(t_path, encoding="utf-8"):
	    t = json.loads(line)
	    if t["type"] == "incident" and t["status"] in ("new", "in_progress", "on_hold"):
	        backlog[t["priority"] or "unprioritized"] += 1
	since, until = ts(since), ts(until)
	kind, opened_at = {}, {}
	for line in open(e_path, encoding="utf-8"):  # in order of seq within a ticket
	    e = json.loads(line)
	    if ts(e["at"]) >= until:
	        continue
	    if e["action"] == "categorize":
	        kind[e["ticket"]] = e["type"]
	    elif e["action"] == "open":
	        opened_at[e["ticket"]] = ts(e["at"])
	opened = sum(1 for tid, at in opened_at.items() if since <= at and kind.get(tid) == "incident")
	print(json.dumps({"backlog_by_priority": backlog, "opened": opened}, sort_keys=True))
	EOF
}
py_count 2026-11-01T00:00:00Z "$now" >py-all.json
py_count "$since" "$until" >py-period.json
test_equal "$want_backlog" "$(json_eval py-all.json 'json.dumps(d["backlog_by_priority"], sort_keys=True)')" \
	'Python backlog_by_priority vs the story'
test_equal "$want_opened_all" "$(json_get py-all.json opened)" 'Python opened since the start vs the story'
test_equal "$want_opened_period" "$(json_get py-period.json opened)" 'Python opened in the period vs the story'

