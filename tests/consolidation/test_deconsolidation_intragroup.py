"""Intra-group items with a subsidiary sold inside the year (issue 10; docs/consolidation.md "Disposals inside the
year"): income, expense and dividends to the sale eliminated, with a company that stays (x-63, x-64, x-65 pin the
statements) and inside a leaving sub-group (below); intra-group stock with a leaving entity refused.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parents[1] / "cases" / "deconsolidation"
X3 = CASES / "x-3-sub-group-leaves" / "workspace"
X63 = CASES / "x-63-intra-group-trade-with-leaving-sub" / "workspace"
X64 = CASES / "x-64-partly-owned-sub-pays-dividend-before-sale" / "workspace"


def _copy(src: Path, tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(src, ws)
    return ws


def _rows(ws: Path, *pairs: tuple[str, str]) -> None:
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new)
    tb.write_text(text, encoding="utf-8")


def test_trade_and_dividend_inside_the_leaving_sub_group(tmp_path):
    """x-3 with, before the sale, T selling S goods for 100 (S's cost of sales, partner T) and paying S a dividend
    of 500 in cash. Both sides leave: the position of 2022-06-30 eliminated them, and the year carries those entries.
    By hand: every x-3 figure but revenue 112,000 − 100 = 111,900 and other expenses 80,000 − 100 = 79,900 (cost of
    sales 0, dividend income 0): net assets 157,000, gain 20,400, profit 52,400, NCI 2,400."""
    ws = _copy(X3, tmp_path)
    _rows(ws, ("T,2022-06-30,4100,,-2000,", "T,2022-06-30,4100,,-1900,\nT,2022-06-30,4100,S,-100,"),
          ("S,2022-06-30,5200,,40000,", "S,2022-06-30,5200,,39900,\nS,2022-06-30,5100,T,100,"),
          ("T,2022-06-30,1100,,27000,", "T,2022-06-30,1100,,26500,\nT,2022-06-30,3400,,500,"),
          ("S,2022-06-30,1100,,80000,", "S,2022-06-30,1100,,80500,\nS,2022-06-30,4200,T,-500,"))
    res = Context.open(ws).consolidate("2022-12-31")
    data = res.to_json()
    assert data["income_statement"]["4100"] == "-111900"
    assert data["income_statement"]["5200"] == "79900"
    assert data["income_statement"].get("5100", "0") == "0"
    assert data["income_statement"].get("4200", "0") == "0"
    assert data["income_statement"]["4950"] == "-20400"
    assert data["profit"] == {"total": "52400", "owners": "50000", "nci": "2400"}
    assert data["changes_in_equity"]["3300"]["dividends"] == "0"
    assert data["changes_in_equity"]["nci"]["closing"] == "0"
    assert all(c["ok"] for c in data["statement_checks"])


def test_jgaap_reads_the_same(tmp_path):
    """ASBJ Statement 22 §31: x-63 under jgaap gives x-63's figures (no goodwill to amortise)."""
    ws = _copy(X63, tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("framework: ifrs", "framework: jgaap"), encoding="utf-8")
    data = Context.open(ws).consolidate("2022-12-31").to_json()
    assert data["income_statement"]["4100"] == "-61400"
    assert data["income_statement"]["5100"] == "1100"
    assert data["profit"]["total"] == "42900"
    assert data["changes_in_equity"]["3300"]["dividends"] == "0"


def test_the_year_after_the_sale_keeps_the_trade_with_the_former_subsidiary(tmp_path):
    """2023: S is an outside party all year; P's purchases from it (partner S) stay in the statements."""
    ws = _copy(X63, tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + "P,2023-12-31,1100,,292900\nP,2023-12-31,3100,,-200000\n"
                  "P,2023-12-31,3300,,-92900\nP,2023-12-31,4100,,-1000\nP,2023-12-31,5100,S,1000\n", encoding="utf-8")
    data = Context.open(ws).consolidate("2023-12-31").to_json()
    assert data["income_statement"]["5100"] == "1000"
    assert data["comparative"]["profit"]["total"] == "42900"


def test_an_expense_of_the_leaving_entity_without_the_other_side_is_refused(tmp_path):
    ws = _copy(X63, tmp_path)
    _rows(ws, ("S,2022-06-30,5200,,4400", "S,2022-06-30,5200,,4200\nS,2022-06-30,5200,P,200"))
    with pytest.raises(RenketsuError) as e:
        Context.open(ws).consolidate("2022-12-31")
    assert [p.kind for p in e.value.problems] == ["deconsolidation.intragroup_with_leaving"]


@pytest.mark.parametrize("period", ["2022-03-31", "2022-06-30"])
def test_intra_group_stock_with_the_leaving_entity_before_the_sale_is_refused(tmp_path, period):
    ws = _copy(X63, tmp_path)
    (ws / "ic_stock.csv").write_text(f"period,seller,buyer,account,amount,margin\n{period},S,P,1300,500,0.4\n",
                                     encoding="utf-8")
    with pytest.raises(RenketsuError) as e:
        Context.open(ws).consolidate("2022-12-31")
    assert "deconsolidation.intragroup_stock_with_leaving" in [p.kind for p in e.value.problems]


def test_stock_after_the_sale_is_with_an_outside_party(tmp_path):
    """P holds goods bought from S at the year end, after the sale: S is outside the group, nothing to eliminate."""
    ws = _copy(X63, tmp_path)
    (ws / "ic_stock.csv").write_text("period,seller,buyer,account,amount,margin\n2022-12-31,S,P,1300,500,0.4\n",
                                     encoding="utf-8")
    assert Context.open(ws).consolidate("2022-12-31").to_json()["profit"]["total"] == "42900"


def test_the_eliminations_are_the_leaving_entitys():
    res = Context.open(X63).consolidate("2022-12-31")
    ic = [e for e in res.eliminations if e.kind in ("intercompany_pl", "dividend")]
    assert {(e.kind, e.entity, e.partner) for e in ic} == {("intercompany_pl", "S", "P"), ("dividend", "S", "P")}
    assert all(sum(ln.amount for ln in e.lines) == 0 for e in ic)
    assert sum(ln.amount for e in ic for ln in e.lines if ln.account == "4200") == Decimal(2000)


def _dividend_before_the_sale(ws: Path, cash_p: tuple[str, str]) -> None:
    """S (USD) declares USD 20 on 2022-03-31 (spot 112) and pays it: P's 80% = USD 16 = ¥1,792."""
    rates = ws / "rates.csv"
    rates.write_text(rates.read_text(encoding="utf-8").replace(
        "USD,2022-06-30,average,115", "USD,2022-03-31,spot,112\nUSD,2022-06-30,average,115"), encoding="utf-8")
    _rows(ws, ("S,2022-06-30,1100,,800,", "S,2022-06-30,1100,,780,\nS,2022-06-30,3400,,20,2022-03-31"),
          ("S,2022-12-31,1100,,900,", "S,2022-12-31,1100,,880,\nS,2022-12-31,3400,,20,2022-03-31"),
          (cash_p[0], f"{cash_p[1]}\nP,2022-12-31,4200,S,-1792,"))


def test_dividend_before_a_sale_keeping_10pct(tmp_path):
    """x-8 (80% → 10%, below significant influence) with x-65's dividend before the sale: P's 1,792 is intra-group;
    by hand the gain is x-8's 58,000 + 1,792 (net assets 2,400 lower, NCI 480, owners' reserve 128 = 0.8 × 20 × 8):
    59,792; profit 89,500 + 1,792 = 91,292; NCI dividends 448, fx on cash 7,500 − 20 × 8 = 7,340."""
    ws = _copy(CASES / "x-8-sale-keeps-10pct-ifrs" / "workspace", tmp_path)
    _dividend_before_the_sale(ws, ("P,2022-12-31,1100,,331000,", "P,2022-12-31,1100,,332792,"))
    data = Context.open(ws).consolidate("2022-12-31").to_json()
    assert data["income_statement"].get("4200", "0") == "0"
    assert data["income_statement"]["4950"] == "-59792"
    assert data["profit"] == {"total": "91292", "owners": "88992", "nci": "2300"}
    assert data["changes_in_equity"]["3300"]["dividends"] == "0"
    assert data["changes_in_equity"]["nci"]["dividends"] == "-448"
    assert data["cash_flows"]["fx_effect"] == "7340"
    assert all(c["ok"] for c in data["statement_checks"])


def test_dividend_before_a_sale_keeping_influence_is_refused(tmp_path):
    """x-4 (80% → 30%, an associate from the sale): the equity method would read P's dividend income from S as the
    associate's; refused rather than counted twice."""
    ws = _copy(CASES / "x-4-sale-keeps-influence" / "workspace", tmp_path)
    _dividend_before_the_sale(ws, ("P,2022-12-31,1100,,290000,", "P,2022-12-31,1100,,291792,"))
    with pytest.raises(RenketsuError) as e:
        Context.open(ws).consolidate("2022-12-31")
    assert [p.kind for p in e.value.problems] == ["deconsolidation.intragroup_with_leaving"]
    assert "associate" in e.value.problems[0].message


# --- stock of the previous year end, released in the year to the sale -----------------------------------------------


def _stock(ws: Path, row: str) -> None:
    (ws / "ic_stock.csv").write_text(f"period,seller,buyer,account,amount,margin\n{row}\n", encoding="utf-8")


def _statements(ws: Path, period: str) -> dict:
    data = Context.open(ws).consolidate(period).to_json()
    assert all(c["ok"] for c in data["statement_checks"]), data["statement_checks"]
    return data


def _upstream(ws: Path, p_cash_2021: str, p_cash_2022: str) -> None:
    """S sold P 500 of goods in 2021 (margin 0.4: 200 unrealised at 2021-12-31, P's stock); P sold them on for 700
    in 2022 (its cost of sales 500)."""
    _stock(ws, "2021-12-31,S,P,1300,500,0.4")
    old21, old22 = p_cash_2021.split(",")[-1], p_cash_2022.split(",")[-1]
    _rows(ws, ("S,2021-12-31,4100,,-40000", "S,2021-12-31,4100,,-39500\nS,2021-12-31,4100,P,-500"),
          (p_cash_2021, f"P,2021-12-31,1100,,{int(old21) - 500}\nP,2021-12-31,1300,,500"),
          (p_cash_2022, f"P,2022-12-31,1100,,{int(old22) + 200}"),
          ("P,2022-12-31,4100,,-52400", "P,2022-12-31,4100,,-53100"),
          ("P,2022-12-31,5200,,20000", "P,2022-12-31,5200,,20000\nP,2022-12-31,5100,,500"))


def test_upstream_stock_of_the_year_before_released_to_the_sale(tmp_path):
    """x-63 with the upstream stock above. By hand: 2021 profit 50,000 − 200 = 49,800; 2022 the release (S's retained
    earnings +200, cost of sales −200, in the position of 2022-06-30 and carried): revenue 61,400 + 700 = 62,100,
    cost of sales 1,100 + 500 − 200 = 1,400, gain 7,000 (S's net assets 123,000), profit 42,900 + 200 + 200 = 43,300;
    retained earnings 49,800 + 43,300 = 93,100 = P's own (30,000 + 63,100)."""
    ws = _copy(X63, tmp_path)
    _upstream(ws, "P,2021-12-31,1100,,130000", "P,2022-12-31,1100,,293200")
    assert _statements(ws, "2021-12-31")["profit"]["total"] == "49800"
    data = _statements(ws, "2022-12-31")
    assert {k: data["income_statement"][k] for k in ("4100", "4950", "5100")} == {
        "4100": "-62100", "4950": "-7000", "5100": "1400"}
    assert data["profit"]["total"] == "43300"
    assert data["changes_in_equity"]["3300"]["opening"] == "49800"
    assert data["balance_sheet"]["3300"] == "-93100"


def test_upstream_stock_released_with_nci(tmp_path):
    """x-64 (80%) with the same stock: the NCI bear 20% of the 200 (2021: NCI 24,000 − 40 = 23,960, owners' retained
    earnings 46,000 − 160 = 45,840) and of its release (their share of S's profit to the sale 20% × 5,200 = 1,040); NCI
    at 2022-06-30 23,960 + 1,040 − 400 = 24,600 as in x-64, gain 5,600; profit 41,500 + 400 = 41,900, owners 40,860;
    retained earnings 45,840 + 40,860 = 86,700 = P's own."""
    ws = _copy(X64, tmp_path)
    _upstream(ws, "P,2021-12-31,1100,,150000", "P,2022-12-31,1100,,286800")
    data = _statements(ws, "2022-12-31")
    assert data["profit"] == {"total": "41900", "owners": "40860", "nci": "1040"}
    assert data["income_statement"]["4950"] == "-5600"
    nci = data["changes_in_equity"]["nci"]
    assert (nci["opening"], nci["scope_changes"], nci["closing"]) == ("23960", "-24600", "0")
    assert data["balance_sheet"]["3300"] == "-86700"


def test_downstream_stock_of_the_year_before_released_to_the_sale(tmp_path):
    """x-63 with P having sold S 500 of goods in 2021 (margin 0.4, S's stock at 2021-12-31), sold on by S for 700
    before the sale. By hand: 2021 profit 49,800; 2022 P's release +200; S's profit to the sale 5,000 + 200 = 5,200
    and net assets 123,200, gain 130,000 − 123,200 = 6,800; revenue 62,100, cost of sales 1,100 + 500 − 200 = 1,400;
    profit 43,100; retained earnings 49,800 + 43,100 = 92,900 = P's own (as x-63)."""
    ws = _copy(X63, tmp_path)
    _stock(ws, "2021-12-31,P,S,1300,500,0.4")
    _rows(ws, ("P,2021-12-31,4100,,-50000", "P,2021-12-31,4100,,-49500\nP,2021-12-31,4100,S,-500"),
          ("S,2021-12-31,1100,,70000", "S,2021-12-31,1100,,69500\nS,2021-12-31,1300,,500"),
          ("S,2022-06-30,1100,,72700", "S,2022-06-30,1100,,72900"),
          ("S,2022-06-30,4100,,-9000", "S,2022-06-30,4100,,-9700"),
          ("S,2022-06-30,5100,,600", "S,2022-06-30,5100,,1100"))
    assert _statements(ws, "2021-12-31")["profit"]["total"] == "49800"
    data = _statements(ws, "2022-12-31")
    assert {k: data["income_statement"][k] for k in ("4100", "4950", "5100")} == {
        "4100": "-62100", "4950": "-6800", "5100": "1400"}
    assert data["profit"]["total"] == "43100"
    assert data["balance_sheet"]["3300"] == "-92900"


@pytest.mark.parametrize(("first", "to_p", "surplus", "moved"), [(False, 1800, 300, 12200), (True, 1600, 500, 12000)])
def test_dividend_and_a_purchase_in_the_year_by_the_shares_then(tmp_path, first, to_p, surplus, moved):
    """x-64 with P buying 10% more of S from its NCI on 2022-04-01 for 12,500 (S's trial balance of 2022-03-31: profit
    2,000 to then, net assets 122,000, no dividend yet) and the 2,000 dividend declared after it: 90% = 1,800 to P,
    200 to the NCI; P sells its 90% on 2022-07-01 for 117,000 (its own gain 117,000 − 92,500 = 24,500). By hand: NCI
    at 04-01 24,000 + 400 = 24,400, 12,200 moved for 12,500 (capital surplus −300, which stays); at 2022-06-30 12,200
    + 300 − 200 = 12,300 = 10% × 123,000; gain 117,000 + 12,300 − 123,000 = 6,300; profit 30,900 + 5,000 + 6,300 =
    42,200, NCI 20% × 2,000 + 10% × 3,000 = 700; retained earnings 46,000 + 41,500 = 87,500. ``first``: the dividend
    declared before the purchase (in the trial balance of 2022-03-31, S's cash 70,000): 80% = 1,600 to P, 400 to the
    NCI; NCI at 04-01 24,000, 12,000 moved (capital surplus −500), 12,300 at 06-30; the same gain, profit and
    retained earnings."""
    ws = _copy(X64, tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace(
        "- date: '2022-07-01'\n  holder: P\n  entity: S\n  share: 0\n  cost: 104000",
        "- date: '2022-04-01'\n  holder: P\n  entity: S\n  share: 0.9\n  cost: 12500\n"
        "- date: '2022-07-01'\n  holder: P\n  entity: S\n  share: 0\n  cost: 117000"), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    q1 = "S,2022-03-31,1100,,70000\nS,2022-03-31,3400,,2000\n" if first else "S,2022-03-31,1100,,72000\n"
    tb.write_text(tb.read_text(encoding="utf-8") + q1 + "S,2022-03-31,1400,,50000\n"
                  "S,2022-03-31,3100,,-100000\nS,2022-03-31,3300,,-20000\nS,2022-03-31,4100,,-4000\n"
                  "S,2022-03-31,5200,,2000\n", encoding="utf-8")
    _rows(ws, ("P,2022-12-31,1100,,286800", f"P,2022-12-31,1100,,{287500 - 1800 + to_p}"),
          ("P,2022-12-31,4200,S,-1600", f"P,2022-12-31,4200,S,-{to_p}"),
          ("P,2022-12-31,4950,S,-24000", "P,2022-12-31,4950,S,-24500"))
    data = _statements(ws, "2022-12-31")
    assert data["income_statement"].get("4200", "0") == "0"
    assert data["income_statement"]["4950"] == "-6300"
    assert data["profit"] == {"total": "42200", "owners": "41500", "nci": "700"}
    assert data["balance_sheet"]["3300"] == "-87500"
    assert data["balance_sheet"]["3200"] == str(surplus)
    nci = data["changes_in_equity"]["nci"]
    assert (nci["dividends"], nci["nci_transactions"], nci["scope_changes"], nci["closing"]) == (
        str(to_p - 2000), str(-moved), "-12300", "0")
    assert data["changes_in_equity"]["3300"]["dividends"] == "0"


X66 = CASES / "x-66-interest-and-goods-with-leaving-sub" / "workspace"
X67 = CASES / "x-67-partner-bought-after-the-trade" / "workspace"


def test_the_other_side_less_than_the_leaving_entitys_goes_to_ic_difference(tmp_path):
    """x-63 with P's cost of sales with partner S 800 for the year (S's revenue with P to the sale 1,000): as the
    ``intercompany`` step, both sides out whole (revenue −1,000, cost of sales −800) and the difference 200 to
    ic_difference, reported in the matching: cost of sales 800 + 600 − 800 = 600, never P's row at −200."""
    ws = _copy(X63, tmp_path)
    _rows(ws, ("P,2022-12-31,5100,S,1500", "P,2022-12-31,5100,S,800"),
          ("P,2022-12-31,1100,,293200", "P,2022-12-31,1100,,293900"))
    res = Context.open(ws).consolidate("2022-12-31")
    data = res.to_json()
    assert data["income_statement"]["4100"] == "-61400"
    assert data["income_statement"]["5100"] == "600"
    assert data["income_statement"]["ic_difference"] == "-200"
    assert [(m["entity"], m["partner"], m["difference"]) for m in res.matching] == [("S", "P", "-200")]
    assert not next(c for c in data["checks"] if c["name"] == "intercompany_matched")["ok"]


def test_several_rows_on_the_other_side_more_than_the_leaving_entitys_are_refused(tmp_path):
    """x-66 with P booking 50 more interest from S after the sale: P's income rows with S (300 + 150) are more than
    S's expenses with P to the sale (400); which part of which is to the sale is not known."""
    ws = _copy(X66, tmp_path)
    _rows(ws, ("P,2022-12-31,4400,S,-100", "P,2022-12-31,4400,S,-150"),
          ("P,2022-12-31,1100,,293200", "P,2022-12-31,1100,,293250"))
    with pytest.raises(RenketsuError) as e:
        Context.open(ws).consolidate("2022-12-31")
    assert [p.kind for p in e.value.problems] == ["deconsolidation.intragroup_with_leaving"]
    assert "several income rows with partner S" in str(e.value)


def _bought_on_april_1(ws: Path) -> None:
    for f, old, new in (("group.yaml", "- date: '2022-09-01'", "- date: '2022-04-01'"),):
        p = ws / f
        p.write_text(p.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    _rows(ws, *((f"H,2022-08-31,{r}", f"H,2022-03-31,{r}") for r in ("1100,,56000", "3100,,-50000", "3300,,-5000",
                                                                      "4100,,-2000", "5100,S,1000")))


def test_trade_before_the_partner_was_bought_needs_the_trial_balance_of_then(tmp_path):
    """x-67 with H bought on 2022-04-01 and S's sale to it in the first quarter: only S's trade with H from
    2022-04-01 is intra-group, read from S's trial balance of 2022-03-31 — refused when the ledger lacks it; with
    it (S: the 1,000 to H by then), nothing is eliminated and the figures are x-67's (revenue 64,400, cost of sales
    1,100, profit 45,900)."""
    ws = _copy(X67, tmp_path)
    _bought_on_april_1(ws)
    with pytest.raises(RenketsuError) as e:
        Context.open(ws).consolidate("2022-12-31")
    assert [p.kind for p in e.value.problems] == ["deconsolidation.intragroup_with_leaving"]
    assert "a group company only from 2022-04-01" in str(e.value)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + "".join(
        f"S,2022-03-31,{r}\n" for r in ("1100,,71000", "1400,,50000", "3100,,-100000", "3300,,-20000",
                                        "4100,H,-1000")), encoding="utf-8")
    data = Context.open(ws).consolidate("2022-12-31").to_json()
    assert data["income_statement"]["4100"] == "-64400"
    assert data["income_statement"]["5100"] == "1100"
    assert data["profit"]["total"] == "45900"
