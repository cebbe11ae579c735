"""Later changes of an interest kept on losing control (issue 10, helper ``laterfx``): dividends received from the
associate in the year of a further sale (x-40), and what stays refused.

The worked cases tests/cases/deconsolidation/x-40.. pin the year of the change; these tests pin the years after,
variants worked by hand and the refusals.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parents[1] / "cases" / "deconsolidation"
X40 = CASES / "x-40-sale-then-further-sale-after-a-dividend" / "workspace"


def _copy(src: Path, tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(src, ws)
    return ws


def _append(ws: Path, name: str, text: str) -> None:
    f = ws / name
    f.write_text(f.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(ws: Path, name: str, old: str, new: str) -> None:
    f = ws / name
    text = f.read_text(encoding="utf-8")
    assert old in text, (name, old)
    f.write_text(text.replace(old, new), encoding="utf-8")


def _refused(ws: Path, period: str = "2022-12-31") -> list:
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate(period)
    return [p for p in err.value.problems if p.kind == "deconsolidation.retained_interest"]


def _ok(res) -> None:
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


# --- x-40: a dividend from the associate before the further sale -------------------------------------------------


def test_x40_the_dividend_lowers_the_carrying_amount_sold():
    """x-40 by hand: the carrying amount on 09-30 USD 585 × 122 = 71,370 (x-14's 75,030 less the dividend's USD 30);
    a third sold, 23,790, reserve 415 reclassified: gain 2,625; P's dividend income 3,630 off the carrying amount."""
    res = Context.open(X40).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(26000), Decimal(2625), Decimal(23790),
                                                                      Decimal(415))
    (sold,) = res.disposals
    assert sold.gain == Decimal(66000)
    (em,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "equity_method"]
    lines = {ln.account: ln.amount for ln in em.lines}
    assert lines["4200"] == Decimal(3630) and "dividends received 3,630" in em.reason
    j = res.to_json()
    investing = {ln["key"]: Decimal(ln["amount"]) for ln in j["cash_flows"]["investing"]["lines"]}
    assert investing["associate_sale:S:2022-10-01"] == Decimal(26000)
    assert investing["1510"] == Decimal(3630)  # the dividend received from the associate
    _ok(res)


def _x40_2023(tmp_path: Path) -> Path:
    ws = _copy(X40, tmp_path)
    _append(ws, "ledger/trial_balances.csv",
            "P,2023-12-31,1100,,319630,\nP,2023-12-31,1500,S,25000,\nP,2023-12-31,3100,,-200000,\n"
            "P,2023-12-31,3300,,-144630,\n"
            "S,2023-12-31,1100,,1000,\nS,2023-12-31,1400,,1000,\nS,2023-12-31,2200,,-300,\n"
            "S,2023-12-31,3100,,-1000,\nS,2023-12-31,3300,,-500,\nS,2023-12-31,4100,,-1000,\n"
            "S,2023-12-31,5200,,800,\n")
    _append(ws, "rates.csv", "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n")
    return ws


def test_x40_the_year_after(tmp_path):
    """x-40 in 2023 (README): the share of retained profit read again stretch by stretch with the dividend in the
    first, 1,755 − 3,630 + 1,180 − 23,375 = −24,070; retained earnings open at 167,560; share of profit 5,200;
    carrying amount USD 440 × 140 = 61,600; reserve 8,470 (exchange differences 6,400)."""
    res = Context.open(_x40_2023(tmp_path)).consolidate("2023-12-31")
    assert res.balance_sheet["1510"] == Decimal(61600)
    assert res.balance_sheet["3300"] == Decimal(-172760)
    assert res.balance_sheet["3600"] == Decimal(-8470)
    assert res.income_statement["4300"] == Decimal(-5200)
    (kept,) = [e for e in res.eliminations if e.kind == "retained_interest"]
    assert {ln.account: ln.amount for ln in kept.lines} == {"1510": Decimal(72000), "1500": Decimal(-25000),
                                                            "3300": Decimal(-47000)}
    j = res.to_json()
    assert Decimal(j["comprehensive_income"]["oci"]["exchange_differences"]) == Decimal(6400)
    assert Decimal(j["changes_in_equity"]["3600"]["opening"]) == Decimal(2070)
    _ok(res)


