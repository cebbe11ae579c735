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


def _sold_out(tmp_path: Path, framework: str = "ifrs") -> Path:
    """The domestic variant with the 30% kept sold to nothing on 2022-10-01 for 66,000 (P's books: cost 37,500 off,
    gains 37,500 + 28,500; cash 270,000 + 66,000; no cost of S left)."""
    ws = _domestic(tmp_path, "  share: 0\n  cost: 66000\n", framework)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace(_P_END, "P,2022-12-31,1100,,336000,\nP,2022-12-31,3100,,-200000,\n"
                  "P,2022-12-31,3300,,-50000,\nP,2022-12-31,4100,,-60000,\nP,2022-12-31,4950,S,-66000,\n"
                  "P,2022-12-31,5200,,40000,\n"), encoding="utf-8")
    return ws


def test_selling_the_rest_in_the_same_year(tmp_path):
    """The 30% kept sold to nothing later in the year (IAS 28.22), by hand: the loss of control gains 36,000 as
    before; the equity method runs 30% × 5,000 = 1,500 to 09-30 (carrying amount 61,500) and stops: the whole
    carrying amount sold for 66,000, gain 4,500 (no reserve in yen). P's cost on losing control, 37,500, read from
    its holdings (nothing is left at the year end): the loss of control's entry takes it off, the sale's puts it
    back. Gains 40,500 (P's books 66,000); share of profit 1,500; nothing held at the year end; investing 100,000 −
    cash given up 80,000 + 66,000 = 86,000."""
    res = Context.open(_sold_out(tmp_path)).consolidate("2022-12-31")
    assert res.income_statement["4950"] == Decimal(-40500)
    assert res.income_statement["4300"] == Decimal(-1500)
    assert not {"1500", "1510", "3600"} & set(res.balance_sheet)
    (sold,) = res.disposals
    assert sold.gain == Decimal(36000)
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(66000), Decimal(4500), Decimal(61500),
                                                                      Decimal(0))
    (entry,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "disposal"]
    assert {ln.account: ln.amount for ln in entry.lines} == {"1500": Decimal(37500), "1510": Decimal(-61500),
                                                            "4950": Decimal(-4500 + 28500)}
    assert "the equity method stops (IAS 28.22)" in entry.reason
    j = res.to_json()
    assert Decimal(j["cash_flows"]["investing"]["total"]) == Decimal(86000)
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_the_year_after_the_rest_was_sold(tmp_path):
    """2023 after x-30: S is neither consolidated nor equity-accounted and nothing of it is booked again: the
    balance sheet is P's own (cash 368,000, retained earnings 168,000 = 2022's consolidated closing)."""
    ws = _copy(CASES / "deconsolidation" / "x-30-sale-then-rest-sold-same-year" / "workspace", tmp_path)
    _append(ws, "ledger/trial_balances.csv", "P,2023-12-31,1100,,368000,\nP,2023-12-31,3100,,-200000,\n"
            "P,2023-12-31,3300,,-168000,\n")
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet == {"1100": Decimal(368000), "3100": Decimal(-200000), "3300": Decimal(-168000)}
    j = res.to_json()
    assert Decimal(j["comprehensive_income"]["oci"]["reclassified_on_disposal"]) == 0
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


X24 = CASES / "deconsolidation" / "x-31-jgaap-sale-then-further-sale-same-year" / "workspace"


