"""Part of an associate that was never a subsidiary sold keeping significant influence (issue 10; IAS 28.25;
docs/consolidation.md "Part of an associate sold"), beyond a-20 (tests/consolidation/test_deconsolidation_later.py):
a foreign associate (a-21), one held by a foreign holding company (a-22), the years after (a-23), a dividend in the year (a-24), and what stays\nrefused.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parents[1] / "cases"
A20 = CASES / "equity-method" / "a-20-associate-sold-in-part" / "workspace"
A35 = CASES / "equity-method" / "a-35-associate-sold-whole" / "workspace"
A21 = CASES / "equity-method" / "a-21-foreign-associate-sold-in-part" / "workspace"
A22 = CASES / "equity-method" / "a-22-associate-sold-in-part-by-usd-holding" / "workspace"
A24 = CASES / "equity-method" / "a-24-associate-sold-in-part-after-a-dividend" / "workspace"


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


def test_a21_the_sale_of_part_of_a_foreign_associate_reclassifies_its_part_of_the_reserve():
    """a-21: P (JPY) sells 10 of its 40% of A (USD) for ¥180,000. Carrying amount on 06-30 USD 4,640 at 144 =
    668,160, its reserve 60,080: a quarter of each off (167,040; 15,020 reclassified, IAS 21.48C); gain 27,980
    (P's books 50,000); the equity method 40% to the sale at 142, 30% after at 145 (IAS 28.10)."""
    res = Context.open(A21).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(180000), Decimal(27980),
                                                                      Decimal(167040), Decimal(15020))
    assert _lines(res, "disposal") == {"1500": Decimal(130000), "1510": Decimal(-167040), "3600": Decimal(15020),
                                       "4950": Decimal(22020)}
    # the cost of the purchase at its rate, 2021's share at 135, this year's 34,080 + 26,100, the reserve to date
    assert _lines(res, "equity_method") == {"1510": Decimal(716040), "1500": Decimal(-520000),
                                            "3300": Decimal(-54000), "4300": Decimal(-60180),
                                            "3600": Decimal(-81860)}
    j = res.to_json()
    assert j["comprehensive_income"]["oci"]["reclassified_on_disposal"] == "-15020"
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def _a21_jgaap(tmp_path: Path) -> Path:
    ws = _copy(A21, tmp_path)
    _replace(ws / "group.yaml", ("framework: ifrs", "framework: jgaap\npolicies:\n  goodwill_amortisation_years: 5"),
             ("  share: 0.4\n  cost: 520000\n", "  share: 0.4\n  cost: 582400\n"))
    _replace(ws / "ledger" / "trial_balances.csv", ("P,2021-12-31,1100,,482000", "P,2021-12-31,1100,,419600"),
             ("P,2021-12-31,1500,A,520000", "P,2021-12-31,1500,A,582400"),
             ("P,2022-12-31,1100,,664000", "P,2022-12-31,1100,,601600"),
             ("P,2022-12-31,1500,A,390000", "P,2022-12-31,1500,A,436800"),
             ("P,2022-12-31,4950,A,-50000", "P,2022-12-31,4950,A,-34400"))
    return ws


def test_a21_under_jgaap_the_goodwill_leaves_pro_rata(tmp_path):
    """a-21 under jgaap (README "Variant"): goodwill USD 480 over 5 years, USD 8 a month; 2021 USD 88 at 135 =
    11,880; to the sale USD 48 at 142 = 6,816; carrying on 06-30 USD 4,984 at 144 = 717,696, reserve 65,912; a
    quarter off (179,424; 16,478 reclassified), gain 17,054; goodwill left USD 258 over 43 months, USD 36 at 145 =
    5,220 to the year end; carrying USD 3,882 at 150 = 582,300, reserve 72,582; profit 67,198."""
    res = Context.open(_a21_jgaap(tmp_path)).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(180000), Decimal(17054),
                                                                      Decimal(179424), Decimal(16478))
    assert _lines(res, "goodwill_amortisation") == {"4300": Decimal(12036), "3300": Decimal(11880),
                                                    "1510": Decimal(-23916)}
    j = res.to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert bs == {"1100": Decimal(601600), "1510": Decimal(582300), "3100": Decimal(-1000000),
                  "3300": Decimal(-111318), "3600": Decimal(-72582)}
    inc = {k: Decimal(v) for k, v in j["income_statement"].items()}
    assert (inc["4300"], inc["4950"]) == (Decimal(-48144), Decimal(-17054))
    assert Decimal(j["profit"]["total"]) == Decimal(67198)
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    # 2021: carrying USD 4,792 at 140, reserve 46,360
    bs21 = {k: Decimal(v) for k, v in Context.open(_a21_jgaap(tmp_path / "b")).consolidate("2021-12-31")
            .to_json()["balance_sheet"].items()}
    assert (bs21["1510"], bs21["3600"]) == (Decimal(670880), Decimal(-46360))


def test_a22_a_foreign_holder_s_proceeds_and_cost_sold_at_the_rate_of_its_gain():
    """a-22: H (USD, wholly owned) sells 10 of its 40% of A (USD) for USD 1,250: proceeds at H's average 145 =
    181,250, gain 29,230 (= 181,250 − 167,040 + 15,020; H's books USD 250 = 36,250). The disposal entry puts H's
    cost sold back at 145 (the rate inside H's gain); the 1,000 × (150 − 145) its investment carries on top leaves
    H's reserve in an entry of kind seller_cost (not a reclassification)."""
    res = Context.open(A22).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(181250), Decimal(29230),
                                                                      Decimal(167040), Decimal(15020))
    assert _lines(res, "disposal") == {"1500": Decimal(145000), "1510": Decimal(-167040), "3600": Decimal(15020),
                                       "4950": Decimal(7020)}
    assert _lines(res, "seller_cost") == {"1500": Decimal(5000), "3600": Decimal(-5000)}
    assert _lines(res, "equity_method") == {"1510": Decimal(716040), "1500": Decimal(-600000),
                                            "3300": Decimal(-54000), "4300": Decimal(-60180),
                                            "3600": Decimal(80000 - 81860)}
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


