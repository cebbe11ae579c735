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
    its holdings (960 × 30/80 = USD 360), taken off at 120 with no translation since (none of it is left); the sale of
    the rest puts the 360 back at the gain's 118 (42,480) and the 720 between that and 120 on the reserve; gain
    82,600 − 65,100 + 1,884 = 19,384, the whole of the associate's reserve reclassified."""
    res = Context.open(X54).consolidate("2022-12-31")
    (sold,) = res.disposals
    assert sold.gain == Decimal(66200)
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(82600), Decimal(19384), Decimal(65100),
                                                                      Decimal(1884))
    costs = {e.step: {ln.account: ln.amount for ln in e.lines} for e in res.eliminations if e.kind == "seller_cost"}
    assert costs == {"equity_method": {"1500": Decimal(720), "3600": Decimal(-720)}}
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


# --- x-55: a seller booking in another currency buys more, still an associate -----------------------------------

X55 = CASES / "x-55-foreign-seller-sale-then-purchase-stays-associate" / "workspace"


def test_x55_the_purchase_is_a_tranche_at_its_days_rate():
    """x-55 by hand: the loss of control takes off H's cost at that date, USD 360 = the year-end 535 − the purchase's
    175, at 120 (43,200) with 1,800 of translation; the purchase moves USD 175 at the day's 122 (21,350) onto the
    equity-method investment and the 525 H's translation put on that cost since out of the reserve; the cash flows
    take the purchase's cash out at 122 (investing 60,500 − 21,350)."""
    res = Context.open(X55).consolidate("2022-12-31")
    assert not res.associate_sales
    (loss,) = [e for e in res.eliminations if e.step == "deconsolidation" and e.kind == "disposal"]
    assert [ln.amount for ln in loss.lines if (ln.entity, ln.account) == ("H", "1500")] == [Decimal(115200 - 43200)]
    (buy,) = [e for e in res.eliminations if e.kind == "purchase"]
    assert {ln.account: ln.amount for ln in buy.lines} == {"1510": Decimal(21350), "1500": Decimal(-21350)}
    costs = {e.step: {ln.account: ln.amount for ln in e.lines} for e in res.eliminations if e.kind == "seller_cost"}
    assert costs == {"deconsolidation": {"1500": Decimal(-1800), "3600": Decimal(1800)},
                     "equity_method": {"1500": Decimal(-525), "3600": Decimal(525)}}
    assert "1500" not in res.balance_sheet
    j = res.to_json()
    inv = {ln["key"]: Decimal(ln["amount"]) for ln in j["cash_flows"]["investing"]["lines"]}
    assert inv == {"1510": Decimal(-21350), "disposal:S": Decimal(60500)}
    _ok(res)


def _x55(tmp_path: Path) -> Path:
    return _copy(X55, tmp_path)


@pytest.mark.parametrize(("variant", "edit"), [
    # a dividend from S after the loss of control, received by the seller in USD: not worked with a purchase
    ("dividend", ("ledger/trial_balances.csv", "H,2022-12-31,1100,,865,\n", "H,2022-12-31,1100,,871,\n"
                  "H,2022-12-31,4200,S,-6,\n")),
    # a purchase then a sale in the same year
    ("then-sold", ("group.yaml", "  share: 0.4\n  cost: 175\n",
                   "  share: 0.4\n  cost: 175\n- date: '2022-12-01'\n  holder: H\n  entity: S\n  share: 0.3\n"
                   "  cost: 180\n")),
    # jgaap: each purchase's goodwill amortised from its own day
    ("jgaap", ("group.yaml", "framework: ifrs", "framework: jgaap")),
])
def test_x55_variants_still_refused(tmp_path, variant, edit):
    ws = _x55(tmp_path)
    _replace(ws, *edit)
    assert _refused(ws), variant


