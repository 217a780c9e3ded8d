#!/usr/bin/env bash
# Builds a demo store that tells the story of the ITIL incident practice, with realistic
# times (ITK_NOW): Julie calls the desk for her manager, the desk registers, categorises,
# prioritises, diagnoses at N1, escalates to N2; the fix is applied and Julie confirms.
# Around her: a major ERP outage raised by monitoring, a request redirected to request
# fulfilment, a duplicate call, a ticket waiting for a supplier, a fix that did not hold, a
# password reset at first contact, a slow share routed to the network team's queue, and a
# Wi-Fi "major incident" withdrawn once it proved to be one access point.
#
#   ITK=path/to/itk bash examples/demo.sh DIR
set -euo pipefail
dir=${1:?usage: demo.sh DIR}
itk=${ITK:-itk}
export TZ=${TZ:-UTC}
unset ITK_DIR

"$itk" --quiet init "$dir"
cd "$dir"
# The process officer's choices: the network team is an N2 group, the DBAs N3; the site of the
# person affected is recorded with each ticket ([fields], set with --set).
sed -i 's/^# group_levels = /group_levels = /; s/^# \[fields\]/[fields]/; s/^# location = /location = /; s/^# symptom  = /symptom  = /' itk.toml

# at TIME ACTOR itk-args...: one command at a given instant, by a given person.
at() {
  local when=$1 who=$2
  shift 2
  ITK_NOW=$when ITK_ACTOR=$who "$itk" --quiet "$@"
}

# --- Monday: Julie calls the service desk for her manager (steps 1 to 9) -----------------
julie=$(at 2026-11-16T09:02:00Z alice open --title "Outlook closes at start-up" \
  --caller Julie --contact julie.martin@corp.example --channel phone \
  --affected "Marc Dubois" --affected-contact marc.dubois@corp.example \
  --description "Marc's Outlook closes a few seconds after it starts; webmail works.")
at 2026-11-16T09:03:00Z alice categorize "$julie" --type incident --category email --subcategory outlook --service messaging
at 2026-11-16T09:03:00Z alice prioritize "$julie" --impact low --urgency high >/dev/null
at 2026-11-16T09:04:00Z alice take "$julie"
at 2026-11-16T09:20:00Z alice note "$julie" "Safe mode starts; disabling add-ins does not help; new profile fails too"
at 2026-11-16T09:21:00Z alice escalate "$julie" --reason "Mailbox-side problem: needs Exchange admin rights"
at 2026-11-16T09:40:00Z bob take "$julie"
at 2026-11-16T10:35:00Z bob note "$julie" --public "Told Julie: mailbox rules corrupted, repair under way"
at 2026-11-16T11:10:00Z bob resolve "$julie" --kind permanent --code mailbox-repair \
  --solution "Removed corrupted server-side rules; Outlook starts normally"
at 2026-11-16T14:00:00Z bob close "$julie" --confirmed-by julie.martin@corp.example --satisfaction 5 \
  --comment "Marc is happy, thanks"

# --- Monday: monitoring raises a major incident on the ERP -------------------------------
erp=$(at 2026-11-16T10:15:00Z monitoring open --title "ERP unreachable for all sites" \
  --caller monitoring --channel monitoring --service erp --dedup erp-http-down --impact high --urgency high)
at 2026-11-16T10:16:00Z monitoring open --title "ERP unreachable for all sites" --caller monitoring \
  --channel monitoring --service erp --dedup erp-http-down --impact high --urgency high >/dev/null
at 2026-11-16T10:17:00Z alice take "$erp"
at 2026-11-16T10:18:00Z alice coordinate "$erp" --by chloe
orders=$(at 2026-11-16T10:20:00Z alice open --title "Cannot enter orders in the ERP" --caller "Paul Leroy" --channel phone --type incident)
at 2026-11-16T10:21:00Z alice link "$orders" --parent "$erp"
dup=$(at 2026-11-16T10:22:00Z alice open --title "ERP down?" --caller "Paul Leroy" --channel email --type incident)
at 2026-11-16T10:23:00Z alice cancel "$dup" --reason "Paul already called about the ERP outage" --duplicate-of "$orders"
at 2026-11-16T10:25:00Z alice escalate "$erp" --reason "Application servers answer 502: needs the ERP team"
at 2026-11-16T10:27:00Z dave take "$erp"
at 2026-11-16T10:28:00Z chloe major update "$erp" --message "ERP down on every site; the ERP team is on it; next update 11:00"
at 2026-11-16T10:30:00Z chloe escalate "$erp" --hierarchical --reason "Production stopped on every site"
at 2026-11-16T11:05:00Z dave resolve "$erp" --kind workaround --solution "Failed over to the standby database"
at 2026-11-16T11:06:00Z chloe major update "$erp" --message "Service restored on the standby database; root cause under investigation"
at 2026-11-16T15:00:00Z chloe postmortem "$erp"
at 2026-11-16T16:00:00Z chloe close "$erp" --confirmed-by monitoring
at 2026-11-16T16:30:00Z alice close "$orders" --confirmed-by "paul leroy" --satisfaction 4

