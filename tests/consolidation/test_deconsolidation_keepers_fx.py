"""An interest kept on losing control by another group company than the seller, the two booking in different
currencies (issue 10; docs/consolidation.md "An interest kept by another group company").

The worked cases x-22 (H in USD sells, P in JPY keeps) and x-23 (P in JPY sells, H in USD keeps) pin the year of
the sale under ifrs with significant influence. These tests pin the variants the cases' READMEs work by hand: jgaap
(x-23's README "jgaap", x-7's figures), an interest kept below significant influence in USD (x-11's figures) and
the year after each.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parents[1] / "cases" / "deconsolidation"
X22 = CASES / "x-22-dollar-seller-yen-keeper" / "workspace"
X23 = CASES / "x-23-yen-seller-dollar-keeper" / "workspace"
_ACQ = "  equity_at_acquisition:\n    '3100': 400\n    '3300': 100\n"
# S in 2023 (x-6's README "2023"): EUR 100 earned; USD 2023 average 130, closing 140; EUR 185, 190
_S_2023 = ("S,2023-12-31,1100,,520,\nS,2023-12-31,1400,,500,\nS,2023-12-31,2200,,-200,\nS,2023-12-31,3100,,-400,\n"
           "S,2023-12-31,3300,,-320,\nS,2023-12-31,4100,,-400,\nS,2023-12-31,5200,,300,\n")
_RATES_2023 = ("USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n"
               "EUR,2023-12-31,average,185\nEUR,2023-12-31,closing,190\n")


def _yen_seller(tmp_path: Path, framework: str, p: str, h: str, proceeds: int, fv: str | None) -> Path:
    """x-23's group with P holding ``p`` of S (¥120,000 per 100%, USD 1,200 at 100) and H (USD, capital its cost of
    S + USD 40 of cash) ``h`` (USD 1,200 per 100%); P sells all its ``p`` on 2022-07-01 for ``proceeds`` yen and H
    keeps its ``h`` (ifrs: fair value ``fv`` USD). The position before the sale is x-6's (x-7's under jgaap)."""
    ws = tmp_path / f"{framework}-{p}-{h}"
    shutil.copytree(X23, ws)
    pp, hh = Decimal(p), Decimal(h)
    p_cost, h_cost = 120000 * pp, 1200 * hh
    h_cap = h_cost + 40
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8")
    head = text[:text.index("holdings:")].replace("framework: ifrs", f"framework: {framework}")
    if framework == "jgaap":
        head = head.replace("  nci_measurement: proportionate\n",
                            "  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
    rows = (f"- date: '2021-01-01'\n  holder: P\n  entity: H\n  share: 1\n  cost: {h_cap * 100}\n"
            f"  equity_at_acquisition:\n    '3100': {h_cap}\n"
            f"- date: '2021-01-01'\n  holder: P\n  entity: S\n  share: {p}\n  cost: {p_cost}\n" + _ACQ +
            f"- date: '2021-01-01'\n  holder: H\n  entity: S\n  share: {h}\n  cost: {h_cost}\n" + _ACQ +
            f"- date: '2022-07-01'\n  holder: P\n  entity: S\n  share: 0\n  cost: {proceeds}\n"
            f"- date: '2022-07-01'\n  holder: H\n  entity: S\n  share: {h}\n"
            + (f"  retained_fair_value: {fv}\n" if fv else ""))
    g.write_text(head + "holdings:\n" + rows, encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    s_rows = "".join(r for r in tb.read_text(encoding="utf-8").splitlines(keepends=True) if r.startswith("S,"))
    gain = proceeds - p_cost
    books = (f"P,2021-12-31,1100,,60000,\nP,2021-12-31,1500,H,{h_cap * 100},\nP,2021-12-31,1500,S,{p_cost},\n"
             "P,2021-12-31,3100,,-150000,\nP,2021-12-31,4100,,-10000,\n"
             f"H,2021-12-31,1100,,40,\nH,2021-12-31,1500,S,{h_cost},\nH,2021-12-31,3100,,{-h_cap},\n"
             f"P,2022-12-31,1100,,{70000 + proceeds},\nP,2022-12-31,1500,H,{h_cap * 100},\n"
             "P,2022-12-31,3100,,-150000,\nP,2022-12-31,3300,,-10000,\nP,2022-12-31,4100,,-10000,\n"
             f"P,2022-12-31,4950,S,{-gain},\n"
             f"H,2022-12-31,1100,,40,\nH,2022-12-31,1500,S,{h_cost},\nH,2022-12-31,3100,,{-h_cap},\n"
             f"P,2023-12-31,1100,,{70000 + proceeds},\nP,2023-12-31,1500,H,{h_cap * 100},\n"
             f"P,2023-12-31,3100,,-150000,\nP,2023-12-31,3300,,{-20000 - gain},\n"
             f"H,2023-12-31,1100,,40,\nH,2023-12-31,1500,S,{h_cost},\nH,2023-12-31,3100,,{-h_cap},\n")
    tb.write_text("entity,period,account,partner,amount,date\n" + books + s_rows + _S_2023, encoding="utf-8")
    rates = ws / "rates.csv"
    rates.write_text(rates.read_text(encoding="utf-8") + _RATES_2023, encoding="utf-8")
    return ws


def _x22_2023(tmp_path: Path) -> Path:
    ws = tmp_path / "x22"
    shutil.copytree(X22, ws)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8")
                  + "P,2023-12-31,1100,,34000,\nP,2023-12-31,1500,H,100000,\nP,2023-12-31,1500,S,36000,\n"
                  "P,2023-12-31,3100,,-150000,\nP,2023-12-31,3300,,-20000,\n"
                  "H,2023-12-31,1100,,1400,\nH,2023-12-31,3100,,-1000,\nH,2023-12-31,3300,,-400,\n" + _S_2023,
                  encoding="utf-8")
    rates = ws / "rates.csv"
    rates.write_text(rates.read_text(encoding="utf-8") + _RATES_2023, encoding="utf-8")
    return ws


def _ok(res) -> dict:
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    return j


def _check(res, figures: dict[str, int]) -> None:
    for acc, v in figures.items():
        got = res.income_statement.get(acc) if acc.startswith("4") else res.balance_sheet.get(acc)
        assert got == Decimal(v), (acc, got, v)


@pytest.mark.parametrize(("framework", "p", "h", "proceeds", "fv", "y2022", "profit", "gain", "y2023"), [
    # x-23 itself, rebuilt (the builder's check): x-6's gain and equity method under H
    ("ifrs", "0.5", "0.3", 120000, "510",
     {"1100": 195000, "1510": 68580, "3300": -108812, "3600": -4768, "4300": -3612, "4950": -66200}, 88062, 66200,
     # 2023: x-6's associate EUR 411 × 190; H's reserve 1,000 + 40 × 15, the associate's 7,728
     {"1100": 195600, "1510": 78090, "3300": -114362, "3600": -9328}),
    # jgaap (x-23's README "jgaap"): x-7's 40 kept of the group's 80 at its carrying amount, half the reserve kept
    ("jgaap", "0.4", "0.4", 120000, None,
     {"1100": 195000, "1510": 69300, "3300": -102589, "3600": -11711, "4300": -3784, "4950": -65195}, 85249, 65195,
     # 2023 (x-7's README "2023"): EUR 413 × 190; reserve H's 1,600 + 6,905 kept + 7,796
     {"1100": 195600, "1510": 78470, "3300": -107769, "3600": -16301}),
    # ifrs below influence (x-11's figures): P sells 70% for ¥126,000, H keeps 10% at USD 150, its asset in USD:
    # 150 × 125 on 1500; H's reserve 400 + 600 on its cash + 750 on the 10% (600 on its cost since, 150 on the rest)
    ("ifrs", "0.7", "0.1", 126000, "150",
     {"1100": 201000, "1500": 18750, "3300": -68000, "3600": -1750, "4950": -29000}, 47250, 29000,
     # 2023: USD 150 × 140; H's reserve 1,750 + 40 × 15 + 150 × 15; retained earnings unchanged
     {"1100": 201600, "1500": 21000, "3300": -68000, "3600": -4600}),
])
def test_a_keeper_in_dollars_of_a_seller_in_yen(tmp_path, framework, p, h, proceeds, fv, y2022, profit, gain, y2023):
    """P (JPY) sells all its shares of S (EUR), H (USD, wholly owned) keeps its own: the interest kept is H's asset
    in USD (ifrs at its fair value, IFRS 10.B98(b)(iii); jgaap at its part of the consolidated carrying amount,
    ASBJ Statement 22 §29), translated with H's other assets (IAS 21.23, 21.39); H's cost leaves, what its books put
    on it since the day before out of H's reserve; the gain is the group's, on P's row."""
    ctx = Context.open(_yen_seller(tmp_path, framework, p, h, proceeds, fv))
    res = ctx.consolidate("2022-12-31")
    _ok(res)
    _check(res, y2022)
    assert res.profit_total == Decimal(profit)
    (x,) = res.disposals
    assert x.seller == "P" and x.gain == Decimal(gain)
    nxt = ctx.consolidate("2023-12-31")
    j = _ok(nxt)
    _check(nxt, y2023)
    eq = j["changes_in_equity"]
    assert Decimal(eq["3300"]["opening"]) == -res.balance_sheet["3300"]
    assert Decimal(eq["3600"]["opening"]) == -res.balance_sheet["3600"]


