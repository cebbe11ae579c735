"""A seller with NCI of its own losing control after changes of interest (issue 10; x-21).

P 80% → H → S, H bought 60% of S in 2020 and 20% more in 2021, and sells 40 of its 80% on 2022-07-01 keeping 40%
(significant influence). Each change of interest was a transaction with the NCI (IFRS 10.23, B96; ASBJ 22 §§28–30),
so S's NCI holds each stretch at its own ratio: H's NCI's share of it is read from the NCI accounts of the day
before (``Earlier._nci_above_read``), not from the ratios of the day before (README of x-21, "The NCI the NCI step
carries"). Every figure below is from the README's hand working or worked in the comment next to it.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parent.parent / "cases"
X21 = CASES / "deconsolidation" / "x-21-seller-with-nci-after-step-purchases" / "workspace"

# P's and H's books on 2022-06-30, before H's sale (simulate stands on them)
_BEFORE = ("P,2022-06-30,1100,,120000,\nP,2022-06-30,1500,H,80000,\nP,2022-06-30,3100,,-200000,\n"
           "H,2022-06-30,1100,,18000,\nH,2022-06-30,1500,S,82000,\nH,2022-06-30,3100,,-100000,\n")


def _copy(tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(X21, ws)
    return ws


def _edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _append(path: Path, rows: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + rows, encoding="utf-8")


def _with_event(ws: Path, before: str, keys: str) -> None:
    """The same sale as an event to simulate, with the holders' books the day before."""
    _append(ws / "ledger" / "trial_balances.csv", before)
    (ws / "events.yaml").write_text("events:\n- id: sale\n  kind: disposal\n  date: 2022-07-01\n  holder: H\n"
                                    "  entity: S\n" + keys, encoding="utf-8")


def _ifrs(ws: Path, fair_value: str) -> None:
    _edit(ws / "group.yaml", ("framework: jgaap", "framework: ifrs"), ("  goodwill_amortisation_years: 10\n", ""),
          ("  share: 0.4\n  cost: ", f"  share: 0.4\n  retained_fair_value: {fair_value}\n  cost: "))


