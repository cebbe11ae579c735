"""Golden files: the terminal and Excel renderings of the IIJ example, so a rendering change shows in review.

Each rendering is produced by the installed ``renketsu`` command in a fresh process (terminal
output at a fixed width of 100 columns, no colour) and compared with its file in
tests/examples/golden/. An Excel pack is compared as a text dump of every sheet's cells:
``Sheet!A1 = value`` (text quoted, a formula as written), in sheet then row order. Trailing
spaces are not compared.

After an intended rendering change, rewrite the files and review the diff:

    RENKETSU_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/examples/test_golden.py
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
IIJ = "examples/iij-2010"
UPDATE = os.environ.get("RENKETSU_UPDATE_GOLDEN") == "1"
WIDTH = "100"


def _renketsu(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE")}
    env.update(COLUMNS=WIDTH, LINES="50", NO_COLOR="1", TERM="dumb")
    cmd = [sys.executable, "-c", "from renketsu.cli.main import app; app(prog_name='renketsu')", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300, check=False)
    assert proc.returncode == 0, f"renketsu {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}"
    return proc.stdout


def _cell_text(v: object) -> str:
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return v if v.startswith("=") else repr(v)  # a formula as written, text quoted
    return str(v)


def xlsx_dump(path: Path) -> str:
    """Every non-empty cell of every sheet, one line each: ``Sheet!A1 = value`` (formulas as written)."""
    wb = openpyxl.load_workbook(path)  # not data_only: a formula reads as its text
    out = []
    for ws in wb.worksheets:
        out.append(f"# sheet {ws.title!r} ({ws.max_row} rows x {ws.max_column} columns)")
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    out.append(f"{ws.title}!{c.coordinate} = {_cell_text(c.value)}")
    return "\n".join(out) + "\n"


def _compare(name: str, text: str) -> None:
    text = "".join(line.rstrip() + "\n" for line in text.splitlines())  # rich pads lines; editors strip them
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing: run RENKETSU_UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
    want = path.read_text(encoding="utf-8")
    if text != want:
        import difflib

        diff = "".join(difflib.unified_diff(want.splitlines(True), text.splitlines(True), f"golden/{name}", "now",
                                            n=1))
        pytest.fail(f"the rendering changed (if intended: RENKETSU_UPDATE_GOLDEN=1, then review the diff):\n{diff}")


def test_consolidate_terminal():
    _compare("consolidate-2010-03-31.txt", _renketsu("consolidate", IIJ, "--period", "2010-03-31"))


def test_simulate_terminal():
    _compare("simulate-merger-2010.txt", _renketsu("simulate", IIJ, "--event", "merger-2010"))


def test_consolidate_xlsx(tmp_path: Path):
    out = tmp_path / "consolidation.xlsx"
    _renketsu("consolidate", IIJ, "--period", "2010-03-31", "--format", "xlsx", "--output", str(out))
    _compare("consolidate-2010-03-31.xlsx.txt", xlsx_dump(out))


def test_simulate_xlsx(tmp_path: Path):
    out = tmp_path / "simulation.xlsx"
    _renketsu("simulate", IIJ, "--event", "merger-2010", "--format", "xlsx", "--output", str(out))
    _compare("simulate-merger-2010.xlsx.txt", xlsx_dump(out))


def test_the_dump_shows_values_and_formulas(tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["A1"], ws["B1"], ws["B2"] = "label", 3, "=B1*2"
    wb.save(tmp_path / "t.xlsx")
    assert xlsx_dump(tmp_path / "t.xlsx") == "# sheet 'S' (2 rows x 2 columns)\nS!A1 = 'label'\nS!B1 = 3\nS!B2 = =B1*2\n"
