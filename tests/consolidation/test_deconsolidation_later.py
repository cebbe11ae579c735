"""A later change in the same year of an interest kept on losing control (issue 10; docs/consolidation.md "A later
change in the same year").

The worked case tests/cases/deconsolidation/x-14 pins the figures of a foreign associate; these tests pin the
entries it is made of, a domestic variant worked by hand, and what stays refused.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parents[1] / "cases"
E = CASES / "statements" / "e-disposal-of-subsidiary" / "workspace"
X5 = CASES / "deconsolidation" / "x-5-jgaap-sale-keeps-influence" / "workspace"
X6 = CASES / "deconsolidation" / "x-6-foreign-seller-keeps-influence" / "workspace"
X14 = CASES / "deconsolidation" / "x-14-sale-then-further-sale-same-year" / "workspace"
A20 = CASES / "equity-method" / "a-20-associate-sold-in-part" / "workspace"


def _copy(src: Path, tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(src, ws)
    return ws


def _append(ws: Path, name: str, text: str) -> None:
    f = ws / name
    f.write_text(f.read_text(encoding="utf-8") + text, encoding="utf-8")


def _refused(ws: Path, period: str = "2022-12-31") -> list:
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate(period)
    return [p for p in err.value.problems if p.kind == "deconsolidation.retained_interest"]


def test_x14_the_loss_of_control_and_the_further_sale_are_two_entries():
    """x-14: the loss of control takes off P's cost at that date (37,500, not the 25,000 left at the year end) and
    books the consolidated gain 66,000 from P's 57,500 (its 71,000 less the second sale's 13,500); the further sale
    is one entry of kind ``disposal`` of the equity method: carrying amount 25,010 off, reserve 425 reclassified,
    P's cost 12,500 back, gain 1,415 (IAS 28.25, IAS 21.48C)."""
    res = Context.open(X14).consolidate("2022-12-31")
    (sold,) = res.disposals
    assert sold.gain == Decimal(66000) and sold.proceeds == Decimal(120000) and sold.reserve == Decimal(22800)
    (part,) = res.associate_sales
    assert (part.entity, part.holder, str(part.date)) == ("S", "P", "2022-10-01")
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(26000), Decimal(1415), Decimal(25010),
                                                                      Decimal(425))
    (entry,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "disposal"]
    lines = {ln.account: ln.amount for ln in entry.lines}
    assert lines == {"1500": Decimal(12500), "1510": Decimal(-25010), "3600": Decimal(425), "4950": Decimal(12085)}
    assert "IAS 28.25" in entry.reason and "1,415" in entry.reason
    (loss,) = [e for e in res.eliminations if e.step == "deconsolidation" and e.kind == "disposal"]
    # the cost 100,000 the elimination carried taken back, the 37,500 kept off: P's cost sold 62,500
    assert [ln.amount for ln in loss.lines if (ln.entity, ln.account) == ("P", "1500")] == [Decimal(62500)]
    j = res.to_json()
    investing = {ln["key"]: Decimal(ln["amount"]) for ln in j["cash_flows"]["investing"]["lines"]}
    assert investing["associate_sale:S:2022-10-01"] == Decimal(26000)
    assert investing.get("1510", Decimal(0)) == 0  # the carrying amount sold is not a purchase less dividends
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


# e's group in yen: P sells 50 of its 80% of S on 2022-07-01 for 100,000 keeping 30% at fair value 60,000, then
# 10% more on 2022-10-01 for 22,000, keeping 20%. S earns 10,000 to the first sale, 5,000 a quarter after it.
_P_END = ("P,2022-12-31,1100,,292000,\nP,2022-12-31,1500,S,25000,\nP,2022-12-31,3100,,-200000,\n"
          "P,2022-12-31,3300,,-50000,\nP,2022-12-31,4100,,-60000,\nP,2022-12-31,4950,S,-47000,\n"
          "P,2022-12-31,5200,,40000,\n")
