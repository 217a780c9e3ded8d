#!/bin/bash
# Checks before a commit and in CI (SPEC §11): `itk fsck --cached` reads the ticket files
# staged in git's index (unmerged entries name `itk git-resolve`, symlinks are refused);
# `itk fsck PATH…` checks only the files named; fsck checks links both ways and names the
# command that repairs them. examples/git/pre-commit, installed in a real repository, refuses
# a commit whose staged bytes are bad, whatever the work tree holds, also for a store in a
# subdirectory; the CI jobs of examples/git/ are valid YAML and their fsck script works.
. "$(dirname "$0")/lib.sh"

git_setup_env
EXAMPLES=$ITK_SOURCE_DIR/examples/git
HOOK=$EXAMPLES/pre-commit

# itk_at HH:MM ARGS...: run itk at that minute of 2026-11-21 (UTC); expect exit 0.
itk_at() {
	local when=$1
	shift
	test_expect_code 0 env ITK_NOW="2026-11-21T$when:00Z" "$ITK" "$@"
}
# new_ticket VAR HH:MM ARGS...: open a ticket at that minute, its ID in VAR.
new_ticket() {
	local var=$1 when=$2 id
	shift 2
	itk_at "$when" open "$@"
	id=$(cat "$TRASH/out")
	case $id in
	INC-*) ;;
	*) fail "itk open printed '$id', expected a lone ID" ;;
	esac
	printf -v "$var" '%s' "$id"
}
t() { echo "tickets/$1.json"; }
head_is() { test_equal "$1" "$(git rev-parse HEAD)" "${2:-HEAD}"; }
triage=(--impact low --urgency low --to bob)

step 'examples/git/pre-commit is an executable POSIX sh script'
test -x "$HOOK" || fail "'$HOOK' is not executable"
test_equal '#!/bin/sh' "$(head -n 1 "$HOOK")" 'first line of the hook'
sh -n "$HOOK"
if command -v dash >/dev/null; then
	dash -n "$HOOK"
fi

step 'init --git, hook installed: on the unborn branch a bad ticket is refused; good changes commit quietly'
test_expect_code 0 "$ITK" init --git a
cd a
identity Alice alice@corp.example
cp "$HOOK" .git/hooks/pre-commit
new_ticket X 08:00 --title 'Printer down' --caller julie "${triage[@]}"
cp "$(t "$X")" "$TRASH/first.json"
json_set "$(t "$X")" title '"edited"'
git add -A
test_expect_code 1 git commit -q -m 'store with a bad ticket'
test_grep -F "itk: error: tickets/$X.json: 'title' is \"edited\"" "$TRASH/err"
test_expect_code 1 git rev-parse -q --verify HEAD
cp "$TRASH/first.json" "$(t "$X")"
git add -A
test_expect_code 0 git commit -q -m 'store with one ticket'
test_must_be_empty "$TRASH/err"
itk_at 08:10 note "$X" 'restarted the spooler'
test_expect_code 0 git commit -q -a -m 'note'
test_must_be_empty "$TRASH/err"
test_equal 2 "$(git rev-list --count HEAD)" 'commits'
test_expect_code 0 "$ITK" fsck --cached
test_grep -x '1 staged ticket(s) checked, no problem' "$TRASH/err"
good=$(git rev-parse HEAD)
cp "$(t "$X")" "$TRASH/good.json"

step 'a field edited by hand and staged: git commit refused, the file named, nothing committed'
json_set "$(t "$X")" title '"Printer fixed by hand"'
git add "$(t "$X")"
test_expect_code 1 git commit -q -m 'hand edit'
test_grep -F "itk: error: tickets/$X.json: 'title' is \"Printer fixed by hand\" but its events say \"Printer down\"" "$TRASH/err"
test_grep -F "pre-commit: staged ticket files of the store '.' have problems" "$TRASH/err"
head_is "$good"
test_expect_code 5 "$ITK" fsck --cached
test_grep -F "tickets/$X.json: 'title' is" "$TRASH/err"

