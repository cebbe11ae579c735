"""A sale that loses control of a subsidiary with a sub-group and keeps significant influence (issue 10, x-15).

The sub-group {S, T} leaves the consolidation; the interest kept in S is an associate whose net assets are S's
consolidated ones, T in them (IAS 28.27). The worked case pins the year of the sale; these tests pin what it
cannot: simulate gives the same gain, the year after runs on from S's consolidated books without counting T twice,
and what is still not modelled is refused.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parents[1] / "cases"
X15 = CASES / "deconsolidation" / "x-15-sub-group-leaves-interest-kept" / "workspace"
X16 = CASES / "deconsolidation" / "x-16-jgaap-sub-group-leaves-interest-kept" / "workspace"
X19 = CASES / "deconsolidation" / "x-19-sub-group-leaves-10pct-kept" / "workspace"
X20 = CASES / "deconsolidation" / "x-20-sub-group-in-two-currencies-leaves" / "workspace"

# P's and H's books on 2022-06-30, before H's sale (as x-6's)
_PH_BEFORE = ("P,2022-06-30,1100,,65000,\nP,2022-06-30,1500,H,100000,\nP,2022-06-30,3100,,-150000,\n"
              "P,2022-06-30,3300,,-10000,\nP,2022-06-30,4100,,-5000,\n"
              "H,2022-06-30,1100,,40,\nH,2022-06-30,1500,S,960,\nH,2022-06-30,3100,,-1000,\n")


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
    assert old in text, old
    f.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(("src", "event", "gain", "recycled"), [
    (X15, "  share_sold: 0.5\n  proceeds: 1000\n  retained_fair_value: 595\n", 72600, 14480),
    (X16, "  share_sold: 0.4\n  proceeds: 1000\n", 63295, 7045)])
def test_the_gain_is_the_one_simulate_gives(tmp_path, src, event, gain, recycled):
    """x-15 (ifrs) and x-16 (jgaap)'s sale as an event on the position of 2022-06-30: the gain, with the sub-group's
    NCI 23,120 and the owners' reserve of S and T recycled (ifrs all 14,480, jgaap the sold half), is the one
    simulate gives."""
    ws = _copy(src, tmp_path)
    _append(ws, "ledger/trial_balances.csv", _PH_BEFORE)
    (ws / "events.yaml").write_text(
        "events:\n- id: sale\n  kind: disposal\n  date: 2022-07-01\n  holder: H\n  entity: S\n" + event,
        encoding="utf-8")
    ctx = Context.open(ws)
    simulated = -ctx.simulate("sale").event_income()["4950"]
    (disposed,) = ctx.consolidate("2022-12-31").disposals
    assert disposed.entities == ("S", "T")
    assert disposed.gain == simulated == Decimal(gain)
    assert disposed.reserve == Decimal(recycled) and disposed.nci == Decimal(23120)


# 2023 (README "2023"): P and H earn nothing; S earns EUR 100, T 40
_Y2023 = ("P,2023-12-31,1100,,70000,\nP,2023-12-31,1500,H,100000,\nP,2023-12-31,3100,,-150000,\n"
          "P,2023-12-31,3300,,-20000,\n"
          "H,2023-12-31,1100,,1040,\nH,2023-12-31,1500,S,360,\nH,2023-12-31,3100,,-1000,\nH,2023-12-31,3300,,-400,\n"
          "S,2023-12-31,1100,,520,\nS,2023-12-31,1400,,400,\nS,2023-12-31,1500,T,100,\nS,2023-12-31,2200,,-200,\n"
          "S,2023-12-31,3100,,-400,\nS,2023-12-31,3300,,-320,\nS,2023-12-31,4100,,-400,\nS,2023-12-31,5200,,300,\n"
          "T,2023-12-31,1100,,190,\nT,2023-12-31,3100,,-100,\nT,2023-12-31,3300,,-50,\nT,2023-12-31,4100,,-60,\n"
          "T,2023-12-31,5200,,20,\n")
# T pays S a dividend of EUR 30 in 2023: T's cash 160, S's 550 and its dividend income from T
_DIVIDEND = [("S,2023-12-31,1100,,520,\n", "S,2023-12-31,1100,,550,\nS,2023-12-31,4200,T,-30,\n"),
             ("T,2023-12-31,1100,,190,\n", "T,2023-12-31,1100,,160,\nT,2023-12-31,3400,,30,\n")]


@pytest.mark.parametrize(("src", "dividend", "figures"), [
    # x-15 (README "2023"): 30% × (EUR 100 + 40) × 185 = 7,770; EUR 489 × 190; H's reserve 21,600 + the associate's
    # 9,096
    (X15, False, {"1100": 215600, "1510": 92910, "3300": -127814, "3600": -30696, "4300": -7770}),
    (X15, True, {"1100": 215600, "1510": 92910, "3300": -127814, "3600": -30696, "4300": -7770}),
    # x-16 (README "2023"): 40% × 140 × 185 − goodwill EUR 12 × 185 = 8,140; EUR 449 × 190; 21,600 + 7,045 kept +
    # 8,260
    (X16, False, {"1100": 215600, "1510": 85310, "3300": -114005, "3600": -36905, "4300": -8140}),
    (X16, True, {"1100": 215600, "1510": 85310, "3300": -114005, "3600": -36905, "4300": -8140})])
def test_the_year_after_runs_on_from_the_associates_consolidated_books(tmp_path, src, dividend, figures):
    """2023: the share of profit is the kept share of S's consolidated profit (EUR 100 + 40), the carrying amount
    grows by it; a dividend from T to S changes nothing (eliminated inside S's consolidated books: T's profit is not
    counted twice). The statements open at 2022's close and reconcile."""
    ws = _copy(src, tmp_path)
    rows = _Y2023 if src == X15 else _Y2023.replace("H,2023-12-31,1500,S,360,\n", "H,2023-12-31,1500,S,480,\n").replace(
        "H,2023-12-31,3300,,-400,\n", "H,2023-12-31,3300,,-520,\n")
    if dividend:
        for old, new in _DIVIDEND:
            rows = rows.replace(old, new)
    _append(ws, "ledger/trial_balances.csv", rows)
    _append(ws, "rates.csv", "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n"
                             "EUR,2023-12-31,average,185\nEUR,2023-12-31,closing,190\n")
    ctx = Context.open(ws)
    res = ctx.consolidate("2023-12-31")
    for acc, v in figures.items():
        assert (res.income_statement if acc == "4300" else res.balance_sheet)[acc] == Decimal(v), acc
    assert res.profit_total == -Decimal(figures["4300"]) and "3900" not in res.balance_sheet
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    last = ctx.consolidate("2022-12-31").balance_sheet
    eq = j["changes_in_equity"]
    assert Decimal(eq["3300"]["opening"]) == -last["3300"] and Decimal(eq["3600"]["opening"]) == -last["3600"]


