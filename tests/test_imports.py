"""What `renketsu --help` and `renketsu validate` import stays what they use.

Each command runs in a fresh interpreter under ``python -X importtime -m renketsu`` (as
``bench/import_time.py`` measures it) and the modules it imported are read from that
output. No timing is asserted (the machine may be shared): the test fails when an
import that a command does not need comes back on its path — numpy for a small
group's ownership, the web stack, the Excel writer, SciPy, Arrow, or rich for a
validate that has nothing to say. docs/performance.md ("Import time") has the figures.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IIJ = ROOT / "examples" / "iij-2010"
#: three levels (P -> 80% S1 -> 60% S2): the pure-Python ownership path with holdings between subsidiaries
INDIRECT = ROOT / "tests" / "cases" / "nci" / "shared-c05-indirect-80-of-60" / "workspace"

#: never on the path of --help or validate
NEVER = ("numpy", "scipy", "pyarrow", "pandas", "openpyxl", "jinja2", "fastapi", "starlette", "uvicorn")


def imported(*args: str) -> set[str]:
    """Every module the command imported (dotted names and their top-level packages)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "renketsu", *args], capture_output=True, text=True,
                          timeout=120, check=False, cwd=ROOT, env=dict(os.environ, COLUMNS="100"))
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    names = {m.group(1).strip() for m in re.finditer(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)\s*$", proc.stderr,
                                                     re.MULTILINE)}
    assert len(names) > 50, proc.stderr[-3000:]  # the probe read -X importtime output at all
    return names | {n.split(".")[0] for n in names}


def test_help_imports_neither_the_engine_nor_the_model():
    mods = imported("--help")
    assert sorted(m for m in NEVER if m in mods) == []
    assert sorted(m for m in ("duckdb", "pydantic", "yaml", "renketsu.model", "renketsu.api") if m in mods) == []


@pytest.mark.parametrize("workspace", [IIJ, INDIRECT], ids=["iij-2010", "indirect-80-of-60"])
def test_validate_imports_only_what_it_uses(workspace: Path):
    mods = imported("validate", str(workspace))
    # it did run: opened the workspace, solved the ownership, consolidated (-X importtime does not list
    # modules loaded by importlib.import_module, such as renketsu.cli.validate itself)
    assert {"renketsu.api", "renketsu.ownership.core", "renketsu.consolidation.pipeline"} <= mods
    assert sorted(m for m in NEVER if m in mods) == []
    # an ok validate prints one plain line: no rich, no report code
    assert sorted(m for m in mods if m == "rich" or m.startswith("renketsu.reports")) == []


def test_a_validate_that_finds_problems_still_prints_them(tmp_path: Path):
    """The lazily imported console and styles are there when a problem is printed."""
    proc = subprocess.run([sys.executable, "-m", "renketsu", "validate", str(tmp_path / "missing")], capture_output=True,
                          text=True, timeout=120, check=False, cwd=ROOT, env=dict(os.environ, COLUMNS="200"))
    assert proc.returncode == 2, proc.stderr
    assert "error" in proc.stderr and "1 problem found." in proc.stderr and "Traceback" not in proc.stderr