step 'the hook checks the staged bytes: a work tree fixed but not staged is still refused'
cp "$TRASH/good.json" "$(t "$X")"
test_expect_code 0 "$ITK" fsck
test_expect_code 1 git commit -q -m 'fixed in the work tree only'
test_grep -F "tickets/$X.json: 'title' is \"Printer fixed by hand\"" "$TRASH/err"
head_is "$good"
# Fixed and staged: the commit goes through.
itk_at 08:20 note "$X" 'paper tray checked'
git add "$(t "$X")"
test_expect_code 0 git commit -q -m 'note, after the fix'
test_must_be_empty "$TRASH/err"
git show "HEAD:$(t "$X")" >"$TRASH/committed.json"
test_equal 'Printer down' "$(json_get "$TRASH/committed.json" title)" 'committed title'

step 'and the reverse: good bytes staged, a corrupt work tree: the commit is accepted, with the staged bytes'
itk_at 08:30 note "$X" 'toner replaced'
git add "$(t "$X")"
cp "$(t "$X")" "$TRASH/staged.json"
printf '{ "id": "%s", "id": "twice" }\n' "$X" >"$(t "$X")"
test_expect_code 5 "$ITK" fsck
test_expect_code 0 git commit -q -m 'note, work tree broken afterwards'
test_must_be_empty "$TRASH/err"
git show "HEAD:$(t "$X")" >"$TRASH/committed.json"
test_same_file "$TRASH/staged.json" "$TRASH/committed.json"
git checkout -q -- "$(t "$X")"
good=$(git rev-parse HEAD)

step 'git commit -a with a duplicate key, git commit PATH with conflict markers: refused with file:line'
cp "$(t "$X")" "$TRASH/good.json"
sed -i '0,/^{$/s//{\n  "title": "twice",/' "$(t "$X")"
line=$(grep -n '^  "title": ' "$(t "$X")" | sed -n '2s/:.*//p')
test_expect_code 1 git commit -q -a -m 'duplicate key'
test_grep -F "itk: error: tickets/$X.json:$line:3: invalid JSON: duplicate key 'title'" "$TRASH/err"
head_is "$good"
test_equal '' "$(git diff --cached --name-only)" 'staged after a refused commit -a'
{
	sed -n '1,4p' "$TRASH/good.json"
	printf '<<<<<<< ours\n  "x": 1,\n=======\n  "x": 2,\n>>>>>>> theirs\n'
	sed -n '5,$p' "$TRASH/good.json"
} >"$(t "$X")"
test_expect_code 1 git commit -q -m 'markers' -- "$(t "$X")"
test_grep -F "itk: error: tickets/$X.json:5:1: git conflict marker" "$TRASH/err"
head_is "$good"
cp "$TRASH/good.json" "$(t "$X")"
test_equal '' "$(git status --porcelain)" 'work tree after the refused commits'

step 'itk fsck --cached: a staged symlink under tickets/ is refused (exit 5), and so is its commit'
ln -s "$X.json" tickets/INC-SYMLINK0001.json
git add tickets/INC-SYMLINK0001.json
test_expect_code 5 "$ITK" fsck --cached
test_grep -Fx "itk: error: tickets/INC-SYMLINK0001.json: staged as a symbolic link (mode 120000); a ticket is a regular file" "$TRASH/err"
test_equal 1 "$(grep -c '^itk: error: ' "$TRASH/err")" 'fsck --cached error lines'
test_expect_code 1 git commit -q -m 'a symlink'
test_grep -F 'tickets/INC-SYMLINK0001.json: staged as a symbolic link' "$TRASH/err"
head_is "$good"
git rm -q --cached tickets/INC-SYMLINK0001.json
rm tickets/INC-SYMLINK0001.json
test_expect_code 0 "$ITK" fsck --cached

