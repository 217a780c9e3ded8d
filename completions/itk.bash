# bash completion for itk. Install as share/bash-completion/completions/itk (cmake --install
# does), or source it. Every candidate comes from `itk __complete`: commands and flags from
# itk's own command table, values from the store's config, ticket IDs from its files (typed
# with or without the prefix, in any case), so that it never lags behind the binary.

_itk() {
    local line=${COMP_LINE:0:COMP_POINT}
    local -a words
    # The words as itk sees them (readline also splits at '=' and ':'; itk wants --opt=value whole).
    read -r -a words <<<"$line"
    [[ $line =~ [[:space:]]$ ]] && words+=("")
    ((${#words[@]} > 0)) || return 0
    local cur=${COMP_WORDS[COMP_CWORD]}
    local token=${words[${#words[@]}-1]}
    # What readline will replace is $cur: drop what precedes it in itk's token (--opt=).
    local strip=""
    if [[ $cur != "$token" && $token == *"$cur" ]]; then
        strip=${token%"$cur"}
    fi
    [[ $cur == "=" ]] && strip=$token # readline completes what follows the "="
    local IFS=$'\n' c
    local -a found
    found=($(command "${words[0]}" __complete "${words[@]:1}" 2>/dev/null))
    COMPREPLY=()
    case ${found[0]-} in
    :files | :directories)
        local only=-f
        [[ ${found[0]} == :directories ]] && only=-d
        if declare -F _filedir >/dev/null; then
            [[ $only == -d ]] && _filedir -d || _filedir
        else
            COMPREPLY=($(compgen "$only" -- "$cur"))
        fi
        return 0
        ;;
    esac
    for c in "${found[@]}"; do
        c=${c%%$'\t'*}
        COMPREPLY+=("${c#"$strip"}")
    done
    # An option's value follows after a space; a --opt= candidate goes on without one.
    if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == *= ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}
complete -F _itk itk
