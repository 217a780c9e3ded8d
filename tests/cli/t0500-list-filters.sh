#!/bin/bash
# itk list: filters, default order, --json, --format, --stale, --breached, corrupt files
# (SPEC §8).
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1

step 'setup: seven tickets in various states'
export ITK_NOW=2026-11-20T08:00:00Z
itk_open --title 'old P3' --caller Julie --contact julie@corp.example --impact medium --urgency medium --to bob
p3old=$id
export ITK_NOW=2026-11-21T08:00:00Z
itk_open --title 'new P3' --caller Marc --impact low --urgency high --to carol
p3new=$id
itk_open --title 'P1 outage' --caller Zoe --affected Julie --impact high --urgency high --to bob --description 'the whole SITE is down'
p1=$id
itk_open --title 'untriaged' --caller Ann --service mail
untriaged=$id
export ITK_NOW=2026-11-21T08:30:00Z
itk_open --title 'P5 escalated' --caller Ann --impact low --urgency low
p5=$id
"$ITK" escalate "$p5" --reason 'needs N2' 2>/dev/null
itk_open --title 'P4 resolved' --caller Bob --impact medium --urgency low --to dave
p4=$id
"$ITK" resolve "$p4" --solution fixed --kind permanent 2>/dev/null
itk_open --title 'P4 closed' --caller Bob --impact low --urgency medium --to dave
closed=$id
"$ITK" resolve "$closed" --solution fixed --kind permanent 2>/dev/null
"$ITK" close "$closed" --confirmed-by bob 2>/dev/null
itk_open --title 'a request' --caller Bob --type request
redirected=$id
itk_open --title 'cancelled' --caller Bob
cancelled=$id
"$ITK" cancel "$cancelled" --reason 'false alarm' 2>/dev/null
export ITK_NOW=2026-11-21T08:45:00Z

# ids [LIST OPTIONS]: the IDs `itk list` prints, in order, in $TRASH/actual.
ids() {
	test_expect_code 0 "$ITK" list --format '{id}' "$@"
	test_must_be_empty err
	cp out actual
}

step 'default: live tickets (resolved included), by priority then age, unprioritised last'
printf '%s\n' "$p1" "$p3old" "$p3new" "$p4" "$p5" "$untriaged" >expect
ids
test_cmp expect actual

step 'the human table: header, one line per ticket, major marked'
test_expect_code 0 "$ITK" list
test_must_be_empty err
cat >expect <<-TABLE
	ID              PRI  STATUS       LEVEL  OWNER  AGE  TITLE
	$p1  P1!  in_progress  N1     bob    45m  P1 outage
	$p3old  P3   in_progress  N1     bob    1d   old P3
	$p3new  P3   in_progress  N1     carol  45m  new P3
	$p4  P4   resolved     N1     dave   15m  P4 resolved
	$p5  P5   new          N2     -      15m  P5 escalated
	$untriaged  -    new          N1     -      45m  untriaged
TABLE
test_cmp expect out

step '--all adds closed, cancelled and redirected'
printf '%s\n' "$p1" "$p3old" "$p3new" "$p4" "$closed" "$p5" "$untriaged" "$redirected" "$cancelled" | sort >expect
ids --all
sort actual >actual.sorted
test_cmp expect actual.sorted
test_equal "$p1" "$(head -n 1 actual)" 'first of --all'

step '--open: neither terminal nor resolved'
printf '%s\n' "$p1" "$p3old" "$p3new" "$p5" "$untriaged" >expect
ids --open
test_cmp expect actual

step '--status (repeatable, comma-separated)'
printf '%s\n' "$p4" >expect
ids --status resolved
test_cmp expect actual
printf '%s\n' "$closed" >expect
ids --status closed
test_cmp expect actual
printf '%s\n' "$p5" "$untriaged" >expect
ids --status new
test_cmp expect actual
printf '%s\n' "$closed" "$cancelled" | sort >expect
ids --status closed,cancelled
sort actual >actual.sorted
test_cmp expect actual.sorted
ids --status closed --status cancelled
sort actual >actual.sorted
test_cmp expect actual.sorted

step '--priority'
printf '%s\n' "$p3old" "$p3new" >expect
ids --priority P3
test_cmp expect actual
printf '%s\n' "$p1" "$p3old" "$p3new" >expect
ids --priority P3,P1
test_cmp expect actual
ids --priority P2
test_must_be_empty actual

step '--owner, --group, --level'
printf '%s\n' "$p1" "$p3old" >expect
ids --owner bob
test_cmp expect actual
ids --owner BOB
test_cmp expect actual
printf '%s\n' "$p5" >expect
ids --group support
test_cmp expect actual
ids --level N2
test_cmp expect actual
printf '%s\n' "$p1" "$p3old" "$p3new" "$p4" "$untriaged" >expect
ids --level N1
test_cmp expect actual

step '--caller matches the caller or the affected person, by name or contact, any case'
printf '%s\n' "$p1" "$p3old" >expect
ids --caller julie
test_cmp expect actual
printf '%s\n' "$p3old" >expect
ids --caller JULIE@corp.example
test_cmp expect actual

