"""s6: a simulation whose position date (the day before the event) has no trial balance.

docs/format.md §9: the simulation stands on the day before the effective date and the ledger must hold
every involved entity's trial balance then. Here the ledger has 2021-03-31 only and the events
take effect on 2021-07-01: the command line must exit 2, print no traceback, and say which
entities lack a trial balance at which date (2021-06-30).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

BIN = Path(sys.executable).parent
RENKETSU = BIN / "renketsu"
M = 1_000_000

GROUP = {
    "group": "s6", "parent": "P", "reporting_currency": "JPY", "fiscal_year_end": "03-31", "framework": "jgaap",
    "entities": [{"id": "P", "name": "Parent", "currency": "JPY"}, {"id": "S", "name": "Sub", "currency": "JPY"}],
    "accounts": [
        {"id": "1100", "name": "Cash and deposits", "type": "asset"},
        {"id": "1400", "name": "Other assets", "type": "asset"},
        {"id": "1500", "name": "Shares of subsidiaries", "type": "asset", "role": "investment"},
        {"id": "2200", "name": "Other liabilities", "type": "liability"},
        {"id": "3100", "name": "Share capital", "type": "equity", "role": "share_capital"},
        {"id": "3300", "name": "Retained earnings", "type": "equity", "role": "retained_earnings"},
        {"id": "4100", "name": "Revenue", "type": "income"},
        {"id": "5200", "name": "Expenses", "type": "expense"},
    ],
    "holdings": [{"date": "2015-04-01", "holder": "P", "entity": "S", "share": 0.8, "cost": 80 * M,
                  "equity_at_acquisition": {"3100": 100 * M, "3300": 0}}],
}
ROWS = [
    ("P", "1100", 20 * M), ("P", "1400", 300 * M), ("P", "1500", 80 * M), ("P", "2200", -100 * M),
    ("P", "3100", -200 * M), ("P", "3300", -80 * M), ("P", "4100", -100 * M), ("P", "5200", 80 * M),
    ("S", "1400", 200 * M), ("S", "2200", -80 * M), ("S", "3100", -100 * M), ("S", "3300", -10 * M),
    ("S", "4100", -50 * M), ("S", "5200", 40 * M),
]
EVENTS = {"events": [
    {"id": "merger-late", "kind": "merger", "effective": "2021-07-01", "surviving": "P", "absorbed": ["S"]},
    {"id": "sale-late", "kind": "disposal", "date": "2021-07-01", "holder": "P", "entity": "S",
     "share_sold": 0.2, "proceeds": 30 * M},
    {"id": "merger-ok", "kind": "merger", "effective": "2021-04-01", "surviving": "P", "absorbed": ["S"]},
]}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    (ws / "ledger").mkdir(parents=True)
    (ws / "group.yaml").write_text(yaml.safe_dump(GROUP, sort_keys=False))
    (ws / "events.yaml").write_text(yaml.safe_dump(EVENTS, sort_keys=False))
    lines = ["entity,period,account,partner,amount"] + [f"{e},2021-03-31,{a},{'S' if a == '1500' else ''},{v}"
                                                         for e, a, v in ROWS]
    (ws / "ledger" / "tb.csv").write_text("\n".join(lines) + "\n")
    return ws


def _simulate(ws: Path, event: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", COLUMNS="400", NO_COLOR="1")
    return subprocess.run([str(RENKETSU), "simulate", str(ws), "--event", event, "--format", "json"],
                          check=False, capture_output=True, text=True, env=env, timeout=300)


def test_the_workspace_itself_simulates(workspace: Path):
    """Control: with the effective date the ledger supports, the same workspace runs."""
    proc = _simulate(workspace, "merger-ok")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("event", ["merger-late", "sale-late"])
def test_no_trial_balance_the_day_before(workspace: Path, event: str):
    proc = _simulate(workspace, event)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out
    assert "Traceback" not in out
    assert proc.stdout.strip() == "", "nothing on stdout when the simulation cannot run"
    message = " ".join(proc.stderr.split())  # undo any wrapping
    assert "2021-06-30" in message, message
    assert {"P", "S"} <= set(re.findall(r"\b[A-Z]\b", message)), f"entities not named: {message}"
    assert "no trial balance" in message, message
