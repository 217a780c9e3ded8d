# fish completion for itk. Install as share/fish/vendor_completions.d/itk.fish (cmake --install
# does), or in ~/.config/fish/completions. Every candidate comes from `itk __complete`:
# commands and flags from itk's own command table, values from the store's config, ticket IDs
# from its files (typed with or without the prefix, in any case).

function __itk_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l found (command $tokens[1] __complete $tokens[2..-1] $current 2>/dev/null)
    switch "$found[1]"
        case :files
            __fish_complete_path $current
        case :directories
            __fish_complete_directories $current
        case '*'
            printf '%s\n' $found
    end
end

complete -c itk -f -a '(__itk_complete)'
