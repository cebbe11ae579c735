"""The Excel pack's statements are formulas over the Figures sheet, and a spreadsheet program computes
them to the engine's figures exactly (LibreOffice, headless; JPY cases, so every amount is an integer)."""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from renketsu.api import Context
from renketsu.reports.statement_set import Grid, statement_set
from renketsu.reports.statements import chart_from_accounts
from renketsu.reports.xlsx import write_consolidation_pack

ROOT = Path(__file__).resolve().parents[2]
CASES = {
    "statements-a": (ROOT / "tests" / "cases" / "statements" / "a-foreign-sub-fx-effect-nci-dividend" / "workspace",
                     "2022-12-31"),
    "multinational-m1": (ROOT / "tests" / "cases" / "multinational" / "m-1-foreign-intermediate-holds-foreign-sub"
                         / "workspace", "2024-12-31"),
    "iij": (ROOT / "examples" / "iij-2010", "2010-03-31"),
}
SHEETS = {"Balance sheet": "balance_sheet", "Income statement": "income", "Comprehensive income": "comprehensive_income",
          "Cash flows": "cash_flows"}


@pytest.fixture(scope="module", params=sorted(CASES))
def packed(request, tmp_path_factory):
    ws, period = CASES[request.param]
    ctx = Context.open(ws)
    result = ctx.consolidate(period).to_json()
    chart = chart_from_accounts(ctx.workspace.group.accounts)
    path = write_consolidation_pack(result, chart, None, tmp_path_factory.mktemp(request.param) / "pack.xlsx")
    return path, statement_set(result, chart)


def _grids(sset) -> list[tuple[str, Grid]]:
    out = [(sheet, getattr(sset, attr)) for sheet, attr in SHEETS.items() if getattr(sset, attr) is not None]
    out += [("Changes in equity", g) for g in sset.equity]
    out += [("Notes", g) for g in sset.notes]
    return out


def _cells(ws, grid: Grid):
    """(row, grid row, column index, cell) of each amount of ``grid`` on ``ws``."""
    title = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == grid.title)
    assert [ws.cell(row=title + 1, column=2 + j).value for j in range(len(grid.columns))] == list(grid.columns)
    for i, line in enumerate(grid.rows):
        r = title + 2 + i
        assert ws.cell(row=r, column=1).value == line.label
        if line.kind == "heading":
            continue
        for j, v in enumerate(line.values):
            yield line, j, v, ws.cell(row=r, column=2 + j)


def test_every_statement_amount_is_a_formula(packed):
    path, sset = packed
    wb = openpyxl.load_workbook(path)
    n = 0
    for sheet, grid in _grids(sset):
        for line, _j, v, cell in _cells(wb[sheet], grid):
            if v is None:
                assert cell.value is None, (sheet, line.label)   # not available: left blank, said in a note
                continue
            assert cell.data_type == "f", (sheet, line.label, cell.value)
            assert ("Figures!" in cell.value) == bool(line.refs), (sheet, line.label, cell.value)
            n += 1
    assert n > 20
    figures = wb["Figures"]
    assert [c.value for c in figures[1]] == ["period", "statement", "key", "name", "amount"]
    # the current balance sheet's figures reference the Worksheet's Consolidated column
    current = [r for r in figures.iter_rows(min_row=2) if r[1].value == "balance_sheet" and r[0].value == sset.balance_sheet.columns[0]]
    assert current and all(str(r[4].value).startswith("=Worksheet!") for r in current)


def test_statement_sheets_print_ready(packed):
    path, _ = packed
    wb = openpyxl.load_workbook(path)
    for name in ("Balance sheet", "Income statement", "Changes in equity"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows.replace("$", "") == "1:5"


def _soffice() -> str | None:
    for name in ("/usr/bin/soffice", "/usr/bin/libreoffice"):
        if os.path.exists(name):
            return name
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (apt package libreoffice-calc) not installed; "
                    "the formulas were not recomputed by a spreadsheet program")
def test_libreoffice_computes_the_engines_figures(packed, tmp_path):
    path, sset = packed
    out = tmp_path / "recalculated"
    env = dict(os.environ, HOME=str(tmp_path))          # a private LibreOffice profile
    proc = subprocess.run([_soffice(), "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                          capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr
    wb = openpyxl.load_workbook(out / path.name, data_only=True)
    checked = 0
    for sheet, grid in _grids(sset):
        for line, j, v, cell in _cells(wb[sheet], grid):
            if v is None:
                continue
            got = cell.value
            assert isinstance(got, (int, float)), (sheet, line.label, got)
            assert Decimal(repr(got)) == v, (sheet, grid.columns[j], line.label, got, v)
            checked += 1
    assert checked > 20
