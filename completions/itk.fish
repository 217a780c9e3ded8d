# fish completion for itk.
#
# Install: copy this file to ~/.config/fish/completions/itk.fish
#
# Ticket IDs are completed from the names of <store>/tickets/*.json, the store
# being --dir on the line, else $ITK_DIR, else the nearest ancestor directory
# holding itk.toml: no itk command is run while completing.

# Flags that take no value (any command); every other flag takes one. A new
# command with a new boolean flag adds it here.
set -g __itk_bool_flags --json -q --quiet --no-color --version -h --help \
    --explain --public --hierarchical --unconfirmed --auto \
    --major --open --all --stale --breached --check --git --force

# The tokens before the cursor, split into: the subcommand, then its positionals.
function __itk_parse
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l out
    set -l skip 0
    set -l ended 0
    for t in $tokens
        if test $skip = 1
            set skip 0
        else if test $ended = 1; or not string match -qr -- '^-.' $t
            set -a out $t
        else if test "$t" = --
            set ended 1
        else if not string match -q -- '*=*' $t; and not contains -- $t $__itk_bool_flags
            set skip 1
        end
    end
    for t in $out
        echo $t
    end
end

# No subcommand yet.
function __itk_no_subcommand
    set -l p (__itk_parse)
    test (count $p) -eq 0
end

# The subcommand is $argv: one word (show), or a command and its nested
# subcommand (major declare).
function __itk_using
    set -l p (__itk_parse)
    test (count $p) -ge (count $argv); or return 1
    for i in (seq (count $argv))
        test "$p[$i]" = "$argv[$i]"; or return 1
    end
end

# The subcommand is $argv[1..-2] (as for __itk_using) and the cursor is on its
# positional number $argv[-1]: __itk_pos show 1, __itk_pos major declare 1;
# __itk_pos major 1 is the place of major's nested subcommand.
function __itk_pos
    set -l n $argv[-1]
    set -e argv[-1]
    __itk_using $argv; or return 1
    set -l p (__itk_parse)
    test (count $p) -eq (math (count $argv) - 1 + $n)
end

# The store root: --dir on the line, else $ITK_DIR, else the nearest itk.toml upwards.
function __itk_store
    set -l tokens (commandline -opc)
    set -l dir
    set -l have 0
    set -l n (count $tokens)
    for i in (seq 2 $n)
        switch $tokens[$i]
            case --dir
                if test $i -lt $n
                    set dir $tokens[(math $i + 1)]
                    set have 1
                end
            case '--dir=*'
                set dir (string replace -- --dir= '' $tokens[$i])
                set have 1
        end
    end
    if test $have = 1
        set dir (string replace -r -- '^~(?=/|$)' $HOME $dir)
    else if set -q ITK_DIR[1]; and test -n "$ITK_DIR"
        set dir $ITK_DIR
    else
        set -l d $PWD
        while true
            if test -f $d/itk.toml
                set dir $d
                break
            end
            test "$d" = /; and break
            set d (string replace -r -- '/[^/]*$' '' $d)
            test -n "$d"; or set d /
        end
    end
    test -n "$dir"; and echo $dir
end

# Ticket IDs: the names of <store>/tickets/*.json.
function __itk_ids
    set -l root (__itk_store)
    test -n "$root"; and test -d $root/tickets; or return 0
    for f in $root/tickets/*.json
        string replace -r -- '\.json$' '' (string replace -r -- '.*/' '' $f)
    end
end

complete -c itk -f

# Global options, before or after the subcommand.
complete -c itk -l dir -x -a '(__fish_complete_directories (commandline -ct))' -d 'Store root'
complete -c itk -l as -x -d 'Actor of the change'
complete -c itk -l json -d 'Print JSON (read commands)'
complete -c itk -s q -l quiet -d 'No messages on stderr, only errors'
complete -c itk -l no-color -d 'Never colour output'
complete -c itk -l version -d 'Display program version information and exit'
complete -c itk -s h -l help -d 'Print help and exit'

# Values of enumerated flags, for any command that has them.
set -g __itk_channels phone email portal chat monitoring walk-in
set -g __itk_types incident request change
set -g __itk_statuses new in_progress on_hold resolved closed cancelled redirected
set -g __itk_kinds workaround permanent
set -g __itk_audiences internal stakeholders