# --- A request is not an incident: redirected to request fulfilment ----------------------
req=$(at 2026-11-16T11:30:00Z alice open --title "Laptop for a new hire on 1 December" --caller "Sophie Bernard" --channel portal)
at 2026-11-16T11:31:00Z alice categorize "$req" --type request --ref REQ-20931

# --- Tuesday: a printer waits for a supplier part -----------------------------------------
printer=$(at 2026-11-17T08:40:00Z alice open --title "Printer 3rd floor jams on every page" --caller "Hugo Petit" \
  --channel walk-in --impact medium --urgency low --to alice)
at 2026-11-17T09:00:00Z alice hold "$printer" --awaiting vendor --ref RMA-5521 --reason "Waiting for the supplier's fuser unit"

# --- Tuesday: a password reset at first contact --------------------------------------------
pwd=$(at 2026-11-17T10:10:00Z alice open --title "Password expired, locked out" --caller "Karim Saidi" --channel phone \
  --impact low --urgency high --set location=Paris)
at 2026-11-17T10:14:00Z alice resolve "$pwd" --kind permanent --solution "Reset the password with Karim on the phone"
at 2026-11-17T11:00:00Z alice close "$pwd" --confirmed-by "karim saidi" --satisfaction 5

# --- Tuesday: monitoring calls a Wi-Fi outage major; it is one access point ---------------
wifi=$(at 2026-11-17T14:00:00Z monitoring open --title "Wi-Fi down in building B" --caller monitoring \
  --channel monitoring --service network --impact high --urgency high)
at 2026-11-17T14:10:00Z alice major withdraw "$wifi" --reason "One access point on the 2nd floor, not the building"
at 2026-11-17T14:11:00Z alice prioritize "$wifi" --impact medium --urgency medium >/dev/null
at 2026-11-17T14:12:00Z alice take "$wifi"
at 2026-11-17T15:00:00Z alice resolve "$wifi" --kind permanent --solution "Rebooted the access point"
at 2026-11-17T15:05:00Z alice close "$wifi" --confirmed-by monitoring

# --- Tuesday: a VPN fix that did not hold --------------------------------------------------
vpn=$(at 2026-11-17T13:00:00Z alice open --title "VPN drops every 10 minutes" --caller "Nadia Roux" \
  --channel chat --impact low --urgency medium --to alice)
at 2026-11-17T13:40:00Z alice resolve "$vpn" --kind workaround --solution "Reinstalled the VPN client"
at 2026-11-18T09:00:00Z alice reopen "$vpn" --reason "Nadia: it dropped again this morning"
at 2026-11-18T09:05:00Z alice escalate "$vpn" --reason "Network side: needs the firewall logs"
at 2026-11-18T10:00:00Z erin take "$vpn"
at 2026-11-18T11:00:00Z erin resolve "$vpn" --kind permanent --solution "Raised the firewall's idle timeout"
at 2026-11-18T16:00:00Z erin close "$vpn" --confirmed-by "nadia roux" --satisfaction 3

# --- Wednesday to Friday: the backlog a manager looks at -----------------------------------
slow=$(at 2026-11-18T15:00:00Z alice open --title "Shared drive slow from the Lyon site" --caller "Lea Moreau" \
  --channel email --impact medium --urgency medium --set location=Lyon --set symptom=slow)
at 2026-11-18T15:05:00Z alice assign "$slow" --group network
at 2026-11-19T09:00:00Z alice open --title "Badge reader refuses new badges" --caller "Tom Garnier" \
  --channel phone --impact low --urgency low >/dev/null
at 2026-11-20T16:30:00Z alice open --title "Typo on the intranet home page" --caller "Ines Faure" --channel portal >/dev/null
at 2026-11-21T09:00:00Z alice escalate "$slow" --hierarchical --reason "Nobody has taken it for three days"
