#!/bin/bash
# itk report: the five formats parse and agree, the --period forms, bad values, --group, and
# a corrupt ticket file (SPEC §9).
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1


step 'a small store'
# T1: P3, assigned 3h25m after opening (MTTA P3 = 12300 s = 3h 25m), resolved 25h after
# opening, closed with a score.
open_at 2026-11-18T09:00:00Z T1 --title 'T1 P3' --caller ann --impact medium --urgency medium
at 2026-11-18T12:25:00Z assign "$T1" --to bob
at 2026-11-19T10:00:00Z resolve "$T1" --solution fixed --kind permanent
at 2026-11-19T12:00:00Z close "$T1" --confirmed-by ann --satisfaction 4
# T2: P4, assigned at once, escalated to N2 (group support) in the period.
open_at 2026-11-18T10:00:00Z T2 --title 'T2 P4 escalated' --caller ben --impact medium --urgency low --to bob
at 2026-11-18T11:00:00Z escalate "$T2" --reason 'needs N2'
# T3: P5, never assigned.
open_at 2026-11-20T09:00:00Z T3 --title 'T3 P5' --caller cat --impact low --urgency low
# T4: opened and resolved in November, before W47.
open_at 2026-11-03T09:00:00Z T4 --title 'T4 early November' --caller dan --impact low --urgency medium --to bob
at 2026-11-03T12:00:00Z resolve "$T4" --solution fixed --kind workaround
# T5: P2 on 2026-11-21, assigned at once; escalated to N2 only after W47.
open_at 2026-11-21T08:00:00Z T5 --title 'T5 P2 on the 21st' --caller eva --impact medium --urgency high --to bob
at 2026-11-24T09:00:00Z escalate "$T5" --reason 'needs N2, after W47'
# T6: opened in December.
open_at 2026-12-02T09:00:00Z T6 --title 'T6 December' --caller fay --impact low --urgency low

export ITK_NOW=2026-11-30T00:00:00Z

step 'json parses'
test_expect_code 0 "$ITK" report --period 2026-W47 --format json
test_must_be_empty err
cp out report.json
"$PYTHON" -c 'import json,sys; json.load(open(sys.argv[1]))' report.json || fail 'json does not parse'
test_equal 4 "$(json_get report.json opened)" 'opened in W47 (T1 T2 T3 T5)'
test_equal 12300 "$(json_eval report.json 'int(d["mtta_seconds"]["P3"])')" 'MTTA P3 (12:25 - 09:00)'

step 'csv: header kpi,value, one row per KPI with its dotted key, values equal to the json'
test_expect_code 0 "$ITK" report --period 2026-W47 --format csv
test_must_be_empty err
cp out report.csv
"$PYTHON" - report.json report.csv <<-'EOF' || fail 'csv differs from json (see above)'
import csv, json, sys
d = json.load(open(sys.argv[1]))
rows = list(csv.reader(open(sys.argv[2], newline="")))
if rows[0] != ["kpi", "value"]:
    sys.exit(f"header {rows[0]!r}")
bad = [r for r in rows[1:] if len(r) != 2]
if bad:
    sys.exit(f"rows without two fields: {bad!r}")
keys = [r[0] for r in rows[1:]]
if len(keys) != len(set(keys)):
    sys.exit("a kpi appears twice")
got = dict(r for r in rows[1:])
def leaves(v, p):
    if isinstance(v, dict) and v:
        for k, x in v.items():
            yield from leaves(x, p + [k])
    elif isinstance(v, list) and v:
        for i, x in enumerate(v):
            yield from leaves(x, p + [str(i)])
    else:
        yield ".".join(p), v
want = dict(leaves(d, []))
def same(j, c):
    if j is None:
        return c in ("", "null")
    if isinstance(j, bool):
        return c == str(j).lower()
    if isinstance(j, (int, float)):
        try:
            return abs(float(c) - j) <= 1e-9 * max(1, abs(j))
        except ValueError:
            return False
    if isinstance(j, list):  # an empty list (no major incident)
        return c in ("", "0", "[]")
    return c == j