A23 = CASES / "equity-method" / "a-23-foreign-associate-year-after-sale" / "workspace"
_A_2023 = ("A,2023-12-31,1400,,13000\nA,2023-12-31,3100,,-10000\nA,2023-12-31,3300,,-2200\n"
           "A,2023-12-31,4100,,-3000\nA,2023-12-31,5200,,2200\n")


def _append(f: Path, text: str) -> None:
    f.write_text(f.read_text(encoding="utf-8") + text, encoding="utf-8")


def _year_2023(ws: Path, holder_rows: str) -> None:
    _append(ws / "rates.csv", "USD,2023-12-31,average,152\nUSD,2023-12-31,closing,155\n")
    _append(ws / "ledger" / "trial_balances.csv", holder_rows + _A_2023)


def test_a23_the_year_after_starts_from_the_stretches_run_again():
    """a-23 (a-21 one year on): the carrying amount at the start 482,160 at historical rates (USD 3,660), P's
    remaining cost 390,000 off, 92,160 in retained earnings (54,000 + 60,180 − the 2022 correction 22,020), this
    year 30% × USD 800 at 152; the reserve 85,860."""
    res = Context.open(A23).consolidate("2023-12-31")
    assert res.associate_sales == ()
    assert _lines(res, "equity_method") == {"1510": Decimal(604500), "1500": Decimal(-390000),
                                            "3300": Decimal(-92160), "4300": Decimal(-36480),
                                            "3600": Decimal(-85860)}
    j = res.to_json()
    assert j["comprehensive_income"]["oci"] == {"exchange_differences": "19020", "reclassified_on_disposal": "0",
                                                "total": "19020"}
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a23_under_jgaap_the_goodwill_left_is_amortised_on(tmp_path):
    """a-23's jgaap variant (README): goodwill USD 222 left, USD 6 a month, 2023 USD 72 at 152 = 10,944; carrying
    USD 4,050 at 155 = 627,750; reserve 92,496; retained earnings at the start 111,318 (a-21's variant)."""
    ws = _a21_jgaap(tmp_path)
    _year_2023(ws, "P,2023-12-31,1100,,603600\nP,2023-12-31,1500,A,436800\nP,2023-12-31,3100,,-1000000\n"
                   "P,2023-12-31,3300,,-38400\nP,2023-12-31,4100,,-5000\nP,2023-12-31,5200,,3000\n")
    res = Context.open(ws).consolidate("2023-12-31")
    assert _lines(res, "goodwill_amortisation") == {"4300": Decimal(10944), "3300": Decimal(23916),
                                                    "1510": Decimal(-34860)}
    j = res.to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert bs == {"1100": Decimal(603600), "1510": Decimal(627750), "3100": Decimal(-1000000),
                  "3300": Decimal(-138854), "3600": Decimal(-92496)}
    assert Decimal(j["income_statement"]["4300"]) == Decimal(-25536)
    assert Decimal(j["changes_in_equity"]["3300"]["opening"]) == Decimal(111318)
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a23_held_by_a_usd_holding(tmp_path):
    """a-22 one year on (a-23's README): H's investment 465,000 off, its cost left at historical rates 520,000 −
    1,000 × 145 = 375,000 (90,000 back out of the reserve), 107,160 in retained earnings; reserve 248,360."""
    ws = _copy(A22, tmp_path)
    _year_2023(ws, "P,2023-12-31,1100,,700000\nP,2023-12-31,1500,H,1300000\nP,2023-12-31,3100,,-2000000\n"
                   "H,2023-12-31,1100,,7250\nH,2023-12-31,1500,A,3000\nH,2023-12-31,3100,,-10000\n"
                   "H,2023-12-31,3300,,-250\n")
    res = Context.open(ws).consolidate("2023-12-31")
    assert _lines(res, "equity_method") == {"1510": Decimal(604500), "1500": Decimal(-465000),
                                            "3600": Decimal(90000 - 85860), "3300": Decimal(-107160),
                                            "4300": Decimal(-36480)}
    j = res.to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert bs == {"1100": Decimal(1823750), "1510": Decimal(604500), "3100": Decimal(-2000000),
                  "3300": Decimal(-179890), "3600": Decimal(-248360)}
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a24_a_dividend_before_the_sale_lowers_the_carrying_amount_sold():
    """a-24: A declares 5,000 before the sale, P gets 2,000: carrying on 06-30 44,400, the quarter 11,100 sold, gain
    3,900; carrying 35,100."""
    res = Context.open(A24).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(3900), Decimal(11100))
    assert _lines(res, "disposal") == {"1500": Decimal(10000), "1510": Decimal(-11100), "4950": Decimal(1100)}
    assert _lines(res, "equity_method") == {"1510": Decimal(46200), "1500": Decimal(-40000), "3300": Decimal(-4000),
                                            "4300": Decimal(-4200), "4200": Decimal(2000)}


