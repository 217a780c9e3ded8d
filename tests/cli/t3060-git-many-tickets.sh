#!/bin/bash
# Git at the size of a real desk's history (SPEC §11): an import of 6,000 tickets
# autocommits as one commit (its paths and message never on argv, past the kernel's
# limit), `fsck --cached` reads 6,000 staged blobs and `git-resolve` merges 1,000 conflicted
# files through one `git cat-file --batch` each way (a child that writes while we still feed
# it must not deadlock), and a staged blob over the size limit is refused without reading it.
. "$(dirname "$0")/lib.sh"

git_setup_env Tester tester@corp.example
N=6000
C=1000

# events NDJSON FIRST COUNT ACTION: the histories of COUNT tickets from number FIRST: an open
# event, then (ACTION=note) a note by the actor named in $WHO.
events() {
	"$PYTHON" - "$@" <<'PY'
import json, os, sys
out, first, count, action = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
who = os.environ.get("WHO", "tester@corp.example")
with open(out, "w") as f:
    for k in range(first, first + count):
        tid = "INC-T%09d" % k
        f.write(json.dumps({"ticket": tid, "seq": 0, "at": "2026-11-21T08:00:00Z", "by": "tester@corp.example",
                            "action": "open", "id": tid, "title": "Printer %d down" % k, "description": "",
                            "caller": {"name": "julie", "contact": None}, "channel": None, "service": None,
                            "level": "N1", "group": "service-desk"}) + "\n")
        if action == "note":
            f.write(json.dumps({"ticket": tid, "seq": 1, "at": "2026-11-21T09:00:00Z", "by": who, "action": "note",
                                "text": "note by " + who, "public": False}) + "\n")
PY
}

step "import of $N tickets with autocommit: one commit naming every ticket"
test_expect_code 0 "$ITK" init --git a
cd a
printf '\n[git]\nautocommit = true\n' >>itk.toml
git add -A
git commit -q -m 'store'
events "$TRASH/open.ndjson" 0 $N open
test_expect_code 0 traced -f -qq -e trace=execve -s 256 -o "$TRASH/trace" "$ITK" -q import ndjson "$TRASH/open.ndjson"
test_must_be_empty "$TRASH/err"
# git got the paths and the message through its stdin and a file: none on its command line.
test_grep 'execve("[^"]*git", \[.*"commit"' "$TRASH/trace"
test_grep -v 'execve("[^"]*git", \[.*tickets/' "$TRASH/trace"
test_equal 2 "$(git rev-list --count HEAD)" 'commits after the import'
test_equal $N "$(git show --name-only --format= HEAD | grep -c '^tickets/INC-T')" 'files in the import commit'
test_equal $((N - 1)) "$(git log -1 --format=%b | grep -c '^INC-T.*: import$')" 'body lines of the import commit'
test_equal '' "$(git status --porcelain)" 'work tree after the import'
test_equal '' "$(ls .itk | grep 'commit-message\|pathspec' || true)" 'message and pathspec files left in .itk'

step "fsck --cached reads $N staged blobs"
test_expect_code 0 "$ITK" fsck --cached
test_grep -x "$N staged ticket(s) checked, no problem" "$TRASH/err"

step "$C tickets changed on both sides, merged without a driver: git-resolve merges them all"
git config --remove-section merge.itk
sed -i '/^autocommit/d' itk.toml
git commit -q -am 'no autocommit'
git checkout -q -b other
WHO=alice@corp.example events "$TRASH/alice.ndjson" 0 $C note
test_expect_code 0 "$ITK" -q import ndjson "$TRASH/alice.ndjson"
git commit -q -am 'alice: notes'
git checkout -q main
WHO=bob@corp.example events "$TRASH/bob.ndjson" 0 $C note
test_expect_code 0 "$ITK" -q import ndjson "$TRASH/bob.ndjson"
git commit -q -am 'bob: notes'
test_expect_code 1 git merge -q --no-edit other
test_equal $C "$(git diff --name-only --diff-filter=U | wc -l)" 'conflicted files after the merge'
test_expect_code 5 "$ITK" fsck --cached
test_equal $C "$(grep -c "unmerged in git's index" "$TRASH/err")" 'unmerged files fsck --cached names'
test_expect_code 0 "$ITK" -q git-resolve
test_equal 0 "$(git diff --name-only --diff-filter=U | wc -l)" 'conflicted files after git-resolve'
test_expect_code 0 "$ITK" fsck --cached
test_grep -x "$N staged ticket(s) checked, no problem" "$TRASH/err"
test_expect_code 0 git commit -q --no-edit
test_equal 'note by alice@corp.example|note by bob@corp.example' \
	"$(note_texts tickets/INC-T000000000.json | tr '|' '\n' | sort | paste -sd '|')" \
	'notes of the first ticket after the merge'
test_equal 'note by alice@corp.example|note by bob@corp.example' \
	"$(note_texts tickets/INC-T000000999.json | tr '|' '\n' | sort | paste -sd '|')" 'notes of the last conflicted ticket'
test_expect_code 0 "$ITK" fsck

step 'a staged blob over the size limit is refused by its size, named, never read'
"$PYTHON" -c 'import sys; sys.stdout.write("{" + " " * (9 << 20) + "}")' >tickets/INC-TBIGBIGBIG.json
git add tickets/INC-TBIGBIGBIG.json
test_expect_code 5 "$ITK" fsck --cached
test_grep -F "itk: error: tickets/INC-TBIGBIGBIG.json: staged: its blob " "$TRASH/err"
test_grep -F "over the limit of 8388608 for a ticket" "$TRASH/err"
test_equal 1 "$(grep -c '^itk: error: ' "$TRASH/err")" 'error lines'
