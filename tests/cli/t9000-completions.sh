#!/bin/bash
# Completion (completions/itk.bash, _itk, itk.fish over `itk __complete`): every command,
# nested subcommand and flag of --help is offered; values come from the store's config
# (impact, urgency, priority, level, group, custom fields and their enum values) and from
# fixed lists (status, awaiting kinds); ticket IDs complete from a prefix typed with or
# without INC-, in any case; files where a command takes a file. Tried in the real shells:
# bash (with bash-completion) and zsh typed into on a pseudo-terminal, fish through its own
# `complete -C`.
. "$(dirname "$0")/lib.sh"

for sh in bash zsh fish; do
	command -v "$sh" >/dev/null || fail "$sh is needed (apt install $sh)"
done
test -f /usr/share/bash-completion/bash_completion || fail 'bash-completion is needed'
C=$ITK_SOURCE_DIR/completions
mkdir bin
ln -s "$ITK" bin/itk
export PATH="$TRASH/bin:$PATH"
complete_words() { "$ITK" __complete "$@" | cut -f1; }

step 'every command and flag of --help is offered by itk __complete'
long_flags() { sed -nE 's/^  (-[a-zA-Z],)?(--[a-z0-9][a-z0-9-]*).*/\2/p'; }
"$ITK" --help | sed -n '/^Subcommands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' >commands
test "$(wc -l <commands)" -ge 30 || fail "only $(wc -l <commands) commands in --help"
complete_words '' >offered
test_cmp commands offered
while read -r c; do
	"$ITK" "$c" --help >help
	complete_words "$c" - >flags
	for f in $(long_flags <help); do
		test_grep -qx -e "$f" flags
	done
	if grep -q '^Subcommands:' help; then
		sed -n '/^Subcommands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' help >subs
		complete_words "$c" '' >offered
		test_cmp subs offered
		while read -r s; do
			"$ITK" "$c" "$s" --help | long_flags >subflags
			complete_words "$c" "$s" - >flags
			while read -r f; do test_grep -qx -e "$f" flags; done <subflags
		done <subs
	fi
done <commands
test_must_be_empty err
# Hidden: not offered, not in --help.
test_grep -v '__complete' offered

step 'a store whose config has its own levels, groups and fields; two tickets'
"$ITK" init s >/dev/null 2>&1
cd s
cat >itk.toml <<-'TOML'
	schema = 1
	[priority]
	priorities = ["P1", "P2", "P3"]
	impact = ["wide", "narrow"]
	urgency = ["now", "later"]
	matrix = [["P1", "P2"], ["P2", "P3"]]
	[sla]
	P1 = { response = "15m", resolution = "4h" }
	P2 = { response = "1h", resolution = "1d" }
	P3 = { response = "4h", resolution = "5d" }
	[escalation]
	levels = ["L1", "L2"]
	groups = { L1 = "helpdesk", L2 = "netops" }
	group_levels = { dba = "L2" }
	[fields]
	site = { type = "string", describe = "site of the caller" }
	symptom = { type = "enum", values = ["slow", "down"] }
TOML
test_expect_code 0 "$ITK" config --check
"$ITK" -q open --title 'Printer down' --caller julie >id1
"$ITK" -q open --title 'VPN drops' --caller marc >id2
A=$(cat id1) B=$(cat id2)
# Two IDs sharing no second character are unique from it: pick A's.
a2=${A:4:2}
test "${B:4:1}" != "${A:4:1}" || { rm "tickets/$B.json"; "$ITK" -q open --title 'VPN drops' --caller marc >id2; B=$(cat id2); }
test "${B:4:1}" != "${A:4:1}" || fail 'could not make two IDs with distinct first characters'

step 'itk __complete: config values, fixed lists, IDs with or without the prefix, files'
test_equal 'wide narrow' "$(complete_words prioritize "$A" --impact '' | xargs)" 'impact'
test_equal 'now later' "$(complete_words prioritize "$A" --urgency '' | xargs)" 'urgency'
test_equal '--urgency=now --urgency=later' "$(complete_words prioritize "$A" --urgency= | xargs)" 'urgency='
test_equal 'P1 P2 P3' "$(complete_words list --priority '' | xargs)" 'priority'
test_equal 'L1 L2' "$(complete_words escalate "$A" --to-level '' | xargs)" 'level'
test_equal 'dba helpdesk netops' "$(complete_words assign "$A" --group '' | xargs)" 'group'
test_equal 'site= symptom=slow symptom=down' "$(complete_words open --set '' | xargs)" 'fields'
test_equal 'symptom=slow symptom=down' "$(complete_words list --where sy | xargs)" 'where'
test_equal 'user vendor problem change evidence other' "$(complete_words hold "$A" --awaiting '' | xargs)" 'awaiting'
test_equal 'on_hold' "$(complete_words list --status on | xargs)" 'status'
test_equal "$A" "$(complete_words show "${A:0:6}")" 'ID with its prefix'
test_equal "$A" "$(complete_words show "${A:4:2}")" 'ID without its prefix'
test_equal "$A" "$(complete_words show "$(echo "${A:0:6}" | tr 'A-Z' 'a-z')")" 'ID in lower case'
test_equal "$A" "$(complete_words show "$(echo "${A:4:2}" | tr 'A-Z' 'a-z')")" 'ID in lower case, no prefix'
test_equal "$(printf '%s\n' "$A" "$B" | sort | xargs)" "$(complete_words note '' | xargs)" 'every ID'
"$ITK" __complete show "${A:0:6}" >out
test_equal "$A	Printer down" "$(cat out)" 'an ID with its title'
# File names from a stranger's commit that are no IDs (an escape sequence, a newline, a
# space) are never offered, nor do they break the list.
touch "tickets/INC-EVIL$(printf '\033')[2J.json" "tickets/INC-EVIL"$'\n'"two.json" "tickets/INC-EVIL three.json"
test_equal "$(printf '%s\n' "$A" "$B" | sort | xargs)" "$(complete_words note '' | xargs)" 'every ID, and only IDs'
"$ITK" __complete note '' | LC_ALL=C grep -q "$(printf '\033')" && fail 'an escape sequence offered'
rm tickets/INC-EVIL*
test_equal 'caller= channel= category= coordinator= change= caused_by=' "$(complete_words list --where c | xargs)" \
	'--where keys, the ones list takes'
