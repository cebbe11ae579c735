"""Translation books each key half-even, whatever path computes it (issue 12, session 8).

The translation step multiplies Decimal amounts by decimal rates in Decimal where the product is
exact and falls back to Fractions otherwise, and books each (account, partner) key once, half-even at
the reporting currency's places. These groups put ties at that booking (x.5 yen), negative amounts,
six-place amounts and two foreign currencies on every rate kind, and pin each booked figure against
an independent computation in Fractions.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from renketsu.api import Context

CASE = Path(__file__).resolve().parent.parent / "cases" / "translation" / "a-foreign-sub-cta" / "workspace"

#: (entity, account, amount) rows added at 2021-12-31; each entity's rows balance.
ROWS = [
    # S (USD, closing 120, average 115): 0.0125 × 120 = 1.5 -> 2; 0.0375 × 120 = 4.5 -> 4; -4.5 -> -4
    ("S", "1100", "0.0125"), ("S", "1200", "0.0375"), ("S", "2100", "-0.0375"), ("S", "1300", "-0.0125"),
    # at the average: 0.3 × 115 = 34.5 -> 34; -0.1 × 115 = -11.5 -> -12; six places: 0.000001 × 115 -> 0
    ("S", "5100", "0.3"), ("S", "4900", "-0.1"), ("S", "4300", "-0.2"), ("S", "5300", "0.000001"),
    ("S", "1450", "-0.000001"),
    # T (EUR, closing 1.5, average 1.25): 3 × 1.5 = 4.5 -> 4; -1 × 1.5 = -1.5 -> -2; 0.2 × 1.25 = 0.25 -> 0;
    # -1.4 × 1.25 = -1.75 -> -2; 0.6 × 1.25 = 0.75 -> 1; 2.5 × 1.5 = 3.75 -> 4
    ("T", "1100", "3"), ("T", "2100", "-1"), ("T", "2200", "-2"), ("T", "5100", "0.2"), ("T", "4100", "-1.4"),
    ("T", "5200", "1.2"), ("T", "1200", "2.5"), ("T", "1300", "-2.5"),
]
RATES = {("S", "closing"): Fraction(120), ("S", "average"): Fraction(115),
         ("T", "closing"): Fraction(3, 2), ("T", "average"): Fraction(5, 4)}


def _half_even(v: Fraction) -> int:
    q, r = divmod(v.numerator, v.denominator)
    if 2 * r > v.denominator or (2 * r == v.denominator and q % 2):
        q += 1
    return q


def _workspace(tmp: Path) -> Path:
    ws = tmp / "ws"
    shutil.copytree(CASE, ws)
    group = (ws / "group.yaml").read_text()
    group = group.replace("- id: S\n  name: US Sub Inc.\n  currency: USD\n",
                          "- id: S\n  name: US Sub Inc.\n  currency: USD\n- id: T\n  name: EU Sub\n  currency: EUR\n")
    group += ("- date: '2020-01-01'\n  holder: P\n  entity: T\n  share: 1\n  cost: 14\n"
              "  equity_at_acquisition:\n    '3100': 10\n")
    (ws / "group.yaml").write_text(group)
    with (ws / "ledger" / "trial_balances.csv").open("a") as fh:
        for e, a, v in ROWS:
            fh.write(f"{e},2021-12-31,{a},,{v},\n")
        fh.write("T,2020-12-31,1400,,10,\nT,2020-12-31,3100,,-10,\nT,2021-12-31,1400,,10,\nT,2021-12-31,3100,,-10,\n"
                 "P,2021-12-31,1500,T,14,\nP,2021-12-31,2200,,-14,\n")
    with (ws / "rates.csv").open("a") as fh:
        fh.write("EUR,2020-01-01,spot,1.4\nEUR,2020-12-31,average,1.3\nEUR,2020-12-31,closing,1.45\n"
                 "EUR,2021-12-31,average,1.25\nEUR,2021-12-31,closing,1.5\n")
    return ws


def test_translated_keys_are_booked_half_even(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    ctx = Context.open(ws)
    result = ctx.consolidate("2021-12-31")
    chart = ctx.workspace.group.accounts
    checked = 0
    for entity, account, amount in ROWS:
        kind = "closing" if chart[account].type in ("asset", "liability") else "average"
        local = Fraction(Decimal(amount))
        expected = _half_even(local * RATES[(entity, kind)])
        got = result.contributions[entity].get(account, Decimal(0))
        assert got == expected, (entity, account, amount, got, expected)
        checked += 1
    assert checked == len(ROWS)
    # the ties went to the even neighbour, not away from zero
    assert result.contributions["S"]["2100"] == -4 and result.contributions["S"]["1100"] == 2
    assert result.contributions["T"]["4100"] == -2 and result.contributions["T"].get("5100", 0) == 0
    # every entity's contribution balances: the translation difference takes what the rates leave
    for entity in ("S", "T"):
        assert sum(result.contributions[entity].values(), Decimal(0)) == 0