@pytest.mark.parametrize(("src", "edits", "says"), [
    # T held also by a group company outside the sub-group (H 10%, S 90%): not modelled
    (X15, [("  entity: T\n  share: 1\n  cost: 100\n", "  entity: T\n  share: 0.9\n  cost: 90\n"),
           ("- date: '2021-01-01'\n  holder: P\n  entity: H\n",
            "- date: '2021-01-01'\n  holder: H\n  entity: T\n  share: 0.1\n  cost: 10\n"
            "- date: '2021-01-01'\n  holder: P\n  entity: H\n")], "T, a subsidiary of S leaving with it, is held by H too"),
    # an associate booking in the reporting currency with a sub-group in another: its OCI is not read
    (X20, [("- id: S\n  name: German Sub GmbH\n  currency: EUR\n", "- id: S\n  name: German Sub GmbH\n  currency: JPY\n")],
     "T, a subsidiary of S leaving with it, books in USD while S stays an associate in the reporting currency")])
def test_what_is_not_modelled_with_a_sub_group_is_refused(tmp_path, src, edits, says):
    ws = _copy(src, tmp_path)
    for edit in edits:
        _replace(ws, "group.yaml", *edit)
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = [p for p in err.value.problems if p.kind == "deconsolidation.retained_interest"]
    assert says in p.message