step 'itk fsck PATH checks only the files named (exit 0 or 5)'
new_ticket Y 09:00 --title 'VPN drops' --caller marc "${triage[@]}"
new_ticket Z 09:05 --title 'Mail slow' --caller anna "${triage[@]}"
cp "$(t "$Z")" "$TRASH/z.json"
json_set "$(t "$Z")" status '"closed"'
test_expect_code 0 "$ITK" fsck "$(t "$Y")"
test_grep -x '1 ticket(s) checked, no problem' "$TRASH/err"
test_grep -v "$Z" "$TRASH/err"
test_expect_code 0 "$ITK" fsck "$(t "$X")" "$(t "$Y")"
test_grep -x '2 ticket(s) checked, no problem' "$TRASH/err"
test_expect_code 5 "$ITK" fsck "$(t "$Z")"
test_grep -Fx "itk: error: tickets/$Z.json: 'status' is \"closed\" but its events say \"in_progress\" (edited by hand? use itk commands)" "$TRASH/err"
test_expect_code 5 "$ITK" fsck "$(t "$Y")" "$(t "$Z")"
test_grep -v "$Y" "$TRASH/err"
test_expect_code 5 "$ITK" fsck
test_grep -F "tickets/$Z.json: 'status' is" "$TRASH/err"
test_equal 1 "$(grep -c '^itk: error: ' "$TRASH/err")" 'fsck error lines'
test_expect_code 5 "$ITK" fsck tickets/INC-NOSUCHFILE1.json
test_grep -F "tickets/INC-NOSUCHFILE1.json: cannot read" "$TRASH/err"
test_expect_code 2 "$ITK" fsck --cached "$(t "$Y")"
cp "$TRASH/z.json" "$(t "$Z")"
test_expect_code 0 "$ITK" fsck
git add -A
test_expect_code 0 git commit -q -m 'two more tickets'

step 'fsck --cached names itk git-resolve for a ticket left unmerged by a merge without the driver'
cd "$TRASH"
git clone -q --bare a hub.git
git -C a remote add origin "$TRASH/hub.git"
git -C a fetch -q origin
git -C a branch -q -u origin/main
git clone -q hub.git c
cd c
identity Carol carol@corp.example
cp "$HOOK" .git/hooks/pre-commit
test_expect_code 1 git config --get merge.itk.driver
itk_at 10:00 note "$Y" 'c: new profile sent'
test_expect_code 0 git commit -q -a -m 'c: note'
cd "$TRASH/a"
itk_at 10:05 note "$Y" 'a: called the user'
test_expect_code 0 git commit -q -a -m 'a: note'
test_expect_code 0 git push -q origin main
cd "$TRASH/c"
test_expect_code 1 git pull -q --no-rebase --no-edit
test_equal "$(t "$Y")" "$(git diff --name-only --diff-filter=U)" 'unmerged paths'
test_expect_code 5 "$ITK" fsck --cached
test_grep -Fx "itk: error: tickets/$Y.json: unmerged in git's index; run 'itk git-resolve tickets/$Y.json'" "$TRASH/err"
test_equal 1 "$(grep -c '^itk: error: ' "$TRASH/err")" 'fsck --cached error lines'
test_expect_code 0 "$ITK" git-resolve
test_expect_code 0 "$ITK" fsck --cached
test_grep -x '3 staged ticket(s) checked, no problem' "$TRASH/err"
test_expect_code 0 git commit -q --no-edit
test_equal 3 "$(git rev-list --parents -n 1 HEAD | wc -w | tr -d ' ')" 'a merge commit and its two parents'
test_equal 'a: called the user' "$(json_get "$(t "$Y")" events.-1.text)"

step 'the hook in a store below the top of the repository, with GIT_DIR set, itk from PATH'
mkdir "$TRASH/bin"
ln -s "$ITK" "$TRASH/bin/itk"
mkdir "$TRASH/mono"
cd "$TRASH/mono"
git init -q
identity Mono mono@corp.example
cp "$HOOK" .git/hooks/pre-commit
test_expect_code 0 "$ITK" init --git ops
cd ops
new_ticket M 11:00 --title 'Disk full' --caller julie "${triage[@]}"
cd ..
git add -A
test_expect_code 0 git commit -q -m 'ops store'
good=$(git rev-parse HEAD)
json_set "ops/$(t "$M")" title '"edited"'
test_expect_code 1 git commit -q -a -m 'hand edit in ops'
test_grep -F "itk: error: tickets/$M.json: 'title' is \"edited\"" "$TRASH/err"
test_grep -F "the store 'ops' have problems" "$TRASH/err"
head_is "$good"
# From a subdirectory, and with GIT_DIR and GIT_WORK_TREE given as relative paths (git then
# exports them relative to the top of the work tree, where the hook runs).
(cd ops && test_expect_code 1 git commit -q -a -m 'from ops/')
test_grep -F "tickets/$M.json" "$TRASH/err"
test_expect_code 1 env GIT_DIR=.git GIT_WORK_TREE=. git commit -q -a -m 'with GIT_DIR'
test_grep -F "tickets/$M.json" "$TRASH/err"
head_is "$good"
git checkout -q -- "ops/$(t "$M")"
(cd ops && itk_at 11:10 note "$M" 'cleaned /tmp')
test_expect_code 0 env GIT_DIR=.git GIT_WORK_TREE=. git commit -q -a -m 'note with GIT_DIR'
test_must_be_empty "$TRASH/err"
(cd ops && itk_at 11:20 note "$M" 'cleaned /var/log')
test_expect_code 0 env -u ITK PATH="$TRASH/bin:$PATH" git commit -q -a -m 'note, itk from PATH'
test_must_be_empty "$TRASH/err"
test_equal 3 "$(git rev-list --count HEAD)" 'commits in mono'