_S_0930 = ("S,2022-09-30,1100,,85000,\nS,2022-09-30,1400,,100000,\nS,2022-09-30,2200,,-30000,\n"
           "S,2022-09-30,3100,,-100000,\nS,2022-09-30,3300,,-40000,\nS,2022-09-30,4100,,-75000,\n"
           "S,2022-09-30,5200,,60000,\n")
_S_END = ("S,2022-12-31,1100,,90000,\nS,2022-12-31,1400,,100000,\nS,2022-12-31,2200,,-30000,\n"
          "S,2022-12-31,3100,,-100000,\nS,2022-12-31,3300,,-40000,\nS,2022-12-31,4100,,-100000,\n"
          "S,2022-12-31,5200,,80000,\n")


def _domestic(tmp_path: Path, last: str = "  share: 0.2\n  cost: 22000\n", framework: str = "ifrs") -> Path:
    ws = _copy(E, tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("framework: ifrs", f"framework: {framework}").replace(
        "  share: 0\n  cost: 150000\n", "  share: 0.3\n  cost: 100000\n  retained_fair_value: 60000\n"
        "- date: '2022-10-01'\n  holder: P\n  entity: S\n" + last), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    kept = [r for r in tb.read_text(encoding="utf-8").splitlines(keepends=True) if not r.startswith("P,2022-12-31")]
    tb.write_text("".join(kept) + _P_END + _S_0930 + _S_END, encoding="utf-8")
    return ws


def test_a_domestic_further_sale_in_the_same_year(tmp_path):
    """By hand (IFRS 10.B98, IAS 28.10, 28.25): the loss of control gains 100,000 + 60,000 + NCI 30,000 − net assets
    150,000 − goodwill 4,000 = 36,000. The equity method: 30% × 5,000 = 1,500 to 09-30, carrying 61,500; a third
    of it (20,500) sold for 22,000: gain 1,500 (no reserve in yen); then 20% × 5,000 = 1,000: carrying 42,000.
    Gains 37,500 (P's books 47,000: 37,500 + 22,000 − 12,500); share of profit 2,500; investing: 100,000 − cash
    given up 80,000 + 22,000 = 42,000."""
    res = Context.open(_domestic(tmp_path)).consolidate("2022-12-31")
    assert res.income_statement["4950"] == Decimal(-37500)
    assert res.income_statement["4300"] == Decimal(-2500)
    assert res.balance_sheet["1510"] == Decimal(42000)
    assert "1500" not in res.balance_sheet and "3600" not in res.balance_sheet
    (part,) = res.associate_sales
    assert (part.gain, part.carrying, part.reserve) == (Decimal(1500), Decimal(20500), Decimal(0))
    j = res.to_json()
    assert Decimal(j["cash_flows"]["investing"]["total"]) == Decimal(42000)
    assert Decimal(j["comprehensive_income"]["oci"]["reclassified_on_disposal"]) == 0
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_two_further_sales_in_the_same_year(tmp_path):
    """The domestic variant sold in two steps: 30% → 25% on 2022-10-01 for 11,000 and 25% → 20% on 2022-12-01 for
    11,000 (P's books as before: cost 25,000 left, gains 37,500 + 2 × (11,000 − 6,250)). By hand: 61,500 on 09-30,
    a sixth (10,250) sold: gain 750; October–November 25% × 3,000 = 750: 52,000, a fifth (10,400) sold: gain 600;
    December 20% × 2,000 = 400: carrying 42,000. Gains 36,000 + 750 + 600 = 37,350; share of profit 1,500 + 750
    + 400 = 2,650; investing 20,000 + 11,000 + 11,000 = 42,000."""
    ws = _domestic(tmp_path, "  share: 0.25\n  cost: 11000\n- date: '2022-12-01'\n  holder: P\n  entity: S\n"
                   "  share: 0.2\n  cost: 11000\n")
    _append(ws, "ledger/trial_balances.csv",
            "S,2022-11-30,1100,,88000,\nS,2022-11-30,1400,,100000,\nS,2022-11-30,2200,,-30000,\n"
            "S,2022-11-30,3100,,-100000,\nS,2022-11-30,3300,,-40000,\nS,2022-11-30,4100,,-90000,\n"
            "S,2022-11-30,5200,,72000,\n")
    res = Context.open(ws).consolidate("2022-12-31")
    assert res.income_statement["4950"] == Decimal(-37350)
    assert res.income_statement["4300"] == Decimal(-2650)
    assert res.balance_sheet["1510"] == Decimal(42000)
    assert [(x.gain, x.carrying) for x in res.associate_sales] == [(Decimal(750), Decimal(10250)),
                                                                   (Decimal(600), Decimal(10400))]
    j = res.to_json()
    assert Decimal(j["cash_flows"]["investing"]["total"]) == Decimal(42000)
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_selling_the_rest_in_the_same_year_is_still_refused(tmp_path):
    """The 30% kept sold to nothing later in the year (an associate equity-accounted in the year but not at its
    end): refused, the message naming what is consolidated."""
    ws = _domestic(tmp_path, "  share: 0\n  cost: 66000\n")
    (p,) = _refused(ws)
    assert "sold in part by the seller later in the year keeping significant influence" in p.message


def test_a_later_purchase_in_the_same_year_is_still_refused(tmp_path):
    ws = _domestic(tmp_path, "  share: 0.4\n  cost: 22000\n")
    assert _refused(ws)


def test_a_jgaap_further_sale_is_still_refused(tmp_path):
    """jgaap (ASBJ Statement 22 §29: the interest kept at its consolidated carrying amount) with a further sale: not
    consolidated yet."""
    ws = _copy(X5, tmp_path)
    _append(ws, "group.yaml", "- date: '2022-10-01'\n  holder: P\n  entity: S\n  share: 0.3\n  cost: 20000\n")
    assert _refused(ws)


def test_a_further_sale_by_a_foreign_seller_is_still_refused(tmp_path):
    ws = _copy(X6, tmp_path)
    _append(ws, "group.yaml", "- date: '2022-10-01'\n  holder: H\n  entity: S\n  share: 0.2\n  cost: 200\n")
    assert _refused(ws)


def test_the_year_after_a_further_sale_is_refused(tmp_path):
    """2023 of x-14: the equity method of a year after the sale would run from the 30% kept for the whole of its
    history; not consolidated yet, and said so."""
    ws = _copy(X14, tmp_path)
    _append(ws, "ledger/trial_balances.csv",
            "P,2023-12-31,1100,,316000,\nP,2023-12-31,1500,S,25000,\nP,2023-12-31,3100,,-200000,\n"
            "P,2023-12-31,3300,,-141000,\n"
            "S,2023-12-31,1100,,1100,\nS,2023-12-31,1400,,1000,\nS,2023-12-31,2200,,-300,\nS,2023-12-31,3100,,-1000,\n"
            "S,2023-12-31,3300,,-600,\nS,2023-12-31,4100,,-1000,\nS,2023-12-31,5200,,800,\n")
    _append(ws, "rates.csv", "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n")
    (p, *_rest) = _refused(ws, "2023-12-31")
    assert "the years after that year are not consolidated yet" in p.message


def test_a_partial_disposal_of_a_plain_associate_needs_the_day_before(tmp_path):
    """An associate that was never a subsidiary, 10 of P's 30% sold keeping influence, P received a dividend from it
    that year: measured now (worked case a-24), from the associate's trial balance the day before the sale, which
    this ledger does not hold: asked for (it was refused for the dividend before)."""
    ws = _copy(CASES / "equity-method" / "d-associate-equity-method" / "workspace", tmp_path)
    _append(ws, "group.yaml", "- date: '2021-10-01'\n  holder: P\n  entity: A\n  share: 0.2\n  cost: 2000\n")
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace("P,2021-12-31,1500,A,3000", "P,2021-12-31,1500,A,2000")
                  .replace("P,2021-12-31,1100,,2000", "P,2021-12-31,1100,,4000\nP,2021-12-31,5200,,-1000"),
                  encoding="utf-8")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2021-12-31")
    (p,) = err.value.problems
    assert p.kind == "consolidation.no_trial_balance" and "2021-09-30" in p.message


