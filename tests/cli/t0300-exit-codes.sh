#!/bin/bash
# Every exit code of SPEC §8: 0 done, 1 failure, 2 usage, 3 not found, 4 refused, 5 invalid data.
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
export ITK_NOW=2026-11-21T09:30:00Z

step '0: done'
itk_open --title 'Printer down' --caller Julie --impact low --urgency low --to bob
a=$id
f=tickets/$a.json
test_expect_code 0 "$ITK" show "$a"
test_must_be_empty err
test_expect_code 0 "$ITK" list
test_must_be_empty err

step '1: a failed write to stdout is an error (/dev/full)'
test_expect_code 1 sh -c '"$ITK" list >/dev/full'
test_grep '^itk: error: ' err
test_expect_code 1 sh -c '"$ITK" list --json >/dev/full'
test_expect_code 1 sh -c '"$ITK" show "$1" >/dev/full' - "$a"
test_grep '^itk: error: ' err
test_expect_code 1 sh -c '"$ITK" show --json "$1" >/dev/full' - "$a"
test_expect_code 1 sh -c '"$ITK" config >/dev/full'
test_expect_code 1 sh -c '"$ITK" open --title T --caller C >/dev/full'
test_grep '^itk: error: .*standard output' err
test_expect_code 1 sh -c '"$ITK" prioritize "$1" --impact low --urgency medium >/dev/full' - "$a"

step '2: unknown flag'
cp "$f" before
test_expect_code 2 "$ITK" list --bogus
test_must_be_empty out
test_grep '^itk: error: .*--bogus' err
test_expect_code 2 "$ITK" note "$a" hello --bogus
test_same_file before "$f"

step '2: missing argument or required option'
test_expect_code 2 "$ITK" note
test_grep '^itk: error: ' err
test_expect_code 2 "$ITK" assign "$a"
test_grep -e '--to' err
test_expect_code 2 "$ITK" open --title T
test_grep -e '--caller' err
test_expect_code 2 "$ITK" escalate "$a"
test_grep -e '--reason' err
test_expect_code 2 "$ITK"
test_grep '^Usage: itk ' err
test_same_file before "$f"

step '2: bad values'
n=$(ls tickets | wc -l)
test_expect_code 2 "$ITK" open --title T --caller C --channel fax
test_grep "^itk: error: invalid --channel 'fax'" err
test_grep 'phone' err
test_expect_code 2 "$ITK" resolve "$a" --solution s --kind maybe
test_grep "maybe" err
test_expect_code 2 "$ITK" list --status bogus
test_grep "bogus" err
test_expect_code 2 "$ITK" list --priority P9
test_expect_code 2 "$ITK" close "$a" --confirmed-by julie --satisfaction abc
test_expect_code 2 "$ITK" close "$a" --confirmed-by julie --satisfaction 0
test_expect_code 2 "$ITK" close "$a" --confirmed-by julie --satisfaction 6
test_equal "$n" "$(ls tickets | wc -l)" 'ticket count'
test_same_file before "$f"

step '2: invalid UTF-8 in an argument'
test_expect_code 2 "$ITK" open --title $'\xff' --caller C
test_grep 'UTF-8' err
test_must_be_empty out
test_expect_code 2 "$ITK" note "$a" $'caf\xe9'
test_grep 'UTF-8' err
test_expect_code 2 "$ITK" --as $'\xc3' note "$a" x
test_grep 'UTF-8' err
test_expect_code 2 "$ITK" show $'\xff'
test_equal "$n" "$(ls tickets | wc -l)" 'ticket count'
test_same_file before "$f"

step '2: unknown command, with "did you mean"'
test_expect_code 2 "$ITK" lst
test_must_be_empty out
test_grep "^itk: error: 'lst' is not an itk command; did you mean 'list'?" err
test_expect_code 2 "$ITK" shwo "$a"
test_grep "did you mean 'show'" err
test_expect_code 2 "$ITK" frobnicate
test_grep "'frobnicate' is not an itk command" err
# A subcommand too: the word named, never "a subcommand is required".
test_expect_code 2 "$ITK" major declre "$a"
test_equal "itk: error: 'major declre' is not an itk command; did you mean 'declare'?" "$(cat err)" 'major declre'

