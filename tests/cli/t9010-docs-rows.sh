#!/usr/bin/env bash
# Every row of docs/bad-input.md and docs/security.md names a test that exists: a step of a
# tests/cli script, or a TEST_CASE of tests/unit (so that a document never promises what no
# test proves). The suite itself runs those tests.
. "$(dirname "$0")/lib.sh"

step 'every row names a test, and the test exists'
"$PYTHON" - "$ITK_SOURCE_DIR" <<-'PY'
	import glob, os, re, sys
	root = sys.argv[1]
	problems, rows = [], 0
	for doc in ("docs/bad-input.md", "docs/security.md"):
	    for n, line in enumerate(open(os.path.join(root, doc), encoding="utf-8"), 1):
	        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
	        if len(cells) < 3 or set(cells[0]) <= {"-", " "} or cells[0] in ("input", "threat"):
	            continue
	        rows += 1
	        ref = cells[-1]
	        if ref == "—":
	            if "not defended" not in line:
	                problems.append(f"{doc}:{n}: no test named")
	            continue
	        m = re.fullmatch(r'(t\d{4}|unit) "((?:[^"\\]|\\.)*)"', ref)
	        if not m:
	            problems.append(f"{doc}:{n}: the last cell '{ref}' names no test")
	            continue
	        where, text = m.group(1), m.group(2).replace('\\"', '"')
	        if where == "unit":
	            files = glob.glob(os.path.join(root, "tests/unit/*_test.cpp"))
	            needle = 'TEST_CASE("' + text
	        else:
	            files = glob.glob(os.path.join(root, f"tests/cli/{where}-*.sh"))
	            needle = "step '" + text
	            if not files:
	                problems.append(f"{doc}:{n}: no script {where}-*.sh")
	                continue
	        if not any(needle in open(f, encoding="utf-8").read() for f in files):
	            problems.append(f"{doc}:{n}: no {needle}... in {where}")
	print(f"{rows} rows checked")
	if rows < 60:
	    problems.append(f"only {rows} rows found: has the table format changed?")
	for p in problems:
	    print(p, file=sys.stderr)
	sys.exit(1 if problems else 0)
	PY
