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


def test_nci_share_of_a_dividend_up_a_chain_rounds_as_the_year_closed_it() -> None:
    """P holds 3/4 of S1, S1 holds 4/5 of S2 (all JPY): NCI 1/4 of S1 and 2/5 of S2 (effective). In 2024
    S2 earns ¥5 and pays ¥5 (¥4 to S1, ¥1 to its own outside shareholders); S1 earns ¥2 besides.
    The NCI's exact share of profit is 2/5 × 5 + 1/4 × 2 = 2.5. In 2025 nothing moves, and the later
    year re-derives the NCI's share from each company's retained earnings: S2's 2/5 × (5 − 5) = 0 and
    S1's 1/4 × (2 + 4) = 1.5 — the dividend has moved from S2's retained earnings to S1's, and with it
    1/4 × 4 = 1 of the NCI's share (from S2's line to S1's). 2024 must round so that 2025 opens at its
    closing: S2 booked 0 of its dividend-net share, rounded once (book(2 − 2) = 0, plus the ¥1 paid to
    its NCI), S1 book(0.5 + 1) = 2: NCI profit 3 (owners 4), NCI 452 = 250 + 200 + 3 − 1, and 2025 the
    same. Before the fix 2024 rounded each company's share of profit (book(2) + book(0.5) = 2: NCI
    451, retained earnings 5) while 2025 booked book(0) + book(1.5) = 2 of retained earnings to the
    NCI: it opened at 452, one unit from the closing, and equity_statement_rolls failed."""
    ctx = Context.open(HERE / "nci-rounding-dividend-up-a-chain" / "workspace")
    j1 = ctx.consolidate("2024-12-31").to_json()
    assert j1["balance_sheet"] == {"1100": "1456", "3100": "-1000", "3300": "-4", "3900": "-452"}
    assert (j1["profit"]["nci"], j1["profit"]["owners"]) == ("3", "4")
    j = ctx.consolidate("2025-12-31").to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    assert j["balance_sheet"] == j1["balance_sheet"]


def test_rounding_of_a_foreign_associate_entry_stays_out_of_profit() -> None:
    """P holds 3/4 of S1 (JPY); S1 holds 1/4 of A (GBP, cost ¥2,500 at 100). In 2024 A earns GBP 1
    (average 100, closing 102): share of profit 1/4 × 1 × 100 = ¥25; carrying amount GBP 25.25 at 102
    = 2,575.5, booked 2,576; reserve 2,575.5 − 2,500 − 25 = 50.5. The translation reserve takes what the
    rounding of the other lines leaves (¥51), so profit is ¥25 (owners 19, NCI 1/4 × 25 = 6.25 → 6),
    retained earnings 19, reserve 51 less the NCI's 1/4 × 50.5 → 13 = 38, NCI 750 + 6 + 13 = 769. In 2025
    nothing moves: the same balance sheet, no profit. Before the fix the entry booked the reserve 50.5
    → 50 and a rounding residue of ¥1 in profit, every year: 2024's profit 26, and 2025 — with nothing
    earned — a profit of 1 that its retained earnings (the share 25 carried) did not hold:
    equity_statement_rolls failed."""
    ctx = Context.open(HERE / "equity-method-foreign-rounding-roll" / "workspace")
    bs = {"1100": "1250", "1510": "2576", "3100": "-3000", "3300": "-19", "3600": "-38", "3900": "-769"}
    j1 = ctx.consolidate("2024-12-31").to_json()
    assert j1["balance_sheet"] == bs
    assert j1["profit"] == {"total": "25", "owners": "19", "nci": "6"}
    j = ctx.consolidate("2025-12-31").to_json()
    assert j["balance_sheet"] == bs
    assert j["profit"] == {"total": "0", "owners": "0", "nci": "0"}
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
