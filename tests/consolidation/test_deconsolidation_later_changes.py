"""Later changes of an interest kept on losing control (issue 10, helper ``laterfx``): dividends received from the
associate in the year of a further sale (x-40), and what stays refused.

The worked cases tests/cases/deconsolidation/x-40.. pin the year of the change; these tests pin the years after,
variants worked by hand and the refusals.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parents[1] / "cases" / "deconsolidation"
X40 = CASES / "x-40-sale-then-further-sale-after-a-dividend" / "workspace"


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


# --- x-40: a dividend from the associate before the further sale -------------------------------------------------


def test_x40_the_dividend_lowers_the_carrying_amount_sold():
    """x-40 by hand: the carrying amount on 09-30 USD 585 × 122 = 71,370 (x-14's 75,030 less the dividend's USD 30);
    a third sold, 23,790, reserve 415 reclassified: gain 2,625; P's dividend income 3,630 off the carrying amount."""
    res = Context.open(X40).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(26000), Decimal(2625), Decimal(23790),
                                                                      Decimal(415))
    (sold,) = res.disposals
    assert sold.gain == Decimal(66000)
    (em,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "equity_method"]
    lines = {ln.account: ln.amount for ln in em.lines}
    assert lines["4200"] == Decimal(3630) and "dividends received 3,630" in em.reason
    j = res.to_json()
    investing = {ln["key"]: Decimal(ln["amount"]) for ln in j["cash_flows"]["investing"]["lines"]}
    assert investing["associate_sale:S:2022-10-01"] == Decimal(26000)
    assert investing["1510"] == Decimal(3630)  # the dividend received from the associate
    _ok(res)


def _x40_2023(tmp_path: Path) -> Path:
    ws = _copy(X40, tmp_path)
    _append(ws, "ledger/trial_balances.csv",
            "P,2023-12-31,1100,,319630,\nP,2023-12-31,1500,S,25000,\nP,2023-12-31,3100,,-200000,\n"
            "P,2023-12-31,3300,,-144630,\n"
            "S,2023-12-31,1100,,1000,\nS,2023-12-31,1400,,1000,\nS,2023-12-31,2200,,-300,\n"
            "S,2023-12-31,3100,,-1000,\nS,2023-12-31,3300,,-500,\nS,2023-12-31,4100,,-1000,\n"
            "S,2023-12-31,5200,,800,\n")
    _append(ws, "rates.csv", "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n")
    return ws


def test_x40_the_year_after(tmp_path):
    """x-40 in 2023 (README): the share of retained profit read again stretch by stretch with the dividend in the
    first, 1,755 − 3,630 + 1,180 − 23,375 = −24,070; retained earnings open at 167,560; share of profit 5,200;
    carrying amount USD 440 × 140 = 61,600; reserve 8,470 (exchange differences 6,400)."""
    res = Context.open(_x40_2023(tmp_path)).consolidate("2023-12-31")
    assert res.balance_sheet["1510"] == Decimal(61600)
    assert res.balance_sheet["3300"] == Decimal(-172760)
    assert res.balance_sheet["3600"] == Decimal(-8470)
    assert res.income_statement["4300"] == Decimal(-5200)
    (kept,) = [e for e in res.eliminations if e.kind == "retained_interest"]
    assert {ln.account: ln.amount for ln in kept.lines} == {"1510": Decimal(72000), "1500": Decimal(-25000),
                                                            "3300": Decimal(-47000)}
    j = res.to_json()
    assert Decimal(j["comprehensive_income"]["oci"]["exchange_differences"]) == Decimal(6400)
    assert Decimal(j["changes_in_equity"]["3600"]["opening"]) == Decimal(2070)
    _ok(res)


def test_x40_a_dividend_declared_before_the_loss_of_control_stays_refused(tmp_path):
    """S declares a dividend while still a subsidiary (its trial balance at 2022-06-30 shows it): the intra-group
    dividend of the year to the sale is not eliminated, so the later sale stays refused."""
    ws = _copy(X40, tmp_path)
    _replace(ws, "ledger/trial_balances.csv", "S,2022-06-30,1100,,800,\n",
             "S,2022-06-30,1100,,750,\nS,2022-06-30,3400,,50,2022-05-31\n")
    (p,) = _refused(ws)
    assert "declared in the year before the sale" in p.message
