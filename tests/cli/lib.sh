# Harness of itk's end-to-end tests, in the manner of git's t/test-lib.sh.
#
# Each tests/cli/tNNNN-*.sh script sources this file, then runs its steps:
#
#     . "$(dirname "$0")/lib.sh"
#     step 'init creates a store'
#     test_expect_code 0 "$ITK" init
#     test_must_be_empty out
#
# The script runs with `set -eu -o pipefail` in a fresh directory of its own ($TRASH),
# removed on success and kept (and named) on failure. Every assertion below stops the
# script at once on failure (it exits, so it also works inside `&&` chains and `if`s,
# where `set -e` is silent), and the exit trap names the step that failed.
#
# Environment: ITK_BIN (the binary, default /work/main/build/itk), ITK_SOURCE_DIR (the
# source tree, for examples/, schemas/ and tests/tools/, default /work/main), ITK_READERS
# (tests/tools/readers.cpp's binary, default beside ITK_BIN in tests/).

set -eu -o pipefail

ITK=${ITK_BIN:-/work/main/build/itk}
ITK_SOURCE_DIR=${ITK_SOURCE_DIR:-/work/main}
PYTHON=/usr/bin/python3
TEST_NAME=$(basename "$0" .sh)
export ITK ITK_SOURCE_DIR

if ! test -x "$ITK"; then
	echo "$TEST_NAME: error: no itk binary at '$ITK' (set ITK_BIN)" >&2
	exit 1
fi

# A predictable environment: no store from outside, no clock, one actor, UTC, no colour,
# no user hooks or git identity leaking in.
unset ITK_DIR ITK_NOW CDPATH GIT_DIR GIT_WORK_TREE
export ITK_ACTOR=alice
export TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1

TRASH=$(cd "$(mktemp -d "${TMPDIR:-/tmp}/itk-$TEST_NAME.XXXXXX")" && pwd -P)
export HOME="$TRASH/.home" XDG_CONFIG_HOME="$TRASH/.home/.config"
mkdir -p "$XDG_CONFIG_HOME"
cd "$TRASH"

STEP_COUNT=0
STEP_NAME='(setup)'

# step DESCRIPTION: start a new step; the description is printed and named on failure.
step() {
	STEP_COUNT=$((STEP_COUNT + 1))
	STEP_NAME=$1
	printf 'step %d: %s\n' "$STEP_COUNT" "$STEP_NAME"
}

# fail MESSAGE...: stop the script now.
fail() {
	printf '%s: FAIL: %s\n' "$TEST_NAME" "$*" >&2
	exit 1
}

_itk_test_exit() {
	local code=$?
	cd / || true
	if test "$code" -eq 0; then
		rm -rf "$TRASH"
		printf '%s: %d passed, 0 failed\n' "$TEST_NAME" "$STEP_COUNT"
	else
		printf '%s: step %d failed: %s (exit %d)\n' "$TEST_NAME" "$STEP_COUNT" "$STEP_NAME" "$code" >&2
		printf '%s: %d passed, 1 failed; files kept in %s\n' "$TEST_NAME" \
			$((STEP_COUNT > 0 ? STEP_COUNT - 1 : 0)) "$TRASH" >&2
	fi
	exit "$code"
}
trap _itk_test_exit EXIT

# _show_file LABEL FILE: print a captured output (for failure messages).
_show_file() {
	if test -s "$2"; then
		printf -- '--- %s:\n' "$1" >&2
		sed -n '1,40p' "$2" >&2
	else
		printf -- '--- %s: (empty)\n' "$1" >&2
	fi
}

# test_expect_code N COMMAND...: run COMMAND with stdout in $TRASH/out and stderr in
# $TRASH/err; fail unless it exits with N.
test_expect_code() {
	local want=$1 got=0
	shift
	"$@" >"$TRASH/out" 2>"$TRASH/err" || got=$?
	if test "$got" -ne "$want"; then
		printf '%s: FAIL: expected exit %s, got %s from: %s\n' "$TEST_NAME" "$want" "$got" "$*" >&2
		_show_file stdout "$TRASH/out"
		_show_file stderr "$TRASH/err"
		exit 1
	fi
}

# test_cmp EXPECTED ACTUAL: the two files are identical (diff -u shown otherwise).
test_cmp() {
	if ! diff -u "$1" "$2" >&2; then
		fail "'$2' differs from '$1' (diff above)"
	fi
}

# test_grep [-v] [grep options] PATTERN FILE: FILE has a line matching PATTERN (with -v: none).
test_grep() {
	local negate=
	if test "$1" = -v; then
		negate=1
		shift
	fi
	local file=${*: -1}
	if test -n "$negate"; then
		if grep "$@" >/dev/null; then
			_show_file "$file" "$file"
			fail "'$file' matches '${*: -2:1}', it should not"
		fi
	elif ! grep "$@" >/dev/null; then
		_show_file "$file" "$file"
		fail "'$file' has no line matching '${*: -2:1}'"
	fi
}

# test_must_be_empty FILE
test_must_be_empty() {
	if test -s "$1"; then
		_show_file "$1" "$1"
		fail "'$1' should be empty"
	fi
}

# test_equal EXPECTED ACTUAL [WHAT]: two strings are equal.
test_equal() {
	if test "$1" != "$2"; then
		fail "${3:-value}: expected '$1', got '$2'"
	fi
}

# test_line_count N FILE
test_line_count() {
	local n
	n=$(wc -l <"$2")
	test_equal "$1" "$n" "line count of '$2'"
}