def test_a24_a_dividend_after_the_sale_is_not_in_the_part_sold(tmp_path):
    """a-24's variant (README): the 5,000 declared after the sale, P gets 30%, 1,500: a-20's 11,600 sold (gain
    3,400), carrying 35,100, profit 9,600."""
    ws = _copy(A24, tmp_path)
    _replace(ws / "ledger" / "trial_balances.csv", ("A,2022-06-30,1400,,111000\nA,2022-06-30,3400,,5000",
                                                    "A,2022-06-30,1400,,116000"),
             ("P,2022-12-31,1100,,81000\nP,2022-12-31,4200,A,-2000", "P,2022-12-31,1100,,80500\n"
                                                                     "P,2022-12-31,4200,A,-1500"))
    res = Context.open(ws).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(3400), Decimal(11600))
    j = res.to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert bs == {"1100": Decimal(80500), "1510": Decimal(35100), "3100": Decimal(-100000), "3300": Decimal(-15600)}
    assert Decimal(j["profit"]["total"]) == Decimal(9600)
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a24_the_year_after(tmp_path):
    """a-24 in 2023 (A earns 10,000): the carrying amount at the start 35,100 (the dividend in its stretch), P's
    30,000 off, 5,100 in retained earnings (P's 11,000 + 5,100 = 16,100, a-24's closing); carrying 38,100."""
    ws = _copy(A24, tmp_path)
    _append(ws / "ledger" / "trial_balances.csv",
            "P,2023-12-31,1100,,83000\nP,2023-12-31,1500,A,30000\nP,2023-12-31,3100,,-100000\n"
            "P,2023-12-31,3300,,-11000\nP,2023-12-31,4100,,-5000\nP,2023-12-31,5200,,3000\n"
            "A,2023-12-31,1400,,127000\nA,2023-12-31,3100,,-100000\nA,2023-12-31,3300,,-17000\n"
            "A,2023-12-31,4100,,-30000\nA,2023-12-31,5200,,20000\n")
    res = Context.open(ws).consolidate("2023-12-31")
    assert _lines(res, "equity_method") == {"1510": Decimal(38100), "1500": Decimal(-30000), "3300": Decimal(-5100),
                                            "4300": Decimal(-3000)}
    j = res.to_json()
    assert Decimal(j["changes_in_equity"]["3300"]["opening"]) == Decimal(16100)
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a21_with_a_dividend_before_the_sale(tmp_path):
    """a-21 with A declaring USD 500 before the sale, P booking its 40% as ¥28,400 (USD 200 at 142). By hand:
    carrying on 06-30 USD 4,440 at 144 = 639,360, at historical rates 608,080 − 28,400 = 579,680, reserve 59,680;
    a quarter off, 159,840, and 14,920 reclassified; gain 180,000 − 159,840 + 14,920 = 35,080; carrying at the year
    end USD 3,330 + 180 = 3,510 (30% × 11,700) at 150 = 526,500."""
    ws = _copy(A21, tmp_path)
    _replace(ws / "ledger" / "trial_balances.csv",
             ("A,2022-06-30,1400,,11600", "A,2022-06-30,1400,,11100\nA,2022-06-30,3400,,500"),
             ("A,2022-12-31,1400,,12200", "A,2022-12-31,1400,,11700\nA,2022-12-31,3400,,500"),
             ("P,2022-12-31,1100,,664000", "P,2022-12-31,1100,,692400\nP,2022-12-31,4200,A,-28400"))
    res = Context.open(ws).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying, part.reserve) == (Decimal(35080), Decimal(159840), Decimal(14920))
    j = res.to_json()
    assert Decimal(j["balance_sheet"]["1510"]) == Decimal(526500)
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


A25 = CASES / "equity-method" / "a-25-associate-sold-in-part-by-holder-with-nci" / "workspace"


def _held_by_s(ws: Path, cost: int, capital: int) -> None:
    """The workspace's P becomes S, 80% owned by a new parent P (paying ``cost`` for S's ``capital``; cash as much)."""
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8").replace("- id: A\n  name: Associate KK",
                                                 "- id: S\n  name: Subsidiary KK\n  currency: JPY\n"
                                                 "- id: A\n  name: Associate KK")
    head, rows = text.split("holdings:\n")
    g.write_text(head + "holdings:\n- date: '2021-01-01'\n  holder: P\n  entity: S\n  share: 0.8\n"
                 f"  cost: {cost}\n  equity_at_acquisition:\n    '3100': {capital}\n"
                 + rows.replace("holder: P", "holder: S"), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    lines = tb.read_text(encoding="utf-8").replace("\nP,", "\nS,")
    for y in ("2021-12-31", "2022-12-31", "2023-12-31")[:3 if "2023-12-31" in lines else 2]:
        lines += f"P,{y},1100,,{2 * capital - cost}\nP,{y},1500,S,{cost}\nP,{y},3100,,-{2 * capital}\n"
    tb.write_text(lines, encoding="utf-8")


def test_a25_the_gain_is_the_holder_s_and_its_nci_share_it():
    """a-25: S (80% of it P's) sells 10 of its 40% of A: gain 3,400 in S's profit 9,600, NCI 1,920 of it."""
    res = Context.open(A25).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.holder, part.gain) == ("S", Decimal(3400))
    j = res.to_json()
    assert (j["profit"]["owners"], j["profit"]["nci"]) == ("7680", "1920")
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a21_held_by_a_subsidiary_with_nci(tmp_path):
    """a-21 held by S, 80% P's (P pays 800,000 for S's 1,000,000). By hand: S's profit 2,000 + 60,180 + 27,980 =
    90,160, NCI 18,032; the associate's reserve 66,840 (15,020 reclassified with the gain), NCI 20% = 13,368; NCI
    20% × 1,213,000 = 242,600; retained earnings 80% × 146,160 = 116,928; reserve 53,472."""
    ws = _copy(A21, tmp_path)
    _held_by_s(ws, 800000, 1000000)
    j = Context.open(ws).consolidate("2022-12-31").to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert bs == {"1100": Decimal(1864000), "1510": Decimal(549000), "3100": Decimal(-2000000),
                  "3300": Decimal(-116928), "3600": Decimal(-53472), "3900": Decimal(-242600)}
    assert (j["profit"]["owners"], j["profit"]["nci"]) == ("72128", "18032")
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a23_held_by_a_subsidiary_with_nci(tmp_path):
    """a-23 held by S, 80% P's: S's profit 2,000 + 36,480, NCI 7,696; the reserve 85,860, NCI 17,172; NCI 20% ×
    1,270,500 = 254,100; retained earnings 80% × 184,640 = 147,712."""
    ws = _copy(A23, tmp_path)
    _held_by_s(ws, 800000, 1000000)
    j = Context.open(ws).consolidate("2023-12-31").to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert bs == {"1100": Decimal(1866000), "1510": Decimal(604500), "3100": Decimal(-2000000),
                  "3300": Decimal(-147712), "3600": Decimal(-68688), "3900": Decimal(-254100)}
    assert (j["profit"]["owners"], j["profit"]["nci"]) == ("30784", "7696")
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