def _foreign(ws: Path) -> None:
    """x-21 with H and S booking in USD (every amount ÷ 100), USD 100 on 2020-01-01 rising to 125 (rates below)."""
    _edit(ws / "group.yaml", ("  name: Holdings KK\n  currency: JPY", "  name: Holdings KK\n  currency: USD"),
          ("  name: Sub KK\n  currency: JPY", "  name: Sub KK\n  currency: USD"),
          ("  share: 0.8\n  cost: 80000\n  equity_at_acquisition:\n    '3100': 100000\n",
           "  share: 0.8\n  cost: 80000\n  equity_at_acquisition:\n    '3100': 1000\n"),
          ("  share: 0.6\n  cost: 60000\n  equity_at_acquisition:\n    '3100': 100000\n",
           "  share: 0.6\n  cost: 600\n  equity_at_acquisition:\n    '3100': 1000\n"),
          ("  share: 0.8\n  cost: 22000\n  equity_at_acquisition:\n    '3100': 100000\n    '3300': 10000\n",
           "  share: 0.8\n  cost: 220\n  equity_at_acquisition:\n    '3100': 1000\n    '3300': 100\n"),
          ("  share: 0.4\n  cost: 60000\n", "  share: 0.4\n  cost: 600\n"))
    tb = ws / "ledger" / "trial_balances.csv"
    rows = []
    for line in tb.read_text(encoding="utf-8").splitlines():
        f = line.split(",")
        if f[0] in ("H", "S"):
            f[4] = str(int(f[4]) // 100)
        rows.append(",".join(f))
    # 2020's books: S's reserve is translated from every year's profit at its average rate
    rows += ["P,2020-12-31,1100,,120000,", "P,2020-12-31,1500,H,80000,", "P,2020-12-31,3100,,-200000,",
             "H,2020-12-31,1100,,400,", "H,2020-12-31,1500,S,600,", "H,2020-12-31,3100,,-1000,",
             "S,2020-12-31,1100,,100,", "S,2020-12-31,1400,,1000,", "S,2020-12-31,3100,,-1000,",
             "S,2020-12-31,4100,,-100,"]
    tb.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (ws / "rates.csv").write_text(
        "currency,date,kind,rate\nUSD,2020-01-01,spot,100\nUSD,2020-12-31,average,102\nUSD,2020-12-31,closing,105\n"
        "USD,2021-01-01,spot,105\nUSD,2021-12-31,average,108\nUSD,2021-12-31,closing,110\n"
        "USD,2022-06-30,average,115\nUSD,2022-06-30,closing,120\nUSD,2022-07-01,spot,120\n"
        "USD,2022-12-31,average,118\nUSD,2022-12-31,closing,125\n", encoding="utf-8")


_FX_BEFORE = ("P,2022-06-30,1100,,120000,\nP,2022-06-30,1500,H,80000,\nP,2022-06-30,3100,,-200000,\n"
              "H,2022-06-30,1100,,180,\nH,2022-06-30,1500,S,820,\nH,2022-06-30,3100,,-1000,\n")


def _ok(res) -> None:
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_x21_derecognises_s_own_nci_read_from_the_accounts(tmp_path):
    """x-21 (README): S's NCI of the day before 32,200 = S's own 27,000 (20% × 135,000) + H's NCI's 5,200 (12% of
    2020's 10,000 + 16% of the 25,000 since): only the 27,000 leaves, the gain is 60,000 − ½ × 108,000 = 6,000 and
    simulate gives the same. The ratio reading (16/36 of the NCI lines) would derecognise 25,889 and gain 5,445."""
    ws = _copy(tmp_path)
    _with_event(ws, _BEFORE, "  share_sold: 0.4\n  proceeds: 60000\n")
    ctx = Context.open(ws)
    simulated = -ctx.simulate("sale").event_income()["4950"]
    res = ctx.consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == simulated == Decimal(6000)
    assert disposed.nci == Decimal(27000) and disposed.reserve == 0
    # H's NCI: 20% of H's net assets (cash 78,000 and the associate 56,000) = 20,000 + 5,200 kept + 1,600
    assert res.balance_sheet["3900"] == Decimal(-26800) and res.balance_sheet["1510"] == Decimal(56000)
    _ok(res)


def test_x21_the_year_after(tmp_path):
    """x-21 in 2023 (README "2023"): S earns 10,000, 40% of it the associate's; H's NCI 20% × (78,000 + 60,000)."""
    ws = _copy(tmp_path)
    _append(ws / "ledger" / "trial_balances.csv",
            "P,2023-12-31,1100,,120000,\nP,2023-12-31,1500,H,80000,\nP,2023-12-31,3100,,-200000,\n"
            "H,2023-12-31,1100,,78000,\nH,2023-12-31,1500,S,41000,\nH,2023-12-31,3100,,-100000,\n"
            "H,2023-12-31,3300,,-19000,\n"
            "S,2023-12-31,1100,,50000,\nS,2023-12-31,1400,,100000,\nS,2023-12-31,3100,,-100000,\n"
            "S,2023-12-31,3300,,-40000,\nS,2023-12-31,4100,,-10000,\n")
    res = Context.open(ws).consolidate("2023-12-31")
    for acc, v in {"1100": 198000, "1510": 60000, "3100": -200000, "3300": -30400, "3900": -27600}.items():
        assert res.balance_sheet[acc] == Decimal(v), acc
    assert res.profit_total == Decimal(4000) and res.profit_nci == Decimal(800)
    _ok(res)
    eq = res.to_json()["changes_in_equity"]
    assert Decimal(eq["nci"]["opening"]) == Decimal(26800) and Decimal(eq["nci"]["closing"]) == Decimal(27600)


def test_x21_under_ifrs(tmp_path):
    """x-21 under ifrs, the 40% kept at its fair value 60,000 (README "The same under ifrs"): gain 60,000 + 60,000 +
    27,000 − 135,000 = 12,000 (IFRS 10.25(b), B98), as simulate gives; H's NCI 20% × (78,000 + 62,000)."""
    ws = _copy(tmp_path)
    _ifrs(ws, "60000")
    _with_event(ws, _BEFORE, "  share_sold: 0.4\n  proceeds: 60000\n  retained_fair_value: 60000\n")
    ctx = Context.open(ws)
    simulated = -ctx.simulate("sale").event_income()["4950"]
    res = ctx.consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == simulated == Decimal(12000)
    assert disposed.nci == Decimal(27000)
    assert res.balance_sheet["1510"] == Decimal(62000) and res.balance_sheet["3900"] == Decimal(-28000)
    _ok(res)


@pytest.mark.parametrize(("framework", "gain", "recycled"), [
    # jgaap: S's net assets USD 1,350 × 120 = 162,000, S's own NCI 20% = 32,400; S's reserve 162,000 − (1,000 × 100
    # + 100 × 102 + 200 × 108 + 50 × 115 = 137,550) = 24,450, H's 80% of it 19,560 (re-attributed at each change,
    # IAS 21.48C); gain 72,000 − ½ × (162,000 − 32,400) + ½ × 19,560 = 16,980
    ("jgaap", 16980, 9780),
    # ifrs, the 40% kept at USD 600 × 120 = 72,000: 72,000 + 72,000 + 32,400 − 162,000 + 19,560 = 33,960
    ("ifrs", 33960, 19560)])
def test_x21_with_a_foreign_seller(tmp_path, framework, gain, recycled):
    """x-21 with H and S booking in USD: the 2021 purchase moved S's own NCI at its carrying amount and the NCI step
    re-attributed S's reserve at the new ratio (IAS 21.48C); only S's own 20% leaves, simulate agrees. The 2021
    purchase's difference, 23,100 (USD 220 at 105) − 22,040 (the NCI carried at historical rates, half of 40% ×
    110,200: USD 1,000 at 100 + 2020's profit USD 100 at its average 102; the reserve's part is re-attributed by the
    NCI step) = 1,060, is H's equity (the buyer is H; IFRS 10.B96, ASBJ 22 §§28–30): H's NCI bear 20% of it, 212, and
    P's owners' capital surplus takes 848 (880 before the fix of a foreign S's equity at a change, which took
    USD 1,100 at the control date's 100). So H's NCI then hold exactly 20% of H's net assets."""
    ws = _copy(tmp_path)
    _foreign(ws)
    keys = "  share_sold: 0.4\n  proceeds: 600\n"
    if framework == "ifrs":
        _ifrs(ws, "600")
        keys += "  retained_fair_value: 600\n"
    _with_event(ws, _FX_BEFORE, keys)
    ctx = Context.open(ws)
    simulated = -ctx.simulate("sale").event_income()["4950"]
    res = ctx.consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == simulated == Decimal(gain)
    assert disposed.nci == Decimal(32400) and disposed.reserve == Decimal(recycled)
    assert res.balance_sheet["3200"] == Decimal(848)
    h_net_assets = 780 * 125 + res.balance_sheet["1510"]
    assert -res.balance_sheet["3900"] == round(h_net_assets / 5)
    _ok(res)


def test_a_change_above_the_seller(tmp_path):
    """x-21 with P buying 10% more of H on 2022-01-01 for 12,200 (10% of H's net assets 122,000): S's NCI of the day
    before is 31,800 (the 2022 stretch at 28% = 20% + 8%), S's own NCI 27,000 leaves and the gain stays 6,000 (H's, now
    10% its NCI's); H's NCI keep what the NCI step carried for them in S's NCI, 2,600. The purchase was a
    transaction with H's NCI (IFRS 10.B96; ASBJ 22 §§28–30) at their interest in H's net assets as consolidated,
    20% × 122,000 (H's 18,000 and 80% of S's 130,000) = 24,400: half of it, 12,200 = the cost, moved — 10,000 on H's
    own equity and 2,200 of their indirect share of S inside S's NCI (12% × 10,000 + 16% × 20,000 = 4,400, halved) —
    so nothing goes to capital surplus; S's NCI of the day before is 29,600, its own 27,000 and H's NCI's 2,600
    (2,200 + 8% × 5,000)."""
    ws = _copy(tmp_path)
    _edit(ws / "group.yaml", ("- date: '2022-07-01'\n", "- date: '2022-01-01'\n  holder: P\n  entity: H\n  share: 0.9\n"
                              "  cost: 12200\n  equity_at_acquisition:\n    '3100': 100000\n- date: '2022-07-01'\n"))
    _edit(ws / "ledger" / "trial_balances.csv", ("P,2022-12-31,1100,,120000,", "P,2022-12-31,1100,,107800,"),
          ("P,2022-12-31,1500,H,80000,", "P,2022-12-31,1500,H,92200,"))
    res = Context.open(ws).consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == Decimal(6000) and disposed.nci == Decimal(27000)
    # H's NCI: 10,000 on H + 2,600 kept + 10% × (6,000 + 2,000) = 13,400 = 10% × (78,000 + 56,000)
    for acc, v in {"3900": -13400, "3200": 0, "3300": -28400, "1510": 56000}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    _ok(res)


X26 = CASES / "deconsolidation" / "x-26-ifrs-seller-with-nci-fair-value-nci" / "workspace"


def test_a_change_with_nci_at_its_proportionate_fair_value_is_x21_under_ifrs(tmp_path):
    """x-21 under ifrs with S's NCI measured at fair value, that fair value 40,000 = 40% × 100,000 (no NCI goodwill):
    read as x-26 reads it (issue 10) the position, the gain and H's NCI are x-21's under ifrs."""
    ws = _copy(tmp_path)
    _ifrs(ws, "60000")
    _edit(ws / "group.yaml", ("  share: 0.6\n  cost: 60000\n",
                              "  share: 0.6\n  cost: 60000\n  nci_measurement: fair_value\n  nci_fair_value: 40000\n"))
    res = Context.open(ws).consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == Decimal(12000) and disposed.nci == Decimal(27000)
    assert res.balance_sheet["1510"] == Decimal(62000) and res.balance_sheet["3900"] == Decimal(-28000)
    _ok(res)


def test_x26_the_year_after(tmp_path):
    """x-26 in 2023 (S earns 10,000, nobody else anything): share of profit 40% × 10,000 = 4,000, the associate
    66,000; H's NCI 26,400 + 20% × 4,000 = 27,200 = 20% × (70,000 + 66,000); retained earnings 25,600 + 3,200."""
    ws = tmp_path / "x26"
    shutil.copytree(X26, ws)
    _append(ws / "ledger" / "trial_balances.csv",
            "P,2023-12-31,1100,,120000,\nP,2023-12-31,1500,H,80000,\nP,2023-12-31,3100,,-200000,\n"
            "H,2023-12-31,1100,,70000,\nH,2023-12-31,1500,S,45000,\nH,2023-12-31,3100,,-100000,\n"
            "H,2023-12-31,3300,,-15000,\n"
            "S,2023-12-31,1100,,50000,\nS,2023-12-31,1400,,100000,\nS,2023-12-31,3100,,-100000,\n"
            "S,2023-12-31,3300,,-40000,\nS,2023-12-31,4100,,-10000,\n")
    ctx = Context.open(ws)
    res = ctx.consolidate("2023-12-31")
    for acc, v in {"1100": 190000, "1510": 66000, "3300": -28800, "3900": -27200}.items():
        assert res.balance_sheet[acc] == Decimal(v), acc
    assert res.profit_total == Decimal(4000) and res.profit_nci == Decimal(800)
    _ok(res)
    eq = res.to_json()["changes_in_equity"]
    assert Decimal(eq["nci"]["opening"]) == Decimal(26400) and Decimal(eq["nci"]["closing"]) == Decimal(27200)


def test_two_changes_with_nci_at_fair_value_are_refused(tmp_path):
    """x-26 with H's 20% bought in two steps of 10% (2021-01-01 and 2021-07-01): the NCI's goodwill left with S's
    outside shareholders is read for one purchase since control only; refused, with the narrowed message."""
    ws = tmp_path / "x26"
    shutil.copytree(X26, ws)
    _edit(ws / "group.yaml", ("  share: 0.8\n  cost: 24000\n", "  share: 0.7\n  cost: 12000\n"))
    _append(ws / "group.yaml", "- date: '2021-07-01'\n  holder: H\n  entity: S\n  share: 0.8\n  cost: 12000\n")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = [p for p in err.value.problems if p.kind == "deconsolidation.retained_interest"]
    assert "H has NCI of its own and the holdings of S or above it changed since control, with S's NCI at fair " \
        "value" in p.message
