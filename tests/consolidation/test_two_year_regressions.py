"""Regressions found by the two-year property tests (tests/consolidation/test_two_year_trees.py), each
shrunk to a small fixed workspace under tests/consolidation/regressions/ with its figures worked by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from renketsu.api import Context

HERE = Path(__file__).resolve().parent / "regressions"


def test_dated_income_is_carried_at_its_spot_rate_in_later_years() -> None:
    """A foreign subsidiary's dated income row (USD 100 on 2024-06-30, spot 90; average and closing 80)
    is translated at its spot rate in its own year: retained earnings ¥9,000, reserve −¥1,000 (100 × (80 − 90)).
    The next year carries that profit at historical rates — the same ¥9,000 — not at the year's average
    (¥8,000), so the equity statement rolls and the reserve stays −¥1,000 (docs/format.md §10.3).
    Before the fix the history re-took the whole year's profit at the average: retained earnings
    opened at ¥8,000 against a closing of ¥9,000, the reserve fell to 0, and both
    equity_statement_rolls and cash_flows_reconcile failed."""
    ctx = Context.open(HERE / "dated-income-history" / "workspace")
    for period in ("2024-12-31", "2025-12-31"):
        j = ctx.consolidate(period).to_json()
        assert j["balance_sheet"] == {"1100": "88000", "3100": "-80000", "3300": "-9000", "3600": "1000"}, period
        assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    eq = j["changes_in_equity"]
    assert Decimal(eq["3300"]["opening"]) == Decimal(eq["3300"]["closing"]) == 9000
    assert Decimal(eq["3600"]["opening"]) == Decimal(eq["3600"]["closing"]) == -1000


def test_dated_dividend_of_a_foreign_associate_is_carried_at_its_spot_rate() -> None:
    """P holds 1/4 of A (USD, cost ¥20,000 at 80). In 2024 A earns USD 400 (average 80) and pays USD 200 on
    2024-06-30 (spot 90); P receives USD 50 = ¥4,500. Carrying amount USD 250 + 1/4 × 200 = 300 at 80 =
    ¥24,000 against ¥20,000 + ¥8,000 − ¥4,500 = ¥23,500 at historical rates: reserve ¥500, retained earnings
    ¥8,000. In 2025 (no movement) the earlier year's share is 1/4 × (400 × 80 − 200 × 90) = ¥3,500 — the
    dividend at the rate it was received, as 2024's own run took it — so retained earnings stay ¥8,000
    (P's own ¥4,500 + ¥3,500) and the reserve ¥500. Before the fix the earlier year's dividends were taken
    at the average rate (¥4,000): retained earnings ¥8,500, reserve 0, equity_statement_rolls failed."""
    ctx = Context.open(HERE / "associate-dated-dividend-history" / "workspace")
    for period in ("2024-12-31", "2025-12-31"):
        j = ctx.consolidate(period).to_json()
        assert j["balance_sheet"] == {"1100": "84500", "1510": "24000", "3100": "-100000", "3300": "-8000",
                                      "3600": "-500"}, period
        assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_cash_moved_by_a_dated_income_row_has_its_own_exchange_effect() -> None:
    """S (USD, 100% of P's) holds USD 1,000 of cash at 80; in 2025 it earns USD 100 on 2025-06-30 (spot 90),
    average and closing 80. Profit ¥9,000; cash ¥80,000 → ¥88,000; so the effect of exchange rates on
    cash is 100 × (80 − 90) = −¥1,000 (IAS 7.28), the reserve the same. Before the fix the cash flow
    statement took every income row's cash at the average rate: fx_effect 0 and cash_flows_reconcile failed
    (9,000 against a change of 8,000)."""
    j = Context.open(HERE / "dated-income-cash-fx" / "workspace").consolidate("2025-12-31").to_json()
    assert j["balance_sheet"] == {"1100": "88000", "3100": "-80000", "3300": "-9000", "3600": "1000"}
    cf = j["cash_flows"]
    assert (cf["operating"]["total"], cf["fx_effect"], cf["opening_cash"], cf["closing_cash"]) == \
        ("9000", "-1000", "80000", "88000")
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