def test_x55_the_year_after_stays_refused(tmp_path):
    """2023 of x-55: the years after a later purchase are not read yet (as x-43's)."""
    ws = _x55(tmp_path)
    _append(ws, "ledger/trial_balances.csv",
            "P,2023-12-31,1100,,70000,\nP,2023-12-31,1500,H,100000,\nP,2023-12-31,3100,,-150000,\n"
            "P,2023-12-31,3300,,-20000,\nH,2023-12-31,1100,,865,\nH,2023-12-31,1500,S,535,\n"
            "H,2023-12-31,3100,,-1000,\nH,2023-12-31,3300,,-400,\nS,2023-12-31,1100,,520,\n"
            "S,2023-12-31,1400,,500,\nS,2023-12-31,2200,,-200,\nS,2023-12-31,3100,,-400,\n"
            "S,2023-12-31,3300,,-320,\nS,2023-12-31,4100,,-400,\nS,2023-12-31,5200,,300,\n")
    _append(ws, "rates.csv", "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n"
            "EUR,2023-12-31,average,185\nEUR,2023-12-31,closing,190\n")
    assert _refused(ws, "2023-12-31")


# --- x-56: jgaap with a foreign S, the rest sold -----------------------------------------------------------------

X56 = CASES / "x-56-jgaap-foreign-sale-then-rest-sold" / "workspace"


def test_x56_the_rest_sold_realises_both_reserves_in_full():
    """x-56 by hand: the rest sold realises the whole of the subsidiary's reserve kept with the interest (13,205) and
    of the associate's own since (1,491): 14,696; carrying amount 87,840 (its USD 100 of goodwill left inside with
    it); gain 100,000 − 87,840 + 14,696 = 26,856; goodwill inside amortised USD 3 (351) to the sale only."""
    res = Context.open(X56).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(100000), Decimal(26856), Decimal(87840),
                                                                      Decimal(14696))
    (entry,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "disposal"]
    assert {ln.account: ln.amount for ln in entry.lines} == {"1500": Decimal(60000), "1510": Decimal(-87840),
                                                           "3600": Decimal(14696), "4950": Decimal(13144)}
    assert "13,205 the part sold of the subsidiary's reserve kept" in entry.reason
    (am,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "goodwill_amortisation"]
    assert {ln.account: ln.amount for ln in am.lines} == {"4300": Decimal(351), "1510": Decimal(-351)}
    _ok(res)


