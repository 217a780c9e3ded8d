#!/bin/bash
# Parent and child incidents (SPEC §10): many users calling about one outage. Links are
# checked before anything is written; resolving the parent resolves every open child with
# its own event naming the parent; children still close on their own callers' confirmation.
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
t() { echo "tickets/$1.json"; }

# snapshot / unchanged: copy every ticket file aside, then check that none changed and no
# file appeared or vanished.
snapshot() {
	rm -rf snap && mkdir snap && cp tickets/*.json snap/
}
unchanged() {
	(cd snap && ls) >snap.list
	(cd tickets && ls) >now.list
	test_cmp snap.list now.list
	local x
	for x in snap/*.json; do
		test_same_file "$x" "tickets/${x#snap/}"
	done
}

step 'a major parent incident and three children opened by three different callers'
export ITK_NOW=2026-11-21T09:00:00Z
itk_open --title 'Mail server down' --caller Ops --impact high --urgency high --to bob
parent=$id
export ITK_NOW=2026-11-21T09:05:00Z
# Anna's ticket is never assigned (nor prioritised); Ben's is in progress with carol; Chloe's is
# on hold and escalated to N2 (no owner).
itk_open --title 'I get no mail' --caller Anna --contact anna@corp.example --type incident --as desk1
anna=$id
itk_open --title 'Outlook says offline' --caller Ben --impact medium --urgency high --to carol --as desk2
ben=$id
# Ben's is a P2: resolving it alone would need a coordinator (coordination.required_for).
test_equal P2 "$(json_get "$(t "$ben")" priority)"
test_equal null "$(json_get "$(t "$ben")" coordinator)"
itk_open --title 'Mail bounces' --caller Chloe --impact low --urgency low --to dan --as desk3
chloe=$id
test_expect_code 0 "$ITK" hold "$chloe" --reason 'waiting for the user to call back' --as dan
test_expect_code 0 "$ITK" escalate "$chloe" --reason 'needs the mail team'
test_equal on_hold "$(json_get "$(t "$chloe")" status)"
test_equal N2 "$(json_get "$(t "$chloe")" level)"
test_equal null "$(json_get "$(t "$chloe")" owner)"
test_equal null "$(json_get "$(t "$anna")" owner)"
test_equal new "$(json_get "$(t "$anna")" status)"
# A fourth incident that will be resolved on its own before the parent, and a bystander.
itk_open --title 'Mail slow' --caller Dora --impact low --urgency low --to erin
dora=$id
itk_open --title 'Printer jam' --caller Paul --impact low --urgency low --to erin
bystander=$id

step 'link each child to the parent: exit 0, both sides recorded'
export ITK_NOW=2026-11-21T09:10:00Z
for c in "$anna" "$ben" "$chloe" "$dora"; do
	test_expect_code 0 "$ITK" link "$c" --parent "$parent"
	test_must_be_empty out
	test_grep "^$c: linked to parent $parent" err
	test_equal "$parent" "$(json_get "$(t "$c")" parent)"
	test_equal link "$(json_get "$(t "$c")" events.-1.action)"
	test_equal "$parent" "$(json_get "$(t "$c")" events.-1.parent)"
	test_equal 2026-11-21T09:10:00Z "$(json_get "$(t "$c")" events.-1.at)"
done
test_equal null "$(json_get "$(t "$parent")" parent)"
test_equal null "$(json_get "$(t "$bystander")" parent)"

step 'linking again to the same parent is a no-op'
snapshot
test_expect_code 0 "$ITK" link "$ben" --parent "$parent"
unchanged

step 'list --parent lists exactly the children, with a unique prefix of the parent too'
test_expect_code 0 "$ITK" list --parent "$parent" --format '{id}'
sort out >actual
printf '%s\n' "$anna" "$ben" "$chloe" "$dora" | sort >expect
test_cmp expect actual
short=${parent#INC-}
short=${short:0:8}
test_expect_code 0 "$ITK" list --parent "$short" --format '{id}'
sort out >actual
test_cmp expect actual
test_expect_code 0 "$ITK" list --parent "$parent" --json
test_equal 4 "$(json_get out length)"
test_expect_code 0 "$ITK" list --parent "$bystander" --format '{id}'
test_must_be_empty out

step 'show PARENT lists the children with their states'
test_expect_code 0 "$ITK" show "$parent"
test_must_be_empty err
test_grep '^Children (4):' out
test_grep -E "^  $anna +new +Anna +I get no mail\$" out
test_grep -E "^  $ben +in_progress +Ben +Outlook says offline\$" out
test_grep -E "^  $chloe +on_hold +Chloe +Mail bounces\$" out
test_grep -E "^  $dora +in_progress +Dora +Mail slow\$" out
test_grep -v "$bystander" out
test_expect_code 0 "$ITK" show "$ben"
test_grep -E "^  parent +$parent\$" out

step 'refused links write no file: a parent as a child, a child to itself'
snapshot
test_expect_code 4 "$ITK" link "$parent" --parent "$bystander"
test_grep '^itk: error: ' err
unchanged
test_expect_code 4 "$ITK" link "$bystander" --parent "$bystander"
test_grep '^itk: error: ' err
unchanged

step 'refused links: a child already linked elsewhere, a child as a parent'
test_expect_code 4 "$ITK" link "$ben" --parent "$bystander"
test_grep "^itk: error: .*$parent" err
unchanged
test_expect_code 4 "$ITK" link "$bystander" --parent "$ben"
test_grep '^itk: error: ' err
unchanged

step 'refused links: to a closed parent, to a non-incident parent, an uncategorised child'
export ITK_NOW=2026-11-21T09:15:00Z
itk_open --title 'old outage' --caller Olga --impact low --urgency low --to erin
closed=$id
"$ITK" resolve "$closed" --solution s --kind permanent 2>/dev/null
"$ITK" close "$closed" --confirmed-by Olga 2>/dev/null
test_equal closed "$(json_get "$(t "$closed")" status)"
itk_open --title 'new laptop please' --caller Rita --type request
request=$id
itk_open --title 'vague call' --caller Vera
vague=$id
itk_open --title 'loose one' --caller Lou --type incident
loose=$id
snapshot
test_expect_code 4 "$ITK" link "$loose" --parent "$closed"
test_grep '^itk: error: ' err
unchanged
test_expect_code 4 "$ITK" link "$loose" --parent "$request"
test_grep '^itk: error: ' err
unchanged
test_expect_code 4 "$ITK" link "$loose" --parent "$vague"
test_grep '^itk: error: ' err
unchanged
test_expect_code 4 "$ITK" link "$vague" --parent "$parent"
test_grep '^itk: error: ' err
unchanged
test_expect_code 3 "$ITK" link "$loose" --parent INC-NOSUCHTICKET
unchanged

step 'a refused parent resolve (no coordinator) leaves every file byte-identical'
export ITK_NOW=2026-11-21T09:30:00Z
snapshot
test_expect_code 4 "$ITK" resolve "$parent" --solution 'restarted the MTA' --kind workaround
test_grep "^itk: error: cannot resolve '$parent': .*coordinator" err
unchanged

step 'a child resolved on its own before the parent'
export ITK_NOW=2026-11-21T09:40:00Z
test_expect_code 0 "$ITK" resolve "$dora" --solution 'cleared the cache' --kind permanent --as erin
test_equal resolved "$(json_get "$(t "$dora")" status)"
cp "$(t "$dora")" dora.before

step 'resolving the parent resolves every open child, each with its own event naming the parent'
test_expect_code 0 "$ITK" coordinate "$parent" --by zoe
export ITK_NOW=2026-11-21T10:00:00Z
test_expect_code 0 "$ITK" resolve "$parent" --solution 'restarted the MTA' --kind workaround --code MTA-RESTART --as bob
test_must_be_empty out
test_grep "^$parent: resolved" err
for c in "$anna" "$ben" "$chloe"; do
	test_grep "^$c: resolved" err
	test_equal resolved "$(json_get "$(t "$c")" status)"
	test_equal resolve "$(json_get "$(t "$c")" events.-1.action)"
	test_equal "$parent" "$(json_get "$(t "$c")" events.-1.parent)"
	test_equal bob "$(json_get "$(t "$c")" events.-1.by)"
	test_equal 2026-11-21T10:00:00Z "$(json_get "$(t "$c")" events.-1.at)"
	test_equal workaround "$(json_get "$(t "$c")" events.-1.kind)"
	test_equal workaround "$(json_get "$(t "$c")" resolution.kind)"
	test_equal MTA-RESTART "$(json_get "$(t "$c")" resolution.code)"
	test_equal 'restarted the MTA' "$(json_get "$(t "$c")" resolution.notes)"
	test_equal 2026-11-21T10:00:00Z "$(json_get "$(t "$c")" resolution.at)"
	test_equal bob "$(json_get "$(t "$c")" resolution.by)"
	test_equal 1 "$(json_eval "$(t "$c")" 'sum(e["action"] == "resolve" for e in d["events"])')"
done
test_equal resolved "$(json_get "$(t "$parent")" status)"
test_equal resolve "$(json_get "$(t "$parent")" events.-1.action)"
test_equal false "$(json_eval "$(t "$parent")" '"parent" in d["events"][-1]')"
# the child on hold is resolved and no longer on hold; the never-assigned one has no owner still
test_equal null "$(json_get "$(t "$chloe")" hold_reason)"
test_equal null "$(json_get "$(t "$anna")" owner)"
test_equal carol "$(json_get "$(t "$ben")" owner)"

step 'a child already resolved on its own is not resolved again; the bystander is untouched'
test_same_file dora.before "$(t "$dora")"
test_equal 'cleared the cache' "$(json_get "$(t "$dora")" resolution.notes)"
test_equal 1 "$(json_eval "$(t "$dora")" 'sum(e["action"] == "resolve" for e in d["events"])')"
test_equal in_progress "$(json_get "$(t "$bystander")" status)"
test_expect_code 0 "$ITK" show "$parent"
test_grep -E "^  $anna +resolved +Anna " out
test_grep -E "^  $chloe +resolved +Chloe " out

step 'the children close on their own callers confirmation; a stranger is refused'
export ITK_NOW=2026-11-21T11:00:00Z
for pair in "$anna:anna@CORP.example" "$ben:ben" "$chloe:Chloe" "$dora:DORA"; do
	c=${pair%%:*}
	who=${pair#*:}
	cp "$(t "$c")" before
	test_expect_code 4 "$ITK" close "$c" --confirmed-by Ops
	test_grep "^itk: error: cannot close '$c'" err
	test_same_file before "$(t "$c")"
	test_expect_code 4 "$ITK" close "$c" --confirmed-by mallory
	test_same_file before "$(t "$c")"
	test_expect_code 0 "$ITK" close "$c" --confirmed-by "$who"
	test_grep "^$c: closed" err
	test_equal closed "$(json_get "$(t "$c")" status)"
	test_equal false "$(json_get "$(t "$c")" closure.unconfirmed)"
done
test_equal Anna "$(json_get "$(t "$anna")" closure.confirmed_by)"
test_equal Chloe "$(json_get "$(t "$chloe")" closure.confirmed_by)"

step 'unlink: the parent no longer lists the child'
export ITK_NOW=2026-11-21T11:30:00Z
itk_open --title 'late caller' --caller Leo --type incident
late=$id
test_expect_code 0 "$ITK" link "$late" --parent "$bystander"
test_expect_code 0 "$ITK" list --parent "$bystander" --format '{id}'
echo "$late" >expect
test_cmp expect out
test_expect_code 0 "$ITK" unlink "$late"
test_must_be_empty out
test_grep "^$late: unlinked from $bystander" err
test_equal null "$(json_get "$(t "$late")" parent)"
test_equal unlink "$(json_get "$(t "$late")" events.-1.action)"
test_expect_code 0 "$ITK" list --parent "$bystander" --format '{id}'
test_must_be_empty out
test_expect_code 0 "$ITK" show "$bystander"
test_grep -v '^Children' out
test_grep -v "^  $late" out
# unlinking again is a no-op; the freed child can be linked elsewhere
cp "$(t "$late")" before
test_expect_code 0 "$ITK" unlink "$late"
test_same_file before "$(t "$late")"

step 'unlink before the parent resolves: list --parent and show drop it, resolve skips it'
itk_open --title 'another late one' --caller Lia --type incident
lia=$id
export ITK_NOW=2026-11-21T11:40:00Z
itk_open --title 'second outage' --caller Ops --impact high --urgency high --to bob
second=$id
test_expect_code 0 "$ITK" link "$lia" --parent "$second"
test_expect_code 0 "$ITK" link "$late" --parent "$second"
test_expect_code 0 "$ITK" unlink "$lia"
test_expect_code 0 "$ITK" list --parent "$second" --format '{id}'
echo "$late" >expect
test_cmp expect out
test_expect_code 0 "$ITK" show "$second"
test_grep '^Children (1):' out
test_grep -v "^  $lia" out
# resolving the second parent no longer touches the unlinked ticket
test_expect_code 0 "$ITK" coordinate "$second" --by zoe
cp "$(t "$lia")" lia.before
export ITK_NOW=2026-11-21T12:00:00Z
cp "$(t "$second")" second.before
test_expect_code 0 "$ITK" resolve "$second" --solution 'rebooted' --kind permanent
test_same_file lia.before "$(t "$lia")"
test_equal resolved "$(json_get "$(t "$late")" status)"
test_equal "$second" "$(json_get "$(t "$late")" events.-1.parent)"

step 'an interrupted parent resolve (children written, parent not) is completed by running it again'
# Children are written first and the parent last (SPEC §10): put the parent back as if the
# run had died before its write.
cp second.before "$(t "$second")"
cp "$(t "$late")" late.before
test_equal in_progress "$(json_get "$(t "$second")" status)"
test_expect_code 0 "$ITK" resolve "$second" --solution 'rebooted' --kind permanent
test_equal resolved "$(json_get "$(t "$second")" status)"
test_same_file late.before "$(t "$late")"
test_equal 1 "$(json_eval "$(t "$late")" 'sum(e["action"] == "resolve" for e in d["events"])')"

step 'fsck passes; every file is valid'
test_expect_code 0 "$ITK" fsck
validate_store .
