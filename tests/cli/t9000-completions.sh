#!/usr/bin/env bash
# Shell completions (completions/itk.bash, _itk, itk.fish): every command and
# every long flag of `itk --help` / `itk CMD --help` is known to all three, and
# so is every nested subcommand (`itk major --help`) and its long flags
# (`itk major declare --help`); the files parse, and bash completion offers
# commands, nested subcommands and ticket IDs for real.
# Self-contained: ITK_BIN (default /work/main/build/itk), ITK_SOURCE_DIR
# (default /work/main).
set -eu

ITK_BIN=${ITK_BIN:-/work/main/build/itk}
ITK_SOURCE_DIR=${ITK_SOURCE_DIR:-/work/main}
BASH_FILE=$ITK_SOURCE_DIR/completions/itk.bash
ZSH_FILE=$ITK_SOURCE_DIR/completions/_itk
FISH_FILE=$ITK_SOURCE_DIR/completions/itk.fish
unset ITK_DIR ITK_NOW
export ITK_ACTOR=t9000

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*" >&2; }
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then ok; else bad "$what"; fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in "$BASH_FILE" "$ZSH_FILE" "$FISH_FILE"; do
    [[ -f $f ]] || { echo "FAIL: missing $f" >&2; exit 1; }
done
[[ -x $ITK_BIN ]] || { echo "FAIL: no binary at $ITK_BIN" >&2; exit 1; }

# --- Commands and flags of the binary ---------------------------------------
# The long flags of a --help text: the first column of the option lines.
long_flags() {
    sed -nE 's/^  (-[a-zA-Z],)?(--[a-z0-9][a-z0-9-]*).*/\2/p'
}

"$ITK_BIN" --help > "$tmp/help"
# The subcommands of a --help text.
subcommands_of() {
    awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }'
}
mapfile -t commands < <(subcommands_of < "$tmp/help")
mapfile -t globals < <(sed '/^Subcommands:/,$d' "$tmp/help" | long_flags)
(( ${#commands[@]} > 0 )) || { echo "FAIL: no command in itk --help" >&2; exit 1; }
(( ${#globals[@]} > 0 )) || { echo "FAIL: no global option in itk --help" >&2; exit 1; }

# Patterns (grep -E) that show a command or a flag in each file's syntax.
has_command() { # has_command SHELL FILE CMD
    case $1 in
        bash) grep -qE "^[[:space:]]*'$3\|" "$2" ;;
        zsh)  grep -qE "^[[:space:]]*['\"]$3:" "$2" && grep -qE "^[[:space:]]*\($3\)" "$2" ;;
        fish) grep -qE -- "-n __itk_no_subcommand -a $3 -d " "$2" ;;
    esac
}
# A nested subcommand SUB of command CMD (major declare).
has_subcommand() { # has_subcommand SHELL FILE CMD SUB
    case $1 in
        bash) grep -qE "^[[:space:]]*'$3 $4\|" "$2" ;;
        zsh)  grep -qE "^[[:space:]]*['\"]$4:" "$2" && grep -qE "^[[:space:]]*\('$3 $4'\)" "$2" ;;
        fish) grep -qE -- "-n '__itk_pos $3 1' -a $4 -d " "$2" ;;
    esac
}
# A flag of command CMD ('' for a global option; 'CMD SUB' for a nested
# subcommand), in the part of the file that describes CMD.
has_flag() { # has_flag SHELL FILE CMD --FLAG
    local sh=$1 file=$2 cmd=$3 flag=$4 part
    case $sh in
        bash) if [[ -n $cmd ]]; then
                  part=$(grep -E "^[[:space:]]*'$cmd\|" "$file")
              else
                  part=$(grep -E '^_itk_globals=' "$file")
              fi
              grep -qE -- "(^|[ '|])$flag(=|[ ']|\$)" <<< "$part" ;;
        zsh)  if [[ -n $cmd ]]; then
                  # The case branch '(cmd)', or "('cmd sub')" for a nested one.
                  local c="($cmd)"
                  [[ $cmd == *' '* ]] && c="('$cmd')"
                  part=$(awk -v c="$c" '
                      { l = $0; sub(/^[[:space:]]+/, "", l) }
                      substr(l, 1, length(c)) == c && substr(l, length(c) + 1, 1) ~ /^([[:space:]]|)$/ { on = 1 }
                      on { print } on && /;;[[:space:]]*$/ { exit }' "$file")
              else
                  part=$(sed -n '/^  _itk_globals=(/,/^  )/p' "$file")
              fi
              grep -qE -- "$flag(=?\[|\})" <<< "$part" ;;
        fish) if [[ -n $cmd ]]; then
                  grep -qE -- "-n '__itk_using $cmd' (-s [a-zA-Z] )?-l ${flag#--}( |\$)" "$file"
              else
                  grep -qE -- "^complete -c itk (-s [a-zA-Z] )?-l ${flag#--}( |\$)" "$file"
              fi ;;
    esac
}

