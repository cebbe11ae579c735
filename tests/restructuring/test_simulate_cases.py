"""Simulation cases outside tests/cases/: the IIJ merger example through check_case.py.

tests/examples/expected_iij_merger.yaml is a hand-computed simulate case for examples/iij-2010
(IIJ absorbs IIJT and IIJFS on 2010-04-01). check_case.py wants CASE/expected.yaml and
CASE/workspace/, so the test assembles that in a temporary folder, the workspace a symlink.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "tests" / "tools" / "check_case.py"
BIN = Path(sys.executable).parent


def test_iij_merger_example(tmp_path: Path):
    case = tmp_path / "iij-2010-merger"
    case.mkdir()
    shutil.copy(ROOT / "tests" / "examples" / "expected_iij_merger.yaml", case / "expected.yaml")
    (case / "workspace").symlink_to(ROOT / "examples" / "iij-2010", target_is_directory=True)
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.run([sys.executable, str(CHECK), str(case)], check=False, capture_output=True, text=True, env=env,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok   iij-2010-merger" in proc.stdout
