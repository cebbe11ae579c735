"""Excel packs: the Worksheet formulas, recomputed in Python, give the result's figures exactly."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from renketsu.reports.xlsx import write_consolidation_pack, write_simulation_pack

REF = re.compile(r"^([A-Z]+)(\d+)$")


def _value(ws, ref: str, seen: frozenset = frozenset()) -> Decimal:
    """The value of a cell: a number, blank (0) or a formula made of SUM ranges / cell refs."""
    if ref in seen:
        raise AssertionError(f"circular reference at {ref}")
    v = ws[ref].value
    if v is None:
        return Decimal(0)
    if isinstance(v, str) and v.startswith("="):
        return _formula(ws, v[1:], seen | {ref})
    if isinstance(v, bool) or isinstance(v, str):
        raise AssertionError(f"{ref} holds {v!r}, not a number")
    return Decimal(repr(v)) if isinstance(v, float) else Decimal(v)


def _formula(ws, text: str, seen: frozenset) -> Decimal:
    m = re.fullmatch(r"SUM\((.*)\)", text)
    assert m, f"unexpected formula ={text}"
    total = Decimal(0)
    for arg in m.group(1).split(","):
        arg = arg.strip()
        if ":" in arg:
            a, b = arg.split(":")
            (ca, ra), (cb, rb) = REF.match(a).groups(), REF.match(b).groups()
            for col in range(column_index_from_string(ca), column_index_from_string(cb) + 1):
                for row in range(int(ra), int(rb) + 1):
                    total += _value(ws, f"{get_column_letter(col)}{row}", seen)
        else:
            total += _value(ws, arg, seen)
    return total


@pytest.fixture
def pack(tmp_path, c03_result, c03_chart) -> Path:
    return write_consolidation_pack(c03_result, c03_chart, None, tmp_path / "out" / "c03.xlsx")


def test_pack_sheets_and_no_temp_left(pack):
    wb = openpyxl.load_workbook(pack)
    assert wb.sheetnames == ["Balance sheet", "Income statement", "Changes in equity", "Worksheet", "Figures",
                             "Eliminations", "Ownership", "Checks", "Matching"]
    assert [p.name for p in pack.parent.iterdir()] == ["c03.xlsx"]


def test_worksheet_formulas_recompute_to_the_result(pack, c03_result):
    ws = openpyxl.load_workbook(pack)["Worksheet"]
    header = [c.value for c in ws[1]]
    cons = header.index("Consolidated") + 1
    assert header[3:5] == ["P", "S"] and "elim: investment" in header and "Closing" in header
    expected = {**c03_result["balance_sheet"], **c03_result["income_statement"]}
    seen = {}
    for row in range(2, ws.max_row + 1):
        account = ws.cell(row=row, column=1).value
        f = ws.cell(row=row, column=cons).value
        if isinstance(f, str) and f.startswith("=") and account and account[0].isdigit():
            seen[account] = _value(ws, f"{get_column_letter(cons)}{row}")
        if account == "Balance sheet total":
            assert _value(ws, f"{get_column_letter(cons)}{row}") == 0
        if account == "Income statement total":
            assert _value(ws, f"{get_column_letter(cons)}{row}") == -Decimal(c03_result["profit"]["total"])
    for account, amount in expected.items():
        assert seen.pop(account) == Decimal(amount), account
    assert all(v == 0 for v in seen.values()), seen        # every other account eliminates to nothing


def _statement_value(wb, sheet: str, ref: str, seen: frozenset = frozenset()) -> Decimal:
    """A statement cell computed in Python: ``=[-]Figures!$E$n`` (a figure, itself a number or a
    reference to the Worksheet's SUM), ``=SUM(...)`` of cells or ranges, or ``=B5+B6-B9``."""
    v = wb[sheet][ref.replace("$", "")].value
    if v is None:
        return Decimal(0)
    if not (isinstance(v, str) and v.startswith("=")):
        assert not isinstance(v, (str, bool)), f"{sheet}!{ref} holds {v!r}"
        return Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    text = v[1:]
    if "!" in text:
        neg = text.startswith("-")
        target_sheet, target = text.lstrip("-").split("!")
        value = (_value(wb[target_sheet], target.replace("$", "")) if target_sheet == "Worksheet"
                 else _statement_value(wb, target_sheet, target, seen))
        return -value if neg else value
    if text.startswith("SUM("):
        total = Decimal(0)
        for arg in text[4:-1].split(","):
            a, _, b = arg.partition(":")
            (ca, ra), (cb, rb) = REF.match(a).groups(), REF.match(b or a).groups()
            for col in range(column_index_from_string(ca), column_index_from_string(cb) + 1):
                for row in range(int(ra), int(rb) + 1):
                    total += _statement_value(wb, sheet, f"{get_column_letter(col)}{row}", seen)
        return total
    total = Decimal(0)
    for sign, cell in re.findall(r"([+-]?)([A-Z]+\d+)", text):
        x = _statement_value(wb, sheet, cell, seen)
        total += -x if sign == "-" else x
    return total


def test_statement_sheets_natural_signs(pack):
    wb = openpyxl.load_workbook(pack)

    def first(sheet: str, label: str) -> Decimal:
        for row in wb[sheet].iter_rows():
            if row[0].value == label:
                return _statement_value(wb, sheet, row[1].coordinate)
        raise KeyError(label)

    assert first("Balance sheet", "Total liabilities and equity") == 68800
    assert first("Balance sheet", "Non-controlling interests") == 2100
    assert first("Income statement", "Profit for the year") == 8000
    assert wb["Balance sheet"]["B7"].number_format == "#,##0.00"           # CU: two decimals
    assert wb["Balance sheet"].freeze_panes == "B6"


def test_eliminations_ownership_checks(pack):
    wb = openpyxl.load_workbook(pack)
    el = list(wb["Eliminations"].iter_rows(values_only=True))
    assert el[0][:4] == ("id", "step", "kind", "entity")
    assert sum(Decimal(repr(r[8])) for r in el[1:] if r[0] != "closing") == 0
    own = {r[0]: r for r in wb["Ownership"].iter_rows(min_row=2, values_only=True)}
    assert own["S"][1:5] == ("full", "P 80%", 0.8, 0.2)
    assert [r[1] for r in wb["Checks"].iter_rows(min_row=2, values_only=True)] == ["ok", "ok", "ok"]
    assert wb["Eliminations"].freeze_panes == "A2"


def test_zero_decimal_currency_format(tmp_path, c08_sim, c08_chart):
    path = write_simulation_pack(c08_sim, c08_chart, tmp_path / "sim.xlsx", currency="JPY")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Before", "After", "Change", "Entities after", "Entries", "Legal checks",
                             "Facts after"]
    assert wb["Change"]["A2"].value == "No direct impact on the consolidated financial statements."
    formats = {c.number_format for row in wb["Before"].iter_rows() for c in row if isinstance(c.value, int)}
    assert formats == {"#,##0"}
    legal = list(wb["Legal checks"].iter_rows(min_row=2, values_only=True))
    assert ("P", "jp.simplified_merger", "yes") == legal[0][:3]
    entries = list(wb["Entries"].iter_rows(min_row=2, values_only=True))
    assert sum(r[3] for r in entries if r[3] is not None) == 0


