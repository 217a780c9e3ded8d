#!/bin/bash
# Major incidents (SPEC §10): declared by a major.rules match at prioritisation or by hand,
# then out of the ordinary circuit (no resolve without a coordinator), with timestamped
# communications (`major update`) shown by `itk show`.
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
f() { echo "tickets/$id.json"; }

step 'prioritize matching major.rules (high/high) declares the ticket major and says so'
export ITK_NOW=2026-11-21T09:30:00Z
itk_open --title 'Mail down for everyone' --caller Ops --type incident
rule=$id
test_equal false "$(json_get "$(f)" major)"
test_expect_code 0 "$ITK" prioritize "$id" --impact high --urgency high
echo P1 >expect
test_cmp expect out
test_grep "^$id: priority P1" err
test_grep 'MAJOR' err
test_equal true "$(json_get "$(f)" major)"
test_equal P1 "$(json_get "$(f)" priority)"
test_equal prioritize "$(json_get "$(f)" events.-1.action)"
test_equal true "$(json_get "$(f)" events.-1.major)"

step 'a prioritisation that matches no rule is not major and says nothing of it'
itk_open --title 'Slow wiki' --caller Ops --type incident
test_expect_code 0 "$ITK" prioritize "$id" --impact medium --urgency high
echo P2 >expect
test_cmp expect out
test_grep -v -i 'major' err
test_equal false "$(json_get "$(f)" major)"
test_equal false "$(json_eval "$(f)" 'd["events"][-1].get("major", False)')"
plain=$id

step 'one-shot open --impact high --urgency high declares it major too; stdout is the ID alone'
itk_open --title 'VPN down' --caller Vic --impact high --urgency high
oneshot=$id
test_grep 'MAJOR' err
test_equal true "$(json_get "$(f)" major)"
test_equal P1 "$(json_get "$(f)" priority)"
test_equal true "$(json_eval "$(f)" '[e for e in d["events"] if e["action"] == "prioritize"][0]["major"]')"

step 'major declare by hand on a P3 (impact low, urgency high)'
export ITK_NOW=2026-11-21T09:40:00Z
itk_open --title 'CEO laptop broken before the board' --caller Ceo --impact low --urgency high --to bob
hand=$id
test_equal P3 "$(json_get "$(f)" priority)"
test_equal false "$(json_get "$(f)" major)"
test_grep -v 'MAJOR' err
export ITK_NOW=2026-11-21T09:45:00Z
test_expect_code 0 "$ITK" major declare "$id" --reason 'board meeting at 10:00' --as dave
test_must_be_empty out
test_grep "^$id: MAJOR" err
test_equal true "$(json_get "$(f)" major)"
test_equal P3 "$(json_get "$(f)" priority)"
test_equal in_progress "$(json_get "$(f)" status)"
test_equal major "$(json_get "$(f)" events.-1.action)"
test_equal 'board meeting at 10:00' "$(json_get "$(f)" events.-1.reason)"
test_equal dave "$(json_get "$(f)" events.-1.by)"
test_equal 2026-11-21T09:45:00Z "$(json_get "$(f)" events.-1.at)"
test_equal 2026-11-21T09:45:00Z "$(json_get "$(f)" updated_at)"

step 'a major P3 cannot be resolved without a coordinator (exit 4, file byte-identical)'
export ITK_NOW=2026-11-21T09:50:00Z
cp "$(f)" before
test_expect_code 4 "$ITK" resolve "$id" --solution 'spare laptop' --kind workaround
test_must_be_empty out
test_grep "^itk: error: cannot resolve '$id': .*coordinator" err
test_same_file before "$(f)"
test_expect_code 0 "$ITK" coordinate "$id" --by zoe
test_equal zoe "$(json_get "$(f)" coordinator)"
test_expect_code 0 "$ITK" resolve "$id" --solution 'spare laptop' --kind workaround --as bob
test_grep "^$id: resolved" err
test_equal resolved "$(json_get "$(f)" status)"
test_equal bob "$(json_get "$(f)" resolution.by)"

step 'the same P3 without the declaration resolves without a coordinator (control)'
itk_open --title 'ordinary P3' --caller Ceo --impact low --urgency high --to bob
test_expect_code 0 "$ITK" resolve "$id" --solution s --kind workaround
test_equal resolved "$(json_get "$(f)" status)"

step 'major declare on an uncategorised ticket is refused and writes nothing'
itk_open --title 'not categorised' --caller Ugo
uncat=$id
cp "$(f)" before
test_expect_code 4 "$ITK" major declare "$id" --reason 'big'
test_must_be_empty out
test_grep "^itk: error: " err
test_grep 'categori' err
test_same_file before "$(f)"
test_equal false "$(json_get "$(f)" major)"