for flag in "${globals[@]}"; do
    for sh in bash zsh fish; do
        case $sh in bash) file=$BASH_FILE ;; zsh) file=$ZSH_FILE ;; fish) file=$FISH_FILE ;; esac
        check "$sh: global option $flag missing from $file" has_flag "$sh" "$file" '' "$flag"
    done
done

nested=()
for cmd in "${commands[@]}"; do
    for sh in bash zsh fish; do
        case $sh in bash) file=$BASH_FILE ;; zsh) file=$ZSH_FILE ;; fish) file=$FISH_FILE ;; esac
        check "$sh: command '$cmd' missing from $file" has_command "$sh" "$file" "$cmd"
    done
    "$ITK_BIN" "$cmd" --help > "$tmp/help.$cmd"
    mapfile -t flags < <(long_flags < "$tmp/help.$cmd")
    for flag in ${flags[@]+"${flags[@]}"}; do
        # --help is a global option, completed on every command.
        [[ $flag == --help ]] && continue
        for sh in bash zsh fish; do
            case $sh in bash) file=$BASH_FILE ;; zsh) file=$ZSH_FILE ;; fish) file=$FISH_FILE ;; esac
            check "$sh: flag $flag of '$cmd' missing from $file" has_flag "$sh" "$file" "$cmd" "$flag"
        done
    done
    # Nested subcommands (itk major declare): each one, and its flags.
    mapfile -t subs < <(subcommands_of < "$tmp/help.$cmd")
    for sub in ${subs[@]+"${subs[@]}"}; do
        nested+=("$cmd $sub")
        for sh in bash zsh fish; do
            case $sh in bash) file=$BASH_FILE ;; zsh) file=$ZSH_FILE ;; fish) file=$FISH_FILE ;; esac
            check "$sh: subcommand '$cmd $sub' missing from $file" has_subcommand "$sh" "$file" "$cmd" "$sub"
        done
        "$ITK_BIN" "$cmd" "$sub" --help > "$tmp/help.$cmd.$sub"
        mapfile -t flags < <(long_flags < "$tmp/help.$cmd.$sub")
        for flag in ${flags[@]+"${flags[@]}"}; do
            [[ $flag == --help ]] && continue
            for sh in bash zsh fish; do
                case $sh in bash) file=$BASH_FILE ;; zsh) file=$ZSH_FILE ;; fish) file=$FISH_FILE ;; esac
                check "$sh: flag $flag of '$cmd $sub' missing from $file" has_flag "$sh" "$file" "$cmd $sub" "$flag"
            done
        done
    done
done
# major has nested subcommands: the loop above must have seen them.
check "nested subcommands of major in itk major --help (got: ${nested[*]-})" \
    bash -c '[[ " $1 " == *" major declare "* && " $1 " == *" major update "* ]]' _ "${nested[*]-}"

# --- Syntax -----------------------------------------------------------------
check "bash -n $BASH_FILE" bash -n "$BASH_FILE"
skipped=()
if command -v zsh > /dev/null 2>&1; then
    check "zsh -n $ZSH_FILE" zsh -n "$ZSH_FILE"
else
    skipped+=("zsh syntax check: zsh is not installed")
fi
if command -v fish > /dev/null 2>&1; then
    check "fish -n $FISH_FILE" fish -n "$FISH_FILE"
else
    skipped+=("fish checks: fish is not installed")
fi

# --- A store with two tickets -----------------------------------------------
store=$tmp/store
"$ITK_BIN" -q init "$store"
id1=$("$ITK_BIN" -q --dir "$store" open --title 'mail down' --caller alice)
id2=$("$ITK_BIN" -q --dir "$store" open --title 'vpn slow' --caller bob --channel chat)
check "two ticket IDs from open ('$id1', '$id2')" test -n "$id1" -a -n "$id2" -a "$id1" != "$id2"
mkdir -p "$store/sub/deeper" "$tmp/elsewhere"

