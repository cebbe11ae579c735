"""The foundation: exact numbers, line-tracking YAML, the DuckDB ledger and its atomic file loads, the CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from renketsu.api import Context
from renketsu.cli.main import app
from renketsu.ledger import Ledger
from renketsu.model.errors import Problems, RenketsuError
from renketsu.model.money import D, F, NotExact, amount_str, book, ratio_str
from renketsu.workspace import load_workspace
from renketsu.workspace.yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[2]
IIJ = ROOT / "examples" / "iij-2010"
C03 = ROOT / "tests" / "cases" / "investment" / "shared-c03-80pct-goodwill-dividend" / "workspace"
runner = CliRunner()


def test_money_refuses_floats_and_never_rounds_silently():
    with pytest.raises(NotExact):
        D(0.1)
    with pytest.raises(NotExact):
        F(0.5)
    assert D("1,234.50") == Decimal("1234.50")
    assert F("75/98") == Fraction(75, 98)
    assert amount_str(Decimal("0.125"), 2) == "0.125"
    assert amount_str(Decimal("1200.000000"), 0) == "1200"
    assert book(Fraction(5, 2), 0) == Decimal(2) and book(Fraction(7, 2), 0) == Decimal(4)  # half-even
    assert ratio_str(Fraction(48, 100)) == "0.48" and ratio_str(Fraction(75, 98)) == "75/98"


def test_yaml_numbers_are_exact_and_lines_are_kept():
    doc = load_yaml("holdings:\n  - share: 0.8\n    cost: 10000.10\n  - share: 0.1\n")
    first, second = doc.data["holdings"]
    assert first["share"] == Decimal("0.8") and first["cost"] == Decimal("10000.10")
    assert doc.line_of(first) == 2 and doc.line_of(second) == 4


def test_workspace_shares_are_fractions():
    ws = load_workspace(C03)
    assert ws.group.holdings[0].share == Fraction(4, 5)
    assert ws.group.policies.goodwill_amortisation_years is None  # ifrs


def test_every_row_remembers_its_file_and_row():
    ctx = Context.open(IIJ)
    rows = ctx.ledger_rows("IIJ", "1500", dt.date(2010, 3, 31))
    assert {r["partner"] for r in rows} == {"IIJT", "IIJFS"}
    text = (IIJ / "ledger" / "trial_balances.csv").read_text().splitlines()
    for r in rows:
        assert r["file"].endswith("trial_balances.csv")
        cells = text[r["row"] - 1].split(",")
        assert cells[2] == "1500" and Decimal(cells[4]) == r["amount"]


def _copy(tmp_path: Path, src: Path = C03) -> Path:
    dst = tmp_path / "ws"
    shutil.copytree(src, dst)
    return dst


def _rows_in(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM ledger").fetchone()[0]
    finally:
        con.close()


def test_db_file_load_is_atomic_and_reused(tmp_path):
    ws_dir = _copy(tmp_path)
    db = tmp_path / "group.duckdb"
    ws = load_workspace(ws_dir)
    p = Problems()
    Ledger.load(ws, p, db=db).close()
    assert not p and _rows_in(db) == 16
    # An unchanged workspace is not read again: the stored fingerprint matches.
    ledger = Ledger.load(ws, Problems(), db=db)
    assert ledger._stored_fingerprint() is not None
    ledger.close()
    # A failed load leaves the file as it was.
    csv = ws_dir / "ledger" / "trial_balances.csv"
    csv.write_text(csv.read_text() + "S,2021-12-31,1400,,not-a-number\n")
    p = Problems()
    Ledger.load(load_workspace(ws_dir), p, db=db).close()
    assert any(x.kind == "ledger.bad_amount" for x in p.items)
    assert _rows_in(db) == 16


def test_unbalanced_trial_balance_says_by_how_much(tmp_path):
    ws_dir = _copy(tmp_path)
    csv = ws_dir / "ledger" / "trial_balances.csv"
    csv.write_text(csv.read_text().replace("S,2021-12-31,1400,,12000", "S,2021-12-31,1400,,12100"))
    with pytest.raises(RenketsuError) as e:
        Context.open(ws_dir)
    msgs = [str(p) for p in e.value.problems]
    assert any("S at 2021-12-31" in m and "by 100" in m for m in msgs), msgs


def test_validate_command_ok_and_summary():
    result = runner.invoke(app, ["validate", str(IIJ)])
    assert result.exit_code == 0, result.output
    assert "3 entities" in result.output and "88 ledger rows over 2 period(s)" in result.output


def test_structure_json_keeps_fact_dates_and_bases():
    result = runner.invoke(app, ["structure", str(IIJ), "--date", "2010-03-31", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    iij = data["entities"]["IIJ"]
    assert data["entities"]["IIJT"]["holders"] == {"IIJ": {"share": "1", "voting": "1"}}
    facts = {f["concept"]: f for f in iij["facts"]}
    assert facts["employees"]["value"] == "723" and facts["employees"]["as_of"] == "2009-12-31"
    assert facts["revenue"]["period_start"] == "2008-04-01" and facts["revenue"]["basis"] == "non_consolidated"


def test_structure_table_and_bad_date():
    assert runner.invoke(app, ["structure", str(IIJ), "--date", "2010-03-31"]).exit_code == 0
    bad = runner.invoke(app, ["structure", str(IIJ), "--date", "2010-02-30"])
    assert bad.exit_code == 2 and "2010-02-30" in bad.stderr


def test_consolidate_table_and_xlsx(tmp_path):
    assert runner.invoke(app, ["consolidate", str(IIJ), "--period", "2010-03-31"]).exit_code == 0
    out = tmp_path / "pack.xlsx"
    r = runner.invoke(app, ["consolidate", str(IIJ), "--period", "2010-03-31", "--format", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.stat().st_size > 0
    r = runner.invoke(app, ["consolidate", str(IIJ), "--period", "2010-03-31", "--format", "xlsx"])
    assert r.exit_code == 2 and "--output" in r.stderr


def test_simulate_table_reads_like_a_memo():
    r = runner.invoke(app, ["simulate", str(IIJ), "--event", "merger-2010"], env={"COLUMNS": "140"})
    assert r.exit_code == 0, r.output
    assert "No direct impact on the consolidated financial statements" in r.output
    assert "jp.simplified_merger" in r.output and "1,282" in r.output
    assert "simplified merger at IIJ: applies" in r.output
    assert "Gain on extinguishment of tie-in shares 3,815,000,000" in r.output  # natural sign


def test_simulate_unknown_event():
    r = runner.invoke(app, ["simulate", str(IIJ), "--event", "nope"])
    assert r.exit_code == 2 and "merger-2010" in r.stderr


def test_progress_appears_only_after_the_delay(monkeypatch):
    import io
    import time

    from rich.console import Console

    from renketsu.cli import progress as prog

    monkeypatch.setattr(prog, "DELAY", 0.05)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    with prog.progress("consolidating", console) as update:
        update("quick")
    assert out.getvalue() == ""  # a short run shows nothing
    out2 = io.StringIO()
    console2 = Console(file=out2, force_terminal=True, width=80)
    with prog.progress("consolidating", console2) as update:
        update("translation")
        time.sleep(0.4)
    assert "consolidating: translation" in out2.getvalue()


def test_xlsx_ledger_gives_the_same_result_as_csv(tmp_path):
    import csv

    from openpyxl import Workbook

    ws_dir = _copy(tmp_path)
    src = ws_dir / "ledger" / "trial_balances.csv"
    rows = list(csv.reader(src.open()))
    wb = Workbook()
    sheet = wb.active
    sheet.title = "TB"
    sheet.append(rows[0])
    for r in rows[1:]:
        # Periods as real dates and amounts as numbers, as a person would type them in Excel.
        sheet.append([r[0], dt.date.fromisoformat(r[1]), r[2], r[3] or None, int(r[4])])
    src.unlink()
    wb.save(ws_dir / "ledger" / "trial_balances.xlsx")
    got = Context.open(ws_dir).consolidate("2021-12-31").to_json()
    want = Context.open(C03).consolidate("2021-12-31").to_json()
    assert got["balance_sheet"] == want["balance_sheet"] and got["profit"] == want["profit"]
    rows_s = Context.open(ws_dir).ledger_rows("S", "1400", dt.date(2021, 12, 31))
    assert rows_s[0]["sheet"] == "TB" and rows_s[0]["row"] == 10


def test_docstring_examples_run():
    import doctest

    import renketsu.model.money
    import renketsu.ownership.history
    import renketsu.restructuring.legal

    for module in (renketsu.model.money, renketsu.restructuring.legal, renketsu.ownership.history):
        failed, _ = doctest.testmod(module)
        assert failed == 0, module.__name__


def test_counting_rows_does_not_block_the_connection():
    # DuckDB 2 keeps a result open after fetchone(); the next register() on the connection then fails.
    ctx = Context.open(C03)
    assert ctx.ledger.count() == 16
    assert ctx.consolidate("2021-12-31").to_json()["profit"]["total"] == "8000.00"


def test_validate_reports_missing_rates(tmp_path):
    ws_dir = _copy(tmp_path)
    group = ws_dir / "group.yaml"
    group.write_text(group.read_text().replace("- id: S\n  name: Sub\n  currency: CU", "- id: S\n  name: Sub\n  currency: USD"))
    (ws_dir / "rates.csv").write_text("currency,date,kind,rate\nUSD,2021-12-31,closing,1.25\n")
    r = runner.invoke(app, ["validate", str(ws_dir)])
    assert r.exit_code == 2
    assert "no average rate for USD at 2021-12-31" in r.stderr
    assert "no spot (or closing) rate for USD at 2021-01-01" in r.stderr
    assert "no closing rate" not in r.stderr  # it is there
    assert "add the row 'USD,2021-12-31,average,RATE' to rates.csv" in r.stderr


def test_entity_reporting_in_its_own_chart_is_mapped(tmp_path):
    ws_dir = _copy(tmp_path)
    group = ws_dir / "group.yaml"
    text = group.read_text().replace(
        "- id: S\n  name: Sub\n  currency: CU",
        "- id: S\n  name: Sub\n  currency: CU\n  mapping: {L-OTHER: '1400', L-LAND: '1450', L-LIAB: '2200', L-CAP: '3100',"
        " L-RE: '3300', L-DIV: '3400', L-REV: '4100', L-EXP: '5200'}")
    assert text != group.read_text()
    group.write_text(text)
    csv = ws_dir / "ledger" / "trial_balances.csv"
    local = {"1400": "L-OTHER", "1450": "L-LAND", "2200": "L-LIAB", "3100": "L-CAP", "3300": "L-RE", "3400": "L-DIV",
             "4100": "L-REV", "5200": "L-EXP"}
    lines = csv.read_text().splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] == "S":
            cells[2] = local[cells[2]]
        out.append(",".join(cells))
    csv.write_text("\n".join(out) + "\n")
    got = Context.open(ws_dir).consolidate("2021-12-31").to_json()
    want = Context.open(C03).consolidate("2021-12-31").to_json()
    assert got["balance_sheet"] == want["balance_sheet"] and got["income_statement"] == want["income_statement"]
    rows = Context.open(ws_dir).ledger_rows("S", "1400", dt.date(2021, 12, 31))
    assert rows[0]["local_account"] == "L-OTHER"
    # A local account the mapping does not cover is named, with the fix.
    csv.write_text(csv.read_text() + "S,2021-12-31,L-NEW,,0\n")
    with pytest.raises(RenketsuError) as e:
        Context.open(ws_dir)
    assert any(p.kind == "ledger.unmapped" and "L-NEW" in str(p) for p in e.value.problems)
