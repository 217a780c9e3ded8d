#!/bin/bash
# Hooks (SPEC §11): executables $XDG_CONFIG_HOME/itk/hooks/post-<action> (default
# ~/.config/itk/hooks) get the ticket JSON on stdin and ITK_ID, ITK_ACTION, ITK_ACTOR in
# their environment, after the write. Never taken from the store; a failing hook is
# reported on stderr and the change is kept; a hook's output never reaches itk's stdout.
. "$(dirname "$0")/lib.sh"

mkdir store
"$ITK" init store >/dev/null 2>&1
cd store
t() { echo "tickets/$1.json"; }
HOOKS=$XDG_CONFIG_HOME/itk/hooks
LOG=$TRASH/log
mkdir -p "$HOOKS" "$LOG"
export LOG

# recording_hook ACTION: a hook that copies its stdin and environment into $LOG.
recording_hook() {
	cat >"$HOOKS/post-$1" <<-'EOF'
	#!/bin/sh
	cat >"$LOG/$ITK_ACTION.$ITK_ID.json"
	env >"$LOG/$ITK_ACTION.$ITK_ID.env"
	echo "$ITK_ID" >>"$LOG/$ITK_ACTION.calls"
	EOF
	chmod +x "$HOOKS/post-$1"
}
# env_of FILE VAR: the value of VAR in a saved environment.
env_of() { sed -n "s/^$2=//p" "$1"; }

step 'post-open runs for open, with the ticket on stdin and ITK_ID/ITK_ACTION/ITK_ACTOR'
export ITK_NOW=2026-11-21T09:30:00Z
recording_hook open
itk_open --title 'Printer down' --caller Julie --as desk1
printer=$id
test_path_is_file "$LOG/open.$id.json"
test_same_file "$(t "$id")" "$LOG/open.$id.json"
test_equal "$id" "$(env_of "$LOG/open.$id.env" ITK_ID)"
test_equal open "$(env_of "$LOG/open.$id.env" ITK_ACTION)"
test_equal desk1 "$(env_of "$LOG/open.$id.env" ITK_ACTOR)"
test_line_count 1 "$LOG/open.calls"

step 'a post-resolve hook receives the resolved ticket; ITK_ACTOR is the actor of the change'
recording_hook resolve
test_expect_code 0 "$ITK" categorize "$id" --type incident
test_expect_code 0 "$ITK" prioritize "$id" --impact low --urgency low
test_expect_code 0 "$ITK" assign "$id" --to bob
test_path_is_missing "$LOG/resolve.$id.json"
export ITK_NOW=2026-11-21T10:00:00Z
test_expect_code 0 "$ITK" resolve "$id" --solution 'new fuser' --kind permanent --as carol
test_must_be_empty "$TRASH/out"
test_grep -v warning "$TRASH/err"
test_path_is_file "$LOG/resolve.$id.json"
test_same_file "$(t "$id")" "$LOG/resolve.$id.json"
test_equal resolved "$(json_get "$LOG/resolve.$id.json" status)"
test_equal 'new fuser' "$(json_get "$LOG/resolve.$id.json" resolution.notes)"
test_equal "$id" "$(env_of "$LOG/resolve.$id.env" ITK_ID)"
test_equal resolve "$(env_of "$LOG/resolve.$id.env" ITK_ACTION)"
test_equal carol "$(env_of "$LOG/resolve.$id.env" ITK_ACTOR)"
test_line_count 1 "$LOG/resolve.calls"

step 'ITK_ID/ITK_ACTION/ITK_ACTOR from the caller environment do not leak into the hook'
itk_open --title 'Scanner down' --caller Sam --impact low --urgency low --to bob
scanner=$id
ITK_ID=INC-BOGUS ITK_ACTION=bogus ITK_ACTOR=erin test_expect_code 0 "$ITK" resolve "$scanner" --solution s --kind workaround
test_equal "$scanner" "$(env_of "$LOG/resolve.$scanner.env" ITK_ID)"
test_equal resolve "$(env_of "$LOG/resolve.$scanner.env" ITK_ACTION)"
test_equal erin "$(env_of "$LOG/resolve.$scanner.env" ITK_ACTOR)"
test_equal 1 "$(grep -c '^ITK_ID=' "$LOG/resolve.$scanner.env")"
test_equal 1 "$(grep -c '^ITK_ACTION=' "$LOG/resolve.$scanner.env")"