# ---------------------------------------------------------------------------
# Commands: one block per subcommand. A block has the line that offers the
# subcommand (with its description), one line per flag, and a line per
# positional (__itk_pos CMD N: the cursor is on positional number N). A
# command with nested subcommands (major) offers them at its positional 1, and
# their flags and positionals use '__itk_using major declare' and
# '__itk_pos major declare 1'. To add a command, add its block.
# ---------------------------------------------------------------------------

## init
complete -c itk -n __itk_no_subcommand -a init -d 'Create a store: itk.toml with the defaults, tickets/'
complete -c itk -n '__itk_pos init 1' -x -a '(__fish_complete_directories (commandline -ct))'
complete -c itk -n '__itk_using init' -l git -d "Also make it a git repository with itk's merge driver"

## open
complete -c itk -n __itk_no_subcommand -a open -d 'Register a ticket (steps 1-2); prints its ID'
complete -c itk -n '__itk_using open' -l title -x -d 'What is wrong, in one line'
complete -c itk -n '__itk_using open' -l caller -x -d 'Who calls (step 1)'
complete -c itk -n '__itk_using open' -l contact -x -d "The caller's contact (mail, phone)"
complete -c itk -n '__itk_using open' -l affected -x -d 'Who is concerned, when not the caller'
complete -c itk -n '__itk_using open' -l affected-contact -x -d "The affected person's contact"
complete -c itk -n '__itk_using open' -l channel -x -a "$__itk_channels" -d 'Channel'
complete -c itk -n '__itk_using open' -l service -x -d 'The IT service concerned'
complete -c itk -n '__itk_using open' -l description -x -a - -d "Details; '-' reads standard input"
complete -c itk -n '__itk_using open' -l type -x -a "$__itk_types" -d 'Categorise at once'
complete -c itk -n '__itk_using open' -l impact -x -d 'Prioritise at once'
complete -c itk -n '__itk_using open' -l urgency -x -d 'Prioritise at once'
complete -c itk -n '__itk_using open' -l to -x -d 'Assign at once'
complete -c itk -n '__itk_using open' -l dedup -x -d 'Monitoring key'
complete -c itk -n '__itk_using open' -l follows -x -a '(__itk_ids)' -d 'A closed ticket this one follows up'
complete -c itk -n '__itk_using open' -l set -x -d 'A custom field: KEY=VALUE'

## edit
complete -c itk -n __itk_no_subcommand -a edit -d "Correct a ticket's registration (title, contact, ...)"
complete -c itk -n '__itk_pos edit 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using edit' -l title -x -d 'New title'
complete -c itk -n '__itk_using edit' -l set -x -d 'A custom field: KEY=VALUE, KEY= clears it'
complete -c itk -n '__itk_using edit' -l description -x -a - -d "New description; '-' reads standard input"
complete -c itk -n '__itk_using edit' -l service -x -d 'New service'
complete -c itk -n '__itk_using edit' -l channel -x -a "$__itk_channels" -d 'New channel'
complete -c itk -n '__itk_using edit' -l caller -x -d 'New caller name'
complete -c itk -n '__itk_using edit' -l contact -x -d 'New caller contact'
complete -c itk -n '__itk_using edit' -l affected -x -d 'New affected person'
complete -c itk -n '__itk_using edit' -l affected-contact -x -d "New affected person's contact"

## categorize
complete -c itk -n __itk_no_subcommand -a categorize -d 'Categorise (step 3): incident, or redirect a request or change'
complete -c itk -n '__itk_pos categorize 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using categorize' -l type -x -a "$__itk_types" -d 'incident, request or change'
complete -c itk -n '__itk_using categorize' -l category -x -d 'Category (incidents)'
complete -c itk -n '__itk_using categorize' -l subcategory -x -d 'Subcategory (incidents)'
complete -c itk -n '__itk_using categorize' -l service -x -d 'The IT service concerned'
complete -c itk -n '__itk_using categorize' -l ref -x -d "The number in the other practice's tool"