def test_a20_the_sale_of_part_of_an_associate_is_a_disposal_entry():
    """a-20: P sells 10 of its 40% of A (never a subsidiary) for 15,000: the quarter of the carrying amount of the day
    before (46,400) off, gain 3,400 (P's books 5,000: its cost 10,000 back on 1500, 1,600 off the gain row), and
    the equity method runs 40% to the sale, 30% after (IAS 28.10, 28.25)."""
    res = Context.open(A20).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.entity, part.holder, str(part.date)) == ("A", "P", "2022-07-01")
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(15000), Decimal(3400), Decimal(11600),
                                                                      Decimal(0))
    (entry,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "disposal"]
    assert {ln.account: ln.amount for ln in entry.lines} == {"1500": Decimal(10000), "1510": Decimal(-11600),
                                                            "4950": Decimal(1600)}
    (em,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "equity_method"]
    # the cost of the purchase only (the sale's proceeds are no cost), the share of profit 2,400 + 1,800
    assert {ln.account: ln.amount for ln in em.lines} == {"1510": Decimal(48200), "1500": Decimal(-40000),
                                                         "3300": Decimal(-4000), "4300": Decimal(-4200)}
    j = res.to_json()
    investing = {ln["key"]: Decimal(ln["amount"]) for ln in j["cash_flows"]["investing"]["lines"]}
    assert investing == {"associate_sale:A:2022-07-01": Decimal(15000)}
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def _a20_refused(ws: Path, period: str = "2022-12-31") -> list:
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate(period)
    return [p for p in err.value.problems if p.kind == "equity_method.partial_disposal"]


