#!/usr/bin/env bash
# Files a hostile clone can commit (docs/security.md): a ticket that is a symbolic link, a
# FIFO or a directory, a duplicate key, 100,000 nested arrays, a huge file. Each is named as
# invalid data (exit 5) by every command, within seconds, and the other tickets are still
# listed; nothing crashes or hangs.
. "$(dirname "$0")/lib.sh"

export ITK_NOW=2026-11-21T09:00:00Z
"$ITK" -q init .
itk_open --title "Mail down" --caller julie --impact low --urgency high --to alice
good=$id
itk_open --title "VPN" --caller nadia --impact low --urgency high --to alice
victim=$id
cp "tickets/$victim.json" pristine.json
bad=INC-HOSTILE000
f=tickets/$bad.json

# every_reader FILE-PATTERN: list, report, fsck and show name the bad file, exit 5, within 10
# seconds, and list still prints the good tickets.
every_reader() {
	test_expect_code 5 timeout 10 "$ITK" list --all --format '{id}'
	test_grep -F "$f" err
	test_grep -x "$good" out
	test_grep -x "$victim" out
	test_expect_code 5 timeout 10 "$ITK" report --period 2026-11 --format json
	test_grep -F "$f" err
	test_grep '"opened": 2' out
	test_expect_code 5 timeout 10 "$ITK" fsck
	test_grep -F "$f" err
	test_expect_code 5 timeout 10 "$ITK" show "$bad"
	test_grep -F "$f" err
	test_grep -E -- "$1" err
}

step 'a ticket file that is a symbolic link to /dev/zero: invalid, never read'
ln -s /dev/zero "$f"
every_reader 'is a symbolic link, not a regular file'
rm "$f"

step 'a symbolic link to a valid ticket outside the store: invalid too (no file is read through a link)'
sed "s/$victim/$bad/g" pristine.json >../outside-$TEST_NAME.json
ln -s "$PWD/../outside-$TEST_NAME.json" "$f"
every_reader 'is a symbolic link'
rm "$f" "../outside-$TEST_NAME.json"

step 'a FIFO: invalid, and no command blocks on it'
mkfifo "$f"
every_reader 'is a FIFO, not a regular file'
rm "$f"

step 'a directory named like a ticket file'
mkdir "$f"
every_reader 'is a directory, not a regular file'
rmdir "$f"

step 'a file larger than 8 MiB: invalid, not read whole'
head -c $((9 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$f"
every_reader 'is 9437184 bytes, more than the 8 MiB itk reads in a file'
rm "$f"

step 'an "accept both" resolution: valid JSON with a duplicate key is invalid, with the key and its line'
"$PYTHON" - "tickets/$victim.json" <<-'PY'
	import sys
	path = sys.argv[1]
	text = open(path).read()
	# The events array twice, as a merge tool that keeps both sides writes it.
	head, events = text.split('  "events": [', 1)
	open(path, "w").write(head + '  "events": [' + events.rstrip().rstrip("}").rstrip() + ',\n  "events": [' + events)
	PY
line=$(grep -n '"events"' "tickets/$victim.json" | sed -n 2p | cut -d: -f1)
for cmd in "show $victim" "note $victim x" "show --json $victim" fsck; do
	test_expect_code 5 "$ITK" $cmd
	test_grep -F "tickets/$victim.json:$line:3: invalid JSON: duplicate key 'events'" err
done
test_expect_code 5 "$ITK" list --format '{id}'
test_equal "$good" "$(cat out)" 'list prints the good ticket'
cp pristine.json "tickets/$victim.json"

step '100,000 nested arrays in an unknown key or an event field: invalid data, no crash'
for where in top event; do
	"$PYTHON" - "tickets/$victim.json" "$where" <<-'PY'
	import json, sys
	path, where = sys.argv[1], sys.argv[2]
	text = open("pristine.json").read()
	deep = "[" * 100000 + "]" * 100000
	if where == "top":
	    text = text.replace('  "events": [', '  "x-deep": ' + deep + ',\n  "events": [', 1)
	else:
	    text = text.replace('"action": "open",', '"action": "open", "x-deep": ' + deep + ',', 1)
	open(path, "w").write(text)
	PY
	for cmd in "note $victim x" "show --json $victim" fsck "list --json" "merge-file tickets/$victim.json tickets/$victim.json tickets/$victim.json"; do
		test_expect_code 5 "$ITK" $cmd
		test_grep -F "tickets/$victim.json:" err
		test_grep 'nested deeper than 64 levels' err
	done
done
cp pristine.json "tickets/$victim.json"

step 'invalid UTF-8 in a ticket file is invalid data, with its line'
"$PYTHON" -c 'import sys; t = open("pristine.json", "rb").read().replace(b"VPN", b"VP\xff", 1); open(sys.argv[1], "wb").write(t)' "tickets/$victim.json"
test_expect_code 5 "$ITK" show "$victim"
test_grep -E "tickets/$victim.json:[0-9]+:[0-9]+: invalid JSON: invalid UTF-8 in a string" err
cp pristine.json "tickets/$victim.json"

step 'itk.toml that is a symbolic link: invalid config, never followed'
mv itk.toml real.toml
ln -s real.toml itk.toml
test_expect_code 5 "$ITK" list
test_grep -F 'itk.toml: is a symbolic link, not a regular file' err
rm itk.toml && mv real.toml itk.toml

step 'after all that, the store is whole'
test_expect_code 0 "$ITK" fsck
test_same_file pristine.json "tickets/$victim.json"
validate_store .