## prioritize
complete -c itk -n __itk_no_subcommand -a prioritize -d 'Prioritise (step 4): impact x urgency; prints the priority'
complete -c itk -n '__itk_pos prioritize 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using prioritize' -l impact -x -d 'Impact level from the config'
complete -c itk -n '__itk_using prioritize' -l urgency -x -d 'Urgency level from the config'
complete -c itk -n '__itk_using prioritize' -l explain -d 'Also show the matrix and what each level means'

## assign
complete -c itk -n __itk_no_subcommand -a assign -d 'Assign to a person (the first assignment is the response)'
complete -c itk -n '__itk_pos assign 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using assign' -l to -x -d 'The new owner'
complete -c itk -n '__itk_using assign' -l group -x -d 'Also move it to this group'

## take
complete -c itk -n __itk_no_subcommand -a take -d 'Assign a ticket to yourself'
complete -c itk -n '__itk_pos take 1' -a '(__itk_ids)'

## note
complete -c itk -n __itk_no_subcommand -a note -d 'Add a work note (diagnosis, tests done)'
complete -c itk -n '__itk_pos note 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using note' -l public -d 'The note was told to the caller'

## escalate
complete -c itk -n __itk_no_subcommand -a escalate -d 'Escalate to the next support level, or --hierarchical to a manager'
complete -c itk -n '__itk_pos escalate 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using escalate' -l reason -x -d 'Why'
complete -c itk -n '__itk_using escalate' -l to-level -x -d 'Target level (default: the next one)'
complete -c itk -n '__itk_using escalate' -l hierarchical -d 'Warn a manager'
complete -c itk -n '__itk_using escalate' -l to -x -d 'The manager'

## coordinate
complete -c itk -n __itk_no_subcommand -a coordinate -d 'Name the coordinator (control tower) of a P1/P2 or major incident'
complete -c itk -n '__itk_pos coordinate 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using coordinate' -l by -x -d 'The coordinator'

## unassign
complete -c itk -n __itk_no_subcommand -a unassign -d "Clear the owner: back in its group's queue"
complete -c itk -n '__itk_pos unassign 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using unassign' -l reason -x -d 'Why'
complete -c itk -n '__itk_using unassign' -l group -d "Out of its group's queue too"

## hold
complete -c itk -n __itk_no_subcommand -a hold -d 'Put on hold (waiting for the user or a supplier); SLA clocks stop'
complete -c itk -n '__itk_pos hold 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using hold' -l reason -x -d 'What it waits for'
complete -c itk -n '__itk_using hold' -l awaiting -x -a 'user vendor problem change evidence other' -d 'What kind of wait'
complete -c itk -n '__itk_using hold' -l ref -x -d "The vendor's case, the problem or change number"

## resume
complete -c itk -n __itk_no_subcommand -a resume -d 'Resume a ticket on hold; SLA clocks run again'
complete -c itk -n '__itk_pos resume 1' -a '(__itk_ids)'

## resolve
complete -c itk -n __itk_no_subcommand -a resolve -d 'Apply a correction (step 8): workaround or permanent fix'
complete -c itk -n '__itk_pos resolve 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using resolve' -l solution -x -d 'What was done'
complete -c itk -n '__itk_using resolve' -l kind -x -a "$__itk_kinds" -d 'workaround or permanent'
complete -c itk -n '__itk_using resolve' -l code -x -d 'Resolution code'

## reopen
complete -c itk -n __itk_no_subcommand -a reopen -d 'Reopen a resolved ticket: the user says it is not fixed'
complete -c itk -n '__itk_pos reopen 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using reopen' -l reason -x -d 'What the user reports'

## close
complete -c itk -n __itk_no_subcommand -a close -d 'Close a resolved ticket once the user confirms (step 9)'
complete -c itk -n '__itk_pos close 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using close' -l confirmed-by -x -d 'The caller or affected person who confirms the fix'
complete -c itk -n '__itk_using close' -l satisfaction -x -a '1 2 3 4 5' -d 'Their satisfaction, 1 to 5'
complete -c itk -n '__itk_using close' -l comment -x -d 'Their comment'
complete -c itk -n '__itk_using close' -l unconfirmed -d 'Close without confirmation'
complete -c itk -n '__itk_using close' -l auto -d 'Close every ticket resolved long enough; prints their IDs'

