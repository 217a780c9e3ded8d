#!/bin/bash
# Control characters in ticket text never reach human output; --json and --format keep the
# exact text (SPEC §8).
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
export ITK_NOW=2026-11-21T09:30:00Z
E=$'\x1b'
title=$'evil \x1b[31mRED\x1b[0m \abell\rCR\b tab\there \x7f del \xc2\x9b c1-csi \x1b]0;pwned\a'
desc=$'line one\nline two\x1b[2J\x1b[H'
caller=$'Ju\x1b]0;owned\alie'
contact=$'julie\x1b[8m@corp.example'

# no_control FILE: FILE holds no ESC, BEL, BS, CR, DEL, C1 CSI, or any C0 control but
# newline (tabs only where itk puts them itself, which human output does not).
no_control() {
	test_equal 0 "$(grep -c "$E" "$1" || true)" "lines with ESC in $1"
	if LC_ALL=C grep -q -P '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1"; then
		cat -v "$1" >&2
		fail "control characters in '$1'"
	fi
}

step 'open with control characters in title, description, caller, contact'
itk_open --title "$title" --caller "$caller" --contact "$contact" --description "$desc" \
	--impact low --urgency low --to $'bo\x1bb'
f=tickets/$id.json

step 'the file keeps the exact text'
test_equal "$title" "$(json_get "$f" title)" 'title in the file'
test_equal "$desc" "$(json_get "$f" description)" 'description in the file'
test_equal "$caller" "$(json_get "$f" caller.name)" 'caller in the file'
test_equal "$contact" "$(json_get "$f" caller.contact)" 'contact in the file'

step 'list (human) shows none of them, whether or not stdout is a terminal'
test_expect_code 0 "$ITK" list
no_control out
test_grep "^$id " out
test_grep 'RED' out
test_expect_code 0 "$ITK" list --all --caller "$caller"
no_control out
test_grep "^$id " out
if command -v script >/dev/null 2>&1; then
	script -qec "\"$ITK\" list" /dev/null >tty.out </dev/null
	tr -d '\r' <tty.out >tty.clean
	test_grep 'RED' tty.clean
	no_control tty.clean
fi

step 'show (human) shows none of them'
"$ITK" note "$id" $'looked at it \x1b[1mbold\x1b[0m' 2>/dev/null
test_expect_code 0 "$ITK" show "$id"
no_control out
test_grep 'RED' out
test_grep 'line one' out
test_grep 'owned' out
test_grep 'bold' out

step '--json keeps the exact text'
test_expect_code 0 "$ITK" show --json "$id"
test_equal "$title" "$(json_get out title)" 'show --json title'
test_equal "$desc" "$(json_get out description)" 'show --json description'
test_equal "$caller" "$(json_get out caller.name)" 'show --json caller'
test_expect_code 0 "$ITK" list --json
test_equal "$title" "$(json_get out 0.title)" 'list --json title'
test_equal "$contact" "$(json_get out 0.caller.contact)" 'list --json contact'
test_grep -F '\u001b' out

step '--format keeps the exact text (it is for scripts), but for tab, CR, newline and backslash, escaped; -z keeps all'
test_expect_code 0 "$ITK" list --format '{title}'
escaped=${title//$'\r'/\\r}
escaped=${escaped//$'\t'/\\t}
test_equal "$escaped" "$(cat out)" '--format {title}'
test_expect_code 0 "$ITK" list -z --format '{title}'
test_equal "$title" "$(tr -d '\0' <out)" '-z --format {title}'

step 'edit with control characters: the timeline shows none'
test_expect_code 0 "$ITK" edit "$id" --title $'new \x1b[5mblink'
test_expect_code 0 "$ITK" show "$id"
no_control out
test_grep 'blink' out
validate_store .

step 'messages on stderr carry no control characters from ticket text'
test_expect_code 0 "$ITK" resolve "$id" --solution $'fixed \x1b[31mit' --kind permanent --code $'C\x1b'
no_control err
test_expect_code 4 "$ITK" close "$id" --confirmed-by $'mal\x1b[31mlory'
no_control err
test_expect_code 0 "$ITK" close "$id" --confirmed-by "$caller"
no_control err
test_expect_code 3 "$ITK" show $'zz\x1b[31m'
no_control err

step 'config (human) shows no control characters from itk.toml'
sed -i 's/high = "a site or the whole company"/high = "a site\\u001b[31m or the whole\\u0007 company"/' itk.toml
test_grep -F 'u001b' itk.toml
test_expect_code 0 "$ITK" config
test_grep 'or the whole' out
no_control out
