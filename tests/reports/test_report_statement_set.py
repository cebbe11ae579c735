"""The statement set in every rendering: current and prior-period columns, figures traced to the result.

Cases: tests/cases/statements/a-… (a USD subsidiary over two years, worked in its README) and the IIJ
example (two fiscal years, JPY only)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console

from renketsu.api import Context
from renketsu.reports.statement_set import statement_set
from renketsu.reports.statements import chart_from_accounts
from renketsu.reports.terminal import print_renderables, render_consolidation

ROOT = Path(__file__).resolve().parents[2]
CASE_A = ROOT / "tests" / "cases" / "statements" / "a-foreign-sub-fx-effect-nci-dividend" / "workspace"
IIJ = ROOT / "examples" / "iij-2010"


@pytest.fixture(scope="module")
def case_a():
    ctx = Context.open(CASE_A)
    return ctx.consolidate("2022-12-31").to_json(), chart_from_accounts(ctx.workspace.group.accounts)


@pytest.fixture(scope="module")
def iij():
    ctx = Context.open(IIJ)
    return ctx.consolidate("2010-03-31").to_json(), chart_from_accounts(ctx.workspace.group.accounts)


def test_period_statements_have_both_columns(case_a):
    result, chart = case_a
    s = statement_set(result, chart)
    assert s.balance_sheet.columns == ("2022-12-31", "2021-12-31")
    assert s.balance_sheet.value("Total assets", 0) == Decimal("401760")
    assert s.balance_sheet.value("Total assets", 1) == Decimal("341400")   # README: 227,000 + 110,000 + 4,400
    assert s.balance_sheet.value("Non-controlling interests", 1) == Decimal("30800")
    assert s.income.value("Profit for the year", 1) == Decimal("41000")
    assert s.income.value("Attributable to non-controlling interests", 0) == Decimal("6900")


def test_statement_set_figures_are_the_engines(case_a):
    result, chart = case_a
    s = statement_set(result, chart)
    ci = s.comprehensive_income
    assert ci is not None and ci.value("Total comprehensive income for the year") == Decimal("69600")
    assert ci.value("Attributable to owners of the parent") == Decimal("59760")
    eq = s.equity[0]
    assert eq.columns[-1] == "Total" and "Non-controlling interests" in eq.columns
    assert eq.value("Opening balance", len(eq.columns) - 1) == Decimal("308400")   # = the prior year's total equity
    assert eq.value("Closing balance", len(eq.columns) - 1) == s.balance_sheet.value("Total equity", 0)
    cf = s.cash_flows
    assert cf is not None
    assert cf.value("Effect of exchange rate changes on cash (IAS 7.28)") == Decimal("7700")
    assert cf.value("Net change in cash") == Decimal("42260")
    assert cf.value("Cash at the end of the year") == Decimal(result["cash_flows"]["closing_cash"])
    gw, nci, cta = s.notes
    assert gw.columns == ("S",) and gw.value("Translation") == Decimal("400")
    assert nci.value("Dividends") == Decimal("-2240") and cta.value("Closing") == Decimal("22960")
    assert s.entities[0]["entity"] == "S"


def _text(result, chart, width: int) -> str:
    con = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))
    print_renderables(con, render_consolidation(result, chart, width=width))
    return con.export_text()


def test_terminal_shows_every_statement_in_order(case_a):
    result, chart = case_a
    text = _text(result, chart, 100)
    order = ["Consolidated balance sheet", "Consolidated income statement", "statement of comprehensive income",
             "statement of changes in equity", "statement of cash flows", "Goodwill: roll-forward",
             "Non-controlling interests: roll-forward", "Translation reserve", "Subsidiaries and associates",
             "Eliminations"]
    at = [text.index(t) for t in order]
    assert at == sorted(at)
    assert "2021-12-31" in text.split("Consolidated income statement")[0]   # the comparative column
    assert "341,400" in text and "7,700" in text and "69,600" in text
    assert "equity_statement_rolls" in text and "cash_flows_reconcile" in text


def test_failed_statement_check_comes_first(case_a):
    result, chart = case_a
    bad = dict(result, statement_checks=[{"name": "cash_flows_reconcile", "ok": False, "detail": "off by 1"}])
    text = _text(bad, chart, 100)
    assert text.index("1 check FAILED") < text.index("Consolidated balance sheet")
    assert "cash_flows_reconcile" in text.split("Consolidated balance sheet")[0]


def test_iij_prior_year_beside_and_missing_comparatives_said(iij):
    result, chart = iij
    text = _text(result, chart, 120)
    assert "2009-03-31" in text and "59,761,180,000" in text           # the prior year's total assets
    assert "The comparative cash flow statement for 2009-03-31 is not shown" in text
    s = statement_set(result, chart)
    assert s.cash_flows is not None and s.cash_flows.columns == ("2010-03-31",)
    assert s.equity[0].columns == ("Share capital", "Capital surplus", "Retained earnings", "Total")


def test_a_comparative_holding_the_set_gets_its_columns(case_a):
    # the engine's comparative holds the prior year's statement set only when the year before it is in
    # the ledger; a result shaped so shows every statement with both columns and the prior equity grid
    result, chart = case_a
    prior = {k: result[k] for k in ("balance_sheet", "income_statement", "profit", "comprehensive_income",
                                    "changes_in_equity", "cash_flows")} | {"period": "2021-12-31"}
    s = statement_set(dict(result, comparative=prior), chart)
    assert s.comprehensive_income is not None and s.cash_flows is not None
    assert s.comprehensive_income.columns == s.cash_flows.columns == ("2022-12-31", "2021-12-31")
    assert s.cash_flows.value("Effect of exchange rate changes on cash (IAS 7.28)", 1) == Decimal("7700")
    assert not s.cash_flows.notes and not s.comprehensive_income.notes
    assert [g.title for g in s.equity] == ["Consolidated statement of changes in equity, year to 2022-12-31",
                                           "Consolidated statement of changes in equity, year to 2021-12-31"]
    text = _text(dict(result, comparative=prior), chart, 160)
    assert "is not shown" not in text
