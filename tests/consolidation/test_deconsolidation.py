"""A subsidiary sold inside the year (step ``deconsolidation``, docs/consolidation.md "Disposals inside the year").

The worked cases (tests/cases/statements/e-…, tests/cases/deconsolidation/…) pin the figures; these tests
pin what the cases cannot: the gain ``consolidate`` books equals the gain ``simulate`` gives for the same
sale on the same position, a period before the sale is unchanged, and what is refused is refused.
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
X1 = CASES / "deconsolidation" / "x-1-foreign-subsidiary-sold" / "workspace"
X2 = CASES / "deconsolidation" / "x-2-sold-by-foreign-holder" / "workspace"
X4 = CASES / "deconsolidation" / "x-4-sale-keeps-influence" / "workspace"
X5 = CASES / "deconsolidation" / "x-5-jgaap-sale-keeps-influence" / "workspace"
X6 = CASES / "deconsolidation" / "x-6-foreign-seller-keeps-influence" / "workspace"
X7 = CASES / "deconsolidation" / "x-7-jgaap-foreign-seller-keeps-influence" / "workspace"
X10 = CASES / "deconsolidation" / "x-10-jgaap-seller-with-nci-keeps-influence" / "workspace"


def _copy(src: Path, tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(src, ws)
    return ws


def _with_event(ws: Path, rows: str, holder: str, keys: str) -> None:
    """The same sale as an event to simulate: the holders' books the day before (``rows``), and the event of
    ``holder`` selling S on 2022-07-01 with ``keys`` (its share_sold, proceeds and retained_fair_value lines)."""
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + rows, encoding="utf-8")
    (ws / "events.yaml").write_text(
        f"events:\n- id: sale\n  kind: disposal\n  date: 2022-07-01\n  holder: {holder}\n  entity: S\n" + keys,
        encoding="utf-8")


# P's books on 2022-06-30, before the sale: cash 150,000 + 10,000 earned, the investment at cost.
_P_BEFORE = ("P,2022-06-30,1100,,160000,\nP,2022-06-30,1500,S,100000,\nP,2022-06-30,3100,,-200000,\n"
             "P,2022-06-30,3300,,-50000,\nP,2022-06-30,4100,,-30000,\nP,2022-06-30,5200,,20000,\n")
# x-5 / x-9: P's books on 2022-06-30, before the sale (the cost 120,000).
_P5_BEFORE = ("P,2022-06-30,1100,,140000,\nP,2022-06-30,1500,S,120000,\nP,2022-06-30,3100,,-200000,\n"
              "P,2022-06-30,3300,,-50000,\nP,2022-06-30,4100,,-30000,\nP,2022-06-30,5200,,20000,\n")
# x-2: P holds H; H (USD) holds S at its cost USD 900.
_PH_BEFORE = ("P,2022-06-30,1100,,65000,\nP,2022-06-30,1500,H,100000,\nP,2022-06-30,3100,,-150000,\n"
              "P,2022-06-30,3300,,-10000,\nP,2022-06-30,4100,,-5000,\n"
              "H,2022-06-30,1100,,100,\nH,2022-06-30,1500,S,900,\nH,2022-06-30,3100,,-1000,\n")


@pytest.mark.parametrize(("src", "rows", "holder", "proceeds", "gain"), [
    (E, _P_BEFORE, "P", "150000", "26000"), (X1, _P_BEFORE, "P", "170000", "44000"),
    (X2, _PH_BEFORE, "H", "1300", "47000")])
def test_consolidate_books_the_gain_simulate_gives(tmp_path, src, rows, holder, proceeds, gain):
    """IFRS 10.B98: the consolidated gain of a sale inside the year is the one the simulation of that sale
    on the day before gives (the same position, the same rates)."""
    ws = _copy(src, tmp_path)
    _with_event(ws, rows, holder, f"  share_sold: 0.8\n  proceeds: {proceeds}\n")
    ctx = Context.open(ws)
    sim = ctx.simulate("sale")
    simulated = -sim.event_income()["4950"]
    res = ctx.consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == simulated == Decimal(gain)
    assert -res.income_statement["4950"] == Decimal(gain)


def test_a_sale_keeping_influence_books_the_gain_simulate_gives(tmp_path):
    """IFRS 10.25(b), B98(b)(iii): P sells 50 of its 80% of S and keeps 30% at fair value 72,000 (x-4); the
    consolidated gain of that sale inside the year is the one the simulation of it on the day before gives."""
    ws = _copy(X4, tmp_path)
    _with_event(ws, _P_BEFORE, "P", "  share_sold: 0.5\n  proceeds: 120000\n  retained_fair_value: 72000\n")
    ctx = Context.open(ws)
    simulated = -ctx.simulate("sale").event_income()["4950"]
    res = ctx.consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == simulated == Decimal(66000)
    assert -res.income_statement["4950"] == Decimal(66000)
    (entry,) = [e for e in res.eliminations if e.kind == "disposal"]
    assert "fair value of the retained 30% 72,000" in entry.reason


# e-disposal, but P sells 50 of its 80% of S (JPY) for 100,000 and keeps 30% at fair value 60,000.
_E_KEEPS_P = ("P,2022-12-31,1100,,270000,\nP,2022-12-31,1500,S,37500,\nP,2022-12-31,3100,,-200000,\n"
              "P,2022-12-31,3300,,-50000,\nP,2022-12-31,4100,,-60000,\nP,2022-12-31,4950,S,-37500,\n"
              "P,2022-12-31,5200,,40000,\n")
_E_KEEPS_S = ("S,2022-12-31,1100,,90000,\nS,2022-12-31,1400,,100000,\nS,2022-12-31,2200,,-30000,\n"
              "S,2022-12-31,3100,,-100000,\nS,2022-12-31,3300,,-40000,\nS,2022-12-31,4100,,-100000,\n"
              "S,2022-12-31,5200,,80000,\n")


def _domestic_sale_keeping_30(tmp_path: Path, framework: str, extra: str) -> Context:
    """e's group under ``framework``: P sells half of S on 2022-07-01 for 100,000 and keeps 30% (``extra``: more
    keys of the holding and of the event), with P's and S's books to the sale and the sale as an event."""
    ws = _copy(E, tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("framework: ifrs", f"framework: {framework}").replace(
        "  share: 0\n  cost: 150000\n", "  share: 0.3\n  cost: 100000\n" + extra), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    kept = [r for r in tb.read_text(encoding="utf-8").splitlines(keepends=True) if not r.startswith("P,2022-12-31")]
    tb.write_text("".join(kept) + _E_KEEPS_P + _E_KEEPS_S + _P_BEFORE, encoding="utf-8")
    (ws / "events.yaml").write_text(
        "events:\n- id: sale\n  kind: disposal\n  date: 2022-07-01\n  holder: P\n  entity: S\n"
        "  share_sold: 0.5\n  proceeds: 100000\n" + extra, encoding="utf-8")
    return Context.open(ws)


def test_a_domestic_sale_keeping_influence(tmp_path):
    """JPY throughout: gain 100,000 + 60,000 + NCI 30,000 − net assets 150,000 − goodwill 4,000 = 36,000, as
    simulate gives; the equity method from the sale: 60,000 + 30% × 10,000 earned after it = 63,000."""
    ctx = _domestic_sale_keeping_30(tmp_path, "ifrs", "  retained_fair_value: 60000\n")
    simulated = -ctx.simulate("sale").event_income()["4950"]
    res = ctx.consolidate("2022-12-31")
    assert -res.income_statement["4950"] == simulated == Decimal(36000)
    assert res.balance_sheet["1510"] == Decimal(63000) and res.income_statement["4300"] == Decimal(-3000)
    assert "1500" not in res.balance_sheet and "3600" not in res.balance_sheet


def test_a_domestic_jgaap_sale_keeping_influence(tmp_path):
    """The domestic sale above under jgaap (goodwill amortised over 20 years): no fair value is read, the gain is
    simulate's (proceeds − the part sold's carrying amount, no reserve), the statements reconcile."""
    ctx = _domestic_sale_keeping_30(tmp_path, "jgaap", "")
    simulated = -ctx.simulate("sale").event_income()["4950"]
    res = ctx.consolidate("2022-12-31")
    assert -res.income_statement["4950"] == simulated
    (disposed,) = res.disposals
    assert disposed.gain == simulated and disposed.reserve == 0
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_the_interest_kept_runs_by_the_equity_method_in_a_later_year(tmp_path):
    """The year after the sale (x-4): the fair value stays the deemed cost, the remeasurement gain of 2022 is in
    retained earnings, the carrying amount grows by the share of 2023's profit and the associate's reserve."""
    ws = _copy(X4, tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + (
        "P,2023-12-31,1100,,290000,\nP,2023-12-31,1500,S,37500,\nP,2023-12-31,3100,,-200000,\n"
        "P,2023-12-31,3300,,-127500,\n"
        "S,2023-12-31,1100,,1100,\nS,2023-12-31,1400,,1000,\nS,2023-12-31,2200,,-300,\nS,2023-12-31,3100,,-1000,\n"
        "S,2023-12-31,3300,,-600,\nS,2023-12-31,4100,,-1000,\nS,2023-12-31,5200,,800,\n"), encoding="utf-8")
    rates = ws / "rates.csv"
    rates.write_text(rates.read_text(encoding="utf-8") + "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n",
                     encoding="utf-8")
    g = ws / "group.yaml"
    with_fv = g.read_text(encoding="utf-8")
    g.write_text(with_fv.replace("  retained_fair_value: 72000\n", ""), encoding="utf-8")
    with pytest.raises(RenketsuError) as err:  # the deemed cost is needed in later years too
        Context.open(ws).consolidate("2023-12-31")
    assert {p.kind for p in err.value.problems} == {"deconsolidation.no_retained_fair_value"}
    g.write_text(with_fv, encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    # 2023: share of profit 30% × 200 × 130 = 7,800; carrying USD 630 + 60 = 690 × 140 = 96,600; the
    # associate's reserve 96,600 − (72,000 + 3,540 + 7,800) = 13,260; retained earnings 165,540 + 7,800
    assert res.income_statement["4300"] == Decimal(-7800)
    assert res.balance_sheet["1510"] == Decimal(96600)
    assert res.balance_sheet["3600"] == Decimal(-13260)
    assert res.balance_sheet["3300"] == Decimal(-165540 - 7800)
    j = res.to_json()  # the statements start from 2022's close: nothing recycled or derecognised again
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    assert Decimal(j["comprehensive_income"]["oci"]["reclassified_on_disposal"]) == 0
    assert Decimal(j["comprehensive_income"]["oci"]["exchange_differences"]) == Decimal(13260 - 3210)


def test_a_jgaap_sale_keeping_influence_books_the_gain_simulate_gives(tmp_path):
    """ASBJ Statement 22 §29: P sells 40 of its 80% of S and keeps 40% at its consolidated carrying amount (x-5);
    the consolidated gain of that sale inside the year is the one the simulation of it on the day before gives:
    100,000 − 84,360 + half the owners' reserve 13,205 = 28,845."""
    ws = _copy(X5, tmp_path)
    _with_event(ws, _P5_BEFORE, "P", "  share_sold: 0.4\n  proceeds: 100000\n")
    ctx = Context.open(ws)
    sim = ctx.simulate("sale")
    simulated = -sim.event_income()["4950"]
    res = ctx.consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == simulated == Decimal(28845)
    assert disposed.reserve == Decimal(13205)
    assert -res.income_statement["4950"] == Decimal(28845)
    (entry,) = [e for e in res.eliminations if e.kind == "disposal"]
    assert "the retained 40% stays at its consolidated carrying amount 84,360" in entry.reason
    assert res.balance_sheet["1510"] == Decimal(92125)  # 84,360 kept, + 4,720 − 708 + 3,753 to the year end


