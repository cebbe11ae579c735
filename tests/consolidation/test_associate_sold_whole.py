"""The whole of an associate never a subsidiary sold, or its rest (IAS 28.22; ASBJ Statement 16; docs/consolidation.md
"An associate sold whole"), beyond a-35 (tests/consolidation/test_associate_sold_in_part.py): a dividend before the
sale (a-36), a purchase earlier that year (a-37), the rest sold a year after part (a-38, a-23's and a-31's foreign
associates) or later in the year of a part sold (a-20), a foreign associate (a-39), one held by a USD holding (a-40),
jgaap with goodwill inside (a-41 and variants), each year after, and what stays refused.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parents[1] / "cases" / "equity-method"
A36 = CASES / "a-36-associate-sold-whole-after-a-dividend" / "workspace"
A37 = CASES / "a-37-associate-bought-then-sold-whole" / "workspace"
A38 = CASES / "a-38-associate-rest-sold-a-year-after-part" / "workspace"
A39 = CASES / "a-39-foreign-associate-sold-whole" / "workspace"
A23 = CASES / "a-23-foreign-associate-year-after-sale" / "workspace"
A40 = CASES / "a-40-associate-sold-whole-by-usd-holding" / "workspace"
A41 = CASES / "a-41-jgaap-associate-goodwill-sold-whole" / "workspace"


def _copy(src: Path, tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(src, ws)
    return ws


def _replace(f: Path, *pairs: tuple[str, str]) -> None:
    text = f.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    f.write_text(text, encoding="utf-8")


def _refused(ws: Path, period: str = "2022-12-31") -> list:
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate(period)
    return [p for p in err.value.problems if p.kind == "equity_method.partial_disposal"]


def _lines(res, kind: str) -> dict[str, Decimal]:
    (e,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == kind]
    return {ln.account: ln.amount for ln in e.lines}


def test_a36_the_dividend_before_the_sale_comes_off_the_carrying_amount_sold():
    """a-36: P's 2,000 of A's dividend off the carrying amount (IAS 28.10): 44,400 sold, gain 10,600 (P's 15,000)."""
    res = Context.open(A36).consolidate("2022-12-31")
    (sale,) = res.associate_sales
    assert (sale.proceeds, sale.gain, sale.carrying) == (Decimal(55000), Decimal(10600), Decimal(44400))
    assert _lines(res, "disposal") == {"1500": Decimal(40000), "1510": Decimal(-44400), "4950": Decimal(4400)}
    assert res.income_statement.get("4200", 0) == 0


def test_a36_the_year_after_holds_nothing():
    """a-36 in 2023: nothing held; the retained earnings carry on (21,000 + P's 2,000)."""
    res = Context.open(A36).consolidate("2023-12-31")
    assert res.balance_sheet["3300"] == Decimal(-23000) and not res.balance_sheet.get("1510")
    assert not [e for e in res.eliminations if e.step == "equity_method"]


def test_a36_a_dividend_not_declared_before_the_sale_is_refused(tmp_path):
    """a-36 with A's dividend not in its trial balance of the day before the sale (P's books still show it): the
    dividend cannot be put on a stretch of the equity method to the sale: refused, naming it."""
    ws = _copy(A36, tmp_path)
    _replace(ws / "ledger" / "trial_balances.csv", ("A,2022-06-30,1400,,111000\nA,2022-06-30,3400,,5000\n",
                                                   "A,2022-06-30,1400,,116000\n"))
    (p,) = _refused(ws)
    assert "sells all of associate A on 2022-07-01" in p.message
    assert "P received dividends from it that year but A's trial balance at 2022-06-30 shows none" in p.message


def test_a37_a_purchase_earlier_that_year_is_a_stretch_of_its_own():
    """a-37: 5% bought on 2022-04-01 for 6,000 (goodwill 350 inside), all 45% sold on 07-01 for 62,000: the share of
    profit 1,200 + 1,350, carrying 52,550 off, P's cost 46,000 back, gain 9,450 (P's 16,000)."""
    res = Context.open(A37).consolidate("2022-12-31")
    (sale,) = res.associate_sales
    assert (sale.proceeds, sale.gain, sale.carrying) == (Decimal(62000), Decimal(9450), Decimal(52550))
    assert _lines(res, "disposal") == {"1500": Decimal(46000), "1510": Decimal(-52550), "4950": Decimal(6550)}
    assert res.income_statement["4300"] == Decimal(-2550)
    later = Context.open(A37).consolidate("2023-12-31")
    assert later.balance_sheet["3300"] == Decimal(-22000) and not later.balance_sheet.get("1510")


def test_a37_a_row_that_buys_nothing_earlier_that_year_is_refused(tmp_path):
    """a-37 with the purchase's share unchanged (a row of 2022-04-01 at 40%): not a purchase: refused, naming it."""
    ws = _copy(A37, tmp_path)
    _replace(ws / "group.yaml", ("  share: 0.45\n  cost: 6000\n", "  share: 0.4\n"))
    (p,) = _refused(ws)
    assert "its row of 2022-04-01 (share 0.4) neither buys more nor sells part with its cost" in p.message, p.message


def _append(f: Path, text: str) -> None:
    f.write_text(f.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a38_the_rest_sold_a_year_after_part():
    """a-38: a-20's 30% left (carrying 36,600 at the start of 2023, run again), 1,200 to 2023-06-30, all sold on 07-01
    for 45,000: carrying 37,800 off, P's remaining cost 30,000 back, gain 7,200 (P's 15,000)."""
    res = Context.open(A38).consolidate("2023-12-31")
    (sale,) = res.associate_sales
    assert (sale.proceeds, sale.gain, sale.carrying, sale.reserve) == (Decimal(45000), Decimal(7200), Decimal(37800),
                                                                      Decimal(0))
    assert _lines(res, "equity_method") == {"1510": Decimal(37800), "1500": Decimal(-30000), "3300": Decimal(-6600),
                                            "4300": Decimal(-1200)}
    assert _lines(res, "disposal") == {"1500": Decimal(30000), "1510": Decimal(-37800), "4950": Decimal(7800)}
    later = Context.open(A38).consolidate("2024-12-31")
    assert later.balance_sheet["3300"] == Decimal(-28000) and not later.balance_sheet.get("1510")


def test_a38_a_purchase_before_the_rest_sold_is_refused(tmp_path):
    """a-38 with 5% bought on 2023-04-01 before the rest sold: the year of the sale of the rest is measured only when
    that sale is the holder's only row of the year: refused, naming the earlier sale."""
    ws = _copy(A38, tmp_path)
    _replace(ws / "group.yaml", ("- date: '2023-07-01'\n", "- date: '2023-04-01'\n  holder: P\n  entity: A\n  share: "
                                 "0.35\n  cost: 6000\n- date: '2023-07-01'\n"))
    (p,) = _refused(ws, "2023-12-31")
    assert "sells the rest of associate A on 2023-07-01" in p.message
    assert "part of it was sold in an earlier year (on 2022-07-01) and the holding changed earlier this year" in \
        p.message, p.message


def test_a39_the_whole_reserve_is_reclassified():
    """a-39: A (USD) sold whole on 2022-07-01 for ¥700,000: carrying USD 4,640 at 144 = 668,160 off, its whole
    reserve 60,080 reclassified (IAS 21.48), gain 91,920 (P's 180,000); nothing left in the reserve."""
    res = Context.open(A39).consolidate("2022-12-31")
    (sale,) = res.associate_sales
    assert (sale.proceeds, sale.gain, sale.carrying, sale.reserve) == (Decimal(700000), Decimal(91920),
                                                                      Decimal(668160), Decimal(60080))
    assert _lines(res, "disposal") == {"1500": Decimal(520000), "1510": Decimal(-668160), "3600": Decimal(60080),
                                       "4950": Decimal(88080)}
    assert not res.balance_sheet.get("3600") and not res.balance_sheet.get("1510")
    later = Context.open(A39).consolidate("2023-12-31")
    assert later.balance_sheet["3300"] == Decimal(-186000) and not later.balance_sheet.get("3600")


def _a23_rest_sold(tmp_path: Path) -> Path:
    """a-23 (a-21 one year on) with the rest, 30%, sold on 2023-07-01 for ¥620,000: A earns USD 400 to 2023-06-30
    (net assets USD 12,600), USD 2023-06-30 average 148, closing 152; P's books: its remaining cost 390,000 off, gain
    230,000, cash 666,000 + 620,000."""
    ws = _copy(A23, tmp_path)
    _replace(ws / "ledger" / "trial_balances.csv",
             ("P,2023-12-31,1100,,666000\nP,2023-12-31,1500,A,390000\n", "P,2023-12-31,1100,,1286000\n"),
             ("P,2023-12-31,5200,,3000\n", "P,2023-12-31,5200,,3000\nP,2023-12-31,4950,A,-230000\n"),
             ("A,2023-12-31,1400,,13000\nA,2023-12-31,3100,,-10000\nA,2023-12-31,3300,,-2200\n"
              "A,2023-12-31,4100,,-3000\nA,2023-12-31,5200,,2200\n",
              "A,2023-06-30,1400,,12600\nA,2023-06-30,3100,,-10000\nA,2023-06-30,3300,,-2200\n"
              "A,2023-06-30,4100,,-1400\nA,2023-06-30,5200,,1000\n"))
    _append(ws / "rates.csv", "USD,2023-06-30,average,148\nUSD,2023-06-30,closing,152\n")
    _append(ws / "group.yaml", "- date: '2023-07-01'\n  holder: P\n  entity: A\n  share: 0\n  cost: 620000\n")
    return ws


def test_a23_the_rest_of_a_foreign_associate_sold(tmp_path):
    """The rest of a-21's A sold in 2023, by hand: the start USD 3,660, 482,160 at historical rates, reserve 66,840;
    to 06-30 30% × USD 400 at 148 = 17,760; carrying USD 3,780 at 152 = 574,560 off, at historical rates 499,920, the
    whole reserve 74,640 reclassified (66,840 + 3,660 × 2 + 120 × 4; OCI 7,800 before); gain 620,000 − 574,560 +
    74,640 = 120,080 (P's 230,000: correction −109,920); profit 2,000 + 17,760 + 120,080 = 139,840; retained earnings
    146,160 → 286,000 (= P's books 54,000 + 232,000)."""
    res = Context.open(_a23_rest_sold(tmp_path)).consolidate("2023-12-31")
    (sale,) = res.associate_sales
    assert (sale.proceeds, sale.gain, sale.carrying, sale.reserve) == (Decimal(620000), Decimal(120080),
                                                                      Decimal(574560), Decimal(74640))
    assert _lines(res, "disposal") == {"1500": Decimal(390000), "1510": Decimal(-574560), "3600": Decimal(74640),
                                       "4950": Decimal(109920)}
    assert res.income_statement["4300"] == Decimal(-17760)
    assert res.balance_sheet["3300"] == Decimal(-286000) and not res.balance_sheet.get("3600")
    j = res.to_json()
    assert j["comprehensive_income"]["oci"]["exchange_differences"] == "7800"
    assert j["comprehensive_income"]["oci"]["reclassified_on_disposal"] == "-74640"
    assert j["changes_in_equity"]["3600"]["opening"] == "66840"
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a40_a_usd_holding_sells_the_whole():
    """a-40: H (USD) sells all 40% of A for USD 5,000: proceeds at 145 = 725,000, carrying 668,160 off, A's reserve
    60,080 reclassified, gain 116,920 (H's 145,000); H's cost back at 145 (580,000), the 20,000 to the closing rate
    out of its reserve (seller_cost); reserve 145,000 = H's cash only."""
    res = Context.open(A40).consolidate("2022-12-31")
    (sale,) = res.associate_sales
    assert (sale.proceeds, sale.gain, sale.carrying, sale.reserve) == (Decimal(725000), Decimal(116920),
                                                                      Decimal(668160), Decimal(60080))
    assert _lines(res, "disposal") == {"1500": Decimal(580000), "1510": Decimal(-668160), "3600": Decimal(60080),
                                       "4950": Decimal(28080)}
    assert _lines(res, "seller_cost") == {"1500": Decimal(20000), "3600": Decimal(-20000)}


def test_a40_the_year_after_carries_the_cost_translated_inside_the_gain():
    """a-40 in 2023, by hand (README): H's translated books put 145,000 in retained earnings; the group's is 205,000:
    the 60,000 = USD 4,000 × (145 − 130) carried from the reserve (200,000 = H's cash 6,000 × 25 + 5,000 × 10); the
    equity statement rolls, no cash flow but the fx effect 55,000."""
    res = Context.open(A40).consolidate("2023-12-31")
    assert _lines(res, "equity_method") == {"3300": Decimal(-60000), "3600": Decimal(60000)}
    assert res.balance_sheet["3300"] == Decimal(-205000) and res.balance_sheet["3600"] == Decimal(-200000)
    j = res.to_json()
    assert j["cash_flows"]["investing"]["total"] == "0" and j["cash_flows"]["fx_effect"] == "55000"
    assert j["comprehensive_income"]["oci"]["exchange_differences"] == "55000"
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a22_the_rest_sold_a_year_after_by_a_usd_holding(tmp_path):
    """a-22 one year on (H, USD, holds 30% of A after selling 10% in 2022 for USD 1,250) with the rest sold on
    2023-07-01 for USD 4,000: A earns USD 400 to 2023-06-30 (USD 2023-06-30 average 148, closing 152; 2023 average
    152, closing 155); H's books: its remaining cost 3,000 off, gain USD 1,000. By hand: the start USD 3,660, 482,160
    at historical rates, A's reserve 66,840 (a-23); 17,760 to the sale; carrying 574,560 off, A's whole reserve 74,640
    reclassified; proceeds at 152 = 608,000, gain 608,000 − 574,560 + 74,640 = 108,080 (H's 152,000). Entries: H's
    cost off at 155 (465,000), the translation on it since the rates paid, less the part sold at 145, back out (465,000
    − (520,000 − 145,000) = 90,000), retained earnings −107,160; the cost back at 152 (456,000), 9,000 to 155 out
    (seller_cost). Reserve 174,500 = H's cash (6,000 × 25 + 1,250 × 10 + 4,000 × 3); retained earnings 143,410 +
    125,840 = 269,250; OCI 56,050 (A's 7,800 + H's cash 36,250 + 12,000), −74,640. 2024 (average 158, closing 160):
    the carried 81,000 (1,000 × 145 + 3,000 × 152 − 520,000); reserve 311,750 − 81,000 = 230,750."""
    ws = _copy(CASES / "a-22-associate-sold-in-part-by-usd-holding" / "workspace", tmp_path)
    _append(ws / "group.yaml", "- date: '2023-07-01'\n  holder: H\n  entity: A\n  share: 0\n  cost: 4000\n")
    _append(ws / "ledger" / "trial_balances.csv", "A,2023-06-30,1400,,12600\nA,2023-06-30,3100,,-10000\n"
            "A,2023-06-30,3300,,-2200\nA,2023-06-30,4100,,-1400\nA,2023-06-30,5200,,1000\n"
            "P,2023-12-31,1100,,700000\nP,2023-12-31,1500,H,1300000\nP,2023-12-31,3100,,-2000000\n"
            "H,2023-12-31,1100,,11250\nH,2023-12-31,3100,,-10000\nH,2023-12-31,3300,,-250\n"
            "H,2023-12-31,4950,A,-1000\n"
            "P,2024-12-31,1100,,700000\nP,2024-12-31,1500,H,1300000\nP,2024-12-31,3100,,-2000000\n"
            "H,2024-12-31,1100,,11250\nH,2024-12-31,3100,,-10000\nH,2024-12-31,3300,,-1250\n")
    _append(ws / "rates.csv", "USD,2023-06-30,average,148\nUSD,2023-06-30,closing,152\nUSD,2023-12-31,average,152\n"
            "USD,2023-12-31,closing,155\nUSD,2024-12-31,average,158\nUSD,2024-12-31,closing,160\n")
    res = Context.open(ws).consolidate("2023-12-31")
    (sale,) = res.associate_sales
    assert (sale.proceeds, sale.gain, sale.carrying, sale.reserve) == (Decimal(608000), Decimal(108080),
                                                                      Decimal(574560), Decimal(74640))
    assert _lines(res, "equity_method") == {"1510": Decimal(574560), "1500": Decimal(-465000), "3300": Decimal(-107160),
                                            "4300": Decimal(-17760), "3600": Decimal(15360)}
    assert _lines(res, "disposal") == {"1500": Decimal(456000), "1510": Decimal(-574560), "3600": Decimal(74640),
                                       "4950": Decimal(43920)}
    assert _lines(res, "seller_cost") == {"1500": Decimal(9000), "3600": Decimal(-9000)}
    assert res.balance_sheet["3300"] == Decimal(-269250) and res.balance_sheet["3600"] == Decimal(-174500)
    j = res.to_json()
    assert j["comprehensive_income"]["oci"]["exchange_differences"] == "56050"
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    later = Context.open(ws).consolidate("2024-12-31")
    assert _lines(later, "equity_method") == {"3300": Decimal(-81000), "3600": Decimal(81000)}
    assert later.balance_sheet["3300"] == Decimal(-269250) and later.balance_sheet["3600"] == Decimal(-230750)
    j = later.to_json()
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a41_the_goodwill_left_goes_with_the_carrying_amount():
    """a-41 (jgaap): goodwill 6,000 at 100 a month, 1,100 in 2021 and 600 to the sale; carrying 50,700 off, gain 4,300
    (P's 9,000); the share of profit 2,400 − 600."""
    res = Context.open(A41).consolidate("2022-12-31")
    (sale,) = res.associate_sales
    assert (sale.gain, sale.carrying) == (Decimal(4300), Decimal(50700))
    assert _lines(res, "goodwill_amortisation") == {"4300": Decimal(600), "3300": Decimal(1100), "1510": Decimal(-1700)}
    assert _lines(res, "disposal") == {"1500": Decimal(46000), "1510": Decimal(-50700), "4950": Decimal(4700)}
    later = Context.open(A41).consolidate("2023-12-31")
    assert later.balance_sheet["3300"] == Decimal(-15000) and not later.balance_sheet.get("1510")


def test_a38_under_jgaap_the_goodwill_left_leaves_with_the_rest(tmp_path):
    """a-38 under jgaap (P pays 46,000, goodwill 6,000 over 5 years; a-20's variant: 3,225 left after the 2022 sale at 75
    a month, carrying 39,375 at 2022-12-31), by hand: 2023 to 06-30 share 1,200, amortisation 6 × 75 = 450; carrying
    40,125 (= 37,800 + goodwill 2,325) off; P's remaining cost 34,500, its gain 10,500; gain 45,000 − 40,125 = 4,875;
    profit 2,000 + 750 + 4,875 = 7,625; retained earnings 12,375 → 20,000 (= P's books 7,500 + 12,500)."""
    ws = _copy(A38, tmp_path)
    _replace(ws / "group.yaml", ("framework: ifrs", "framework: jgaap\npolicies:\n  goodwill_amortisation_years: 5"),
             ("  share: 0.4\n  cost: 40000\n", "  share: 0.4\n  cost: 46000\n"))
    _replace(ws / "ledger" / "trial_balances.csv", ("P,2021-12-31,1100,,62000", "P,2021-12-31,1100,,56000"),
             ("P,2021-12-31,1500,A,40000", "P,2021-12-31,1500,A,46000"),
             ("P,2022-12-31,1100,,79000", "P,2022-12-31,1100,,73000"),
             ("P,2022-12-31,1500,A,30000", "P,2022-12-31,1500,A,34500"),
             ("P,2022-12-31,4950,A,-5000", "P,2022-12-31,4950,A,-3500"),
             ("P,2023-12-31,1100,,126000", "P,2023-12-31,1100,,120000"),
             ("P,2023-12-31,3300,,-9000", "P,2023-12-31,3300,,-7500"),
             ("P,2023-12-31,4950,A,-15000", "P,2023-12-31,4950,A,-10500"),
             ("P,2024-12-31,1100,,128000", "P,2024-12-31,1100,,122000"),
             ("P,2024-12-31,3300,,-26000", "P,2024-12-31,3300,,-20000"))
    prior = Context.open(ws).consolidate("2022-12-31")
    assert prior.balance_sheet["1510"] == Decimal(39375) and prior.balance_sheet["3300"] == Decimal(-12375)
    res = Context.open(ws).consolidate("2023-12-31")
    (sale,) = res.associate_sales
    assert (sale.proceeds, sale.gain, sale.carrying) == (Decimal(45000), Decimal(4875), Decimal(40125))
    assert res.income_statement["4300"] == Decimal(-750) and res.profit_total == Decimal(7625)
    assert res.balance_sheet["3300"] == Decimal(-20000) and not res.balance_sheet.get("1510")
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    later = Context.open(ws).consolidate("2024-12-31")
    assert later.balance_sheet["3300"] == Decimal(-22000)
    assert not [e for e in later.eliminations if e.step == "equity_method"]


def test_a39_under_jgaap_with_goodwill(tmp_path):
    """a-39 under jgaap (a-21's variant: P pays 582,400 = USD 4,480 at 130, goodwill USD 480 at USD 8 a month), by
    hand: to the sale USD 88 + 48 amortised; carrying on 06-30 USD 4,984 at 144 = 717,696, at historical rates
    582,400 + 54,000 − 11,880 + 34,080 − 6,816 = 651,784, the whole reserve 65,912 reclassified (外貨建取引等実務指針
    §42); gain 700,000 − 717,696 + 65,912 = 48,216 (P's 117,600); share of profit 34,080 − 6,816 = 27,264."""
    ws = _copy(A39, tmp_path)
    _replace(ws / "group.yaml", ("framework: ifrs", "framework: jgaap\npolicies:\n  goodwill_amortisation_years: 5"),
             ("  share: 0.4\n  cost: 520000\n", "  share: 0.4\n  cost: 582400\n"))
    _replace(ws / "ledger" / "trial_balances.csv", ("P,2021-12-31,1100,,482000", "P,2021-12-31,1100,,419600"),
             ("P,2021-12-31,1500,A,520000", "P,2021-12-31,1500,A,582400"),
             ("P,2022-12-31,1100,,1184000", "P,2022-12-31,1100,,1121600"),
             ("P,2022-12-31,4950,A,-180000", "P,2022-12-31,4950,A,-117600"))
    res = Context.open(ws).consolidate("2022-12-31")
    (sale,) = res.associate_sales
    assert (sale.proceeds, sale.gain, sale.carrying, sale.reserve) == (Decimal(700000), Decimal(48216),
                                                                      Decimal(717696), Decimal(65912))
    assert res.income_statement["4300"] == Decimal(-27264)
    assert not res.balance_sheet.get("3600") and not res.balance_sheet.get("1510")
    j = res.to_json()
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a37_under_jgaap_each_purchase_goodwill_from_its_own_day(tmp_path):
    """a-37 under jgaap (P pays 46,000 for the 40%, goodwill 6,000 at 100 a month; 6,250 for the 5% on 2022-04-01,
    goodwill 6,250 − 5% × 113,000 = 600 at 10 a month from May; ASBJ 16 §12), by hand: 2021 1,100 amortised (carrying
    48,900); to 03-31 1,200 − 300; the purchase 6,250; to 06-30 1,350 − 300 − 20; carrying 57,080 (= 45% × 116,000
    + 4,300 + 580) off; gain 62,000 − 57,080 = 4,920 (P's 62,000 − 52,250 = 9,750); share of profit 2,550 − 620 =
    1,930; profit 2,000 + 1,930 + 4,920 = 8,850; retained earnings 4,900 → 13,750 (= P's books 4,000 + 9,750)."""
    ws = _copy(A37, tmp_path)
    _replace(ws / "group.yaml", ("framework: ifrs", "framework: jgaap\npolicies:\n  goodwill_amortisation_years: 5"),
             ("  share: 0.4\n  cost: 40000\n", "  share: 0.4\n  cost: 46000\n"),
             ("  share: 0.45\n  cost: 6000\n", "  share: 0.45\n  cost: 6250\n"))
    _replace(ws / "ledger" / "trial_balances.csv", ("P,2021-12-31,1100,,62000", "P,2021-12-31,1100,,56000"),
             ("P,2021-12-31,1500,A,40000", "P,2021-12-31,1500,A,46000"),
             ("P,2022-12-31,1100,,120000", "P,2022-12-31,1100,,113750"),
             ("P,2022-12-31,4950,A,-16000", "P,2022-12-31,4950,A,-9750"))
    res = Context.open(ws).consolidate("2022-12-31")
    (sale,) = res.associate_sales
    assert (sale.proceeds, sale.gain, sale.carrying) == (Decimal(62000), Decimal(4920), Decimal(57080))
    assert res.income_statement["4300"] == Decimal(-1930) and res.profit_total == Decimal(8850)
    assert res.balance_sheet["3300"] == Decimal(-13750) and not res.balance_sheet.get("1510")
    j = res.to_json()
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a40_with_a_dividend_before_the_sale(tmp_path):
    """a-40 with A's USD 500 declared in the first half (H's 200, its dividend income at the year's average 145 =
    29,000), by hand: carrying on 06-30 USD 4,440 at 144 = 639,360, at historical rates 574,000 + 34,080 − 29,000 =
    579,080, the reserve 60,280 reclassified; gain 725,000 − 639,360 + 60,280 = 145,920 (H's 145,000); the year after
    carries the same 60,000 (the group's 54,000 + 180,000 against H's translated 174,000)."""
    ws = _copy(A40, tmp_path)
    _replace(ws / "ledger" / "trial_balances.csv", ("A,2022-06-30,1400,,11600\n",
                                                   "A,2022-06-30,1400,,11100\nA,2022-06-30,3400,,500\n"),
             ("H,2022-12-31,1100,,11000\n", "H,2022-12-31,1100,,11200\nH,2022-12-31,4200,A,-200\n"),
             ("H,2023-12-31,1100,,11000\n", "H,2023-12-31,1100,,11200\n"),
             ("H,2023-12-31,3300,,-1000\n", "H,2023-12-31,3300,,-1200\n"))
    res = Context.open(ws).consolidate("2022-12-31")
    (sale,) = res.associate_sales
    assert (sale.gain, sale.carrying, sale.reserve) == (Decimal(145920), Decimal(639360), Decimal(60280))
    assert res.profit_total == Decimal(180000) and not res.income_statement.get("4200")
    j = res.to_json()
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    later = Context.open(ws).consolidate("2023-12-31")
    assert _lines(later, "equity_method") == {"3300": Decimal(-60000), "3600": Decimal(60000)}
    assert later.balance_sheet["3300"] == Decimal(-234000)
    j = later.to_json()
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def _a20_rest_sold_that_year(tmp_path: Path) -> Path:
    """a-20 (10% of P's 40% sold on 2022-07-01 for 15,000) with the rest, 30%, sold on 2022-10-01 for 40,000: A's
    trial balance at 2022-09-30 (profit to date 9,000, net assets 119,000), none at the year end; P's books: gains
    5,000 + 10,000, cash 62,000 + 2,000 + 55,000."""
    ws = _copy(CASES / "a-20-associate-sold-in-part" / "workspace", tmp_path)
    _append(ws / "group.yaml", "- date: '2022-10-01'\n  holder: P\n  entity: A\n  share: 0\n  cost: 40000\n")
    _replace(ws / "ledger" / "trial_balances.csv",
             ("P,2022-12-31,1100,,79000\nP,2022-12-31,1500,A,30000\n", "P,2022-12-31,1100,,119000\n"),
             ("P,2022-12-31,4950,A,-5000\n", "P,2022-12-31,4950,A,-15000\n"),
             ("A,2022-12-31,1400,,122000\nA,2022-12-31,3100,,-100000\nA,2022-12-31,3300,,-10000\n"
              "A,2022-12-31,4100,,-32000\nA,2022-12-31,5200,,20000\n",
              "A,2022-09-30,1400,,119000\nA,2022-09-30,3100,,-100000\nA,2022-09-30,3300,,-10000\n"
              "A,2022-09-30,4100,,-24000\nA,2022-09-30,5200,,15000\n"))
    return ws


def test_a20_the_rest_sold_later_that_year(tmp_path):
    """a-20 and the rest sold on 2022-10-01, by hand: the part sold as a-20 (11,600 off, gain 3,400); then 30% ×
    3,000 = 900, carrying 35,700 off, P's cost left 30,000 back, gain 40,000 − 35,700 = 4,300 (P's 10,000); share of
    profit 3,300; profit 2,000 + 3,300 + 7,700 = 13,000; retained earnings 6,000 → 19,000 (= P's books)."""
    ws = _a20_rest_sold_that_year(tmp_path)
    res = Context.open(ws).consolidate("2022-12-31")
    part, rest = res.associate_sales
    assert (part.gain, part.carrying, rest.gain, rest.carrying) == (Decimal(3400), Decimal(11600), Decimal(4300),
                                                                    Decimal(35700))
    assert res.income_statement["4300"] == Decimal(-3300) and res.profit_total == Decimal(13000)
    assert res.balance_sheet["3300"] == Decimal(-19000) and not res.balance_sheet.get("1510")
    j = res.to_json()
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a20_the_rest_sold_later_that_year_under_jgaap(tmp_path):
    """The same under jgaap (P pays 46,000, goodwill 6,000 at 100 a month), by hand: to 06-30 as a-20's variant (50,700,
    12,675 off, gain 2,325, 3,225 left at 75 a month); to 09-30 900 − 225; carrying 38,700 (= 35,700 + 3,000) off, gain
    1,300 (P's 40,000 − 34,500 = 5,500); share of profit 2,400 − 600 + 900 − 225 = 2,475; profit 2,000 + 2,475 + 2,325
    + 1,300 = 8,100; retained earnings 4,900 → 13,000 (= P's books 2,000 + 11,000)."""
    ws = _a20_rest_sold_that_year(tmp_path)
    _replace(ws / "group.yaml", ("framework: ifrs", "framework: jgaap\npolicies:\n  goodwill_amortisation_years: 5"),
             ("  share: 0.4\n  cost: 40000\n", "  share: 0.4\n  cost: 46000\n"))
    _replace(ws / "ledger" / "trial_balances.csv", ("P,2021-12-31,1100,,62000", "P,2021-12-31,1100,,56000"),
             ("P,2021-12-31,1500,A,40000", "P,2021-12-31,1500,A,46000"),
             ("P,2022-12-31,1100,,119000", "P,2022-12-31,1100,,113000"),
             ("P,2022-12-31,4950,A,-15000", "P,2022-12-31,4950,A,-9000"))
    res = Context.open(ws).consolidate("2022-12-31")
    part, rest = res.associate_sales
    assert (part.gain, part.carrying, rest.gain, rest.carrying) == (Decimal(2325), Decimal(12675), Decimal(1300),
                                                                    Decimal(38700))
    assert res.income_statement["4300"] == Decimal(-2475) and res.profit_total == Decimal(8100)
    assert res.balance_sheet["3300"] == Decimal(-13000) and not res.balance_sheet.get("1510")
    j = res.to_json()
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a21_the_rest_of_a_foreign_associate_sold_later_that_year(tmp_path):
    """a-21 (A in USD) with the rest, 30%, sold on 2022-10-01 for ¥550,000: A earns USD 300 from 07-01 to 09-30 (net
    assets USD 11,900 then), USD 2022-09-30 average 143, closing 146. By hand: the part sold as a-21 (167,040 off,
    15,020 reclassified, gain 27,980); left USD 3,480, 456,060 at historical rates, reserve 45,060; 30% × USD 300 =
    USD 90 at 143 = 12,870; carrying USD 3,570 at 146 = 521,220 off, at historical rates 468,930, the whole reserve
    52,290 reclassified (45,060 + 3,480 × 2 + 90 × 3); gain 550,000 − 521,220 + 52,290 = 81,070 (P's 160,000);
    share of profit 34,080 + 12,870 = 46,950; profit 158,000; retained earnings 56,000 → 214,000 (P's books); OCI
    exchange differences 18,080 + 7,230, reclassified −67,310, reserve 42,000 → 0."""
    ws = _copy(CASES / "a-21-foreign-associate-sold-in-part" / "workspace", tmp_path)
    _append(ws / "group.yaml", "- date: '2022-10-01'\n  holder: P\n  entity: A\n  share: 0\n  cost: 550000\n")
    _replace(ws / "ledger" / "trial_balances.csv",
             ("P,2022-12-31,1100,,664000\nP,2022-12-31,1500,A,390000\n", "P,2022-12-31,1100,,1214000\n"),
             ("P,2022-12-31,4950,A,-50000\n", "P,2022-12-31,4950,A,-210000\n"),
             ("A,2022-12-31,1400,,12200\nA,2022-12-31,3100,,-10000\nA,2022-12-31,3300,,-1000\n"
              "A,2022-12-31,4100,,-3200\nA,2022-12-31,5200,,2000\n",
              "A,2022-09-30,1400,,11900\nA,2022-09-30,3100,,-10000\nA,2022-09-30,3300,,-1000\n"
              "A,2022-09-30,4100,,-2400\nA,2022-09-30,5200,,1500\n"))
    _append(ws / "rates.csv", "USD,2022-09-30,average,143\nUSD,2022-09-30,closing,146\n")
    res = Context.open(ws).consolidate("2022-12-31")
    part, rest = res.associate_sales
    assert (part.gain, part.reserve, rest.gain, rest.carrying, rest.reserve) == (
        Decimal(27980), Decimal(15020), Decimal(81070), Decimal(521220), Decimal(52290))
    assert res.income_statement["4300"] == Decimal(-46950) and res.profit_total == Decimal(158000)
    assert res.balance_sheet["3300"] == Decimal(-214000) and not res.balance_sheet.get("3600")
    j = res.to_json()
    assert j["comprehensive_income"]["oci"]["exchange_differences"] == "25310"
    assert j["comprehensive_income"]["oci"]["reclassified_on_disposal"] == "-67310"
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a22_the_rest_sold_later_that_year_by_a_usd_holding_is_refused(tmp_path):
    """a-22 (H in USD) with the rest sold later in the year of the part: not worked for a holder in another currency:
    refused, naming it."""
    ws = _copy(CASES / "a-22-associate-sold-in-part-by-usd-holding" / "workspace", tmp_path)
    _append(ws / "group.yaml", "- date: '2022-10-01'\n  holder: H\n  entity: A\n  share: 0\n  cost: 3800\n")
    (p,) = _refused(ws)
    assert "H sells the rest of associate A on 2022-10-01 (0.3 to 0), after selling part of it on 2022-07-01" in \
        p.message
    assert ": part of it was sold earlier that year (on 2022-07-01) and H books in USD" in p.message, p.message


def test_a31_the_rest_of_a_foreign_associate_bought_in_steps_sold(tmp_path):
    """a-31 (a-30 one year on: A in USD bought in two steps, half sold in 2023) with the rest, 15%, sold on 2024-07-01
    for ¥36,000: A earns USD 40 to 2024-06-30 (net assets USD 1,330); USD 2024-06-30 average 133, closing 136. By hand:
    the start USD 223.5, 23,675 at historical rates, reserve 5,380 (a-31); 15% × 40 = USD 6 at 133 = 798; carrying
    USD 229.5 at 136 = 31,212 off, at historical rates 24,473, the whole reserve 6,739 reclassified (5,380 + 223.5 × 6
    + 6 × 3; OCI 1,359 before); gain 36,000 − 31,212 + 6,739 = 11,527 (P's 36,000 − 19,220 = 16,780); profit 12,325;
    retained earnings 15,235 → 27,560 (= P's books 10,780 + 16,780)."""
    ws = _copy(CASES / "a-31-foreign-associate-steps-year-after-sale" / "workspace", tmp_path)
    _replace(ws / "ledger" / "trial_balances.csv",
             ("P,2024-12-31,1100,,91560,\nP,2024-12-31,1500,A,19220,\n", "P,2024-12-31,1100,,127560,\n"),
             ("P,2024-12-31,3300,,-10780,\n", "P,2024-12-31,3300,,-10780,\nP,2024-12-31,4950,A,-16780,\n"),
             ("A,2024-12-31,1100,,1350,\nA,2024-12-31,3100,,-1000,\nA,2024-12-31,3300,,-290,\n"
              "A,2024-12-31,4100,,-360,\nA,2024-12-31,5200,,300,\n",
              "A,2024-06-30,1100,,1330,\nA,2024-06-30,3100,,-1000,\nA,2024-06-30,3300,,-290,\n"
              "A,2024-06-30,4100,,-240,\nA,2024-06-30,5200,,200,\n"))
    _append(ws / "rates.csv", "USD,2024-06-30,average,133\nUSD,2024-06-30,closing,136\n")
    _append(ws / "group.yaml", "- date: '2024-07-01'\n  holder: P\n  entity: A\n  share: 0\n  cost: 36000\n")
    res = Context.open(ws).consolidate("2024-12-31")
    (sale,) = res.associate_sales
    assert (sale.proceeds, sale.gain, sale.carrying, sale.reserve) == (Decimal(36000), Decimal(11527), Decimal(31212),
                                                                      Decimal(6739))
    assert res.income_statement["4300"] == Decimal(-798) and res.profit_total == Decimal(12325)
    assert res.balance_sheet["3300"] == Decimal(-27560) and not res.balance_sheet.get("3600")
    j = res.to_json()
    assert j["comprehensive_income"]["oci"]["exchange_differences"] == "1359"
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def _a40_held_80_percent(tmp_path: Path) -> Path:
    """a-40 with P holding 80% of H (the review's probe): H's NCI 20%."""
    ws = _copy(A40, tmp_path)
    _replace(ws / "group.yaml", ("  share: 1\n  cost: 1300000", "  share: 0.8\n  cost: 1040000"))
    _replace(ws / "ledger" / "trial_balances.csv", *[(f"P,{y}-12-31,1100,,700000\nP,{y}-12-31,1500,H,1300000",
                                                       f"P,{y}-12-31,1100,,960000\nP,{y}-12-31,1500,H,1040000")
                                                      for y in (2021, 2022, 2023)])
    return ws


def test_a40_by_a_usd_holding_with_nci_of_its_own_is_refused(tmp_path):
    """Found by review: with P holding 80% of H, the sale year gave H's NCI 342,000 where 20% × H's net assets (USD
    11,000 × 150) is 330,000, and the owners' reserve 104,000 for 0.8 × 145,000 = 116,000, every check passing.
    Refused now, in the sale year and the years after, naming H's NCI; the year before the sale still consolidates."""
    ws = _a40_held_80_percent(tmp_path)
    Context.open(ws).consolidate("2021-12-31")
    for period in ("2022-12-31", "2023-12-31"):
        problems = _refused(ws, period)
        assert problems and all("H has NCI of its own (0.2) and H books in USD" in p.message for p in problems), period
