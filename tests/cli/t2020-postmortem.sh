#!/bin/bash
# Post-mortems (SPEC §10): `itk postmortem ID` writes postmortems/<ID>.md from the history
# and records a `postmortem` event; a major incident closes only after it; the report's
# `major` entries carry `children` and `postmortem`; `close --auto` respects the rule.
. "$(dirname "$0")/lib.sh"

"$ITK" init >/dev/null 2>&1
t() { echo "tickets/$1.json"; }

step 'a major incident with two children, escalations, updates and a resolution'
export ITK_NOW=2026-11-21T09:30:00Z
itk_open --title 'Mail server down' --caller Ops --affected 'Whole company' --service mail \
	--impact high --urgency high --to bob
id_major=$id
itk_open --title 'no mail' --caller Anna --type incident
anna=$id
itk_open --title 'mail bounces' --caller Ben --type incident
ben=$id
test_expect_code 0 "$ITK" link "$anna" --parent "$id_major"
test_expect_code 0 "$ITK" link "$ben" --parent "$id_major"
export ITK_NOW=2026-11-21T09:35:00Z
test_expect_code 0 "$ITK" coordinate "$id_major" --by zoe
export ITK_NOW=2026-11-21T09:40:00Z
test_expect_code 0 "$ITK" escalate "$id_major" --reason 'MTA configuration needed'
export ITK_NOW=2026-11-21T09:45:00Z
test_expect_code 0 "$ITK" escalate "$id_major" --hierarchical --reason 'CEO cannot send mail'
test_expect_code 0 "$ITK" assign "$id_major" --to carol
export ITK_NOW=2026-11-21T10:00:00Z
test_expect_code 0 "$ITK" major update "$id_major" --message 'Mail is down, next update at 11:00' --as zoe
test_expect_code 0 "$ITK" major update "$id_major" --message 'MTA queue at 20k' --audience internal --as carol
export ITK_NOW=2026-11-21T11:15:00Z
test_expect_code 0 "$ITK" resolve "$id_major" --solution 'restarted the MTA' --kind workaround --code MTA-RESTART --as carol
test_equal resolved "$(json_get "$(t "$id_major")" status)"
test_equal resolved "$(json_get "$(t "$anna")" status)"

step 'close of a resolved major incident is refused before its post-mortem'
export ITK_NOW=2026-11-21T12:00:00Z
cp "$(t "$id_major")" before
test_expect_code 4 "$ITK" close "$id_major" --confirmed-by Ops
test_grep "^itk: error: cannot close '$id_major': .*post-mortem" err
test_same_file before "$(t "$id_major")"
test_expect_code 4 "$ITK" close "$id_major" --unconfirmed
test_same_file before "$(t "$id_major")"
test_path_is_missing postmortems

step 'the children close without any post-mortem of their own'
test_expect_code 0 "$ITK" close "$anna" --confirmed-by anna
test_equal closed "$(json_get "$(t "$anna")" status)"
test_expect_code 0 "$ITK" close "$ben" --confirmed-by BEN --satisfaction 5
test_equal closed "$(json_get "$(t "$ben")" status)"

step 'postmortem writes postmortems/<ID>.md and records a postmortem event'
export ITK_NOW=2026-11-21T13:00:00Z
pm=postmortems/$id_major.md
test_expect_code 0 "$ITK" postmortem "$id_major" --as zoe
test_must_be_empty out
test_grep "^$id_major: post-mortem" err
test_path_is_file "$pm"
test_equal postmortem "$(json_get "$(t "$id_major")" events.-1.action)"
test_equal zoe "$(json_get "$(t "$id_major")" events.-1.by)"
test_equal 2026-11-21T13:00:00Z "$(json_get "$(t "$id_major")" events.-1.at)"
test_equal resolved "$(json_get "$(t "$id_major")" status)"

