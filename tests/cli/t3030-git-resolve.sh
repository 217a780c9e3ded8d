#!/bin/bash
# itk git-resolve (SPEC §11): in a clone with no merge driver at all (a fresh clone, a web
# merge refused), the conflicts git leaves on ticket files — after a merge, a `pull --rebase`
# and a `stash pop` — are merged from git's index stages, event by event, and staged; a file
# "resolved" by hand into invalid data is named with what to run; "accept both" by hand is
# caught by fsck, never silently kept. Real repositories.
. "$(dirname "$0")/lib.sh"

git_setup_env Tester tester@corp.example

# note_at HH:MM ID TEXT: add a note at that minute.
note_at() { test_expect_code 0 env ITK_NOW="2026-11-21T$1:00Z" "$ITK" -q note "$2" "$3"; }
unmerged() { git diff --name-only --diff-filter=U; }

step 'a hub and two clones, none with a driver'
test_expect_code 0 "$ITK" init --git a
cd a
git config --unset merge.itk.driver
test_expect_code 0 env ITK_NOW=2026-11-21T08:00:00Z "$ITK" -q open --title 'Printer down' --caller julie
X=$(cat "$TRASH/out")
test_expect_code 0 env ITK_NOW=2026-11-21T08:01:00Z "$ITK" -q open --title 'VPN drops' --caller marc
Y=$(cat "$TRASH/out")
git add -A
git commit -q -m 'two tickets'
git clone -q --bare . "$TRASH/hub.git"
git remote add origin "$TRASH/hub.git"
git fetch -q origin
git branch -q -u origin/main
cd "$TRASH"
git clone -q hub.git b
test_expect_code 1 git -C b config --get merge.itk.driver
tx="tickets/$X.json"

step 'a merge left conflicted: git-resolve merges both sides and stages; the merge commits'
cd "$TRASH/b"
note_at 09:00 "$X" 'b: checked the tray'
git commit -q -am 'b: note'
cd "$TRASH/a"
note_at 09:05 "$X" 'a: restarted the spooler'
git commit -q -am 'a: note'
git push -q origin main
cd "$TRASH/b"
test_expect_code 1 git pull -q --no-rebase --no-edit
test_equal "$tx" "$(unmerged)" 'unmerged after the pull'
test_expect_code 5 "$ITK" show "$X"
test_grep "git-resolve" "$TRASH/err"
test_expect_code 0 "$ITK" git-resolve "$tx"
test_equal "$tx: merged event by event and staged" "$(cat "$TRASH/err")" 'git-resolve says'
test_equal '' "$(unmerged)" 'unmerged after git-resolve'
test_equal "$tx" "$(git diff --cached --name-only)" 'staged by git-resolve'
test_expect_code 0 git commit -q --no-edit
test_equal 'b: checked the tray|a: restarted the spooler' "$(note_texts "$tx")" 'notes after the merge'
test_expect_code 0 "$ITK" fsck
test_expect_code 0 "$ITK" git-resolve
test_grep 'no conflicted ticket file' "$TRASH/err"
git push -q origin main

step 'pull --rebase stopped on a ticket: git-resolve, then rebase --continue'
cd "$TRASH/a"
git pull -q --no-rebase
note_at 10:05 "$X" 'a: new driver'
git commit -q -am 'a: driver'
git push -q origin main
cd "$TRASH/b"
note_at 10:00 "$X" 'b: cable replaced'
git commit -q -am 'b: cable'
test_expect_code 1 git pull -q --rebase
test_equal "$tx" "$(unmerged)" 'unmerged during the rebase'
test_expect_code 0 "$ITK" git-resolve
test_expect_code 0 git rebase --continue
test_equal 0 "$(git rev-list --merges --count origin/main..HEAD)" 'merge commits made by the rebase'
test_equal 'b: checked the tray|a: restarted the spooler|b: cable replaced|a: new driver' "$(note_texts "$tx")" \
	'notes after the rebase'
test_expect_code 0 "$ITK" fsck
git push -q origin main

step 'stash pop onto a pulled change of the same ticket: git-resolve keeps both'
cd "$TRASH/a"
git pull -q --no-rebase
note_at 11:05 "$X" 'a: toner ordered'
git commit -q -am 'a: toner'
git push -q origin main
cd "$TRASH/b"
note_at 11:00 "$X" 'b: work in progress'
git stash -q
test_expect_code 0 git pull -q --no-rebase
test_expect_code 1 git stash pop -q
test_equal "$tx" "$(unmerged)" 'unmerged after stash pop'
test_expect_code 0 "$ITK" git-resolve
test_equal 'b: checked the tray|a: restarted the spooler|b: cable replaced|a: new driver|b: work in progress|a: toner ordered' \
	"$(note_texts "$tx")" 'notes after stash pop'
test_expect_code 0 "$ITK" fsck
git stash drop -q
git commit -q -am 'b: work in progress'
git push -q origin main

step 'resolved by hand into invalid data: git-resolve names the file and what to run'
cd "$TRASH/a"
git pull -q --no-rebase
note_at 12:05 "$Y" 'a: profile reset'
git commit -q -am 'a: profile'
git push -q origin main
cd "$TRASH/b"
note_at 12:00 "$Y" 'b: token renewed'
git commit -q -am 'b: token'
test_expect_code 1 git pull -q --no-rebase --no-edit
ty="tickets/$Y.json"
# "Accept both": drop the marker lines, keep both sides' lines.
grep -v '^\(<<<<<<<\|=======\|>>>>>>>\)' "$ty" >"$TRASH/both"
cp "$TRASH/both" "$ty"
test_expect_code 5 "$ITK" fsck
test_grep "$ty" "$TRASH/err"
git add "$ty"
test_expect_code 5 "$ITK" git-resolve "$ty"
test_grep "^itk: error: $ty:" "$TRASH/err"
test_grep "git checkout -m $ty" "$TRASH/err"
test_expect_code 0 git checkout -m "$ty"
test_equal "$ty" "$(unmerged)" 'unmerged after checkout -m'
test_expect_code 0 "$ITK" git-resolve
test_expect_code 0 git commit -q --no-edit
test_equal 'b: token renewed|a: profile reset' "$(note_texts "$ty")" 'notes after the second git-resolve'
test_expect_code 0 "$ITK" fsck

step 'git-resolve refuses a path that is not a ticket file of the store'
test_expect_code 2 "$ITK" git-resolve itk.toml
test_grep "not a ticket file" "$TRASH/err"
test_expect_code 2 "$ITK" git-resolve ../a/tickets/x.json
validate_store .
