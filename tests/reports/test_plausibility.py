"""Plausibility warnings (not errors): one test per rule, each with its silencing; exit codes.

Each test edits a copy of case a-foreign-sub-cta (P holds 80% of S, USD) so
that exactly one thing a reviewer would question appears, and checks that the
warning names the entity, the account and the ledger file and row, that the
run still exits 0, and that ``--silence`` removes it (counted as silenced).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from renketsu.api import Context
from renketsu.cli.main import app
from renketsu.model.errors import RenketsuError
from renketsu.reports.warnings import parse_silences, plausibility

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "cases" / "translation" / "a-foreign-sub-cta" / "workspace"
MISMATCH = ROOT / "tests" / "cases" / "intercompany" / "b-ic-balance-mismatch" / "workspace"
PERIOD = "2021-12-31"


def _copy(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(CASE, ws)
    return ws


def _edit_ledger(ws: Path, replace: dict[str, str] | None = None, add: list[str] = ()) -> None:
    f = ws / "ledger" / "trial_balances.csv"
    text = f.read_text()
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    f.write_text(text + "".join(line + "\n" for line in add))


def _warnings(ws: Path, silence: tuple[str, ...] = ()):
    ctx = Context.open(ws)
    return plausibility(ctx, ctx.consolidate(PERIOD).to_json(), parse_silences(silence))


def _line_of(ws: Path, needle: str) -> int:
    lines = (ws / "ledger" / "trial_balances.csv").read_text().splitlines()
    return next(i for i, ln in enumerate(lines, start=1) if ln.startswith(needle))


def test_the_case_itself_raises_no_warning():
    assert _warnings(CASE) == ([], [])


def test_negative_cash(tmp_path):
    ws = _copy(tmp_path)
    _edit_ledger(ws, add=["P,2021-12-31,1100,,-5000,", "P,2021-12-31,1400,,5000,"])
    ws_, _ = _warnings(ws)
    assert [(w.rule, w.entity, w.account) for w in ws_] == [("negative_cash", "P", "1100")]
    w = ws_[0]
    assert w.file and w.file.endswith("trial_balances.csv") and w.row == _line_of(ws, "P,2021-12-31,1100")
    assert "-5,000" in w.message
    kept, silenced = _warnings(ws, ("negative_cash:P:1100",))
    assert kept == [] and len(silenced) == 1


def test_income_account_with_a_debit_balance(tmp_path):
    ws = _copy(tmp_path)
    # a sign-flipped revenue row: P's revenue -500000 booked as +500000 (and cash to match)
    _edit_ledger(ws, replace={"P,2021-12-31,4100,,-500000,": "P,2021-12-31,4100,,500000,",
                              "P,2021-12-31,1400,,541440,": "P,2021-12-31,1400,,-458560,"})
    rules = {(w.rule, w.entity, w.account) for w in _warnings(ws)[0]}
    assert ("income_debit", "P", "4100") in rules
    w = next(w for w in _warnings(ws)[0] if w.rule == "income_debit")
    assert w.row == _line_of(ws, "P,2021-12-31,4100") and "500,000" in w.message
    kept, silenced = _warnings(ws, ("income_debit:*",))
    assert not any(k.rule == "income_debit" for k in kept) and [s.rule for s in silenced] == ["income_debit"]


def test_investment_without_partner(tmp_path):
    ws = _copy(tmp_path)
    _edit_ledger(ws, add=["P,2021-12-31,1500,,7000,", "P,2021-12-31,1400,,-7000,"])
    found, _ = _warnings(ws)
    hits = [w for w in found if w.rule == "investment_no_partner"]
    assert [(w.entity, w.account) for w in hits] == [("P", "1500")]
    assert hits[0].row == len((ws / "ledger" / "trial_balances.csv").read_text().splitlines()) - 1
    kept, silenced = _warnings(ws, ("investment_no_partner:P:1500",))
    assert not any(k.rule == "investment_no_partner" for k in kept) and len(silenced) == 1


def test_subsidiary_with_negative_equity(tmp_path):
    ws = _copy(tmp_path)
    # S loses 5000 USD on credit: net assets 1750 - 5000 < 0
    _edit_ledger(ws, add=["S,2021-12-31,5200,,5000,", "S,2021-12-31,2200,,-5000,"])
    found, _ = _warnings(ws)
    assert [(w.rule, w.entity) for w in found if w.rule == "negative_equity"] == [("negative_equity", "S")]
    kept, silenced = _warnings(ws, ("negative_equity:S",))
    assert not any(k.rule == "negative_equity" for k in kept) and len(silenced) >= 1


def test_large_translation_difference(tmp_path):
    ws = _copy(tmp_path)
    rates = ws / "rates.csv"
    rates.write_text(rates.read_text().replace("USD,2021-12-31,closing,120", "USD,2021-12-31,closing,240"))
    found, _ = _warnings(ws)
    hits = [w for w in found if w.rule == "translation_difference"]
    assert [w.entity for w in hits] == ["S"] and "20%" in hits[0].message
    kept, _silenced = _warnings(ws, ("translation_difference:S",))
    assert not any(k.rule == "translation_difference" for k in kept)


def test_warnings_reach_the_terminal_and_do_not_change_the_exit_code(tmp_path):
    ws = _copy(tmp_path)
    _edit_ledger(ws, add=["P,2021-12-31,1100,,-5000,", "P,2021-12-31,1400,,5000,"])
    res = CliRunner().invoke(app, ["consolidate", str(ws), "--period", PERIOD], env={"COLUMNS": "120"})
    assert res.exit_code == 0
    assert "negative_cash" in res.stdout and "trial_balances.csv:" in res.stdout
    res = CliRunner().invoke(app, ["consolidate", str(ws), "--period", PERIOD, "--silence", "negative_cash:P"],
                             env={"COLUMNS": "120"})
    assert res.exit_code == 0 and "warning negative_cash" not in res.stdout


def test_a_large_file_names_its_row_on_request(tmp_path, monkeypatch):
    # A ledger file of store.PARALLEL_BYTES or more is read without row numbers: a warning on it
    # names the file only, unless --warning-rows asks for the second read that numbers its rows.
    from renketsu.ledger import store

    monkeypatch.setattr(store, "PARALLEL_BYTES", 0)
    ws = _copy(tmp_path)
    _edit_ledger(ws, add=["P,2021-12-31,1100,,-5000,", "P,2021-12-31,1400,,5000,"])
    line = _line_of(ws, "P,2021-12-31,1100")
    args = ["consolidate", str(ws), "--period", PERIOD, "--format", "json", "-o", str(tmp_path / "r.json")]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0
    warning = next(x for x in res.stderr.splitlines() if "negative_cash" in x)
    assert "trial_balances.csv: " in warning and f"trial_balances.csv:{line}" not in warning
    res = CliRunner().invoke(app, [*args, "--warning-rows"])
    assert res.exit_code == 0
    warning = next(x for x in res.stderr.splitlines() if "negative_cash" in x)
    assert f"trial_balances.csv:{line}: " in warning


def test_a_bad_silence_is_refused():
    with pytest.raises(RenketsuError) as e:
        parse_silences(["nosuchrule:P", "negative_cash:"])
    assert len(e.value.problems) == 2


# ------------------------------------------------------------------ a failed check is a failure

def test_failed_check_exits_1_after_writing_its_output(tmp_path):
    out = tmp_path / "r.json"
    res = CliRunner().invoke(app, ["consolidate", str(MISMATCH), "--period", PERIOD])
    assert res.exit_code == 1
    text = res.stdout
    assert text.index("FAILED") < text.index("Consolidated balance sheet")   # the failure first
    assert text.index("1,000.00") < text.index("Consolidated balance sheet")  # the unmatched pair, both sides
    res = CliRunner().invoke(app, ["consolidate", str(MISMATCH), "--period", PERIOD, "--format", "json", "-o", str(out)])
    assert res.exit_code == 1 and out.exists()
    xlsx = tmp_path / "r.xlsx"
    res = CliRunner().invoke(app, ["consolidate", str(MISMATCH), "--period", PERIOD, "--format", "xlsx", "-o", str(xlsx)])
    assert res.exit_code == 1 and xlsx.exists()
    res = CliRunner().invoke(app, ["consolidate", str(MISMATCH), "--period", PERIOD, "--allow-failed-checks"])
    assert res.exit_code == 0 and "FAILED" in res.stdout


def test_passing_checks_exit_0():
    res = CliRunner().invoke(app, ["consolidate", str(CASE), "--period", PERIOD])
    assert res.exit_code == 0 and "FAILED" not in res.stdout


def test_matching_sheet_lists_both_sides_largest_first(tmp_path):
    import openpyxl

    xlsx = tmp_path / "r.xlsx"
    CliRunner().invoke(app, ["consolidate", str(MISMATCH), "--period", PERIOD, "--format", "xlsx", "-o", str(xlsx)])
    rows = list(openpyxl.load_workbook(xlsx)["Matching"].iter_rows(values_only=True))
    assert rows[0][:4] == ("pair", "kind", "status", "side entity")
    body = [r for r in rows[1:] if r[0] == "P / S"]
    assert {r[3] for r in body} == {"P", "S"} and body[0][2] == "UNMATCHED" and body[0][7] == 50


def test_a_failed_statement_check_is_a_failure(monkeypatch):
    """The statements' own checks (equity roll, cash-flow identity) count like the others."""
    import importlib

    build = importlib.import_module("renketsu.statements.build")  # the package exports a function build

    real = build.Statements.to_json

    def broken(self):
        out = real(self)
        out["statement_checks"] = [*out["statement_checks"],
                                   {"name": "cash_flows_reconcile", "ok": False, "detail": "forced by the test"}]
        return out

    monkeypatch.setattr(build.Statements, "to_json", broken)
    res = CliRunner().invoke(app, ["consolidate", str(CASE), "--period", PERIOD, "--format", "json"])
    assert res.exit_code == 1
    assert "cash_flows_reconcile" in res.stderr
    res = CliRunner().invoke(app, ["consolidate", str(CASE), "--period", PERIOD, "--format", "json",
                                   "--allow-failed-checks"])
    assert res.exit_code == 0