step '--grep searches title, description and ID, case-insensitively; --service; --type'
printf '%s\n' "$p1" >expect
ids --grep 'site IS'
test_cmp expect actual
ids --grep outage
test_cmp expect actual
ids --grep "$(printf %s "${p1:4:6}" | tr A-Z a-z)"
test_cmp expect actual
printf '%s\n' "$untriaged" >expect
ids --service mail
test_cmp expect actual
printf '%s\n' "$redirected" >expect
ids --all --type request
test_cmp expect actual

step '--major, --limit, filters combined'
printf '%s\n' "$p1" >expect
ids --major
test_cmp expect actual
printf '%s\n' "$p1" "$p3old" >expect
ids --limit 2
test_cmp expect actual
printf '%s\n' "$p3new" >expect
ids --owner carol --priority P3 --open
test_cmp expect actual
ids --owner carol --priority P1
test_must_be_empty actual
ids --limit 0
test_must_be_empty actual

step 'an empty result prints nothing and exits 0'
test_expect_code 0 "$ITK" list --owner nobody
test_must_be_empty out
test_must_be_empty err

step '--json prints one JSON array of the file objects'
test_expect_code 0 "$ITK" list --json
test_must_be_empty err
"$PYTHON" - "$p1" "$p3old" "$p3new" "$p4" "$p5" "$untriaged" <<-'PY'
	import json, sys
	got = json.load(open("out"))
	assert isinstance(got, list), "not an array"
	ids = [t["id"] for t in got]
	assert ids == sys.argv[1:], ids
	for t in got:
	    assert t == json.load(open("tickets/%s.json" % t["id"])), t["id"]
	# Streamed one ticket at a time, in the bytes of one indented array: each file's
	# canonical bytes, indented by two spaces.
	files = [open("tickets/%s.json" % i).read().rstrip("\n") for i in ids]
	want = "[\n" + ",\n".join("  " + f.replace("\n", "\n  ") for f in files) + "\n]\n"
	assert open("out").read() == want, "list --json bytes"
PY
test_expect_code 0 "$ITK" list --json --owner nobody
test_equal '[]' "$(cat out)" 'empty --json'
# The table and --format read the store without keeping events (less memory): the same
# tickets, order and values as --json, which keeps them.
test_expect_code 0 "$ITK" list --all --json
"$PYTHON" -c '
import json, sys
for t in json.load(open("out")):
    print("%s|%s|%s|%s|%s" % (t["id"], t["status"], t["priority"] or "", t["updated_at"], t["reassignments"]))
' >"$TRASH/from-json"
test_expect_code 0 "$ITK" list --all --format '{id}|{status}|{priority}|{updated_at}|{reassignments}'
test_cmp "$TRASH/from-json" out
test_expect_code 0 "$ITK" list --all
test_equal "$(cut -d'|' -f1 "$TRASH/from-json")" "$(awk 'NR > 1 { print $1 }' out)" 'the table, in the order of --json'
test_equal "$(cut -d'|' -f2 "$TRASH/from-json")" "$(awk 'NR > 1 { print $3 }' out)" 'the table, statuses of --json'
test_expect_code 0 "$ITK" list --all --format '{id}|{events}'
test_line_count "$(wc -l <"$TRASH/from-json")" out
test_grep -v '|\[\]$' out
test_grep '"action":"open"' out
test_expect_code 0 "$ITK" --json list --major
test_equal "$p1" "$(json_get out 0.id)" '--json before the subcommand'
test_equal 1 "$(json_get out length)" 'length'

step "--format '{id}\\t{priority}\\t{title}': one line per ticket, any key of the file"
test_expect_code 0 "$ITK" list --open --format '{id}\t{priority}\t{title}'
printf '%s\t%s\t%s\n' "$p1" P1 'P1 outage' "$p3old" P3 'old P3' "$p3new" P3 'new P3' \
	"$p5" P5 'P5 escalated' "$untriaged" '' untriaged >expect
test_cmp expect out
test_expect_code 0 "$ITK" list --major --format '{status}|{level}|{group}|{major}|{opened_at}|{impact}'
test_equal 'in_progress|N1|service-desk|true|2026-11-21T08:00:00Z|high' "$(cat out)" 'format of scalar keys'
# Any key of the file works (preserved unknown keys too): a key a ticket lacks prints empty.
test_expect_code 0 "$ITK" list --major --format '[{nope}]'
test_equal '[]' "$(cat out)" 'format of a missing key'
test_expect_code 2 "$ITK" list --format '{}'
test_grep "names no key" err

