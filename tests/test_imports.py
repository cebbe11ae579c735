"""What `renketsu --help` and `renketsu validate` import stays what they use.

Each command runs in a fresh interpreter under ``python -X importtime -m renketsu`` (as
``bench/import_time.py`` measures it) and the modules it imported are read from that
output. No timing is asserted (the machine may be shared): the test fails when an
import that a command does not need comes back on its path — numpy for a small
group's ownership, the web stack, the Excel writer, SciPy, Arrow, rich for a
validate that has nothing to say, or json. Two more keep the other start-up savings: the
workspace's pydantic schemas are built on first use (``defer_build``), and the start-up runs
with the cyclic garbage collector paused while each command's own code runs with it on.
docs/performance.md ("Import time") has the figures.
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
    # json only for the commands that write it (renketsu.ownership.output imports it when it writes)
    assert "json" not in mods


def test_a_validate_that_finds_problems_still_prints_them(tmp_path: Path):
    """The lazily imported console and styles are there when a problem is printed."""
    proc = subprocess.run([sys.executable, "-m", "renketsu", "validate", str(tmp_path / "missing")], capture_output=True,
                          text=True, timeout=120, check=False, cwd=ROOT, env=dict(os.environ, COLUMNS="200"))
    assert proc.returncode == 2, proc.stderr
    assert "error" in proc.stderr and "1 problem found." in proc.stderr and "Traceback" not in proc.stderr


#: the file schemas that the IIJ workspace (group.yaml, one merger in events.yaml, facts.csv) has no file for
UNUSED_BY_IIJ = ("EntityRow", "HoldingRow", "RateRow", "IcStockRow", "AcquisitionFile", "DisposalFile",
                 "AdjustmentRow", "OpeningRowFile")

SCHEMAS_PROBE = """
import sys
from renketsu.workspace import adjustments, opening, schemas
from pydantic import BaseModel

def models():
    for mod in (schemas, adjustments, opening):
        for v in vars(mod).values():
            if isinstance(v, type) and issubclass(v, BaseModel) and v.__module__ == mod.__name__:
                yield v

built = lambda: sorted(m.__name__ for m in models() if m.__pydantic_complete__)
print("imported:", *built())
if len(sys.argv) > 1:
    from renketsu.api import Context
    from renketsu.workspace.preflight import check_every_command
    check_every_command(Context.open(sys.argv[1]))
    print("validated:", *built())
"""


def test_file_schemas_are_built_on_first_use():
    """``defer_build``: importing the schemas builds no validator; validate builds those of the files it reads."""
    proc = subprocess.run([sys.executable, "-c", SCHEMAS_PROBE, str(IIJ)], capture_output=True, text=True,
                          timeout=120, check=True, cwd=ROOT)
    imported, validated = (line.split()[1:] for line in proc.stdout.splitlines())
    assert imported == []
    assert {"GroupFile", "EntityFile", "HoldingFile", "MergerFile", "FactRow"} <= set(validated)
    assert sorted(m for m in UNUSED_BY_IIJ if m in validated) == []


def test_start_up_pauses_the_collector_and_the_command_runs_with_it(monkeypatch):
    """The cyclic collector is paused while the command is looked up and imported, back on for its own code."""
    import functools
    import gc

    from typer.testing import CliRunner

    import renketsu.cli.main as main
    import renketsu.cli.validate as validate

    seen: dict[str, bool] = {}
    load, command = main.load_command, validate.command

    def spy_load(name: str):
        seen["start-up"] = gc.isenabled()
        return load(name)

    @functools.wraps(command)
    def spy_command(*args, **kwargs):
        seen["command"] = gc.isenabled()
        return command(*args, **kwargs)

    monkeypatch.setattr(main, "load_command", spy_load)
    monkeypatch.setattr(validate, "command", spy_command)
    assert gc.isenabled()
    out = CliRunner().invoke(main.app, ["validate", str(IIJ)])
    assert out.exit_code == 0, out.output
    assert seen == {"start-up": False, "command": True}
    assert gc.isenabled()