step '2: no store'
test_expect_code 2 "$ITK" --dir "$TRASH/nowhere" list
test_grep 'itk init' err

step '3: unknown ID'
test_expect_code 3 "$ITK" show INC-NOSUCHID
test_must_be_empty out
test_grep "^itk: error: no ticket 'INC-NOSUCHID'" err
test_expect_code 3 "$ITK" note zzzzzz 'hello'
test_expect_code 3 "$ITK" cancel INC-NOSUCHID --reason r
test_expect_code 3 "$ITK" cancel "$a" --reason r --duplicate-of INC-NOSUCHID
test_same_file before "$f"

step '3: an ambiguous prefix lists the candidates'
# b shares a's first 4 characters after INC-, and differs from its 5th (so that 5 name a alone).
b=${a:0:8}ZZZZZZ
test "${a:8:1}" != Z || b=${a:0:8}YYYYYY
"$PYTHON" - "$f" "tickets/$b.json" "$b" <<-'PY'
	import json, sys
	d = json.load(open(sys.argv[1]))
	d["id"] = sys.argv[3]
	d["events"][0]["id"] = sys.argv[3]
	open(sys.argv[2], "w").write(json.dumps(d, indent=2) + "\n")
PY
test_expect_code 0 "$ITK" fsck
short=$(printf %s "${a:4:4}" | tr A-Z a-z)
test_expect_code 3 "$ITK" show "$short"
test_must_be_empty out
test_grep "^itk: error: ambiguous ID '$short'" err
test_grep "$a" err
test_grep "$b" err
test_expect_code 3 "$ITK" note "INC-${a:4:4}" 'which one?'
test_grep "$a" err
test_grep "$b" err
test_same_file before "$f"
test_expect_code 0 "$ITK" show "${a:4:5}"
test_grep "^$a " out

step '4: refused by a lifecycle rule'
test_expect_code 4 "$ITK" reopen "$a" --reason r
test_must_be_empty out
test_grep "^itk: error: cannot reopen '$a'" err
test_same_file before "$f"

step '5: invalid config, naming the file, line and column'
cp itk.toml itk.toml.good
sed -i 's/^prefix = "INC"/prefx = "INC"/' itk.toml
line=$(grep -n '^prefx' itk.toml | cut -d: -f1)
test_expect_code 5 "$ITK" config --check
test_must_be_empty out
test_grep "^itk: error: .*itk\.toml:$line:[0-9]*: .*prefx" err
test_expect_code 5 "$ITK" list
test_grep "itk\.toml:$line:" err
test_expect_code 5 "$ITK" note "$a" 'hello'
test_same_file before "$f"
cp itk.toml.good itk.toml
sed -i 's/^P4 = { response = "1d"/P4 = { response = "1x"/' itk.toml
line=$(grep -n '"1x"' itk.toml | cut -d: -f1)
test_expect_code 5 "$ITK" config --check
test_grep "itk\.toml:$line:[0-9]*: .*1x" err
test_grep 'sla.P4.response' err
cp itk.toml.good itk.toml
echo 'oops = [' >>itk.toml
line=$(wc -l <itk.toml)
test_expect_code 5 "$ITK" config --check
test_grep "itk\.toml:$line:[0-9]*:" err
cp itk.toml.good itk.toml
test_expect_code 0 "$ITK" config --check

step '5: a corrupt ticket file'
printf '{"schema": 1, "id": ' >tickets/INC-BROKEN0001.json
test_expect_code 5 "$ITK" show INC-BROKEN0001
test_must_be_empty out
test_grep 'INC-BROKEN0001\.json' err
test_expect_code 5 "$ITK" note INC-BROKEN0001 'hello'
test_expect_code 5 "$ITK" fsck
test_grep 'INC-BROKEN0001\.json' err
rm tickets/INC-BROKEN0001.json
test_expect_code 0 "$ITK" fsck
validate_store .

step '2: a negative --limit is a bad value'
test_expect_code 2 "$ITK" list --limit -1
test_must_be_empty out

step '1: --version and --help to a full stdout fail too'
test_expect_code 1 sh -c '"$ITK" --version >/dev/full'
test_expect_code 1 sh -c '"$ITK" list --help >/dev/full'
