#!/bin/bash
# Git's history commands on tickets (SPEC §11): the driver merges event sets against their
# base, so each command brings exactly its delta: a cherry-pick only the picked commit's
# events, a revert removes the reverted commit's event (also when later events followed),
# a commit dropped in `rebase -i` takes its event with it. Octopus merges never run
# drivers: ticket branches are merged one at a time. Real repositories, the driver set up.
. "$(dirname "$0")/lib.sh"

git_setup_env Tester tester@corp.example

# note_commit HH:MM TEXT: a note on $X at that minute, committed alone.
note_commit() {
	test_expect_code 0 env ITK_NOW="2026-11-21T$1:00Z" "$ITK" -q note "$X" "$2"
	git commit -q -am "note: $2"
}

step 'a store with the driver and one ticket'
test_expect_code 0 "$ITK" init --git s
cd s
test_expect_code 0 env ITK_NOW=2026-11-21T08:00:00Z "$ITK" -q open --title 'Printer down' --caller julie
X=$(cat "$TRASH/out")
tx="tickets/$X.json"
git add -A
git commit -q -m 'one ticket'

step 'cherry-pick brings only the picked commit'"'"'s event, not the ones before it'
git checkout -q -b side
note_commit 09:00 'side: first'
note_commit 09:10 'side: second (the fix)'
pick=$(git rev-parse HEAD)
git checkout -q main
note_commit 09:05 'main: own note'
test_expect_code 0 git cherry-pick "$pick"
test_equal '' "$(git diff --name-only --diff-filter=U)" 'unmerged after the cherry-pick'
test_equal 'main: own note|side: second (the fix)' "$(note_texts "$tx")" 'notes after the cherry-pick'
test_expect_code 0 "$ITK" fsck

step 'revert of an earlier commit removes its event, and keeps those after it'
note_commit 10:00 'main: wrong ticket'
bad=$(git rev-parse HEAD)
note_commit 10:10 'main: after the mistake'
test_expect_code 0 git revert --no-edit "$bad"
test_equal 'main: own note|side: second (the fix)|main: after the mistake' "$(note_texts "$tx")" 'notes after the revert'
test_expect_code 0 "$ITK" fsck
# Reverting the revert brings it back.
test_expect_code 0 git revert --no-edit HEAD
test_equal 'main: own note|side: second (the fix)|main: wrong ticket|main: after the mistake' "$(note_texts "$tx")" \
	'notes after reverting the revert'

step 'rebase -i dropping a commit drops its event; the rest is replayed on top of main'
git checkout -q -b topic
note_commit 11:00 'topic: to be dropped'
note_commit 11:10 'topic: kept'
git checkout -q main
note_commit 11:05 'main: meanwhile'
git checkout -q topic
# The first line of the todo list is the oldest commit of the topic: drop it.
test_expect_code 0 env GIT_SEQUENCE_EDITOR="sed -i '1s/^pick/drop/'" git rebase -q -i main
test_equal '' "$(git diff --name-only --diff-filter=U)" 'unmerged after the rebase'
test_equal 'main: own note|side: second (the fix)|main: wrong ticket|main: after the mistake|main: meanwhile|topic: kept' \
	"$(note_texts "$tx")" 'notes after rebase -i'
test_expect_code 0 "$ITK" fsck
test_equal 1 "$(git rev-list --count main..topic)" 'topic commits after the rebase: the kept note only'

step 'merging the topic back: each event once'
git checkout -q main
note_commit 12:00 'main: before the merge'
test_expect_code 0 git merge -q --no-edit topic
test_equal 'main: own note|side: second (the fix)|main: wrong ticket|main: after the mistake|main: meanwhile|topic: kept|main: before the merge' \
	"$(note_texts "$tx")" 'notes after the merge'
test_expect_code 0 "$ITK" fsck
validate_store .
