#!/bin/bash
# A store of several scan batches (the scan reads 1,024 files at a time and never holds the
# store, SPEC §12): list, export and report give what a plain Python reading of every file
# gives, in the order list promises, with or without the cache; the cache, rewritten as the
# scan goes, keeps the entries before the first change and after it, across batches.
. "$(dirname "$0")/lib.sh"

GEN=${ITK_BENCH_GEN:-$(dirname "$ITK")/itk-bench-gen}
N=2600

step "setup: $N generated tickets (three batches)"
"$GEN" store $N >/dev/null
cd store
test "$(ls tickets | wc -l)" -eq $N || fail "$N ticket files expected"
# A tie: the newest ticket again under an ID that sorts first, opened at the same instant.
newest=$("$PYTHON" -c '
import glob, json
print(max((json.load(open(f))["opened_at"], f) for f in glob.glob("tickets/*.json"))[1][8:-5])')
sed "s/$newest/INC-0000000TIE/g" "tickets/$newest.json" >tickets/INC-0000000TIE.json
N=$((N + 1))
sleep 0.3 # past the racy window: every file may be recorded
ITK_NOW=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ) # one instant for every AGE column
export ITK_NOW

# reference KIND: what a plain reading of every file gives (list order: priority by the
# matrix's rank, unprioritised last, then opened_at, then ID; `list` without --all leaves out
# the closed, cancelled and redirected).
reference() {
	"$PYTHON" - "$1" <<'PY'
import glob, json, sys
kind = sys.argv[1]
tickets = [json.load(open(f)) for f in sorted(glob.glob("tickets/*.json"))]
if kind == "export":
    for t in tickets:
        del t["events"]
        print(json.dumps(t, sort_keys=True))
    sys.exit()
order = ["P1", "P2", "P3", "P4", "P5"]
rank = lambda t: order.index(t["priority"]) if t["priority"] in order else len(order)
live = [t for t in tickets if kind == "all" or t["status"] not in ("closed", "cancelled", "redirected")]
for t in sorted(live, key=lambda t: (rank(t), t["opened_at"], t["id"])):
    print(t["id"], t["priority"] or "", t["status"])
PY
}
normalise_export() {
	"$PYTHON" -c 'import json, sys
for line in sys.stdin: print(json.dumps(json.loads(line), sort_keys=True))'
}

step 'without the cache, then from it: the reference order and content'
reference all >ref-all
reference live >ref-live
reference export >ref-export
test "$(wc -l <ref-live)" -gt 100 || fail "the generated store should have live tickets"
test "$(wc -l <ref-live)" -lt $N || fail "the generated store should have closed tickets"
for pass in cold warm; do
	test "$pass" = warm || rm -f .itk/cache
	"$ITK" list --all --format '{id} {priority} {status}' >"list-all-$pass"
	test_cmp ref-all "list-all-$pass"
	"$ITK" list --format '{id} {priority} {status}' >"list-$pass"
	test_cmp ref-live "list-$pass"
	"$ITK" export | normalise_export >"export-$pass"
	test_cmp ref-export "export-$pass"
	"$ITK" list --all >"table-$pass"
	test_line_count $((N + 1)) "table-$pass"
	"$ITK" list --all --json | "$PYTHON" -c 'import json, sys; print("\n".join(t["id"] for t in json.load(sys.stdin)))' >"json-$pass"
	test_cmp <(cut -d' ' -f1 ref-all) "json-$pass"
	"$ITK" list --all --limit 7 --sort -opened_at --format '{id}' >"limit-$pass"
	"$ITK" report --since 2026-01-01 --until 2027-01-01 --format json >"report-$pass"
done
test_path_is_file .itk/cache
test_cmp table-cold table-warm
test_cmp limit-cold limit-warm
test_cmp report-cold report-warm
test_equal "$(json_eval report-warm 'd["opened"]')" "$(grep -c . ref-all)" # every ticket was opened in 2026
# Newest first, ties by ID ascending (a stable sort by ID, then by time reversed).
test_cmp <("$PYTHON" -c '
import glob, json
ts = sorted((json.load(open(f)) for f in glob.glob("tickets/*.json")), key=lambda t: t["id"])
for t in sorted(ts, key=lambda t: t["opened_at"], reverse=True)[:7]: print(t["id"])') limit-warm
test_equal "$(sed -n 1,2p limit-warm | tr '\n' ' ')" "INC-0000000TIE $newest "

step 'a cache that cannot be written (a full disk, a quota): the same answers, no temp file left'
rm -f .itk/cache
# bash's ulimit -f counts KiB: the cache (about 2 MB here) fails past 200, the output does not.
limited() { (trap '' XFSZ; ulimit -f 200; exec "$ITK" "$@") | cat; }
limited list --all --format '{id} {priority} {status}' >list-limited
test_cmp ref-all list-limited
limited export | normalise_export >export-limited
test_cmp ref-export export-limited
limited report --since 2026-01-01 --until 2027-01-01 --format json >report-limited
test_cmp report-warm report-limited
test_path_is_missing .itk/cache
test_equal "$(ls .itk/tmp | wc -l)" 0
"$ITK" list --all >/dev/null # writes it again

step 'tickets removed in two batches and one added: only the new file is read, then none'
first=$(ls tickets | sed -n '10p')
second=$(ls tickets | sed -n '1500p')
mv "tickets/$first" "tickets/$second" .
added=$("$ITK" -q open --title 'added after the cache' --caller carol)
sleep 0.3
traced -f -e trace=openat,open -o trace "$ITK" list --all --format '{id}' >ids
test_equal "$(grep -o '"[^"]*\.json"' trace)" "\"$added.json\""
test_line_count $((N - 1)) ids
if grep -e "${first%.json}" -e "${second%.json}" ids >&2; then fail "a removed ticket was listed from the cache"; fi
traced -f -e trace=openat,open -o trace "$ITK" export >/dev/null
if grep '\.json"' trace >&2; then fail "the rewritten cache should serve every ticket"; fi
"$ITK" export | normalise_export >export-after
reference export >ref-after
test_cmp ref-after export-after

step 'the last ticket removed while the one before it has no entry: the cache drops it'
# The cursor reads the last entry ahead, looking for the one before; it was passed, not kept.
last=$(ls tickets | tail -n 1)
before=$(ls tickets | tail -n 2 | head -n 1)
cp "tickets/$before" before.json
echo '{"broken": ' >"tickets/$before" # a bad file is never recorded
"$ITK" list --all >/dev/null 2>&1 || :
grep -q -F "${last%.json}" .itk/cache || fail "the cache should hold the last ticket"
rm "tickets/$last"
test_expect_code 5 "$ITK" list --all
if grep -q -F "${last%.json}" .itk/cache; then fail "the cache kept the entry of a removed ticket"; fi
cp before.json "tickets/$before"
validate_store .