step 'a refused change runs no hook; neither does a change that changes nothing'
itk_open --title 'Major outage' --caller Ops --impact high --urgency high --to bob
major=$id
rm -f "$LOG/resolve.calls"
test_expect_code 4 "$ITK" resolve "$major" --solution s --kind workaround
test_path_is_missing "$LOG/resolve.calls"
recording_hook assign
test_expect_code 0 "$ITK" assign "$major" --to bob
test_path_is_missing "$LOG/assign.calls"

step 'resolving a parent runs post-resolve for each child and for the parent'
itk_open --title 'child one' --caller Anna --type incident
c1=$id
itk_open --title 'child two' --caller Ben --type incident
c2=$id
test_expect_code 0 "$ITK" link "$c1" --parent "$major"
test_expect_code 0 "$ITK" link "$c2" --parent "$major"
test_expect_code 0 "$ITK" coordinate "$major" --by zoe
rm -f "$LOG/resolve.calls"
test_expect_code 0 "$ITK" resolve "$major" --solution 'rebooted' --kind workaround
sort "$LOG/resolve.calls" >"$TRASH/actual"
printf '%s\n' "$major" "$c1" "$c2" | sort >"$TRASH/expect"
test_cmp "$TRASH/expect" "$TRASH/actual"
test_same_file "$(t "$c1")" "$LOG/resolve.$c1.json"
test_same_file "$(t "$major")" "$LOG/resolve.$major.json"
test_equal "$major" "$(json_get "$LOG/resolve.$c1.json" events.-1.parent)"

step 'the hook runs after the lock is released: it can change the same ticket'
cat >"$HOOKS/post-reopen" <<-'EOF'
	#!/bin/sh
	exec timeout 20 "$ITK" note "$ITK_ID" 'reopen notified' --as notifier
EOF
chmod +x "$HOOKS/post-reopen"
export ITK_NOW=2026-11-21T10:30:00Z
test_expect_code 0 "$ITK" reopen "$printer" --reason 'still jammed'
test_grep -v warning "$TRASH/err"
test_equal in_progress "$(json_get "$(t "$printer")" status)"
test_equal note "$(json_get "$(t "$printer")" events.-1.action)"
test_equal 'reopen notified' "$(json_get "$(t "$printer")" events.-1.text)"
test_equal notifier "$(json_get "$(t "$printer")" events.-1.by)"
rm "$HOOKS/post-reopen"

step 'a failing hook (exit 3): warning naming it on stderr, exit 0, the change is kept'
cat >"$HOOKS/post-note" <<-'EOF'
	#!/bin/sh
	cat >/dev/null
	exit 3
EOF
chmod +x "$HOOKS/post-note"
test_expect_code 0 "$ITK" note "$printer" 'checked the toner'
test_must_be_empty "$TRASH/out"
test_grep "^itk: warning: .*post-note" "$TRASH/err"
test_grep "^$printer: " "$TRASH/err"
test_equal note "$(json_get "$(t "$printer")" events.-1.action)"
test_equal 'checked the toner' "$(json_get "$(t "$printer")" events.-1.text)"
rm "$HOOKS/post-note"
# a failing post-open: open still prints the ID alone and exits 0
mv "$HOOKS/post-open" "$TRASH/post-open.saved"
printf '#!/bin/sh\nexit 3\n' >"$HOOKS/post-open"
chmod +x "$HOOKS/post-open"
itk_open --title 'Fax down' --caller Fay
test_grep "^itk: warning: .*post-open" "$TRASH/err"
test_equal open "$(json_get "$(t "$id")" events.-1.action)"
mv "$TRASH/post-open.saved" "$HOOKS/post-open"