def test_x40_a_dividend_declared_before_the_loss_of_control_stays_refused(tmp_path):
    """S declares a dividend while still a subsidiary (its trial balance at 2022-06-30 shows it): the intra-group
    dividend of the year to the sale is not eliminated, so the later sale stays refused."""
    ws = _copy(X40, tmp_path)
    _replace(ws, "ledger/trial_balances.csv", "S,2022-06-30,1100,,800,\n",
             "S,2022-06-30,1100,,750,\nS,2022-06-30,3400,,50,2022-05-31\n")
    (p,) = _refused(ws)
    assert "because the holdings of S change again on 2022-10-01 and S declared dividends in the year before the " \
        "sale" in p.message


# --- in yen, worked by hand: two dividends, one in each stretch; the rest sold after a dividend --------------------

E = CASES.parent / "statements" / "e-disposal-of-subsidiary" / "workspace"
# e's group in yen: P sells 50 of its 80% of S on 2022-07-01 for 100,000 keeping 30% at fair value 60,000, then 10%
# more on 2022-10-01 for 22,000 (or the rest for 62,000). S earns 10,000 to the first sale, 5,000 a quarter after it,
# and declares 10,000 on 2022-08-31 and 5,000 on 2022-11-30.
_S_0930 = ("S,2022-09-30,1100,,75000,\nS,2022-09-30,3400,,10000,2022-08-31\nS,2022-09-30,1400,,100000,\n"
           "S,2022-09-30,2200,,-30000,\nS,2022-09-30,3100,,-100000,\nS,2022-09-30,3300,,-40000,\n"
           "S,2022-09-30,4100,,-75000,\nS,2022-09-30,5200,,60000,\n")
_S_END = ("S,2022-12-31,1100,,75000,\nS,2022-12-31,3400,,10000,2022-08-31\nS,2022-12-31,3400,,5000,2022-11-30\n"
          "S,2022-12-31,1400,,100000,\nS,2022-12-31,2200,,-30000,\nS,2022-12-31,3100,,-100000,\n"
          "S,2022-12-31,3300,,-40000,\nS,2022-12-31,4100,,-100000,\nS,2022-12-31,5200,,80000,\n")


def _domestic(tmp_path: Path, last: str, p_end: str) -> Path:
    ws = _copy(E, tmp_path)
    _replace(ws, "group.yaml", "  share: 0\n  cost: 150000\n",
             "  share: 0.3\n  cost: 100000\n  retained_fair_value: 60000\n- date: '2022-10-01'\n  holder: P\n"
             "  entity: S\n" + last)
    tb = ws / "ledger" / "trial_balances.csv"
    kept = [r for r in tb.read_text(encoding="utf-8").splitlines(keepends=True) if not r.startswith("P,2022-12-31")]
    tb.write_text("".join(kept) + p_end + _S_0930 + _S_END, encoding="utf-8")
    return ws


def test_two_dividends_split_over_the_stretches(tmp_path):
    """By hand (IAS 28.10, 28.25): the loss of control gains 36,000 (as test_deconsolidation_later's domestic
    variant); P receives 30% of 10,000 = 3,000 before the further sale and 20% of 5,000 = 1,000 after it (its books
    4,000). Carrying on 09-30: 60,000 + 1,500 − 3,000 = 58,500; a third (19,500) sold for 22,000: gain 2,500; then
    39,000 + 1,000 − 1,000 = 39,000. Gains 38,500, share of profit 2,500; investing 100,000 − 80,000 cash given up
    + 22,000 + dividends 4,000 = 46,000."""
    p_end = ("P,2022-12-31,1100,,296000,\nP,2022-12-31,1500,S,25000,\nP,2022-12-31,3100,,-200000,\n"
             "P,2022-12-31,3300,,-50000,\nP,2022-12-31,4100,,-60000,\nP,2022-12-31,4200,S,-4000,\n"
             "P,2022-12-31,4950,S,-47000,\nP,2022-12-31,5200,,40000,\n")
    res = Context.open(_domestic(tmp_path, "  share: 0.2\n  cost: 22000\n", p_end)).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(2500), Decimal(19500))
    assert res.income_statement["4950"] == Decimal(-38500)
    assert res.income_statement["4300"] == Decimal(-2500)
    assert "4200" not in res.income_statement
    assert res.balance_sheet["1510"] == Decimal(39000)
    j = res.to_json()
    assert Decimal(j["cash_flows"]["investing"]["total"]) == Decimal(46000)
    _ok(res)


