#!/bin/bash
# --help on every command, --version, global options before or after the subcommand (SPEC §8).
. "$(dirname "$0")/lib.sh"

step 'itk --help lists the commands and the exit codes, exit 0'
test_expect_code 0 "$ITK" --help
test_must_be_empty err
test_grep '^Usage: itk ' out
test_grep -i 'exit codes' out
sed -n '/^Subcommands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' out >commands
test_grep -x open commands
test_grep -x fsck commands
for c in init open edit categorize prioritize assign take note escalate coordinate hold resume \
	resolve reopen close cancel show list config fsck; do
	test_grep -x "$c" commands
done
test "$(wc -l <commands)" -ge 20 || fail "only $(wc -l <commands) commands in itk --help"

step 'every command listed answers itk CMD --help with exit 0 (no store needed)'
while read -r c; do
	test_expect_code 0 "$ITK" "$c" --help
	test_grep "^Usage: itk $c" out
	test_must_be_empty err
	test_expect_code 0 "$ITK" "$c" -h
	test_grep "^Usage: itk $c" out
done <commands
test_path_is_missing itk.toml

step 'itk help output ends with a newline'
test_expect_code 0 "$ITK" list --help
test "$(tail -c 1 out | od -An -c | tr -d ' ')" = '\n' || fail 'no final newline in list --help'

step '--version prints the version and the commit it was built from, exit 0'
test_expect_code 0 "$ITK" --version
test_grep -E '^itk [0-9]+\.[0-9]+\.[0-9]+ \(commit [0-9a-f]{12}\)$' out
test_line_count 1 out
test_must_be_empty err
# The commit is one of the source tree's history (HEAD itself in CI, which builds after checkout).
if git -C "$ITK_SOURCE_DIR" rev-parse --git-dir >/dev/null 2>&1; then
	commit=$(sed -n 's/.*(commit \([0-9a-f]*\))$/\1/p' out)
	git -C "$ITK_SOURCE_DIR" merge-base --is-ancestor "$commit" HEAD ||
		fail "itk --version names commit $commit, which is not in the history of $ITK_SOURCE_DIR"
fi

step 'itk alone prints the usage on stderr and exits 2'
test_expect_code 2 "$ITK"
test_must_be_empty out
test_grep '^Usage: itk ' err
test_grep '^  open  ' err

step 'itk help [COMMAND]: the command'"'"'s help without a terminal or a manual; did you mean'
test_expect_code 0 "$ITK" help
test_grep '^Usage: itk ' out
test_expect_code 0 "$ITK" help show
test_grep '^Usage: show ' out
test_grep -F 'Show a ticket' out
test_expect_code 0 "$ITK" help major declare
test_grep '^Usage: declare ' out
test_expect_code 2 "$ITK" help shw
test_equal "itk: error: 'itk shw' is not an itk command; did you mean 'show'?" "$(cat err)" 'help shw'
test_expect_code 2 "$ITK" help major declar
test_grep "did you mean 'declare'" err

step 'a mistyped flag gets a "did you mean", for the command and the global options'
test_expect_code 2 "$ITK" list --stauts new
test_equal "itk: error: unknown flag '--stauts' for 'itk list'; did you mean '--status'?" "$(cat err)" 'list --stauts'
test_expect_code 2 "$ITK" list --quite
test_grep "did you mean '--quiet'" err
test_expect_code 2 "$ITK" note --publik X text
test_grep "did you mean '--public'" err
test_expect_code 2 "$ITK" list --zzzzzzzz
test_equal "itk: error: unknown flag '--zzzzzzzz' for 'itk list'; see 'itk list --help'" "$(cat err)" 'no close flag'
test_expect_code 2 "$ITK" lsit
test_grep "did you mean 'list'" err

step 'global options after the subcommand: take ID --as dave'
"$ITK" init >/dev/null 2>&1
export ITK_NOW=2026-11-21T09:30:00Z
itk_open --title T --caller Julie --impact low --urgency low
test_expect_code 0 "$ITK" take "$id" --as dave
test_equal dave "$(json_get "tickets/$id.json" owner)"
test_equal dave "$(json_get "tickets/$id.json" events.-1.by)"
test_expect_code 0 "$ITK" --as erin note "$id" 'before'
test_equal erin "$(json_get "tickets/$id.json" events.-1.by)"
test_expect_code 0 "$ITK" note "$id" 'env'
test_equal alice "$(json_get "tickets/$id.json" events.-1.by)" '$ITK_ACTOR'

step '--dir and --json after the subcommand'
mkdir away
(cd away && "$ITK" show "$id" --json --dir .. >../out)
test_equal "$id" "$(json_get out id)"
(cd away && "$ITK" list --dir .. --json >../out)
test_equal "$id" "$(json_get out 0.id)"

step '-q/--quiet silences messages but not data or errors'
test_expect_code 0 "$ITK" note "$id" 'quiet' -q
test_must_be_empty err
test_expect_code 0 "$ITK" --quiet prioritize "$id" --impact medium --urgency low
test_must_be_empty err
test_equal P4 "$(cat out)"
test_expect_code 0 "$ITK" -q open --title Q --caller C
test_must_be_empty err
test_grep -E '^INC-' out
test_expect_code 4 "$ITK" -q reopen "$id" --reason r
test_grep '^itk: error: cannot reopen' err

step '--no-color and NO_COLOR: no escape sequences'
test_expect_code 0 "$ITK" list --no-color
test_equal 0 "$(grep -c $'\x1b' out || true)" 'ESC in list --no-color'
test_expect_code 0 "$ITK" show "$id" --no-color
test_equal 0 "$(grep -c $'\x1b' out || true)" 'ESC in show --no-color'
validate_store .