A26 = CASES / "equity-method" / "a-26-associate-sold-in-part-then-bought" / "workspace"


def test_a26_a_purchase_after_the_sale_is_a_stretch_of_its_own():
    """a-26: 5% more bought on 2022-10-01 for 8,000 after the sale: the sale as a-20's (P's cost 10,000 back, at the
    average cost of the day, not 38,000 × 10/35), 30% × 3,000 to 09-30, 35% × 3,000 after; carrying 44,750."""
    res = Context.open(A26).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(3400), Decimal(11600))
    assert _lines(res, "disposal") == {"1500": Decimal(10000), "1510": Decimal(-11600), "4950": Decimal(1600)}
    assert _lines(res, "equity_method") == {"1510": Decimal(56350), "1500": Decimal(-48000), "3300": Decimal(-4000),
                                            "4300": Decimal(-4350)}


def _a20_bought_before_the_sale(tmp_path: Path) -> Path:
    ws = _copy(A20, tmp_path)
    _replace(ws / "group.yaml", ("- date: '2022-07-01'\n  holder: P\n  entity: A\n  share: 0.3\n  cost: 15000\n",
                                 "- date: '2022-04-01'\n  holder: P\n  entity: A\n  share: 0.5\n  cost: 12000\n"
                                 "- date: '2022-07-01'\n  holder: P\n  entity: A\n  share: 0.3\n  cost: 30000\n"))
    _replace(ws / "ledger" / "trial_balances.csv", ("P,2022-12-31,1100,,79000", "P,2022-12-31,1100,,82000"),
             ("P,2022-12-31,1500,A,30000", "P,2022-12-31,1500,A,31200"),
             ("P,2022-12-31,4950,A,-5000", "P,2022-12-31,4950,A,-9200"))
    _append(ws / "ledger" / "trial_balances.csv", "A,2022-03-31,1400,,113000\nA,2022-03-31,3100,,-100000\n"
            "A,2022-03-31,3300,,-10000\nA,2022-03-31,4100,,-8000\nA,2022-03-31,5200,,5000\n")
    return ws