def test_x24_jgaap_the_further_sale_cuts_the_goodwill_inside_pro_rata():
    """x-31 (README): the interest kept at ½ × (120,000 + 4,300) = 62,150 with goodwill 2,150 inside, 50 a month
    over the 43 months left; 150 to 09-30, carrying amount 64,000; half sold for 33,000: 32,000 off (1,000 of the
    goodwill with it), gain 1,000; the 1,000 left at 25 a month: 75; carrying amount 32,925."""
    res = Context.open(X24).consolidate("2022-12-31")
    (sold,) = res.disposals
    assert sold.gain == Decimal(17850)
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(33000), Decimal(1000), Decimal(32000),
                                                                      Decimal(0))
    (entry,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "disposal"]
    assert {ln.account: ln.amount for ln in entry.lines} == {"1500": Decimal(25500), "1510": Decimal(-32000),
                                                            "4950": Decimal(6500)}
    assert "ASBJ Statement 16" in entry.reason and "IAS" not in entry.reason
    (am,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "goodwill_amortisation"]
    assert {ln.account: ln.amount for ln in am.lines} == {"4300": Decimal(225), "1510": Decimal(-225)}
    (loss,) = [e for e in res.eliminations if e.step == "deconsolidation" and e.kind == "disposal"]
    lines = {(ln.entity, ln.account): ln.amount for ln in loss.lines}
    assert lines[("P", "1510")] == Decimal(62150) and lines[("P", "1500")] == Decimal(51000)


