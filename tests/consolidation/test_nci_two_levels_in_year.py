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

from test_nci_two_levels import _H_BUYS, _ok, _workspace


def _in_year(tmp_path, dividend: int = 0):
    """P buys 10% more of H on 2022-07-01 (inside the year) for 12,000; S has earned 5,000 of 2022's 10,000 by
    2022-06-30 (its trial balance of that day, and H's, are in the ledger). With ``dividend``, S declares it on
    2022-03-31, H receiving 80% (on H's equity in its holding row of the day)."""
    ws = _workspace(tmp_path)
    group = (ws / "group.yaml").read_text(encoding="utf-8")
    old = "- date: '2022-01-01'\n  holder: P\n  entity: H\n  share: 0.9\n  cost: 12000\n  equity_at_acquisition:\n" \
          "    '3100': 100000\n"
    assert old in group
    new = old.replace("2022-01-01", "2022-07-01") + (f"    '3300': {dividend * 4 // 5}\n" if dividend else "")
    (ws / "group.yaml").write_text(group.replace(old, new), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8")
    h_part = dividend * 4 // 5
    text += (f"H,2022-06-30,1100,,{20000 + h_part},\nH,2022-06-30,1500,S,80000,\nH,2022-06-30,3100,,-100000,\n"
             f"S,2022-06-30,1100,,{25000 - dividend},\nS,2022-06-30,1400,,100000,\nS,2022-06-30,3100,,-100000,\n"
             "S,2022-06-30,3300,,-20000,\nS,2022-06-30,4100,,-5000,\n")
    if dividend:
        text += (f"H,2022-06-30,4200,S,{-h_part},\nS,2022-06-30,3400,,{dividend},\n"
                 f"H,2022-12-31,4200,S,{-h_part},\nS,2022-12-31,3400,,{dividend},\n")
        text = text.replace("H,2022-12-31,1100,,20000,", f"H,2022-12-31,1100,,{20000 + h_part},").replace(
            "S,2022-12-31,1100,,30000,", f"S,2022-12-31,1100,,{30000 - dividend},")
        assert f"H,2022-12-31,1100,,{20000 + h_part}," in text and f"S,2022-12-31,1100,,{30000 - dividend}," in text
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


def test_a_change_above_inside_the_year_splits_the_subs_dividends(tmp_path):
    """S declares 4,000 on 2022-03-31 (H receives 3,200; its holding row of the day gives its equity 103,200). On
    2022-07-01 S's equity is 121,000; H's consolidated net assets 23,200 + 80% × 121,000 = 120,000, half of its NCI's
    20% moves, 12,000 (10,320 on H's own equity, 1,680 = half of 16% × 21,000 inside S's NCI): capital surplus 0. At
    the end (S's net assets 126,000): NCI 10% × (23,200 + 80% × 126,000) + 20% × 126,000 = 12,400 + 25,200 = 37,600
    (= 47,200 + profit 3,200 − dividends to S's NCI 800 − 12,000 moved); profit to the NCI 36% × 5,000 + 28% × 5,000
    = 3,200 (H's dividend income is eliminated); owners' retained earnings 108,000 + 23,200 + 126,000 − 200,000 −
    37,600 = 19,600."""
    res = Context.open(_in_year(tmp_path, dividend=4000)).consolidate("2022-12-31")
    for acc, v in {"3900": -37600, "3300": -19600}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    assert res.balance_sheet.get("3200", Decimal(0)) == 0
    assert res.profit_nci == Decimal(3200)
    _ok(res)


def test_the_year_after_the_split_dividends(tmp_path):
    """2023 (S earns 10,000, no dividend): NCI 10% × (23,200 + 80% × 136,000) + 20% × 136,000 = 13,200 + 27,200 =
    40,400; owners' retained earnings 19,600 + 72% × 10,000 = 26,800."""
    ws = _in_year(tmp_path, dividend=4000)
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8").replace("H,2023-12-31,1100,,20000,", "H,2023-12-31,1100,,23200,").replace(
        "H,2023-12-31,3100,,-100000,", "H,2023-12-31,3100,,-100000,\nH,2023-12-31,3300,,-3200,").replace(
        "S,2023-12-31,1100,,40000,", "S,2023-12-31,1100,,36000,").replace(
        "S,2023-12-31,3300,,-30000,", "S,2023-12-31,3300,,-26000,")
    assert "S,2023-12-31,3300,,-26000," in text and "H,2023-12-31,3300,,-3200," in text
    tb.write_text(text, encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    for acc, v in {"3900": -40400, "3300": -26800}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    _ok(res)


def _dividend_after(tmp_path):
    """The in-year purchase with S declaring 4,000 on 2022-09-30, after it (H receives 3,200)."""
    ws = _in_year(tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8").replace("H,2022-12-31,1100,,20000,", "H,2022-12-31,1100,,23200,\n"
                                                  "H,2022-12-31,4200,S,-3200,").replace(
        "S,2022-12-31,1100,,30000,", "S,2022-12-31,1100,,26000,\nS,2022-12-31,3400,,4000,")
    for period in ("2023-12-31",):
        text = text.replace(f"H,{period},1100,,20000,", f"H,{period},1100,,23200,\nH,{period},3300,,-3200,").replace(
            f"S,{period},1100,,40000,", f"S,{period},1100,,36000,").replace(f"S,{period},3300,,-30000,",
                                                                         f"S,{period},3300,,-26000,")
    assert "S,2022-12-31,3400,,4000," in text and "S,2023-12-31,3300,,-26000," in text
    tb.write_text(text, encoding="utf-8")
    return ws


def _nci_lines(res) -> dict[str, Decimal]:
    out = {"H": Decimal(0), "S": Decimal(0)}
    for e in res.eliminations:
        for ln in e.lines:
            if ln.account == "3900" and ln.entity in out:
                out[ln.entity] += ln.amount
    for c in res.closing:
        if c.account == "3900" and c.entity in out:
            out[c.entity] += c.amount
    return out


def test_a_dividend_after_a_change_above_is_borne_at_the_ratio_after_it(tmp_path):
    """The dividend is declared after the change: S's NCI ratio then is 28%, not the 36% of the year's start. At the
    end S's net assets are 126,000: NCI 10% × (23,200 + 80% × 126,000) + 20% × 126,000 = 12,400 + 25,200 = 37,600 =
    47,200 + profit 3,200 − 800 paid to S's NCI − 12,000 moved. By line: S's NCI line holds S's own 25,200 and H's
    NCI's indirect 10% × 80% × 26,000 = 2,080: 27,280; H's line 10% × (23,200 + 80,000) = 10,320. So closing books
    S's line 27,280 − (20,000 + 7,200 − 2,000 − 800) = 2,880 and H's 320: H's NCI's 8% of the dividend S declared
    after the change (320) is theirs through H's dividend income, not S's NCI line's 36% (main: S 2,560, H 640, S's
    line 26,960)."""
    res = Context.open(_dividend_after(tmp_path)).consolidate("2022-12-31")
    assert {c.entity: c.amount for c in res.closing if c.account == "3900"} == {"H": Decimal(-320),
                                                                                  "S": Decimal(-2880)}
    assert _nci_lines(res) == {"H": Decimal(-10320), "S": Decimal(-27280)}
    assert res.balance_sheet["3900"] == Decimal(-37600)
    _ok(res)


def test_the_year_after_a_dividend_after_a_change_above(tmp_path):
    """2023 (S earns 10,000): S's line 27,280 + 28% × 10,000 = 30,080 (its own 20% × 136,000 = 27,200 + H's NCI's 8% ×
    36,000 = 2,880), H's 10,320: NCI 40,400; the nci step's share of S's 2022 retained earnings, 36% × 20,000 + 36% ×
    5,000 + 28% × (5,000 − 4,000) = 9,280, opens S's line at 2022's closing."""
    res = Context.open(_dividend_after(tmp_path)).consolidate("2023-12-31")
    assert _nci_lines(res) == {"H": Decimal(-10320), "S": Decimal(-30080)}
    _ok(res)


def _with_goodwill(tmp_path, day: str = "2022-01-01"):
    """H pays 92,000 for its 80% of S (equity 100,000): goodwill 12,000, amortised over 10 years (jgaap) by whole
    months from the month after control, 100 a month; H's cash 8,000. P buys 10% more of H on ``day`` for 12,000."""
    ws = _workspace(tmp_path)
    group = (ws / "group.yaml").read_text(encoding="utf-8")
    old = "  holder: H\n  entity: S\n  share: 0.8\n  cost: 80000\n"
    assert old in group and "goodwill_amortisation_years: 10" in group
    group = group.replace(old, "  holder: H\n  entity: S\n  share: 0.8\n  cost: 92000\n")
    group = group.replace("- date: '2022-01-01'\n  holder: P\n  entity: H\n", f"- date: '{day}'\n  holder: P\n  entity: H\n")
    (ws / "group.yaml").write_text(group, encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8").replace(",1100,,20000,\nH", ",1100,,8000,\nH")
    text = text.replace("H,2021-12-31,1100,,20000,", "H,2021-12-31,1100,,8000,")
    for period in ("2021-12-31", "2022-12-31", "2023-12-31"):
        text = text.replace(f"H,{period},1100,,20000,", f"H,{period},1100,,8000,").replace(
            f"H,{period},1500,S,80000,", f"H,{period},1500,S,92000,")
    if day != "2022-01-01":
        text += ("H,2022-06-30,1100,,8000,\nH,2022-06-30,1500,S,92000,\nH,2022-06-30,3100,,-100000,\n"
                 "S,2022-06-30,1100,,25000,\nS,2022-06-30,1400,,100000,\nS,2022-06-30,3100,,-100000,\n"
                 "S,2022-06-30,3300,,-20000,\nS,2022-06-30,4100,,-5000,\n")
    assert "H,2022-12-31,1100,,8000," in text and "H,2021-12-31,1500,S,92000," in text
    tb.write_text(text, encoding="utf-8")
    return ws


def test_buying_more_of_a_holder_moves_its_nci_share_of_goodwill_amortised(tmp_path):
    """jgaap. To 2021-12-31 the goodwill is amortised 23 months (from February 2020), 2,300; carrying 9,700. On
    2022-01-01 H's consolidated net assets are 8,000 + 80% × 120,000 + 9,700 = 113,700, its NCI's 20% = 22,740: half
    moves, 11,370 — 10,000 on H's own equity, 1,600 inside S's NCI, less 230 (half of H's NCI's 20% × 2,300 of
    amortisation borne); capital surplus 12,000 − 11,370 = 630 (debit; main: 400, the 230 left in retained
    earnings). At the end of 2022 (goodwill 9,700 − 1,200 = 8,500): NCI 10% × (8,000 + 80% × 130,000 + 8,500) + 20% ×
    130,000 = 12,050 + 26,000 = 38,050; owners' retained earnings 64% × 20,000 + 72% × 10,000 − 80% × 2,300 − 90% ×
    1,200 = 20,000 − 1,840 − 1,080 = 17,080 (main 16,850); profit to the NCI 28% × 10,000 − 10% × 1,200 = 2,680.
    Balance: 108,000 + 8,000 + 130,000 + 8,500 = 254,500 = 200,000 − 630 + 17,080 + 38,050."""
    res = Context.open(_with_goodwill(tmp_path)).consolidate("2022-12-31")
    for acc, v in {"3900": -38050, "3200": 630, "3300": -17080}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    assert res.profit_nci == Decimal(2680)
    _ok(res)


def test_the_goodwill_move_the_year_after(tmp_path):
    """2023: capital surplus stays 630; owners' retained earnings 17,080 + 72% × 10,000 − 90% × 1,200 = 23,200;
    goodwill 7,300, NCI 10% × (8,000 + 112,000 + 7,300) + 28,000 = 40,730; profit to the NCI 2,680."""
    res = Context.open(_with_goodwill(tmp_path)).consolidate("2023-12-31")
    for acc, v in {"3900": -40730, "3200": 630, "3300": -23200}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    assert res.profit_nci == Decimal(2680)
    _ok(res)


def test_the_goodwill_move_inside_the_year(tmp_path):
    """P buys on 2022-07-01 instead. Amortised to 2022-06-30: 29 months, 2,900 (600 of them in 2022); carrying
    9,100. H's consolidated net assets 8,000 + 80% × 125,000 + 9,100 = 117,100, NCI's 20% = 23,420: half, 11,710,
    moves; capital surplus 12,000 − 11,710 = 290 (debit). 2022's profit to the NCI: S's 36% × 5,000 + 28% × 5,000 =
    3,200, less H's NCI's amortisation 20% × 600 + 10% × 600 = 180: 3,020. At the end: goodwill 8,500, NCI 10% ×
    (8,000 + 104,000 + 8,500) + 26,000 = 38,050; owners' retained earnings 64% × 25,000 + 72% × 5,000 − (80% ×
    2,900 + 90% × 600) = 19,600 − 2,860 = 16,740. Balance: 254,500 = 200,000 − 290 + 16,740 + 38,050."""
    res = Context.open(_with_goodwill(tmp_path, "2022-07-01")).consolidate("2022-12-31")
    for acc, v in {"3900": -38050, "3200": 290, "3300": -16740}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    assert res.profit_nci == Decimal(3020)
    _ok(res)


_H_BUYS_THEN_P = _H_BUYS + """- date: '2023-01-01'
  holder: P
  entity: H
  share: 0.9
  cost: 12000
  equity_at_acquisition:
    '3100': 100000
"""


def test_buying_more_of_a_holder_moves_its_nci_share_of_its_own_difference(tmp_path):
    """test_nci_two_levels's H buying 20% of S on 2022-01-01 (difference 1,000, 200 of it borne by H's 20% NCI, 800
    capital surplus), then P buying 10% more of H on 2023-01-01 for 12,000. H's consolidated net assets then 15,000 +
    80% × 130,000 = 119,000, its NCI's 20% = 23,800: half, 11,900, moves — 10,000 on H's own equity, 2,000 (half of 12% ×
    20,000 + 16% × 10,000) inside S's NCI, less 100 (half of the 200 of the difference borne); capital surplus 800 +
    (12,000 − 11,900) = 900 (main: 800, H's NCI keeping all the 200). End of 2023 (S earns 10,000): NCI 10% × (15,000 +
    80% × 140,000) + 20% × 140,000 = 12,700 + 28,000 = 40,700, H's NCI line 20,000 − 200 − 10,000 + 100 = 9,900;
    owners' retained earnings 48% × 20,000 + 64% × 10,000 + 72% × 10,000 = 23,200. Balance: 108,000 + 15,000 + 140,000
    = 263,000 = 200,000 − 900 + 23,200 + 40,700."""
    ws = _workspace(tmp_path)
    group = (ws / "group.yaml").read_text(encoding="utf-8")
    (ws / "group.yaml").write_text(group[:group.index("holdings:\n")] + _H_BUYS_THEN_P, encoding="utf-8")
    rows = ["entity,period,account,partner,amount,date"]
    for period, p_cash, p_inv, h_cash, h_inv, s_cash, s_re in (
            ("2021-12-31", 120000, 80000, 40000, 60000, 20000, 10000),
            ("2022-12-31", 120000, 80000, 15000, 85000, 30000, 20000),
            ("2023-12-31", 108000, 92000, 15000, 85000, 40000, 30000)):
        rows += [f"P,{period},1100,,{p_cash},", f"P,{period},1500,H,{p_inv},", f"P,{period},3100,,-200000,",
                 f"H,{period},1100,,{h_cash},", f"H,{period},1500,S,{h_inv},", f"H,{period},3100,,-100000,",
                 f"S,{period},1100,,{s_cash},", f"S,{period},1400,,100000,", f"S,{period},3100,,-100000,",
                 f"S,{period},3300,,{-s_re},", f"S,{period},4100,,-10000,"]
    (ws / "ledger" / "trial_balances.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    for acc, v in {"3900": -40700, "3200": 900, "3300": -23200}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    h_nci = sum((ln.amount for e in res.eliminations for ln in e.lines if ln.entity == "H" and ln.account == "3900"),
                Decimal(0))
    h_nci += sum((c.amount for c in res.closing if c.entity == "H" and c.account == "3900"), Decimal(0))
    assert h_nci == Decimal(-9900)
    _ok(res)


def test_selling_part_of_a_holder_gives_the_buyers_their_share_of_goodwill_amortised(tmp_path):
    """jgaap, P sells 10% of H on 2022-01-01 for 12,000 instead (keeping 70%; its books derecognise 1/8 of the cost
    80,000, a gain of 2,000). The buyers' NCI is 10% of H's consolidated net assets 113,700 = 11,370 — 10,000 on H's
    own equity, 1,600 inside S's NCI, less 230 (10% × 2,300 of goodwill amortised); capital surplus 12,000 − 11,370 =
    630 (credit; main 400). End of 2022: NCI 30% × (8,000 + 104,000 + 8,500) + 26,000 = 36,150 + 26,000 = 62,150;
    owners' retained earnings 64% × 20,000 + 56% × 10,000 − 80% × 2,300 − 70% × 1,200 = 15,720 (P's gain reversed);
    profit to the NCI 44% × 10,000 − 30% × 1,200 = 4,040. Balance: 132,000 + 8,000 + 130,000 + 8,500 = 278,500 =
    200,000 + 630 + 15,720 + 62,150."""
    ws = _with_goodwill(tmp_path)
    group = (ws / "group.yaml").read_text(encoding="utf-8")
    old = "  share: 0.9\n  cost: 12000\n"
    assert old in group
    (ws / "group.yaml").write_text(group.replace(old, "  share: 0.7\n  cost: 12000\n"), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8")
    assert "P,2022-12-31,1100,,108000," in text
    text = text.replace("P,2022-12-31,1100,,108000,", "P,2022-12-31,1100,,132000,").replace(
        "P,2022-12-31,1500,H,92000,", "P,2022-12-31,1500,H,70000,\nP,2022-12-31,4950,H,-2000,2022-01-01")
    tb.write_text(text, encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    for acc, v in {"3900": -62150, "3200": -630, "3300": -15720}.items():
        assert res.balance_sheet.get(acc, Decimal(0)) == Decimal(v), acc
    assert res.profit_nci == Decimal(4040)
    _ok(res)
