"""Every worked case under tests/cases/ (by topic; ``shared-*`` are copies of the acceptance cases)
through tests/tools/check_case.py (a copy of the acceptance check tool).

One test per case. The check tool runs the ``renketsu`` command line; the venv's bin is put
first on PATH so the installed command is the one under test. A case that fails for any
reason — an unregistered command included — fails its test; a case with a
top-level ``xfail: "<reason>"`` in its expected.yaml is a strict expected failure (it must
fail, and passing turns into a failure so the mark gets removed when the engine is fixed).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
OWN_CASES = HERE.parent / "cases"
CHECK = HERE.parent / "tools" / "check_case.py"
BIN = Path(sys.executable).parent


def _cases() -> list:
    params = []
    for case in sorted(p.parent for p in OWN_CASES.rglob("expected.yaml") if (p.parent / "workspace").is_dir()):
        spec = yaml.safe_load((case / "expected.yaml").read_text())
        marks = []
        if spec.get("xfail"):
            marks.append(pytest.mark.xfail(reason=str(spec["xfail"]), strict=True))
        params.append(pytest.param(case, id=case.relative_to(OWN_CASES).as_posix(), marks=marks))
    return params


CASES = _cases()


def test_there_are_cases():
    assert len(CASES) >= 35, "tests/cases/ lost cases"
    assert {"investment/shared-c01-wholly-owned-formed", "investment/shared-c03-80pct-goodwill-dividend",
            "nci/shared-c05-indirect-80-of-60", "merger/shared-c08-parent-absorbs-wholly-owned"} <= {p.id for p in CASES}


@pytest.mark.parametrize("case", CASES)
def test_case(case: Path):
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.run([sys.executable, str(CHECK), str(case)], capture_output=True, text=True,
                          env=env, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{case.name} does not match its expected.yaml:\n{out}"