step 'the hook: runs itk only when tickets are staged; refuses when itk cannot be found'
printf '#!/bin/sh\necho "$*" >>"%s/itk.log"\nexec "%s" "$@"\n' "$TRASH" "$ITK" >"$TRASH/bin/itk-logged"
chmod +x "$TRASH/bin/itk-logged"
echo 'notes' >README.md
git add README.md
test_expect_code 0 env ITK="$TRASH/bin/itk-logged" git commit -q -m 'a readme'
test_path_is_missing "$TRASH/itk.log"
(cd ops && itk_at 11:30 note "$M" 'quota raised')
test_expect_code 0 env ITK="$TRASH/bin/itk-logged" git commit -q -a -m 'a note'
test_equal '-q --dir ops fsck --cached' "$(cat "$TRASH/itk.log")" 'itk run by the hook'
if ! PATH=/usr/bin:/bin command -v itk >/dev/null; then
	(cd ops && itk_at 11:40 note "$M" 'monitoring added')
	before=$(git rev-parse HEAD)
	test_expect_code 1 env -u ITK PATH=/usr/bin:/bin git commit -q -a -m 'no itk'
	test_grep -Fx "pre-commit: 'itk' not found: install itk (or set ITK), or commit with --no-verify" "$TRASH/err"
	head_is "$before"
	test_expect_code 0 git commit -q -a -m 'itk found again'
fi

step 'links: one child linked to two parents in two clones merges; fsck names the stale parent'
cd "$TRASH/a"
new_ticket C 12:00 --title 'No mail' --caller ben "${triage[@]}"
new_ticket P 12:01 --title 'Mail server down' --caller ops "${triage[@]}"
new_ticket Q 12:02 --title 'Exchange cluster down' --caller ops "${triage[@]}"
git add -A
test_expect_code 0 git commit -q -m 'three tickets'
test_expect_code 0 git push -q origin main
cd "$TRASH"
git clone -q hub.git b
cd b
identity Bob bob@corp.example
test_expect_code 0 "$ITK" git-setup
cp "$HOOK" .git/hooks/pre-commit
cp "$HOOK" .git/hooks/pre-merge-commit
itk_at 12:10 link "$C" --parent "$Q"
test_expect_code 0 git commit -q -a -m "b: $C under $Q"
cd "$TRASH/a"
itk_at 12:15 link "$C" --parent "$P"
test_expect_code 0 git commit -q -a -m "a: $C under $P"
test_expect_code 0 git push -q origin main
cd "$TRASH/b"
stale="lists child '$C', which names parent '$Q' (concurrent links?); run 'itk unlink $C --from $P'"
# The driver merges the files; the hook, as pre-merge-commit, refuses the merge commit.
test_expect_code 1 git pull -q --no-rebase --no-edit
test_grep -Fx "itk: error: tickets/$P.json: $stale" "$TRASH/err"
test_equal '' "$(git diff --name-only --diff-filter=U)" 'unmerged paths after the driver merged'
test_path_is_file .git/MERGE_HEAD
test_equal "$Q" "$(json_get "$(t "$C")" parent)" "the child's parent (the earlier link wins)"
test_equal "ticket is a child of '$Q'; unlink it first" "$(json_get "$(t "$C")" events.-1.rejected)"
# A parent's children are the replay of its link_child and unlink_child events.
test_equal "link_child $C" "$(json_eval "$(t "$P")" 'd["events"][-1]["action"] + " " + d["events"][-1]["child"]')" \
	"the stale parent's last event"