def test_a20_the_year_after_the_sale(tmp_path):
    """2023 of a-20 (A earns 10,000, no dividends). By hand: the carrying amount at the start is a-20's year end,
    36,600 (the stretches run again: 40% to the sale, the quarter of 46,400 off, 30% after); P's remaining cost
    30,000 off; retained earnings 6,600 (4,000 + 4,200 − the 2022 correction of P's gain 1,600: P's 9,000 + 6,600
    = 15,600, a-20's closing); 30% × 10,000 = 3,000; carrying amount 39,600 (30% × 132,000). Refused before
    (the equity method took the purchase's whole cost)."""
    ws = _copy(A20, tmp_path)
    _append(ws, "ledger/trial_balances.csv",
            "P,2023-12-31,1100,,81000\nP,2023-12-31,1500,A,30000\nP,2023-12-31,3100,,-100000\n"
            "P,2023-12-31,3300,,-9000\nP,2023-12-31,4100,,-5000\nP,2023-12-31,5200,,3000\n"
            "A,2023-12-31,1400,,132000\nA,2023-12-31,3100,,-100000\nA,2023-12-31,3300,,-22000\n"
            "A,2023-12-31,4100,,-30000\nA,2023-12-31,5200,,20000\n")
    res = Context.open(ws).consolidate("2023-12-31")
    (em,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "equity_method"]
    assert {ln.account: ln.amount for ln in em.lines} == {"1510": Decimal(39600), "1500": Decimal(-30000),
                                                         "3300": Decimal(-6600), "4300": Decimal(-3000)}
    j = res.to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert bs == {"1100": Decimal(81000), "1510": Decimal(39600), "3100": Decimal(-100000), "3300": Decimal(-20600)}
    assert Decimal(j["changes_in_equity"]["3300"]["opening"]) == Decimal(15600)
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a20_the_year_after_a_sale_with_another_change_is_refused(tmp_path):
    """2023 of a-20 with a further sale in 2023: the years after a sale with another change are not consolidated."""
    ws = _copy(A20, tmp_path)
    _append(ws, "group.yaml", "- date: '2023-07-01'\n  holder: P\n  entity: A\n  share: 0.25\n  cost: 8000\n")
    _append(ws, "ledger/trial_balances.csv",
            "P,2023-12-31,1100,,89000\nP,2023-12-31,1500,A,25000\nP,2023-12-31,3100,,-100000\n"
            "P,2023-12-31,3300,,-9000\nP,2023-12-31,4100,,-5000\nP,2023-12-31,5200,,3000\n"
            "P,2023-12-31,4950,A,-3000\n"
            "A,2023-12-31,1400,,132000\nA,2023-12-31,3100,,-100000\nA,2023-12-31,3300,,-22000\n"
            "A,2023-12-31,4100,,-30000\nA,2023-12-31,5200,,20000\n")
    (p,) = _a20_refused(ws, "2023-12-31")
    assert "in a year after the year of the sale (2022-12-31)" in p.message


