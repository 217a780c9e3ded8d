#!/bin/bash
# Autocommit and git identity (SPEC §3, §11): with `[git] autocommit = true` every change
# commits the files it wrote (its ticket, a post-mortem, the other side of a link) with a
# subject `INC-…: <action> (<actor>)`, leaving the work tree clean and never committing
# what the user staged; a refused action or one that changes nothing commits nothing; the
# actor falls back to the store's `git config user.email` when --as and ITK_ACTOR are unset.
. "$(dirname "$0")/lib.sh"

git_setup_env

# itk_at HH:MM ARGS...: run itk at that minute of 2026-11-21 (UTC); expect exit 0.
itk_at() {
	local when=$1
	shift
	test_expect_code 0 env ITK_NOW="2026-11-21T$when:00Z" "$ITK" "$@"
}
# open_at HH:MM ARGS...: open a ticket at that minute; sets $id.
open_at() {
	local when=$1
	shift
	itk_at "$when" open "$@"
	id=$(cat "$TRASH/out")
	case $id in
	INC-*) ;;
	*) fail "itk open printed '$id', expected a lone ID" ;;
	esac
}
t() { echo "tickets/$1.json"; }
commits() { git rev-list --count HEAD; }
# committed SUBJECT FILE...: HEAD is one new commit (after $before) with that subject,
# holding exactly those files, as they are in the work tree; the work tree is clean.
committed() {
	local subject=$1
	shift
	test_equal $((before + 1)) "$(commits)" 'number of commits'
	test_equal "$subject" "$(git log -1 --format=%s)" 'commit subject'
	git show --name-only --format= HEAD | sort >"$TRASH/files"
	printf '%s\n' "$@" | sort >"$TRASH/want-files"
	test_cmp "$TRASH/want-files" "$TRASH/files"
	test_equal '' "$(git status --porcelain)" 'git status after the change'
	before=$(commits)
}

step 'a store in git with [git] autocommit = true'
test_expect_code 0 "$ITK" init --git store
cd store
git config user.name 'Bob Builder'
git config user.email bob@corp.example
printf '\n[git]\nautocommit = true\n' >>itk.toml
test_expect_code 0 "$ITK" config --check
git add -A
git commit -q -m 'itk store'
before=$(commits)

step 'open commits its ticket file: "ID: open (actor)"'
open_at 09:00 --title 'Mail server down' --caller julie --affected Marc --affected-contact marc@corp.example
M=$id
committed "$M: open (alice)" "$(t "$M")"
test_equal "$(git show "HEAD:$(t "$M")" | sha1sum)" "$(sha1sum <"$(t "$M")")" 'committed bytes'

step 'categorize, prioritize (major), assign, coordinate: one commit each'
itk_at 09:01 categorize "$M" --type incident
committed "$M: categorize (alice)" "$(t "$M")"
itk_at 09:02 prioritize "$M" --impact high --urgency high
committed "$M: prioritize (alice)" "$(t "$M")"
test_equal true "$(json_get "$(t "$M")" major)"
itk_at 09:03 assign "$M" --to bob
committed "$M: assign (alice)" "$(t "$M")"
itk_at 09:04 coordinate "$M" --by dave --as dave
committed "$M: coordinate (dave)" "$(t "$M")"

step 'an unrelated file the user staged is not committed by itk, and stays staged'
printf 'draft\n' >draft.txt
git add draft.txt
printf '\n# a local comment\n' >>itk.toml # modified, not staged
itk_at 09:05 note "$M" 'MTA queue at 20k' --as bob
test_equal "$M: note (bob)" "$(git log -1 --format=%s)" 'commit subject'
git show --name-only --format= HEAD >"$TRASH/files"
echo "$(t "$M")" >"$TRASH/want-files"
test_cmp "$TRASH/want-files" "$TRASH/files"
test_equal $((before + 1)) "$(commits)" 'number of commits'
printf '%s\n' 'A  draft.txt' ' M itk.toml' >"$TRASH/want-status"
git status --porcelain >"$TRASH/status"
test_cmp "$TRASH/want-status" "$TRASH/status"
test_equal draft.txt "$(git diff --cached --name-only)" 'still staged'
git reset -q draft.txt
rm draft.txt
git checkout -q itk.toml
before=$(commits)