def _x5_2023(ws: Path) -> None:
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + (
        "P,2023-12-31,1100,,250000,\nP,2023-12-31,1500,S,60000,\nP,2023-12-31,3100,,-200000,\n"
        "P,2023-12-31,3300,,-110000,\n"
        "S,2023-12-31,1100,,1100,\nS,2023-12-31,1400,,1000,\nS,2023-12-31,2200,,-300,\nS,2023-12-31,3100,,-1000,\n"
        "S,2023-12-31,3300,,-600,\nS,2023-12-31,4100,,-1000,\nS,2023-12-31,5200,,800,\n"), encoding="utf-8")
    rates = ws / "rates.csv"
    rates.write_text(rates.read_text(encoding="utf-8") + "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n",
                     encoding="utf-8")


def test_a_jgaap_interest_kept_runs_by_the_equity_method_in_a_later_year(tmp_path):
    """The year after the sale (x-5, README "2023"): the carrying amount of the day before stays the starting
    amount, the kept half of the reserve stays in the reserve, goodwill amortisation goes on (ASBJ 16 §12) and the
    equity statement opens at 2022's close."""
    ws = _copy(X5, tmp_path)
    _x5_2023(ws)
    ctx = Context.open(ws)
    res = ctx.consolidate("2023-12-31")
    # share of profit 40% × 200 × 130 = 10,400 less goodwill USD 12 × 130 = 1,560
    assert res.income_statement["4300"] == Decimal(-8840)
    assert res.balance_sheet["1510"] == Decimal(112700)
    assert res.balance_sheet["3600"] == Decimal(-28693)
    assert res.balance_sheet["3300"] == Decimal(-134007)
    assert "1500" not in res.balance_sheet
    last = ctx.consolidate("2022-12-31")
    assert last.balance_sheet["3300"] == Decimal(-125167) and last.balance_sheet["3600"] == Decimal(-16958)
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    eq = j["changes_in_equity"]
    assert Decimal(eq["3300"]["opening"]) == 125167 and Decimal(eq["3600"]["opening"]) == 16958


