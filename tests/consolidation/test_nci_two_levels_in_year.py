"""NCI at two levels (issue 10), the gaps left by test_nci_two_levels.py: a change above S inside the year splits S's
profit and dividends there; P's later change in H moves H's NCI's share of S's goodwill amortised (jgaap) and of the
capital surplus H's own NCI transaction in S gave them (IFRS 10.23, B96; ASBJ 22 §§28–30: a change of interest keeping
control is an equity transaction, the NCI adjusted to their proportionate share of H's net assets as consolidated).

The group is test_nci_two_levels.py's: P 80% of H, H 80% of S since 2020-01-01 (no goodwill unless said), S earning
20,000 in 2020–2021 and 10,000 in each later year, H nothing. Every figure is worked by hand in the docstring next to
it, before running the engine.
"""

from __future__ import annotations

from decimal import Decimal

from renketsu.api import Context

from test_nci_two_levels import _HOLDINGS, _H_BUYS, _ok, _rows, _workspace


def _in_year(tmp_path, dividend: int = 0):
    """P buys 10% more of H on 2022-07-01 (inside the year) for 12,000; S has earned 5,000 of 2022's 10,000 by
    2022-06-30 (its trial balance of that day, and H's, are in the ledger). With ``dividend``, S declares it on
    2022-03-31, H receiving 80%."""
    ws = _workspace(tmp_path)
    group = (ws / "group.yaml").read_text(encoding="utf-8")
    assert "- date: '2022-01-01'\n  holder: P\n  entity: H\n" in group
    (ws / "group.yaml").write_text(group.replace("- date: '2022-01-01'\n  holder: P\n  entity: H\n",
                                                 "- date: '2022-07-01'\n  holder: P\n  entity: H\n"), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8")
    text += ("H,2022-06-30,1100,,20000,\nH,2022-06-30,1500,S,80000,\nH,2022-06-30,3100,,-100000,\n"
             "S,2022-06-30,1100,,25000,\nS,2022-06-30,1400,,100000,\nS,2022-06-30,3100,,-100000,\n"
             "S,2022-06-30,3300,,-20000,\nS,2022-06-30,4100,,-5000,\n")
    if dividend:
        h_part = dividend * 4 // 5
        for period in ("2022-06-30", "2022-12-31"):
            text = text.replace(f"S,{period},1100,,", f"S,{period},3400,,{dividend},\nS,{period},1100,,-{dividend}+")
            text = text.replace(f"H,{period},1100,,20000,", f"H,{period},1100,,{20000 + h_part},\n"
                                                            f"H,{period},4300,S,{-h_part},")
        lines = []
        for line in text.splitlines():
            parts = line.split(",")
            if "+" in parts[4]:
                a, b = parts[4].split("+")
                parts[4] = str(int(a) + int(b))
            lines.append(",".join(parts))
        text = "\n".join(lines) + "\n"
    tb.write_text(text, encoding="utf-8")
    return ws


def test_a_change_above_inside_the_year_splits_the_subs_profit(tmp_path):
    """On 2022-07-01 S's equity is 125,000 (25,000 since control); H's consolidated net assets 20,000 + 80% × 125,000
    = 120,000, its NCI's 20% = 24,000: the purchase of half of it moves 12,000 (10,000 on H, 2,000 = half of 16% ×
    25,000 inside S's NCI); capital surplus 12,000 − 12,000 = 0. S's 2022 profit splits at the day: 36% × 5,000 +
    28% × 5,000 = 3,200 to the NCI (main: 28% × 10,000 = 2,800, no cut). At the year end H's NCI 10% × (20,000 + 80% ×
    130,000) = 12,400 and S's own 20% × 130,000 = 26,000: 38,400 (main: 38,000); owners' retained earnings 64% ×
    20,000 + 64% × 5,000 + 72% × 5,000 = 19,600 (main 20,000). Balance: 108,000 + 20,000 + 130,000 = 200,000 + 19,600 +
    38,400."""
    res = Context.open(_in_year(tmp_path)).consolidate("2022-12-31")
    for acc, v in {"3900": -38400, "3300": -19600, "3100": -200000}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    assert res.balance_sheet.get("3200", Decimal(0)) == 0
    assert res.profit_nci == Decimal(3200)
    _ok(res)


def test_the_year_after_an_in_year_change_above(tmp_path):
    """2023 (S earns 10,000 more): NCI 10% × (20,000 + 80% × 140,000) + 20% × 140,000 = 13,200 + 28,000 = 41,200;
    owners' retained earnings 19,600 + 72% × 10,000 = 26,800; profit to the NCI 2,800."""
    res = Context.open(_in_year(tmp_path)).consolidate("2023-12-31")
    for acc, v in {"3900": -41200, "3300": -26800}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    assert res.profit_nci == Decimal(2800)
    _ok(res)
