"""CLI consistency (issue 14): --version, structure's formats, default dates said aloud,
output files following the umask, ownership without chart roles."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from typer.testing import CliRunner

from renketsu.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
IIJ = ROOT / "examples" / "iij-2010"
CASE = ROOT / "tests" / "cases" / "translation" / "a-foreign-sub-cta" / "workspace"


def _run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "120"})


def test_version():
    res = _run("--version")
    assert res.exit_code == 0 and res.stdout.startswith("renketsu ")


def test_structure_offers_only_what_it_does():
    res = _run("structure", "--help")
    assert "xlsx" not in res.stdout
    res = _run("structure", str(IIJ), "--format", "xlsx")
    assert res.exit_code == 2


def test_structure_and_ownership_default_to_the_latest_ledger_period():
    for cmd in ("structure", "ownership"):
        res = _run(cmd, str(IIJ))
        assert res.exit_code == 0, res.stdout
        assert "at 2010-03-31, the latest period in the ledger" in res.stdout + (res.stderr or "")
    res = _run("ownership", str(IIJ), "--format", "json")
    assert '"date": "2010-03-31"' in res.stdout


def test_ownership_without_chart_roles(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    g = yaml.safe_load((CASE / "group.yaml").read_text())
    for a in g["accounts"]:
        a.pop("role", None)
    (ws / "group.yaml").write_text(yaml.safe_dump(g, sort_keys=False))
    res = _run("ownership", str(ws), "--date", "2021-12-31")
    assert res.exit_code == 0, res.stdout
    assert "80%" in res.stdout
    res = _run("structure", str(ws), "--date", "2021-12-31")
    assert res.exit_code == 0, res.stdout


def test_outputs_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        j, x = tmp_path / "out.json", tmp_path / "out.xlsx"
        assert _run("consolidate", str(CASE), "--period", "2021-12-31", "--format", "json", "-o", str(j)).exit_code == 0
        assert _run("consolidate", str(CASE), "--period", "2021-12-31", "--format", "xlsx", "-o", str(x)).exit_code == 0
        assert oct(j.stat().st_mode & 0o777) == oct(x.stat().st_mode & 0o777) == oct(0o644)
    finally:
        os.umask(old)


def test_help_documents_exit_codes():
    for cmd in ("consolidate", "simulate"):
        res = _run(cmd, "--help")
        assert "--allow-failed-checks" in res.stdout and "exit" in res.stdout.lower()


def test_foreign_simulation_statements_carry_their_own_currency():
    ws = ROOT / "tests" / "cases" / "disposal" / "s-5b-partial-disposal-foreign-keeps-control" / "workspace"
    res = _run("simulate", str(ws), "--event", "sale-2022")
    assert res.exit_code == 0
    after = res.stdout[res.stdout.index("S after the event"):]
    assert "USD" in after.split("\n", 3)[2] or "USD" in after[:400]