def test_the_rest_sold_after_a_dividend(tmp_path):
    """The rest (30%) sold on 2022-10-01 for 62,000 after the dividend of 08-31 (P receives 3,000; nothing after):
    carrying amount 58,500, gain 3,500; gains 39,500; nothing equity-accounted at the year end."""
    s_end = _S_END.replace("S,2022-12-31,3400,,5000,2022-11-30\n", "").replace("1100,,75000", "1100,,80000")
    p_end = ("P,2022-12-31,1100,,335000,\nP,2022-12-31,3100,,-200000,\n"
             "P,2022-12-31,3300,,-50000,\nP,2022-12-31,4100,,-60000,\nP,2022-12-31,4200,S,-3000,\n"
             "P,2022-12-31,4950,S,-62000,\nP,2022-12-31,5200,,40000,\n")
    ws = _domestic(tmp_path, "  share: 0\n  cost: 62000\n", p_end)
    _replace(ws, "ledger/trial_balances.csv", _S_END, s_end)
    res = Context.open(ws).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(3500), Decimal(58500))
    assert res.income_statement["4950"] == Decimal(-39500)
    assert res.income_statement["4300"] == Decimal(-1500)
    assert "1510" not in res.balance_sheet and "4200" not in res.income_statement
    _ok(res)


# --- x-41: a seller booking in another currency -----------------------------------------------------------------

X41 = CASES / "x-41-foreign-seller-sale-then-further-sale" / "workspace"


def test_x41_the_sellers_cost_at_the_loss_of_control_and_its_translation():
    """x-41 by hand: the loss of control takes off H's USD 360 (the year-end 240 × 30/20) at the day before's 120,
    and moves the translation its books put since on the 240 left at the year end, 1,200, out of the reserve; the
    further sale puts the 120 sold back at the rate inside H's gain (118: 14,160) and the 240 between that and 120
    on the reserve (laterfx3: 1,800 and 840 before, the same reserve and cost in all, read so that the year after
    carries the 240 left's translation alone); gain 28,320 − 21,700 + 628 = 7,248."""
    res = Context.open(X41).consolidate("2022-12-31")
    (sold,) = res.disposals
    assert sold.gain == Decimal(66200)
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(28320), Decimal(7248), Decimal(21700),
                                                                      Decimal(628))
    costs = {e.step: {ln.account: ln.amount for ln in e.lines} for e in res.eliminations if e.kind == "seller_cost"}
    assert costs == {"deconsolidation": {"1500": Decimal(-1200), "3600": Decimal(1200)},
                     "equity_method": {"1500": Decimal(240), "3600": Decimal(-240)}}
    (em_sale,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "disposal"]
    assert {ln.account: ln.amount for ln in em_sale.lines} == {"1500": Decimal(14160), "1510": Decimal(-21700),
                                                             "3600": Decimal(628), "4950": Decimal(6912)}
    assert "1500" not in res.balance_sheet
    _ok(res)


def _x41(tmp_path: Path) -> Path:
    return _copy(X41, tmp_path)


def _x41_2023(tmp_path: Path) -> Path:
    ws = _x41(tmp_path)
    _append(ws, "ledger/trial_balances.csv",
            "P,2023-12-31,1100,,70000,\nP,2023-12-31,1500,H,100000,\nP,2023-12-31,3100,,-150000,\n"
            "P,2023-12-31,3300,,-20000,\nH,2023-12-31,1100,,1280,\nH,2023-12-31,1500,S,240,\n"
            "H,2023-12-31,3100,,-1000,\nH,2023-12-31,3300,,-520,\nS,2023-12-31,1100,,520,\n"
            "S,2023-12-31,1400,,500,\nS,2023-12-31,2200,,-200,\nS,2023-12-31,3100,,-400,\n"
            "S,2023-12-31,3300,,-320,\nS,2023-12-31,4100,,-400,\nS,2023-12-31,5200,,300,\n")
    _append(ws, "rates.csv", "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n"
            "EUR,2023-12-31,average,185\nEUR,2023-12-31,closing,190\n")
    return ws