errors = []
for k, j in want.items():
    if k not in got:
        if k.startswith("major"):
            continue  # the SPEC does not say how the list of majors goes into csv
        errors.append(f"{k}: missing from csv")
    elif not same(j, got[k]):
        errors.append(f"{k}: json {json.dumps(j)}, csv {got[k]!r}")
for k in got:
    if k not in want:
        errors.append(f"{k}: in csv, not a json key")
for k in ("sla.response.rate", "mttr_seconds.all.p90", "backlog.by_age.<1d", "satisfaction.mean"):
    if k not in got:
        errors.append(f"{k}: expected row missing")
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
EOF

step 'markdown: headings and well-formed tables'
test_expect_code 0 "$ITK" report --period 2026-W47 --format markdown
test_must_be_empty err
cp out report.md
test_grep -E '^# ' report.md
test_grep -E '^## ' report.md
"$PYTHON" - report.md <<-'EOF' || fail 'markdown tables (see above)'
import re, sys
lines = open(sys.argv[1]).read().split("\n")
def cells(l):
    return len(re.split(r"(?<!\\)\|", l.strip())) - 2
tables, i = 0, 0
while i < len(lines):
    l = lines[i]
    if l.startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|( *:?-+:? *\|)+", lines[i + 1].strip()):
        n = cells(l)
        if cells(lines[i + 1]) != n:
            sys.exit(f"separator of {l!r} has another number of cells")
        i += 2
        while i < len(lines) and lines[i].startswith("|"):
            if cells(lines[i]) != n:
                sys.exit(f"row {lines[i]!r}: {cells(lines[i])} cells, header has {n}")
            i += 1
        tables += 1
    else:
        i += 1
if tables < 3:
    sys.exit(f"only {tables} tables")
EOF
test_grep -F '3h 25m' report.md

step 'text: durations as 3h 25m, in aligned columns'
test_expect_code 0 "$ITK" report --period 2026-W47 --format text
test_must_be_empty err
cp out report.txt
test_grep -F '3h 25m' report.txt
# MTTR all: T1 only (T4 is before W47): 25h = 1d 1h.
test_grep -E '1d 1h' report.txt
test_grep -v -E '[0-9]{4,} ?s\b' report.txt
"$PYTHON" - report.txt <<-'EOF' || fail 'text alignment (see above)'
import re, sys
lines = open(sys.argv[1]).read().split("\n")
if any(re.search(r"[\x00-\x08\x0b-\x1f\x7f]", l) for l in lines):
    sys.exit("control characters in text output")
head = [l for l in lines if "MTTA" in l and "priority" in l.lower()]
if not head:
    sys.exit("no table header with MTTA")
h = head[0]
hs, he = h.index("MTTA"), h.index("MTTA") + 4
row = [l for l in lines if "3h 25m" in l]
s = row[0].index("3h 25m"); e = s + len("3h 25m")
if s != hs and e != he:
    sys.exit(f"3h 25m at columns {s}-{e}, MTTA heading at {hs}-{he}:\n{h}\n{row[0]}")
# the rows of that table (all, P1..P5) keep MTTA in one column too
i = lines.index(h)
for l in lines[i + 1:i + 7]:
    m = re.match(r"\s*(all|P\d)\s+(\S+(?: \S+)?)", l)
    if not m:
        sys.exit(f"unexpected row {l!r}")
    if m.start(2) != hs and m.end(2) != he:
        sys.exit(f"MTTA of {m.group(1)} at {m.start(2)}-{m.end(2)}, heading at {hs}-{he}:\n{h}\n{l}")
EOF

step 'html: one self-contained file with svg charts'
test_expect_code 0 "$ITK" report --period 2026-W47 --format html
test_must_be_empty err
cp out report.html
test_grep -i '<!doctype html' report.html
test_grep -i '<svg' report.html
test_grep -i '</html>' report.html
"$PYTHON" - report.html <<-'EOF' || fail 'html references outside the file (see above)'
import re, sys
h = open(sys.argv[1]).read()
urls = set(re.findall(r"https?://[^\s\"'<>)]*", h))
bad = urls - {"http://www.w3.org/2000/svg"}
if bad:
    sys.exit(f"external references: {sorted(bad)}")