test_expect_code 5 "$ITK" fsck
test_grep -Fx "itk: error: $PWD/tickets/$P.json: $stale" "$TRASH/err"
test_equal 1 "$(grep -c '^itk: error: ' "$TRASH/err")" 'fsck error lines'
# With PATHs, links are checked against the store's other tickets.
test_expect_code 5 "$ITK" fsck "$(t "$P")"
test_grep -Fx "itk: error: tickets/$P.json: $stale" "$TRASH/err"
test_expect_code 0 "$ITK" fsck "$(t "$C")" "$(t "$Q")"
# A final parent keeps its list as history: cancelling the stale parent also clears fsck.
cp -a "$TRASH/b" "$TRASH/b-cancel"
itk_at 12:30 --dir "$TRASH/b-cancel" cancel "$P" --reason 'same outage as the cluster'
test_expect_code 0 "$ITK" --dir "$TRASH/b-cancel" fsck

step 'running the command fsck names repairs the links; the merge then commits'
test_expect_code 5 "$ITK" fsck
fix=$(sed -n "s/^itk: error: .*; run '\(itk unlink [^']*\)'\$/\1/p" "$TRASH/err")
test_equal "itk unlink $C --from $P" "$fix" 'the command fsck names'
# shellcheck disable=SC2086 # the words of the command, as fsck printed it
itk_at 12:40 ${fix#itk }
test_grep -Fx "$P: '$C' taken off its children" "$TRASH/err"
test_equal "unlink_child $C" "$(json_eval "$(t "$P")" 'd["events"][-1]["action"] + " " + d["events"][-1]["child"]')" \
	"the stale parent's last event after unlink --from"
test_equal "$Q" "$(json_get "$(t "$C")" parent)" "the child's parent after unlink --from"
test_expect_code 0 "$ITK" fsck
test_grep -x '6 ticket(s) checked, no problem' "$TRASH/err"
# Refused while the child names that parent: plain unlink detaches both sides.
test_expect_code 4 "$ITK" unlink "$C" --from "$Q"
test_grep -F "'$C' names '$Q' as its parent; 'itk unlink $C' detaches both sides" "$TRASH/err"
git add -A
test_expect_code 0 git commit -q --no-edit
test_equal 3 "$(git rev-list --parents -n 1 HEAD | wc -w | tr -d ' ')" 'a merge commit and its two parents'
test_expect_code 0 "$ITK" fsck --cached
test_expect_code 0 git push -q origin main
cd "$TRASH/a"
test_expect_code 0 "$ITK" git-setup
test_expect_code 0 git pull -q --no-rebase --no-edit
test_expect_code 0 "$ITK" fsck

step 'the hook checks links among the staged files: a child committed without its new parent is refused'
new_ticket K 13:00 --title 'Proxy down' --caller ops "${triage[@]}"
new_ticket L 13:01 --title 'No web' --caller ben "${triage[@]}"
itk_at 13:05 link "$L" --parent "$K"
git add "$(t "$L")"
before=$(git rev-parse HEAD)
test_expect_code 1 git commit -q -m 'the child only' -- "$(t "$L")"
# The parent is in the work tree, only not staged: the advice is to stage it, never to unlink.
test_grep -Fx "itk: error: tickets/$L.json: names parent '$K', which is in the work tree but not staged; 'git add tickets/$K.json' to commit both sides" "$TRASH/err"
head_is "$before"
test_expect_code 5 "$ITK" fsck --cached
test_expect_code 0 "$ITK" fsck
git add "$(t "$K")"
test_expect_code 0 git commit -q -m 'child and parent'
test_must_be_empty "$TRASH/err"
test_equal '' "$(git status --porcelain)" 'work tree after the commit'

step 'a corrupt parent file: its child is said to name an invalid file, never told to unlink'
cp "$(t "$K")" "$TRASH/k.json"
printf '{ "id": "%s", "id": "twice" }\n' "$K" >"$(t "$K")"
for how in fsck "fsck $(t "$L") $(t "$K")" "fsck $(t "$L")"; do
	# shellcheck disable=SC2086 # the words of the command
	test_expect_code 5 "$ITK" $how
	test_grep -F "tickets/$L.json: names parent '$K', whose file is invalid (see its own error; fix it first, then run 'itk fsck' again)" "$TRASH/err"
	test_grep -v "itk unlink" "$TRASH/err"
done
git add "$(t "$K")"
test_expect_code 5 "$ITK" fsck --cached
test_grep -F "tickets/$K.json:1:" "$TRASH/err"
test_grep -F "tickets/$L.json: names parent '$K', whose file is invalid (see its own error; fix it first, then run 'itk fsck' again)" "$TRASH/err"
cp "$TRASH/k.json" "$(t "$K")"
git add "$(t "$K")"
test_expect_code 0 "$ITK" fsck --cached

step 'the CI jobs are valid YAML, triggered on push and merge/pull requests, and run itk fsck'
"$PYTHON" - "$EXAMPLES" "$TRASH" <<-'EOF'
import sys, yaml
examples, trash = sys.argv[1], sys.argv[2]
packages = "libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libutf8proc-dev cmake ninja-build g++".split()

def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)

