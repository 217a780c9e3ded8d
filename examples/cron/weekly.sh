#!/bin/sh
# The support manager's weekly job, for cron, in POSIX sh (cron runs its lines with /bin/sh,
# PATH=/usr/bin:/bin and little else). In the store's git repository it:
#   1. closes, unconfirmed, every ticket resolved for longer than closure.auto_close_after;
#   2. escalates hierarchically every stale ticket (no event for escalation.stale_after);
#   3. writes last week's report as reports/<year>-W<week>.md and .html (with an 8-week trend);
#   4. commits what changed with a message naming the week.
#
# crontab (Mondays at 07:00; cron mails what it prints when it fails):
#   0 7 * * 1  ITK=/usr/bin/itk /usr/share/doc/itk/examples/cron/weekly.sh /srv/tickets
#
# It stops at the first failure with its exit status (itk's: 5 for a corrupt ticket file, say),
# leaving the reports of earlier weeks as they were and committing nothing: a report that
# failed is never committed, and a missing itk is said, not turned into an empty report.
set -eu

store=${1:?usage: weekly.sh STORE}
itk=${ITK:-itk}
if ! command -v "$itk" >/dev/null 2>&1; then
  echo "weekly: cannot run itk ('$itk'): set ITK=/path/to/itk in the crontab line" >&2
  exit 127
fi
cd "$store"
ITK_ACTOR=${ITK_ACTOR:-itk-cron}
export ITK_ACTOR

closed=$("$itk" -q close --auto)
stale=$("$itk" list --stale --format '{id}')
for id in $stale; do
  "$itk" -q escalate "$id" --hierarchical --reason "Stale: no event for longer than escalation.stale_after"
done

# Last week's ISO label, as itk computes it (ITK_NOW, when set, is the clock).
week=$(date -u -d "${ITK_NOW:-now} - 7 days" +%G-W%V)
mkdir -p reports
trap 'rm -f "reports/$week.md.tmp" "reports/$week.html.tmp"' EXIT
"$itk" report --period "$week" --format markdown >"reports/$week.md.tmp"
"$itk" report --period "$week" --format html --trend 8 >"reports/$week.html.tmp"
mv "reports/$week.md.tmp" "reports/$week.md"
mv "reports/$week.html.tmp" "reports/$week.html"

if git rev-parse --git-dir >/dev/null 2>&1; then
  # Only what this job wrote: whatever else someone staged in this clone stays theirs.
  git add reports tickets
  if ! git diff --cached --quiet -- reports tickets; then
    set -- $closed
    n_closed=$#
    set -- $stale
    n_stale=$#
    git commit -q -m "Weekly report $week" -m "Closed unconfirmed: $n_closed; escalated as stale: $n_stale." \
      -- reports tickets
  fi
fi
echo "weekly: reports/$week.md and reports/$week.html written" >&2