def test_jgaap_selling_the_rest_in_the_same_year(tmp_path):
    """x-31 with the 40% kept sold to nothing on 2022-10-01 for 66,000 (P's books: cost 51,000 off, gain 15,000), by
    hand: carrying amount 64,000 on 09-30, all of it sold with the goodwill inside (2,000): gain 2,000; gains 17,850
    + 2,000 = 19,850; share of profit 2,000 − 150 = 1,850; retained earnings 64,900 + 49,100 = 114,000 = P's own
    (50,000 + 64,000): nothing of S is left."""
    ws = _copy(X24, tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("  share: 0.2\n  cost: 33000\n", "  share: 0\n  cost: 66000\n"),
                 encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    rows = [r for r in tb.read_text(encoding="utf-8").splitlines(keepends=True) if not r.startswith("P,2022-12-31")]
    tb.write_text("".join(rows) + "P,2022-12-31,1100,,314000,\nP,2022-12-31,3100,,-200000,\nP,2022-12-31,3300,,-50000,\n"
                  "P,2022-12-31,4100,,-60000,\nP,2022-12-31,4950,S,-44000,\nP,2022-12-31,5200,,40000,\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    assert res.balance_sheet == {"1100": Decimal(314000), "3100": Decimal(-200000), "3300": Decimal(-114000)}
    assert res.income_statement["4950"] == Decimal(-19850) and res.income_statement["4300"] == Decimal(-1850)
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(2000), Decimal(64000))
    j = res.to_json()
    assert Decimal(j["cash_flows"]["investing"]["total"]) == Decimal(66000)
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_the_year_after_a_jgaap_further_sale(tmp_path):
    """2023 of x-31, by hand: S earns 10,000. The kept carrying amount 62,150 on the investment against P's cost
    25,500 (36,650 to retained earnings); the share of retained profit to 2023 read stretch by stretch, 2,000 − the
    part sold 32,000 + 1,000 = −29,000, and 2022's goodwill amortisation 225 on retained earnings; the goodwill left,
    925, over the 37 months left: 25 a month, 300 in 2023; share of profit 20% × 10,000 − 300 = 1,700; carrying
    amount 32,925 + 2,000 − 300 = 34,625; retained earnings 113,925 + 1,700 = 115,625."""
    ws = _copy(X24, tmp_path)
    _append(ws, "ledger/trial_balances.csv",
            "P,2023-12-31,1100,,281000,\nP,2023-12-31,1500,S,25500,\nP,2023-12-31,3100,,-200000,\n"
            "P,2023-12-31,3300,,-106500,\n" + _S_2023)
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet["1510"] == Decimal(34625) and res.balance_sheet["3300"] == Decimal(-115625)
    assert res.income_statement == {"4300": Decimal(-1700)}
    (em,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "equity_method"]
    assert {ln.account: ln.amount for ln in em.lines}["3300"] == Decimal(29000)
    (am,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "goodwill_amortisation"]
    assert {ln.account: ln.amount for ln in am.lines} == {"4300": Decimal(300), "3300": Decimal(225),
                                                         "1510": Decimal(-525)}
    j = res.to_json()
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


X25 = CASES / "deconsolidation" / "x-32-seller-with-nci-sale-then-further-sale" / "workspace"


def test_x25_a_seller_with_nci_shares_the_further_sale_with_its_nci():
    """x-32 (README): every entry about the interest kept is attributed to H (80% P's), so H's NCI take 20% of the
    gains 37,500 and the share of profit 2,500: 8,000, next to S's NCI's 3,600 of S's profit to the sale."""
    res = Context.open(X25).consolidate("2022-12-31")
    kinds = {(e.step, e.kind): e.attribute_to for e in res.eliminations if e.step in ("equity_method", "deconsolidation")
             and e.kind in ("disposal", "equity_method")}
    assert kinds == {("equity_method", "disposal"): "H", ("equity_method", "equity_method"): "H",
                     ("deconsolidation", "disposal"): "H"}
    assert (res.profit_owners, res.profit_nci) == (Decimal(38400), Decimal(11600))


def test_x25_the_year_after(tmp_path):
    """2023 of x-32, by hand: S earns 10,000; the 20% earns 2,000, H's NCI 400; carrying amount 44,000; NCI 52,800 +
    400 = 53,200 = 20% × H's 266,000 (cash 222,000 + 44,000); retained earnings 51,200 + 1,600 = 52,800."""
    ws = _copy(X25, tmp_path)
    _append(ws, "ledger/trial_balances.csv",
            "P,2023-12-31,1100,,40000,\nP,2023-12-31,1500,H,160000,\nP,2023-12-31,3100,,-200000,\n"
            "H,2023-12-31,1100,,222000,\nH,2023-12-31,1500,S,25000,\nH,2023-12-31,3100,,-200000,\n"
            "H,2023-12-31,3300,,-47000,\n" + _S_2023)
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet["1510"] == Decimal(44000)
    assert (res.balance_sheet["3300"], res.balance_sheet["3900"]) == (Decimal(-52800), Decimal(-53200))
    assert (res.profit_total, res.profit_owners, res.profit_nci) == (Decimal(2000), Decimal(1600), Decimal(400))
    j = res.to_json()
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


@pytest.mark.parametrize(("case", "row"), [
    # below significant influence on the sale's day (10% kept), then the rest sold: not the equity method's
    ("x-8-sale-keeps-10pct-ifrs", "- date: '2022-10-01'\n  holder: P\n  entity: S\n  share: 0\n  cost: 20000\n"),
    # (a seller booking in USD: consolidated since x-54, tests/cases/deconsolidation/x-54-*)
    # (jgaap with S in USD: consolidated since x-56, the kept reserve realised in full)
])
def test_selling_the_rest_is_still_refused_where_not_measured(tmp_path, case, row):
    ws = _copy(CASES / "deconsolidation" / case / "workspace", tmp_path)
    _append(ws, "group.yaml", row)
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    assert {p.kind for p in err.value.problems} == {"deconsolidation.retained_interest"}


def test_a_later_purchase_in_the_same_year(tmp_path):
    """Consolidated since x-43 (refused before; this test's ledger then kept P's books of a sale, now its books of the
    purchase). By hand (IAS 28.10, 28.32): P buys 10% more on 2022-10-01 for 22,000 (its 1500 37,500 + 22,000 =
    59,500, cash 248,000, gain 37,500): the loss of control gains 36,000 and takes off P's 37,500; carrying amount
    60,000 + 1,500 = 61,500 on 09-30, + 22,000, + 40% × 5,000 = 85,500; share of profit 3,500; investing 100,000 −
    80,000 − 22,000 = −2,000. Under jgaap (each purchase's goodwill from its own day) it stays refused."""
    p_end = ("P,2022-12-31,1100,,248000,\nP,2022-12-31,1500,S,59500,\nP,2022-12-31,3100,,-200000,\n"
             "P,2022-12-31,3300,,-50000,\nP,2022-12-31,4100,,-60000,\nP,2022-12-31,4950,S,-37500,\n"
             "P,2022-12-31,5200,,40000,\n")
    for framework in ("ifrs", "jgaap"):
        ws = _domestic(tmp_path / framework, "  share: 0.4\n  cost: 22000\n", framework)
        tb = ws / "ledger" / "trial_balances.csv"
        tb.write_text(tb.read_text(encoding="utf-8").replace(_P_END, p_end), encoding="utf-8")
        if framework == "jgaap":
            assert _refused(ws)
            continue
        res = Context.open(ws).consolidate("2022-12-31")
        assert res.income_statement["4950"] == Decimal(-36000)
        assert res.income_statement["4300"] == Decimal(-3500)
        assert res.balance_sheet["1510"] == Decimal(85500)
        assert "1500" not in res.balance_sheet
        j = res.to_json()
        assert Decimal(j["cash_flows"]["investing"]["total"]) == Decimal(-2000)
        assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a_jgaap_further_sale_of_a_foreign_s_reads_the_day_before(tmp_path):
    """jgaap (ASBJ Statement 22 §29: the interest kept at its consolidated carrying amount) with a further sale of a
    foreign S is consolidated since x-42 (refused before): without S's trial balance of the day before the further
    sale, it is asked for; selling the rest too (consolidated since x-56)."""
    for share, cost in (("0.3", "20000"), ("0", "80000")):
        ws = _copy(X5, tmp_path / share)
        _append(ws, "group.yaml", f"- date: '2022-10-01'\n  holder: P\n  entity: S\n  share: {share}\n  cost: {cost}\n")
        with pytest.raises(RenketsuError) as err:
            Context.open(ws).consolidate("2022-12-31")
        assert [p.kind for p in err.value.problems] == ["consolidation.no_trial_balance"], share


def test_a_further_sale_by_a_foreign_seller_reads_the_day_before(tmp_path):
    """A further sale by a seller in another currency is consolidated since x-41 (refused before): without S's trial
    balance of the day before the further sale, it is asked for; selling the rest too (consolidated since x-54)."""
    for share in ("0.2", "0"):
        ws = _copy(X6, tmp_path / share)
        _append(ws, "group.yaml", f"- date: '2022-10-01'\n  holder: H\n  entity: S\n  share: {share}\n  cost: 200\n")
        with pytest.raises(RenketsuError) as err:
            Context.open(ws).consolidate("2022-12-31")
        assert [p.kind for p in err.value.problems] == ["consolidation.no_trial_balance"], share
        assert "2022-09-30" in err.value.problems[0].message


X22 = CASES / "deconsolidation" / "x-29-further-sale-then-next-year" / "workspace"


def test_x22_the_year_after_a_further_sale_carries_on_from_the_carrying_amount_left():
    """2023 of x-14 (x-29, README "2023"): the fair value 72,000 on the investment against P's remaining cost 25,000
    (the 20%'s, not the 30%'s), 47,000 to retained earnings; the share of retained profit to the start of 2023 read
    stretch by stretch over 2022, 1,755 + 1,180, less the part sold at its historical amount 24,585: −21,650 (the
    old reading would run 30% for the whole of 2022 and take the further sale's 26,000 as a cost)."""
    res = Context.open(X22).consolidate("2023-12-31")
    (kept,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "retained_interest"]
    assert {ln.account: ln.amount for ln in kept.lines} == {"1510": Decimal(72000), "1500": Decimal(-25000),
                                                           "3300": Decimal(-47000)}
    (em,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "equity_method"]
    lines = {ln.account: ln.amount for ln in em.lines}
    assert lines["3300"] == Decimal(21650) and lines["4300"] == Decimal(-5200) and lines["3600"] == Decimal(-8850)
    assert res.balance_sheet["1510"] == Decimal(64400) and res.balance_sheet["3300"] == Decimal(-171550)
    assert not res.associate_sales and not res.disposals


def test_x22_two_years_after_the_further_sale(tmp_path):
    """2024 by hand: S earns USD 100 (average 150, closing 160): share 20% × 100 × 150 = 3,000; carrying amount USD
    (460 + 20) × 160 = 76,800; at historical rates 55,550 + 3,000 = 58,550, the reserve 18,250; retained earnings
    171,550 + 3,000 = 174,550 (2023's share read at 20% and its average 130, 2022 stretch by stretch)."""
    ws = _copy(X22, tmp_path)
    _append(ws, "ledger/trial_balances.csv",
            "P,2024-12-31,1100,,316000,\nP,2024-12-31,1500,S,25000,\nP,2024-12-31,3100,,-200000,\n"
            "P,2024-12-31,3300,,-141000,\n"
            "S,2024-12-31,1100,,1200,\nS,2024-12-31,1400,,1000,\nS,2024-12-31,2200,,-300,\nS,2024-12-31,3100,,-1000,\n"
            "S,2024-12-31,3300,,-800,\nS,2024-12-31,4100,,-500,\nS,2024-12-31,5200,,400,\n")
    _append(ws, "rates.csv", "USD,2024-12-31,average,150\nUSD,2024-12-31,closing,160\n")
    res = Context.open(ws).consolidate("2024-12-31")
    assert res.income_statement["4300"] == Decimal(-3000)
    assert res.balance_sheet["1510"] == Decimal(76800)
    assert res.balance_sheet["3600"] == Decimal(-18250)
    assert res.balance_sheet["3300"] == Decimal(-174550)
    j = res.to_json()
    assert Decimal(j["comprehensive_income"]["oci"]["exchange_differences"]) == Decimal(18250 - 8850)
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


_P_2023 = "P,2023-12-31,1100,,292000,\nP,2023-12-31,1500,S,25000,\nP,2023-12-31,3100,,-200000,\nP,2023-12-31,3300,,-117000,\n"
_S_2023 = ("S,2023-12-31,1100,,100000,\nS,2023-12-31,1400,,100000,\nS,2023-12-31,2200,,-30000,\n"
           "S,2023-12-31,3100,,-100000,\nS,2023-12-31,3300,,-60000,\nS,2023-12-31,4100,,-50000,\n"
           "S,2023-12-31,5200,,40000,\n")


def test_the_year_after_a_domestic_further_sale(tmp_path):
    """The domestic variant in 2023, by hand: S earns 10,000; the 20% left earns 2,000: carrying amount 42,000 +
    2,000 = 44,000. Retained earnings open at P's 117,000 + (fair value 60,000 − P's cost 25,000) + (share of
    profit 2,500 − the part sold 20,500) = 134,000, 2022's closing, and close at 136,000."""
    ws = _domestic(tmp_path)
    closing_2022 = Context.open(ws).consolidate("2022-12-31").balance_sheet["3300"]
    assert closing_2022 == Decimal(-134000)
    _append(ws, "ledger/trial_balances.csv", _P_2023 + _S_2023)
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.income_statement["4300"] == Decimal(-2000)
    assert res.balance_sheet["1510"] == Decimal(44000)
    assert res.balance_sheet["3300"] == Decimal(-136000)
    assert "3600" not in res.balance_sheet
    j = res.to_json()
    assert Decimal(j["cash_flows"]["investing"]["total"]) == 0
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a_change_after_the_year_of_a_further_sale_is_still_refused(tmp_path):
    """A further change of the interest in 2023, after the year of the further sale: refused, saying why."""
    ws = _domestic(tmp_path)
    _append(ws, "ledger/trial_balances.csv", _P_2023 + _S_2023)
    _append(ws, "group.yaml", "- date: '2023-07-01'\n  holder: P\n  entity: S\n  share: 0.25\n  cost: 10000\n")
    problems = _refused(ws, "2023-12-31")
    assert problems and "the holding of S changes on 2023-07-01" in problems[0].message
    assert "the years after are not consolidated yet because the holding of S changes" in problems[0].message


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
    assert "its holding changes again after the year of the sale of 2022-07-01 (2022-12-31)" in p.message


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