# x-6 / x-7: P's and H's books on 2022-06-30, before H's sale (H holds S at its cost USD 960).
_PH6_BEFORE = ("P,2022-06-30,1100,,65000,\nP,2022-06-30,1500,H,100000,\nP,2022-06-30,3100,,-150000,\n"
               "P,2022-06-30,3300,,-10000,\nP,2022-06-30,4100,,-5000,\n"
               "H,2022-06-30,1100,,40,\nH,2022-06-30,1500,S,960,\nH,2022-06-30,3100,,-1000,\n")


@pytest.mark.parametrize(("src", "event", "gain", "recycled"), [
    (X6, "  share_sold: 0.5\n  proceeds: 1000\n  retained_fair_value: 510\n", "66200", "14200"),
    (X7, "  share_sold: 0.4\n  proceeds: 1000\n", "65195", "6905")])
def test_a_foreign_seller_keeping_influence_books_the_gain_simulate_gives(tmp_path, src, event, gain, recycled):
    """H (USD) sells part of S (EUR) and keeps influence: ifrs recycles the whole owners' reserve (IAS 21.48A), jgaap
    the sold half (ASBJ 22 §29); in both the gain in yen is the one simulate gives for the same sale."""
    ws = _copy(src, tmp_path)
    _with_event(ws, _PH6_BEFORE, "H", event)
    ctx = Context.open(ws)
    simulated = -ctx.simulate("sale").event_income()["4950"]
    res = ctx.consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == simulated == Decimal(gain)
    assert disposed.reserve == Decimal(recycled)
    assert -res.income_statement["4950"] == Decimal(gain)


def _h_2023(ws: Path, h_rows: str, s_rows: bool) -> None:
    tb = ws / "ledger" / "trial_balances.csv"
    rows = ("P,2023-12-31,1100,,70000,\nP,2023-12-31,1500,H,100000,\nP,2023-12-31,3100,,-150000,\n"
            "P,2023-12-31,3300,,-20000,\n" + h_rows)
    if s_rows:
        rows += ("S,2023-12-31,1100,,520,\nS,2023-12-31,1400,,500,\nS,2023-12-31,2200,,-200,\nS,2023-12-31,3100,,-400,\n"
                 "S,2023-12-31,3300,,-320,\nS,2023-12-31,4100,,-400,\nS,2023-12-31,5200,,300,\n")
    tb.write_text(tb.read_text(encoding="utf-8") + rows, encoding="utf-8")
    rates = ws / "rates.csv"
    rates.write_text(rates.read_text(encoding="utf-8") + "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n"
                     "EUR,2023-12-31,average,185\nEUR,2023-12-31,closing,190\n", encoding="utf-8")


@pytest.mark.parametrize(("src", "h_rows", "s_rows", "figures"), [
    # x-2, S sold outright in 2022: H's reserve 9,000 + 1,400 × (140 − 125); the 18,000 its books put on the cost
    # sold stays in retained earnings, where 2022's gain put it
    (X2, "H,2023-12-31,1100,,1400,\nH,2023-12-31,3100,,-1000,\nH,2023-12-31,3300,,-400,\n", False,
     {"1100": 266000, "3300": -86000, "3600": -30000}),
    # x-6 (README): the associate at EUR 411 × 190; H's reserve 6,000 + 15,600, the associate's 7,728
    (X6, "H,2023-12-31,1100,,1040,\nH,2023-12-31,1500,S,360,\nH,2023-12-31,3100,,-1000,\nH,2023-12-31,3300,,-400,\n",
     True, {"1510": 78090, "3300": -114362, "3600": -29328}),
    # x-7 (README "2023"): EUR 413 × 190; reserve 21,600 + 6,905 kept + 7,796
    (X7, "H,2023-12-31,1100,,1040,\nH,2023-12-31,1500,S,480,\nH,2023-12-31,3100,,-1000,\nH,2023-12-31,3300,,-520,\n",
     True, {"1510": 78470, "3300": -107769, "3600": -36301})])
def test_the_year_after_a_sale_by_a_foreign_seller(tmp_path, src, h_rows, s_rows, figures):
    """The year after H (USD) sold S: the statements open at 2022's close and reconcile, the reserve H's books put on
    the cost of S stays out of the reserve, an interest kept runs on by the equity method."""
    ws = _copy(src, tmp_path)
    _h_2023(ws, h_rows, s_rows)
    ctx = Context.open(ws)
    res = ctx.consolidate("2023-12-31")
    for acc, v in figures.items():
        assert res.balance_sheet[acc] == Decimal(v), acc
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    last = ctx.consolidate("2022-12-31").balance_sheet
    eq = j["changes_in_equity"]
    assert Decimal(eq["3300"]["opening"]) == -last["3300"] and Decimal(eq["3600"]["opening"]) == -last["3600"]


# ---------------------------------------------------------------- a seller with NCI of its own (issue 10, x-10)

# x-10: P holds 80% of H (cost 80,000); P's and H's books on 2022-06-30, before H's sale.
_PH10_BEFORE = _PH6_BEFORE.replace("P,2022-06-30,1100,,65000,", "P,2022-06-30,1100,,85000,").replace(
    "P,2022-06-30,1500,H,100000,", "P,2022-06-30,1500,H,80000,")