def test_a20_under_jgaap_the_goodwill_leaves_pro_rata(tmp_path):
    """a-20 under jgaap with goodwill (ASBJ Statement 16 §12): P pays 46,000 for its 40% (goodwill 6,000 over 5
    years, 100 a month from February 2021). By hand: 2021 11 months 1,100; 2022 to the sale 6 months 600 (1,700 to
    06-30); carrying amount on 06-30 46,000 + 4,000 + 2,400 − 1,700 = 50,700, a quarter 12,675 sold, gain
    15,000 − 12,675 = 2,325 (P's books 15,000 − 11,500 = 3,500); goodwill left 4,300 × 3/4 = 3,225 over the 43
    months left, 75 a month, 450 to the year end; amortisation this year 1,050; carrying amount 50,700 − 12,675 +
    1,800 − 450 = 39,375 (30% × 122,000 + 2,775); share of profit of associates −4,200 + 1,050 = −3,150; retained
    earnings at the start −2,000 − 4,000 + 1,100 = −4,900; profit 2,000 + 3,150 + 2,325 = 7,475."""
    ws = _copy(A20, tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("framework: ifrs", "framework: jgaap\npolicies:\n"
                                                       "  goodwill_amortisation_years: 5")
                 .replace("  share: 0.4\n  cost: 40000\n", "  share: 0.4\n  cost: 46000\n"), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace("P,2021-12-31,1100,,62000", "P,2021-12-31,1100,,56000")
                  .replace("P,2021-12-31,1500,A,40000", "P,2021-12-31,1500,A,46000")
                  .replace("P,2022-12-31,1100,,79000", "P,2022-12-31,1100,,73000")
                  .replace("P,2022-12-31,1500,A,30000", "P,2022-12-31,1500,A,34500")
                  .replace("P,2022-12-31,4950,A,-5000", "P,2022-12-31,4950,A,-3500"), encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying) == (Decimal(15000), Decimal(2325), Decimal(12675))
    j = res.to_json()
    bs = {k: Decimal(v) for k, v in j["balance_sheet"].items()}
    assert (bs["1510"], bs["3300"]) == (Decimal(39375), Decimal(-12375))
    (am,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "goodwill_amortisation"]
    assert {ln.account: ln.amount for ln in am.lines} == {"4300": Decimal(1050), "3300": Decimal(1100),
                                                         "1510": Decimal(-2150)}
    inc = {k: Decimal(v) for k, v in j["income_statement"].items()}
    assert (inc["4300"], inc["4950"]) == (Decimal(-3150), Decimal(-2325))
    assert Decimal(j["profit"]["total"]) == Decimal(7475)
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a20_a_sale_without_its_proceeds_is_refused(tmp_path):
    ws = _copy(A20, tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("  share: 0.3\n  cost: 15000\n", "  share: 0.3\n"),
                 encoding="utf-8")
    (p,) = _a20_refused(ws)
    assert "no proceeds" in p.message and "add the proceeds" in (p.hint or "")
