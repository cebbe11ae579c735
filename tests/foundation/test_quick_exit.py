"""The ``renketsu`` program's end without the interpreter's teardown (cli.common.leave_to_the_exit, end_process):
what a command left to the exit is not freed object by object, what it asked to close is closed, the atexit
functions run, the streams are flushed and the exit code is kept; elsewhere nothing changes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from renketsu.cli import common

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import atexit, sys
from renketsu.cli import common

class Canary:
    def __del__(self):
        print("freed", flush=True)

common.PROCESS_ENDS[0] = True
atexit.register(lambda: print("atexit", flush=True))
print("before", end="")  # not flushed yet: end_process flushes it
if sys.argv[1] == "left":
    common.leave_to_the_exit(Canary(), close=lambda: print(" closed", end=""))
else:
    canary = Canary()
common.end_process(3)
print("returned")
sys.exit(4)
"""


def _run(mode: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _SCRIPT, mode], capture_output=True, text=True, cwd=ROOT)


def test_what_was_left_to_the_exit_is_closed_not_freed_and_the_code_kept():
    out = _run("left")
    assert out.returncode == 3
    assert out.stdout == "before closedatexit\n"  # closed, atexit functions run, flushed; never freed


def test_without_anything_left_the_usual_exit_follows():
    out = _run("none")
    assert out.returncode == 4
    assert out.stdout.splitlines() == ["beforereturned", "atexit", "freed"]


def test_nothing_is_kept_in_a_program_that_goes_on(monkeypatch):
    monkeypatch.setattr(common, "PROCESS_ENDS", [False])
    monkeypatch.setattr(common, "_LEFT", [])
    monkeypatch.setattr(common, "_CLOSE", [])
    common.leave_to_the_exit(object(), close=lambda: None)
    assert common._LEFT == [] and common._CLOSE == []
    common.end_process(0)  # returns: nothing was left


def _consolidate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "renketsu", "consolidate", *args], capture_output=True,
                          text=True, cwd=ROOT)


def test_the_program_writes_the_whole_result_and_its_exit_codes():
    ok = _consolidate("examples/iij-2010", "--period", "2010-03-31", "--format", "json")
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["period"] == "2010-03-31"
    bad = _consolidate("examples/iij-2010", "--period", "2011-03-31", "--format", "json")
    assert bad.returncode == 2 and "1 problem found" in bad.stderr and bad.stdout == ""


def test_a_database_file_is_closed_as_usual(tmp_path):
    db = tmp_path / "ledger.duckdb"
    ok = _consolidate("examples/iij-2010", "--period", "2010-03-31", "--format", "json", "--db", str(db))
    assert ok.returncode == 0 and json.loads(ok.stdout)["period"] == "2010-03-31"
    assert db.is_file() and not Path(f"{db}.wal").exists()