step 'the actor falls back to the store repository'"'"'s git config user.email'
test_expect_code 0 env -u ITK_ACTOR USER=not-this-user ITK_NOW=2026-11-21T09:06:00Z "$ITK" note "$M" 'who am I'
test_equal bob@corp.example "$(json_get "$(t "$M")" events.-1.by)"
committed "$M: note (bob@corp.example)" "$(t "$M")"
# Also from outside the repository, with --dir: the store's git config, not the cwd's.
(cd "$TRASH" && test_expect_code 0 env -u ITK_ACTOR USER=not-this-user ITK_NOW=2026-11-21T09:07:00Z \
	"$ITK" --dir "$TRASH/store" escalate "$M" --hierarchical --reason 'CEO cannot send mail')
test_equal bob@corp.example "$(json_get "$(t "$M")" events.-1.by)"
committed "$M: escalate (bob@corp.example)" "$(t "$M")"
# ITK_ACTOR and --as still come first.
test_expect_code 0 env ITK_ACTOR=erin ITK_NOW=2026-11-21T09:08:00Z "$ITK" note "$M" 'from erin'
test_equal erin "$(json_get "$(t "$M")" events.-1.by)"
committed "$M: note (erin)" "$(t "$M")"
test_expect_code 0 env -u ITK_ACTOR ITK_NOW=2026-11-21T09:09:00Z "$ITK" note "$M" 'from zoe' --as zoe
test_equal zoe "$(json_get "$(t "$M")" events.-1.by)"
committed "$M: note (zoe)" "$(t "$M")"

step 'a refused action and an action that changes nothing commit nothing'
test_expect_code 4 env ITK_NOW=2026-11-21T09:10:00Z "$ITK" close "$M" --confirmed-by julie
test_equal "$before" "$(commits)" 'commits after a refused close'
itk_at 09:10 assign "$M" --to bob
test_equal "$before" "$(commits)" 'commits after assigning the current owner'
test_equal '' "$(git status --porcelain)" 'git status'

step 'a link commits both tickets; resolving the parent commits it with its child'
open_at 09:11 --title 'no mail for me' --caller anna --type incident
C=$id
committed "$C: open, categorize (alice)" "$(t "$C")"
itk_at 09:12 link "$C" --parent "$M"
committed "$C: link (alice)" "$(t "$C")" "$(t "$M")"
itk_at 09:20 resolve "$M" --solution 'restarted the MTA' --kind workaround --as bob
committed "$M: resolve (bob)" "$(t "$M")" "$(t "$C")"
test_equal resolved "$(json_get "$(t "$C")" status)"

step 'postmortem commits the ticket and postmortems/ID.md; then close'
itk_at 09:30 postmortem "$M" --as zoe
test_path_is_file "postmortems/$M.md"
committed "$M: postmortem (zoe)" "$(t "$M")" "postmortems/$M.md"
itk_at 09:40 close "$M" --confirmed-by julie --as bob
committed "$M: close (bob)" "$(t "$M")"
test_equal closed "$(json_get "$(t "$M")" status)"
test_expect_code 0 "$ITK" fsck
# Every change is in the history, one commit each, in order.
git log --format=%s --reverse | sed -n '1,4p' >"$TRASH/log"
printf '%s\n' 'itk store' "$M: open (alice)" "$M: categorize (alice)" "$M: prioritize (alice)" >"$TRASH/want-log"
test_cmp "$TRASH/want-log" "$TRASH/log"
validate_store .

step 'without autocommit nothing is committed'
cd "$TRASH"
test_expect_code 0 "$ITK" init --git manual
cd manual
git config user.name 'Bob Builder'
git config user.email bob@corp.example
git add -A
git commit -q -m 'itk store'
open_at 10:00 --title 'Laptop slow' --caller julie
test_equal 1 "$(commits)" 'commits without autocommit'
test_equal "?? $(t "$id")" "$(git status --porcelain -uall)" 'git status without autocommit'
printf '\n[git]\nautocommit = false\n' >>itk.toml
test_expect_code 0 "$ITK" config --check
itk_at 10:01 note "$id" 'still manual'
test_equal 1 "$(commits)" 'commits with autocommit = false'