gh = yaml.safe_load(open(examples + "/github-actions.yml", encoding="utf-8"))
on = gh.get("on", gh.get(True))  # YAML 1.1 reads a bare `on` as true
check("push" in on and "pull_request" in on, "github: triggered on push and pull_request")
check(gh["jobs"], "github: no job")
for name, job in gh["jobs"].items():
    runs = [s.get("run", "") for s in job["steps"]]
    check(job.get("container", "").startswith("debian:"), "github: job %s runs in a Debian container" % name)
    check(any("itk fsck" in r for r in runs), "github: job %s runs itk fsck" % name)
    check(all(p in "\n".join(runs).split() for p in packages), "github: job %s installs %s" % (name, packages))
    check(any("ITK_REPOSITORY" in str(s.get("with", {}).get("repository", "")) for s in job["steps"]),
          "github: job %s checks out the itk source from vars.ITK_REPOSITORY" % name)
    open(trash + "/gh-fsck.sh", "w").write(next(r for r in runs if "itk fsck" in r))

gl = yaml.safe_load(open(examples + "/gitlab-ci.yml", encoding="utf-8"))
keywords = {"stages", "variables", "workflow", "default", "include", "image", "services", "before_script",
            "after_script", "cache"}
jobs = {k: v for k, v in gl.items() if k not in keywords and not k.startswith(".")}
check(jobs, "gitlab: no job")
for name, job in jobs.items():
    check(job["image"] == "debian:12", "gitlab: job %s uses debian:12" % name)
    script = "\n".join(job["script"])
    check("itk fsck" in script, "gitlab: job %s runs itk fsck" % name)
    setup = " ".join(job.get("before_script", []) + job["script"]).split()
    check(all(p in setup for p in packages), "gitlab: job %s installs %s" % (name, packages))
    check("ITK_REPOSITORY_URL" in job.get("variables", {}), "gitlab: job %s names ITK_REPOSITORY_URL" % name)
    sources = {r.get("if", "") for r in job["rules"]}
    check(any("merge_request_event" in s for s in sources) and any("CI_COMMIT_BRANCH" in s for s in sources),
          "gitlab: job %s runs for merge requests and pushes" % name)
    open(trash + "/gl-fsck.sh", "w").write(script + "\n")
EOF

step 'the CI fsck scripts, run in a checkout: exit 0 when the stores are sound, 5 on a bad ticket'
cd "$TRASH"
git clone -q mono ci
cd ci
ci_env=(env PATH="$TRASH/bin:$PATH" GITHUB_WORKSPACE="$PWD" CI_PROJECT_DIR="$PWD")
for script in gh-fsck.sh gl-fsck.sh; do
	test_expect_code 0 "${ci_env[@]}" bash -e -o pipefail "$TRASH/$script"
	test_grep -x '== itk fsck in ops' "$TRASH/out"
	test_grep -x '1 ticket(s) checked, no problem' "$TRASH/err"
done
json_set "ops/$(t "$M")" status '"resolved"'
for script in gh-fsck.sh gl-fsck.sh; do
	test_expect_code 5 "${ci_env[@]}" bash -e -o pipefail "$TRASH/$script"
	test_grep -F "ops/tickets/$M.json: 'status' is \"resolved\"" "$TRASH/err"
done
git checkout -q -- "ops/$(t "$M")"
mkdir "$TRASH/empty-repo"
cd "$TRASH/empty-repo"
git init -q
test_expect_code 1 "${ci_env[@]}" GITHUB_WORKSPACE="$PWD" bash -e -o pipefail "$TRASH/gh-fsck.sh"
test_grep -F 'no itk.toml is tracked' "$TRASH/err"

cd "$TRASH"
validate_store a
validate_store b
validate_store mono/ops