step 'the post-mortem has the timeline in UTC, the impact, the communications'
test_grep '^## Timeline' "$pm"
test_grep -E '^- Children: 2$' "$pm"
test_grep "$anna" "$pm"
test_grep "$ben" "$pm"
test_grep 'P1' "$pm"
test_grep 'Whole company' "$pm"
# every event of the ticket appears in the timeline, at its UTC time
for at in '2026-11-21 09:30' '2026-11-21 09:35' '2026-11-21 09:40' '2026-11-21 09:45' \
	'2026-11-21 10:00' '2026-11-21 11:15'; do
	sed -n '/^## Timeline/,/^## /p' "$pm" >timeline
	test_grep "$at" timeline
done
test_grep 'UTC' timeline
test_grep 'coordinated by zoe' timeline
test_grep 'Mail is down, next update at 11:00' "$pm"
test_grep 'MTA queue at 20k' "$pm"

step 'the post-mortem is in UTC whatever TZ says'
export ITK_NOW=2026-11-21T13:00:00Z
mkdir tz && cp -r itk.toml tickets tz/
TZ=Asia/Tokyo "$ITK" --dir tz postmortem "$id_major" 2>/dev/null
test_grep '09:30' "tz/$pm"
test_grep -v '18:30' "tz/$pm"

step 'the post-mortem has the escalations with reasons, the resolution, the time to resolve'
test_grep -i 'functional' "$pm"
test_grep 'MTA configuration needed' "$pm"
test_grep -i 'hierarchical' "$pm"
test_grep 'CEO cannot send mail' "$pm"
test_grep 'restarted the MTA' "$pm"
test_grep 'MTA-RESTART' "$pm"
test_grep -i 'time to resolve.*1h 45m' "$pm"
test_grep '^## Causes' "$pm"
test_grep '^## Actions' "$pm"
test_grep -i '^## .*communication' "$pm"
test_grep -i '^## .*escalation' "$pm"
test_grep -i '^## .*resolution' "$pm"

step 'a second postmortem without --force is refused and leaves the edited file untouched'
export ITK_NOW=2026-11-21T13:10:00Z
printf '\nThe MTA ran out of disk: /var/spool filled up.\n' >>"$pm"
cp "$pm" pm.edited
cp "$(t "$id_major")" before
test_expect_code 4 "$ITK" postmortem "$id_major"
test_grep "^itk: error: .*--force" err
test_same_file pm.edited "$pm"
test_same_file before "$(t "$id_major")"

step 'postmortem --force rewrites it and records another event'
test_expect_code 0 "$ITK" postmortem "$id_major" --force
test_grep -v 'ran out of disk' "$pm"
test_grep '^## Timeline' "$pm"
test_equal 2 "$(json_eval "$(t "$id_major")" 'sum(e["action"] == "postmortem" for e in d["events"])')"

step 'close is accepted after the post-mortem'
export ITK_NOW=2026-11-21T14:00:00Z
test_expect_code 0 "$ITK" close "$id_major" --confirmed-by Ops --satisfaction 3
test_grep "^$id_major: closed" err
test_equal closed "$(json_get "$(t "$id_major")" status)"
# closed is final: no more updates, no more post-mortem
cp "$(t "$id_major")" before
test_expect_code 4 "$ITK" major update "$id_major" --message 'late news'
test_expect_code 4 "$ITK" postmortem "$id_major" --force
test_same_file before "$(t "$id_major")"

step 'report: the major entry has "children": 2 and "postmortem": true'
test_expect_code 0 "$ITK" report --period 2026-11-21 --format json
json_eval out '[m["id"] for m in d["major"]]' >actual
echo "[\"$id_major\"]" >expect
test_cmp expect actual
test_equal 2 "$(json_get out major.0.children)"
test_equal true "$(json_get out major.0.postmortem)"
test_equal 2026-11-21T09:30:00Z "$(json_get out major.0.declared_at)"
test_equal 2026-11-21T11:15:00Z "$(json_get out major.0.resolved_at)"
test_equal 6300 "$(json_get out major.0.duration_seconds)"
test_equal 'Mail server down' "$(json_get out major.0.title)"