for key in $(complete_words list --where '' | sed -n 's/=$//p'); do
	test_expect_code 0 "$ITK" list --where "$key=x"
done
test_equal 'text markdown json csv html' "$(complete_words report --format '' | xargs)" 'report formats'
test_equal 'last-week last-month' "$(complete_words report --period '' | xargs)" 'named periods'
test_equal ':files' "$(complete_words import csv '')" 'a file'
test_equal 'servicenow csv ndjson' "$(complete_words import '' | xargs)" 'import formats'
test_equal 'declare update withdraw' "$(complete_words major '' | xargs)" 'major subcommands'
test_equal 'open' "$(complete_words help op)" 'help COMMAND'
# --dir names another store, as for itk itself.
cd "$TRASH"
test_equal 'wide narrow' "$(complete_words --dir s prioritize X --impact '' | xargs)" '--dir'
test_equal '' "$(complete_words prioritize X --impact '' | xargs)" 'no store: nothing, no error'
cd s

step 'bash, typed into with TAB: commands, flags, config values, IDs without INC- and in lower case'
cat >rc.bash <<-EOF
	source /usr/share/bash-completion/bash_completion
	source $C/itk.bash
	itk() { printf 'RAN:%s\n' "\$*"; }
EOF
low=$(echo "${A:4:2}" | tr 'A-Z' 'a-z')
keys=('itk prio\t' 'itk prioritize X --imp\t' 'itk prioritize X --impact na\t' 'itk prioritize X --urgency=la\t'
	'itk escalate X --to-level L2' 'itk assign X --group net\t' 'itk open --set sym\t' "itk show $low\t"
	"itk note ${A:0:6}\t" 'itk hold X --awaiting ven\t')
"$PYTHON" "$ITK_SOURCE_DIR/tests/tools/shell_pty.py" bash rc.bash "${keys[@]}" 'itk prioritize X --impact \t\t' >out
cat >expect <<-EOF
	RAN:prioritize
	RAN:prioritize X --impact
	RAN:prioritize X --impact narrow
	RAN:prioritize X --urgency=later
	RAN:escalate X --to-level L2
	RAN:assign X --group netops
	RAN:open --set symptom=
	RAN:show $A
	RAN:note $A
	RAN:hold X --awaiting vendor
EOF
head -n 10 out >actual
test_cmp expect actual
test_grep -E '^LIST:(.* )?(narrow|wide) (.* )?(narrow|wide)( |$)' out

step 'zsh (compinit), typed into with TAB: the same, and the descriptions in the listing'
cat >rc.zsh <<-EOF
	fpath=($C \$fpath)
	autoload -Uz compinit && compinit -u -D
	itk() { print -r -- "RAN:\$*"; }
EOF
"$PYTHON" "$ITK_SOURCE_DIR/tests/tools/shell_pty.py" zsh rc.zsh "${keys[@]}" 'itk note INC-\t\t' >out
head -n 10 out >actual
test_cmp expect actual
test_grep -F "$A -- Printer down" out
test_grep -F "$B -- VPN drops" out

step 'fish: complete -C gives the same candidates, with descriptions'
fish_complete() { fish --no-config -c "source $C/itk.fish; complete -C '$1'"; }
test_equal 'prioritize' "$(fish_complete 'itk prio' | cut -f1)" 'fish: command'
test_equal 'narrow' "$(fish_complete 'itk prioritize X --impact na' | cut -f1)" 'fish: impact'
test_equal '--urgency=later' "$(fish_complete 'itk prioritize X --urgency=la' | cut -f1)" 'fish: urgency='
test_equal 'netops' "$(fish_complete 'itk assign X --group net' | cut -f1)" 'fish: group'
test_equal "$A	Printer down" "$(fish_complete "itk show $low")" 'fish: ID without the prefix, lower case'
test_equal 'vendor' "$(fish_complete 'itk hold X --awaiting ven' | cut -f1)" 'fish: awaiting'
fish_complete 'itk prioritize X --imp' >out
test_grep -x -e '--impact	.*' out
mkdir exports
: >exports/sn.csv
test_equal 'exports/sn.csv' "$(fish_complete 'itk import servicenow exports/s' | cut -f1)" 'fish: a file'