for pat in (r"<link\b", r"<script[^>]*\bsrc=", r"<img[^>]*\bsrc=(?![\"']data:)", r"@import", r"url\((?!#|[\"']?data:)"):
    if re.search(pat, h, re.I):
        sys.exit(f"html loads something from outside: {pat}")
EOF

# period_is ARGS... SINCE UNTIL: report ARGS --format json gives that period.
period_is() {
	local until=${*: -1} since=${*: -2:1}
	test_expect_code 0 "$ITK" report "${@:1:$#-2}" --format json
	test_equal "$since" "$(json_get out period.since)" "period.since of: ${*:1:$#-2}"
	test_equal "$until" "$(json_get out period.until)" "period.until of: ${*:1:$#-2}"
}

step '--period forms give the right bounds'
export ITK_NOW=2026-11-25T15:00:00Z
period_is --period 2026-11 2026-11-01T00:00:00Z 2026-12-01T00:00:00Z
test_equal 5 "$(json_get out opened)" 'opened in 2026-11 (T1..T5)'
period_is --period 2026-W47 2026-11-16T00:00:00Z 2026-11-23T00:00:00Z
period_is --period 2026-11-21 2026-11-21T00:00:00Z 2026-11-22T00:00:00Z
test_equal 1 "$(json_get out opened)" 'opened on 2026-11-21 (T5)'
period_is --period 2026-12 2026-12-01T00:00:00Z 2027-01-01T00:00:00Z
period_is --period 2026-02 2026-02-01T00:00:00Z 2026-03-01T00:00:00Z
period_is --period 2028-02-29 2028-02-29T00:00:00Z 2028-03-01T00:00:00Z
# ISO weeks: 2026-01-01 is a Thursday, so W01 starts on Monday 2025-12-29 and 2026 has 53
# weeks (W53 = 2026-12-28 .. 2027-01-04).
period_is --period 2026-W01 2025-12-29T00:00:00Z 2026-01-05T00:00:00Z
period_is --period 2026-W53 2026-12-28T00:00:00Z 2027-01-04T00:00:00Z
# relative to ITK_NOW (Wednesday 2026-11-25, in W48): the previous ISO week and month
period_is --period last-week 2026-11-16T00:00:00Z 2026-11-23T00:00:00Z
test_equal 4 "$(json_get out opened)" 'opened last week (T1 T2 T3 T5)'
period_is --period last-month 2026-10-01T00:00:00Z 2026-11-01T00:00:00Z
# across a year: Tuesday 2027-01-05 is in 2027-W01 (Monday 01-04)
export ITK_NOW=2027-01-05T10:00:00Z
period_is --period last-week 2026-12-28T00:00:00Z 2027-01-04T00:00:00Z
period_is --period last-month 2026-12-01T00:00:00Z 2027-01-01T00:00:00Z
test_equal 1 "$(json_get out opened)" 'opened last month (T6)'
# default: the 30 days before now; --since/--until accept dates and timestamps
export ITK_NOW=2026-11-25T15:00:00Z
period_is 2026-10-26T15:00:00Z 2026-11-25T15:00:00Z
period_is --since 2026-11-16 --until 2026-11-23 2026-11-16T00:00:00Z 2026-11-23T00:00:00Z
period_is --since 2026-11-16T06:00:00Z --until 2026-11-20T18:30:00Z 2026-11-16T06:00:00Z 2026-11-20T18:30:00Z
period_is --since 2026-11-20 2026-11-20T00:00:00Z 2026-11-25T15:00:00Z
# bounds are UTC whatever TZ; ITK_NOW with an offset is read as its UTC instant
# (2026-11-23T00:30:00+02:00 = Sunday 2026-11-22T22:30Z, in W47: last week is W46)
export TZ=Pacific/Kiritimati
period_is --period 2026-11-21 2026-11-21T00:00:00Z 2026-11-22T00:00:00Z
export TZ=America/Los_Angeles ITK_NOW=2026-11-23T00:30:00+02:00
period_is --period last-week 2026-11-09T00:00:00Z 2026-11-16T00:00:00Z
export TZ=UTC ITK_NOW=2026-11-25T15:00:00Z