step '--stale: no event for longer than escalation.stale_after[priority]'
# old P3: last event 2026-11-20T08:00, stale after 1d; P1: 08:00, stale after 30m;
# new P3: 08:00, 1d; P5: 08:30, 7d; the unprioritised ticket has no threshold.
printf '%s\n' "$p1" "$p3old" >expect
ids --stale
test_cmp expect actual
export ITK_NOW=2026-11-21T09:00:00Z
"$ITK" note "$p1" 'still on it' 2>/dev/null
printf '%s\n' "$p3old" >expect
ids --stale
test_cmp expect actual
export ITK_NOW=2026-11-21T09:30:00Z
ids --stale
test_cmp expect actual
export ITK_NOW=2026-11-21T09:30:01Z
printf '%s\n' "$p1" "$p3old" >expect
ids --stale
test_cmp expect actual

step '--breached: past an SLA target'
ids --breached
test_must_be_empty actual
# P1: resolution 4h after 08:00.
export ITK_NOW=2026-11-21T12:00:01Z
printf '%s\n' "$p1" >expect
ids --breached
test_cmp expect actual
# P5 opened 08:30, never assigned: response target 2d.
export ITK_NOW=2026-11-23T08:30:01Z
printf '%s\n' "$p1" "$p3old" "$p5" >expect
ids --breached
test_cmp expect actual

validate_store .

step '--sort KEY[,KEY...]: any key, - for descending, priority by the matrix, absent last, ties by ID'
# opened_at: p3old 11-20 08:00; p3new, p1, untriaged 11-21 08:00; p5, p4 11-21 08:30.
ids --sort=-opened_at,priority
printf '%s\n' "$p4" "$p5" "$p1" "$p3new" "$untriaged" "$p3old" >expect
test_cmp expect actual
ids --sort title
printf '%s\n' "$p1" "$p4" "$p5" "$p3new" "$p3old" "$untriaged" >expect
test_cmp expect actual
# Descending priority: P5 first; the unprioritised one is last in both directions.
ids --sort=-priority,opened_at
printf '%s\n' "$p5" "$p4" "$p3old" "$p3new" "$p1" "$untriaged" >expect
test_cmp expect actual
ids --sort caller.name --limit 2
printf '%s\n' "$untriaged" "$p5" | sort >expect
sort actual >actual.sorted
test_cmp expect actual.sorted
test_expect_code 2 "$ITK" list --sort=-
test_grep "invalid --sort '-'" err
# A typo would sort nothing, silently: refused, with the key meant.
test_expect_code 2 "$ITK" list --sort=-opned_at
test_grep -Fx "itk: error: invalid --sort key 'opned_at': expected a key of a ticket file (opened_at, priority, caller.name, fields.NAME, ...); did you mean 'opened_at'?" err
test_expect_code 2 "$ITK" list --sort events.0.at
test_grep "invalid --sort key 'events.0.at'" err

step '--opened-since (included) and --opened-until (excluded), RFC 3339 or a day'
ids --opened-since 2026-11-21T08:30:00Z
printf '%s\n' "$p4" "$p5" >expect
test_cmp expect actual
ids --opened-until 2026-11-21
test_equal "$p3old" "$(cat actual)" 'opened before 11-21'
ids --opened-since 2026-11-21 --opened-until 2026-11-21T08:30:00Z
printf '%s\n' "$p1" "$p3new" "$untriaged" >expect
test_cmp expect actual
test_expect_code 2 "$ITK" list --opened-since yesterday
test_grep "invalid --opened-since 'yesterday'" err

step '--format: {{ and }} are braces; tab, newline and backslash in a value are escaped; -z ends records with NUL'
"$ITK" edit "$untriaged" --title "$(printf 'two\tcols\nand a line \\ end')" 2>/dev/null
test_expect_code 0 "$ITK" list --format '{{{id}}} {title}' --status new --service mail
test_equal "{$untriaged} two\\tcols\\nand a line \\\\ end" "$(cat out)" 'escaped record'
test_line_count 1 out
test_expect_code 0 "$ITK" list -z --format '{title}' --status new --service mail
printf 'two\tcols\nand a line \\ end\0' >expect
test_cmp expect out
test_expect_code 0 "$ITK" list -z
printf '%s\0' "$p1" "$p3old" "$p3new" "$p4" "$p5" "$untriaged" >expect
test_cmp expect out
test_expect_code 2 "$ITK" list --format '{id}}'
test_grep "'}' without '{'" err

step 'a corrupt file is named on stderr, left out, the rest printed, exit 5'
export ITK_NOW=2026-11-21T09:00:00Z
printf '{ "schema": 1, "id": "INC-CORRUPT001", ' >tickets/INC-CORRUPT001.json
printf '%s\n' "$p1" "$p3old" "$p3new" "$p4" "$p5" "$untriaged" >expect
test_expect_code 5 "$ITK" list --format '{id}'
test_cmp expect out
test_grep 'INC-CORRUPT001\.json' err
test_line_count 1 err
test_expect_code 5 "$ITK" list --json
"$PYTHON" -c 'import json; assert len(json.load(open("out"))) == 6'
test_grep 'INC-CORRUPT001\.json' err
test_expect_code 5 "$ITK" list
test_grep "^$p1 " out
test_grep 'INC-CORRUPT001\.json' err
rm tickets/INC-CORRUPT001.json
