"""NCI at two levels (issue 10): P → H → S with H's NCI of its own, and P changing its interest in H.

P holds 80% of H and H 80% of S since 2020-01-01 (costs 80,000 each for equity 100,000: no goodwill); S earns
20,000 in 2020–2021 and 10,000 in each later year; H earns nothing. On 2022-01-01 P buys 10% more of H for 12,000.
That is a transaction with H's NCI (IFRS 10.23, B96; ASBJ 22 §§28–30): the NCI is adjusted to reflect the change in
their relative interest in H, whose net assets as consolidated hold H's share of S, not H's cost of it. So the
purchase takes half of H's NCI's interest in H's consolidated net assets, 20% × (20,000 + 80% × 120,000) = 20% ×
116,000 = 23,200: 11,600, of which 10,000 on H's own equity and 1,600 of their indirect share of S's 20,000 since
control (16% × 20,000 = 3,200, inside S's NCI); capital surplus takes 12,000 − 11,600 = 400 (debit). Every figure
below is worked in the docstring or comment next to it.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context

X21 = Path(__file__).resolve().parent.parent / "cases" / "deconsolidation" / "x-21-seller-with-nci-after-step-purchases"

_HOLDINGS = """holdings:
- date: '2020-01-01'
  holder: P
  entity: H
  share: 0.8
  cost: 80000
  equity_at_acquisition:
    '3100': 100000
- date: '2020-01-01'
  holder: H
  entity: S
  share: 0.8
  cost: 80000
  equity_at_acquisition:
    '3100': 100000
- date: '2022-01-01'
  holder: P
  entity: H
  share: 0.9
  cost: 12000
  equity_at_acquisition:
    '3100': 100000
"""


def _rows(period: str, p_cash: int, p_inv: int, s_cash: int, s_re: int) -> str:
    return (f"P,{period},1100,,{p_cash},\nP,{period},1500,H,{p_inv},\nP,{period},3100,,-200000,\n"
            f"H,{period},1100,,20000,\nH,{period},1500,S,80000,\nH,{period},3100,,-100000,\n"
            f"S,{period},1100,,{s_cash},\nS,{period},1400,,100000,\nS,{period},3100,,-100000,\n"
            f"S,{period},3300,,{-s_re},\nS,{period},4100,,-10000,\n")


def _workspace(tmp_path: Path, framework: str = "jgaap") -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(X21 / "workspace", ws)
    group = (ws / "group.yaml").read_text(encoding="utf-8")
    group = group[:group.index("holdings:\n")] + _HOLDINGS
    if framework == "ifrs":
        group = group.replace("framework: jgaap", "framework: ifrs").replace("  goodwill_amortisation_years: 10\n", "")
    (ws / "group.yaml").write_text(group, encoding="utf-8")
    (ws / "ledger" / "trial_balances.csv").write_text(
        "entity,period,account,partner,amount,date\n"
        + _rows("2021-12-31", 120000, 80000, 20000, 10000)
        + _rows("2022-12-31", 108000, 92000, 30000, 20000)
        + _rows("2023-12-31", 108000, 92000, 40000, 30000), encoding="utf-8")
    return ws


def _ok(res) -> None:
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


@pytest.mark.parametrize("framework", ["jgaap", "ifrs"])
def test_buying_more_of_a_holder_moves_its_nci_share_of_the_sub(tmp_path, framework):
    """2022: H's NCI 10% × (20,000 + 80% × 130,000) = 12,400; S's own NCI 20% × 130,000 = 26,000; together 38,400.
    Capital surplus 400 (debit: 12,000 − 11,600). Owners' retained earnings 64% × 20,000 + 72% × 10,000 = 20,000.
    Balance: 108,000 + 20,000 + 130,000 = 200,000 − 400 + 20,000 + 38,400. (Main: NCI 40,000, capital surplus 2,000,
    moving only H's NCI on H's own equity, 10,000.)"""
    res = Context.open(_workspace(tmp_path, framework)).consolidate("2022-12-31")
    for acc, v in {"3900": -38400, "3200": 400, "3300": -20000, "3100": -200000}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    assert res.profit_nci == Decimal(2800)  # 28% of S's 10,000: 20% its own, 8% H's NCI's
    _ok(res)


def test_the_nci_entries_of_the_purchase(tmp_path):
    """The purchase's entries: 10,000 of H's NCI on H (half of 20% × 100,000) and 1,600 on S's NCI line (half of H's
    NCI's 16% × 20,000 inside it). S's NCI line ends at its own 20% × 130,000 = 26,000 plus H's NCI's indirect share
    3,200 − 1,600 + 8% × 10,000 = 2,400: 28,400; H's NCI line at 20,000 − 10,000 = 10,000."""
    res = Context.open(_workspace(tmp_path)).consolidate("2022-12-31")
    nci = {"H": Decimal(0), "S": Decimal(0)}
    moved = Decimal(0)
    for e in res.eliminations:
        for ln in e.lines:
            if ln.account == "3900" and ln.entity in nci:
                nci[ln.entity] += ln.amount
                if e.kind == "nci" and e.partner == "P" and ln.entity == "S":
                    moved += ln.amount
    for c in res.closing:
        if c.account == "3900" and c.entity in nci:
            nci[c.entity] += c.amount
    assert moved == Decimal(1600)
    assert nci == {"H": Decimal(-10000), "S": Decimal(-28400)}