def _seller_80_percent_owned(ws: Path) -> None:
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("  entity: H\n  share: 1\n  cost: 100000\n",
                                                       "  entity: H\n  share: 0.8\n  cost: 80000\n"), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace("P,2021-12-31,1100,,60000,", "P,2021-12-31,1100,,80000,")
                  .replace("P,2022-12-31,1100,,70000,", "P,2022-12-31,1100,,90000,")
                  .replace(",1500,H,100000,", ",1500,H,80000,"), encoding="utf-8")


@pytest.mark.parametrize(("src", "event", "gain", "recycled"), [
    (X6, "  share_sold: 0.5\n  proceeds: 1000\n  retained_fair_value: 510\n", "66200", "14200"),
    (X7, "  share_sold: 0.4\n  proceeds: 1000\n", "65195", "6905")])
def test_a_seller_with_nci_books_the_gain_simulate_gives(tmp_path, src, event, gain, recycled):
    """x-6 (ifrs) and x-7 (jgaap) with H 80% owned by P: the gain is H's — the same as when H is wholly owned,
    H's NCI's share of S's NCI staying with H and its share of S's reserve recycled (ifrs all, jgaap the sold
    part) with H's — and simulate gives the same; the statements reconcile."""
    ws = _copy(src, tmp_path)
    _seller_80_percent_owned(ws)
    _with_event(ws, _PH10_BEFORE, "H", event)
    ctx = Context.open(ws)
    simulated = -ctx.simulate("sale").event_income()["4950"]
    res = ctx.consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == simulated == Decimal(gain)
    assert disposed.reserve == Decimal(recycled) and disposed.nci == Decimal(22100)  # S's own 20% only
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    # H's NCI: 20% of H's net assets (its cash USD 1,040 × 125 and the associate)
    assert -res.balance_sheet["3900"] == Decimal(130000 + res.balance_sheet["1510"]) / 5


def test_a_seller_with_nci_the_year_after(tmp_path):
    """x-10 in 2023 (README "2023"): the interest kept runs on under H; H's NCI is 20% of H's net assets, the
    kept reserve and H's reserve on its cost shared with it; the statements open at 2022's close."""
    ws = _copy(X10, tmp_path)
    _h_2023(ws, "H,2023-12-31,1100,,1040,\nH,2023-12-31,1500,S,480,\nH,2023-12-31,3100,,-1000,\n"
                "H,2023-12-31,3300,,-520,\n", True)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace("P,2023-12-31,1100,,70000,", "P,2023-12-31,1100,,90000,")
                  .replace("P,2023-12-31,1500,H,100000,", "P,2023-12-31,1500,H,80000,"), encoding="utf-8")
    ctx = Context.open(ws)
    res = ctx.consolidate("2023-12-31")
    figures = {"1510": 78470, "3900": -44814, "3600": -29041, "3300": -90215}
    for acc, v in figures.items():
        assert res.balance_sheet[acc] == Decimal(v), acc
    assert res.profit_nci == Decimal(1036)
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


X8 = CASES / "deconsolidation" / "x-8-sale-keeps-10pct-ifrs" / "workspace"
X9 = CASES / "deconsolidation" / "x-9-jgaap-sale-keeps-10pct" / "workspace"


@pytest.mark.parametrize(("src", "rows", "event", "gain", "recycled", "after"), [
    # IFRS 10.B98(b)(iii): the 10% kept at its fair value 23,000 on P's investment; the whole reserve recycled
    (X8, _P_BEFORE, "  share_sold: 0.7\n  proceeds: 161000\n  retained_fair_value: 23000\n", 58000, 22800, 23000),
    # ASBJ 22 §29: 150,000 − 7/8 × 168,720 + 7/8 × 26,410; the 10% then at P's cost 15,000, the kept reserve gone
    (X9, _P5_BEFORE, "  share_sold: 0.7\n  proceeds: 150000\n", 25479, 23109, 15000)])
def test_a_sale_keeping_an_interest_below_influence_books_the_gain_simulate_gives(tmp_path, src, rows, event, gain,
                                                                                  recycled, after):
    """P sells 70 of its 80% of S and keeps 10%, no significant influence (x-8 ifrs, x-9 jgaap): the consolidated
    gain of the sale inside the year is the one simulate gives on the day before, and both carry the interest kept on
    P's investment account at the same amount (fair value; jgaap: P's cost), with nothing left in the reserve."""
    ws = _copy(src, tmp_path)
    _with_event(ws, rows, "P", event)
    ctx = Context.open(ws)
    sim = ctx.simulate("sale")
    simulated = -sim.event_income()["4950"]
    res = ctx.consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == simulated == Decimal(gain)
    assert disposed.reserve == Decimal(recycled)
    assert res.balance_sheet["1500"] == sim.after.balance_sheet["1500"] == Decimal(after)
    assert "3600" not in res.balance_sheet and not sim.after.balance_sheet.get("3600")
    assert "1510" not in res.balance_sheet and "1510" not in sim.after.balance_sheet
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]


@pytest.mark.parametrize(("src", "p_rows", "figures"), [
    # ifrs: P's books keep the cost 12,500; the consolidation keeps the fair value 23,000, 10,500 in retained earnings
    (X8, "P,2023-12-31,1100,,331000,\nP,2023-12-31,1500,S,12500,\nP,2023-12-31,3100,,-200000,\n"
         "P,2023-12-31,3300,,-143500,\n", {"1500": 23000, "3300": -154000}),
    # jgaap: the interest at P's cost, retained earnings P's own (the group's share of S's profit was realised)
    (X9, "P,2023-12-31,1100,,300000,\nP,2023-12-31,1500,S,15000,\nP,2023-12-31,3100,,-200000,\n"
         "P,2023-12-31,3300,,-115000,\n", {"1500": 15000, "3300": -115000})])
def test_the_year_after_a_sale_keeping_an_interest_below_influence(tmp_path, src, p_rows, figures):
    """2023, P earning nothing (x-8, x-9 READMEs "2023"): no equity method, no IFRS 9 remeasurement; the statements
    open at 2022's close and nothing moves."""
    ws = _copy(src, tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + p_rows, encoding="utf-8")
    ctx = Context.open(ws)
    res = ctx.consolidate("2023-12-31")
    for acc, v in figures.items():
        assert res.balance_sheet[acc] == Decimal(v), acc
    assert res.profit_total == 0 and "3600" not in res.balance_sheet
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    eq = j["changes_in_equity"]
    assert Decimal(eq["3300"]["opening"]) == Decimal(eq["3300"]["closing"]) == -figures["3300"]
    assert all(Decimal(v) == 0 for k, v in eq["total"].items() if k not in ("opening", "closing"))
    assert Decimal(j["cash_flows"]["investing"]["total"]) == 0
    if src == X8:  # the fair value is needed in later years too
        g = ws / "group.yaml"
        g.write_text(g.read_text(encoding="utf-8").replace("  retained_fair_value: 23000\n", ""), encoding="utf-8")
        with pytest.raises(RenketsuError) as err:
            Context.open(ws).consolidate("2023-12-31")
        assert {p.kind for p in err.value.problems} == {"deconsolidation.no_retained_fair_value"}