def test_a_keeper_in_yen_of_a_seller_in_dollars_the_year_after(tmp_path):
    """x-22 in 2023 (S earns EUR 100; P and H nothing): the associate runs on under P (x-6's EUR 411 × 190); H's
    reserve 15,000 + USD 1,400 × 15, the 12,000 its books put on the cost sold to the day before in retained
    earnings, where 2022's gain put it; the associate's reserve 7,728."""
    res = Context.open(_x22_2023(tmp_path)).consolidate("2023-12-31")
    j = _ok(res)
    _check(res, {"1100": 230000, "1510": 78090, "3300": -114362, "3600": -43728})
    assert Decimal(j["changes_in_equity"]["3600"]["opening"]) == 18768


def test_a_keeper_in_yen_of_a_seller_in_dollars_jgaap(tmp_path):
    """x-22 under jgaap (goodwill over 10 years; the position of the day before x-7's): P keeps 30 of the group's
    80 at 30/80 of the owners' carrying amount 123,420 = 46,282.5, booked 46,282 (half-even), and 30/80 of the
    owners' reserve 13,810 = 5,178.75 → 5,179 stays in P's reserve; the gain = proceeds 120,000 − (123,420 −
    46,282) + (13,810 − 5,179) = 51,493 (the part sold's carrying amount, its reserve recycled)."""
    ws = tmp_path / "x22j"
    shutil.copytree(X22, ws)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("framework: ifrs", "framework: jgaap")
                 .replace("  nci_measurement: proportionate\n",
                          "  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
                 .replace("  retained_fair_value: 61200\n", ""), encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    _ok(res)
    (x,) = res.disposals
    assert x.seller == "H"
    assert abs(x.gain - Decimal(51493)) <= 1, x.gain
    assert abs(x.reserve - Decimal(8631)) <= 1, x.reserve


def _partly_owned_h(ws: Path, share: str, cost: int) -> Path:
    """``ws`` with P holding ``share`` of H for ``cost`` yen instead of all of it, its cash the difference more."""
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8")
    old = text[text.index("  holder: P\n  entity: H\n"):]
    old = old[:old.index("  equity_at_acquisition")]
    was = int(Decimal(old.split("cost: ")[1]))
    g.write_text(text.replace(old, f"  holder: P\n  entity: H\n  share: {share}\n  cost: {cost}\n", 1), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    rows = []
    for r in tb.read_text(encoding="utf-8").splitlines(keepends=True):
        f = r.split(",")
        if f[0] == "P" and f[2] == "1500" and f[3] == "H":
            f[4] = str(cost)
        elif f[0] == "P" and f[2] == "1100":
            f[4] = str(int(Decimal(f[4])) + was - cost)
        rows.append(",".join(f))
    tb.write_text("".join(rows), encoding="utf-8")
    return ws


def test_a_keeper_with_nci_in_dollars_of_a_seller_in_yen(tmp_path):
    """x-23 with H (USD) 80% owned (P paid ¥32,000, its cash ¥8,000 more; docs/consolidation.md, x-35's README
    "Variants"): the gain is x-23's 66,200 — P's part 120,000 − 50/80 × 115,000 = 48,125, H's remeasurement 510 × 120
    − 30/80 × 115,000 = 18,075 on H's 4950, attributed to H — and the equity method under H is H's: its NCI take 20% ×
    (18,075 + 3,612) = 4,337.4 of profit, and at the year end 20% of H's net assets (USD 40 × 125 + the associate
    68,580) = 14,716; 2023 20% × (40 × 140 + 78,090) = 16,738."""
    ctx = Context.open(_partly_owned_h(_yen_seller(tmp_path, "ifrs", "0.5", "0.3", 120000, "510"), "0.8", 32000))
    res = ctx.consolidate("2022-12-31")
    j = _ok(res)
    _check(res, {"1100": 203000, "1510": 68580, "4300": -3612, "4950": -66200})
    assert res.profit_total == 88062
    assert abs(res.profit_nci - Decimal("6482.4")) <= 1, res.profit_nci  # S's 26% × 8,250 = 2,145 + H's NCI 4,337.4
    assert abs(res.balance_sheet["3900"] + 14716) <= 1, res.balance_sheet["3900"]
    assert abs(res.balance_sheet["3300"] + Decimal("103049.6")) <= 1, res.balance_sheet["3300"]
    assert abs(res.balance_sheet["3600"] + Decimal("3814.4")) <= 1, res.balance_sheet["3600"]
    apart = [ln for e in j["eliminations"] if e["kind"] == "disposal" and e["partner"] == "H" for ln in e["lines"]
             if ln["account"] == "4950"]
    assert [Decimal(ln["amount"]) for ln in apart] == [Decimal(-18075)]
    (x,) = res.disposals
    assert x.seller == "P" and x.gain == 66200
    nxt = ctx.consolidate("2023-12-31")
    _ok(nxt)
    assert abs(nxt.balance_sheet["3900"] + 16738) <= 1, nxt.balance_sheet["3900"]
    assert nxt.balance_sheet["1510"] == 78090


@pytest.mark.parametrize(("framework", "case", "p", "h", "proceeds", "fv", "gain", "nci"), [
    # x-22 under jgaap with H (USD, the seller) 80% owned: x-22 jgaap's gain, all H's; H's NCI 20% × its cash 175,000
    ("jgaap", "x22", None, None, None, None, 51493, 35000),
    # x-23's jgaap variant with H (USD, the keeper) 80% owned: x-7's gain, P's; H's NCI 20% × (5,000 + 69,300)
    ("jgaap", "x23", "0.4", "0.4", 120000, None, 65195, 14860),
    # ifrs, H (USD, the keeper) 80% owned keeps 10% below influence (x-11's figures): its asset in USD, USD 150 × 125;
    # H's NCI 20% × (5,000 + 18,750)
    ("ifrs", "x23", "0.7", "0.1", 126000, "150", 29000, 4750),
])
def test_a_keeper_or_seller_with_nci_in_dollars_as_if_wholly_owned(tmp_path, framework, case, p, h, proceeds, fv,
                                                                   gain, nci):
    """The same group as the wholly-owned one but for who owns H (80%; P's cash more by what H's outside 20% paid):
    the same profit, gain and interest kept (jgaap, ASBJ Statement 22 §29: at its part of the carrying amount, its
    part of the reserve kept with it; ifrs below influence: H's asset in USD at its fair value), and H's NCI, at the
    year end, 20% of H's net assets."""
    if case == "x22":
        whole = tmp_path / "whole"
        shutil.copytree(X22, whole)
        g = whole / "group.yaml"
        g.write_text(g.read_text(encoding="utf-8").replace("framework: ifrs", "framework: jgaap")
                     .replace("  nci_measurement: proportionate\n",
                              "  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
                     .replace("  retained_fair_value: 61200\n", ""), encoding="utf-8")
        part = tmp_path / "part"
        shutil.copytree(whole, part)
        _partly_owned_h(part, "0.8", 80000)
        extra = 20000
    else:
        whole = _yen_seller(tmp_path / "w", framework, p, h, proceeds, fv)
        h_cap = int((1200 * Decimal(h) + 40) * 100)
        part = _partly_owned_h(_yen_seller(tmp_path / "p", framework, p, h, proceeds, fv), "0.8", h_cap * 4 // 5)
        extra = h_cap // 5
    a, b = Context.open(whole).consolidate("2022-12-31"), Context.open(part).consolidate("2022-12-31")
    _ok(a)
    _ok(b)
    assert b.profit_total == a.profit_total
    for acc in ("1500", "1510"):
        assert b.balance_sheet.get(acc) == a.balance_sheet.get(acc), acc
    assert b.balance_sheet["1100"] == a.balance_sheet["1100"] + extra
    (x,), (y,) = a.disposals, b.disposals
    assert abs(y.gain - gain) <= 1 and y.gain == x.gain, (x.gain, y.gain)
    assert abs(b.balance_sheet["3900"] + nci) <= 1, b.balance_sheet["3900"]


def test_x35_the_year_after(tmp_path):
    """x-35 in 2023 (S earns EUR 100; P and H nothing): the associate runs on under P (x-22's EUR 411 × 190 =
    78,090, its reserve 7,728); H's reserve 15,000 + USD 1,400 × 15 = 36,000, of which H's NCI 20%; NCI 20% × H's
    cash 196,000 = 39,200; the owners' reserve 28,800 + 7,728 = 36,528; retained earnings 96,812 + 5,550 = 102,362."""
    ws = tmp_path / "x35"
    shutil.copytree(CASES / "x-35-partly-owned-dollar-seller-yen-keeper" / "workspace", ws)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8")
                  + "P,2023-12-31,1100,,54000,\nP,2023-12-31,1500,H,80000,\nP,2023-12-31,1500,S,36000,\n"
                  "P,2023-12-31,3100,,-150000,\nP,2023-12-31,3300,,-20000,\n"
                  "H,2023-12-31,1100,,1400,\nH,2023-12-31,3100,,-1000,\nH,2023-12-31,3300,,-400,\n" + _S_2023,
                  encoding="utf-8")
    rates = ws / "rates.csv"
    rates.write_text(rates.read_text(encoding="utf-8") + _RATES_2023, encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    j = _ok(res)
    _check(res, {"1100": 250000, "1510": 78090, "3300": -102362, "3600": -36528, "3900": -39200})
    assert res.profit_total == 5550 and res.profit_nci == 0
    assert Decimal(j["changes_in_equity"]["3600"]["opening"]) == 15768


def test_a_sub_group_kept_by_a_keeper_with_nci_in_dollars_is_still_refused(tmp_path):
    """x-25 with its keeper H (USD) 80% owned: the holder's NCI's share of a foreign sub-group's reserve is not worked
    (the gain came out 73,000 against the wholly-owned 72,600); refused, naming the currencies."""
    ws = tmp_path / "x25"
    shutil.copytree(CASES / "x-25-sub-group-leaves-kept-by-another" / "workspace", ws)
    _partly_owned_h(ws, "0.8", 32000)
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    found = [p for p in err.value.problems if p.kind == "deconsolidation.retained_interest"]
    assert found and "S's subsidiaries (T) leave with it, a keeper or the seller has NCI of its own and H, S, T book " \
        "in another currency" in found[0].message


def test_a_seller_with_nci_in_dollars_and_a_foreign_sub_group_is_now_refused(tmp_path):
    """x-15 with its seller H (USD) 80% owned, keeping 30% alone: main consolidated it with a gain of 73,000 against
    the wholly-owned 72,600 and H's NCI 41,772 against 20% × (130,000 + 80,460) = 42,092 — the holder's NCI's share
    inside a foreign sub-group's NCI is read 400 short. Refused now, naming the currencies (found in issue 10's
    keepers work; not fixed)."""
    ws = tmp_path / "x15"
    shutil.copytree(CASES / "x-15-sub-group-leaves-interest-kept" / "workspace", ws)
    _partly_owned_h(ws, "0.8", 80000)
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    found = [p for p in err.value.problems if p.kind == "deconsolidation.retained_interest"]
    assert found and "S's subsidiaries (T) leave with it, a keeper or the seller has NCI of its own and H, S, T book " \
        "in another currency" in found[0].message
