#!/usr/bin/env bash
# The support manager's weekly job, for cron. In the store's git repository it:
#   1. closes, unconfirmed, every ticket resolved for longer than closure.auto_close_after;
#   2. escalates hierarchically every stale ticket (no event for escalation.stale_after);
#   3. writes last week's report as reports/<year>-W<week>.md and .html (with an 8-week trend);
#   4. commits what changed with a message naming the week.
#
# crontab (Mondays at 07:00):
#   0 7 * * 1  ITK=/usr/local/bin/itk /srv/tickets/examples/cron/weekly.sh /srv/tickets
#
# It exits non-zero (so cron mails you) when itk found a corrupt ticket file; the report is
# still written and committed without that ticket.
set -euo pipefail
store=${1:?usage: weekly.sh STORE}
itk=${ITK:-itk}
cd "$store"
export ITK_ACTOR=${ITK_ACTOR:-itk-cron}
status=0

closed=$("$itk" -q close --auto) || status=$?
stale=$("$itk" list --stale --format '{id}') || status=$?
for id in $stale; do
  "$itk" -q escalate "$id" --hierarchical --reason "Stale: no event for longer than escalation.stale_after" || status=$?
done

# Last week's ISO label, as itk computes it (ITK_NOW, when set, is the clock).
week=$(date -u -d "${ITK_NOW:-now} - 7 days" +%G-W%V)
mkdir -p reports
"$itk" report --period "$week" --format markdown > "reports/$week.md.tmp" || status=$?
"$itk" report --period "$week" --format html --trend 8 > "reports/$week.html.tmp" || status=$?
mv "reports/$week.md.tmp" "reports/$week.md"
mv "reports/$week.html.tmp" "reports/$week.html"

if git rev-parse --git-dir >/dev/null 2>&1; then
  git add reports tickets
  if ! git diff --cached --quiet; then
    git commit -q -m "Weekly report $week" \
      -m "Closed unconfirmed: $(echo $closed | wc -w); escalated as stale: $(echo $stale | wc -w)."
  fi
fi
echo "weekly: reports/$week.md and reports/$week.html written" >&2
exit $status