def test_a20_a_purchase_before_the_sale(tmp_path):
    """a-20 with 10% bought on 2022-04-01 for 12,000 (40% to 50%; A earns 3,000 a quarter in the first half, net
    assets 113,000 on 03-31) and 20 of the 50% sold on 07-01 for 30,000. By hand: 40% × 3,000 = 1,200; carrying
    45,200 + 12,000 = 57,200 (goodwill 12,000 − 11,300 = 700); 50% × 3,000 = 1,500, carrying 58,700 on 06-30; 2/5
    sold, 23,480, gain 6,520 (P's books: average cost 52,000 for 50%, 20,800 off, gain 9,200); carrying 35,220 +
    1,800 = 37,020 (30% × 122,000 + 420); profit 2,000 + 4,500 + 6,520 = 13,020."""
    ws = _a20_bought_before_the_sale(tmp_path)
    res = Context.open(ws).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(6520), Decimal(23480))
    assert _lines(res, "disposal") == {"1500": Decimal(20800), "1510": Decimal(-23480), "4950": Decimal(2680)}
    j = res.to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert bs == {"1100": Decimal(82000), "1510": Decimal(37020), "3100": Decimal(-100000), "3300": Decimal(-19020)}
    assert Decimal(j["profit"]["total"]) == Decimal(13020)
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a20_a_purchase_before_the_sale_the_year_after(tmp_path):
    """test_a20_a_purchase_before_the_sale in 2023 (A earns 10,000): by hand, the start is 2022's end, 37,020 (40% to
    03-31, the 10% bought on 04-01 for 12,000 in at its day, 50% to 06-30, 2/5 sold, 30% after); P's 31,200 off,
    5,820 in retained earnings (P's 13,200 + 5,820 = 19,020, 2022's closing); 30% × 10,000 = 3,000; carrying
    40,020 (30% × 132,000 + the goodwill left 420); retained earnings 19,020 + 2,000 + 3,000 = 24,020."""
    ws = _a20_bought_before_the_sale(tmp_path)
    _append(ws / "ledger" / "trial_balances.csv",
            "P,2023-12-31,1100,,84000\nP,2023-12-31,1500,A,31200\nP,2023-12-31,3100,,-100000\n"
            "P,2023-12-31,3300,,-13200\nP,2023-12-31,4100,,-5000\nP,2023-12-31,5200,,3000\n"
            "A,2023-12-31,1400,,132000\nA,2023-12-31,3100,,-100000\nA,2023-12-31,3300,,-22000\n"
            "A,2023-12-31,4100,,-30000\nA,2023-12-31,5200,,20000\n")
    res = Context.open(ws).consolidate("2023-12-31")
    assert _lines(res, "equity_method") == {"1510": Decimal(40020), "1500": Decimal(-31200), "3300": Decimal(-5820),
                                            "4300": Decimal(-3000)}
    j = res.to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert bs == {"1100": Decimal(84000), "1510": Decimal(40020), "3100": Decimal(-100000), "3300": Decimal(-24020)}
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a20_a_purchase_in_an_earlier_year_then_the_year_after(tmp_path):
    """a-20 with 5% more bought on 2021-07-01 for 8,000 (A's equity then 105,000; goodwill 2,750) and 9 of the 45%
    sold on 2022-07-01 for 12,000. By hand: 2021 40% × 10,000 + 5% × 5,000 = 4,250, carrying 52,250; 45% × 6,000
    = 2,700, carrying 54,950 on 06-30, a fifth sold 10,990, gain 1,010 (P's books: 48,000 / 5 = 9,600 off, gain
    2,400); 36% × 6,000 = 2,160, carrying 46,120 (36% × 122,000 + 2,200). 2023: 46,120 at the start (P's 38,400
    off, 7,720 in retained earnings), 36% × 10,000 = 3,600, carrying 49,720; retained earnings 14,120 → 19,720."""
    ws = _copy(A20, tmp_path)
    _replace(ws / "group.yaml", ("- date: '2022-07-01'\n  holder: P\n  entity: A\n  share: 0.3\n  cost: 15000\n",
                                 "- date: '2021-07-01'\n  holder: P\n  entity: A\n  share: 0.45\n  cost: 8000\n"
                                 "  equity_at_acquisition:\n    '3100': 100000\n    '3300': 5000\n"
                                 "- date: '2022-07-01'\n  holder: P\n  entity: A\n  share: 0.36\n  cost: 12000\n"))
    _replace(ws / "ledger" / "trial_balances.csv", ("P,2022-12-31,1100,,79000", "P,2022-12-31,1100,,68000"),
             ("P,2022-12-31,1500,A,30000", "P,2022-12-31,1500,A,38400"),
             ("P,2022-12-31,4950,A,-5000", "P,2022-12-31,4950,A,-2400"))
    _append(ws / "ledger" / "trial_balances.csv",
            "P,2023-12-31,1100,,70000\nP,2023-12-31,1500,A,38400\nP,2023-12-31,3100,,-100000\n"
            "P,2023-12-31,3300,,-6400\nP,2023-12-31,4100,,-5000\nP,2023-12-31,5200,,3000\n"
            "A,2023-12-31,1400,,132000\nA,2023-12-31,3100,,-100000\nA,2023-12-31,3300,,-22000\n"
            "A,2023-12-31,4100,,-30000\nA,2023-12-31,5200,,20000\n")
    res = Context.open(ws).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(1010), Decimal(10990))
    bs = {k: Decimal(v) for k, v in res.to_json()["balance_sheet"].items()}
    assert bs == {"1100": Decimal(68000), "1510": Decimal(46120), "3100": Decimal(-100000), "3300": Decimal(-14120)}
    res = Context.open(ws).consolidate("2023-12-31")
    assert _lines(res, "equity_method") == {"1510": Decimal(49720), "1500": Decimal(-38400), "3300": Decimal(-7720),
                                            "4300": Decimal(-3600)}
    j = res.to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert bs == {"1100": Decimal(70000), "1510": Decimal(49720), "3100": Decimal(-100000), "3300": Decimal(-19720)}
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a26_under_jgaap_the_purchase_s_goodwill_from_its_day(tmp_path):
    """a-26 under jgaap (20 years by default; a-34 is the worked case): the first purchase has no goodwill, the 5%
    bought on 10-01 has 8,000 − 5,950 = 2,050, amortised from November: 2,050 × 2 / 240 = 17.08; the sale as a-26's
    (gain 3,400); carrying 44,750 − 17.08 = 44,733 (rounded once)."""
    ws = _copy(A26, tmp_path)
    _replace(ws / "group.yaml", ("framework: ifrs", "framework: jgaap"))
    res = Context.open(ws).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(3400), Decimal(11600))
    assert res.balance_sheet["1510"] == Decimal(44733)


