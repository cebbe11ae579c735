#!/usr/bin/env python3
# Copy of the acceptance check tool of contract v1, unchanged but for these two comment lines
# (kept here so the suite needs nothing outside the repository). See tests/cases/README.md.
"""Run acceptance cases against the renketsu command line and compare with expected.yaml.

Usage: check_case.py CASE_DIR [CASE_DIR ...]     (each holds workspace/ and expected.yaml)

expected.yaml:
  run: consolidate | simulate
  period: YYYY-MM-DD          (consolidate)
  event: ID                   (simulate)
  expect:
    <dotted path into the JSON result>: <value>
A value that is a mapping under a path ending in balance_sheet or income_statement
is complete: every non-zero line of the result must be listed and equal, absent = 0.
Other values compare as exact numbers (decimals or fractions), booleans or strings.
Exit 0 when every case matches; prints one line per case and one per mismatch.
"""
import json
import re
import subprocess
import sys
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

import yaml

COMPLETE = ("balance_sheet", "income_statement")


def number(v):
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, Decimal)):
        return Fraction(v)
    if isinstance(v, float):
        try:
            return Fraction(Decimal(repr(v)))
        except (ValueError, OverflowError):
            return None
    if isinstance(v, str):
        s = v.strip().replace(",", "")
        try:
            return Fraction(Decimal(s))
        except (InvalidOperation, ValueError, OverflowError):
            try:
                return Fraction(s)
            except (ValueError, ZeroDivisionError):
                return None
    return None


def same(a, b):
    na, nb = number(a), number(b)
    if na is not None and nb is not None:
        return na == nb
    return a == b


def select(items, selector):
    """Pick the one dict in a list whose fields match `k=v,k=v`."""
    want = dict(part.split("=", 1) for part in selector.split(","))
    hits = [i for i in items if isinstance(i, dict) and all(str(i.get(k)) == v for k, v in want.items())]
    if len(hits) != 1:
        raise KeyError(selector)
    return hits[0]


def lookup(obj, path):
    """Follow a dotted path; `name[k=v,...]` picks one item of a list by its fields."""
    for key in re.findall(r"[^.\[]+(?:\[[^\]]*\])?", path):
        name, _, selector = key.partition("[")
        if name:
            if isinstance(obj, dict) and name in obj:
                obj = obj[name]
            else:
                raise KeyError(path)
        if selector:
            if not isinstance(obj, list):
                raise KeyError(path)
            obj = select(obj, selector.rstrip("]"))
    return obj


def compare(path, got, want, problems):
    if isinstance(want, dict) and path.split(".")[-1] in COMPLETE:
        got = got or {}
        for k in sorted(set(got) | set(want), key=str):
            g, w = got.get(k, 0), want.get(str(k), want.get(k, 0))
            if not same(g, w):
                problems.append(f"{path}.{k}: got {g}, expected {w}")
        return
    if isinstance(want, dict):
        for k, w in want.items():
            try:
                g = lookup(got, str(k))
            except KeyError:
                problems.append(f"{path}.{k}: missing")
                continue
            compare(f"{path}.{k}", g, w, problems)
        return
    if not same(got, want):
        problems.append(f"{path}: got {got}, expected {want}")


def run_case(case: Path) -> list[str]:
    spec = yaml.safe_load((case / "expected.yaml").read_text())
    ws = str(case / "workspace")
    if spec["run"] == "consolidate":
        cmd = ["renketsu", "consolidate", ws, "--period", str(spec["period"]), "--format", "json"]
    else:
        cmd = ["renketsu", "simulate", ws, "--event", str(spec["event"]), "--format", "json"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode not in (0, 1):  # 1: output written, but a check failed (docs/reports.md)
        return [f"exit {proc.returncode}: {(proc.stderr or proc.stdout).strip()[-400:]}"]
    try:
        result = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        return [f"output is not JSON: {e}"]
    problems: list[str] = []
    failed = [c.get("name") for c in result.get("checks", []) if not c.get("ok")]
    if (proc.returncode == 1) != bool(failed):
        problems.append(f"exit {proc.returncode} with failed checks {failed}: a failed check must exit 1, else 0")
    elif failed and not any(str(k).startswith("checks[") and v is False for k, v in spec["expect"].items()):
        problems.append(f"exit 1: checks {failed} failed, which the case does not expect")
    for path, want in spec["expect"].items():
        try:
            got = lookup(result, str(path))
        except KeyError:
            problems.append(f"{path}: missing")
            continue
        compare(str(path), got, want, problems)
    return problems


def main(argv):
    failed = 0
    for arg in argv:
        case = Path(arg)
        problems = run_case(case)
        print(f"{'ok  ' if not problems else 'FAIL'} {case.name}")
        for p in problems:
            print(f"     {p}")
        failed += bool(problems)
    print(f"{len(argv) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
