"""A dilution that keeps control (issue 10; docs/consolidation.md "A dilution that keeps control"): n-20 pins the year
of the issue; these tests pin the year after, jgaap, and what stays refused."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

N20 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-20-dilution-keeps-control" / "workspace"
N21 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-21-foreign-dilution-keeps-control" / "workspace"

_2023 = ("P,2023-12-31,1100,,27000\nP,2023-12-31,1500,S,88000\nP,2023-12-31,3100,,-100000\n"
         "P,2023-12-31,3300,,-10000\nP,2023-12-31,4100,,-5000\n"
         "S,2023-12-31,1100,,135000\nS,2023-12-31,1400,,60000\nS,2023-12-31,2200,,-20000\n"
         "S,2023-12-31,3100,,-110000\nS,2023-12-31,3300,,-60000\nS,2023-12-31,4100,,-20000\n"
         "S,2023-12-31,5200,,15000\n")


def _copy(tmp_path: Path, year_after: bool = False) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(N20, ws)
    if year_after:
        tb = ws / "ledger" / "trial_balances.csv"
        tb.write_text(tb.read_text(encoding="utf-8") + _2023, encoding="utf-8")
    return ws


def _edit(ws: Path, old: str, new: str) -> None:
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8")
    assert old in text
    g.write_text(text.replace(old, new), encoding="utf-8")


def _problems(ws: Path, period: str = "2022-12-31") -> list:
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate(period)
    return list(err.value.problems)


def test_the_issue_is_an_equity_transaction():
    """n-20 (README "The dilution"): the issue 50,000 out of S's share capital into the NCI, then the NCI 73,200
    brought to 40% × 166,000 = 66,400, the 6,800 to capital surplus; nothing in profit."""
    res = Context.open(N20).consolidate("2022-12-31")
    lines = [{(ln.entity, ln.account): ln.amount for ln in e.lines} for e in res.eliminations
             if e.step == "investment" and e.kind == "nci"]
    assert lines == [{("S", "3100"): Decimal(50000), ("S", "3900"): Decimal(-50000)},
                     {("S", "3900"): Decimal(6800), ("S", "3200"): Decimal(-6800)}]
    assert res.profit_total == Decimal(15000) and res.profit_nci == Decimal(2800) and not res.disposals


def test_the_year_after_a_dilution_keeping_control(tmp_path):
    """2023 (README "The second year"): NCI 68,000 at 1 Jan (20,000 + 3,200 + 43,200 + 1,600: S's new capital is
    none of its retained earnings) + 40% × 5,000 = 70,000; capital surplus 6,800 again; RE 25,200 + 8,000 = 33,200."""
    res = Context.open(_copy(tmp_path, year_after=True)).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["3900"], bs["3200"], bs["3300"], bs["3100"]) == (Decimal(-70000), Decimal(-6800), Decimal(-33200),
                                                                 Decimal(-100000))
    assert (res.profit_total, res.profit_nci) == (Decimal(10000), Decimal(2000))
    assert all(c["ok"] for c in res.checks)


def test_a_dilution_keeping_control_under_jgaap(tmp_path):
    """jgaap (ASBJ Statement 22 §30): the same capital surplus 6,800 (資本剰余金) and NCI 68,000, the goodwill the
    owners' alone: 8,000 over 10 years, 800 in 2022's profit (15,000 − 800 = 14,200, the NCI's 2,800 untouched); the
    goodwill left 8,000 − 1,533 = 6,467 counts 11 months before 2022, as the engine counts the control year (x-18's
    jgaap test: 660 for 2021)."""
    ws = _copy(tmp_path)
    _edit(ws, "framework: ifrs\npolicies:\n  nci_measurement: proportionate\n",
          "framework: jgaap\npolicies:\n  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
    res = Context.open(ws).consolidate("2022-12-31")
    bs = res.balance_sheet
    assert (bs["3900"], bs["3200"], bs["1600"]) == (Decimal(-68000), Decimal(-6800), Decimal(6467))
    assert (res.profit_total, res.profit_nci) == (Decimal(14200), Decimal(2800))
    assert all(c["ok"] for c in res.checks)


def test_a_foreign_subsidiarys_issue_at_the_days_rate():
    """n-21 (README "The dilution"): S books in USD; the issue USD 500 at the day's rate 115 = 57,500 into the NCI,
    the NCI 23,444 + 57,500 (S's equity before it at historical rates 117,220) brought to 40% × 174,720 = 69,888, the
    11,056 to capital surplus; the nci step gives the NCI 40% of S's whole reserve 24,800 (IAS 21.48C)."""
    res = Context.open(N21).consolidate("2022-12-31")
    lines = [{(ln.entity, ln.account): ln.amount for ln in e.lines} for e in res.eliminations
             if e.step == "investment" and e.kind == "nci"]
    assert lines == [{("S", "3100"): Decimal(57500), ("S", "3900"): Decimal(-57500)},
                     {("S", "3900"): Decimal(11056), ("S", "3200"): Decimal(-11056)}]
    # the whole 40% × 24,800 in two entries: the 20% of the reserve of the day (16,180) the issue re-attributed,
    # 3,236, posted apart as a transaction with owners (IAS 21.48C; the equity statement's nci_transactions)
    share, moved = [e for e in res.eliminations if e.step == "nci" and e.entity == "S"]
    assert moved.reason.startswith("reserve re-attributed: ")
    assert {(ln.account, ln.amount) for ln in moved.lines} == {("3600", Decimal(3236)), ("3900", Decimal(-3236))}
    assert {(ln.account, ln.amount) for ln in share.lines} >= {("3600", Decimal(9920 - 3236))}
    assert (res.balance_sheet["3900"], res.balance_sheet["3600"]) == (Decimal(-81600), Decimal(-14880))


_N21_2023 = ("P,2023-12-31,1100,,35000,\nP,2023-12-31,1500,S,80000,\nP,2023-12-31,3100,,-100000,\n"
             "P,2023-12-31,3300,,-10000,\nP,2023-12-31,4100,,-5000,\n"
             "S,2023-12-31,1100,,1350,\nS,2023-12-31,1400,,600,\nS,2023-12-31,2200,,-200,\n"
             "S,2023-12-31,3100,,-600,\nS,2023-12-31,3100,,-500,2022-07-01\nS,2023-12-31,3300,,-600,\n"
             "S,2023-12-31,4100,,-150,\nS,2023-12-31,5200,,100,\n")


def _copy21(tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(N21, ws)
    return ws


def test_the_year_after_a_foreign_subsidiarys_dilution(tmp_path):
    """n-21, 2023 (README "The second year"): the issue replayed with S's equity before it at historical rates read
    from the 2021 and 2022-06-30 trial balances (117,220): NCI 40% × USD 1,750 × 130 = 91,000, capital surplus 11,056
    again, owners' reserve 60% × 42,050 = 25,230, RE 26,464 + 5,000 + 3,750 = 35,214."""
    ws = _copy21(tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + _N21_2023, encoding="utf-8")
    (ws / "rates.csv").write_text((ws / "rates.csv").read_text(encoding="utf-8")
                                  + "USD,2023-12-31,average,125\nUSD,2023-12-31,closing,130\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["3900"], bs["3200"], bs["3600"], bs["3300"]) == (Decimal(-91000), Decimal(-11056), Decimal(-25230),
                                                                 Decimal(-35214))
    assert (res.profit_total, res.profit_nci) == (Decimal(11250), Decimal(2500))
    assert all(c["ok"] for c in res.checks)


def test_a_foreign_issue_the_ledger_does_not_date_is_refused(tmp_path):
    """S's share capital 3100 −1,100 in one undated row would be translated at the control date's rate while the issue
    is eliminated at the day's: refused, asking for the issue's rows dated 2022-07-01."""
    ws = _copy21(tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8")
    old = "S,2022-12-31,3100,,-600,\nS,2022-12-31,3100,,-500,2022-07-01\n"
    assert old in text
    tb.write_text(text.replace(old, "S,2022-12-31,3100,,-1100,\n"), encoding="utf-8")
    (p,) = [p for p in _problems(ws) if p.kind == "consolidation.dilution_issue"]
    assert "books in USD" in p.message and "dated 2022-07-01" in p.message and "3100: 500 issued, 0 dated" in p.message


def test_a_foreign_subsidiarys_dilution_under_jgaap(tmp_path):
    """n-21 under jgaap (ASBJ Statement 22 §30; no goodwill to amortise): the same figures, the reserve shared by the
    NCI at the period end's ratio (為替換算調整勘定 by the NCI's share)."""
    ws = _copy21(tmp_path)
    _edit(ws, "framework: ifrs\npolicies:\n  nci_measurement: proportionate\n",
          "framework: jgaap\npolicies:\n  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
    res = Context.open(ws).consolidate("2022-12-31")
    bs = res.balance_sheet
    assert (bs["3900"], bs["3200"], bs["3600"], bs["3300"]) == (Decimal(-81600), Decimal(-11056), Decimal(-14880),
                                                                 Decimal(-26464))
    assert all(c["ok"] for c in res.checks)


N22 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-22-dilution-below-a-holder-with-nci" / "workspace"


def test_a_holders_nci_bears_its_share_of_the_difference():
    """n-22 (README "The reading"): H (80% of P) diluted in S from 80% to 60%: the difference 6,800, H's NCI 1,360 of
    it on H's NCI, the owners' capital surplus 5,440."""
    res = Context.open(N22).consolidate("2022-12-31")
    lines = [{(ln.entity, ln.account): ln.amount for ln in e.lines} for e in res.eliminations
             if e.step == "investment" and e.kind == "nci"]
    assert lines == [{("S", "3100"): Decimal(50000), ("S", "3900"): Decimal(-50000)},
                     {("S", "3900"): Decimal(6800), ("S", "3200"): Decimal(-5440), ("H", "3900"): Decimal(-1360)}]


def test_the_year_after_a_dilution_below_a_holder_with_nci(tmp_path):
    """n-22, 2023 (README "The second year"): NCI 90,000 + 52% × 5,000 = 92,600; capital surplus 5,440; RE 22,160 +
    5,000 + 48% × 5,000 = 29,560."""
    ws = tmp_path / "workspace"
    shutil.copytree(N22, ws)
    tb = ws / "ledger" / "trial_balances.csv"
    p_and_h = ("P,2023-12-31,1100,,44600\nP,2023-12-31,1500,H,70400\nP,2023-12-31,3100,,-100000\n"
               "P,2023-12-31,3300,,-10000\nP,2023-12-31,4100,,-5000\nH,2023-12-31,1500,S,88000\n"
               "H,2023-12-31,3100,,-88000\n")
    s_only = "".join(ln + "\n" for ln in _2023.splitlines() if ln.startswith("S,"))
    tb.write_text(tb.read_text(encoding="utf-8") + p_and_h + s_only, encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["3900"], bs["3200"], bs["3300"]) == (Decimal(-92600), Decimal(-5440), Decimal(-29560))
    assert (res.profit_total, res.profit_nci) == (Decimal(10000), Decimal(2600))
    assert all(c["ok"] for c in res.checks)


N24 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-24-dilution-keeps-control-nci-at-fair-value" / "workspace"


def test_a_dilution_keeping_control_with_nci_at_fair_value(tmp_path):
    """n-24 (README "The reading"): NCI at fair value 22,000 (their goodwill 2,000): NCI 25,200 + 50,000 brought to
    40% × 166,000 + their goodwill 2,000 = 68,400, capital surplus 6,800; 2023 (S earns 5,000): NCI 70,000 + 2,000 =
    72,000, capital surplus 6,800 again."""
    res = Context.open(N24).consolidate("2022-12-31")
    lines = [{(ln.entity, ln.account): ln.amount for ln in e.lines} for e in res.eliminations
             if e.step == "investment" and e.kind == "nci"]
    assert lines[1] == {("S", "3900"): Decimal(6800), ("S", "3200"): Decimal(-6800)}
    ws = tmp_path / "workspace"
    shutil.copytree(N24, ws)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + _2023, encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    assert (res.balance_sheet["3900"], res.balance_sheet["3200"]) == (Decimal(-72000), Decimal(-6800))
    assert all(c["ok"] for c in res.checks)


N29 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-29-foreign-dilution-keeps-control-nci-at-fair-value" \
    / "workspace"


def test_a_foreign_dilution_keeping_control_with_nci_at_fair_value(tmp_path):
    """n-29 (README "The dilution"): the NCI's goodwill USD 40 stays theirs whole, at historical rates ¥4,000: NCI
    27,444 + 57,500 brought to 40% × 174,720 + 4,000 = 73,888, capital surplus 11,056 (n-21's); 2023 (README "The
    second year"): NCI n-21's 91,000 + USD 40 × 130 = 96,200, goodwill 5,200, capital surplus 11,056 again."""
    res = Context.open(N29).consolidate("2022-12-31")
    lines = [{(ln.entity, ln.account): ln.amount for ln in e.lines} for e in res.eliminations
             if e.step == "investment" and e.kind == "nci"]
    assert lines == [{("S", "3100"): Decimal(57500), ("S", "3900"): Decimal(-57500)},
                     {("S", "3900"): Decimal(11056), ("S", "3200"): Decimal(-11056)}]
    ws = tmp_path / "workspace"
    shutil.copytree(N29, ws)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + _N21_2023, encoding="utf-8")
    (ws / "rates.csv").write_text((ws / "rates.csv").read_text(encoding="utf-8")
                                  + "USD,2023-12-31,average,125\nUSD,2023-12-31,closing,130\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["3900"], bs["1600"], bs["3200"], bs["3600"], bs["3300"]) == (
        Decimal(-96200), Decimal(5200), Decimal(-11056), Decimal(-25230), Decimal(-35214))
    assert (res.profit_total, res.profit_nci) == (Decimal(11250), Decimal(2500))
    assert all(c["ok"] for c in res.checks)


def test_a_foreign_dilution_with_nci_at_fair_value_after_a_purchase_is_refused(tmp_path):
    """n-29 with a purchase from the NCI before the issue: the NCI's goodwill in USD after it is not modelled (the
    goodwill step would still translate the whole goodwill at control for them)."""
    ws = tmp_path / "workspace"
    shutil.copytree(N29, ws)
    _edit(ws, "- date: '2022-07-01'\n", "- date: '2022-01-01'\n  holder: P\n  entity: S\n  share: 0.85\n  cost: 7000\n"
          "  equity_at_acquisition:\n    '3100': 600\n    '3300': 500\n- date: '2022-07-01'\n")
    (p,) = [p for p in _problems(ws) if p.kind == "deconsolidation.dilution_keeps_control"]
    assert "S's NCI are at fair value, it books in USD and the group's holding of it changed before the issue" in p.message


def test_an_issue_the_equity_does_not_show_is_refused(tmp_path):
    """equity_at_acquisition 3100 100,000 + RE 66,000: the same 166,000, but the capital accounts move by 40,000 only
    (10,000 of the issue put in retained earnings): refused, naming both figures."""
    ws = _copy(tmp_path)
    _edit(ws, "    '3100': 110000\n    '3300': 56000\n", "    '3100': 100000\n    '3300': 66000\n")
    (p,) = [p for p in _problems(ws) if p.kind == "consolidation.dilution_issue"]
    assert "166,000" in p.message and "116,000" in p.message and "move by 40,000" in p.message


def test_a_wholly_owned_subsidiary_diluted_keeping_control(tmp_path):
    """P 100% of S for 108,000 (goodwill 8,000), the same issue taking it to 75%: no NCI before; NCI after 25% ×
    166,000 = 41,500 (50,000 in, 8,500 back), capital surplus 50,000 − 41,500 = 8,500 (= 75% × 166,000 − 116,000);
    the NCI at the end 25% × 170,000 = 42,500 (their 25% × 4,000 of the second half's profit)."""
    ws = _copy(tmp_path)
    _edit(ws, "  share: 0.8\n  cost: 88000\n", "  share: 1\n  cost: 108000\n")
    _edit(ws, "  share: 0.6\n  dilution: true\n", "  share: 0.75\n  dilution: true\n")
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace("P,2021-12-31,1100,,17000", "P,2021-12-31,1100,,-3000")
                  .replace("P,2021-12-31,1500,S,88000", "P,2021-12-31,1500,S,108000")
                  .replace("P,2022-12-31,1100,,22000", "P,2022-12-31,1100,,2000")
                  .replace("P,2022-12-31,1500,S,88000", "P,2022-12-31,1500,S,108000"), encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    bs = res.balance_sheet
    assert (bs["3900"], bs["3200"], bs["1600"]) == (Decimal(-42500), Decimal(-8500), Decimal(8000))
    assert res.profit_nci == Decimal(1000)


def test_a_dilution_keeping_control_of_several_group_holders_is_refused(tmp_path):
    """K, wholly owned by P, holds 5% of S beside P's 75%: the issue dilutes K too, not modelled: refused, saying so."""
    ws = _copy(tmp_path)
    _edit(ws, "- id: S\n", "- id: K\n  name: Holding KK\n  currency: JPY\n- id: S\n")
    _edit(ws, "  share: 0.8\n  cost: 88000\n", "  share: 0.75\n  cost: 82500\n")
    _edit(ws, "  share: 0.6\n  dilution: true\n", "  share: 0.55\n  dilution: true\n")
    _edit(ws, "holdings:\n", "holdings:\n- date: '2021-01-01'\n  holder: P\n  entity: K\n  share: 1\n  cost: 1000\n"
          "  equity_at_acquisition:\n    '3100': 1000\n- date: '2021-01-01'\n  holder: K\n  entity: S\n  share: 0.05\n"
          "  cost: 5500\n")
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8")
    for period, cash in (("2021-12-31", 17000), ("2022-12-31", 22000)):
        text = text.replace(f"P,{period},1100,,{cash}\nP,{period},1500,S,88000",
                            f"P,{period},1100,,{cash + 4500}\nP,{period},1500,S,82500\nP,{period},1500,K,1000")
        text += f"K,{period},1500,S,5500\nK,{period},2100,,-4500\nK,{period},3100,,-1000\n"
    tb.write_text(text, encoding="utf-8")
    (p,) = [p for p in _problems(ws) if p.kind == "deconsolidation.dilution_keeps_control"]
    assert "K held shares of S too" in p.message and "keeps control" in p.message


N23 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-23-dilution-of-two-group-holders" / "workspace"


def test_one_issue_dilutes_two_group_holders():
    """n-23 (README "The reading"): P 60% → 45% and K 20% → 15% by one issue: the issue posted once, the NCI brought
    to 40% × 166,000, the difference 6,800 (P 5,100, K 1,700, both the owners')."""
    res = Context.open(N23).consolidate("2022-12-31")
    lines = [{(ln.entity, ln.account): ln.amount for ln in e.lines} for e in res.eliminations
             if e.step == "investment" and e.kind == "nci"]
    assert lines == [{("S", "3100"): Decimal(50000), ("S", "3900"): Decimal(-50000)},
                     {("S", "3900"): Decimal(6800), ("S", "3200"): Decimal(-6800)}]


def test_a_diluted_holder_with_nci_of_its_own_bears_its_part(tmp_path):
    """n-23 with P holding 80% of K (cost 17,600): K's part of the difference 1,700 is 20% K's NCI's (340); capital
    surplus 6,800 − 340 = 6,460; NCI at the end 68,000 + K's NCI 20% × (15% × 170,000 + its goodwill 2,000) = 5,500
    → 73,500."""
    ws = tmp_path / "workspace"
    shutil.copytree(N23, ws)
    _edit(ws, "  entity: K\n  share: 1\n  cost: 22000\n", "  entity: K\n  share: 0.8\n  cost: 17600\n")
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace("P,2021-12-31,1500,K,22000", "P,2021-12-31,1500,K,17600")
                  .replace("P,2021-12-31,1100,,17000", "P,2021-12-31,1100,,21400")
                  .replace("P,2022-12-31,1500,K,22000", "P,2022-12-31,1500,K,17600")
                  .replace("P,2022-12-31,1100,,22000", "P,2022-12-31,1100,,26400"), encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    (_issue, rest) = [e for e in res.eliminations if e.step == "investment" and e.kind == "nci"]
    assert {(ln.entity, ln.account): ln.amount for ln in rest.lines} == {
        ("S", "3900"): Decimal(6800), ("S", "3200"): Decimal(-6460), ("K", "3900"): Decimal(-340)}
    assert (res.balance_sheet["3200"], res.balance_sheet["3900"]) == (Decimal(-6460), Decimal(-73500))
    assert all(c["ok"] for c in res.checks)


def test_a_holder_not_diluted_alike_is_refused(tmp_path):
    """K 20% → 17% while P 60% → 45%: K would have bought shares in the issue: refused, saying so."""
    ws = tmp_path / "workspace"
    shutil.copytree(N23, ws)
    _edit(ws, "  share: 0.15\n  dilution: true\n", "  share: 0.17\n  dilution: true\n")
    (p,) = [p for p in _problems(ws) if p.kind == "deconsolidation.dilution_keeps_control"]
    assert "K from 20% to 17%" in p.message and "dilutes every holder alike" in p.message


N25 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-25-dilution-of-a-subsidiary-with-a-subsidiary" / "workspace"


def test_a_dilution_of_a_subsidiary_holding_a_subsidiary(tmp_path):
    """n-25 (README "The reading"): S's issue moves the new NCI's 20% of T's equity since control (600) onto T's NCI,
    capital surplus 6,800 − 600 = 6,200; T's profit split at the issue too (NCI 20% × 1,000 + 40% × 1,000). 2023 (S
    earns 5,000, T 1,000): NCI 40% × (175,000 + 5,000) = 72,000, capital surplus 6,200, RE 28,200 + 5,000 + 3,600."""
    res = Context.open(N25).consolidate("2022-12-31")
    (moved,) = [e for e in res.eliminations if e.step == "investment" and e.kind == "nci" and e.entity == "T"]
    assert {(ln.entity, ln.account): ln.amount for ln in moved.lines} == {("T", "3900"): Decimal(-600),
                                                                          ("T", "3200"): Decimal(600)}
    assert (res.balance_sheet["3200"], res.balance_sheet["3900"], res.profit_nci) == (Decimal(-6200), Decimal(-69600),
                                                                                      Decimal(3400))
    ws = tmp_path / "workspace"
    shutil.copytree(N25, ws)
    tb = ws / "ledger" / "trial_balances.csv"
    s_2023 = "".join(ln + "\n" for ln in _2023.splitlines() if not ln.startswith("S,2023-12-31,1400,"))
    tb.write_text(tb.read_text(encoding="utf-8") + s_2023 + (
        "S,2023-12-31,1400,,40000\nS,2023-12-31,1500,T,20000\nT,2023-12-31,1100,,25000\nT,2023-12-31,3100,,-20000\n"
        "T,2023-12-31,3300,,-4000\nT,2023-12-31,4100,,-2500\nT,2023-12-31,5200,,1500\n"), encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["3900"], bs["3200"], bs["3300"]) == (Decimal(-72000), Decimal(-6200), Decimal(-36800))
    assert (res.profit_total, res.profit_nci) == (Decimal(11000), Decimal(2400))
    assert all(c["ok"] for c in res.checks)


def test_a_dilution_of_a_sub_group_below_a_holder_with_nci(tmp_path):
    """n-25 one level down (H, 80% of P for 70,400, holds the 80% of S): both parts of the difference are H's, its
    NCI bearing 20% of each — 1,360 of the 6,800 on S (n-22's) and 120 of the 600 moved onto T's NCI (before
    tests/cases/nci/n-33 all 600 went to capital surplus): capital surplus 6,800 − 1,360 − 600 + 120 = 4,960 = 48% ×
    169,000 − 64% × 119,000."""
    ws = tmp_path / "workspace"
    shutil.copytree(N25, ws)
    _edit(ws, "- id: S\n", "- id: H\n  name: Holding KK\n  currency: JPY\n- id: S\n")
    _edit(ws, "holdings:\n", "holdings:\n- date: '2021-01-01'\n  holder: P\n  entity: H\n  share: 0.8\n"
          "  cost: 70400\n  equity_at_acquisition:\n    '3100': 88000\n")
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("  holder: P\n  entity: S\n", "  holder: H\n  entity: S\n"),
                 encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    t = tb.read_text(encoding="utf-8")
    for per, cash in (("2021-12-31", 17000), ("2022-12-31", 22000)):
        t = t.replace(f"P,{per},1100,,{cash}\nP,{per},1500,S,88000\n",
                      f"P,{per},1100,,{cash + 17600}\nP,{per},1500,H,70400\nH,{per},1500,S,88000\nH,{per},3100,,-88000\n")
    tb.write_text(t, encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    (moved,) = [e for e in res.eliminations if e.step == "investment" and e.kind == "nci" and e.entity == "T"]
    assert {(ln.entity, ln.account): ln.amount for ln in moved.lines} == {
        ("T", "3900"): Decimal(-600), ("T", "3200"): Decimal(480), ("H", "3900"): Decimal(120)}
    assert res.balance_sheet["3200"] == Decimal(-4960)
    assert all(c["ok"] for c in res.checks)


N31 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-31-dilution-of-a-sub-group-nci-at-fair-value" / "workspace"


def test_a_dilution_of_a_sub_group_with_nci_at_fair_value(tmp_path):
    """n-31 (README "The reading"): n-25 with S's NCI at fair value 24,000 (their goodwill 4,000 kept whole): the same
    600 onto T's NCI and capital surplus 6,200, NCI 73,600; 2023 as n-25's: NCI 72,000 + 4,000 = 76,000, capital
    surplus 6,200, RE 36,800."""
    res = Context.open(N31).consolidate("2022-12-31")
    (moved,) = [e for e in res.eliminations if e.step == "investment" and e.kind == "nci" and e.entity == "T"]
    assert {(ln.entity, ln.account): ln.amount for ln in moved.lines} == {("T", "3900"): Decimal(-600),
                                                                          ("T", "3200"): Decimal(600)}
    ws = tmp_path / "workspace"
    shutil.copytree(N31, ws)
    tb = ws / "ledger" / "trial_balances.csv"
    s_2023 = "".join(ln + "\n" for ln in _2023.splitlines() if not ln.startswith("S,2023-12-31,1400,"))
    tb.write_text(tb.read_text(encoding="utf-8") + s_2023 + (
        "S,2023-12-31,1400,,40000\nS,2023-12-31,1500,T,20000\nT,2023-12-31,1100,,25000\nT,2023-12-31,3100,,-20000\n"
        "T,2023-12-31,3300,,-4000\nT,2023-12-31,4100,,-2500\nT,2023-12-31,5200,,1500\n"), encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["3900"], bs["1600"], bs["3200"], bs["3300"]) == (Decimal(-76000), Decimal(12000), Decimal(-6200),
                                                                Decimal(-36800))
    assert all(c["ok"] for c in res.checks)


def test_a_dilution_of_a_sub_group_in_another_currency_is_refused(tmp_path):
    ws = tmp_path / "workspace"
    shutil.copytree(N31, ws)
    _edit(ws, "  name: Japan Sub-sub KK (100% of S)\n  currency: JPY\n", "  name: Japan Sub-sub KK (100% of S)\n"
          "  currency: USD\n")
    (p,) = [p for p in _problems(ws) if p.kind == "deconsolidation.dilution_keeps_control"]
    assert "S holds subsidiaries of its own (T) and " in p.message and "(one currency for S and its subsidiaries)" \
        in p.message
    assert "and T books in USD (one currency" in p.message


N28 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-28-purchase-then-dilution-nci-at-fair-value" / "workspace"


def test_the_year_after_a_purchase_then_a_dilution_with_nci_at_fair_value(tmp_path):
    """n-28, 2023 (S earns 5,000, P 5,000): the NCI keep the 2,000 of goodwill the purchase left them, year after year:
    NCI 70,000 + 40% × 5,000 = 72,000 (= 40% × 175,000 + 2,000, not 73,000), capital surplus 5,800 again, RE 24,200
    + 5,000 + 60% × 5,000 = 32,200."""
    ws = tmp_path / "workspace"
    shutil.copytree(N28, ws)
    tb = ws / "ledger" / "trial_balances.csv"
    rows = _2023.replace("P,2023-12-31,1100,,27000", "P,2023-12-31,1100,,25000").replace(
        "P,2023-12-31,1500,S,88000", "P,2023-12-31,1500,S,90000")
    tb.write_text(tb.read_text(encoding="utf-8") + rows, encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["3900"], bs["3200"], bs["3300"]) == (Decimal(-72000), Decimal(-5800), Decimal(-32200))
    assert (res.profit_total, res.profit_nci) == (Decimal(10000), Decimal(2000))
    assert all(c["ok"] for c in res.checks)


N33 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-33-dilution-of-a-sub-group-two-holders-one-with-nci" \
    / "workspace"


def test_the_year_after_a_sub_group_diluted_with_a_holder_with_nci(tmp_path):
    """n-33, 2023 (S earns 5,000, T 1,000): the entries of the issue booked again, capital surplus 5,890; S's NCI 40% ×
    180,000 = 72,000, K's 20% × (15% × 180,000 + 2,000) = 5,800; profit 11,000, NCI 2,400 + 180; retained earnings
    27,290 + 8,420 = 35,710."""
    ws = tmp_path / "workspace"
    shutil.copytree(N33, ws)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + (
        "P,2023-12-31,1100,,31400\nP,2023-12-31,1500,S,66000\nP,2023-12-31,1500,K,17600\nP,2023-12-31,3100,,-100000\n"
        "P,2023-12-31,3300,,-10000\nP,2023-12-31,4100,,-5000\nK,2023-12-31,1500,S,22000\nK,2023-12-31,3100,,-22000\n"
        "S,2023-12-31,1100,,135000\nS,2023-12-31,1400,,40000\nS,2023-12-31,1500,T,20000\nS,2023-12-31,2200,,-20000\n"
        "S,2023-12-31,3100,,-110000\nS,2023-12-31,3300,,-60000\nS,2023-12-31,4100,,-20000\nS,2023-12-31,5200,,15000\n"
        "T,2023-12-31,1100,,25000\nT,2023-12-31,3100,,-20000\nT,2023-12-31,3300,,-4000\nT,2023-12-31,4100,,-2500\n"
        "T,2023-12-31,5200,,1500\n"), encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["3200"], bs["3300"], bs["3900"]) == (Decimal(-5890), Decimal(-35710), Decimal(-77800))
    assert (res.profit_total, res.profit_nci) == (Decimal(11000), Decimal(2580))
    assert all(c["ok"] for c in res.checks)


def test_a_sub_group_diluted_with_a_foreign_holder_with_nci_is_refused(tmp_path):
    """n-33 with K booking in USD: its NCI's part of the move on T's NCI would need K's rates; refused, saying so."""
    ws = tmp_path / "workspace"
    shutil.copytree(N33, ws)
    _edit(ws, "  name: Holding KK (80% of P)\n  currency: JPY\n", "  name: Holding KK (80% of P)\n  currency: USD\n")
    (p,) = [p for p in _problems(ws) if p.kind == "deconsolidation.dilution_keeps_control"]
    assert "S holds subsidiaries of its own (T)" in p.message
    assert "K has NCI of its own and books in USD" in p.message


N34 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-34-foreign-dilution-of-a-sub-group" / "workspace"


def test_a_foreign_sub_group_diluted_keeping_control():
    """n-34 (README "The issue"): the new NCI's 20% of T's equity since control at historical rates, 2,100 + USD 10 ×
    112 = 3,220, moved onto T's NCI: 644 (before this case the move read T's equity the day before at the control
    date's rate, USD 30 × 100 = 3,000: 600, and the NCI missed 44 of 40% × 208,800)."""
    res = Context.open(N34).consolidate("2022-12-31")
    (moved,) = [e for e in res.eliminations if e.step == "investment" and e.kind == "nci" and e.entity == "T"]
    assert {(ln.entity, ln.account): ln.amount for ln in moved.lines} == {("T", "3900"): Decimal(-644),
                                                                          ("T", "3200"): Decimal(644)}
    assert (res.balance_sheet["3200"], res.balance_sheet["3900"]) == (Decimal(-10412), Decimal(-83520))


def test_the_year_after_a_foreign_sub_group_diluted_keeping_control(tmp_path):
    """n-34, 2023 (S earns USD 50, T USD 10; average 125, closing 130): the issue replayed from the earlier trial
    balances: NCI 40% × USD 1,800 × 130 = 93,600, capital surplus 10,412 again, owners' reserve 60% × (234,000 −
    191,040) = 25,776, retained earnings 29,712 + 9,500 = 39,212."""
    ws = tmp_path / "workspace"
    shutil.copytree(N34, ws)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + (
        "P,2023-12-31,1100,,35000,\nP,2023-12-31,1500,S,80000,\nP,2023-12-31,3100,,-100000,\n"
        "P,2023-12-31,3300,,-10000,\nP,2023-12-31,4100,,-5000,\n"
        "S,2023-12-31,1100,,1350,\nS,2023-12-31,1400,,400,\nS,2023-12-31,1500,T,200,\nS,2023-12-31,2200,,-200,\n"
        "S,2023-12-31,3100,,-600,\nS,2023-12-31,3100,,-500,2022-07-01\nS,2023-12-31,3300,,-600,\n"
        "S,2023-12-31,4100,,-150,\nS,2023-12-31,5200,,100,\n"
        "T,2023-12-31,1100,,250,\nT,2023-12-31,3100,,-200,\nT,2023-12-31,3300,,-40,\nT,2023-12-31,4100,,-25,\n"
        "T,2023-12-31,5200,,15,\n"), encoding="utf-8")
    (ws / "rates.csv").write_text((ws / "rates.csv").read_text(encoding="utf-8")
                                  + "USD,2023-12-31,average,125\nUSD,2023-12-31,closing,130\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["3900"], bs["3200"], bs["3600"], bs["3300"]) == (Decimal(-93600), Decimal(-10412), Decimal(-25776),
                                                                 Decimal(-39212))
    assert (res.profit_total, res.profit_nci) == (Decimal(12500), Decimal(3000))
    assert all(c["ok"] for c in res.checks)


def test_a_foreign_sub_group_in_two_currencies_diluted_keeping_control_is_refused(tmp_path):
    """n-34 with T booking in EUR: S's consolidated equity after the issue would mix two currencies; refused."""
    ws = tmp_path / "workspace"
    shutil.copytree(N34, ws)
    _edit(ws, "  name: US Sub-sub Inc (100% of S)\n  currency: USD\n", "  name: US Sub-sub Inc (100% of S)\n"
          "  currency: EUR\n")
    rates = (ws / "rates.csv").read_text(encoding="utf-8")
    (ws / "rates.csv").write_text(rates + rates.replace("USD,", "EUR,").split("\n", 1)[1], encoding="utf-8")
    (p,) = [p for p in _problems(ws) if p.kind == "deconsolidation.dilution_keeps_control"]
    assert "S holds subsidiaries of its own (T) and " in p.message and "(one currency for S and its subsidiaries)" \
        in p.message


def test_a_foreign_sub_group_diluted_keeping_control_under_jgaap(tmp_path):
    """n-34 under jgaap (ASBJ Statement 22 §30; no goodwill to amortise): the same figures, as n-21's under jgaap."""
    ws = tmp_path / "workspace"
    shutil.copytree(N34, ws)
    _edit(ws, "framework: ifrs\npolicies:\n  nci_measurement: proportionate\n",
          "framework: jgaap\npolicies:\n  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
    res = Context.open(ws).consolidate("2022-12-31")
    bs = res.balance_sheet
    assert (bs["3900"], bs["3200"], bs["3600"], bs["3300"]) == (Decimal(-83520), Decimal(-10412), Decimal(-15156),
                                                                 Decimal(-29712))
    assert all(c["ok"] for c in res.checks)


def test_a_foreign_sub_group_with_nci_at_fair_value_diluted_keeping_control_is_refused(tmp_path):
    """n-34 with S's NCI at fair value: n-29's goodwill in S's currency on a sub-group is not worked; refused."""
    ws = tmp_path / "workspace"
    shutil.copytree(N34, ws)
    _edit(ws, "  share: 0.8\n  cost: 80000\n", "  share: 0.8\n  cost: 80000\n  nci_measurement: fair_value\n"
          "  nci_fair_value: 24000\n")
    (p,) = [p for p in _problems(ws) if p.kind == "deconsolidation.dilution_keeps_control"]
    assert "S holds subsidiaries of its own (T)" in p.message
    assert "S's NCI are at fair value with S booking in USD" in p.message


def test_the_move_on_a_subsidiarys_nci_names_the_diluted_holders():
    """n-33: the entry on T's NCI splits the 600 by the shares P and K had, K's NCI bearing 30 of K's 150; its reason
    names the issue and both holders (before n-33 it named the first holder's change only)."""
    res = Context.open(N33).consolidate("2022-12-31")
    (moved,) = [e for e in res.eliminations if e.step == "investment" and e.kind == "nci" and e.entity == "T"]
    assert {(ln.entity, ln.account): ln.amount for ln in moved.lines} == {
        ("T", "3900"): Decimal(-600), ("T", "3200"): Decimal(570), ("K", "3900"): Decimal(30)}
    assert "S's issue diluting K and P" in moved.reason and "30 of it borne by the holders' own NCI" in moved.reason


def test_a_purchase_of_a_diluted_holders_nci_the_year_after(tmp_path):
    """n-23 with the second holder Q, 80% owned by P (cost 17,600), and P buying 10% more of Q on 2023-01-01 for 2,750.
    Q's NCI 20% × (15% × 170,000 + Q's goodwill in S 2,000) = 5,500 at the end of 2022, half of it moved: 2,200 on Q's
    own equity (22,000), 380 of their indirect share of S's equity since control (20% × (20% × 16,000 + 15% × 4,000),
    half — S's issue of 50,000 none of it: it went to S's NCI) and 170 of their 340 of the dilution's difference: 2,750,
    the price, so capital surplus stays 6,460. NCI at the end S's 40% × 175,000 + Q's 10% × (15% × 175,000 + 2,000) =
    70,000 + 2,825 = 72,825; profit 10,000, NCI 2,000 + 75. Before this test the indirect share counted S's issue
    (20% × 20% × 50,000, half: 1,000 more capital surplus debit) and, Q coming after P, Q's NCI's part of the
    difference was not carried to the purchase (170)."""
    ws = tmp_path / "workspace"
    shutil.copytree(N23, ws)
    text = (ws / "group.yaml").read_text(encoding="utf-8")
    text = text.replace("  entity: K\n  share: 1\n  cost: 22000\n", "  entity: K\n  share: 0.8\n  cost: 17600\n")
    text = text.replace("- id: K\n", "- id: Q\n").replace("holder: K\n", "holder: Q\n").replace("entity: K\n", "entity: Q\n")
    text = text.replace("holdings:\n", "holdings:\n- date: '2023-01-01'\n  holder: P\n  entity: Q\n  share: 0.9\n"
                        "  cost: 2750\n  equity_at_acquisition:\n    '3100': 22000\n", 1)
    (ws / "group.yaml").write_text(text, encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    t = (tb.read_text(encoding="utf-8").replace("P,2021-12-31,1500,K,22000", "P,2021-12-31,1500,K,17600")
         .replace("P,2021-12-31,1100,,17000", "P,2021-12-31,1100,,21400")
         .replace("P,2022-12-31,1500,K,22000", "P,2022-12-31,1500,K,17600")
         .replace("P,2022-12-31,1100,,22000", "P,2022-12-31,1100,,26400"))
    t += ("P,2023-12-31,1100,,28650\nP,2023-12-31,1500,S,66000\nP,2023-12-31,1500,K,20350\nK,2023-12-31,1500,S,22000\n"
          "K,2023-12-31,3100,,-22000\nP,2023-12-31,3100,,-100000\nP,2023-12-31,3300,,-10000\nP,2023-12-31,4100,,-5000\n"
          "S,2023-12-31,1100,,135000\nS,2023-12-31,1400,,60000\nS,2023-12-31,2200,,-20000\n"
          "S,2023-12-31,3100,,-110000\nS,2023-12-31,3300,,-60000\nS,2023-12-31,4100,,-20000\nS,2023-12-31,5200,,15000\n")
    tb.write_text(t.replace(",K,", ",Q,").replace("\nK,", "\nQ,"), encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["3200"], bs["3900"], bs["3300"]) == (Decimal(-6460), Decimal(-72825), Decimal(-32365))
    assert (res.profit_total, res.profit_nci) == (Decimal(10000), Decimal(2075))
    assert all(c["ok"] for c in res.checks)


def test_a_foreign_sub_group_diluted_below_a_holder_with_nci(tmp_path):
    """n-34 one level down (H, 80% of P for 64,000, holds the 80% of S): by effective interests the owners hold 64% of
    the sub-group before the issue and 48% after — capital surplus 48% × 177,940 − 64% × 120,440 = 8,329.6 (booked
    8,330), owners' reserve 48% × 25,260 = 12,124.8 (12,125); NCI S's 40% × 208,800 + H's 20% × 60% × 208,800 =
    83,520 + 25,056 = 108,576."""
    ws = tmp_path / "workspace"
    shutil.copytree(N34, ws)
    _edit(ws, "- id: S\n", "- id: H\n  name: Holding KK\n  currency: JPY\n- id: S\n")
    _edit(ws, "holdings:\n", "holdings:\n- date: '2021-01-01'\n  holder: P\n  entity: H\n  share: 0.8\n  cost: 64000\n"
          "  equity_at_acquisition:\n    '3100': 80000\n")
    _edit(ws, "  holder: P\n  entity: S\n", "  holder: H\n  entity: S\n")
    tb = ws / "ledger" / "trial_balances.csv"
    t = tb.read_text(encoding="utf-8")
    for per, cash in (("2021-12-31", 25000), ("2022-12-31", 30000)):
        t = t.replace(f"P,{per},1100,,{cash},\nP,{per},1500,S,80000,\n",
                      f"P,{per},1100,,{cash + 16000},\nP,{per},1500,H,64000,\nH,{per},1500,S,80000,\n"
                      f"H,{per},3100,,-80000,\n")
    tb.write_text(t, encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    bs = res.balance_sheet
    assert (bs["3200"], bs["3600"], bs["3900"]) == (Decimal(-8330), Decimal(-12125), Decimal(-108576))
    assert all(c["ok"] for c in res.checks)
