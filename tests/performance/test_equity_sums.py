"""Equity from a trial balance summed in Decimal, then made Fractions, equals the sum of Fractions (issue 12)."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

from renketsu.consolidation.acquisition import equity_from_tb
from renketsu.model.money import ZERO, exact_context

TYPES = {"3100": "equity", "3300": "equity", "3900": "equity", "4100": "income", "5100": "expense", "1100": "asset"}


def _reference(tb: dict) -> dict:
    # the sum before: every amount made a Fraction and added one by one
    out: dict = {}
    profit = ZERO
    for (acc, _p, _d), amt in tb.items():
        if TYPES[acc] == "equity":
            out[acc] = out.get(acc, ZERO) - Fraction(amt)
        elif TYPES[acc] in ("income", "expense"):
            profit -= Fraction(amt)
    out["3300"] = out.get("3300", ZERO) + profit
    return {k: v for k, v in out.items() if v != 0}


def _io() -> SimpleNamespace:
    return SimpleNamespace(run=SimpleNamespace(account_type=TYPES.__getitem__), role=lambda r: "3300")


def test_equity_from_a_tb_of_decimals_fractions_or_both_is_the_fraction_sum():
    rnd = random.Random(12)
    accounts = list(TYPES)
    for trial in range(200):
        tb: dict = {}
        for _i in range(rnd.randrange(0, 30)):
            acc = rnd.choice(accounts)
            key = (acc, rnd.choice([None, "S", "P"]), None)
            kind = trial % 3 if trial % 3 != 2 else rnd.randrange(2)
            if kind == 0:  # ledger decimals: up to 24 digits before the point, 6 after
                amt = Decimal(rnd.randrange(-10**30, 10**30)).scaleb(-6)
            else:  # an associate's translated trial balance
                amt = Fraction(rnd.randrange(-10**12, 10**12), rnd.randrange(1, 10**4))
            tb[key] = amt
        if trial == 7:  # sums that cancel: the account is left out
            tb = {("3100", None, None): Decimal("5.500000"), ("3100", "S", None): Decimal("-5.5"),
                  ("4100", None, None): Decimal("-1E+2")}
        with exact_context():
            got = equity_from_tb(_io(), tb)
        want = _reference(tb)
        assert list(got.items()) == list(want.items())
        assert all(type(v) is Fraction for v in got.values())
    with exact_context():
        assert equity_from_tb(_io(), {("3100", None, None): Decimal("1" + "0" * 59), ("3100", "S", None):
                                      Decimal("0.000001")}) == {"3100": -Fraction(10**65 + 1, 10**6)}
