"""The reports on the engine's own c03 result."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from test_report_xlsx import _value  # tests/reports/test_report_xlsx.py

CASE = Path(__file__).resolve().parents[1] / "cases" / "investment" / "shared-c03-80pct-goodwill-dividend" / "workspace"


@pytest.fixture(scope="module")
def engine_result():
    from renketsu import api

    ctx = api.Context.open(CASE)
    from renketsu.reports.statements import chart_from_accounts

    return ctx.consolidate("2021-12-31").to_json(), chart_from_accounts(ctx.workspace.group.accounts)


def test_statements_from_the_engine(engine_result):
    from renketsu.reports.statements import (
        balance_sheet,
        changes_in_equity,
        income_statement,
        profit_bridge,
    )

    result, chart = engine_result
    bs = balance_sheet(result, chart)
    assert bs.total("Total assets") == bs.total("Total liabilities and equity") == Decimal(68800)
    assert bs.notes == ()
    assert income_statement(result, chart).total("Profit for the year") == Decimal(8000)
    eq = changes_in_equity(result, chart)
    assert eq.cell("Dividends", "Non-controlling interests") == Decimal(-100)
    assert eq.cell("Other movements", "Total") == 0
    assert profit_bridge(result, chart)[-1].amount == Decimal(8000)


def test_pack_from_the_engine_recomputes(engine_result, tmp_path):
    from renketsu.reports.xlsx import write_consolidation_pack

    result, chart = engine_result
    path = write_consolidation_pack(result, chart, result["entities"], tmp_path / "c03.xlsx")
    ws = openpyxl.load_workbook(path)["Worksheet"]
    cons = [c.value for c in ws[1]].index("Consolidated") + 1
    got = {}
    for row in range(2, ws.max_row + 1):
        a = ws.cell(row=row, column=1).value
        f = ws.cell(row=row, column=cons).value
        if isinstance(f, str) and a and "total" not in a:
            got[a] = _value(ws, f"{get_column_letter(cons)}{row}")
    for account, amount in {**result["balance_sheet"], **result["income_statement"]}.items():
        assert got.pop(account) == Decimal(amount), account
    assert all(v == 0 for v in got.values()), got
