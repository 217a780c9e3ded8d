#!/bin/bash
# The scan cache (.itk/cache, SPEC §12): list, export and report answer from it without
# reading the files whose stamp it recorded (a report reads those changed since its first
# period ended, for their as-of replay), give the bytes a plain parse of every file gives, notice any
# change (a hand edit that keeps the size and the mtime, a copy of an older version, a file
# turned invalid, one removed), survive any cache file a crash or a hand could leave, and
# never record a file changed while a list ran. fsck never reads it.
. "$(dirname "$0")/lib.sh"

CSV=${ITK_SHARED_DIR:-$ITK_SOURCE_DIR/../shared}/data/servicenow-incident-event-log-sample.csv
test -f "$CSV" || fail "no sample at $CSV"

step 'setup: the demo story, 890 imported ServiceNow incidents, tickets of an older schema'
ITK="$ITK" bash "$ITK_SOURCE_DIR/examples/demo.sh" store >/dev/null 2>&1
cd store
"$ITK" -q import servicenow "$CSV" >/dev/null 2>&1
cp "$ITK_SOURCE_DIR"/tests/fixtures/before-desk-keys/*.json tickets/
# A key this version does not know (kept, and shown by export).
for f in tickets/*.json; do break; done
json_set "$f" x_site_code '{"b": [1, 2.5, "é"], "a": null}'
"$ITK" fsck --fix >/dev/null 2>&1 # in canonical form again, the key kept
export ITK_NOW=2026-12-01T12:00:00Z
all_keys=$("$PYTHON" -c 'import json,sys; print("\t".join("{%s}" % k for k in json.load(open(sys.argv[1])) if k != "events"))' "$f")
sleep 0.3 # older than the racy window: every file may be recorded

# views DIR [plain]: every answer that can come from the cache, one file each, exit codes in
# DIR/codes; with `plain`, the cache removed before each command (a plain parse of every file).
views() {
	local dir=$1 mode=${2:-} n=0 args code
	mkdir -p "$dir"
	: >"$dir/codes"
	while IFS= read -r args; do
		n=$((n + 1))
		eval "set -- $args"
		if test "$mode" = plain; then rm -f .itk/cache; fi
		code=0
		"$ITK" "$@" >"$dir/$n.out" 2>"$dir/$n.err" || code=$?
		echo "$n $code" >>"$dir/codes"
	done <<-EOF
	list
	list --all
	list --open
	list --all --breached
	list --all --stale
	list --all --sort -updated_at,id --format '{id}'
	list --all --format '$all_keys'
	list --all --where location=Lyon --format '{id} {fields.location}'
	export
	export --status closed --priority P3
	report --format json
	report --period 2026-W47 --format json
	report --period 2026-W47 --format csv --group service-desk
	report --period 2026-11-21 --format json
	report --since 2016-01-01 --until 2017-01-01 --format json --where location=Lyon
	report --since 2016-01-01 --until 2016-04-01 --format json
	report --period 2026-W48 --format html --trend 3
	list --all --json
	list --status closed --json --sort -opened_at
	list --all --format '{id} {events.0.action} {events}'
	export --events
	list --json --caller nobody-at-all
	EOF
}
same_views() { # EXPECTED ACTUAL
	for f in "$1"/*; do
		test_cmp "$f" "$2/$(basename "$f")"
	done
}

step 'a plain parse of every file: the reference answers'
views ref plain
test_equal "$(cut -d' ' -f2 ref/codes | sort -u)" 0
test "$(wc -l <ref/9.out)" -gt 900 || fail "export should print every ticket"
test "$(json_eval ref/16.out 'd["opened"]')" -gt 100 || fail "the 2016 report should count the import"
test "$(json_eval ref/12.out 'd["opened"]')" -gt 5 || fail "the demo week's report should count its tickets"
test_grep x_site_code ref/9.out
rm -f .itk/cache

step 'the first list writes the cache; the answers from it are the same bytes'
test_expect_code 0 "$ITK" list --all
test_path_is_file .itk/cache
views warm
same_views ref warm

step 'a warm list and export open no ticket file'
traced -f -e trace=openat,open -o trace "$ITK" list --all >/dev/null
test_grep '"cache"' trace
if grep '\.json"' trace >&2; then fail "list read ticket files despite the cache"; fi
traced -f -e trace=openat,open -o trace "$ITK" export >/dev/null
if grep '\.json"' trace >&2; then fail "export read ticket files despite the cache"; fi
traced -f -e trace=openat,open -o trace "$ITK" report --since 2016-01-01 --until 2027-01-01 >/dev/null
if grep '\.json"' trace >&2; then fail "a report after every change read ticket files despite the cache"; fi
# A report of 2016's first two months: only the tickets changed since read (their replay).
traced -f -e trace=openat,open -o trace "$ITK" report --since 2016-01-01 --until 2016-03-01 >/dev/null
changed=$("$PYTHON" -c '
import glob, json
print(sum(1 for f in glob.glob("tickets/*.json") if max(e["at"] for e in json.load(open(f))["events"]) >= "2016-03-01T00:00:00Z"))')
test "$changed" -gt 100 || fail "many imported tickets should change after February 2016"
test "$(grep -c '\.json"' trace)" -eq "$changed" || fail "the report should read the $changed tickets changed after February"

step '--json wins over --format and -z, as before the cache'
test_expect_code 0 "$ITK" list --all --json --format '{id}'
"$PYTHON" -c 'import json, sys; assert len(json.load(open(sys.argv[1]))) > 900' "$TRASH/out" ||
	fail "--json --format should print every ticket as JSON"
test_expect_code 0 "$ITK" --json list --all -z
test "$(head -c 1 "$TRASH/out")" = "[" || fail "--json -z should print JSON"

step 'a hand edit keeping the size and the mtime is seen (the ctime moved)'
id=$(basename "$f" .json)
victim=tickets/$("$ITK" list --all --caller julie --format '{id}' --limit 1).json
cp -p "$victim" before.json
title=$(json_get "$victim" title)
new=$(printf '%s' "$title" | tr 'a-z' 'b-za')
test "${#new}" -eq "${#title}" || fail "same length expected"
"$PYTHON" - "$victim" "$title" "$new" <<'PY'
import sys
path, old, new = sys.argv[1:]
data = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(data.replace(old, new))
PY
touch -r before.json "$victim"
test "$(stat -c '%s %Y' "$victim")" = "$(stat -c '%s %Y' before.json)" || fail "size and mtime should be kept"
test_expect_code 0 "$ITK" list --all --format '{title}'
test_grep -F "$new" "$TRASH/out"
views ref2 plain
views warm2
same_views ref2 warm2

step 'an older version copied back with its mtime (a checkout) is seen'
cp -p before.json "$victim"
test_expect_code 0 "$ITK" list --all --format '{title}'
test_grep -F "$title" "$TRASH/out"
if grep -F "$new" "$TRASH/out" >&2; then fail "the edited title is still listed"; fi
views warm3
same_views ref warm3

step 'a cached ticket turned invalid gets the error a plain parse gives, and exit 5'
test_expect_code 0 "$ITK" list --all
cp -p "$victim" good.json
printf '{"id": ' >"$victim"
test_expect_code 5 "$ITK" list --all
cp "$TRASH/out" cached.out
cp "$TRASH/err" cached.err
rm -f .itk/cache
test_expect_code 5 "$ITK" list --all
test_cmp "$TRASH/out" cached.out
test_cmp "$TRASH/err" cached.err
test_grep "$victim" "$TRASH/err"
cp -p good.json "$victim"

step 'a removed ticket goes, a new one comes, at once'
gone=tickets/$("$ITK" list --all --format '{id}' --limit 1).json
mv "$gone" gone.json
fresh=$("$ITK" -q open --title 'fresh one' --caller Zed)
test_expect_code 0 "$ITK" list --all --format '{id}'
test_grep "$fresh" "$TRASH/out"
if grep -q "$(basename "$gone" .json)" "$TRASH/out"; then fail "a removed ticket is still listed"; fi
mv gone.json "$gone"
rm -f "tickets/$fresh.json"
step 'a ticket removed and one added: the cache drops the one, records the other, reads only it'
# The new cache is written as the scan goes, from the first entry that differs: the entries
# kept before it are copied from the old cache, those after it as they are met.
sleep 0.3
"$ITK" list --all >/dev/null # records what the steps before changed
gone=$(ls tickets | sed -n '100p')
mv "tickets/$gone" gone.json
added=$("$ITK" -q open --title 'added after the cache' --caller carol)
sleep 0.3 # past the racy window: the new file can be recorded
traced -f -e trace=openat,open -o trace "$ITK" list --all >"$TRASH/out"
test_equal "$(grep -o '"[^"]*\.json"' trace)" "\"$added.json\""
test_grep "$added" "$TRASH/out"
if grep -F "${gone%.json}" "$TRASH/out" >&2; then fail "a removed ticket was listed from the cache"; fi
traced -f -e trace=openat,open -o trace "$ITK" list --all >/dev/null
if grep '\.json"' trace >&2; then fail "the rewritten cache should serve every ticket"; fi
mv gone.json "tickets/$gone"
"$ITK" -q cancel "$added" --reason 'test ticket' # terminal: the reference views stay as they were
rm "tickets/$added.json"
sleep 0.3
traced -f -e trace=openat,open -o trace "$ITK" list --all >/dev/null
test_equal "$(grep -o '"[^"]*\.json"' trace)" "\"$gone\"" # its ctime changed with the move
views back
same_views ref back

sleep 0.3

step 'any cache file a crash or a hand leaves is no cache: same answers, no error'
test_expect_code 0 "$ITK" list --all
cp .itk/cache good.cache
size=$(stat -c %s good.cache)
broken() { # NAME: make .itk/cache broken that way
	rm -rf .itk/cache
	case $1 in
	truncated) head -c $((size / 2)) good.cache >.itk/cache ;;
	no-end) head -c $((size - 4)) good.cache >.itk/cache ;;
	flipped) cp good.cache .itk/cache && printf '\377\377\377\377\377\377\377\177' |
		dd of=.itk/cache bs=1 seek=$((size / 3)) conv=notrunc status=none ;;
	garbage) head -c 100000 /dev/urandom >.itk/cache ;;
	empty) : >.itk/cache ;;
	other-version) sed '1s/^\(itk cache [0-9]*\) .*$/\1 0.0.0-other/' good.cache >.itk/cache
		! cmp -s good.cache .itk/cache || fail "other-version: the header should have changed" ;;
	directory) mkdir .itk/cache ;;
	symlink) ln -s "../$victim" .itk/cache ;;
	fifo) mkfifo .itk/cache ;;
	esac
}
for kind in truncated no-end flipped garbage empty other-version directory symlink fifo; do
	mkdir -p "broken-$kind"
	for n in 2 9 11; do # list --all, export, report: each on the broken cache (each run rewrites it)
		broken "$kind"
		case $n in 2) set -- list --all ;; 9) set -- export ;; 11) set -- report --format json ;; esac
		timeout 20 "$ITK" "$@" >"broken-$kind/$n.out" 2>"broken-$kind/$n.err" || fail "$kind: $* failed"
		test_must_be_empty "broken-$kind/$n.err"
		test_cmp "ref/$n.out" "broken-$kind/$n.out"
	done
done
rm -rf .itk/cache

step 'lists running beside writers never record a stale ticket'
test_expect_code 0 "$ITK" list --all
busy=$("$ITK" list --open --format '{id}' --limit 3)
for w in 1 2 3; do
	(for k in $(seq 15); do for b in $busy; do "$ITK" -q note "$b" "writer $w note $k"; done; done) &
done
for k in $(seq 15); do "$ITK" list --all >/dev/null; "$ITK" export >/dev/null; done
wait
sleep 0.3
"$ITK" list --all >/dev/null # records the last changes
views ref4 plain
views warm4
same_views ref4 warm4
for b in $busy; do
	test "$(json_eval "tickets/$b.json" 'sum(1 for e in d["events"] if e["action"] == "note" and e["text"].startswith("writer "))')" -eq 45 ||
		fail "$b: 45 notes expected"
done

step 'a file whose stamp is too recent to tell a later change apart is read again each time'
touch -d '+1 hour' "$victim" # as a change made this very tick would be: never recorded
"$ITK" list --all >/dev/null
traced -f -e trace=openat,open -o trace "$ITK" list --all >/dev/null
test_equal "$(grep -o '"[^"]*\.json"' trace)" "\"$(basename "$victim")\""
touch -d '-1 hour' "$victim"
sleep 0.3 # past the racy window of its ctime
"$ITK" list --all >/dev/null
traced -f -e trace=openat,open -o trace "$ITK" list --all >/dev/null
if grep '\.json"' trace >&2; then fail "a settled file was read again"; fi

step 'fsck checks every file and never opens the cache'
traced -f -e trace=openat,open -o trace "$ITK" fsck >/dev/null 2>&1
if grep '"cache"' trace >&2; then fail "fsck read the cache"; fi
test "$(grep -c '\.json"' trace)" -ge 900 || fail "fsck should read every ticket file"