def test_the_year_after(tmp_path):
    """2023: S earns 10,000 more. H's NCI 10% × (20,000 + 80% × 140,000) = 13,200, S's own 20% × 140,000 = 28,000:
    41,200, the 2022 profit carried at the 2022 ratio (28%), not at the one of the stretch's start (36%); owners'
    retained earnings 20,000 + 72% × 10,000 = 27,200; capital surplus stays 400."""
    res = Context.open(_workspace(tmp_path)).consolidate("2023-12-31")
    for acc, v in {"3900": -41200, "3200": 400, "3300": -27200}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    assert res.profit_nci == Decimal(2800)
    _ok(res)


def test_a_foreign_sub_reserve_reattributed(tmp_path):
    """S booking in USD (every S amount ÷ 100; USD 100 on 2020-01-01, averages 102, 108, 115, closings 105, 110, 120;
    2020's books given so that S's reserve is translated year by year). S's equity at historical rates on 2022-01-01
    is 100,000 + 100 × 102 + 100 × 108 = 121,000 and its reserve USD 1,200 × 110 − 121,000 = 11,000. H's NCI's
    interest in H's consolidated net assets, 20% × (20,000 + 80% × 132,000) = 25,120; half of it moves: 10,000 on H,
    1,680 (8% × 21,000) of S's equity and 880 (8% × 11,000) of S's reserve, re-attributed to P's owners (IAS 21.48C).
    Capital surplus 12,000 − 10,000 − 1,680 − 880 + 880 (the reserve's re-attribution) = 320 (debit). At the end of
    2022 S's net assets USD 1,300 × 120 = 156,000 (historical 121,000 + 100 × 115 = 132,500, reserve 23,500): NCI 20% ×
    156,000 + 10% × (20,000 + 80% × 156,000) = 31,200 + 14,480 = 45,680; owners' reserve 72% × 23,500 = 16,920 (=
    64% × 11,000 + 880 + 72% × 12,500); owners' retained earnings 64% × 21,000 + 72% × 11,500 = 21,720. Balance:
    108,000 + 20,000 + 156,000 = 200,000 − 320 + 21,720 + 16,920 + 45,680. (Main: capital surplus 2,000, NCI
    47,360.)"""
    ws = _workspace(tmp_path)
    _edit = (ws / "group.yaml").read_text(encoding="utf-8")
    _edit = _edit.replace("  name: Sub KK\n  currency: JPY", "  name: Sub KK\n  currency: USD").replace(
        "  entity: S\n  share: 0.8\n  cost: 80000\n  equity_at_acquisition:\n    '3100': 100000\n",
        "  entity: S\n  share: 0.8\n  cost: 80000\n  equity_at_acquisition:\n    '3100': 1000\n")
    assert "currency: USD" in _edit and "'3100': 1000\n" in _edit
    (ws / "group.yaml").write_text(_edit, encoding="utf-8")
    rows = ["entity,period,account,partner,amount,date"]
    for period, s_cash, s_re in (("2020-12-31", 100, 0), ("2021-12-31", 200, 100), ("2022-12-31", 300, 200)):
        p_cash, p_inv = (108000, 92000) if period == "2022-12-31" else (120000, 80000)
        rows += [f"P,{period},1100,,{p_cash},", f"P,{period},1500,H,{p_inv},", f"P,{period},3100,,-200000,",
                 f"H,{period},1100,,20000,", f"H,{period},1500,S,80000,", f"H,{period},3100,,-100000,",
                 f"S,{period},1100,,{s_cash},", f"S,{period},1400,,1000,", f"S,{period},3100,,-1000,",
                 f"S,{period},4100,,-100,"] + ([f"S,{period},3300,,{-s_re},"] if s_re else [])
    (ws / "ledger" / "trial_balances.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (ws / "rates.csv").write_text(
        "currency,date,kind,rate\nUSD,2020-01-01,spot,100\nUSD,2020-12-31,average,102\nUSD,2020-12-31,closing,105\n"
        "USD,2021-01-01,spot,105\nUSD,2021-12-31,average,108\nUSD,2021-12-31,closing,110\n"
        "USD,2022-01-01,spot,110\nUSD,2022-12-31,average,115\nUSD,2022-12-31,closing,120\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    for acc, v in {"3900": -45680, "3200": 320, "3600": -16920, "3300": -21720}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    _ok(res)
    # The equity statement (IAS 1.106(d)(iii), IAS 21.48C): the 880 re-attributed on 2022-01-01 is a transaction with
    # owners; the year's exchange differences, 23,500 − 11,000 = 12,500, all after the change: the owners' 72% 9,000,
    # the NCI's 28% 3,500 (7,040 + 880 + 9,000 = 16,920). Before, 9,880 and 2,620 as OCI.
    out = res.to_json()
    reserve, nci = out["changes_in_equity"]["3600"], out["changes_in_equity"]["nci"]
    assert (reserve["opening"], reserve["oci"], reserve["nci_transactions"]) == ("7040", "9000", "880")
    assert (nci["oci"], out["comprehensive_income"]["owners"]["oci"], out["comprehensive_income"]["nci"]["oci"]) == \
        ("3500", "9000", "3500")
    assert all(c["ok"] for c in out["statement_checks"])


_H_BUYS = """holdings:
- date: '2020-01-01'
  holder: P
  entity: H
  share: 0.8
  cost: 80000
  equity_at_acquisition:
    '3100': 100000
- date: '2020-01-01'
  holder: H
  entity: S
  share: 0.6
  cost: 60000
  equity_at_acquisition:
    '3100': 100000
- date: '2022-01-01'
  holder: H
  entity: S
  share: 0.8
  cost: 25000
  equity_at_acquisition:
    '3100': 100000
    '3300': 20000
"""


def test_a_holder_with_nci_buying_its_subs_nci(tmp_path):
    """H (80% P's) holds 60% of S since 2020 and buys 20% more on 2022-01-01 for 25,000. S's own NCI carried 40% ×
    120,000 = 48,000: half, 24,000, moves. The difference 1,000 is H's equity — the buyer is H (IFRS 10.B96; ASBJ 22
    §§28–30) — so H's NCI bear 20% of it, 200, and P's owners' capital surplus 800 (debit). At the end of 2022 (S earns
    10,000): H's consolidated net assets 15,000 + 80% × 130,000 = 119,000 (its equity 100,000 + 60% × 20,000 + 80% ×
    10,000 − 1,000), its NCI 20% of it, 23,800; S's own NCI 20% × 130,000 = 26,000; together 49,800. Owners' retained
    earnings 48% × 20,000 + 64% × 10,000 = 16,000. Balance: 120,000 + 15,000 + 130,000 = 200,000 − 800 + 16,000 +
    49,800. (Main: capital surplus 1,000, NCI 50,000.)"""
    ws = _workspace(tmp_path)
    group = (ws / "group.yaml").read_text(encoding="utf-8")
    (ws / "group.yaml").write_text(group[:group.index("holdings:\n")] + _H_BUYS, encoding="utf-8")
    rows = ["entity,period,account,partner,amount,date"]
    for period, h_cash, h_inv, s_cash, s_re in (("2021-12-31", 40000, 60000, 20000, 10000),
                                                 ("2022-12-31", 15000, 85000, 30000, 20000)):
        rows += [f"P,{period},1100,,120000,", f"P,{period},1500,H,80000,", f"P,{period},3100,,-200000,",
                 f"H,{period},1100,,{h_cash},", f"H,{period},1500,S,{h_inv},", f"H,{period},3100,,-100000,",
                 f"S,{period},1100,,{s_cash},", f"S,{period},1400,,100000,", f"S,{period},3100,,-100000,",
                 f"S,{period},3300,,{-s_re},", f"S,{period},4100,,-10000,"]
    (ws / "ledger" / "trial_balances.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    for acc, v in {"3900": -49800, "3200": 800, "3300": -16000}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    h_nci = sum((ln.amount for e in res.eliminations for ln in e.lines if ln.entity == "H" and ln.account == "3900"),
                Decimal(0))
    assert h_nci == Decimal(-19800)  # 20,000 at control less 200 of the difference
    _ok(res)


def test_selling_part_of_a_holder_gives_the_buyers_their_share_of_the_sub(tmp_path):
    """P sells 10% of H on 2022-01-01 for 12,000 instead (keeping 70%; its books derecognise 1/8 of the cost 80,000
    and book a gain of 2,000). The buyers' NCI is 10% of H's net assets as consolidated, 10% × 116,000 = 11,600 —
    10,000 on H's own equity and 1,600 (10% × 80% × 20,000) of S's equity since control, inside S's NCI (IFRS 10.B96;
    ASBJ 22 §§28–30); capital surplus 12,000 − 11,600 = 400 (credit). At the end of 2022: H's NCI 30% × 124,000 =
    37,200, S's own 26,000: 63,200; owners' retained earnings 64% × 20,000 + 56% × 10,000 = 18,400 (P's gain reversed).
    Balance: 132,000 + 20,000 + 130,000 = 200,000 + 400 + 18,400 + 63,200. (Main: NCI 61,600, capital surplus a
    2,000 credit.)"""
    ws = _workspace(tmp_path)
    group = (ws / "group.yaml").read_text(encoding="utf-8")
    old = "  share: 0.9\n  cost: 12000\n"
    assert old in group
    (ws / "group.yaml").write_text(group.replace(old, "  share: 0.7\n  cost: 12000\n"), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8")
    text = text.replace("P,2022-12-31,1100,,108000,", "P,2022-12-31,1100,,132000,").replace(
        "P,2022-12-31,1500,H,92000,", "P,2022-12-31,1500,H,70000,\nP,2022-12-31,4950,H,-2000,2022-01-01")
    tb.write_text(text, encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    for acc, v in {"3900": -63200, "3200": -400, "3300": -18400}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    _ok(res)