step 'major declare on a redirected request (terminal) is refused'
itk_open --title 'new badge' --caller Ugo --type request
cp "$(f)" before
test_expect_code 4 "$ITK" major declare "$id" --reason 'big'
test_same_file before "$(f)"

step 'major declare without --reason, or with an empty one, is a usage error'
id=$plain
cp "$(f)" before
test_expect_code 2 "$ITK" major declare "$id"
test_expect_code 2 "$ITK" major declare "$id" --reason ''
test_same_file before "$(f)"

step 'declaring a major incident again is a no-op: exit 0, file unchanged'
id=$rule
cp "$(f)" before
test_expect_code 0 "$ITK" major declare "$id" --reason 'again'
test_must_be_empty out
test_grep "^$id: nothing to do" err
test_same_file before "$(f)"
id=$oneshot
cp "$(f)" before
test_expect_code 0 "$ITK" major declare "$id" --reason 'once more'
test_grep "^$id: nothing to do" err
test_same_file before "$(f)"

step 'major update on a non-major ticket is refused (exit 4, file unchanged)'
id=$plain
cp "$(f)" before
test_expect_code 4 "$ITK" major update "$id" --message 'all good'
test_must_be_empty out
test_grep "^itk: error: .*not a major incident" err
test_same_file before "$(f)"

step 'major update records a timestamped event; the default audience is stakeholders'
id=$rule
export ITK_NOW=2026-11-21T10:00:00Z
test_expect_code 0 "$ITK" major update "$id" --message 'Mail is down, next update 10:30' --as zoe
test_must_be_empty out
test_grep "^$id: update to stakeholders" err
test_equal major_update "$(json_get "$(f)" events.-1.action)"
test_equal 2026-11-21T10:00:00Z "$(json_get "$(f)" events.-1.at)"
test_equal zoe "$(json_get "$(f)" events.-1.by)"
test_equal stakeholders "$(json_get "$(f)" events.-1.audience)"
test_equal 'Mail is down, next update 10:30' "$(json_get "$(f)" events.-1.message)"
test_equal 2026-11-21T10:00:00Z "$(json_get "$(f)" updated_at)"

step 'major update --audience internal'
export ITK_NOW=2026-11-21T10:05:00Z
test_expect_code 0 "$ITK" major update "$id" --message 'MTA queue at 20k' --audience internal
test_equal internal "$(json_get "$(f)" events.-1.audience)"
test_equal 'MTA queue at 20k' "$(json_get "$(f)" events.-1.message)"
test_equal alice "$(json_get "$(f)" events.-1.by)"
test_equal 2026-11-21T10:05:00Z "$(json_get "$(f)" events.-1.at)"
cat >expect <<-'ACTIONS'
	open
	categorize
	prioritize
	major_update
	major_update
ACTIONS
event_actions "$(f)" >actual
test_cmp expect actual

step 'major update --audience bogus, or without --message, is a usage error (exit 2), nothing written'
cp "$(f)" before
test_expect_code 2 "$ITK" major update "$id" --message 'x' --audience bogus
test_grep 'audience' err
test_same_file before "$(f)"
test_expect_code 2 "$ITK" major update "$id"
test_same_file before "$(f)"
test_expect_code 2 "$ITK" major update "$id" --message ''
test_same_file before "$(f)"

step 'show prints a Communications section, in order, times in the local time zone (TZ)'
TZ=Europe/Paris test_expect_code 0 "$ITK" show "$id"
test_must_be_empty err
test_grep 'MAJOR' out
sed -n '/^Communications:/,/^$/p' out >comms
cat >expect <<-'COMMS'
	Communications:
	  2026-11-21 11:00  stakeholders  Mail is down, next update 10:30
	  2026-11-21 11:05  internal      MTA queue at 20k

COMMS
test_cmp expect comms
# In UTC the same lines read 10:00 and 10:05.
test_expect_code 0 "$ITK" show "$id"
test_grep -E '^  2026-11-21 10:00 +stakeholders +Mail is down, next update 10:30$' out
test_grep -E '^  2026-11-21 10:05 +internal +MTA queue at 20k$' out

step 'show of a ticket without updates has no Communications section'
test_expect_code 0 "$ITK" show "$plain"
test_grep -v '^Communications' out

step 'list --major lists exactly the major incidents, resolved ones included'
test_expect_code 0 "$ITK" list --major --format '{id}'
sort out >actual
printf '%s\n' "$rule" "$oneshot" "$hand" | sort >expect
test_cmp expect actual
test_expect_code 0 "$ITK" list --major --open --format '{id}'
sort out >actual
printf '%s\n' "$rule" "$oneshot" | sort >expect
test_cmp expect actual

step 'fsck passes; every file is valid'
test_expect_code 0 "$ITK" fsck
validate_store .