# test_same_file A B: byte-identical files (cmp).
test_same_file() {
	cmp "$1" "$2" >&2 || fail "'$2' is not byte-identical to '$1'"
}

# test_path_is_missing PATH / test_path_is_file PATH / test_path_is_dir PATH
test_path_is_missing() { test ! -e "$1" || fail "'$1' should not exist"; }
test_path_is_file() { test -f "$1" || fail "'$1' should be a file"; }
test_path_is_dir() { test -d "$1" || fail "'$1' should be a directory"; }

# json_get FILE PATH: print a field of a JSON file; PATH is dotted, integers index arrays
# (negative from the end), e.g. `closure.confirmed_by`, `events.-1.action`, `length` of
# the top-level array. Strings print raw, anything else as compact JSON (null, true, 3).
json_get() {
	"$PYTHON" - "$1" "$2" <<-'EOF'
	import json, sys
	v = json.load(open(sys.argv[1], encoding="utf-8"))
	for part in sys.argv[2].split("."):
	    if part == "":
	        continue
	    if part == "length":
	        v = len(v)
	    elif isinstance(v, list):
	        v = v[int(part)]
	    else:
	        v = v[part]
	print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
	EOF
}

# json_eval FILE EXPRESSION: print a Python expression over the JSON of FILE, bound to d.
json_eval() {
	"$PYTHON" -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
r = eval(sys.argv[2])
print(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))' "$1" "$2"
}

# json_set FILE PATH VALUE_JSON: change one field of a JSON file in place, keeping itk's
# format (2-space indent, trailing newline), as a hand edit would.
json_set() {
	"$PYTHON" - "$@" <<-'EOF'
	import json, sys
	path, keys, value = sys.argv[1], sys.argv[2].split("."), json.loads(sys.argv[3])
	d = json.load(open(path, encoding="utf-8"))
	v = d
	for k in keys[:-1]:
	    v = v[int(k)] if isinstance(v, list) else v[k]
	last = keys[-1]
	if isinstance(v, list):
	    v[int(last)] = value
	else:
	    v[last] = value
	with open(path, "w", encoding="utf-8") as f:
	    f.write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
	EOF
}

# event_actions FILE: the `action` of every event, one a line.
event_actions() {
	"$PYTHON" -c 'import json, sys
for e in json.load(open(sys.argv[1], encoding="utf-8"))["events"]:
    print(e["action"])' "$1"
}

# validate_store DIR: every DIR/tickets/*.json passes the real validator against
# schemas/ticket.schema.json, and the bulk reader reads it as the strict reader does. Call it at the end of every script that writes tickets.
validate_store() {
	local files=("$1"/tickets/*.json)
	if ! test -e "${files[0]}"; then
		fail "validate_store: no ticket file in '$1/tickets'"
	fi
	if ! "$PYTHON" "$ITK_SOURCE_DIR/tests/tools/validate.py" tickets \
		"$ITK_SOURCE_DIR/schemas/ticket.schema.json" "${files[@]}" >"$TRASH/validate.out" 2>&1; then
		cat "$TRASH/validate.out" >&2
		fail "validate_store: invalid ticket files in '$1/tickets'"
	fi
	# The bulk reader (simdjson) reads each as the strict reader does, and itself each it can
	# (SPEC §12); the writer writes each as nlohmann's dump() would.
	if ! "${ITK_READERS:-$(dirname "$ITK")/tests/itk-readers}" "${files[@]}" >"$TRASH/readers.out" 2>&1; then
		cat "$TRASH/readers.out" >&2
		fail "validate_store: the two readers or writers differ on files in '$1/tickets'"
	fi
}

# itk_open ARGS...: open a ticket, check exit 0 and a lone ID on stdout, set $id to it.
itk_open() {
	test_expect_code 0 "$ITK" open "$@"
	id=$(cat "$TRASH/out")
	case $id in
	INC-*) ;;
	*) fail "itk open printed '$id', expected a lone ID" ;;
	esac
	test_line_count 1 "$TRASH/out"
	test_path_is_file "tickets/$id.json"
}

# at TIME ARGS...: run itk ARGS at TIME (ITK_NOW, left set), expecting exit 0.
at() {
	export ITK_NOW=$1
	shift
	test_expect_code 0 "$ITK" "$@"
}

# open_at TIME VAR ARGS...: open a ticket at TIME (ITK_NOW, left set), its ID in VAR and $id.
open_at() {
	export ITK_NOW=$1
	local var=$2
	shift 2
	itk_open "$@"
	printf -v "$var" '%s' "$id"
}

# git_setup_env [NAME EMAIL]: real git for a test: no system config, no editor, main as the
# default branch, no detached-HEAD advice; with NAME and EMAIL, a global identity (in the
# test's own $HOME).
git_setup_env() {
	command -v git >/dev/null || fail 'git is needed'
	export GIT_CONFIG_NOSYSTEM=1 GIT_EDITOR=true GIT_MERGE_AUTOEDIT=no
	git config --global init.defaultBranch main
	git config --global advice.detachedHead false
	if test $# -eq 2; then
		git config --global user.name "$1"
		git config --global user.email "$2"
	fi
}

# identity NAME EMAIL: this repository's git identity (local config only).
identity() { git config user.name "$1" && git config user.email "$2"; }

# note_texts FILE: the texts of a ticket file's notes, in order, joined by '|'.
note_texts() { json_eval "$1" '"|".join(e["text"] for e in d["events"] if e["action"] == "note")'; }

# traced ARGS...: strace ARGS, with LeakSanitizer off in the traced process (it cannot run
# under ptrace, and would fail a sanitized build's run).
traced() { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace "$@"; }
