#!/bin/bash
# Git integration (SPEC §1 "nothing lost", §5, §7, §11): `itk init --git` and `itk git-setup`
# register the merge driver; concurrent changes of one ticket on two branches or two clones
# merge with no conflict, every event kept in time order, the loser of a lifecycle conflict
# kept and marked "rejected"; the merge is the same in both directions; without the driver
# the conflict markers git leaves are reported as invalid data (exit 5) with file:LINE;
# `itk merge-file BASE OURS THEIRS` directly. Real git repositories, no mocks.
. "$(dirname "$0")/lib.sh"

# $HOME is the test's own: a default branch name, so that git prints no hint.
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
# commit MESSAGE: commit everything in the current repository.
commit() { git add -A && git commit -q -m "$1"; }
# timeline FILE: one line per event: HH:MM BY ACTION [text/owner/reason] [REJECTED: why].
timeline() {
	"$PYTHON" -c 'import json, sys
for e in json.load(open(sys.argv[1], encoding="utf-8"))["events"]:
    extra = e.get("text") or e.get("owner") or e.get("to") or e.get("reason") or e.get("solution") or ""
    line = "%s %s %s %s" % (e["at"][11:16], e["by"], e["action"], extra)
    if "rejected" in e:
        line += " REJECTED: " + e["rejected"]
    print(line.rstrip())' "$1"
}
t() { echo "tickets/$1.json"; }
# no_conflict: no unmerged path, no conflict marker in any ticket.
no_conflict() {
	test_equal '' "$(git diff --name-only --diff-filter=U)" 'unmerged paths'
	if grep -l '^\(<<<<<<<\|=======\|>>>>>>>\)' tickets/*.json >"$TRASH/markers"; then
		fail "conflict markers left in: $(cat "$TRASH/markers")"
	fi
}

step 'init --git: .gitattributes, .gitignore and merge.itk.driver naming the binary by absolute path'
# Run through a relative path to a symlink: the driver must still be absolute.
mkdir bin
ln -s "$ITK" bin/itk
test_expect_code 0 ./bin/itk init --git a
test_path_is_dir a/.git
test_path_is_file a/itk.toml
test_grep -x 'tickets/\*\.json merge=itk' a/.gitattributes
test_grep -x '\.itk/' a/.gitignore
driver=$(git -C a config --get merge.itk.driver)
case $driver in
"'/"*"' merge-file %O %A %B") ;;
*) fail "merge.itk.driver is '$driver', expected \"'/ABSOLUTE/itk' merge-file %O %A %B\"" ;;
esac
drv_bin=${driver#\'}
drv_bin=${drv_bin%%\' merge-file*}
test "$drv_bin" -ef "$ITK" || fail "merge.itk.driver names '$drv_bin', which is not the itk binary"
cd a
identity Alice alice@corp.example
test_equal 'tickets/x.json: merge: itk' "$(git check-attr merge tickets/x.json)" 'merge attribute'
open_at 08:00 --title 'Printer down' --caller julie --impact low --urgency low --to bob
X=$id
git check-ignore -q .itk/anything || fail '.itk/ is not ignored'
git status --porcelain >"$TRASH/status"
test_grep -v '\.itk' "$TRASH/status"
commit 'store with one ticket'

step 'a second clone gets the driver by running itk git-setup once (it does not travel with git)'
cd "$TRASH"
git clone -q --bare a hub.git
git -C a remote add origin "$TRASH/hub.git"
git -C a fetch -q origin
git -C a branch -q -u origin/main
git clone -q hub.git b
cd b
identity Bob bob@corp.example
test_expect_code 1 git config --get merge.itk.driver
test_expect_code 0 ../bin/itk git-setup
test_equal "$driver" "$(git config --get merge.itk.driver)" 'driver in the clone'
test_expect_code 0 "$ITK" git-setup
test_equal 1 "$(grep -c 'merge=itk' .gitattributes)" 'merge=itk lines after two git-setup'
test_equal 1 "$(grep -cx '\.itk/' .gitignore)" '.itk/ lines after two git-setup'
test_equal '' "$(git status --porcelain)" 'work tree after git-setup in a clone'
# A store outside any git work tree: a usage error that says so.
"$ITK" init "$TRASH/plain" >/dev/null 2>&1
test_expect_code 2 "$ITK" --dir "$TRASH/plain" git-setup
test_grep 'not in a git work tree' "$TRASH/err"
test_path_is_missing "$TRASH/plain/.gitattributes"

step '(a) two branches change one ticket: notes, assignment, escalation merge with no conflict'
cd "$TRASH/a"
git checkout -q -b side
itk_at 09:10 note "$X" 'side: paper tray checked' --as carol
itk_at 09:20 escalate "$X" --reason 'needs a technician' --as carol
commit 'side: note, escalate'
git checkout -q main
itk_at 09:05 note "$X" 'main: restarted the spooler' --as alice
itk_at 09:15 assign "$X" --to erin --as alice
commit 'main: note, assign'
test_expect_code 0 git merge --no-edit side
no_conflict
test_equal 3 "$(git rev-list --parents -n 1 HEAD | wc -w | tr -d ' ')" 'a merge commit and its two parents'
git diff --quiet HEAD || fail 'the merged file differs from the commit'
cat >"$TRASH/expect" <<-'EOF'
08:00 alice open
08:00 alice categorize
08:00 alice prioritize
08:00 alice assign bob
09:05 alice note main: restarted the spooler
09:10 carol note side: paper tray checked
09:15 alice assign erin
09:20 carol escalate N2
EOF
timeline "$(t "$X")" >"$TRASH/actual"
test_cmp "$TRASH/expect" "$TRASH/actual"
test_equal in_progress "$(json_get "$(t "$X")" status)"
test_equal N2 "$(json_get "$(t "$X")" level)"
test_equal support "$(json_get "$(t "$X")" group)"
test_equal null "$(json_get "$(t "$X")" owner)"
test_equal 2026-11-21T09:20:00Z "$(json_get "$(t "$X")" updated_at)"
test_expect_code 0 "$ITK" fsck
test_expect_code 0 "$ITK" show "$X"
test_grep 'restarted the spooler' "$TRASH/out"
test_grep 'paper tray checked' "$TRASH/out"

step '(b) one branch resolves, the other cancels: one outcome kept, the other marked rejected'
open_at 10:00 --title 'VPN drops' --caller marc --impact low --urgency low --to bob
Y=$id
commit 'open VPN'
git checkout -q -b cancel-side
itk_at 10:30 cancel "$Y" --reason 'false alarm' --as carol
commit 'cancel'
git checkout -q main
itk_at 10:20 resolve "$Y" --solution 'new VPN profile' --kind permanent --as bob
commit 'resolve'
test_expect_code 0 git merge --no-edit cancel-side
no_conflict
cat >"$TRASH/expect" <<-EOF
10:00 alice open
10:00 alice categorize
10:00 alice prioritize
10:00 alice assign bob
10:20 bob resolve new VPN profile
10:30 carol cancel false alarm REJECTED: ticket is 'resolved'; reopen it first ('itk reopen $Y --reason R')
EOF
timeline "$(t "$Y")" >"$TRASH/actual"
test_cmp "$TRASH/expect" "$TRASH/actual"
test_equal resolved "$(json_get "$(t "$Y")" status)"
test_equal 'new VPN profile' "$(json_get "$(t "$Y")" resolution.notes)"
test_equal bob "$(json_get "$(t "$Y")" resolution.by)"
test_equal null "$(json_get "$(t "$Y")" duplicate_of)"
test_equal 2026-11-21T10:20:00Z "$(json_get "$(t "$Y")" updated_at)"
test_expect_code 0 "$ITK" fsck
# The merged ticket goes on living: the rejected cancel has no effect, close works.
itk_at 10:40 close "$Y" --confirmed-by marc
test_equal closed "$(json_get "$(t "$Y")" status)"
test_expect_code 0 "$ITK" fsck
commit 'close VPN'

step '(c) tickets opened on two branches at the same second merge with no clash'
git checkout -q -b open-side
open_at 11:00 --title 'Screen flickers' --caller anna
P=$id
commit 'open P'
git checkout -q main
open_at 11:00 --title 'Keyboard missing keys' --caller ben
Q=$id
commit 'open Q'
test "$P" != "$Q" || fail "both branches generated the ID '$P'"
test_expect_code 0 git merge --no-edit open-side
no_conflict
test_path_is_file "$(t "$P")"
test_path_is_file "$(t "$Q")"
test_equal 4 "$(ls tickets | wc -l | tr -d ' ')" 'ticket files after the merge'
test_expect_code 0 "$ITK" list --all --format '{id}'
sort "$TRASH/out" >"$TRASH/actual"
printf '%s\n' "$X" "$Y" "$P" "$Q" | sort >"$TRASH/expect"
test_cmp "$TRASH/expect" "$TRASH/actual"
test_expect_code 0 "$ITK" fsck

step '(d) merging A into B and B into A gives byte-identical ticket files'
open_at 12:00 --title 'Mail slow' --caller julie --impact low --urgency low --to bob
Z=$id
commit 'open Z'
git checkout -q -b dA
itk_at 12:10 note "$Z" 'dA: same second as dB' --as alice
itk_at 12:30 resolve "$Z" --solution 'purged the queue' --kind workaround --as bob
itk_at 12:40 close "$Z" --confirmed-by julie --satisfaction 4 --as bob
commit 'dA'
git checkout -q main
git checkout -q -b dB
itk_at 12:10 note "$Z" 'dB: same second as dA' --as carol
itk_at 12:15 hold "$Z" --reason 'waiting for the vendor' --as carol
itk_at 12:25 resume "$Z" --as carol
itk_at 12:35 escalate "$Z" --reason 'vendor says N2' --as carol
commit 'dB'
git checkout -q -b mAB dA
test_expect_code 0 git merge --no-edit dB
no_conflict
git checkout -q -b mBA dB
test_expect_code 0 git merge --no-edit dA
no_conflict
git show "mAB:$(t "$Z")" >"$TRASH/ab.json"
git show "mBA:$(t "$Z")" >"$TRASH/ba.json"
test_same_file "$TRASH/ab.json" "$TRASH/ba.json"
# Same second: the smaller canonical JSON first ("by":"alice" < "by":"carol").
cat >"$TRASH/expect" <<-'EOF'
12:00 alice open
12:00 alice categorize
12:00 alice prioritize
12:00 alice assign bob
12:10 alice note dA: same second as dB
12:10 carol note dB: same second as dA
12:15 carol hold waiting for the vendor
12:25 carol resume
12:30 bob resolve purged the queue
12:35 carol escalate N2 REJECTED: ticket is 'resolved'; reopen it first ('itk reopen INC-ZZ --reason R')
12:40 bob close
EOF
sed -i "s/INC-ZZ/$Z/" "$TRASH/expect"
timeline "$TRASH/ab.json" >"$TRASH/actual"
test_cmp "$TRASH/expect" "$TRASH/actual"
test_equal closed "$(json_get "$TRASH/ab.json" status)"
test_equal N1 "$(json_get "$TRASH/ab.json" level)"
test_equal 1 "$(json_eval "$TRASH/ab.json" 'sum(1 for e in d["events"] if "rejected" in e)')" 'rejected events'
test_expect_code 0 "$ITK" fsck
git checkout -q mAB
test_expect_code 0 "$ITK" fsck
git checkout -q main
test_expect_code 0 git merge --no-edit mAB
no_conflict
git diff --quiet mAB -- tickets || fail 'main after merging mAB differs from mAB'

step '(e) two clones push to a bare repository; git pull merges concurrent changes cleanly'
cd "$TRASH/a"
test_expect_code 0 git push -q origin main
cd "$TRASH/b"
test_expect_code 0 git pull -q --no-rebase --no-edit
itk_at 13:05 note "$X" 'b: vendor called back' --as bob
itk_at 13:10 assign "$X" --to dan --as bob
commit 'b: note, assign'
cd "$TRASH/a"
itk_at 13:00 note "$X" 'a: part ordered' --as alice
itk_at 13:07 hold "$X" --reason 'part on its way' --as alice
commit 'a: note, hold'
test_expect_code 0 git push -q origin main
cd "$TRASH/b"
test_expect_code 1 git push -q origin main # behind: rejected, pull first
test_expect_code 0 git pull -q --no-rebase --no-edit
no_conflict
cat >"$TRASH/expect" <<-'EOF'
13:00 alice note a: part ordered
13:05 bob note b: vendor called back
13:07 alice hold part on its way
13:10 bob assign dan
EOF
timeline "$(t "$X")" | tail -n 4 >"$TRASH/actual"
test_cmp "$TRASH/expect" "$TRASH/actual"
test_equal 12 "$(json_get "$(t "$X")" events.length)"
test_equal on_hold "$(json_get "$(t "$X")" status)"
test_equal dan "$(json_get "$(t "$X")" owner)"
test_expect_code 0 "$ITK" fsck
test_expect_code 0 git push -q origin main
cd "$TRASH/a"
test_expect_code 0 git pull -q --no-rebase --no-edit
test_same_file "$TRASH/b/$(t "$X")" "$(t "$X")"
test_expect_code 0 "$ITK" fsck

step '(g) merge-file directly: same bytes both ways, add/add, exit 5 on a non-ticket leaving OURS untouched'
mkdir "$TRASH/mf"
cd "$TRASH/mf"
"$ITK" init store >/dev/null 2>&1
cd store
open_at 15:00 --title 'Disk full' --caller julie --impact medium --urgency low --to bob
M=$id
cp "$(t "$M")" ../O
itk_at 15:10 note "$M" 'A: cleaned /tmp' --as alice
itk_at 15:20 resolve "$M" --solution 'cleaned /tmp' --kind workaround --as bob
cp "$(t "$M")" ../A
cp ../O "$(t "$M")"
itk_at 15:10 note "$M" 'B: same second' --as carol
itk_at 15:15 cancel "$M" --reason 'duplicate report' --as carol
cp "$(t "$M")" ../B
cd ..
cp A AB
cp B BA
test_expect_code 0 "$ITK" merge-file O AB B
test_must_be_empty "$TRASH/out"
test_expect_code 0 "$ITK" merge-file O BA A
test_same_file AB BA
cat >"$TRASH/expect" <<-EOF
15:00 alice open
15:00 alice categorize
15:00 alice prioritize
15:00 alice assign bob
15:10 alice note A: cleaned /tmp
15:10 carol note B: same second
15:15 carol cancel duplicate report
15:20 bob resolve cleaned /tmp REJECTED: ticket is 'cancelled', which is final; open a new ticket if the problem is real
EOF
timeline AB >"$TRASH/actual"
test_cmp "$TRASH/expect" "$TRASH/actual"
test_equal cancelled "$(json_get AB status)"
test_equal null "$(json_get AB resolution)"
cp AB "store/$(t "$M")"
test_expect_code 0 "$ITK" --dir store fsck
# add/add: the file is new on both branches, BASE is empty.
: >empty
cp A AA
test_expect_code 0 "$ITK" merge-file empty AA B
test_same_file AB AA
# Added on one side only: the other side's version is taken as it is.
: >E
test_expect_code 0 "$ITK" merge-file empty E B
test_same_file B E
# Not a ticket on either side: exit 5, OURS untouched.
printf 'not json at all\n' >junk
cp A A2
test_expect_code 5 "$ITK" merge-file O A2 junk
test_same_file A A2
test_grep 'junk' "$TRASH/err"
cp junk J2
test_expect_code 5 "$ITK" merge-file O J2 A
test_same_file junk J2
# Another ticket as THEIRS: refused too.
cp "store/$(t "$M")" other.json
json_set other.json id '"INC-OTHER00001"'
json_set other.json events.0.id '"INC-OTHER00001"'
cp A A3
test_expect_code 5 "$ITK" merge-file O A3 other.json
test_same_file A A3
validate_store store

step 'init --git inside an existing repository uses it: no nested repository'
mkdir "$TRASH/mono"
cd "$TRASH/mono"
git init -q
identity Mono mono@corp.example
test_expect_code 0 "$ITK" init --git ops
test_path_is_missing ops/.git
test_equal "$TRASH/mono" "$(git -C ops rev-parse --show-toplevel)" 'repository of the store'
test_equal 'ops/tickets/x.json: merge: itk' "$(git check-attr merge ops/tickets/x.json)" 'merge attribute'
test_equal "$driver" "$(git config --get merge.itk.driver)" 'driver'

step '(f) without the driver: markers reported by show, list and fsck as invalid data with file:LINE'
cd "$TRASH"
git clone -q hub.git c
cd c
identity Carol carol@corp.example
test_expect_code 1 git config --get merge.itk.driver
test_expect_code 1 git config --get-regexp '^merge\.itk\.'
itk_at 14:00 note "$X" 'c: checked cabling' --as carol
commit 'c: note'
cd "$TRASH/a"
itk_at 14:05 note "$X" 'a: rebooted the printer' --as alice
commit 'a: note'
test_expect_code 0 git push -q origin main
cd "$TRASH/c"
test_expect_code 1 git pull -q --no-rebase --no-edit
test_equal "$(t "$X")" "$(git diff --name-only --diff-filter=U)" 'unmerged paths'
line=$(grep -n '^<<<<<<< ' "$(t "$X")" | head -n 1 | cut -d: -f1)
test -n "$line" || fail 'git left no conflict marker'
cp "$(t "$X")" "$TRASH/conflicted"
test_expect_code 5 "$ITK" show "$X"
test_grep "tickets/$X\.json:$line:" "$TRASH/err"
test_must_be_empty "$TRASH/out"
test_expect_code 5 "$ITK" note "$X" 'more' --as carol
test_grep "tickets/$X\.json:$line:" "$TRASH/err"
test_same_file "$TRASH/conflicted" "$(t "$X")"
test_expect_code 5 "$ITK" list
test_grep "tickets/$X\.json:$line:" "$TRASH/err"
test_grep "^$P " "$TRASH/out"
test_grep "^$Q " "$TRASH/out"
test_grep -v "^$X " "$TRASH/out"
test_expect_code 5 "$ITK" list --all --format '{id}'
sort "$TRASH/out" >"$TRASH/actual"
printf '%s\n' "$Y" "$P" "$Q" "$Z" | sort >"$TRASH/expect"
test_cmp "$TRASH/expect" "$TRASH/actual"
test_expect_code 5 "$ITK" fsck
test_grep "$X\.json" "$TRASH/err"
test_equal 1 "$(grep -c '^itk: error: ' "$TRASH/err")" 'fsck error lines'
test_grep "tickets/$X\.json:$line:" "$TRASH/err"

step '(f) running itk git-setup and redoing the merge resolves it'
test_expect_code 0 git merge --abort
test_expect_code 0 "$ITK" git-setup
test_expect_code 0 git pull -q --no-rebase --no-edit
no_conflict
timeline "$(t "$X")" | tail -n 2 >"$TRASH/actual"
printf '%s\n' '14:00 carol note c: checked cabling' '14:05 alice note a: rebooted the printer' >"$TRASH/expect"
test_cmp "$TRASH/expect" "$TRASH/actual"
test_expect_code 0 "$ITK" fsck
validate_store .
