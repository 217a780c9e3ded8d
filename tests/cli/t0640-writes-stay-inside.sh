#!/usr/bin/env bash
# Writes never leave the store (docs/security.md): tickets/, postmortems/, .itk/ and the files
# in them are opened relative to the root without following a symbolic link. A clone that
# commits one of them as a link gets a clear error, exit 1, and nothing is written where the
# link points.
. "$(dirname "$0")/lib.sh"

export ITK_NOW=2026-11-21T09:00:00Z
"$ITK" -q init .
itk_open --title "ERP down" --caller monitoring --impact high --urgency high
erp=$id
"$ITK" -q coordinate "$erp" --by chloe
mkdir elsewhere

# nothing_elsewhere: the directory the links point to is still empty.
nothing_elsewhere() {
	test -z "$(ls -A elsewhere)" || fail "files written through a link: $(ls -A elsewhere)"
}

step 'postmortems/ as a symbolic link: postmortem refuses, exit 1, writes nothing there'
ln -s "$PWD/elsewhere" postmortems
test_expect_code 1 "$ITK" postmortem "$erp"
test_grep -F "postmortems' is a symbolic link, not a directory; itk never reads or writes through it" err
nothing_elsewhere
test_equal 0 "$(json_eval "tickets/$erp.json" 'sum(e["action"] == "postmortem" for e in d["events"])')" 'postmortem events'
rm postmortems

step 'postmortems/ID.md as a symbolic link: replaced by the draft, the target untouched'
mkdir postmortems
echo keep >elsewhere-file
ln -s "$PWD/elsewhere-file" "postmortems/$erp.md"
test_expect_code 4 "$ITK" postmortem "$erp"
test_grep 'exists and people may have edited it' err
test_expect_code 0 "$ITK" postmortem "$erp" --force
test -L "postmortems/$erp.md" && fail 'the link is still there'
test_grep '^## Timeline' "postmortems/$erp.md"
test_equal keep "$(cat elsewhere-file)" 'the link target'

step 'tickets/ as a symbolic link: open refuses, exit 1, writes nothing there'
mv tickets real-tickets
ln -s "$PWD/elsewhere" tickets
test_expect_code 1 "$ITK" open --title x --caller y
test_grep -F "tickets' is a symbolic link, not a directory; itk never reads or writes through it" err
test_must_be_empty out
nothing_elsewhere
test_expect_code 1 "$ITK" list
test_grep -F "tickets' is a symbolic link" err
rm tickets && mv real-tickets tickets

step '.itk/ as a symbolic link: every change refuses, exit 1, writes nothing there'
rm -rf .itk
ln -s "$PWD/elsewhere" .itk
cp "tickets/$erp.json" before.json
test_expect_code 1 "$ITK" note "$erp" "through a link"
test_grep -F ".itk' is a symbolic link, not a directory" err
test_same_file before.json "tickets/$erp.json"
test_expect_code 1 "$ITK" open --title x --caller y
nothing_elsewhere
rm .itk

step '.itk/tmp and .itk/locks as symbolic links: refused as well'
for sub in tmp locks; do
	mkdir -p .itk
	rm -rf ".itk/$sub"
	ln -s "$PWD/elsewhere" ".itk/$sub"
	test_expect_code 1 "$ITK" note "$erp" "through a link"
	test_grep -F ".itk/$sub' is a symbolic link" err
	nothing_elsewhere
	rm ".itk/$sub"
done

step 'a lock file committed as a symbolic link is not followed'
mkdir -p .itk/locks
echo keep >elsewhere-lock
ln -s "$PWD/elsewhere-lock" ".itk/locks/$erp.lock"
test_expect_code 1 "$ITK" note "$erp" "through a link"
test_grep -F "cannot open lock file '$PWD/.itk/locks/$erp.lock'" err
test_equal keep "$(cat elsewhere-lock)" 'the link target'
rm ".itk/locks/$erp.lock"

step 'a .gitignore committed as a symbolic link: init --git refuses, the target untouched'
mkdir clone && ln -s "$PWD/elsewhere-lock" clone/.gitignore
test_expect_code 5 "$ITK" init clone
test_grep -F 'clone/.gitignore: is a symbolic link' err
test_equal keep "$(cat elsewhere-lock)" 'the link target'
test_path_is_missing clone/itk.toml
test_path_is_missing clone/tickets

step 'the store is whole'
test_expect_code 0 "$ITK" note "$erp" "after the links"
test_expect_code 0 "$ITK" fsck
validate_store .