step 'a store in a subdirectory of a repository commits its files there'
cd "$TRASH"
mkdir mono
cd mono
git init -q
git config user.name 'Bob Builder'
git config user.email bob@corp.example
test_expect_code 0 "$ITK" init --git ops
printf '\n[git]\nautocommit = true\n' >>ops/itk.toml
git add -A
git commit -q -m 'ops store'
before=$(commits)
cd ops
open_at 11:00 --title 'Badge reader broken' --caller julie
committed "$id: open (alice)" "ops/$(t "$id")"

step '4 processes x 50 notes at once in one clone: 200 commits, each naming its own change and actor'
cd "$TRASH/store"
before=$(commits)
open_at 12:00 --title 'Shared drive full' --caller julie
S=$id
before=$(commits)
events=$(json_eval "$(t "$S")" 'len(d["events"])')
for w in 1 2 3 4; do
	(
		for n in $(seq 1 50); do
			"$ITK" -q note "$S" "writer $w note $n" --as "writer$w" >/dev/null 2>"$TRASH/err.$w" || exit 1
		done
	) &
done
wait
for w in 1 2 3 4; do
	test_must_be_empty "$TRASH/err.$w"
done
test_equal $((before + 200)) "$(commits)" 'one commit per change'
test_equal '' "$(git status --porcelain)" 'git status after 200 concurrent changes'
test_equal $((events + 200)) "$(json_eval "$(t "$S")" 'len(d["events"])')" 'events after 200 notes'
# Each commit adds exactly one note, and its subject names the actor of that note.
git log --format=%H -n 200 >"$TRASH/shas"
while read -r sha; do
	subject=$(git log -1 --format=%s "$sha")
	added=$(git show "$sha" -- "$(t "$S")" | grep -c '^+ *"text": "writer' || true)
	test_equal 1 "$added" "notes added by $sha ($subject)"
	who=$(git show "$sha" -- "$(t "$S")" | sed -n 's/^+ *"text": "writer \([1-4]\) note.*/\1/p')
	test_equal "$S: note (writer$who)" "$subject" "subject of $sha"
done <"$TRASH/shas"

step 'during a conflicted merge a change is written, not committed nor staged, and survives merge --abort'
cd "$TRASH/store"
open_at 13:00 --title 'Wiki slow' --caller julie
W=$id
open_at 13:01 --title 'Phone line dead' --caller marc
P=$id
git checkout -q -b other
printf 'one\n' >notes.txt
git add notes.txt
git commit -q -m 'other: notes.txt'
git checkout -q main
printf 'two\n' >notes.txt
git add notes.txt
git commit -q -m 'main: notes.txt'
test_expect_code 1 git merge -q other
before=$(commits)
itk_at 13:10 note "$P" 'called the carrier'
test_grep 'a merge is in progress' "$TRASH/err"
test_grep 'not committed' "$TRASH/err"
test_equal "$before" "$(commits)" 'commits during the merge'
test_equal " M $(t "$P")" "$(git status --porcelain -- tickets)" 'the change is in the work tree, unstaged'
test_expect_code 0 git merge --abort
test_grep 'called the carrier' "$(t "$P")"
# Once git is done, the next change commits both.
itk_at 13:20 note "$P" 'carrier fixed it'
test_equal $((before + 1)) "$(commits)" 'commits after the merge'
test_equal "$P: note (alice)" "$(git log -1 --format=%s)" 'subject after the merge'
git show HEAD -- "$(t "$P")" >"$TRASH/diff"
test_grep '^+.*called the carrier' "$TRASH/diff"
test_grep '^+.*carrier fixed it' "$TRASH/diff"
test_equal '' "$(git status --porcelain -- tickets)" 'git status after the merge'

step 'git refusing the commit: the warning quotes git and says what to do; the change is kept'
before=$(commits)
git config commit.gpgsign true
git config gpg.program false
itk_at 13:30 note "$P" 'line tested'
test_grep -F "itk: warning: autocommit failed in '$TRASH/store' (git: error: gpg failed to sign the data)" "$TRASH/err"
test_grep -F "then 'git add $(t "$P")' and commit it" "$TRASH/err"
test_equal "$before" "$(commits)" 'commits while git refuses'
test_grep 'line tested' "$(t "$P")"
git config --unset commit.gpgsign
itk_at 13:35 note "$P" 'line fine'
test_equal $((before + 1)) "$(commits)" 'commits once git accepts'