def test_a_sub_group_with_nci_of_its_own(tmp_path):
    """x-15 with S holding 90% of T (cost EUR 90 = 90% of T's equity, S's other assets 410): T's NCI ratio 1 − 80% ×
    90% = 28%. By hand: the sub-group's net assets (S 560 + T 130) × 170 = 117,300, NCI 20% × 560 × 170 + 28% × 22,100
    = 25,228, owners' reserve 80% × 9,950 + 72% × 2,350 + goodwill's 4,800 = 14,452; gain 120,000 + 71,400 + 25,228
    − 117,300 − 40,800 + 14,452 = 72,980. The associate: S's consolidated profit after the sale, its owners' share
    (70 + 90% × 20) × 30% = EUR 26.4 × 172 = 4,541; carrying EUR 446.4 × 180 = 80,352. NCI's profit 20% × 8,250 +
    28% × 1,650 = 2,112."""
    ws = _copy(X15, tmp_path)
    _replace(ws, "group.yaml", "  entity: T\n  share: 1\n  cost: 100\n", "  entity: T\n  share: 0.9\n  cost: 90\n")
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace(",1400,,400,", ",1400,,410,").replace(",1500,T,100,",
                                                                                                  ",1500,T,90,"),
                  encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert (disposed.gain, disposed.nci, disposed.reserve) == (Decimal(72980), Decimal(25228), Decimal(14452))
    assert res.balance_sheet["1510"] == Decimal(80352) and res.income_statement["4300"] == Decimal(-4541)
    assert res.profit_nci == Decimal(2112) and "3900" not in res.balance_sheet
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_the_sub_groups_trial_balance_is_needed(tmp_path):
    """S's consolidated figures at the period are read from T's trial balance too: without it, a problem names T."""
    ws = _copy(X15, tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text("".join(r for r in tb.read_text(encoding="utf-8").splitlines(keepends=True)
                          if not r.startswith("T,2022-12-31")), encoding="utf-8")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = [p for p in err.value.problems if p.kind == "consolidation.no_trial_balance"]
    assert "its sub-group's (T)" in p.message


# --- below significant influence (x-19) -----------------------------------------------------------------------


def test_the_year_after_a_sub_group_left_with_10pct_kept(tmp_path):
    """x-19 in 2023 (README "2023"): P earns nothing and its books carry the 10% at its cost 12,500; the consolidation
    keeps the fair value 25,000 (12,500 more in retained earnings, where 2022's gain put it). Neither S's nor T's books
    are read: the ledger holds none for 2023."""
    ws = _copy(X19, tmp_path)
    _append(ws, "ledger/trial_balances.csv", "P,2023-12-31,1100,,331000,\nP,2023-12-31,1500,S,12500,\n"
                                             "P,2023-12-31,3100,,-200000,\nP,2023-12-31,3300,,-143500,\n")
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet["1500"] == Decimal(25000) and res.balance_sheet["3300"] == Decimal(-156000)
    assert res.profit_total == 0 and "3600" not in res.balance_sheet and "1510" not in res.balance_sheet
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    eq = j["changes_in_equity"]
    assert Decimal(eq["3300"]["opening"]) == Decimal(eq["3300"]["closing"]) == 156000


def _x19_jgaap(tmp_path: Path) -> Path:
    """x-19 under jgaap with P paying ¥96,000 = 80% of S's equity at 100 (README "jgaap": no goodwill)."""
    ws = _copy(X19, tmp_path)
    _replace(ws, "group.yaml", "framework: ifrs\n", "framework: jgaap\n")
    _replace(ws, "group.yaml", "  share: 0.8\n  cost: 100000\n", "  share: 0.8\n  cost: 96000\n")
    for old, new in [("P,2021-12-31,1100,,150000,", "P,2021-12-31,1100,,154000,"),
                     ("P,2021-12-31,1500,S,100000,", "P,2021-12-31,1500,S,96000,"),
                     ("P,2022-12-31,1500,S,12500,", "P,2022-12-31,1500,S,12000,"),
                     ("P,2022-12-31,4950,S,-73500,", "P,2022-12-31,4950,S,-77000,"),
                     ("P,2022-12-31,1100,,331000,", "P,2022-12-31,1100,,335000,")]:
        _replace(ws, "ledger/trial_balances.csv", old, new)
    return ws


def test_jgaap_a_sub_group_left_with_10pct_kept(tmp_path):
    """x-19 under jgaap (README "jgaap"; ASBJ Statement 22 §29 as x-9): the 10% is taken at the kept part of S's
    consolidated carrying amount, T's net assets in it (149,760 / 8 = 18,720), 7/8 of the owners' reserve of S and T
    recycled (19,740): gain 49,700; then brought to P's cost 12,000, the difference and the kept reserve 2,820 into
    retained earnings (3,900 debited there, not profit); the gain is the one simulate gives."""
    ws = _x19_jgaap(tmp_path)
    res = Context.open(ws).consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.entities == ("S", "T")
    assert (disposed.gain, disposed.reserve, disposed.nci) == (Decimal(49700), Decimal(19740), Decimal(37440))
    assert (disposed.kept, disposed.kept_equity) == (Decimal(12000), Decimal(-6720))
    (kept,) = [e for e in res.eliminations if e.kind == "retained_interest"]
    assert {(ln.account, ln.amount) for ln in kept.lines} == {("1500", Decimal(-6720)), ("3600", Decimal(2820)),
                                                              ("3300", Decimal(3900))}
    assert res.balance_sheet["1500"] == Decimal(12000) and "3600" not in res.balance_sheet
    # profit P 20,000 + S 11,500 + T 2,300 + gain 49,700; retained earnings 70,160 (2021) + owners' 83,500 − NCI's
    # 2,760 − 3,900
    assert res.profit_total == Decimal(83500) and res.balance_sheet["3300"] == Decimal(-147000)
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    _append(ws, "ledger/trial_balances.csv", _P_BEFORE_X19)
    (ws / "events.yaml").write_text("events:\n- id: sale\n  kind: disposal\n  date: 2022-07-01\n  holder: P\n"
                                    "  entity: S\n  share_sold: 0.7\n  proceeds: 161000\n", encoding="utf-8")
    assert -Context.open(ws).simulate("sale").event_income()["4950"] == Decimal(49700)


# P's books on 2022-06-30 (x-19 under jgaap: P earned 10,000 to then)
_P_BEFORE_X19 = ("P,2022-06-30,1100,,164000,\nP,2022-06-30,1500,S,96000,\nP,2022-06-30,3100,,-200000,\n"
                 "P,2022-06-30,3300,,-50000,\nP,2022-06-30,4100,,-10000,\n")


# --- a sub-group in two currencies (x-20) ---------------------------------------------------------------------

# P's books on 2022-06-30, before the sale (x-19 and x-20: P's cost of S 100,000, as x-8's and x-4's)
_P_BEFORE = ("P,2022-06-30,1100,,160000,\nP,2022-06-30,1500,S,100000,\nP,2022-06-30,3100,,-200000,\n"
             "P,2022-06-30,3300,,-50000,\nP,2022-06-30,4100,,-30000,\nP,2022-06-30,5200,,20000,\n")


@pytest.mark.parametrize(("src", "event", "gain", "recycled", "nci"), [
    (X19, "  share_sold: 0.7\n  proceeds: 161000\n  retained_fair_value: 25000\n", 54800, 23360, 37440),
    (X20, "  share_sold: 0.5\n  proceeds: 120000\n  retained_fair_value: 79500\n", 68500, 21800, 37000)])
def test_below_influence_or_in_two_currencies_the_gain_is_the_one_simulate_gives(tmp_path, src, event, gain,
                                                                                 recycled, nci):
    """x-19 (10% kept) and x-20 (T in USD under S in EUR): the sub-group {S, T} leaves whole, its NCI and the owners'
    reserve of S and T recycled, and the gain is the one simulate gives on the day before."""
    ws = _copy(src, tmp_path)
    _append(ws, "ledger/trial_balances.csv", _P_BEFORE)
    (ws / "events.yaml").write_text(
        "events:\n- id: sale\n  kind: disposal\n  date: 2022-07-01\n  holder: P\n  entity: S\n" + event,
        encoding="utf-8")
    ctx = Context.open(ws)
    simulated = -ctx.simulate("sale").event_income()["4950"]
    (disposed,) = ctx.consolidate("2022-12-31").disposals
    assert disposed.entities == ("S", "T")
    assert disposed.gain == simulated == Decimal(gain)
    assert disposed.reserve == Decimal(recycled) and disposed.nci == Decimal(nci)


# 2023 (x-20 README "2023"): P earns nothing; S earns EUR 100, T USD 40
_X20_2023 = ("P,2023-12-31,1100,,290000,\nP,2023-12-31,1500,S,37500,\nP,2023-12-31,3100,,-200000,\n"
             "P,2023-12-31,3300,,-127500,\n"
             "S,2023-12-31,1100,,1000,\nS,2023-12-31,1400,,840,\nS,2023-12-31,1500,T,160,\nS,2023-12-31,2200,,-300,\n"
             "S,2023-12-31,3100,,-1000,\nS,2023-12-31,3300,,-600,\nS,2023-12-31,4100,,-1000,\nS,2023-12-31,5200,,900,\n"
             "T,2023-12-31,1100,,350,\nT,2023-12-31,3100,,-200,\nT,2023-12-31,3300,,-110,\nT,2023-12-31,4100,,-100,\n"
             "T,2023-12-31,5200,,60,\n")


def test_the_year_after_with_the_sub_group_in_another_currency(tmp_path):
    """x-20 in 2023 (README "2023"): the share of S's consolidated profit, T's at the USD average (30% × (EUR 100 × 130
    + USD 40 × 100) = 5,100), the carrying amount T's net assets at the USD closing rate (30% × (EUR 1,540 × 135 +
    USD 350 × 104) + goodwill EUR 200 × 135 = 100,290), the associate's reserve 100,290 − (79,500 + 4,485 + 5,100);
    the statements open at 2022's close and reconcile."""
    ws = _copy(X20, tmp_path)
    _append(ws, "ledger/trial_balances.csv", _X20_2023)
    _append(ws, "rates.csv", "EUR,2023-12-31,average,130\nEUR,2023-12-31,closing,135\n"
                             "USD,2023-12-31,average,100\nUSD,2023-12-31,closing,104\n")
    ctx = Context.open(ws)
    res = ctx.consolidate("2023-12-31")
    assert res.income_statement["4300"] == Decimal(-5100) and res.profit_total == Decimal(5100)
    assert res.balance_sheet["1510"] == Decimal(100290)
    assert res.balance_sheet["3300"] == Decimal(-179085) and res.balance_sheet["3600"] == Decimal(-11205)
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    last = ctx.consolidate("2022-12-31").balance_sheet
    eq = j["changes_in_equity"]
    assert Decimal(eq["3300"]["opening"]) == -last["3300"] and Decimal(eq["3600"]["opening"]) == -last["3600"]


def test_jgaap_the_sub_group_in_two_currencies(tmp_path):
    """x-20 under jgaap with P paying ¥96,000 = 80% of S's equity at 100 (no goodwill; P's cost sold 60,000, its gain
    60,000, remaining cost 36,000). By hand (ASBJ Statement 22 §29): owners' net assets 80% × 185,000 = 148,000, kept
    3/8 = 55,500, the owners' reserve 21,000, 5/8 recycled 13,125, 7,875 kept; gain 120,000 − 92,500 + 13,125 =
    40,625. The equity method from that carrying amount, S's consolidated figures with T translated from USD: share
    of profit 30% × (11,800 + 3,150) = 4,485, carrying amount 30% × (180,000 + 29,760) = 62,928, its reserve 62,928 −
    (55,500 + 4,485) = 2,943 beside the 7,875 kept. Profit 20,000 + 11,500 + 2,150 + 40,625 + 4,485 = 78,760,
    retained earnings 70,080 + 78,760 − 2,730 = 146,110."""
    ws = _copy(X20, tmp_path)
    _replace(ws, "group.yaml", "framework: ifrs\n", "framework: jgaap\n")
    _replace(ws, "group.yaml", "  nci_measurement: proportionate\n",
             "  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
    _replace(ws, "group.yaml", "  share: 0.8\n  cost: 100000\n", "  share: 0.8\n  cost: 96000\n")
    for old, new in [("P,2021-12-31,1100,,150000,", "P,2021-12-31,1100,,154000,"),
                     ("P,2021-12-31,1500,S,100000,", "P,2021-12-31,1500,S,96000,"),
                     ("P,2022-12-31,1100,,290000,", "P,2022-12-31,1100,,294000,"),
                     ("P,2022-12-31,1500,S,37500,", "P,2022-12-31,1500,S,36000,"),
                     ("P,2022-12-31,4950,S,-57500,", "P,2022-12-31,4950,S,-60000,")]:
        _replace(ws, "ledger/trial_balances.csv", old, new)
    res = Context.open(ws).consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert (disposed.gain, disposed.reserve, disposed.nci) == (Decimal(40625), Decimal(13125), Decimal(37000))
    assert res.income_statement["4300"] == Decimal(-4485) and res.balance_sheet["1510"] == Decimal(62928)
    assert res.profit_total == Decimal(78760) and res.balance_sheet["3300"] == Decimal(-146110)
    assert res.balance_sheet["3600"] == Decimal(-10818)
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a_weight_with_no_decimal_is_kept_exact():
    """``_associate_tb`` weights a sub-group's rows in Decimals only when the weight has a terminating decimal; a share
    given as 2/3 goes the Fraction way (an 80-digit Decimal of 2/3 would round the money; found in review)."""
    from fractions import Fraction

    from renketsu.consolidation.equity_method import _terminates

    assert _terminates(Fraction(3, 10)) and _terminates(Fraction(9, 8)) and _terminates(Fraction(1))
    assert not _terminates(Fraction(2, 3)) and not _terminates(Fraction(7, 60))


# --- the interest kept by another group company than the seller (issue 10, x-25) ---------------------------------

X25 = CASES / "deconsolidation" / "x-25-sub-group-leaves-kept-by-another" / "workspace"
# 2023 as x-15's README "2023": P and H earn nothing (P sold its 50% in 2022 for ¥120,000); S EUR 100, T 40
_Y2023_X25 = ("P,2023-12-31,1100,,190000,\nP,2023-12-31,1500,H,40000,\nP,2023-12-31,3100,,-150000,\n"
              "P,2023-12-31,3300,,-80000,\nH,2023-12-31,1100,,40,\nH,2023-12-31,1500,S,360,\nH,2023-12-31,3100,,-400,\n"
              + _Y2023[_Y2023.index("S,2023-12-31"):])


def _x25_jgaap(ws: Path) -> None:
    """x-25 under jgaap as x-16 is x-15: P 40% for ¥48,000 sells it for ¥120,000, H (capital USD 520) keeps its
    40% (USD 480); goodwill over 10 years."""
    _replace(ws, "group.yaml", "framework: ifrs", "framework: jgaap")
    _replace(ws, "group.yaml", "  nci_measurement: proportionate\n",
             "  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
    _replace(ws, "group.yaml", "  entity: H\n  share: 1\n  cost: 40000\n  equity_at_acquisition:\n    '3100': 400\n",
             "  entity: H\n  share: 1\n  cost: 52000\n  equity_at_acquisition:\n    '3100': 520\n")
    _replace(ws, "group.yaml", "  entity: S\n  share: 0.5\n  cost: 60000\n", "  entity: S\n  share: 0.4\n  cost: 48000\n")
    _replace(ws, "group.yaml", "  entity: S\n  share: 0.3\n  cost: 360\n", "  entity: S\n  share: 0.4\n  cost: 480\n")
    _replace(ws, "group.yaml", "  share: 0.3\n  retained_fair_value: 595\n", "  share: 0.4\n")
    for old, new in (("P,2021-12-31,1500,H,40000,", "P,2021-12-31,1500,H,52000,"),
                     ("P,2021-12-31,1500,S,60000,", "P,2021-12-31,1500,S,48000,"),
                     ("P,2022-12-31,1500,H,40000,", "P,2022-12-31,1500,H,52000,"),
                     ("P,2022-12-31,4950,S,-60000,", "P,2022-12-31,4950,S,-72000,"),
                     ("H,2021-12-31,1500,S,360,", "H,2021-12-31,1500,S,480,"),
                     ("H,2021-12-31,3100,,-400,", "H,2021-12-31,3100,,-520,"),
                     ("H,2022-12-31,1500,S,360,", "H,2022-12-31,1500,S,480,"),
                     ("H,2022-12-31,3100,,-400,", "H,2022-12-31,3100,,-520,")):
        _replace(ws, "ledger/trial_balances.csv", old, new)


def test_a_sub_group_kept_by_another_group_company_jgaap(tmp_path):
    """x-25's README "jgaap": x-16's gain 63,295 and associate 72,900; the reserve x-16's less the 5,000 x-16's USD
    proceeds were translated by after the sale (P receives yen)."""
    ws = _copy(X25, tmp_path)
    _x25_jgaap(ws)
    res = Context.open(ws).consolidate("2022-12-31")
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    (x,) = res.disposals
    assert x.seller == "P" and x.entities == ("S", "T") and x.gain == Decimal(63295)
    for acc, v in {"1100": 195000, "1510": 72900, "3300": -105865, "3600": -12035}.items():
        assert res.balance_sheet[acc] == Decimal(v), acc


def test_the_year_after_a_sub_group_kept_by_another_group_company(tmp_path):
    """x-25 in 2023: x-15's associate (EUR 489 × 190, share of profit 7,770) under H; H's reserve 1,000 + USD 40 × 15
    and the associate's 9,096; cash 190,000 + 40 × 140."""
    ws = _copy(X25, tmp_path)
    _append(ws, "ledger/trial_balances.csv", _Y2023_X25)
    _append(ws, "rates.csv", "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n"
                             "EUR,2023-12-31,average,185\nEUR,2023-12-31,closing,190\n")
    ctx = Context.open(ws)
    res = ctx.consolidate("2023-12-31")
    for acc, v in {"1100": 195600, "1510": 92910, "3300": -127814, "3600": -10696}.items():
        assert res.balance_sheet[acc] == Decimal(v), acc
    assert res.income_statement["4300"] == Decimal(-7770)
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    last = ctx.consolidate("2022-12-31").balance_sheet
    eq = j["changes_in_equity"]
    assert Decimal(eq["3300"]["opening"]) == -last["3300"] and Decimal(eq["3600"]["opening"]) == -last["3600"]


def test_a_sub_group_kept_by_a_partly_owned_group_company_is_still_refused(tmp_path):
    """x-25 with H 80% owned: a keeper with NCI of its own and a sub-group leaving is not modelled."""
    ws = _copy(X25, tmp_path)
    _replace(ws, "group.yaml", "  entity: H\n  share: 1\n", "  entity: H\n  share: 0.8\n")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    assert "deconsolidation.retained_interest" in {p.kind for p in err.value.problems}
