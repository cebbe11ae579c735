"""Multinational groups (issue 10 item 1): holders in any currency, associates under a foreign holding,
goodwill inside a jgaap equity-method carrying amount.

The cases' ``expected.yaml`` pin the second year (2024-12-31); this module pins the first year too, and
the first-consolidation entry of a foreign holder's investment. Every figure was worked by hand before
the engine ran (the working is in each case's README.md).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context

CASES = Path(__file__).resolve().parent.parent / "cases" / "multinational"
M1 = CASES / "m-1-foreign-intermediate-holds-foreign-sub" / "workspace"
M2 = CASES / "m-2-associate-under-foreign-holding" / "workspace"
M3 = CASES / "m-3-jgaap-associate-goodwill" / "workspace"

FIRST_YEAR = {
    M1: ({"1100": 11_010_000, "1600": 1_800_000, "3100": -10_000_000, "3300": -580_000,
          "3600": -580_000, "3900": -1_650_000}, {"4100": -1_160_000, "5200": 435_000}),
    M2: ({"1100": 8_820_000, "1510": 2_100_000, "3100": -10_000_000, "3300": -405_000, "3600": -515_000},
         {"4300": -405_000}),
    M3: ({"1100": 5_800_000, "1510": 4_260_000, "3100": -10_000_000, "3300": -60_000}, {"4300": -60_000}),
}


@pytest.mark.parametrize("ws", list(FIRST_YEAR), ids=lambda p: p.parent.name)
def test_first_year(ws: Path):
    res = Context.open(ws).consolidate("2023-12-31")
    bs, inc = FIRST_YEAR[ws]
    assert res.balance_sheet == {k: Decimal(v) for k, v in bs.items()}
    assert res.income_statement == {k: Decimal(v) for k, v in inc.items()}
    assert all(c.ok for c in res.typed_checks), [c for c in res.typed_checks if not c.ok]


@pytest.mark.parametrize("period, carried, reserve", [("2023-12-31", 7_840_000, 560_000),
                                                      ("2024-12-31", 8_400_000, 1_120_000)])
def test_foreign_holders_investment_leaves_at_the_amount_it_carries(period: str, carried: int, reserve: int):
    """IFRS 10.B86(b), IAS 21.39: H's 56,000 USD cost leaves at H's closing rate; the translation
    difference on it comes out of H's reserve on the same entry (it is never a balancing figure)."""
    res = Context.open(M1).consolidate(period)
    first = next(e for e in res.eliminations if e.step == "investment" and e.entity == "S")
    by = {(ln.entity, ln.account): ln.amount for ln in first.lines}
    assert by[("H", "1500")] == -carried
    assert by[("H", "3600")] == reserve
    assert "1500" not in res.balance_sheet


def test_associate_under_foreign_holding_in_its_own_currency():
    """The carrying amount is 17,400 USD (12,000 cost + 30% of 18,000) at 150; the difference on it
    (12,000 × 20 + 3,000 × 15 + 2,400 × 5 = 297,000) is in the reserve; 2023's share at 2023's average."""
    res = Context.open(M2).consolidate("2024-12-31")
    em = [e for e in res.eliminations if e.step == "equity_method"]
    assert len(em) == 1
    lines = em[0].lines
    assert sum(ln.amount for ln in lines if ln.account == "1510") == 2_610_000
    assert sum(ln.amount for ln in lines if ln.account == "3300") == -405_000
    assert sum(ln.amount for ln in lines if ln.account == "3600") == 240_000 - 297_000


def test_jgaap_goodwill_inside_the_carrying_amount_is_amortised():
    """ASBJ 16 §12: 1,200,000 over 5 years, 240,000 a year, in the share of profit of the associate."""
    res = Context.open(M3).consolidate("2024-12-31")
    am = [e for e in res.eliminations if e.kind == "goodwill_amortisation"]
    assert len(am) == 1
    by = {ln.account: ln.amount for ln in am[0].lines}
    assert by == {"4300": 240_000, "3300": 240_000, "1510": -480_000}


def test_ifrs_does_not_amortise_goodwill_inside_the_carrying_amount():
    """IAS 28.32: none under IFRS (case m-2 has 1,500 USD of goodwill inside the carrying amount)."""
    res = Context.open(M2).consolidate("2024-12-31")
    assert not [e for e in res.eliminations if e.kind == "goodwill_amortisation"]