def test_x56_the_year_after_books_nothing_of_s_again(tmp_path):
    """2023 of x-56 by hand: nothing of S held, nothing of it booked again: cash 350,000, retained earnings 150,000,
    no reserve."""
    ws = _copy(X56, tmp_path)
    _append(ws, "ledger/trial_balances.csv",
            "P,2023-12-31,1100,,350000,\nP,2023-12-31,3100,,-200000,\nP,2023-12-31,3300,,-150000,\n")
    _append(ws, "rates.csv", "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = {k: v for k, v in res.balance_sheet.items() if v}
    assert bs == {"1100": Decimal(350000), "3100": Decimal(-200000), "3300": Decimal(-150000)}
    assert not res.eliminations or all(not any(ln.amount for ln in e.lines) for e in res.eliminations
                                       if e.entity == "S")
    _ok(res)


# --- a change of the interest kept in a later fiscal year than the loss of control: refused ------------------------

X4 = CASES / "x-4-sale-keeps-influence" / "workspace"
X8 = CASES / "x-8-sale-keeps-10pct-ifrs" / "workspace"
_S_2023 = ("S,2023-06-30,1100,,1000,\nS,2023-06-30,1400,,1000,\nS,2023-06-30,2200,,-300,\nS,2023-06-30,3100,,-1000,\n"
           "S,2023-06-30,3300,,-600,\nS,2023-06-30,4100,,-500,\nS,2023-06-30,5200,,400,\n")
_S_2023_END = ("S,2023-12-31,1100,,1100,\nS,2023-12-31,1400,,1000,\nS,2023-12-31,2200,,-300,\nS,2023-12-31,3100,,-1000,\n"
               "S,2023-12-31,3300,,-600,\nS,2023-12-31,4100,,-1000,\nS,2023-12-31,5200,,800,\n")
_RATES_2023 = ("USD,2023-06-30,average,128\nUSD,2023-06-30,closing,132\nUSD,2023-12-31,average,130\n"
               "USD,2023-12-31,closing,140\n")


@pytest.mark.parametrize(("share", "cost", "p_rows", "s_end", "what"), [
    # x-4's 30% kept on 2022-07-01, 10% of it sold on 2023-07-01: before, the proceeds were read as a purchase (the
    # interest at 72,000 + 30,000) and the gain was P's books' (the equity statement did not roll)
    ("0.2", "30000", "P,2023-12-31,1100,,320000,\nP,2023-12-31,1500,S,25000,\nP,2023-12-31,3100,,-200000,\n"
     "P,2023-12-31,3300,,-127500,\nP,2023-12-31,4950,S,-17500,\n", True, "sells 0.1 of it on 2023-07-01"),
    # the rest sold on 2023-07-01: before, the equity method stopped silently and P's books' gain stood
    ("0", "90000", "P,2023-12-31,1100,,380000,\nP,2023-12-31,3100,,-200000,\nP,2023-12-31,3300,,-127500,\n"
     "P,2023-12-31,4950,S,-52500,\n", False, "sells the rest on 2023-07-01"),
])
def test_a_change_of_the_interest_in_a_later_year_is_refused(tmp_path, share, cost, p_rows, s_end, what):
    ws = _copy(X4, tmp_path)
    _append(ws, "group.yaml", f"- date: '2023-07-01'\n  holder: P\n  entity: S\n  share: {share}\n  cost: {cost}\n")
    _append(ws, "ledger/trial_balances.csv", p_rows + _S_2023 + (_S_2023_END if s_end else ""))
    _append(ws, "rates.csv", _RATES_2023)
    (p,) = _refused(ws, "2023-12-31")
    assert what in p.message and "in a later fiscal year than the loss of control" in p.message
    assert "28.25" in p.message and "not modelled yet" in p.message


def test_a_change_of_an_interest_kept_below_influence_in_a_later_year_is_refused(tmp_path):
    """x-8's 10% kept below significant influence at its fair value 23,000 (P's cost 12,500), half sold in 2023:
    before, the fair value's 10,500 over the cost vanished from retained earnings (the equity statement did not
    roll)."""
    ws = _copy(X8, tmp_path)
    _append(ws, "group.yaml", "- date: '2023-07-01'\n  holder: P\n  entity: S\n  share: 0.05\n  cost: 25000\n")
    _append(ws, "ledger/trial_balances.csv",
            "P,2023-12-31,1100,,356000,\nP,2023-12-31,1500,S,6250,\nP,2023-12-31,3100,,-200000,\n"
            "P,2023-12-31,3300,,-143500,\nP,2023-12-31,4950,S,-18750,\n")
    _append(ws, "rates.csv", "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n")
    (p,) = _refused(ws, "2023-12-31")
    assert "below significant influence and changes that holding on 2023-07-01" in p.message


def test_a_purchase_by_a_foreign_seller_with_a_sub_group_stays_refused(tmp_path):
    """x-44's sub-group leaving with S, then H (USD) buying more instead of selling: not worked (x-55 has no
    sub-group), refused."""
    ws = _copy(CASES / "x-44-sub-group-leaves-then-further-sale" / "workspace", tmp_path)
    _replace(ws, "group.yaml", "  share: 0.2\n  cost: 240\n", "  share: 0.4\n  cost: 175\n")
    _replace(ws, "ledger/trial_balances.csv", "H,2022-12-31,1100,,1280,\nH,2022-12-31,1500,S,240,\n",
             "H,2022-12-31,1100,,865,\nH,2022-12-31,1500,S,535,\n")
    _replace(ws, "ledger/trial_balances.csv", "H,2022-12-31,4950,S,-120,\n", "")
    assert _refused(ws)