X11 = CASES / "deconsolidation" / "x-11-foreign-seller-keeps-10pct-ifrs" / "workspace"
X12 = CASES / "deconsolidation" / "x-12-jgaap-seller-with-nci-keeps-10pct" / "workspace"
# x-11 / x-12 in 2023: nobody earns anything; H (USD) still holds the 10% at its cost USD 120
_H11_2023 = "H,2023-12-31,1100,,1090,\nH,2023-12-31,1500,S,120,\nH,2023-12-31,3100,,-1000,\nH,2023-12-31,3300,,-210,\n"


@pytest.mark.parametrize(("src", "figures", "nci"), [
    # x-11 (README "2023"): USD 150 × 140; reserve H's 44,200 − 16,800 − 2,400 on the cost + 30 × (140 − 120)
    (X11, {"1500": 21000, "3300": -68000, "3600": -25600}, None),
    # x-12 (README "2023"): USD 120 × 140 at H's cost; reserve 80% × (44,200 − 19,200); NCI 20% × 169,400
    (X12, {"1500": 16800, "3300": -55520, "3600": -20000, "3900": -33880}, 80000)])
def test_the_year_after_a_foreign_seller_kept_an_interest_below_influence(tmp_path, src, figures, nci):
    """2023, nobody earning anything: the interest kept is H's asset in USD translated at the closing rate, its
    translation in H's reserve; what H's books put on its cost to the day before the sale stays in retained
    earnings, where 2022's gain put it; the statements open at 2022's close and nothing but the reserve moves."""
    ws = _copy(src, tmp_path)
    _h_2023(ws, _H11_2023, False)
    if nci:
        tb = ws / "ledger" / "trial_balances.csv"
        tb.write_text(tb.read_text(encoding="utf-8").replace("P,2023-12-31,1100,,70000,", "P,2023-12-31,1100,,90000,")
                      .replace("P,2023-12-31,1500,H,100000,", "P,2023-12-31,1500,H,80000,"), encoding="utf-8")
    ctx = Context.open(ws)
    res = ctx.consolidate("2023-12-31")
    for acc, v in figures.items():
        assert res.balance_sheet[acc] == Decimal(v), acc
    assert res.profit_total == 0
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    eq = j["changes_in_equity"]
    assert Decimal(eq["3300"]["opening"]) == Decimal(eq["3300"]["closing"]) == -figures["3300"]
    assert Decimal(j["cash_flows"]["investing"]["total"]) == 0
    assert Decimal(j["cash_flows"]["fx_effect"]) == 1090 * 15  # H's cash only: the 10%'s translation is no cash


@pytest.mark.parametrize(("src", "rows", "event", "gain", "recycled", "at_sale"), [
    # ifrs: 126,000 + 18,000 + 22,100 − 110,500 − 40,800 + 14,200; the 10% at USD 150 × 120 on the day of the sale
    (X11, _PH6_BEFORE, "  share_sold: 0.7\n  proceeds: 1050\n  retained_fair_value: 150\n", 29000, 14200, 18000),
    # jgaap, H 80% owned: 126,000 − 7/8 × 123,420 + 7/8 × 13,810; the 10% at H's cost USD 120 × 120
    (X12, _PH10_BEFORE, "  share_sold: 0.7\n  proceeds: 1050\n", 30092, 12084, 14400)])
def test_a_foreign_seller_keeping_an_interest_below_influence_books_the_gain_simulate_gives(
        tmp_path, src, rows, event, gain, recycled, at_sale):
    """x-11, x-12: the consolidated gain of the sale inside the year is the one simulate gives on the day before; the
    interest kept is on H's investment account at the same amount in USD (simulate's at the sale date's rate,
    consolidate's at the closing rate 125)."""
    ws = _copy(src, tmp_path)
    _with_event(ws, rows, "H", event)
    ctx = Context.open(ws)
    sim = ctx.simulate("sale")
    res = ctx.consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == -sim.event_income()["4950"] == Decimal(gain)
    assert disposed.reserve == Decimal(recycled)
    assert sim.after.balance_sheet["1500"] == Decimal(at_sale)
    assert res.balance_sheet["1500"] == Decimal(at_sale) / 120 * 125