step 'a hook that does not read its stdin (big ticket) does not break itk'
mv "$HOOKS/post-open" "$TRASH/post-open.saved"
printf '#!/bin/sh\nexit 0\n' >"$HOOKS/post-open"
chmod +x "$HOOKS/post-open"
head -c 300000 /dev/zero | tr '\0' 'x' >"$TRASH/big"
test_expect_code 0 "$ITK" open --title 'Big one' --caller Bea --description - <"$TRASH/big"
test_grep -v warning "$TRASH/err"
big=$(cat "$TRASH/out")
test_equal 300000 "$(json_eval "$(t "$big")" 'len(d["description"])')"
mv "$TRASH/post-open.saved" "$HOOKS/post-open"

step 'a hook runs with SIGPIPE at its default: `yes | head` ends quietly, as in a shell'
mv "$HOOKS/post-open" "$TRASH/post-open.saved"
printf '#!/bin/sh\nyes | head -n 1 >/dev/null\necho "pipe status ok" >"$LOG/sigpipe"\n' >"$HOOKS/post-open"
chmod +x "$HOOKS/post-open"
itk_open --title 'Pipe check' --caller Pia
test_grep -v 'Broken pipe' "$TRASH/err"
test_grep -v warning "$TRASH/err"
test_grep -x 'pipe status ok' "$LOG/sigpipe"
"$PYTHON" - "$HOOKS/post-open" <<'PY'
import sys
open(sys.argv[1], "w").write('#!/bin/sh\ngrep SigIgn /proc/self/status >"$LOG/sigign"\n')
PY
itk_open --title 'Signal mask' --caller Pia
# bit 13 (SIGPIPE, mask 0x1000) is not ignored in the hook
"$PYTHON" -c 'import sys; m = int(open(sys.argv[1]).read().split()[1], 16); sys.exit(1 if m & 0x1000 else 0)' "$LOG/sigign" ||
	fail "the hook runs with SIGPIPE ignored: $(cat "$LOG/sigign")"
mv "$TRASH/post-open.saved" "$HOOKS/post-open"

step 'a non-executable hook file is ignored'
cat >"$HOOKS/post-hold" <<-'EOF'
	#!/bin/sh
	touch "$LOG/hold-ran"
EOF
chmod 644 "$HOOKS/post-hold"
test_expect_code 0 "$ITK" hold "$printer" --reason 'waiting for parts'
test_must_be_empty "$TRASH/out"
test_grep -v warning "$TRASH/err"
test_path_is_missing "$LOG/hold-ran"
test_equal on_hold "$(json_get "$(t "$printer")" status)"

step 'a hook printing on stdout does not pollute itk stdout: $(itk open) is the ID alone'
cat >"$HOOKS/post-open" <<-'EOF'
	#!/bin/sh
	echo 'HOOK STDOUT'
	echo 'HOOK STDERR' >&2
	touch "$LOG/chatty.$ITK_ACTION.$ITK_ID"
EOF
cp "$HOOKS/post-open" "$HOOKS/post-prioritize"
chmod +x "$HOOKS/post-open" "$HOOKS/post-prioritize"
new=$("$ITK" open --title 'Keyboard' --caller Kim 2>/dev/null)
[[ $new =~ ^INC-[0-9A-Z]+$ ]] || fail "itk open with a chatty hook printed '$new'"
test_path_is_file "$(t "$new")"
test_path_is_file "$LOG/chatty.open.$new"
# a one-shot open runs post-open and post-prioritize: stdout is still the ID alone
itk_open --title 'Mouse' --caller Kim --impact low --urgency low
test_grep -v HOOK "$TRASH/out"
test_path_is_file "$LOG/chatty.prioritize.$id"
# prioritize prints the priority alone
test_expect_code 0 "$ITK" categorize "$new" --type incident
test_expect_code 0 "$ITK" prioritize "$new" --impact medium --urgency low
echo P4 >"$TRASH/expect"
test_cmp "$TRASH/expect" "$TRASH/out"