## cancel
complete -c itk -n __itk_no_subcommand -a cancel -d 'Cancel a ticket: duplicate, false alarm'
complete -c itk -n '__itk_pos cancel 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using cancel' -l reason -x -d 'Why'
complete -c itk -n '__itk_using cancel' -l duplicate-of -x -a '(__itk_ids)' -d 'The ticket it duplicates'

## major
complete -c itk -n __itk_no_subcommand -a major -d 'Major incidents: declare one, record its communications'
complete -c itk -n '__itk_pos major 1' -a declare -d 'Declare a major incident by hand (needs a coordinator)'
complete -c itk -n '__itk_pos major 1' -a update -d 'Record a communication about a major incident'
complete -c itk -n '__itk_pos major declare 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using major declare' -l reason -x -d 'Why it is major (impact, business at stake)'
complete -c itk -n '__itk_pos major update 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using major update' -l message -x -d 'What was said'
complete -c itk -n '__itk_using major update' -l audience -x -a "$__itk_audiences" -d 'internal or stakeholders (default)'
complete -c itk -n '__itk_pos major 1' -a withdraw -d 'Withdraw a declaration that proved wrong'
complete -c itk -n '__itk_pos major withdraw 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using major withdraw' -l reason -x -d 'Why it is not major after all'

## link
complete -c itk -n __itk_no_subcommand -a link -d 'Attach an incident to a parent incident (one outage, many calls)'
complete -c itk -n '__itk_pos link 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using link' -l parent -x -a '(__itk_ids)' -d 'The parent incident'
complete -c itk -n '__itk_using link' -l problem -x -d 'The number of its problem record'
complete -c itk -n '__itk_using link' -l change -x -d 'The number of the change that fixes it'
complete -c itk -n '__itk_using link' -l caused-by -x -d 'The number of the change that caused it'

## unlink
complete -c itk -n __itk_no_subcommand -a unlink -d 'Detach an incident from its parent'
complete -c itk -n '__itk_pos unlink 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using unlink' -l from -x -a '(__itk_ids)' -d "Take CHILD off this parent's list"

## postmortem
complete -c itk -n __itk_no_subcommand -a postmortem -d 'Write the post-mortem draft of an incident (postmortems/ID.md)'
complete -c itk -n '__itk_pos postmortem 1' -a '(__itk_ids)'
complete -c itk -n '__itk_using postmortem' -l force -d 'Replace an existing draft (people may have edited it)'

## show
complete -c itk -n __itk_no_subcommand -a show -d 'Show a ticket, its SLA time left and its timeline'
complete -c itk -n '__itk_pos show 1' -a '(__itk_ids)'

## list
complete -c itk -n __itk_no_subcommand -a list -d 'List tickets by priority, then age (live ones unless --all)'
complete -c itk -n '__itk_using list' -l status -x -a "$__itk_statuses" -d 'Status'
complete -c itk -n '__itk_using list' -l priority -x -d 'Priority (P1, ...)'
complete -c itk -n '__itk_using list' -l type -x -a "$__itk_types" -d 'incident, request or change'
complete -c itk -n '__itk_using list' -l owner -x -d 'Owner'
complete -c itk -n '__itk_using list' -l group -x -d 'Group'
complete -c itk -n '__itk_using list' -l level -x -d 'Support level (N1, ...)'
complete -c itk -n '__itk_using list' -l caller -x -d 'Caller or affected person'
complete -c itk -n '__itk_using list' -l service -x -d 'Service'
complete -c itk -n '__itk_using list' -l grep -x -d 'Text in the title, description or ID'
complete -c itk -n '__itk_using list' -l parent -x -a '(__itk_ids)' -d 'Children of this incident'
complete -c itk -n '__itk_using list' -l limit -x -d 'At most N tickets'
complete -c itk -n '__itk_using list' -l major -d 'Major incidents only'
complete -c itk -n '__itk_using list' -l open -d 'Not terminal and not resolved'
complete -c itk -n '__itk_using list' -l all -d 'Also closed, cancelled and redirected tickets'
complete -c itk -n '__itk_using list' -l stale -d 'No event for longer than escalation.stale_after'
complete -c itk -n '__itk_using list' -l breached -d 'Past an SLA target'
complete -c itk -n '__itk_using list' -l format -x -d 'One line per ticket, e.g. {id}\t{priority}\t{title}'
complete -c itk -n '__itk_using list' -l where -x -d 'A custom field or string key: KEY=VALUE'