# --- Bash completion, for real ----------------------------------------------
# complete_bash DIR WORD... : COMPREPLY (one per line) for the line WORD...,
# the cursor on the last word, run from DIR as an interactive shell would.
complete_bash() {
    local dir=$1
    shift
    (
        set +eu
        cd "$dir" || exit 1
        # shellcheck source=/dev/null
        source "$BASH_FILE"
        COMP_WORDS=("$@")
        COMP_CWORD=$(( $# - 1 ))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        _itk itk "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\n' "${COMPREPLY[@]}"
    )
}
# offers WANT... -- WORD... : the completion of WORD... offers every WANT.
offers() {
    local -a want=()
    while [[ $1 != -- ]]; do want+=("$1"); shift; done
    shift
    local got w
    got=$(complete_bash "$@") || return 1
    for w in "${want[@]}"; do
        grep -qxF -- "$w" <<< "$got" || { echo "  '${*:2}' offers: $(echo $got)" >&2; return 1; }
    done
}
# offers_none DIR WORD... : the completion offers nothing.
offers_none() {
    local got
    got=$(complete_bash "$@")
    [[ -z $got ]] || { echo "  '${*:2}' offers: $(echo $got)" >&2; return 1; }
}

check "bash: complete -F _itk itk" bash -c "source '$BASH_FILE' && complete -p itk | grep -q -- '-F _itk'"
check "bash: 'itk clo' offers close" offers close -- "$tmp" itk clo
check "bash: 'itk ' offers every command" offers "${commands[@]}" -- "$tmp" itk ''
check "bash: 'itk show ' in the store offers both IDs" offers "$id1" "$id2" -- "$store" itk show ''
check "bash: 'itk show ' below the store offers both IDs" offers "$id1" "$id2" -- "$store/sub/deeper" itk show ''
check "bash: 'itk --dir STORE show ' offers both IDs" offers "$id1" "$id2" -- "$tmp/elsewhere" itk --dir "$store" show ''
check "bash: 'itk --dir=STORE take ' offers both IDs" offers "$id1" "$id2" -- "$tmp/elsewhere" itk --dir="$store" take ''
check "bash: 'itk show  --dir STORE' (cursor before --dir) offers both IDs" \
    bash -c 'source "$1"; cd "$2"; COMP_WORDS=(itk show "" --dir "$3"); COMP_CWORD=2; _itk
             printf "%s\n" "${COMPREPLY[@]}" | grep -qxF "$4" && printf "%s\n" "${COMPREPLY[@]}" | grep -qxF "$5"' \
    _ "$BASH_FILE" "$tmp/elsewhere" "$store" "$id1" "$id2"
check "bash: \$ITK_DIR gives the store" \
    bash -c 'export ITK_DIR=$3; source "$1"; cd "$2"; COMP_WORDS=(itk note ""); COMP_CWORD=2; _itk
             printf "%s\n" "${COMPREPLY[@]}" | grep -qxF "$4"' _ "$BASH_FILE" "$tmp/elsewhere" "$store" "$id1"
check "bash: 'itk show ID-PREFIX' offers that ID only" offers "$id1" -- "$store" itk show "$id1"
check "bash: no store, no ID" offers_none "$tmp/elsewhere" itk show ''
check "bash: 'itk --as x --json show ' offers both IDs" offers "$id1" "$id2" -- "$store" itk --as x --json show ''
check "bash: note's text gets no ID" offers_none "$store" itk note "$id1" ''
check "bash: 'itk list ' offers no ID" bash -c '! grep -qxF "$1" <<< "$2"' _ "$id1" "$(complete_bash "$store" itk list '')"
check "bash: 'itk open --channel ' offers channels" \
    offers phone email portal chat monitoring walk-in -- "$tmp" itk open --channel ''
check "bash: 'itk open --channel=w' offers walk-in" offers walk-in -- "$tmp" itk open --channel = w
check "bash: 'itk categorize X --type ' offers types" offers incident request change -- "$store" itk categorize "$id1" --type ''
check "bash: 'itk resolve X --kind ' offers kinds" offers workaround permanent -- "$store" itk resolve "$id1" --kind ''
check "bash: 'itk list --status ' offers statuses" \
    offers new in_progress on_hold resolved closed cancelled redirected -- "$tmp" itk list --status ''
check "bash: 'itk cancel X --duplicate-of ' offers IDs" offers "$id2" -- "$store" itk cancel "$id1" --duplicate-of ''
check "bash: 'itk show --' offers the global options" offers "${globals[@]}" -- "$tmp" itk show --
check "bash: 'itk --dir ' offers directories" offers "$tmp/store" -- "$tmp" itk --dir "$tmp/st"
check "bash: 'itk list --' offers --breached and --status" offers --breached --status -- "$tmp" itk list --
# Nested subcommands: itk major declare|update ID.
check "bash: 'itk major ' offers declare and update" offers declare update -- "$tmp" itk major ''
check "bash: 'itk major u' offers update" offers update -- "$tmp" itk major u
check "bash: 'itk ' offers no nested subcommand" \
    bash -c '! grep -qxE "declare|update|major declare|major update" <<< "$1"' _ "$(complete_bash "$tmp" itk '')"
check "bash: 'itk major update ' offers both IDs" offers "$id1" "$id2" -- "$store" itk major update ''
check "bash: 'itk major declare ' below the store offers both IDs" offers "$id1" "$id2" -- "$store/sub" itk major declare ''
check "bash: 'itk --dir STORE major update ' offers both IDs" offers "$id1" "$id2" -- "$tmp/elsewhere" itk --dir "$store" major update ''
check "bash: 'itk major update ID ' offers no ID" \
    bash -c '! grep -qxF "$1" <<< "$2"' _ "$id2" "$(complete_bash "$store" itk major update "$id1" '')"
check "bash: 'itk major update ID --' offers --message and --audience" \
    offers --message --audience -- "$store" itk major update "$id1" --
check "bash: 'itk major declare ID --' offers --reason" offers --reason -- "$store" itk major declare "$id1" --
check "bash: 'itk major update ID --audience ' offers audiences" \
    offers internal stakeholders -- "$store" itk major update "$id1" --audience ''
check "bash: 'itk link ' offers both IDs" offers "$id1" "$id2" -- "$store" itk link ''
check "bash: 'itk link ID --parent ' offers IDs" offers "$id2" -- "$store" itk link "$id1" --parent ''
check "bash: 'itk postmortem ' offers both IDs" offers "$id1" "$id2" -- "$store" itk postmortem ''
check "bash: 'itk init --' offers --git" offers --git -- "$tmp" itk init --

# --- Fish completion, for real (when fish is installed) ---------------------
if command -v fish > /dev/null 2>&1; then
    fish_offers() { # fish_offers DIR LINE WANT...
        local dir=$1 line=$2 got w
        shift 2
        got=$(cd "$dir" && fish --no-config -c "source '$FISH_FILE'; complete -C '$line'" | cut -f1)
        for w in "$@"; do
            grep -qxF -- "$w" <<< "$got" || { echo "  fish '$line' offers: $(echo $got)" >&2; return 1; }
        done
    }
    check "fish: 'itk clo' offers close" fish_offers "$tmp" 'itk clo' close
    check "fish: 'itk show ' offers both IDs" fish_offers "$store/sub" 'itk show ' "$id1" "$id2"
    check "fish: 'itk --dir STORE show ' offers both IDs" fish_offers "$tmp/elsewhere" "itk --dir $store show " "$id1" "$id2"
    check "fish: 'itk open --channel ' offers channels" fish_offers "$tmp" 'itk open --channel ' phone walk-in
    check "fish: 'itk major ' offers declare and update" fish_offers "$tmp" 'itk major ' declare update
    check "fish: 'itk major update ' offers both IDs" fish_offers "$store" 'itk major update ' "$id1" "$id2"
    check "fish: 'itk major update ID --' offers --message and --audience" \
        fish_offers "$store" "itk major update $id1 --" --message --audience
fi

# --- Summary ----------------------------------------------------------------
for s in ${skipped[@]+"${skipped[@]}"}; do echo "skipped: $s"; done
echo "t9000-completions: ${#commands[@]} commands, ${#nested[@]} nested; $pass checks passed, $fail failed"
(( fail == 0 ))