def test_x41_the_year_after_carries_on_from_the_carrying_amount_left(tmp_path):
    """2023 of x-41 by hand (laterfx3; refused before): the equity method carries on from EUR 254 (the 20% left):
    share of profit 20% × EUR 100 × 185 = 3,700; carrying amount EUR 274 × 190 = 52,060; the associate's reserve
    2,544 + 254 × 10 + 20 × 5 = 5,184; H's own reserve 7,680 + USD 1,280 × 15 = 26,880; reserve 32,064; retained
    earnings 115,496 + 3,700 = 119,196; cash 70,000 + 1,280 × 140 = 249,200; OCI 21,840; the cash flows all FX
    (19,200). H's cost: the 240 left off at 120 with 240 × 20 = 4,800 since (``seller_cost``); what its books put on
    the 720 sold to the day before and on the 120 sold later to the year's average, 720 × 20 − 120 × 2 = 14,160,
    from the reserve to retained earnings."""
    res = Context.open(_x41_2023(tmp_path)).consolidate("2023-12-31")
    bs = res.balance_sheet
    assert (bs["1100"], bs["1510"], bs["3300"], bs["3600"]) == (Decimal(249200), Decimal(52060), Decimal(-119196),
                                                              Decimal(-32064))
    assert res.income_statement == {"4300": Decimal(-3700)}
    (moved,) = [e for e in res.eliminations if e.step == "deconsolidation" and e.kind == "seller_cost"]
    assert {ln.account: ln.amount for ln in moved.lines} == {"3600": Decimal(14160), "3300": Decimal(-14160)}
    j = res.to_json()
    assert Decimal(j["comprehensive_income"]["oci"]["exchange_differences"]) == Decimal(21840)
    assert Decimal(j["cash_flows"]["fx_effect"]) == Decimal(19200) and not j["cash_flows"]["investing"]["lines"]
    _ok(res)
    # 2024: S earns EUR 100 again; carrying amount EUR 294 × 195 = 57,330, share 20 × 192 = 3,840, reserve 26,880 +
    # 1,280 × 5 + 5,184 + 274 × 5 + 20 × 3 = 39,894, retained earnings 123,036
    ws = tmp_path / "workspace"
    _append(ws, "ledger/trial_balances.csv",
            "P,2024-12-31,1100,,70000,\nP,2024-12-31,1500,H,100000,\nP,2024-12-31,3100,,-150000,\n"
            "P,2024-12-31,3300,,-20000,\nH,2024-12-31,1100,,1280,\nH,2024-12-31,1500,S,240,\n"
            "H,2024-12-31,3100,,-1000,\nH,2024-12-31,3300,,-520,\nS,2024-12-31,1100,,620,\n"
            "S,2024-12-31,1400,,500,\nS,2024-12-31,2200,,-200,\nS,2024-12-31,3100,,-400,\n"
            "S,2024-12-31,3300,,-420,\nS,2024-12-31,4100,,-400,\nS,2024-12-31,5200,,300,\n")
    _append(ws, "rates.csv", "USD,2024-12-31,average,142\nUSD,2024-12-31,closing,145\n"
            "EUR,2024-12-31,average,192\nEUR,2024-12-31,closing,195\n")
    res = Context.open(ws).consolidate("2024-12-31")
    bs = res.balance_sheet
    assert (bs["1100"], bs["1510"], bs["3300"], bs["3600"]) == (Decimal(255600), Decimal(57330), Decimal(-123036),
                                                              Decimal(-39894))
    _ok(res)


def test_x41_the_year_after_a_dated_later_gain_stays_refused(tmp_path):
    """The year after stays refused where the year of the sale was: a dated later gain row of H's."""
    ws = _x41_2023(tmp_path)
    _replace(ws, "ledger/trial_balances.csv", "H,2022-12-31,4950,S,-120,\n", "H,2022-12-31,4950,S,-120,2022-10-01\n")
    assert any("H books in USD" in p.message for p in _refused(ws, "2023-12-31"))


@pytest.mark.parametrize(("edit", "why"), [
    # the later gain on a dated row: translated at its spot rate, which the equity method does not read
    (("ledger/trial_balances.csv", "H,2022-12-31,4950,S,-120,\n", "H,2022-12-31,4950,S,-120,2022-10-01\n"), "dated"),
    # a dividend from S after the loss of control, received by the seller in USD: not worked
    (("ledger/trial_balances.csv", "H,2022-12-31,1100,,1280,\n",
      "H,2022-12-31,1100,,1286,\nH,2022-12-31,4200,S,-6,\n"), "dividend"),
    # jgaap: the interest at its consolidated carrying amount in a foreign seller's books: not worked
    (("group.yaml", "framework: ifrs", "framework: jgaap"), "jgaap"),
])
def test_x41_variants_still_refused(tmp_path, edit, why):
    ws = _x41(tmp_path)
    _replace(ws, *edit)
    assert _refused(ws), why