def test_a20_under_jgaap_a_purchase_before_the_sale(tmp_path):
    """a-20 under jgaap (goodwill 6,000, 100 a month) with 10% bought on 2022-04-01 for 12,500 (11,300 of net assets,
    goodwill 1,200, 20 a month from May) and 20 of the 50% sold on 07-01 for 30,000. By hand: Q1 1,200 − 300,
    49,800; +12,500; Q2 1,500 − 300 − 40, carrying 63,460 on 06-30; 2/5 sold 25,384, gain 4,616 (P's books 58,500
    × 2/5 = 23,400 off, gain 6,600); each step's goodwill left 3/5 (60 and 12 a month); H2 1,800 − 432; carrying
    39,444 (30% × 122,000 + 2,220 + 624); amortisation 1,072, 4300 −3,428; profit 2,000 + 3,428 + 4,616 = 10,044."""
    ws = _copy(A20, tmp_path)
    _replace(ws / "group.yaml", ("framework: ifrs", "framework: jgaap\npolicies:\n  goodwill_amortisation_years: 5"),
             ("  share: 0.4\n  cost: 40000\n", "  share: 0.4\n  cost: 46000\n"),
             ("- date: '2022-07-01'\n  holder: P\n  entity: A\n  share: 0.3\n  cost: 15000\n",
              "- date: '2022-04-01'\n  holder: P\n  entity: A\n  share: 0.5\n  cost: 12500\n"
              "- date: '2022-07-01'\n  holder: P\n  entity: A\n  share: 0.3\n  cost: 30000\n"))
    _replace(ws / "ledger" / "trial_balances.csv", ("P,2021-12-31,1100,,62000", "P,2021-12-31,1100,,56000"),
             ("P,2021-12-31,1500,A,40000", "P,2021-12-31,1500,A,46000"),
             ("P,2022-12-31,1100,,79000", "P,2022-12-31,1100,,75500"),
             ("P,2022-12-31,1500,A,30000", "P,2022-12-31,1500,A,35100"),
             ("P,2022-12-31,4950,A,-5000", "P,2022-12-31,4950,A,-6600"))
    _append(ws / "ledger" / "trial_balances.csv", "A,2022-03-31,1400,,113000\nA,2022-03-31,3100,,-100000\n"
            "A,2022-03-31,3300,,-10000\nA,2022-03-31,4100,,-8000\nA,2022-03-31,5200,,5000\n")
    res = Context.open(ws).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(4616), Decimal(25384))
    assert _lines(res, "goodwill_amortisation") == {"4300": Decimal(1072), "3300": Decimal(1100),
                                                    "1510": Decimal(-2172)}
    j = res.to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert bs == {"1100": Decimal(75500), "1510": Decimal(39444), "3100": Decimal(-100000), "3300": Decimal(-14944)}
    assert Decimal(j["profit"]["total"]) == Decimal(10044)
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


A33 = CASES / "equity-method" / "a-33-jgaap-steps-then-sold-in-part" / "workspace"
A34 = CASES / "equity-method" / "a-34-jgaap-sold-in-part-then-bought" / "workspace"


def test_a33_each_step_s_goodwill_leaves_pro_rata():
    """a-33: steps' goodwill 6,000 and 6,000, 100 a month each; 2023 to the sale 1,200; carrying 57,400 on 06-30, a
    quarter 14,350 sold, gain 1,650 (P's books 2,500); each step's goodwill left at 75 a month, 900 after; this
    year's amortisation 2,100, the earlier years' 3,400; carrying 43,650."""
    res = Context.open(A33).consolidate("2023-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(1650), Decimal(14350))
    assert _lines(res, "disposal") == {"1500": Decimal(13500), "1510": Decimal(-14350), "4950": Decimal(850)}
    assert _lines(res, "goodwill_amortisation") == {"4300": Decimal(2100), "3300": Decimal(3400),
                                                    "1510": Decimal(-5500)}


def test_a33_the_year_after_is_refused(tmp_path):
    """a-33 in 2024: the run again of the year of sales carries one goodwill; refused, saying so."""
    ws = _copy(A33, tmp_path)
    _append(ws / "ledger" / "trial_balances.csv",
            "P,2024-12-31,1100,,62000,\nP,2024-12-31,1500,A,40500,\nP,2024-12-31,3100,,-100000,\n"
            "P,2024-12-31,3300,,-2500,\nA,2024-12-31,1100,,140000,\nA,2024-12-31,3100,,-100000,\n"
            "A,2024-12-31,3300,,-30000,\nA,2024-12-31,4100,,-30000,\nA,2024-12-31,5200,,20000,\n")
    (p,) = _refused(ws, "2024-12-31")
    assert "P bought more on 2022-01-01, after influence began, and each purchase's goodwill is amortised from its own " \
        "day (ASBJ Statement 16 §12)" in p.message


def test_a34_a_purchase_after_the_sale_is_a_step_of_its_own():
    """a-34: the sale as the jgaap a-20 (12,675 off, gain 2,325); the 5% bought on 10-01 for 7,150, its goodwill 1,200
    from November (20 a month, 40), untouched by the sale before it; amortisation 600 + 225 + 265 = 1,090."""
    res = Context.open(A34).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(2325), Decimal(12675))
    assert _lines(res, "goodwill_amortisation") == {"4300": Decimal(1090), "3300": Decimal(1100),
                                                    "1510": Decimal(-2190)}
    assert res.balance_sheet["1510"] == Decimal(46635)


