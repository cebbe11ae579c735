"""The command line starts light: `renketsu --help` and `renketsu validate` import only what they use.

Each check runs the command in a fresh interpreter and lists the modules it loaded; it fails as
soon as someone adds an eager import of the web stack, the Excel writer or SciPy on the way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IIJ = ROOT / "examples" / "iij-2010"

#: what no start-up path may load: the web stack, the Excel writer, SciPy
HEAVY = ("fastapi", "starlette", "uvicorn", "jinja2", "openpyxl", "scipy")

PROBE = """
import json, sys
from renketsu.cli.main import app
try:
    app(sys.argv[1:], prog_name="renketsu")
except SystemExit as e:
    code = e.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules(*args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                          check=False, cwd=ROOT, env=dict(os.environ, COLUMNS="100"))
    last = proc.stdout.strip().splitlines()[-1]
    out = json.loads(last)
    assert out["code"] == 0, proc.stdout + proc.stderr
    return {m.split(".")[0] for m in out["modules"]} | set(out["modules"])


def _loaded(mods: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if n in mods]


def test_help_imports_no_command_module():
    mods = _modules("--help")
    assert _loaded(mods, HEAVY) == []
    # not even the engine: the help lines are read from the command modules' source
    assert _loaded(mods, ("duckdb", "pydantic", "numpy", "pyarrow", "renketsu.api",
                          "renketsu.cli.validate", "renketsu.cli.serve", "renketsu.cli.consolidate")) == []


def test_validate_imports_neither_web_nor_excel_nor_scipy():
    mods = _modules("validate", str(IIJ))
    assert "renketsu.cli.validate" in mods  # the probe did run the command
    assert _loaded(mods, HEAVY) == []
    # validate consolidates and simulates to make every input check (so the engine is loaded),
    # but renders nothing: no web app, no Excel writer, no terminal statements
    assert _loaded(mods, ("renketsu.web", "renketsu.reports.xlsx", "renketsu.reports.terminal",
                          "renketsu.cli.serve", "renketsu.cli.consolidate", "renketsu.cli.simulate")) == []


@pytest.mark.parametrize("command", ["validate", "structure", "ownership", "consolidate", "simulate",
                                     "generate", "serve"])
def test_every_command_still_registers(command: str):
    mods = _modules(command, "--help")
    assert f"renketsu.cli.{command}" in mods
