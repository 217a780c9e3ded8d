#!/usr/bin/env python3
"""The backlog of a ServiceNow audit export at an instant, computed from the CSV alone.

    servicenow_backlog.py FILE.csv YYYY-MM-DDTHH:MM  ->  "total P1 P2 P3 P4 P5" on stdout

An incident is in the backlog at T when it was opened before T and the last of its rows
updated before T (rows ordered by sys_updated_at, then sys_mod_count) is in a working state
(New, Active, Awaiting ...). Its priority is that row's impact x urgency, read with itk's
default matrix (1 - High = high, ...). Independent of itk: the test compares it with
`itk report --until T` on the imported store.
"""
import csv
import sys
from collections import defaultdict
from datetime import datetime

LEVEL = {"1 - High": "high", "2 - Medium": "medium", "3 - Low": "low"}
# itk's default priority matrix, impact then urgency (SPEC §4).
MATRIX = {
    ("high", "high"): "P1", ("high", "medium"): "P2", ("high", "low"): "P3",
    ("medium", "high"): "P2", ("medium", "medium"): "P3", ("medium", "low"): "P4",
    ("low", "high"): "P3", ("low", "medium"): "P4", ("low", "low"): "P5",
}
WORKING = {"New", "Active", "Awaiting User Info", "Awaiting Vendor", "Awaiting Problem", "Awaiting Evidence"}


def when(text):
    return datetime.strptime(text, "%d-%m-%Y %H:%M")


def main():
    path, instant = sys.argv[1], datetime.strptime(sys.argv[2], "%Y-%m-%dT%H:%M")
    rows = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows[row["number"]].append(row)
    counts = defaultdict(int)
    for number, history in rows.items():
        history.sort(key=lambda r: (when(r["sys_updated_at"]), int(r["sys_mod_count"])))
        if when(history[0]["opened_at"]) >= instant:
            continue
        before = [r for r in history if when(r["sys_updated_at"]) < instant]
        last = before[-1] if before else history[0]
        if last["incident_state"] in WORKING:
            counts[MATRIX[(LEVEL[last["impact"]], LEVEL[last["urgency"]])]] += 1
    print(sum(counts.values()), *(counts[p] for p in ("P1", "P2", "P3", "P4", "P5")))


main()