def test_a26_the_year_after(tmp_path):
    """a-26 in 2023 (A earns 10,000): by hand, the start is a-26's end, carrying 44,750 (the sale at 40%, 30% to
    09-30, the 5% bought on 10-01 for 8,000 in at its day, 35% after), P's 38,000 off, 6,750 in retained earnings
    (P's 9,000 + 6,750 = 15,750, a-26's closing); 35% × 10,000 = 3,500; carrying 48,250 (35% × 132,000 + the
    purchase's goodwill 2,050); profit 2,000 + 3,500."""
    ws = _copy(A26, tmp_path)
    _append(ws / "ledger" / "trial_balances.csv",
            "P,2023-12-31,1100,,73000\nP,2023-12-31,1500,A,38000\nP,2023-12-31,3100,,-100000\n"
            "P,2023-12-31,3300,,-9000\nP,2023-12-31,4100,,-5000\nP,2023-12-31,5200,,3000\n"
            "A,2023-12-31,1400,,132000\nA,2023-12-31,3100,,-100000\nA,2023-12-31,3300,,-22000\n"
            "A,2023-12-31,4100,,-30000\nA,2023-12-31,5200,,20000\n")
    res = Context.open(ws).consolidate("2023-12-31")
    assert _lines(res, "equity_method") == {"1510": Decimal(48250), "1500": Decimal(-38000), "3300": Decimal(-6750),
                                            "4300": Decimal(-3500)}
    j = res.to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert bs == {"1100": Decimal(73000), "1510": Decimal(48250), "3100": Decimal(-100000), "3300": Decimal(-21250)}
    assert Decimal(j["profit"]["total"]) == Decimal(5500)
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a26_the_year_after_under_jgaap_is_refused(tmp_path):
    """a-26's year after under jgaap with goodwill amortised (each purchase's goodwill from its own day): refused."""
    ws = _copy(A26, tmp_path)
    _replace(ws / "group.yaml", ("framework: ifrs", "framework: jgaap\npolicies:\n  goodwill_amortisation_years: 5"))
    _append(ws / "ledger" / "trial_balances.csv",
            "P,2023-12-31,1100,,73000\nP,2023-12-31,1500,A,38000\nP,2023-12-31,3100,,-100000\n"
            "P,2023-12-31,3300,,-9000\nP,2023-12-31,4100,,-5000\nP,2023-12-31,5200,,3000\n"
            "A,2023-12-31,1400,,132000\nA,2023-12-31,3100,,-100000\nA,2023-12-31,3300,,-22000\n"
            "A,2023-12-31,4100,,-30000\nA,2023-12-31,5200,,20000\n")
    (p,) = _refused(ws, "2023-12-31")
    assert "P bought more on 2022-10-01, after influence began, and each purchase's goodwill is amortised from its own " \
        "day (ASBJ Statement 16 §12)" in p.message


A31 = CASES / "equity-method" / "a-31-foreign-associate-steps-year-after-sale" / "workspace"


def test_a31_a_purchase_inside_a_year_without_a_sale_is_refused(tmp_path):
    """a-31 with the 10% bought on 2022-04-01 instead of the year's first day (a foreign associate): its share of
    2022 from its own day is not read again in the years after yet; refused, saying so."""
    ws = _copy(A31, tmp_path)
    _replace(ws / "group.yaml", ("- date: '2022-01-01'", "- date: '2022-04-01'"))
    (p,) = _refused(ws, "2024-12-31")
    assert "the purchase of 2022-04-01 is inside a year without a sale" in p.message


def test_a21_with_a_purchase_in_an_earlier_year_asks_for_its_day(tmp_path):
    """a-21 with 5% more bought on 2021-07-01: a tranche of its own (a-30), its share of the profit from its day, its
    cost at its day's rate; the ledger must give A's trial balance, equity and the rate of that day."""
    ws = _copy(A21, tmp_path)
    _replace(ws / "group.yaml", ("- date: '2022-07-01'\n", "- date: '2021-07-01'\n  holder: P\n  entity: A\n"
                                 "  share: 0.45\n  cost: 70000\n- date: '2022-07-01'\n"))
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    kinds = {p.kind: p.message for p in err.value.problems}
    assert "trial balances at 2021-06-30" in kinds["translation.history_missing"]
    assert "2021-07-01" in kinds["consolidation.no_equity_at_acquisition"] and "2021-07-01" in kinds["rate.missing"]


A30 = CASES / "equity-method" / "a-30-foreign-associate-steps-then-sold-in-part" / "workspace"


def test_a30_a_foreign_associate_bought_in_steps_then_sold_in_part():
    """a-30: tranches at the start of 2023 USD 290 + 130 = 420 (a-28), not the whole cost at the first day's rate;
    30% × USD 50 at 124; carrying on 06-30 USD 435 at 128 = 55,680, reserve 9,830: half off (27,840; 4,915
    reclassified), gain 7,075 (P's books 10,780); 15% × USD 40 at 125; carrying USD 223.5 at 130 = 29,055."""
    res = Context.open(A30).consolidate("2023-12-31")
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(30000), Decimal(7075),
                                                                      Decimal(27840), Decimal(4915))
    assert _lines(res, "disposal") == {"1500": Decimal(19220), "1510": Decimal(-27840), "3600": Decimal(4915),
                                       "4950": Decimal(3705)}
    # the cost at the rates of its days, the earlier years' share (2,100 + 3,450), this year's, the reserve to date
    assert _lines(res, "equity_method") == {"1510": Decimal(56895), "1500": Decimal(-38440), "3300": Decimal(-5550),
                                            "4300": Decimal(-2610), "3600": Decimal(-10295)}


def test_a30_under_jgaap_is_refused(tmp_path):
    """a-30 under jgaap: each purchase's goodwill amortised from its own day, the sale's stretches carrying one:
    refused, saying so (not the whole cost's goodwill from 2021-01-01)."""
    ws = _copy(A30, tmp_path)
    _replace(ws / "group.yaml", ("framework: ifrs", "framework: jgaap\npolicies:\n  goodwill_amortisation_years: 5"))
    (p,) = _refused(ws, "2023-12-31")
    assert "in steps" in p.message and "2022-01-01" in p.message and "goodwill amortised (jgaap), and A books in USD" \
        in p.message