# --- x-42: jgaap with a foreign S -----------------------------------------------------------------------------

X42 = CASES / "x-42-jgaap-foreign-sale-then-further-sale" / "workspace"


def test_x42_the_further_sale_realises_half_of_both_reserves():
    """x-42 by hand: half of the interest sold realises half of the subsidiary's reserve kept with it (13,205) and of
    the associate's own since (1,491): 6,602 + 746 = 7,348 (each rounded half-even); carrying amount sold 43,920;
    gain 13,428; goodwill inside amortised USD 3 then USD 1.5 (351 + 177 = 528)."""
    res = Context.open(X42).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(50000), Decimal(13428), Decimal(43920),
                                                                      Decimal(7348))
    (entry,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "disposal"]
    assert {ln.account: ln.amount for ln in entry.lines} == {"1500": Decimal(30000), "1510": Decimal(-43920),
                                                           "3600": Decimal(7348), "4950": Decimal(6572)}
    assert "6,602 the part sold of the subsidiary's reserve kept" in entry.reason
    (am,) = [e for e in res.eliminations if e.step == "equity_method" and e.kind == "goodwill_amortisation"]
    assert {ln.account: ln.amount for ln in am.lines} == {"4300": Decimal(528), "1510": Decimal(-528)}
    _ok(res)


def test_x42_the_years_after_carry_the_kept_reserve_left(tmp_path):
    """jgaap with a foreign S, the years after a further sale (laterfx3; refused before): 2023 is
    tests/cases/deconsolidation/x-57 (the kept reserve left 6,603 back in the reserve, the goodwill inside amortised
    in USD at each stretch's rate); 2024 by hand: S earns USD 200 again (average 142, closing 146): share 40 × 142 =
    5,680 less USD 6 × 142 = 852 → 4,828; carrying amount USD 436.5 × 146 = 63,729; reserve 14,355 + 402.5 × 6 + 34 ×
    4 = 16,906; retained earnings 146,823."""
    ws = _copy(CASES / "x-57-jgaap-foreign-further-sale-then-next-year" / "workspace", tmp_path)
    res = Context.open(ws).consolidate("2023-12-31")
    (kept,) = [e for e in res.eliminations if e.kind == "retained_interest"]
    assert {ln.account: ln.amount for ln in kept.lines} == {"1510": Decimal(84360), "1500": Decimal(-30000),
                                                          "3600": Decimal(-6603), "3300": Decimal(-47757)}
    _append(ws, "ledger/trial_balances.csv",
            "P,2024-12-31,1100,,300000,\nP,2024-12-31,1500,S,30000,\nP,2024-12-31,3100,,-200000,\n"
            "P,2024-12-31,3300,,-130000,\nS,2024-12-31,1100,,1300,\nS,2024-12-31,1400,,1000,\n"
            "S,2024-12-31,2200,,-300,\nS,2024-12-31,3100,,-1000,\nS,2024-12-31,3300,,-800,\n"
            "S,2024-12-31,4100,,-1000,\nS,2024-12-31,5200,,800,\n")
    _append(ws, "rates.csv", "USD,2024-12-31,average,142\nUSD,2024-12-31,closing,146\n")
    res = Context.open(ws).consolidate("2024-12-31")
    bs = res.balance_sheet
    assert (bs["1510"], bs["3300"], bs["3600"]) == (Decimal(63729), Decimal(-146823), Decimal(-16906))
    assert res.income_statement == {"4300": Decimal(-4828)}
    _ok(res)


# --- x-43: a later purchase, still an associate ---------------------------------------------------------------

X43 = CASES / "x-43-sale-then-purchase-stays-associate" / "workspace"