def test_an_interest_below_influence_kept_by_a_seller_with_nci_ifrs(tmp_path):
    """x-11 with H 80% owned by P (ifrs): the gain is H's (29,000, as x-11); only S's own NCI leave; H's NCI are 20%
    of H's net assets, the 10% at its fair value translated (USD 150 × 125) included, and the statements reconcile."""
    ws = _copy(X11, tmp_path)
    _seller_80_percent_owned(ws)
    res = Context.open(ws).consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == Decimal(29000) and disposed.nci == Decimal(22100) and disposed.reserve == Decimal(14200)
    assert res.balance_sheet["1500"] == Decimal(18750)
    assert -res.balance_sheet["3900"] == Decimal(1090 * 125 + 18750) / 5
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    # 2023: H's NCI 20% of (USD 1,090 + 150) × 140; the reserve 80% of x-11's 25,600; retained earnings unchanged
    _h_2023(ws, _H11_2023, False)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace("P,2023-12-31,1100,,70000,", "P,2023-12-31,1100,,90000,")
                  .replace("P,2023-12-31,1500,H,100000,", "P,2023-12-31,1500,H,80000,"), encoding="utf-8")
    after = Context.open(ws).consolidate("2023-12-31")
    figures = {"1500": 21000, "3900": -34720, "3600": -20480, "3300": res.balance_sheet["3300"]}
    for acc, v in figures.items():
        assert after.balance_sheet[acc] == Decimal(v), acc
    j = after.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def _seller_in_yen(ws: Path, framework: str) -> None:
    """x-12 with H booking in yen: its USD amounts at the rates of their dates (100 for the purchase and its equity,
    120 for the sale), so S's position, the goodwill and the consolidated gain are x-12's."""
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8").replace("  name: US Holdings Inc.\n  currency: USD\n", "  name: H\n  currency: JPY\n")
    text = text.replace("  cost: 80000\n  equity_at_acquisition:\n    '3100': 1000\n",
                        "  cost: 80000\n  equity_at_acquisition:\n    '3100': 100000\n")
    text = text.replace("  cost: 960\n", "  cost: 96000\n").replace("  cost: 1050\n", "  cost: 126000\n")
    if framework == "ifrs":
        text = text.replace("framework: jgaap", "framework: ifrs") + "  retained_fair_value: 18000\n"
    g.write_text(text, encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    rows = tb.read_text(encoding="utf-8")
    for old, new in [("H,2021-12-31,1100,,40,", "H,2021-12-31,1100,,4000,"), ("H,2021-12-31,1500,S,960,", "H,2021-12-31,1500,S,96000,"),
                     ("H,2022-12-31,1100,,1090,", "H,2022-12-31,1100,,130000,"),
                     ("H,2022-12-31,1500,S,120,", "H,2022-12-31,1500,S,12000,"), (",3100,,-1000,", ",3100,,-100000,"),
                     ("H,2022-12-31,4950,S,-210,", "H,2022-12-31,4950,S,-42000,")]:
        assert old in rows
        rows = rows.replace(old, new)
    tb.write_text(rows, encoding="utf-8")


@pytest.mark.parametrize(("framework", "gain", "kept"), [
    # ifrs: 126,000 + 18,000 + 22,100 − 110,500 − 35,020 + 13,810 (the policy amortises goodwill, as x-12)
    ("ifrs", 34390, 18000),
    # jgaap: x-12's gain; the 10% at H's cost ¥12,000, 15,428 − 12,000 − 1,726 into retained earnings
    ("jgaap", 30092, 12000)])
def test_an_interest_below_influence_kept_by_a_seller_with_nci_in_yen(tmp_path, framework, gain, kept):
    """x-12 with H (80% owned) booking in yen: the gain is H's; only S's own NCI leave; H's NCI are 20% of H's net
    assets (its cash ¥130,000 and the 10% kept); nothing is left in the reserve; the statements reconcile."""
    ws = _copy(X12, tmp_path)
    _seller_in_yen(ws, framework)
    res = Context.open(ws).consolidate("2022-12-31")
    (disposed,) = res.disposals
    assert disposed.gain == Decimal(gain) and disposed.nci == Decimal(22100)
    assert res.balance_sheet["1500"] == Decimal(kept) and not res.balance_sheet.get("3600")
    assert -res.balance_sheet["3900"] == Decimal(130000 + kept) / 5
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_an_interest_below_influence_changed_later_in_the_year_is_still_refused(tmp_path):
    """x-11 with H selling the 10% kept on 2022-10-01: a later change of the holding kept is not consolidated yet,
    with the narrowed message (below influence is no longer named as refused)."""
    ws = _copy(X11, tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8") + "- date: '2022-10-01'\n  holder: H\n  entity: S\n  share: 0\n"
                 "  cost: 160\n", encoding="utf-8")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = [p for p in err.value.problems if p.kind == "deconsolidation.retained_interest"]
    assert "because H keeps 10% below significant influence and the holdings of S change again on 2022-10-01" \
        in p.message and "Disposals inside the year" in p.hint


def test_a_sale_keeping_below_influence_without_the_fair_value_is_refused(tmp_path):
    ws = _copy(X8, tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("  retained_fair_value: 23000\n", ""), encoding="utf-8")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = err.value.problems
    assert p.kind == "deconsolidation.no_retained_fair_value"
    assert "as an investment (below significant influence" in p.message


def test_a_sale_keeping_influence_without_the_fair_value_is_refused(tmp_path):
    ws = _copy(X4, tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("  retained_fair_value: 72000\n", ""), encoding="utf-8")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = err.value.problems
    assert p.kind == "deconsolidation.no_retained_fair_value"
    assert "retained_fair_value" in (p.hint or "") and "group.yaml" in str(p.where)


def test_the_year_after_a_sale_starts_from_its_close(tmp_path):
    """x-1 in 2023 (S sold in 2022, P earns nothing): the statements start from 2022's close — nothing recycled or
    derecognised again, nothing moves, the checks pass."""
    ws = _copy(X1, tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + "P,2023-12-31,1100,,340000,\nP,2023-12-31,3100,,-200000,\n"
                  "P,2023-12-31,3300,,-140000,\n", encoding="utf-8")
    j = Context.open(ws).consolidate("2023-12-31").to_json()
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
    oci = j["comprehensive_income"]["oci"]
    assert Decimal(oci["reclassified_on_disposal"]) == 0 and Decimal(oci["exchange_differences"]) == 0
    assert Decimal(j["cash_flows"]["investing"]["total"]) == 0
    assert all(Decimal(v) == 0 for k, v in j["changes_in_equity"]["total"].items() if k not in ("opening", "closing"))


def test_a_period_before_the_sale_is_unchanged():
    res = Context.open(X1).consolidate("2021-12-31")
    assert res.disposals == ()
    assert res.balance_sheet["3900"] == Decimal(-30800)
    assert not any(e.step == "deconsolidation" for e in res.eliminations)


def test_the_disposal_entry_says_how_the_gain_is_made():
    res = Context.open(X1).consolidate("2022-12-31")
    (entry,) = [e for e in res.eliminations if e.kind == "disposal"]
    assert entry.step == "deconsolidation" and entry.entity == "S" and entry.partner == "P"
    assert "consolidated gain 44,000 = proceeds 170,000 + NCI 36,000 − net assets 180,000 − goodwill 4,800 + " \
           "translation reserve recycled 22,800" in entry.reason
    assert sum((ln.amount for ln in entry.lines), Decimal(0)) == 0
    carried = [e for e in res.eliminations if "the day before the sale of S" in e.reason]
    assert {e.step for e in carried} == {"investment", "goodwill", "nci"}


def test_missing_position_is_named(tmp_path):
    ws = _copy(E, tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text("".join(r for r in tb.read_text(encoding="utf-8").splitlines(keepends=True)
                          if not r.startswith("S,2022-06-30")), encoding="utf-8")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = err.value.problems
    assert p.kind == "deconsolidation.no_position"
    assert "2022-06-30" in p.message and "S" in p.message and p.where is not None


def test_a_sale_without_proceeds_is_refused(tmp_path):
    ws = _copy(E, tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("  share: 0\n  cost: 150000\n", "  share: 0\n"), encoding="utf-8")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    assert "deconsolidation.no_proceeds" in {p.kind for p in err.value.problems}


# The books of 2022-09-30, after the sale, and a new company U bought on 2022-10-01.
_AFTER_E = ("P,2022-09-30,1100,,315000,\nP,2022-09-30,3100,,-200000,\nP,2022-09-30,3300,,-50000,\n"
            "P,2022-09-30,4100,,-45000,\nP,2022-09-30,5200,,30000,\nP,2022-09-30,4950,S,-50000,\n")
_AFTER_X2 = ("P,2022-09-30,1100,,67500,\nP,2022-09-30,1500,H,100000,\nP,2022-09-30,3100,,-150000,\n"
             "P,2022-09-30,3300,,-10000,\nP,2022-09-30,4100,,-7500,\n"
             "H,2022-09-30,1100,,1400,\nH,2022-09-30,3100,,-1000,\nH,2022-09-30,4950,S,-400,2022-07-01\n")


@pytest.mark.parametrize(("src", "rows"), [(E, _AFTER_E), (X2, _AFTER_X2)])
def test_simulating_a_later_event_of_the_year_stands_on_the_deconsolidated_position(tmp_path, src, rows):
    """After S is sold on 2022-07-01, an acquisition on 2022-10-01 is simulated on the position of 2022-09-30:
    the closed frame of that day must consolidate to the same balance sheet as the ledger — with a foreign
    seller, its reserve on the cost of S stays out in both (x-2)."""
    ws = _copy(src, tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace(
        "- id: S\n", "- id: U\n  name: New Sub KK\n  currency: JPY\n- id: S\n"), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + rows + "U,2022-09-30,1100,,10000,\nU,2022-09-30,3100,,-10000,\n",
                  encoding="utf-8")
    rates = ws / "rates.csv"
    if rates.exists():
        rates.write_text(rates.read_text(encoding="utf-8") + "USD,2022-09-30,average,119\nUSD,2022-09-30,closing,122\n",
                         encoding="utf-8")
    (ws / "events.yaml").write_text(
        "events:\n- id: buy-u\n  kind: acquisition\n  date: '2022-10-01'\n  holder: P\n  entity: U\n  share: 1\n"
        "  cost: 10000\n  equity_at_acquisition:\n    '3100': 10000\n", encoding="utf-8")
    sim = Context.open(ws).simulate("buy-u")
    failed = [c for c in sim.checks if not c["ok"]]
    assert not failed, failed
    assert "3900" not in sim.before.balance_sheet


# ---------------------------------------------------------------- an interest kept by another group company (x-13)

X13 = CASES / "deconsolidation" / "x-13-interest-kept-by-parent" / "workspace"
_S_2023 = ("S,2023-12-31,1100,,1100,\nS,2023-12-31,1400,,1000,\nS,2023-12-31,2200,,-300,\nS,2023-12-31,3100,,-1000,\n"
           "S,2023-12-31,3300,,-600,\nS,2023-12-31,4100,,-1000,\nS,2023-12-31,5200,,800,\n")


def _x13_like(tmp_path: Path, name: str, framework: str, kept: str, split: bool, h_keeps: str = "0") -> Path:
    """x-13's group with P keeping ``kept`` of S: ``split`` — P holds ``kept`` itself and H (wholly owned, capital
    100,000) the rest of the 80% and H sells it on 2022-07-01 but ``h_keeps``; else P holds the 80% and sells the
    same part keeping ``kept`` + ``h_keeps``. Same prices (the 80% cost 100,000, proceeds 240,000 per 100%, fair
    value kept 240,000 per 100%), same cash in the group: the two give the group the same position, 2022 and 2023."""
    k, hk = Decimal(kept), Decimal(h_keeps)
    p_cost, h_cost = 125000 * k, 125000 * (Decimal("0.8") - k)  # h_cost: the cost of H's holding
    h_left = 125000 * hk  # what H's books keep of it
    proceeds, fv, h_fv = 240000 * (Decimal("0.8") - k - hk), 240000 * k, 240000 * hk
    ws = tmp_path / name
    shutil.copytree(X13, ws)
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8")
    head = text[:text.index("holdings:")].replace("framework: ifrs", f"framework: {framework}")
    if framework == "jgaap":
        head = head.replace("  nci_measurement: proportionate\n",
                            "  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
    acq = "  equity_at_acquisition:\n    '3100': 1000\n    '3300': 200\n"
    rows = ["- date: '2021-01-01'\n  holder: P\n  entity: H\n  share: 1\n  cost: 100000\n"
            "  equity_at_acquisition:\n    '3100': 100000\n"]
    fv_key = f"  retained_fair_value: {fv}\n" if framework == "ifrs" else ""
    h_fv_key = f"  retained_fair_value: {h_fv}\n" if framework == "ifrs" and hk else ""
    all_fv_key = f"  retained_fair_value: {fv + h_fv}\n" if framework == "ifrs" else ""
    if split:
        rows += [f"- date: '2021-01-01'\n  holder: P\n  entity: S\n  share: {k}\n  cost: {p_cost}\n" + acq,
                 f"- date: '2021-01-01'\n  holder: H\n  entity: S\n  share: {Decimal('0.8') - k}\n  cost: {h_cost}\n"
                 + acq,
                 f"- date: '2022-07-01'\n  holder: H\n  entity: S\n  share: {hk}\n  cost: {proceeds}\n" + h_fv_key,
                 f"- date: '2022-07-01'\n  holder: P\n  entity: S\n  share: {k}\n" + fv_key]
    else:
        rows += ["- date: '2021-01-01'\n  holder: P\n  entity: S\n  share: 0.8\n  cost: 100000\n" + acq,
                 f"- date: '2022-07-01'\n  holder: P\n  entity: S\n  share: {k + hk}\n  cost: {proceeds}\n"
                 + all_fv_key]
    g.write_text(head + "holdings:\n" + "".join(rows), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    s_rows = "".join(r for r in tb.read_text(encoding="utf-8").splitlines(keepends=True) if r.startswith("S,"))
    gain = proceeds - (h_cost - h_left)
    if split:
        p_cash, p_s, h_cash, h_s = 150000 - p_cost, p_cost, 100000 - h_cost, h_cost
        books = (f"H,2021-12-31,1100,,{h_cash},\nH,2021-12-31,1500,S,{h_s},\nH,2021-12-31,3100,,-100000,\n"
                 f"H,2022-12-31,1100,,{h_cash + proceeds},\nH,2022-12-31,3100,,-100000,\n"
                 f"H,2022-12-31,4950,S,{-gain},\n"
                 f"H,2023-12-31,1100,,{h_cash + proceeds},\nH,2023-12-31,3100,,-100000,\n"
                 f"H,2023-12-31,3300,,{-gain},\n"
                 + (f"H,2022-12-31,1500,S,{h_left},\nH,2023-12-31,1500,S,{h_left},\n" if hk else ""))
        p_2022, p_gain = p_cash + 20000, ""
    else:
        p_cash, p_s, p_cost = Decimal(50000), Decimal(100000), p_cost + h_left
        books = ("H,2021-12-31,1100,,100000,\nH,2021-12-31,3100,,-100000,\nH,2022-12-31,1100,,100000,\n"
                 "H,2022-12-31,3100,,-100000,\nH,2023-12-31,1100,,100000,\nH,2023-12-31,3100,,-100000,\n")
        p_2022, p_gain = p_cash + 20000 + proceeds, f"P,2022-12-31,4950,S,{-gain},\n"
    p_rows = (f"P,2021-12-31,1100,,{p_cash},\nP,2021-12-31,1500,S,{p_s},\nP,2021-12-31,1500,H,100000,\n"
              "P,2021-12-31,3100,,-200000,\nP,2021-12-31,3300,,-30000,\nP,2021-12-31,4100,,-50000,\n"
              "P,2021-12-31,5200,,30000,\n"
              f"P,2022-12-31,1100,,{p_2022},\nP,2022-12-31,1500,S,{p_cost},\nP,2022-12-31,1500,H,100000,\n"
              "P,2022-12-31,3100,,-200000,\nP,2022-12-31,3300,,-50000,\nP,2022-12-31,4100,,-60000,\n"
              "P,2022-12-31,5200,,40000,\n" + p_gain +
              f"P,2023-12-31,1100,,{p_2022},\nP,2023-12-31,1500,S,{p_cost},\nP,2023-12-31,1500,H,100000,\n"
              f"P,2023-12-31,3100,,-200000,\nP,2023-12-31,3300,,{-70000 - (0 if split else gain)},\n")
    tb.write_text("entity,period,account,partner,amount,date\n" + p_rows + books + s_rows + _S_2023, encoding="utf-8")
    rates = ws / "rates.csv"
    rates.write_text(rates.read_text(encoding="utf-8") + "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n",
                     encoding="utf-8")
    return ws


@pytest.mark.parametrize(("framework", "kept", "h_keeps"), [
    ("ifrs", "0.2", "0"), ("jgaap", "0.2", "0"), ("ifrs", "0.1", "0"), ("jgaap", "0.1", "0"),
    ("ifrs", "0.2", "0.2"), ("jgaap", "0.2", "0.2")])  # the last two: H keeps 20% too, the group 40%
def test_an_interest_kept_by_another_group_company_is_the_groups(tmp_path, framework, kept, h_keeps):
    """IFRS 10.25, B98 (ASBJ Statement 22 §29): control is the group's, so H selling all its 60% of S while P keeps
    its 20% (or 70% and 10%, below influence) is the same loss of control as P selling 60 of its 80%: the same gain,
    the same interest kept (ifrs at fair value, jgaap at P's part of the consolidated carrying amount, 20/80 or
    10/80), the same statements in the year of the sale and the next (the equity method, or the investment below
    influence, run on under P from its row of the sale's day)."""
    split = Context.open(_x13_like(tmp_path, "split", framework, kept, split=True, h_keeps=h_keeps))
    alone = Context.open(_x13_like(tmp_path, "alone", framework, kept, split=False, h_keeps=h_keeps))
    # two keepers' parts are each booked (jgaap: each its half of the reserve and of the share of profit): a unit
    # or two of rounding apart from the one company's whole (each part rounded on its own, to the sale and after)
    unit = Decimal(2) if h_keeps != "0" and framework == "jgaap" else Decimal(0)

    def same(x: dict, y: dict) -> bool:
        return all(abs(x.get(acc, 0) - y.get(acc, 0)) <= unit for acc in set(x) | set(y))

    for period in ("2022-12-31", "2023-12-31"):
        a, b = split.consolidate(period), alone.consolidate(period)
        assert same(a.balance_sheet, b.balance_sheet), (period, a.balance_sheet, b.balance_sheet)
        assert same(a.income_statement, b.income_statement), (period, a.income_statement, b.income_statement)
        j = a.to_json()
        assert all(c["ok"] for c in j["checks"]), j["checks"]
        assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]
        if period == "2022-12-31":
            (x,), (y,) = a.disposals, b.disposals
            assert x.seller == "H" and x.proceeds == y.proceeds
            assert abs(x.gain - y.gain) <= unit and abs(x.reserve - y.reserve) <= unit
            if not unit:
                assert a.to_json()["cash_flows"] == b.to_json()["cash_flows"]
                # (the opening reserve may differ by a unit: two holders' goodwill translated and rounded apart)
                assert {k: v["closing"] for k, v in j["changes_in_equity"].items()} == \
                    {k: v["closing"] for k, v in b.to_json()["changes_in_equity"].items()}
    if framework == "ifrs" and kept == "0.2" and h_keeps == "0":
        assert x.gain == Decimal(66000)  # x-13's README


def test_an_interest_kept_by_another_group_company_needs_its_row(tmp_path):
    """The keeper gives its holding row of the sale's day (its share unchanged; ifrs: its fair value): without it the
    sale is refused, naming the keeper; without the fair value ifrs asks for it on that row."""
    ws = _x13_like(tmp_path, "split", "ifrs", "0.2", split=True)
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8")
    row = "- date: '2022-07-01'\n  holder: P\n  entity: S\n  share: 0.2\n  retained_fair_value: 48000.0\n"
    assert row in text
    g.write_text(text.replace(row, ""), encoding="utf-8")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = err.value.problems
    assert p.kind == "deconsolidation.retained_interest" and "holding row" in p.message
    g.write_text(text.replace("  retained_fair_value: 48000.0\n", ""), encoding="utf-8")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = err.value.problems
    assert p.kind == "deconsolidation.no_retained_fair_value" and "P's holding of S dated 2022-07-01" in p.hint
