#!/usr/bin/env bash
# itk import servicenow on the real audit export of ../shared/data (SPEC §13), checked against
# what the CSV says by itself: counts, each incident's last group and owner, the backlog at
# a past instant computed by tests/tools/servicenow_backlog.py; then idempotence, the
# incremental case, a corrupt line, --dry-run.
. "$(dirname "$0")/lib.sh"

CSV=${ITK_SHARED_DIR:-$ITK_SOURCE_DIR/../shared}/data/servicenow-incident-event-log-sample.csv
test -f "$CSV" || fail "no sample at $CSV"

step 'the whole sample imports in one process: 890 tickets, nothing rejected'
mkdir all && (cd all && "$ITK" -q init .)
test_expect_code 0 "$ITK" --dir all import servicenow "$CSV"
test_line_count 890 out
test_grep 'created 890 ticket(s), updated 0, 0 unchanged; [0-9]* event(s), [0-9]* implied, 0 rejected' err
test_grep 'columns not imported: .*made_sla' err
test "$(ls all/tickets | wc -l)" -eq 890 || fail "890 files expected"
test_expect_code 0 "$ITK" --dir all fsck
test_grep '890 ticket(s) checked, no problem' err

step 'each ticket ends in the group and with the owner of its incident last row'
"$ITK" --dir all export > tickets.ndjson
"$PYTHON" - "$CSV" tickets.ndjson <<'PY'
import csv, json, sys
from datetime import datetime
last = {}
key = lambda r: (datetime.strptime(r["sys_updated_at"], "%d-%m-%Y %H:%M"), int(r["sys_mod_count"]))
for r in csv.DictReader(open(sys.argv[1], newline="")):
    if r["number"] not in last or key(r) >= key(last[r["number"]]):
        last[r["number"]] = r
value = lambda v: None if v in ("?", "") else v
bad = 0
tickets = [json.loads(line) for line in open(sys.argv[2])]
assert len(tickets) == len(last) == 890, (len(tickets), len(last))
for t in tickets:
    r = last[t["source"]["number"]]
    for mine, theirs in (("group", "assignment_group"), ("owner", "assigned_to")):
        if t[mine] != value(r[theirs]):
            bad += 1
            print(t["id"], mine, t[mine], "!=", r[theirs], file=sys.stderr)
    status = {"Closed": "closed", "Resolved": "resolved"}.get(r["incident_state"])
    if status and t["status"] != status:
        bad += 1
        print(t["id"], "status", t["status"], "!=", r["incident_state"], file=sys.stderr)
sys.exit(1 if bad else 0)
PY

step 'the backlog at a past instant equals the one computed from the CSV alone'
for at in 2016-03-08T00:00 2016-03-15T00:00 2016-04-01T12:00; do
	read -r total p1 p2 p3 p4 p5 < <("$PYTHON" "$ITK_SOURCE_DIR/tests/tools/servicenow_backlog.py" "$CSV" "$at")
	test_expect_code 0 "$ITK" --dir all report --since 2016-03-01 --until "${at}:00Z" --format json
	test_equal "$total $p1 $p2 $p3 $p4 $p5" \
		"$(json_eval out '" ".join(str(n) for n in [d["backlog"]["total"]] + [d["backlog"]["by_priority"][p] for p in ("P1", "P2", "P3", "P4", "P5")])')" \
		"backlog at $at (total P1..P5)"
done

step 'importing the same file again writes nothing'
cp -a all again
test_expect_code 0 "$ITK" --dir again import servicenow "$CSV"
test_must_be_empty out
test_grep 'created 0 ticket(s), updated 0, 890 unchanged; 0 event(s)' err
diff -r all/tickets again/tickets || fail "a re-import changed files"

step 'the first half of the file, then all of it, gives the same files as all at once'
mkdir half && (cd half && "$ITK" -q init .)
head -n 3000 "$CSV" > first-half.csv
test_expect_code 0 "$ITK" --dir half import servicenow first-half.csv
test_expect_code 0 "$ITK" --dir half import servicenow "$CSV"
test_grep 'updated [1-9]' err
diff -r all/tickets half/tickets || fail "incremental import differs from a whole one"

step 'a corrupt line: its number, exit 5, nothing written'
mkdir bad && (cd bad && "$ITK" -q init .)
sed '4001s/,[0-9][0-9]-[0-9][0-9]-2016 [0-9:]*,/,31-02-2016 25:99,/' "$CSV" > corrupt.csv
! cmp -s corrupt.csv "$CSV" || fail "the sed changed nothing"
test_expect_code 5 "$ITK" --dir bad import servicenow corrupt.csv
test_grep 'corrupt.csv:4001' err
test_must_be_empty out
test "$(ls bad/tickets | wc -l)" -eq 0 || fail "files written despite the bad line"

step '--dry-run says what it would write and writes nothing'
test_expect_code 0 "$ITK" --dir bad import servicenow "$CSV" --dry-run
test_grep 'dry run, nothing written: would create 890 ticket(s)' err
test "$(ls bad/tickets | wc -l)" -eq 0 || fail "--dry-run wrote files"

step '--strict accepts the sample (no event refused)'
test_expect_code 0 "$ITK" --dir bad import servicenow first-half.csv --strict
test "$(ls bad/tickets | wc -l)" -gt 400 || fail "--strict imported nothing"