## report
complete -c itk -n __itk_no_subcommand -a report -d 'KPI report of a period: volumes, MTTA, MTTR, SLA, backlog, majors'
complete -c itk -n '__itk_using report' -l since -x -d 'Start, included (RFC 3339 or YYYY-MM-DD)'
complete -c itk -n '__itk_using report' -l until -x -d 'End, excluded (default: now)'
complete -c itk -n '__itk_using report' -l period -x -a 'last-week last-month' -d 'Period'
complete -c itk -n '__itk_using report' -l group -x -d 'Only tickets of this group'
complete -c itk -n '__itk_using report' -l where -x -d 'A custom field or string key: KEY=VALUE'
complete -c itk -n '__itk_using report' -l format -x -a 'text markdown json csv html' -d 'Output format'
complete -c itk -n '__itk_using report' -l trend -x -d 'html: chart the N periods before'

## config
complete -c itk -n __itk_no_subcommand -a config -d 'Print the config in force; --check validates it'
complete -c itk -n '__itk_using config' -l check -d 'Validate only'

## fsck
complete -c itk -n __itk_no_subcommand -a fsck -d 'Check ticket files: valid, equal to the replay of their events, linked both ways'
complete -c itk -n '__itk_using fsck' -l fix -d 'Rewrite fixable files canonically; remove debris'
complete -c itk -n '__itk_using fsck' -l cached -d "Check the ticket files staged in git's index"

## git-setup
complete -c itk -n __itk_no_subcommand -a git-setup -d "Register itk's merge driver for tickets (this clone, or --global)"
complete -c itk -n '__itk_using git-setup' -l global -d 'In your global git config, for every clone'

## git-resolve
complete -c itk -n __itk_no_subcommand -a git-resolve -d 'Merge the ticket files git left conflicted, and stage them'

## help
complete -c itk -n __itk_no_subcommand -a help -d 'Show the manual of itk or of a command'

## merge-file
complete -c itk -n __itk_no_subcommand -a merge-file -d 'Git merge driver: merge two versions of a ticket event by event'
complete -c itk -n '__itk_pos merge-file 1' -F -d 'Common ancestor (%O)'
complete -c itk -n '__itk_pos merge-file 2' -F -d 'Our version, replaced by the merge (%A)'
complete -c itk -n '__itk_pos merge-file 3' -F -d 'Their version (%B)'

## import
complete -c itk -n __itk_no_subcommand -a import -d "Import another tool's history: servicenow, csv (with a map) or ndjson"
complete -c itk -n '__itk_pos import 1' -x -a 'servicenow csv ndjson'
complete -c itk -n '__itk_pos import 2' -F -d 'The export to read'
complete -c itk -n '__itk_using import' -l map -r -F -d 'How the columns map to itk'
complete -c itk -n '__itk_using import' -l dry-run -d 'Check and report; write nothing'
complete -c itk -n '__itk_using import' -l strict -d 'Refuse the whole import when the rules refuse any event'

## export
complete -c itk -n __itk_no_subcommand -a export -d 'Export tickets or events as NDJSON (DuckDB, Spark, a warehouse)'
complete -c itk -n '__itk_using export' -l events -d 'One line per event'
complete -c itk -n '__itk_using export' -l status -x -a "$__itk_statuses" -d 'Status'
complete -c itk -n '__itk_using export' -l priority -x -d 'Priority (P1, ...)'
complete -c itk -n '__itk_using export' -l type -x -a "$__itk_types" -d 'incident, request or change'
complete -c itk -n '__itk_using export' -l group -x -d 'Group'
complete -c itk -n '__itk_using export' -l where -x -d 'A custom field or string key: KEY=VALUE'
