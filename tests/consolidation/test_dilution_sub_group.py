"""A sub-group leaving by dilution (issue 10; docs/consolidation.md "A loss of control by dilution"): x-45 pins the
year of the issue; these tests pin the year after and what stays refused."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

X45 = Path(__file__).resolve().parents[1] / "cases" / "deconsolidation" / "x-45-sub-group-leaves-by-dilution" / "workspace"

_2023 = ("P,2023-12-31,1100,,35000,\nP,2023-12-31,1500,S,80000,\nP,2023-12-31,3100,,-100000,\n"
         "P,2023-12-31,3300,,-10000,\nP,2023-12-31,4100,,-5000,\n"
         "S,2023-12-31,1100,,174000,\nS,2023-12-31,1400,,80000,\nS,2023-12-31,1500,T,20000,\n"
         "S,2023-12-31,2200,,-30000,\nS,2023-12-31,3100,,-190000,\nS,2023-12-31,3300,,-44000,\n"
         "S,2023-12-31,4100,,-40000,\nS,2023-12-31,5200,,30000,\n"
         "T,2023-12-31,1100,,26000,\nT,2023-12-31,3100,,-20000,\nT,2023-12-31,3300,,-4000,\n"
         "T,2023-12-31,4100,,-5000,\nT,2023-12-31,5200,,3000,\n")


def _copy(tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(X45, ws)
    return ws


def _edit(ws: Path, old: str, new: str) -> None:
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8")
    assert old in text
    g.write_text(text.replace(old, new), encoding="utf-8")


def test_the_year_after_a_sub_group_left_by_dilution(tmp_path):
    """2023: S earns 10,000 and T 2,000. The equity method runs from S's consolidated equity right after the issue,
    229,000 (139,000 the day before + the issue 90,000), not S's own 226,000: the share of earlier profit is 40% ×
    (238,000 − 229,000) = 3,600, this year's 40% × 12,000 = 4,800; carrying amount 96,000 + 3,600 + 4,800 =
    104,400; retained earnings 29,600 + 5,000 + 4,800 = 39,400 (from S's own equity it would be 4,800 of earlier
    profit, 105,600)."""
    ws = _copy(tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + _2023, encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["1510"], bs["3300"]) == (Decimal(104400), Decimal(-39400))
    assert res.profit_total == Decimal(9800)
    assert all(c["ok"] for c in res.checks)


def _refusal(ws: Path) -> str:
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = [p for p in err.value.problems if p.kind == "deconsolidation.not_a_sale"]
    return p.message


def test_a_sub_group_diluted_out_of_control_under_jgaap_is_refused(tmp_path):
    ws = _copy(tmp_path)
    _edit(ws, "framework: ifrs\n", "framework: jgaap\n")
    assert "S holds subsidiaries of its own (T) and the framework is jgaap" in _refusal(ws)


def test_a_sub_group_with_nci_at_fair_value_diluted_out_of_control_is_refused(tmp_path):
    ws = _copy(tmp_path)
    _edit(ws, "  share: 0.6\n  cost: 80000\n", "  share: 0.6\n  cost: 80000\n  nci_measurement: fair_value\n"
          "  nci_fair_value: 50000\n")
    assert "NCI are measured at fair value in the sub-group" in _refusal(ws)


def test_a_sub_group_diluted_below_significant_influence_is_refused(tmp_path):
    ws = _copy(tmp_path)
    _edit(ws, "  share: 0.4\n  dilution: true\n", "  share: 0.1\n  dilution: true\n")
    assert "S holds subsidiaries of its own (T) and significant influence is not kept" in _refusal(ws)


X46 = Path(__file__).resolve().parents[1] / "cases" / "deconsolidation" / "x-46-foreign-sub-group-leaves-by-dilution" \
    / "workspace"


def test_the_year_after_a_foreign_sub_group_left_by_dilution(tmp_path):
    """x-46, 2023: S earns USD 100, T USD 20 (average 128, closing 130): the equity method in USD from S's consolidated
    equity right after the issue (USD 2,290): carrying amount USD 1,036 + 40% × 120 = 1,084 × 130 = 140,920; share of
    profit 48 × 128 = 6,144; RE 54,248 + 5,000 + 6,144 = 65,392; the associate's reserve 140,920 − 120,000 − 4,248 −
    6,144 = 10,528."""
    ws = tmp_path / "workspace"
    shutil.copytree(X46, ws)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + (
        "P,2023-12-31,1100,,35000,\nP,2023-12-31,1500,S,80000,\nP,2023-12-31,3100,,-100000,\n"
        "P,2023-12-31,3300,,-10000,\nP,2023-12-31,4100,,-5000,\n"
        "S,2023-12-31,1100,,1740,\nS,2023-12-31,1400,,800,\nS,2023-12-31,1500,T,200,\nS,2023-12-31,2200,,-300,\n"
        "S,2023-12-31,3100,,-1000,\nS,2023-12-31,3100,,-900,2022-07-01\nS,2023-12-31,3300,,-440,\n"
        "S,2023-12-31,4100,,-300,\nS,2023-12-31,5200,,200,\n"
        "T,2023-12-31,1100,,260,\nT,2023-12-31,3100,,-200,\nT,2023-12-31,3300,,-40,\n"
        "T,2023-12-31,4100,,-50,\nT,2023-12-31,5200,,30,\n"), encoding="utf-8")
    (ws / "rates.csv").write_text((ws / "rates.csv").read_text(encoding="utf-8")
                                  + "USD,2023-12-31,average,128\nUSD,2023-12-31,closing,130\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["1510"], bs["3300"], bs["3600"]) == (Decimal(140920), Decimal(-65392), Decimal(-10528))
    assert res.profit_total == Decimal(11144) and not res.disposals


def test_a_foreign_sub_group_in_two_currencies_diluted_out_of_control_is_refused(tmp_path):
    ws = tmp_path / "workspace"
    shutil.copytree(X46, ws)
    _edit(ws, "  name: US Sub-sub Inc (100% of S)\n  currency: USD\n", "  name: US Sub-sub Inc (100% of S)\n"
          "  currency: JPY\n")
    assert "T books in JPY, S in USD" in _refusal(ws)


CASES = Path(__file__).resolve().parents[1] / "cases" / "deconsolidation"
X38 = CASES / "x-38-sub-group-leaves-by-dilution-of-two-holders" / "workspace"
X39 = CASES / "x-39-sub-group-leaves-by-dilution-below-a-holder-with-nci" / "workspace"


def _with_2023(src: Path, tmp_path: Path, p_rows: str) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(src, ws)
    tb = ws / "ledger" / "trial_balances.csv"
    s_t = _2023[_2023.index("S,2023"):]
    tb.write_text(tb.read_text(encoding="utf-8") + p_rows + s_t, encoding="utf-8")
    return ws


def test_x38_the_year_after_a_sub_group_left_by_a_dilution_of_two_holders(tmp_path):
    """x-38, 2023 (x-45's year after): each holder's 20% from S's consolidated equity after the issue, 229,000: earlier
    profit 20% × 9,000 = 1,800 and this year's 20% × 12,000 = 2,400 each; carrying amounts 48,000 + 4,200 = 52,200
    each, 104,400 in all; retained earnings 39,400 as x-45's."""
    ws = _with_2023(X38, tmp_path, "P,2023-12-31,1100,,35000,\nP,2023-12-31,1500,S,40000,\nP,2023-12-31,1500,K,40000,\n"
                    "K,2023-12-31,1500,S,40000,\nK,2023-12-31,3100,,-40000,\nP,2023-12-31,3100,,-100000,\n"
                    "P,2023-12-31,3300,,-10000,\nP,2023-12-31,4100,,-5000,\n")
    res = Context.open(ws).consolidate("2023-12-31")
    assert (res.balance_sheet["1510"], res.balance_sheet["3300"]) == (Decimal(104400), Decimal(-39400))
    by_holder = {e.partner: sum(ln.amount for ln in e.lines if ln.account == "1510") for e in res.eliminations
                 if e.step == "equity_method" and e.entity == "S"}
    assert by_holder == {"P": Decimal(4200), "K": Decimal(4200)}
    assert res.profit_total == Decimal(9800) and all(c["ok"] for c in res.checks)


def test_x39_the_year_after_a_sub_group_left_by_dilution_below_a_holder_with_nci(tmp_path):
    """x-39, 2023: H's 40% from 229,000: 1510 96,000 + 3,600 + 4,800 = 104,400; H's NCI 20% of it, 20,880; profit
    5,000 + 4,800 = 9,800, H's NCI 960; retained earnings 25,680 + 8,840 = 34,520."""
    ws = _with_2023(X39, tmp_path, "P,2023-12-31,1100,,51000,\nP,2023-12-31,1500,H,64000,\nH,2023-12-31,1500,S,80000,\n"
                    "H,2023-12-31,3100,,-80000,\nP,2023-12-31,3100,,-100000,\nP,2023-12-31,3300,,-10000,\n"
                    "P,2023-12-31,4100,,-5000,\n")
    res = Context.open(ws).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["1510"], bs["3300"], bs["3900"]) == (Decimal(104400), Decimal(-34520), Decimal(-20880))
    assert (res.profit_total, res.profit_nci) == (Decimal(9800), Decimal(960)) and all(c["ok"] for c in res.checks)


def test_a_sub_group_diluted_out_of_control_with_two_holders_one_with_nci_is_refused(tmp_path):
    """x-38 with K 80% owned by P: several holders diluted out of control are read with every holder wholly owned."""
    ws = tmp_path / "workspace"
    shutil.copytree(X38, ws)
    _edit(ws, "  entity: K\n  share: 1\n  cost: 40000\n", "  entity: K\n  share: 0.8\n  cost: 32000\n")
    message = _refusal(ws)
    assert "K held shares of S too and K has NCI of its own" in message


def test_a_foreign_sub_group_diluted_out_of_control_below_a_holder_with_nci_is_refused(tmp_path):
    """x-39 with S and T booking in USD: the holder's NCI's share of a foreign sub-group's reserve recycled is not
    worked."""
    ws = tmp_path / "workspace"
    shutil.copytree(X39, ws)
    _edit(ws, "  name: Japan Sub KK (H 60%, 40% after its issue; holds T)\n  currency: JPY\n",
          "  name: Japan Sub KK (H 60%, 40% after its issue; holds T)\n  currency: USD\n")
    assert "S holds subsidiaries of its own (T) and H has NCI of its own and S books in USD" in _refusal(ws)