step 'bad --period, --since and --format values exit 2'
for p in 2026-13 2026-00 2026-W54 2027-W53 2026-W00 2026-02-30 2026-11-31 yesterday last-year \
	'' 26-11 2026-W7x 2026-11-21T00:00:00Z; do
	test_expect_code 2 "$ITK" report --period "$p" --format json
	test_must_be_empty out
	test -s err || fail "no message for --period '$p'"
done
for f in xml JSON '' pdf; do
	test_expect_code 2 "$ITK" report --period 2026-W47 --format "$f"
	test_must_be_empty out
done
for t in garbage 2026-11-32 '2026-11-16 10:00'; do
	test_expect_code 2 "$ITK" report --since "$t" --format json
	test_must_be_empty out
done
test_expect_code 2 "$ITK" report --period
test_expect_code 2 "$ITK" report --period 2026-W47 --no-such-flag

step '--group keeps the tickets of that group as of the end of the period'
export ITK_NOW=2026-11-30T00:00:00Z
# At U = 2026-11-23: T2 is in support (escalated 11-18); T1, T3, T5 in service-desk (T5
# moves to support only on 11-24).
test_expect_code 0 "$ITK" report --period 2026-W47 --group support --format json
cp out support.json
test_equal 1 "$(json_get support.json opened)" 'opened, group support (T2)'
test_equal 0 "$(json_get support.json resolved)" 'resolved, group support'
test_equal 1 "$(json_get support.json backlog.total)" 'backlog, group support (T2)'
test_equal 1 "$(json_get support.json backlog.by_priority.P4)" 'backlog P4, group support'
test_equal true "$(json_eval support.json 'd["escalation_rate"] == 1')" 'escalation rate, group support (1/1)'
test_expect_code 0 "$ITK" report --period 2026-W47 --group service-desk --format json
cp out desk.json
test_equal 3 "$(json_get desk.json opened)" 'opened, group service-desk (T1 T3 T5)'
test_equal 1 "$(json_get desk.json resolved)" 'resolved, group service-desk (T1)'
test_equal 2 "$(json_get desk.json backlog.total)" 'backlog, group service-desk (T3 T5)'
test_equal true "$(json_eval desk.json 'd["escalation_rate"] == 0')" 'escalation rate, group service-desk (0/3)'
test_equal 1 "$(json_get desk.json closed)" 'closed, group service-desk (T1)'
test_expect_code 0 "$ITK" report --period 2026-W47 --group experts --format json
test_equal 0 "$(json_get out opened)" 'opened, group experts'
test_equal null "$(json_get out mtta_seconds.all)" 'MTTA, group experts'
test_equal 0 "$(json_get out backlog.total)" 'backlog, group experts'

step 'a corrupt ticket file: named on stderr, left out, the rest printed, exit 5'
printf '{"schema": 1, "id": "%s", "title": ' "$T3" >"tickets/$T3.json"
test_expect_code 5 "$ITK" report --period 2026-W47 --format json
test_grep -F "$T3" err
cp out corrupt.json
"$PYTHON" -c 'import json,sys; json.load(open(sys.argv[1]))' corrupt.json || fail 'json after a corrupt file does not parse'
test_equal 3 "$(json_get corrupt.json opened)" 'opened without T3 (T1 T2 T5)'
test_equal 2 "$(json_get corrupt.json backlog.total)" 'backlog without T3 (T2 T5)'
test_equal 0 "$(json_get corrupt.json backlog.by_priority.P5)" 'backlog P5 without T3'
for f in text markdown csv html; do
	test_expect_code 5 "$ITK" report --period 2026-W47 --format "$f"
	test_grep -F "$T3" err
	test -s out || fail "no $f report printed after a corrupt file"
done
# valid JSON that is not a ticket is just as corrupt: both files named, both left out
echo '["not", "a", "ticket"]' >"tickets/$T5.json"
test_expect_code 5 "$ITK" report --period 2026-W47 --format json
test_grep -F "$T3" err
test_grep -F "$T5" err
test_equal 2 "$(json_get out opened)" 'opened without T3 and T5 (T1 T2)'
test_expect_code 5 "$ITK" report --period 2026-W47 --format csv
tr -d '\r' <out >corrupt.csv  # RFC 4180 lines may end in CRLF
test_grep -x 'opened,2' corrupt.csv