step 'report as of before the post-mortem: "postmortem": false'
test_expect_code 0 "$ITK" report --since 2026-11-21T00:00:00Z --until 2026-11-21T12:30:00Z --format json
test_equal false "$(json_get out major.0.postmortem)"
test_equal 2 "$(json_get out major.0.children)"

step 'close --auto does not close a major incident without a post-mortem (and does not crash)'
export ITK_NOW=2026-12-01T09:00:00Z
itk_open --title 'VPN down' --caller Vic --impact high --urgency high --to bob
vpn=$id
test_expect_code 0 "$ITK" coordinate "$vpn" --by zoe
itk_open --title 'ordinary' --caller Olga --impact low --urgency low --to bob
ordinary=$id
export ITK_NOW=2026-12-01T10:00:00Z
test_expect_code 0 "$ITK" resolve "$vpn" --solution 'new certificate' --kind permanent
test_expect_code 0 "$ITK" resolve "$ordinary" --solution 'fixed' --kind permanent
# auto_close_after is 5d: six days later
export ITK_NOW=2026-12-07T10:00:00Z
cp "$(t "$vpn")" before
test_expect_code 0 "$ITK" close --auto
echo "$ordinary" >expect
test_cmp expect out
test_same_file before "$(t "$vpn")"
test_equal resolved "$(json_get "$(t "$vpn")" status)"
test_equal closed "$(json_get "$(t "$ordinary")" status)"
test_equal true "$(json_get "$(t "$ordinary")" closure.unconfirmed)"

step 'close --auto closes it once the post-mortem exists'
test_expect_code 0 "$ITK" postmortem "$vpn"
test_path_is_file "postmortems/$vpn.md"
test_grep -E '^- Children: 0$' "postmortems/$vpn.md"
export ITK_NOW=2026-12-07T10:05:00Z
test_expect_code 0 "$ITK" close --auto
echo "$vpn" >expect
test_cmp expect out
test_equal closed "$(json_get "$(t "$vpn")" status)"
test_equal true "$(json_get "$(t "$vpn")" closure.unconfirmed)"

step 'report: a major incident without children and with its post-mortem'
test_expect_code 0 "$ITK" report --period 2026-12 --format json
test_equal "$vpn" "$(json_get out major.0.id)"
test_equal 0 "$(json_get out major.0.children)"
test_equal true "$(json_get out major.0.postmortem)"
test_equal 1 "$(json_get out major.length)"

step 'postmortem takes an ID prefix and names the file by the full ID; hold time is excluded'
export ITK_NOW=2026-12-08T09:00:00Z
itk_open --title 'DNS flapping' --caller Dan --impact high --urgency high --to bob
dns=$id
export ITK_NOW=2026-12-08T10:00:00Z
test_expect_code 0 "$ITK" hold "$dns" --reason 'waiting for the provider'
export ITK_NOW=2026-12-08T11:00:00Z
test_expect_code 0 "$ITK" resume "$dns"
test_expect_code 0 "$ITK" coordinate "$dns" --by zoe
export ITK_NOW=2026-12-08T11:30:00Z
test_expect_code 0 "$ITK" resolve "$dns" --solution 'pinned the resolver' --kind permanent
short=${dns#INC-}
short=${short:0:6}
test_expect_code 0 "$ITK" postmortem "$short"
test_path_is_file "postmortems/$dns.md"
test_path_is_missing "postmortems/$short.md"
test_grep -i 'time to resolve: 1h 30m' "postmortems/$dns.md"
test_grep -i 'on hold.*1h' "postmortems/$dns.md"

step 'postmortem of an uncategorised ticket is refused and writes no file'
itk_open --title 'vague' --caller Vera
cp "$(t "$id")" before
test_expect_code 4 "$ITK" postmortem "$id"
test_path_is_missing "postmortems/$id.md"
test_same_file before "$(t "$id")"

step 'fsck passes; every file is valid'
test_expect_code 0 "$ITK" fsck
validate_store .
validate_store tz
