#!/usr/bin/env bash
# Text and numbers from a hostile file or argument (SPEC §8, docs/bad-input.md): Unicode
# bidirectional controls never reach human output (show, list, every report format, the
# post-mortem); columns align by display width; times before 1970 or after 9999 are refused
# on input (exit 2) and invalid in files (exit 5); huge numbers in a file are invalid data;
# a full stdout gives its real cause.
. "$(dirname "$0")/lib.sh"

export ITK_NOW=2026-11-16T09:00:00Z
"$ITK" -q init .
RLO=$'\u202e' LRI=$'\u2066' PDI=$'\u2069' LRM=$'\u200e' ALM=$'\u061c' LS=$'\u2028'
title="invoice${RLO}fdp.exe ${LRI}x${PDI}${LRM}${ALM}${LS}end"

# no_bidi FILE: FILE holds none of the bidirectional controls nor the line separators.
no_bidi() {
	if grep -q -P '[\x{061C}\x{200E}\x{200F}\x{202A}-\x{202E}\x{2066}-\x{2069}\x{2028}\x{2029}]' "$1"; then
		grep -n -P '[\x{061C}\x{200E}\x{200F}\x{202A}-\x{202E}\x{2066}-\x{2069}\x{2028}\x{2029}]' "$1" | cat -A >&2
		fail "bidirectional controls in '$1'"
	fi
}

step 'a title with bidirectional controls: kept in the file, never shown'
itk_open --title "$title" --caller "Ju${RLO}lie" --impact high --urgency high
erp=$id
test_equal "$title" "$(json_get "tickets/$erp.json" title)" 'the title in the file'
"$ITK" -q coordinate "$erp" --by "ch${RLO}loe"
"$ITK" -q major update "$erp" --message "ETA ${RLO}11:00"
"$ITK" -q take "$erp"
"$ITK" -q resolve "$erp" --solution "fail${RLO}over" --kind workaround
for cmd in "show $erp" "list --all" "report --period 2026-W47" "report --period 2026-W47 --format markdown" \
	"report --period 2026-W47 --format html" "report --period 2026-W47 --format csv" "config"; do
	test_expect_code 0 "$ITK" $cmd
	no_bidi out
	no_bidi err
done
test_expect_code 0 "$ITK" show "$erp"
test_grep -F 'invoice?fdp.exe ?x??' out
test_expect_code 0 "$ITK" postmortem "$erp"
no_bidi "postmortems/$erp.md"
test_grep -F 'invoice?fdp.exe' "postmortems/$erp.md"

step 'a title that is a spreadsheet formula is defused in the CSV report (CSV injection)'
itk_open --title '=HYPERLINK("http://evil.example","click")' --caller mallory --impact high --urgency high
"$ITK" -q coordinate "$id" --by chloe
test_expect_code 0 "$ITK" report --period 2026-W47 --format csv
test_grep -F "'=HYPERLINK" out
test_grep -v -E ',"?=HYPERLINK' out

step '--json and --format keep the exact text (they are for scripts)'
test_expect_code 0 "$ITK" show --json "$erp"
test_equal "$title" "$(json_get out title)" 'show --json'
test_expect_code 0 "$ITK" list --all --grep invoice --format '{title}'
test_equal "$title" "$(cat out)" 'list --format'

step 'columns align by display width: CJK characters count two'
itk_open --title 'Imprimante' --caller a --impact low --urgency low --to '李小龍'
itk_open --title 'Écran' --caller b --impact low --urgency low --to 'bob'
itk_open --title 'Laptop' --caller c --impact low --urgency low --to 'ｶﾀｶﾅ'
test_expect_code 0 "$ITK" list
# The TITLE column starts at the same display column on every line.
"$PYTHON" - out <<-'PY'
	import sys, unicodedata
	def width(s):
	    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
	lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
	head = lines[0]
	col = width(head[:head.index("TITLE")])
	for line in lines[1:]:
	    for title in ("Imprimante", "Écran", "Laptop", "invoice"):
	        if title in line:
	            assert width(line[:line.index(title)]) == col, (line, col)
	PY

step 'a time before 1970 or after 9999 is refused on input, exit 2'
test_expect_code 2 env ITK_NOW=1969-12-31T23:59:59Z "$ITK" note "$erp" x
test_grep -F "invalid ITK_NOW '1969-12-31T23:59:59Z': expected RFC 3339 from 1970 to 9999" err
test_expect_code 2 env ITK_NOW=1970-01-01T00:30:00+01:00 "$ITK" open --title x --caller y
test_expect_code 2 "$ITK" report --since 1969-01-01
test_grep -F "invalid --since '1969-01-01'" err
test_expect_code 2 "$ITK" report --until '9999-12-31T23:00:00-02:00'
test_expect_code 2 "$ITK" report --period 1969-12

step 'a time before 1970 in a file is invalid data'
cp "tickets/$erp.json" erp.json
"$PYTHON" - "tickets/$erp.json" <<-'PY'
	import json, sys
	d = json.load(open(sys.argv[1]))
	d["events"][0]["at"] = "1969-07-20T20:17:00Z"
	open(sys.argv[1], "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
	PY
test_expect_code 5 "$ITK" show "$erp"
test_grep -F "event 1: event has an invalid time '1969-07-20T20:17:00Z'" err
cp erp.json "tickets/$erp.json"

step 'an SLA of 2^62 seconds, a delay of -1 in a file: invalid data, no overflow'
for edit in 'e["sla"]["resolution_seconds"] = 4611686018427387904' 'e["sla"]["response_seconds"] = -1'; do
	"$PYTHON" - "tickets/$erp.json" "$edit" <<-'PY'
	import json, sys
	d = json.load(open("erp.json"))
	e = next(e for e in d["events"] if e["action"] == "prioritize")
	exec(sys.argv[2])
	open(sys.argv[1], "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
	PY
	test_expect_code 5 "$ITK" show "$erp"
	test_grep -E "event 'prioritize' has a bad 'sla\.(response|resolution)_seconds' \(expected seconds from 0 to 100 years\)" err
	test_expect_code 5 "$ITK" report --period 2026-W47 --format json
done
cp erp.json "tickets/$erp.json"

step 'an SLA of 100 weeks in the config is fine; 10^9 weeks is refused with its line'
sed -i 's/P5 = { response = "2d",  resolution = "10d" }/P5 = { response = "2d",  resolution = "100w" }/' itk.toml
test_expect_code 0 "$ITK" config --check
sed -i 's/resolution = "100w"/resolution = "1000000000w"/' itk.toml
test_expect_code 5 "$ITK" config --check
test_grep -E "itk.toml:[0-9]+:[0-9]+: invalid duration '1000000000w' for 'sla.P5.resolution'" err
sed -i 's/resolution = "1000000000w"/resolution = "10d"/' itk.toml

step 'stdout on /dev/full: open says it could not print the ID, the real cause, and which ticket it opened'
test_expect_code 1 sh -c '"$ITK" open --title "disk full" --caller C >/dev/full'
test_grep -E "cannot write the ID of 'INC-[0-9A-Z]+' to standard output: No space left on device; the ticket was opened" err
opened=$(sed -n "s/.*'\(INC-[0-9A-Z]*\)'.*/\1/p" err)
test_path_is_file "tickets/$opened.json"
test_expect_code 1 sh -c '"$ITK" list --all >/dev/full'
test_grep -F 'cannot write to standard output: No space left on device' err
validate_store .
