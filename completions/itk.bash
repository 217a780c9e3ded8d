# bash completion for itk                                   -*- shell-script -*-
#
# Install: source this file from ~/.bashrc, or copy it to
#   ${XDG_DATA_HOME:-~/.local/share}/bash-completion/completions/itk
# Works with or without the bash-completion package.
#
# Ticket IDs are completed from the names of <store>/tickets/*.json, the store
# being --dir on the line, else $ITK_DIR, else the nearest ancestor directory
# holding itk.toml: no itk command is run while completing.

# ---------------------------------------------------------------------------
# Command table: one entry per subcommand, 'name|positionals|flags'.
#   positionals  the kinds of the positional arguments, in order:
#                id (a ticket ID), dir, file, text (free text: nothing offered),
#                sub (a nested subcommand: its entries are 'name sub|...|...')
#   flags        the command's own flags; a trailing '=' marks one that takes a
#                value (fixed value sets are in _itk_values below)
# To add a command, add its entry here.
# ---------------------------------------------------------------------------
_itk_commands=(
    'init|dir|--git'
    'open||--title= --caller= --contact= --affected= --affected-contact= --channel= --service= --description= --type= --impact= --urgency= --to= --dedup= --follows= --set='
    'edit|id|--title= --description= --service= --channel= --caller= --contact= --affected= --affected-contact= --set='
    'categorize|id|--type= --category= --subcategory= --service= --ref='
    'prioritize|id|--impact= --urgency= --explain'
    'assign|id|--to= --group='
    'take|id|'
    'unassign|id|--group --reason='
    'note|id text|--public'
    'escalate|id|--reason= --to-level= --hierarchical --to='
    'coordinate|id|--by='
    'hold|id|--reason= --awaiting= --ref='
    'resume|id|'
    'resolve|id|--solution= --kind= --code='
    'reopen|id|--reason='
    'close|id|--confirmed-by= --satisfaction= --comment= --unconfirmed --auto'
    'cancel|id|--reason= --duplicate-of='
    'major|sub|'
    'major declare|id|--reason='
    'major update|id|--message= --audience='
    'major withdraw|id|--reason='
    'link|id|--parent= --problem= --change= --caused-by='
    'unlink|id|--from='
    'postmortem|id|--force'
    'show|id|'
    'list||--status= --priority= --type= --owner= --group= --level= --caller= --service= --grep= --parent= --limit= --major --open --all --stale --breached --format= --where='
    'report||--since= --until= --period= --group= --where= --format= --trend='
    'config||--check'
    'fsck|file|--fix --cached'
    'git-setup||--global'
    'git-resolve|file|'
    'help|command|'
    'merge-file|file file file|'
    'import|text file|--map= --dry-run --strict'
    'export||--events --status= --priority= --type= --group= --where='
)

# Global options, accepted before or after the subcommand.
_itk_globals='--dir= --as= --json -q --quiet --no-color --version -h --help'

# Values of the flags that have a fixed set (or a kind) of values.
# $1 command ('' before the subcommand), $2 flag; prints the kind or the values:
# ':dir', ':file' and ':id' name a kind, anything else is a list of words.
_itk_values()
{
    case "$1:$2" in
        *:--dir) echo :dir ;;
        import:--map) echo :file ;;
        *:--channel) echo phone email portal chat monitoring walk-in ;;
        *:--type) echo incident request change ;;
        *:--kind) echo workaround permanent ;;
        report:--format) echo text markdown json csv html ;;
        report:--period) echo last-week last-month ;;
        *:--status) echo new in_progress on_hold resolved closed cancelled redirected ;;
        *:--audience) echo internal stakeholders ;;
        *:--awaiting) echo user vendor problem change evidence other ;;
        *:--satisfaction) echo 1 2 3 4 5 ;;
        *:--description) echo - ;;
        *:--duplicate-of | *:--follows | *:--parent) echo :id ;;
    esac
}

# Flags whose value may be a comma-separated list.
_itk_list_flags=' list:--status list:--priority list:--type list:--owner list:--group list:--level list:--caller list:--service export:--status export:--priority export:--type export:--group '

# compopt where there is one (bash 4+) and a completion is running.
_itk_compopt()
{
    compopt "$@" 2>/dev/null
    return 0
}

# The entry of command $1 in _itk_commands, or nothing.
_itk_entry()
{
    local e
    for e in "${_itk_commands[@]}"; do
        [[ ${e%%|*} == "$1" ]] && { printf '%s\n' "$e"; return 0; }
    done
    return 1
}