def test_failed_write_leaves_nothing(tmp_path, c03_result, c03_chart):
    bad = dict(c03_result, eliminations=[{"id": "X", "step": "s", "lines": [{"account": "1400", "amount": 0.1}]}])
    with pytest.raises(Exception):  # noqa: B017 - any failure; the point is that nothing is left
        write_consolidation_pack(bad, c03_chart, None, tmp_path / "c03.xlsx")
    assert list(tmp_path.iterdir()) == []


def _soffice() -> str | None:
    for name in ("/usr/bin/soffice", "/usr/bin/libreoffice"):
        if os.path.exists(name):
            return name
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (apt package libreoffice-calc) not installed; "
                    "the pack was not opened by a second spreadsheet program")
def test_libreoffice_opens_the_packs(tmp_path, pack, c08_sim, c08_chart):
    sim = write_simulation_pack(c08_sim, c08_chart, tmp_path / "sim.xlsx", currency="JPY")
    out = tmp_path / "pdf"
    env = dict(os.environ, HOME=str(tmp_path))          # a private LibreOffice profile
    for src in (pack, sim):
        proc = subprocess.run([_soffice(), "--headless", "--convert-to", "pdf", "--outdir", str(out), str(src)],
                              capture_output=True, text=True, timeout=180, env=env)
        assert proc.returncode == 0, proc.stderr
        pdf = out / (src.stem + ".pdf")
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_every_sheet_prints_landscape_one_page_wide(pack):
    wb = openpyxl.load_workbook(pack)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert wb["Worksheet"].print_title_rows.replace("$", "") == "1:1"
    assert wb["Balance sheet"].print_title_rows.replace("$", "") == "1:5"   # title and column headers repeat
    # statement titles stand alone on their row: nothing beside them clips them
    for st in (wb["Balance sheet"], wb["Income statement"]):
        for row in st.iter_rows():
            if row[0].value and str(row[0].value).startswith(("Consolidated balance", "Consolidated income")):
                assert row[1].value is None


def test_entities_after_in_their_own_currency(tmp_path, c08_sim, c08_chart):
    sim = dict(c08_sim)
    first = next(iter(sim["entities_after"]))
    path = write_simulation_pack(sim, c08_chart, tmp_path / "sim.xlsx", currency="JPY", currencies={first: "USD"})
    ws = openpyxl.load_workbook(path)["Entities after"]
    assert ws.cell(row=1, column=4).value == first and ws.cell(row=2, column=4).value == "USD"
    formats = {c.number_format for c in ws[get_column_letter(4)][2:] if isinstance(c.value, (int, float))}
    assert formats <= {"#,##0.00"}
