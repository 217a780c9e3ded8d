#!/usr/bin/env bash
# examples/cron/weekly.sh in a real git repository, run as cron runs it (`env -i`, /bin/sh,
# PATH=/usr/bin:/bin): closes what is due, escalates what is stale, writes last week's report
# in markdown and html, commits, leaves a clean tree; stops at the first failure (no itk, a
# corrupt ticket) with a non-zero status and commits nothing.
. "$(dirname "$0")/lib.sh"

step 'a store in a git repository with a resolved ticket, a stale one and a fresh one'
mkdir store && cd store
git init -q . && git config user.email cron@corp.example && git config user.name cron
"$ITK" -q init .
export ITK_NOW=2026-11-10T09:00:00Z
itk_open --title "Mail down" --caller julie --impact low --urgency high --to alice
done_id=$id
ITK_NOW=2026-11-10T10:00:00Z "$ITK" -q resolve "$done_id" --solution "Restarted" --kind workaround
export ITK_NOW=2026-11-14T09:00:00Z
itk_open --title "Printer jam" --caller hugo --impact low --urgency low
stale_id=$id
export ITK_NOW=2026-11-23T06:30:00Z
itk_open --title "New today" --caller ines --impact medium --urgency high
fresh_id=$id
git add -A && git commit -q -m "tickets"

step 'the weekly job runs on Monday 2026-11-23 at 07:00'
export ITK_NOW=2026-11-23T07:00:00Z
# cron: /bin/sh, an empty environment but for HOME, LOGNAME, SHELL and PATH=/usr/bin:/bin.
cron() { env -i HOME="$HOME" LOGNAME=cron SHELL=/bin/sh PATH=/usr/bin:/bin TZ=UTC "$@"; }
test_expect_code 0 cron ITK="$ITK" ITK_NOW="$ITK_NOW" /bin/sh "$ITK_SOURCE_DIR/examples/cron/weekly.sh" .
test_grep 'reports/2026-W47.md' "$TRASH/err"

step 'the ticket resolved for more than 5 days is closed, unconfirmed'
test_equal closed "$(json_get "tickets/$done_id.json" status)"
test_equal true "$(json_get "tickets/$done_id.json" closure.unconfirmed)"

step 'the stale ticket (P5, no event for 7d) is escalated hierarchically; the fresh one is not'
test_equal escalate "$(json_eval "tickets/$stale_id.json" 'd["events"][-1]["action"]')"
"$PYTHON" - "tickets/$stale_id.json" "tickets/$fresh_id.json" <<'PY'
import json, sys
stale = json.load(open(sys.argv[1]))["events"][-1]
fresh = json.load(open(sys.argv[2]))["events"][-1]
assert stale["action"] == "escalate" and stale["kind"] == "hierarchical", stale
assert stale["to"] == "desk-manager" and stale["by"] == "itk-cron", stale
assert fresh["action"] != "escalate", fresh
PY

step 'the report files hold last week (2026-W47) and are committed; the tree is clean'
test_path_is_file reports/2026-W47.md
test_path_is_file reports/2026-W47.html
test_grep '^# Incident KPIs 2026-W47' reports/2026-W47.md
test_grep '<svg' reports/2026-W47.html
test_must_be_empty <(git status --porcelain)
git log -1 --format=%s >"$TRASH/subject"
test_equal 'Weekly report 2026-W47' "$(cat "$TRASH/subject")"
git show --stat HEAD >"$TRASH/stat"
test_grep 'reports/2026-W47.md' "$TRASH/stat"
test_grep "tickets/$done_id.json" "$TRASH/stat"

step 'the markdown report equals itk report for that week, whenever it runs'
ITK_NOW=2027-01-15T00:00:00Z "$ITK" report --period 2026-W47 --format markdown >"$TRASH/later.md"
test_cmp reports/2026-W47.md "$TRASH/later.md"

step 'a second run the same morning commits nothing new'
before=$(git rev-parse HEAD)
ITK_NOW=2026-11-23T07:05:00Z "$ITK" -q note "$fresh_id" "looking" # a change after the report
git add -A && git commit -q -m "note"
before=$(git rev-parse HEAD)
test_expect_code 0 cron ITK="$ITK" ITK_NOW=2026-11-23T07:10:00Z /bin/sh "$ITK_SOURCE_DIR/examples/cron/weekly.sh" .
test_equal "$before" "$(git rev-parse HEAD)"

step 'without itk (cron'"'"'s PATH, no ITK): it says so, exits 127, writes and commits nothing'
rm -rf reports && git commit -q -am 'reports removed' && before=$(git rev-parse HEAD)
test_expect_code 127 cron ITK_NOW=2026-11-30T07:00:00Z /bin/sh "$ITK_SOURCE_DIR/examples/cron/weekly.sh" .
test_grep 'cannot run itk' "$TRASH/err"
test_path_is_missing reports
test_equal "$before" "$(git rev-parse HEAD)"
test_equal '' "$(git status --porcelain)" 'work tree after a run without itk'

step 'a corrupt ticket: the job stops with itk'"'"'s status 5, no report written, nothing committed'
printf '{ "schema": 1, "id": "INC-CORRUPT001", ' >tickets/INC-CORRUPT001.json
git add tickets && git commit -q -m 'a corrupt file from a stranger' && before=$(git rev-parse HEAD)
test_expect_code 5 cron ITK="$ITK" ITK_NOW=2026-11-30T07:00:00Z /bin/sh "$ITK_SOURCE_DIR/examples/cron/weekly.sh" .
test_grep 'INC-CORRUPT001' "$TRASH/err"
test_equal '' "$(ls reports 2>/dev/null)" 'reports after a failed run'
test_equal "$before" "$(git rev-parse HEAD)"
rm tickets/INC-CORRUPT001.json
test_path_is_missing tickets/INC-CORRUPT001.json
git commit -q -am 'corrupt file removed'
# Someone's work staged in the same clone is neither committed by the job nor unstaged.
printf 'draft\n' >runbook.md
git add runbook.md
test_expect_code 0 cron ITK="$ITK" ITK_NOW=2026-11-30T07:00:00Z /bin/sh "$ITK_SOURCE_DIR/examples/cron/weekly.sh" .
test_path_is_file reports/2026-W48.md
test_equal 'Weekly report 2026-W48' "$(git log -1 --format=%s)" 'the job committed'
test_equal '' "$(git show --name-only --format= HEAD | grep -v '^reports/\|^tickets/' || true)" 'files committed besides reports and tickets'
test_equal 'A  runbook.md' "$(git status --porcelain)" 'the user staged file after the job'
validate_store .