def test_a30_the_rest_sold_later_that_year(tmp_path):
    """a-30, then the rest (15%) sold on 2023-10-01 for ¥20,000 (P's books: investment gone, gain 10,780 + 780; once
    refused). A earns USD 20 from 07-01 to 09-30 (its trial balance at 2023-09-30: net assets USD 1,270); USD 2023-09-30
    average 126, closing 130. By hand (IAS 28.22, IAS 21.48): after the part sold USD 217.5, 22,925 at historical
    rates, reserve 4,915 (a-30); 15% × USD 20 = USD 3 at 126 = 378; carrying USD 220.5 at 130 = 28,665 off, at
    historical rates 23,303, the whole reserve 5,362 reclassified (4,915 + 217.5 × 2 + 3 × 4); gain 20,000 − 28,665 +
    5,362 = −3,303 (P's 780); share of profit 1,860 + 378 = 2,238; profit 2,238 + 7,075 − 3,303 = 6,010; retained
    earnings 5,550 → 11,560 (P's books); OCI 3,420 + 447 exchange differences, −4,915 − 5,362 reclassified."""
    ws = _copy(A30, tmp_path)
    _append(ws / "group.yaml", "- date: '2023-10-01'\n  holder: P\n  entity: A\n  share: 0\n  cost: 20000\n")
    _replace(ws / "ledger" / "trial_balances.csv", ("P,2023-12-31,1100,,91560", "P,2023-12-31,1100,,111560"),
             ("P,2023-12-31,1500,A,19220,\n", ""), ("P,2023-12-31,4950,A,-10780", "P,2023-12-31,4950,A,-11560"),
             ("A,2023-12-31,1100,,1290,\nA,2023-12-31,3100,,-1000,\nA,2023-12-31,3300,,-200,\n"
              "A,2023-12-31,4100,,-290,\nA,2023-12-31,5200,,200,\n",
              "A,2023-09-30,1100,,1270,\nA,2023-09-30,3100,,-1000,\nA,2023-09-30,3300,,-200,\n"
              "A,2023-09-30,4100,,-220,\nA,2023-09-30,5200,,150,\n"))
    _append(ws / "rates.csv", "USD,2023-09-30,average,126\nUSD,2023-09-30,closing,130\n")
    res = Context.open(ws).consolidate("2023-12-31")
    part, rest = res.associate_sales
    assert (part.gain, part.carrying, part.reserve) == (Decimal(7075), Decimal(27840), Decimal(4915))
    assert (rest.gain, rest.carrying, rest.reserve) == (Decimal(-3303), Decimal(28665), Decimal(5362))
    assert res.income_statement["4300"] == Decimal(-2238) and res.profit_total == Decimal(6010)
    assert res.balance_sheet["3300"] == Decimal(-11560) and not res.balance_sheet.get("3600")
    j = res.to_json()
    assert j["comprehensive_income"]["oci"]["exchange_differences"] == "3867"
    assert j["comprehensive_income"]["oci"]["reclassified_on_disposal"] == "-10277"
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a35_all_of_it_sold(tmp_path):
    """a-35 (a-20 with the whole 40% sold on 2022-07-01 for ¥55,000, P's gain 15,000): the equity method to the day
    before (2,400), the carrying amount 46,400 off, gain 8,600 (IAS 28.22); the correction −6,400; nothing carried."""
    res = Context.open(A35).consolidate("2022-12-31")
    (sale,) = res.associate_sales
    assert (sale.proceeds, sale.gain, sale.carrying, sale.reserve) == (Decimal(55000), Decimal(8600), Decimal(46400),
                                                                      Decimal(0))
    assert _lines(res, "disposal") == {"1500": Decimal(40000), "1510": Decimal(-46400), "4950": Decimal(6400)}


def test_a35_the_year_after_holds_nothing():
    """a-35 in 2023: nothing held, no entry; the retained earnings carry on (19,000 + P's 2,000)."""
    res = Context.open(A35).consolidate("2023-12-31")
    assert res.balance_sheet["1100"] == Decimal(121000) and res.balance_sheet["3300"] == Decimal(-21000)
    assert "1510" not in res.balance_sheet or res.balance_sheet["1510"] == 0


def test_a35_with_a_usd_associate_asks_for_its_rates(tmp_path):
    """a-35 with A booking in USD (once refused): the equity method to the sale and the whole reserve reclassified
    are measured (a-39, tests/consolidation/test_associate_sold_whole.py); without rates the run asks for them."""
    ws = _copy(A35, tmp_path)
    _replace(ws / "group.yaml", ("  name: Associate KK\n  currency: JPY", "  name: Associate KK\n  currency: USD"))
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    kinds = {p.kind for p in err.value.problems}
    assert "equity_method.partial_disposal" not in kinds and "rate.missing" in kinds


def test_a20_a_row_neither_sale_nor_purchase_in_the_year_of_the_sale_is_named(tmp_path):
    """a-20 and a row of 2022-10-01 with the share unchanged (30%): refused, naming that row, not "a purchase ...
    with its cost" (there is no purchase)."""
    ws = _copy(A20, tmp_path)
    _append(ws / "group.yaml", "- date: '2022-10-01'\n  holder: P\n  entity: A\n  share: 0.3\n")
    (p,) = _refused(ws)
    assert "row of 2022-10-01 (share 0.3) neither sells part" in p.message, p.message
    assert "with its cost" not in p.message