step 'hooks under HOME default to ~/.config/itk/hooks when XDG_CONFIG_HOME is unset'
rm -f "$HOOKS"/post-*
mkdir -p "$HOME/.config/itk/hooks"
printf '#!/bin/sh\ntouch "$LOG/home-ran.$ITK_ID"\n' >"$HOME/.config/itk/hooks/post-note"
chmod +x "$HOME/.config/itk/hooks/post-note"
(
	unset XDG_CONFIG_HOME
	"$ITK" note "$printer" 'via HOME' 2>/dev/null
)
test_path_is_file "$LOG/home-ran.$printer"
rm -f "$LOG/home-ran.$printer"
mkdir -p "$TRASH/other-config/itk/hooks"
XDG_CONFIG_HOME=$TRASH/other-config test_expect_code 0 "$ITK" note "$printer" 'via XDG elsewhere'
test_path_is_missing "$LOG/home-ran.$printer"

step 'hooks inside the store never run: XDG_CONFIG_HOME inside the store'
store=$PWD
mkdir -p "$store/cfg/itk/hooks"
printf '#!/bin/sh\ntouch "$LOG/store-ran"\n' >"$store/cfg/itk/hooks/post-note"
chmod +x "$store/cfg/itk/hooks/post-note"
XDG_CONFIG_HOME=$store/cfg test_expect_code 0 "$ITK" note "$printer" 'xdg in store'
test_path_is_missing "$LOG/store-ran"
test_equal 'xdg in store' "$(json_get "$(t "$printer")" events.-1.text)"
# control: the same hook directory does run for another store
"$ITK" init "$TRASH/other" >/dev/null 2>&1
XDG_CONFIG_HOME=$store/cfg "$ITK" --dir "$TRASH/other" open --title o --caller O >/dev/null 2>&1
test_path_is_missing "$LOG/store-ran"
XDG_CONFIG_HOME=$store/cfg "$ITK" --dir "$TRASH/other" note "$(ls "$TRASH/other/tickets" | sed 's/\.json$//')" 'other store' 2>/dev/null
test_path_is_file "$LOG/store-ran"
rm "$LOG/store-ran"
# the same through a path with '..' and from a subdirectory
mkdir -p "$store/sub"
(cd sub && XDG_CONFIG_HOME=$store/sub/../cfg "$ITK" note "$printer" 'xdg in store via ..' 2>/dev/null)
test_path_is_missing "$LOG/store-ran"
test_equal 'xdg in store via ..' "$(json_get "$(t "$printer")" events.-1.text)"

step 'hooks inside the store never run: HOME is the store, XDG_CONFIG_HOME unset'
mkdir -p "$store/.config/itk/hooks"
printf '#!/bin/sh\ntouch "$LOG/store-ran"\n' >"$store/.config/itk/hooks/post-note"
chmod +x "$store/.config/itk/hooks/post-note"
(
	unset XDG_CONFIG_HOME
	HOME=$store "$ITK" note "$printer" 'home is the store' 2>/dev/null
)
test_path_is_missing "$LOG/store-ran"
test_equal 'home is the store' "$(json_get "$(t "$printer")" events.-1.text)"
(
	unset XDG_CONFIG_HOME
	HOME=$store "$ITK" --dir "$TRASH/other" note "$(ls "$TRASH/other/tickets" | sed 's/\.json$//')" 'home elsewhere' 2>/dev/null
)
test_path_is_file "$LOG/store-ran"
rm "$LOG/store-ran"

step 'hooks inside the store never run: .itk/hooks and hooks/ in the store root'
for d in "$store/.itk/hooks" "$store/hooks" "$store/.itk/hooks/itk/hooks"; do
	mkdir -p "$d"
	printf '#!/bin/sh\ntouch "$LOG/store-ran"\n' >"$d/post-note"
	chmod +x "$d/post-note"
done
test_expect_code 0 "$ITK" note "$printer" 'store hooks'
test_path_is_missing "$LOG/store-ran"
test_expect_code 0 "$ITK" --dir "$store" note "$printer" 'store hooks with --dir'
test_path_is_missing "$LOG/store-ran"
(cd / && ITK_DIR=$store "$ITK" note "$printer" 'store hooks with ITK_DIR' 2>/dev/null)
test_path_is_missing "$LOG/store-ran"
test_equal 'store hooks with ITK_DIR' "$(json_get "$(t "$printer")" events.-1.text)"

step 'fsck passes; every file is valid'
test_expect_code 0 "$ITK" fsck
validate_store .
validate_store "$TRASH/other"
