#!/usr/bin/python3
"""Validate itk ticket files or configs against the JSON Schemas in schemas/.

Usage:
    validate.py tickets SCHEMA FILE...   JSON ticket files against schemas/ticket.schema.json
    validate.py config  SCHEMA FILE...   TOML configs (loaded with tomllib) against
                                         schemas/config.schema.json, then the cross-references
                                         that JSON Schema cannot express (as lib/itk/config.cpp)

Prints one line per invalid file, `path: message at json-path`, and exits 1 if any file is
invalid; otherwise prints `N files valid` and exits 0. Exit 2 on a usage error.
Run it with Debian's /usr/bin/python3 (python3-jsonschema, tomllib from Python 3.11).
"""

import datetime
import json
import sys

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

import jsonschema
from jsonschema.exceptions import best_match


def json_path(path):
    """A JSONPath for an error location: $.events[3].kind"""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += "[%d]" % part
        elif part.isidentifier():
            out += "." + part
        else:
            out += "[%s]" % json.dumps(part)
    return out


def format_checker(cls):
    """The validator's own format checker, with `date-time` added when the optional
    rfc3339-validator package is missing (so that 2026-13-45T25:00:00Z is refused)."""
    checker = getattr(cls, "FORMAT_CHECKER", None)
    if checker is None:
        checker = jsonschema.FormatChecker()
    if "date-time" not in checker.checkers:
        checker = jsonschema.FormatChecker(list(checker.checkers))

        @checker.checks("date-time", raises=ValueError)
        def _date_time(value):
            if not isinstance(value, str):
                return True
            text = value[:-1] + "+00:00" if value[-1:] in ("Z", "z") else value
            datetime.datetime.fromisoformat(text.replace("t", "T", 1))
            return True

    return checker


def make_validator(schema_path):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    cls.check_schema(schema)
    return cls(schema, format_checker=format_checker(cls))


def first_error(validator, instance):
    """The most relevant error as `message at json-path`, or None."""
    error = best_match(validator.iter_errors(instance))
    if error is None:
        return None
    # best_match descends into anyOf/oneOf; if/then errors are already the inner ones.
    message = error.message
    if error.validator == "not":
        # "<whole instance> should not be valid under ..." says little: use the rule's comment.
        comment = error.schema.get("$comment") if isinstance(error.schema, dict) else None
        message = "not allowed: " + (comment or "matches %s" % json.dumps(error.validator_value))
    elif len(message) > 300:
        message = message[:297] + "..."
    return "%s at %s" % (message, json_path(error.absolute_path))


def config_cross_checks(cfg):
    """What lib/itk/config.cpp checks beyond the shape: names must be declared.
    Returns `message at json-path` or None. Assumes the schema passed."""
    if type(cfg["schema"]) is not int:  # tomllib: 1.0 is a float, which itk refuses
        return "schema must be the integer 1 at $.schema"
    prio = cfg["priority"]
    priorities, impact, urgency = prio["priorities"], prio["impact"], prio["urgency"]
    matrix = prio["matrix"]
    if len(matrix) != len(impact):
        return "matrix has %d rows but %d impact levels at $.priority.matrix" % (len(matrix), len(impact))
    for i, row in enumerate(matrix):
        if len(row) != len(urgency):
            return "row has %d cells but %d urgency levels at $.priority.matrix[%d]" % (len(row), len(urgency), i)
        for j, cell in enumerate(row):
            if cell not in priorities:
                return "%r is not in priority.priorities at $.priority.matrix[%d][%d]" % (cell, i, j)
    describe = prio.get("describe", {})
    for key, domain in (("impact", impact), ("urgency", urgency)):
        for name in describe.get(key, {}):
            if name not in domain:
                return "%r is not a declared %s level at %s" % (name, key, json_path(["priority", "describe", key, name]))
    for name in cfg["sla"]:
        if name not in priorities:
            return "%r is not a declared priority at %s" % (name, json_path(["sla", name]))
    for name in priorities:
        if name not in cfg["sla"]:
            return "priority %r has no SLA entry at $.sla" % name
    esc = cfg["escalation"]
    for key in ("groups", "managers"):
        for name in esc.get(key, {}):
            if name not in esc["levels"]:
                return "%r is not a declared level at %s" % (name, json_path(["escalation", key, name]))
    for name in esc.get("stale_after", {}):
        if name not in priorities:
            return "%r is not a declared priority at %s" % (name, json_path(["escalation", "stale_after", name]))
    for i, name in enumerate(cfg.get("coordination", {}).get("required_for", [])):
        if name not in priorities:
            return "%r is not in priority.priorities at $.coordination.required_for[%d]" % (name, i)
    domains = {"impact": impact, "urgency": urgency, "priority": priorities}
    for i, rule in enumerate(cfg.get("major", {}).get("rules", [])):
        for key, value in rule.items():
            if value not in domains[key]:
                return "%r is not a declared %s at $.major.rules[%d].%s" % (value, key, i, key)
    return None


def check_ticket(validator, path):
    with open(path, encoding="utf-8") as f:
        try:
            instance = json.load(f)
        except json.JSONDecodeError as e:
            return "invalid JSON: %s (line %d column %d) at $" % (e.msg, e.lineno, e.colno)
    return first_error(validator, instance)


def check_config(validator, path):
    with open(path, "rb") as f:
        try:
            instance = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            return "invalid TOML: %s at $" % e
    return first_error(validator, instance) or config_cross_checks(instance)


def main(argv):
    if len(argv) < 4 or argv[1] not in ("tickets", "config"):
        sys.stderr.write("usage: validate.py tickets|config SCHEMA FILE...\n")
        return 2
    kind, schema_path, files = argv[1], argv[2], argv[3:]
    if kind == "config" and tomllib is None:
        sys.stderr.write("validate.py: config needs Python 3.11 (tomllib); run it with /usr/bin/python3\n")
        return 2
    try:
        validator = make_validator(schema_path)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        sys.stderr.write("validate.py: %s: bad schema: %s\n" % (schema_path, e))
        return 2
    check = check_ticket if kind == "tickets" else check_config
    bad = 0
    for path in files:
        try:
            problem = check(validator, path)
        except (OSError, UnicodeDecodeError) as e:
            problem = "cannot read: %s at $" % e
        if problem is not None:
            bad += 1
            print("%s: %s" % (path, problem))
    if bad:
        return 1
    print("%d files valid" % len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