def test_x43_the_purchase_is_a_tranche_from_its_own_day():
    """x-43 by hand: the loss of control takes off P's cost at that date, 37,500 = 68,000 − the purchase 30,500 (P's
    cost sold 62,500 back of the 100,000 eliminated); the purchase moves 30,500 onto the equity-method investment;
    the share of profit is 30% to 09-30 (1,755) and 40% after (2,360); nothing sold."""
    res = Context.open(X43).consolidate("2022-12-31")
    assert not res.associate_sales
    (loss,) = [e for e in res.eliminations if e.step == "deconsolidation" and e.kind == "disposal"]
    assert [ln.amount for ln in loss.lines if (ln.entity, ln.account) == ("P", "1500")] == [Decimal(62500)]
    (buy,) = [e for e in res.eliminations if e.kind == "purchase"]
    assert {ln.account: ln.amount for ln in buy.lines} == {"1510": Decimal(30500), "1500": Decimal(-30500)}
    assert "IAS 28.32" in buy.reason
    j = res.to_json()
    assert Decimal(j["cash_flows"]["investing"]["total"]) == Decimal(-6500)
    _ok(res)


def test_x43_regaining_control_is_refused(tmp_path):
    """P buys 30% more on 2022-10-01 and holds 60%: control obtained again is a new business combination (IFRS 3.42),
    not modelled; before, the engine consolidated S as if never sold (its cost 1500 −182,500 on the balance sheet)."""
    ws = _copy(X43, tmp_path)
    _replace(ws, "group.yaml", "  share: 0.4\n  cost: 30500\n", "  share: 0.6\n  cost: 30500\n")
    (p,) = _refused(ws)
    assert "IFRS 3.42" in p.message and "controls it again" in p.message


@pytest.mark.parametrize("variant", ["jgaap", "then-sold", "year-after"])
def test_x43_variants_still_refused(tmp_path, variant):
    """jgaap (each purchase's goodwill amortised from its own day, ASBJ 16 §12: the kept goodwill's stretches do not
    split it), a purchase and a sale in the same year, and the years after a purchase stay refused."""
    ws = _copy(X43, tmp_path)
    period = "2022-12-31"
    if variant == "jgaap":
        _replace(ws, "group.yaml", "framework: ifrs", "framework: jgaap\n# goodwill")
        _replace(ws, "group.yaml", "  nci_measurement: proportionate\n",
                 "  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
        _replace(ws, "group.yaml", "  retained_fair_value: 72000\n", "")
    elif variant == "then-sold":
        _append(ws, "group.yaml", "- date: '2022-12-01'\n  holder: P\n  entity: S\n  share: 0.3\n  cost: 30000\n")
    else:
        _append(ws, "ledger/trial_balances.csv",
                "P,2023-12-31,1100,,259500,\nP,2023-12-31,1500,S,68000,\nP,2023-12-31,3100,,-200000,\n"
                "P,2023-12-31,3300,,-127500,\nS,2023-12-31,1100,,1100,\nS,2023-12-31,1400,,1000,\n"
                "S,2023-12-31,2200,,-300,\nS,2023-12-31,3100,,-1000,\nS,2023-12-31,3300,,-600,\n"
                "S,2023-12-31,4100,,-1000,\nS,2023-12-31,5200,,800,\n")
        _append(ws, "rates.csv", "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n")
        period = "2023-12-31"
    assert _refused(ws, period), variant


# --- x-44: a sub-group leaves with S, then a further sale -----------------------------------------------------

X44 = CASES / "x-44-sub-group-leaves-then-further-sale" / "workspace"


def test_x44_the_further_sale_reads_s_consolidated_with_t():
    """x-44 by hand: S's consolidated net assets on 09-30 (S 590 without its investment + T 140) give the carrying
    amount EUR 435 × 175 = 76,125; a third sold, 25,375, reserve 735, proceeds USD 240 × 118 = 28,320: gain 3,680."""
    res = Context.open(X44).consolidate("2022-12-31")
    (part,) = res.associate_sales
    assert (part.proceeds, part.gain, part.carrying, part.reserve) == (Decimal(28320), Decimal(3680), Decimal(25375),
                                                                      Decimal(735))
    (sold,) = res.disposals
    assert sold.gain == Decimal(72600) and set(sold.entities) == {"S", "T"}
    _ok(res)


def test_x44_the_rest_sold_and_a_sub_group_in_another_currency_stay_refused(tmp_path):
    ws = _copy(X44, tmp_path / "rest")
    _replace(ws, "group.yaml", "  share: 0.2\n  cost: 240\n", "  share: 0\n  cost: 720\n")
    assert _refused(ws)
    ws = _copy(X44, tmp_path / "usd")
    _replace(ws, "group.yaml", "  name: German Sub-Sub GmbH\n  currency: EUR\n",
             "  name: German Sub-Sub GmbH\n  currency: USD\n")
    assert _refused(ws)
