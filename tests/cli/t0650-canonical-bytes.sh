#!/usr/bin/env bash
# A ticket file re-saved by another tool (jq -S, an editor: other key order, CRLF, a BOM,
# other spacing) is still the same ticket: every command reads it, a merge matches its events
# by content, fsck reports that its bytes are not canonical and fsck --fix rewrites them (as
# gofmt -l / gofmt -w).
. "$(dirname "$0")/lib.sh"

export ITK_NOW=2026-11-21T09:00:00Z
"$ITK" -q init .
itk_open --title "Messagerie en panne à l'étage 3" --caller Émilie --impact low --urgency high --to alice
f=tickets/$id.json
cp "$f" canonical.json

# resave HOW: rewrites the ticket file as another tool would.
resave() {
	"$PYTHON" - "$f" "$1" <<-'PY'
	import json, sys
	path, how = sys.argv[1], sys.argv[2]
	d = json.load(open("canonical.json", encoding="utf-8"))
	if how == "sorted":      # jq -S: keys sorted at every level, 2 spaces
	    text = json.dumps(d, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
	elif how == "top-sorted": # top-level keys sorted only
	    text = json.dumps(dict(sorted(d.items())), indent=2, ensure_ascii=False) + "\n"
	elif how == "compact":   # one line
	    text = json.dumps(d, separators=(",", ":"), ensure_ascii=False)
	elif how == "tabs":
	    text = json.dumps(d, indent="\t", ensure_ascii=False) + "\n"
	elif how == "crlf":
	    text = open("canonical.json", encoding="utf-8").read().replace("\n", "\r\n")
	elif how == "bom":
	    text = "\ufeff" + open("canonical.json", encoding="utf-8").read()
	elif how == "escaped":   # every non-ASCII character as \u escapes
	    text = json.dumps(d, indent=2) + "\n"
	open(path, "w", encoding="utf-8", newline="").write(text)
	PY
}

step 'every re-saved form reads as the same ticket, and fsck names it as not canonical'
for how in sorted top-sorted compact tabs crlf bom; do
	resave "$how"
	cp "$f" resaved.json
	test_expect_code 0 "$ITK" show --json "$id"
	test_equal True "$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1])) == json.load(open(sys.argv[2])))' out canonical.json)" "show --json of the $how form"
	test_same_file resaved.json "$f" # reading leaves the file as it is
	test_expect_code 5 "$ITK" fsck
	test_grep -F "$f: not in canonical form" err
done

step 'fsck --fix rewrites each in canonical bytes'
for how in sorted top-sorted compact tabs crlf bom escaped; do
	resave "$how"
	test_expect_code 0 "$ITK" fsck --fix
	test_grep -F "fixed: $PWD/$f: rewritten from its events in canonical form" err
	test_same_file canonical.json "$f"
	test_expect_code 0 "$ITK" fsck
done

step 'a change to a re-saved file writes canonical bytes'
resave compact
test_expect_code 0 "$ITK" note "$id" "after a re-save"
test_expect_code 0 "$ITK" fsck
test_grep -x '  "schema": 1,' "$f"
test_equal '}' "$(tail -n 1 "$f")" 'the last line'

step 'a merge of a re-saved side with a changed side: the events match by content, one open event'
cp canonical.json base.json
cp canonical.json theirs.json
resave sorted
cp "$f" ours.json
cp canonical.json "$f"
test_expect_code 0 "$ITK" note "$id" "their note"
cp "$f" theirs.json
test_expect_code 0 "$ITK" merge-file base.json ours.json theirs.json
test_equal 1 "$(event_actions ours.json | grep -c '^open$')" 'open events after the merge'
test_equal 1 "$(event_actions ours.json | grep -c '^note$')" 'note events after the merge'
test_equal "$(event_actions theirs.json | wc -l)" "$(event_actions ours.json | wc -l)" 'events after the merge'
cp ours.json "$f"
test_expect_code 0 "$ITK" fsck

step 'the merge gives the same bytes in either direction'
resave sorted
cp "$f" sorted.json
cp sorted.json a.json && cp theirs.json b.json
"$ITK" merge-file base.json a.json b.json
cp theirs.json c.json && cp sorted.json d.json
"$ITK" merge-file base.json c.json d.json
test_same_file a.json c.json
cp theirs.json "$f"
validate_store .
