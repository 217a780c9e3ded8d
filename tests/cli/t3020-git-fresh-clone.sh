#!/bin/bash
# Git on any clone (SPEC §11): `itk git-setup --global` once per machine makes a fresh clone
# merge tickets with no set-up of its own; the driver is the bare name `itk` when the `itk`
# on PATH is the running binary, else its absolute path; every command warns, once, in a
# clone whose attributes name merge=itk but whose git config has no usable driver (none, or
# a binary that is gone), and the conflict git then leaves is resolved by `itk git-resolve`;
# git-setup warns when another merge attribute overrides itk's. Real repositories.
. "$(dirname "$0")/lib.sh"

git_setup_env Tester tester@corp.example

# In PATH, `itk` is the binary under test (as after `make install`).
mkdir bin
ln -s "$ITK" bin/itk
export PATH="$TRASH/bin:$PATH"

step 'git-setup --global, outside any store: the bare name, in the global config only'
test_expect_code 0 itk git-setup --global
test_grep 'global git config' "$TRASH/err"
test_equal 'itk merge-file %O %A %B' "$(git config --global --get merge.itk.driver)" 'global driver'
test_path_is_missing "$TRASH/.gitattributes"

step 'a store pushed to a hub; a fresh clone has no driver of its own, and needs none'
test_expect_code 0 itk init --git a
test_equal 'itk merge-file %O %A %B' "$(git -C a config --local --get merge.itk.driver)" 'local driver, bare name'
cd a
test_expect_code 0 env ITK_NOW=2026-11-21T08:00:00Z itk open --title 'Printer down' --caller julie
X=$(cat "$TRASH/out")
git add -A
git commit -q -m 'one ticket'
git clone -q --bare . "$TRASH/hub.git"
git remote add origin "$TRASH/hub.git"
git fetch -q origin
git branch -q -u origin/main
cd "$TRASH"
git clone -q hub.git b
test_expect_code 1 git -C b config --local --get merge.itk.driver
cd b
test_expect_code 0 env ITK_NOW=2026-11-21T09:00:00Z itk note "$X" 'b: checked the tray'
test_grep -v 'warning' "$TRASH/err"
git commit -q -am 'b: note'
cd "$TRASH/a"
test_expect_code 0 env ITK_NOW=2026-11-21T09:05:00Z itk note "$X" 'a: restarted the spooler'
git commit -q -am 'a: note'
git push -q origin main
cd "$TRASH/b"
test_expect_code 0 git pull -q --no-rebase --no-edit
test_equal '' "$(git diff --name-only --diff-filter=U)" 'unmerged paths'
test_equal 'b: checked the tray|a: restarted the spooler' "$(note_texts "tickets/$X.json")" 'notes after the pull'
test_expect_code 0 itk fsck

