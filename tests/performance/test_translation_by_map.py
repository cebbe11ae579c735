"""Translation and contributions by C loops give what the loop per key gave (issue 12, session 13).

A foreign entity without transaction dates whose kinds of account each take one decimal rate is
translated by ``map()`` over its keys (``translation._products``), and the closing step sums its
contributions by runs of an account. These compare both with the loop per key on groups with ties,
negative and six-place amounts, partners, opening retained earnings and a reserve account in the ledger,
and pin where the C loops step aside.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.consolidation import translation

CASES = Path(__file__).resolve().parents[1] / "cases"
ROUNDING = Path(__file__).resolve().parents[1] / "consolidation" / "test_translation_rounding.py"


def _rounding_workspace(tmp: Path) -> Path:
    import importlib.util

    spec = importlib.util.spec_from_file_location("_rounding", ROUNDING)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    ws: Path = mod._workspace(tmp)
    with (ws / "ledger" / "trial_balances.csv").open("a") as fh:  # partners, retained earnings, the reserve
        fh.write("S,2021-12-31,1200,P,0.0125,\nS,2021-12-31,2100,P,-0.0125,\n"
                 "T,2021-12-31,3300,,-0.3,\nT,2021-12-31,1100,,0.3,\n"
                 "T,2021-12-31,3600,,-0.7,\nT,2021-12-31,1200,,0.7,\n")
    return ws


def _texts(result) -> tuple:
    return ([(e, [(k, str(v)) for k, v in accs.items()]) for e, accs in result.contributions.items()],
            result.translation, [(a, str(v)) for a, v in result.balance_sheet.items()],
            [(a, str(v)) for a, v in result.income_statement.items()], result.to_json())


def _both(monkeypatch, ws: Path, period: str) -> tuple[tuple, tuple, int]:
    taken = []
    products = translation._products

    def counted(*a, **k):
        out = products(*a, **k)
        taken.append(out is not None)
        return out

    monkeypatch.setattr(translation, "_products", counted)
    by_map = _texts(Context.open(ws).consolidate(period))
    monkeypatch.setattr(translation, "_products", lambda *a, **k: None)  # every entity through the loop
    by_key = _texts(Context.open(ws).consolidate(period))
    return by_map, by_key, sum(taken)


def test_by_map_gives_the_loops_figures_on_ties_partners_and_retained_earnings(monkeypatch, tmp_path):
    ws = _rounding_workspace(tmp_path)
    by_map, by_key, taken = _both(monkeypatch, ws, "2021-12-31")
    assert taken >= 2  # S and T, each year
    assert by_map == by_key
    contributions = dict(by_map[0])
    # -0.0375 x 120 = -4.5 -> -4 and, towards P, -0.0125 x 120 = -1.5 -> -2: each key's tie to the even neighbour
    assert dict(contributions["S"])["2100"] == "-6"


@pytest.mark.parametrize(("case", "period"), [
    ("translation/a-foreign-sub-cta", "2021-12-31"),
    ("statements/a-foreign-sub-fx-effect-nci-dividend", "2021-12-31"),  # dated rows: the loop
])
def test_by_map_gives_the_loops_figures_on_shared_cases(monkeypatch, case, period):
    by_map, by_key, _taken = _both(monkeypatch, CASES / case / "workspace", period)
    assert by_map == by_key


def _run(ws: Path, period: dt.date):
    from renketsu.consolidation.run import Run
    from renketsu.ownership import ownership_at

    ctx = Context.open(ws)
    local = ctx.ledger.local_tbs(ctx.ledger.periods())
    return Run(ctx.workspace, ownership_at(ctx.workspace.group, period), period, local)


def test_products_steps_aside(tmp_path):
    ws = _rounding_workspace(tmp_path)
    run = _run(ws, dt.date(2021, 12, 31))
    tb = dict(run.local_tb("T", dt.date(2021, 12, 31)) or {})
    rates = {translation._CLOSING: Decimal("1.5"), translation._MOVEMENT: Decimal("1.25"),
             translation._DIVIDENDS: Decimal("1.25"), translation._EQUITY: Decimal("1.4"),
             translation._RETAINED: translation._NOUGHT}
    got = translation._products(run, tb, {}, "3300", rates)
    assert got is not None
    out, re_amounts = got
    assert re_amounts == [Decimal("-0.3")] and ("3300", None) not in out
    assert str(out[("1100", None)]) == "4.9500000"  # (3 + 0.3 of the ledger, six places) x 1.5, exact, not booked
    assert list(out) == [k[:2] for k in tb if k[0] != "3300"]  # the keys in their order
    # a dated key, a missing rate, an inexact product, an amount not a Decimal, retained earnings in two runs
    dated = {**tb, ("1100", "X", dt.date(2021, 6, 30)): Decimal(1)}
    assert translation._products(run, dated, {}, "3300", rates) is None
    assert translation._products(run, tb, {}, "3300", {**rates, translation._MOVEMENT: None}) is None
    wide = {**tb, ("1100", None, None): Decimal("1." + "1" * 59)}
    assert translation._products(run, wide, {}, "3300", {**rates, translation._CLOSING: Decimal("1.11")}) is None
    assert translation._products(run, {**tb, ("1100", None, None): 3}, {}, "3300", rates) is None
    split = {("3300", None, None): Decimal(1), ("1100", None, None): Decimal(-2), ("3300", "P", None): Decimal(1)}
    assert translation._products(run, split, {}, "3300", rates) is None
    # the loop gives the same products where it runs
    assert translation._products(run, {("1100", None, None): Decimal("0.0125")}, {}, "3300", rates) == (
        {("1100", None): Decimal("0.01875")}, [])


def test_contributions_summed_by_runs_of_an_account():
    # adjacent keys of one account summed after, and an account that comes back after another (the loop)
    from collections import defaultdict

    from renketsu.consolidation import closing

    class _IO:
        def __init__(self, tb):
            self.tb = tb
            self.run = self

        def consolidated(self):
            return list(self.tb)

    tb = {"S": {("1100", None): Decimal("1.50"), ("1100", "P"): Decimal("-0.50"), ("2100", None): Decimal("-3.00"),
                ("2100", "P"): Decimal("3.00"), ("3600", "P"): Decimal("2.000001"), ("4100", None): Decimal("-7")},
          "T": {("1100", None): Decimal("1.50"), ("1100", "P"): Decimal("-0.50"), ("3600", None): Decimal("2"),
                ("2100", None): Decimal("-3.00"), ("1100", "Q"): Decimal("0.25"), ("2100", "P"): Decimal("3.00"),
                ("3600", "P"): Decimal("-0.75")}}
    assert closing._by_account(tb["S"]) is not None and closing._by_account(tb["T"]) is None
    contributions, trial = closing._contributions(_IO(tb))  # type: ignore[arg-type]
    for entity, keys in tb.items():  # the loop's sums: the same texts
        accs: dict[str, Decimal] = defaultdict(Decimal)
        for (acc, _p), amt in keys.items():
            accs[acc] += amt
        assert [(a, str(v)) for a, v in contributions[entity].items()] == \
            [(a, str(v)) for a, v in sorted(accs.items()) if v != 0]
    assert [(a, str(v)) for a, v in contributions["S"].items()] == [("1100", "1.00"), ("3600", "2.000001"),
                                                                    ("4100", "-7")]
    assert {a: str(v) for a, v in trial.items()} == {"1100": "2.25", "2100": "0.00", "3600": "3.250001",
                                                     "4100": "-7"}
