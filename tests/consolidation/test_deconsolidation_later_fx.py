"""Later changes of an interest kept on losing control, with the seller or the subsidiary booking in another
currency (issue 10, helper ``laterfx3``): the rest sold by a seller in another currency (x-54), and what stays
refused.

The worked cases tests/cases/deconsolidation/x-54.. pin the year of the change; these tests pin the entries, the
years after, variants worked by hand and the refusals.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parents[1] / "cases" / "deconsolidation"
X54 = CASES / "x-54-foreign-seller-sale-then-rest-sold" / "workspace"


def _copy(src: Path, tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(src, ws)
    return ws


def _append(ws: Path, name: str, text: str) -> None:
    f = ws / name
    f.write_text(f.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(ws: Path, name: str, old: str, new: str) -> None:
    f = ws / name
    text = f.read_text(encoding="utf-8")
    assert old in text, (name, old)
    f.write_text(text.replace(old, new), encoding="utf-8")


def _refused(ws: Path, period: str = "2022-12-31") -> list:
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate(period)
    return [p for p in err.value.problems if p.kind == "deconsolidation.retained_interest"]


def _ok(res) -> None:
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


# --- x-54: a seller booking in another currency sells the rest -------------------------------------------------


def test_x54_the_sellers_cost_from_its_holdings_and_its_translation_back():
    """x-54 by hand: nothing is left on H's books at the year end, so its cost at the loss of control is read from
    its holdings (960 × 30/80 = USD 360), taken off at 120 with 1,800 of translation to the closing rate; the sale of
    the rest puts the 360 back at the gain's 118 (42,480) and the 2,520 between that and the closing rate on the
    reserve; gain 82,600 − 65,100 + 1,884 = 19,384, the whole of the associate's reserve reclassified."""
    res = Context.open(X54).consolidate("2022-12-31")
    (sold,) = res.disposals
    assert sold.gain == Decimal(66200)
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(82600), Decimal(19384), Decimal(65100),
                                                                      Decimal(1884))
    costs = {e.step: {ln.account: ln.amount for ln in e.lines} for e in res.eliminations if e.kind == "seller_cost"}
    assert costs == {"deconsolidation": {"1500": Decimal(-1800), "3600": Decimal(1800)},
                     "equity_method": {"1500": Decimal(2520), "3600": Decimal(-2520)}}
    (loss,) = [e for e in res.eliminations if e.step == "deconsolidation" and e.kind == "disposal"]
    assert {ln.account: ln.amount for ln in loss.lines if ln.entity == "H"}["1500"] == Decimal(115200 - 43200)
    (em_sale,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "disposal"]
    assert {ln.account: ln.amount for ln in em_sale.lines} == {"1500": Decimal(42480), "1510": Decimal(-65100),
                                                             "3600": Decimal(1884), "4950": Decimal(20736)}
    assert "1500" not in res.balance_sheet and "1510" not in res.balance_sheet
    _ok(res)


def _x54_2023(tmp_path: Path) -> Path:
    ws = _copy(X54, tmp_path)
    _append(ws, "ledger/trial_balances.csv",
            "P,2023-12-31,1100,,70000,\nP,2023-12-31,1500,H,100000,\nP,2023-12-31,3100,,-150000,\n"
            "P,2023-12-31,3300,,-20000,\nH,2023-12-31,1100,,1740,\nH,2023-12-31,3100,,-1000,\n"
            "H,2023-12-31,3300,,-740,\n")
    _append(ws, "rates.csv", "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n")
    return ws


def test_x54_the_year_after_books_nothing_of_s_again(tmp_path):
    """2023 of x-54 by hand: nothing of S is held; cash 70,000 + USD 1,740 × 140 = 313,600; retained earnings stay
    126,600 (no profit in 2023); the reserve 10,900 + 1,740 × (140 − 125) = 37,000."""
    res = Context.open(_x54_2023(tmp_path)).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["1100"], bs["3300"], bs["3600"]) == (Decimal(313600), Decimal(-126600), Decimal(-37000))
    assert "1500" not in bs and "1510" not in bs
    assert not any(res.income_statement.values())
    _ok(res)
