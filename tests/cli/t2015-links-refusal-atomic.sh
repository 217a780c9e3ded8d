#!/bin/bash
# A refused link, unlink or parent resolve writes no file at all (SPEC §7: "A refused action
# changes nothing on disk, exits 4"), even when the refusal comes from the second ticket it
# touches. The refusal used here is the clock (SPEC §3): an ITK_NOW earlier than a ticket's
# last event is refused with exit 4.
. "$(dirname "$0")/lib.sh"

# fresh NAME: a new store in $TRASH/NAME, made the current directory.
fresh() {
	cd "$TRASH"
	"$ITK" init "$1" >/dev/null 2>&1
	cd "$TRASH/$1"
}
t() { echo "tickets/$1.json"; }
snapshot() {
	rm -rf "$TRASH/snap" && mkdir "$TRASH/snap" && cp tickets/*.json "$TRASH/snap/"
}
unchanged() {
	local x
	(cd "$TRASH/snap" && ls) >"$TRASH/snap.list"
	ls tickets >"$TRASH/now.list"
	test_cmp "$TRASH/snap.list" "$TRASH/now.list"
	for x in "$TRASH"/snap/*.json; do
		test_same_file "$x" "tickets/$(basename "$x")"
	done
}

step 'resolve PARENT refused by a later child: no child is resolved'
fresh s1
export ITK_NOW=2026-11-21T09:30:00Z
itk_open --title 'Mail down' --caller Ops --impact high --urgency high --to bob
parent=$id
test_expect_code 0 "$ITK" coordinate "$parent" --by zoe
itk_open --title 'no mail' --caller Anna --type incident
first=$id
itk_open --title 'bounces' --caller Ben --type incident
second=$id
test_expect_code 0 "$ITK" link "$first" --parent "$parent"
test_expect_code 0 "$ITK" link "$second" --parent "$parent"
ITK_NOW=2026-11-21T10:00:00Z test_expect_code 0 "$ITK" note "$second" 'called again'
snapshot
ITK_NOW=2026-11-21T09:45:00Z test_expect_code 4 "$ITK" resolve "$parent" --solution 'restarted' --kind workaround
test_grep '^itk: error: ' "$TRASH/err"
unchanged

step 'resolve PARENT refused by its own clock: no child is resolved'
fresh s2
export ITK_NOW=2026-11-21T09:30:00Z
itk_open --title 'Mail down' --caller Ops --impact high --urgency high --to bob
parent=$id
test_expect_code 0 "$ITK" coordinate "$parent" --by zoe
itk_open --title 'no mail' --caller Anna --type incident
child=$id
test_expect_code 0 "$ITK" link "$child" --parent "$parent"
ITK_NOW=2026-11-21T10:00:00Z test_expect_code 0 "$ITK" note "$parent" 'still down'
snapshot
ITK_NOW=2026-11-21T09:45:00Z test_expect_code 4 "$ITK" resolve "$parent" --solution 'restarted' --kind workaround
test_grep "^itk: error: .*$parent" "$TRASH/err"
unchanged

step 'link CHILD refused by the child clock: the parent is not written either'
fresh s3
export ITK_NOW=2026-11-21T09:30:00Z
itk_open --title 'Mail down' --caller Ops --impact high --urgency high --to bob
parent=$id
itk_open --title 'no mail' --caller Anna --type incident
child=$id
ITK_NOW=2026-11-21T10:00:00Z test_expect_code 0 "$ITK" note "$child" 'called again'
snapshot
ITK_NOW=2026-11-21T09:45:00Z test_expect_code 4 "$ITK" link "$child" --parent "$parent"
test_grep "^itk: error: .*$child" "$TRASH/err"
unchanged

step 'unlink CHILD with the parent clock ahead: refused with nothing written, or done on the child side'
# The child's `parent` is the truth (the parent's list may hold stale entries), so either
# outcome is coherent; what is not is exit 4 with the child rewritten.
fresh s4
export ITK_NOW=2026-11-21T09:30:00Z
itk_open --title 'Mail down' --caller Ops --impact high --urgency high --to bob
parent=$id
itk_open --title 'no mail' --caller Anna --type incident
child=$id
test_expect_code 0 "$ITK" link "$child" --parent "$parent"
ITK_NOW=2026-11-21T10:00:00Z test_expect_code 0 "$ITK" note "$parent" 'still down'
snapshot
code=0
ITK_NOW=2026-11-21T09:45:00Z "$ITK" unlink "$child" >"$TRASH/out" 2>"$TRASH/err" || code=$?
case $code in
4) unchanged ;;
0) test_equal null "$(json_get "$(t "$child")" parent)" ;;
*) fail "unlink exited $code" ;;
esac

step 'fsck passes on every store; every file is valid'
for s in s1 s2 s3 s4; do
	test_expect_code 0 "$ITK" --dir "$TRASH/$s" fsck
	validate_store "$TRASH/$s"
done