step 'an itk that is not the one on PATH registers itself by absolute path, and says why'
cd "$TRASH"
test_expect_code 0 env PATH=/usr/bin:/bin "$ITK" git-setup --global
test_grep 'by its path' "$TRASH/err"
driver=$(git config --global --get merge.itk.driver)
drv_bin=${driver#\'}
drv_bin=${drv_bin%%\' merge-file*}
test "$drv_bin" -ef "$ITK" || fail "the global driver names '$drv_bin', not the itk binary"
test_expect_code 0 itk git-setup --global

step 'a clone without any driver: every command warns once, with the command that fixes it'
git config --global --unset merge.itk.driver
cd "$TRASH/b"
test_expect_code 0 itk list
test_equal 1 "$(grep -c 'warning: this clone has no merge driver' "$TRASH/err")" 'warnings'
test_grep "itk git-setup --global" "$TRASH/err"
test_grep "^$X " "$TRASH/out"
test_expect_code 0 itk -q list
test_must_be_empty "$TRASH/err"
# A store outside git, or in git without itk's attribute: no warning, and no git process.
test_expect_code 0 itk init "$TRASH/plain"
test_expect_code 0 itk --dir "$TRASH/plain" list
test_grep -v 'warning' "$TRASH/err"

step 'the warning reads git as git does: a commented attribute names no driver; an included config does'
cd "$TRASH/b"
cp .gitattributes "$TRASH/attributes.saved"
printf '# tickets/*.json merge=itk  (disabled)\n' >.gitattributes
test_expect_code 0 itk list
test_grep -v 'warning' "$TRASH/err"
cp "$TRASH/attributes.saved" .gitattributes
printf '[merge "itk"]\n\tdriver = itk merge-file %%O %%A %%B\n' >"$TRASH/included.gitconfig"
git config --global include.path "$TRASH/included.gitconfig"
test_expect_code 0 itk list
test_grep -v 'warning' "$TRASH/err"
git config --global --unset include.path
test_expect_code 0 itk list
test_grep 'warning: this clone has no merge driver' "$TRASH/err"
# With the driver in the global config, a command checks it without starting git.
test_expect_code 0 itk git-setup --global
traced -f -qq -e trace=execve -o "$TRASH/trace" "$ITK" list >/dev/null 2>"$TRASH/err"
test_grep -v 'warning' "$TRASH/err"
test_equal 0 "$(grep -c 'execve("[^"]*git"' "$TRASH/trace" || true)" 'git processes of itk list'
git config --global --unset merge.itk.driver

step 'a driver whose binary is gone (an upgrade moved it): a warning, and git-resolve mends the pull'
mkdir "$TRASH/old"
cp "$ITK" "$TRASH/old/itk"
git config merge.itk.driver "'$TRASH/old/itk' merge-file %O %A %B"
test_expect_code 0 itk list
test_grep -v 'warning' "$TRASH/err"
rm "$TRASH/old/itk"
test_expect_code 0 env ITK_NOW=2026-11-21T10:00:00Z itk note "$X" 'b: new toner'
test_grep "runs '$TRASH/old/itk', which is not found" "$TRASH/err"
git commit -q -am 'b: toner'
cd "$TRASH/a"
test_expect_code 0 env ITK_NOW=2026-11-21T10:05:00Z itk note "$X" 'a: printed a test page'
git commit -q -am 'a: test page'
git push -q origin main
cd "$TRASH/b"
# git runs the missing driver, which fails: the path is unmerged, with our side and no markers.
test_expect_code 1 git pull -q --no-rebase --no-edit
test_equal "tickets/$X.json" "$(git diff --name-only --diff-filter=U)" 'unmerged paths'
test_expect_code 1 grep -q '^<<<<<<<' "tickets/$X.json"
test_expect_code 5 itk fsck --cached
test_grep "unmerged in git's index; run 'itk git-resolve tickets/$X.json'" "$TRASH/err"
test_expect_code 0 itk git-resolve
test_grep "tickets/$X.json: merged event by event and staged" "$TRASH/err"
test_equal '' "$(git diff --name-only --diff-filter=U)" 'unmerged paths after git-resolve'
test_expect_code 0 git commit -q --no-edit
test_equal 'b: checked the tray|a: restarted the spooler|b: new toner|a: printed a test page' \
	"$(note_texts "tickets/$X.json")" 'notes after git-resolve'
test_expect_code 0 itk fsck
test_expect_code 0 itk fsck --cached
test_expect_code 0 itk git-setup
test_equal 'itk merge-file %O %A %B' "$(git config --get merge.itk.driver)" 'driver after git-setup'

step 'git-setup warns when another merge attribute overrides itk for tickets'
printf 'tickets/*.json merge=union\n' >.git/info/attributes
test_expect_code 0 itk git-setup
test_grep 'warning: another git attribute overrides .*merge: union' "$TRASH/err"
printf 'tickets/*.json binary\n' >.git/info/attributes
test_expect_code 0 itk git-setup
test_grep 'warning: another git attribute overrides .*merge: unset' "$TRASH/err"
rm .git/info/attributes
test_expect_code 0 itk git-setup
test_grep -v 'warning' "$TRASH/err"
