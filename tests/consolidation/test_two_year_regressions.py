"""Regressions found by the two-year property tests (tests/consolidation/test_two_year_trees.py), each
shrunk to a small fixed workspace under tests/consolidation/regressions/ with its figures worked by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

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


def test_rounding_of_an_equity_method_entry_is_not_cash() -> None:
    """P holds 1/4 of A (JPY, cost ¥250); A earns ¥2 in each year. 2024: the share ¥0.5 books half-even
    to 0, carrying ¥250. 2025: the entry books the carrying amount 250 + 0.5 + 0.5 = ¥251 with opening
    retained earnings and this year's share each 0.5 → 0, so it books a rounding residue of ¥1 (income)
    on the same entry. No cash moved: operating = profit 1 − rounding 1 = 0; investing = −(251 − 250)
    + share 0 + the residue 1 = 0. Before the fix the residue was taken out of operating and left in
    the carrying amount's movement as well: investing −1 and cash_flows_reconcile failed."""
    j = Context.open(HERE / "equity-method-rounding-cash-flow" / "workspace").consolidate("2025-12-31").to_json()
    assert j["balance_sheet"] == {"1100": "750", "1510": "251", "3100": "-1000", "3300": "-1"}
    cf = j["cash_flows"]
    assert (cf["operating"]["total"], cf["investing"]["total"], cf["financing"]["total"], cf["fx_effect"]) == \
        ("0", "0", "0", "0")
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


@pytest.mark.xfail(strict=True, reason=(
    "bug (consolidation/nci.py): a later year re-derives the NCI's share of earlier years' retained "
    "earnings in separate entries, each rounded — the subsidiary's own retained earnings and each "
    "attributed entry (here the equity-method opening) — while the earlier year's closing split rounded "
    "the subsidiary's whole profit once: NCI opens at 251 and the 2025 run books 250, 1 unit moves to "
    "retained earnings ('unexplained') and the NCI's shows as OCI; equity_statement_rolls and "
    "cash_flows_reconcile fail"))
def test_nci_share_of_earlier_profit_rounds_as_the_year_closed_it() -> None:
    """P holds 3/4 of S (JPY); S holds 1/5 of A (JPY). 2024: S earns ¥2 and its share of A's ¥10 is ¥2;
    S's profit 4 splits 3 to owners, 1 to NCI: NCI ¥251, retained earnings ¥3. 2025 nothing moves, so
    the balance sheet must stay the same and the equity statement roll with nothing unexplained."""
    ctx = Context.open(HERE / "nci-rounding-roll" / "workspace")
    j1 = ctx.consolidate("2024-12-31").to_json()
    assert j1["balance_sheet"] == {"1100": "1052", "1510": "202", "3100": "-1000", "3300": "-3", "3900": "-251"}
    j = ctx.consolidate("2025-12-31").to_json()
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    assert j["balance_sheet"] == j1["balance_sheet"]


def test_dated_income_after_an_opening_start_is_carried_at_its_spot_rate() -> None:
    """The same USD subsidiary, onboarded from opening.csv at 2023-12-31 (equity ¥80,000, nothing earned).
    Its 2024 income (USD 100 on 2024-06-30, spot 90) is ¥9,000 in 2024's own run; 2025 must carry it at
    that rate, as the full-history run does: retained earnings ¥9,000, reserve −¥1,000. Before the fix the
    years after the start date took all their profit at the average (¥8,000): retained earnings ¥8,000,
    reserve 0, equity_statement_rolls and cash_flows_reconcile failed."""
    ctx = Context.open(HERE / "opening-dated-income" / "workspace")
    for period in ("2024-12-31", "2025-12-31"):
        j = ctx.consolidate(period).to_json()
        assert j["balance_sheet"] == {"1100": "88000", "3100": "-80000", "3300": "-9000", "3600": "1000"}, period
        assert all(c["ok"] for c in j["checks"]), j["checks"]
        assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