# The store root, from the words of the line ($@, the word under the cursor
# left out): --dir, else $ITK_DIR, else the nearest itk.toml upwards.
_itk_store()
{
    local dir='' have='' d
    while (( $# )); do
        case $1 in
            --dir) (( $# > 1 )) && { dir=$2; have=1; shift; } ;;
            --dir=*) dir=${1#--dir=}; have=1 ;;
        esac
        shift
    done
    if [[ -n $have ]]; then
        [[ $dir == '~' || $dir == '~/'* ]] && dir=$HOME${dir#'~'}
    elif [[ -n ${ITK_DIR-} ]]; then
        dir=$ITK_DIR
    else
        d=$PWD
        while [[ -n $d ]]; do
            [[ -f $d/itk.toml ]] && { dir=$d; break; }
            d=${d%/*}
        done
        [[ -z $dir && -f /itk.toml ]] && dir=/
    fi
    [[ -n $dir ]] && printf '%s\n' "$dir"
    return 0
}

# Ticket IDs of store $1 that start with $2 (as typed, else upper-cased).
_itk_ids()
{
    local root=$1 cur=$2 f found=''
    [[ -d $root/tickets ]] || return 0
    for f in "$root/tickets/$cur"*.json; do
        [[ -e $f ]] || continue
        f=${f##*/}; printf '%s\n' "${f%.json}"; found=1
    done
    if [[ -z $found && $cur != "${cur^^}" ]]; then
        for f in "$root/tickets/${cur^^}"*.json; do
            [[ -e $f ]] || continue
            f=${f##*/}; printf '%s\n' "${f%.json}"
        done
    fi
    return 0
}

# Fill COMPREPLY with the values of flag $2 of command $1 matching $3.
# $4: the words of the line, for the store ($5...).
_itk_complete_value()
{
    local cmd=$1 flag=$2 cur=$3 vals head=''
    shift 3
    vals=$(_itk_values "$cmd" "$flag")
    if [[ $_itk_list_flags == *" $cmd:$flag "* && $cur == *,* ]]; then
        head=${cur%,*},
        cur=${cur##*,}
    fi
    case $vals in
        :dir)
            _itk_compopt -o filenames
            mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
        :file)
            _itk_compopt -o filenames
            mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
        :id)
            local root
            root=$(_itk_store "$@")
            [[ -n $root ]] && mapfile -t COMPREPLY < <(_itk_ids "$root" "$cur") ;;
        '') COMPREPLY=() ;;
        *)  mapfile -t COMPREPLY < <(compgen -W "$vals" -- "$cur") ;;
    esac
    if [[ -n $head ]]; then
        COMPREPLY=("${COMPREPLY[@]/#/$head}")
        _itk_compopt -o nospace
    fi
}

_itk()
{
    COMPREPLY=()
    # The words of the line, '--flag' '=' 'value' joined back into one word
    # (readline splits at '=' when it is in COMP_WORDBREAKS).
    local -a w=()
    local i t join=0 cw=0 split=0
    for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
        t=${COMP_WORDS[i]}
        if [[ $t == '=' && ${#w[@]} -gt 1 && ${w[-1]} == --* && ${w[-1]} != *=* ]]; then
            w[-1]+='='; join=1
            (( i == COMP_CWORD )) && split=1
        elif (( join )); then
            w[-1]+=$t; join=0
            (( i == COMP_CWORD )) && split=1
        else
            w+=("$t")
        fi
        (( i == COMP_CWORD )) && cw=$(( ${#w[@]} - 1 ))
    done
    (( COMP_CWORD >= ${#COMP_WORDS[@]} )) && { w+=(''); cw=$(( ${#w[@]} - 1 )); }
    local cur=${w[cw]}
    local -a others=("${w[@]:1:cw-1}" "${w[@]:cw+1}")

    # Find the subcommand and how many positionals come before the cursor.
    local cmd='' entry='' kinds='' flags='' pending='' npos=0 ended=0
    for ((i = 1; i < cw; i++)); do
        t=${w[i]}
        if [[ -n $pending ]]; then
            pending=''
        elif (( ended )) || [[ $t != -?* ]]; then
            if [[ -z $cmd ]] || [[ $npos == 0 && ${kinds%% *} == sub ]]; then
                # The subcommand, or the nested subcommand of a 'sub' command.
                cmd=${cmd:+$cmd }$t
                entry=$(_itk_entry "$cmd") || entry=''
                kinds=${entry#*|}; kinds=${kinds%%|*}
                flags=${entry##*|}
            else
                npos=$((npos + 1))
            fi
        elif [[ $t == -- ]]; then
            ended=1
        elif [[ $t != *=* && " $flags $_itk_globals " == *" $t= "* ]]; then
            pending=$t
        fi
    done

    # The value of a flag: '--flag value' or '--flag=value'.
    if [[ -n $pending ]]; then
        _itk_complete_value "$cmd" "$pending" "$cur" "${others[@]}"
        return 0
    fi
    if (( ! ended )) && [[ $cur == --*=* ]]; then
        _itk_complete_value "$cmd" "${cur%%=*}" "${cur#*=}" "${others[@]}"
        # Where readline did not split at '=', the reply replaces the whole word.
        if (( ! split )) && (( ${#COMPREPLY[@]} )); then
            COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
        fi
        return 0
    fi

    # A flag.
    if (( ! ended )) && [[ $cur == -* ]]; then
        local all="$_itk_globals"
        [[ -n $cmd ]] && all="$flags $all"
        mapfile -t COMPREPLY < <(compgen -W "${all//=/}" -- "$cur")
        return 0
    fi

    # The subcommand.
    if [[ -z $cmd ]]; then
        local e names=''
        for e in "${_itk_commands[@]}"; do
            e=${e%%|*}
            [[ $e == *' '* ]] || names+=" $e"
        done
        mapfile -t COMPREPLY < <(compgen -W "$names" -- "$cur")
        return 0
    fi

    # A positional argument.
    local -a kind=($kinds)
    case ${kind[npos]-} in
        id)   local root
              root=$(_itk_store "${others[@]}")
              [[ -n $root ]] && mapfile -t COMPREPLY < <(_itk_ids "$root" "$cur") ;;
        dir)  _itk_compopt -o filenames
              mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
        file) _itk_compopt -o filenames
              mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
        text) ;;
        sub)  local e names=''
              for e in "${_itk_commands[@]}"; do
                  e=${e%%|*}
                  [[ $e == "$cmd "* ]] && names+=" ${e#"$cmd "}"
              done
              mapfile -t COMPREPLY < <(compgen -W "$names" -- "$cur") ;;
        *)    # no positional left: offer the flags
              mapfile -t COMPREPLY < <(compgen -W "${flags//=/} ${_itk_globals//=/}" -- "$cur") ;;
    esac
    return 0
}

complete -F _itk itk
