"""Statements from the c03 fixture: natural signs, subtotals and totals."""

from __future__ import annotations

from decimal import Decimal

from renketsu.reports.statements import (
    balance_sheet,
    block_statements,
    changes_in_equity,
    income_statement,
    profit_bridge,
)

D = Decimal


def amounts(st):
    return {l.label: l.amount for l in st.lines if l.kind != "heading"}


def test_balance_sheet_natural_signs_and_totals(c03_result, c03_chart):
    bs = balance_sheet(c03_result, c03_chart)
    a = amounts(bs)
    assert a["Other assets"] == D("62000.00")
    assert a["Goodwill"] == D("2800.00")
    assert a["Other liabilities"] == D("25500.00")        # credit shown positive
    assert a["Share capital"] == D("25000.00")
    assert a["Retained earnings"] == D("16200.00")
    assert a["Non-controlling interests"] == D("2100.00")
    assert a["Total assets"] == D("68800.00")
    assert a["Total liabilities"] == D("25500.00")
    assert a["Equity attributable to owners of the parent"] == D("41200.00")
    assert a["Total equity"] == D("43300.00")
    assert a["Total liabilities and equity"] == a["Total assets"]
    assert bs.notes == ()
    assert all(isinstance(l.amount, Decimal) for l in bs.lines if l.amount is not None)
    # account lines keep their account id (the web links them)
    assert {l.account for l in bs.lines if l.kind == "line"} == {"1400", "1450", "1600", "2200", "3100", "3300", "3900"}


def test_income_statement_natural_signs_and_split(c03_result, c03_chart):
    st = income_statement(c03_result, c03_chart)
    a = amounts(st)
    assert a["Revenue"] == D("14000.00")
    assert a["Other expenses"] == D("6000.00")
    assert a["Profit for the year"] == D("8000.00")
    assert a["Attributable to owners of the parent"] == D("7600.00")
    assert a["Attributable to non-controlling interests"] == D("400.00")
    assert st.notes == ()


def test_income_statement_notes_a_profit_that_disagrees(c03_result, c03_chart):
    c03_result["profit"]["total"] = "7999.00"
    assert income_statement(c03_result, c03_chart).notes


def test_changes_in_equity_rows_reconcile(c03_result, c03_chart):
    eq = changes_in_equity(c03_result, c03_chart)
    assert eq.columns == ("Share capital", "Capital surplus", "Retained earnings", "Translation reserve",
                          "Non-controlling interests", "Total")
    assert eq.cell("Opening balance", "Retained earnings") == D("8600.00")
    assert eq.cell("Opening balance", "Non-controlling interests") == D("1800.00")
    assert eq.cell("Profit for the year", "Retained earnings") == D("7600.00")
    assert eq.cell("Profit for the year", "Non-controlling interests") == D("400.00")
    assert eq.cell("Dividends", "Non-controlling interests") == D("-100.00")
    assert eq.cell("Dividends", "Retained earnings") == 0      # S's dividend went to P and the NCI
    assert eq.cell("Other movements", "Total") == 0
    assert eq.cell("Closing balance", "Total") == D("43300.00")
    for col in eq.columns:
        assert sum(eq.cell(r, col) for r, _ in eq.rows[:-1]) == eq.cell("Closing balance", col)


def test_changes_in_equity_without_contributions_shows_closing_only(c03_result, c03_chart):
    del c03_result["contributions"]
    eq = changes_in_equity(c03_result, c03_chart)
    assert [r for r, _ in eq.rows] == ["Closing balance"]
    assert eq.notes


def test_profit_bridge_adds_up(c03_result, c03_chart):
    steps = profit_bridge(c03_result, c03_chart)
    assert [(s.label, s.amount) for s in steps] == [
        ("Entities' profits", D("8400.00")), ("investment", D(0)), ("dividend", D("-400.00")),
        ("Consolidated profit", D("8000.00"))]
    assert steps[0].amount + sum(s.amount for s in steps[1:-1]) == steps[-1].amount


def test_simulation_block_statements(c08_sim, c08_chart):
    bs, is_ = block_statements(c08_sim["entities_after"]["P"], c08_chart, "JPY", "P after")
    a, i = amounts(bs), amounts(is_)
    assert a["Total assets"] == D(25000) == a["Total liabilities and equity"]
    assert a["Retained earnings"] == D(8000)
    assert "Equity attributable to owners of the parent" not in a   # no NCI in an entity's books
    assert i["Gain on extinguishment of tie-in shares"] == D(2300)
    assert i["Profit for the year"] == D(2300)
