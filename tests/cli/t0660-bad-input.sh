#!/usr/bin/env bash
# The rows of docs/bad-input.md that no other script covers in full: each bad ticket file
# gives exit 5 and its exact one-line message, naming the file (and line:column where there is
# one), from a read, a change and fsck; the other tickets are still listed.
. "$(dirname "$0")/lib.sh"

export ITK_NOW=2026-11-21T09:00:00Z
"$ITK" -q init .
itk_open --title "Mail down" --caller julie --impact low --urgency high --to alice
good=$id
bad=INC-BADINPUT00
f=tickets/$bad.json

# rejected TEXT MESSAGE: a ticket file holding TEXT is refused with MESSAGE (after the path)
# by show, note and fsck, exit 5, and list still prints the good ticket.
rejected() {
	printf '%s' "$1" >"$f"
	cp "$f" before
	for cmd in "show $bad" "note $bad x" fsck; do
		test_expect_code 5 "$ITK" $cmd
		test_grep -F "itk: error: $PWD/$f$2" err
		test_line_count 1 err
	done
	test_same_file before "$f"
	test_expect_code 5 "$ITK" list --format '{id}'
	test_equal "$good" "$(cat out)" 'list prints the good ticket'
	rm "$f"
}

step 'truncated JSON: where it ends'
rejected '{"schema": 1, "id": "INC-BADINPUT00", "events": [' \
	':1:50: invalid JSON: unexpected end of file, expected a value'

step 'an empty file'
rejected '' ':1:1: invalid JSON: empty file, expected a JSON object'

step 'not an object'
rejected '[1, 2]' ': not a JSON object'

step 'a raw control character inside a string'
rejected $'{"schema": 1, "title": "a\tb"}' ':1:26: invalid JSON: raw control character in a string (write it as \u0009)'

step 'a lone surrogate escape'
rejected '{"schema": 1, "title": "\udc00"}' ':1:25: invalid JSON: lone low surrogate in a \u escape'

step 'a number out of range'
rejected '{"schema": 1, "x": 1e999}' ':1:20: invalid JSON: number out of range'

step 'another schema'
rejected '{"schema": 2, "events": []}' ": unsupported 'schema' (this itk reads schema 1)"

step 'no events'
rejected '{"schema": 1, "events": []}' ": no 'events': the history is the truth of a ticket"

step 'an event that is not an object, a first event that is not open'
rejected '{"schema": 1, "events": ["open"]}' ': event 1: not an object'
rejected '{"schema": 1, "events": [{"at": "2026-11-21T09:00:00Z", "by": "x", "action": "note", "text": "t"}]}' \
	": event 1: the first event must be 'open'"

step 'git conflict markers left by a merge without the driver'
rejected $'{\n<<<<<<< HEAD\n  "schema": 1\n=======\n  "schema": 1\n>>>>>>> theirs\n}\n' \
	":2:1: git conflict marker; run 'itk git-resolve' to merge it event by event ('itk git-setup --global' lets git merge tickets itself)"
validate_store .
