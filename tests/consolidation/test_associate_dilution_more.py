"""An associate's own dilution keeping significant influence (a deemed disposal, IAS 28.25; issue 10) beyond a-27's
pattern: a foreign associate (a-32), a foreign holder, a holder with NCI of its own, dividends and a purchase in the
year of the issue. Each figure hand-worked in the docstring before the engine ran."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parents[1] / "cases" / "equity-method"
A22 = CASES / "a-22-associate-sold-in-part-by-usd-holding" / "workspace"
A27 = CASES / "a-27-associate-diluted-keeps-influence" / "workspace"
A32 = CASES / "a-32-foreign-associate-diluted-keeps-influence" / "workspace"


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


def _lines(res, kind: str) -> dict[tuple[str, str], Decimal]:
    (e,) = [e for e in res.eliminations if e.kind == kind and e.entity == "A"]
    return {(ln.entity, ln.account): ln.amount for ln in e.lines}


def _bs(j) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in j["balance_sheet"].items()}


def _ok(j) -> None:
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


def test_a32_a_foreign_associate_s_issue_reclassifies_its_part_of_the_reserve():
    """a-32: the quarter given up 668,160 / 4 = 167,040 off, its reserve 15,020 reclassified, P's 30% of USD 4,000
    at the issue's spot 146 = 175,200 on: gain 23,180; carrying USD 4,860 at 150 = 729,000."""
    res = Context.open(A32).consolidate("2022-12-31")
    (y,) = res.associate_sales
    assert (y.proceeds, y.gain, y.carrying, y.reserve, y.issued) == (0, Decimal(23180), Decimal(167040),
                                                                     Decimal(15020), Decimal(175200))
    assert _lines(res, "disposal") == {("P", "1510"): Decimal(8160), ("P", "3600"): Decimal(15020),
                                       ("P", "4950"): Decimal(-23180)}
    assert res.balance_sheet["1510"] == Decimal(729000)


def test_a32_the_year_after_is_refused(tmp_path):
    """The years after an issue stay refused (the run again reads the holder's books' cost sold, which an issue
    does not have), saying so."""
    ws = _copy(A32, tmp_path)
    with (ws / "ledger" / "trial_balances.csv").open("a", encoding="utf-8") as f:
        f.write("P,2023-12-31,1100,,486000\nP,2023-12-31,1500,A,520000\nP,2023-12-31,3100,,-1000000\n"
                "P,2023-12-31,3300,,-4000\nP,2023-12-31,4100,,-5000\nP,2023-12-31,5200,,3000\n"
                "A,2023-12-31,1400,,17200\nA,2023-12-31,3100,,-14000\nA,2023-12-31,3300,,-2200\n"
                "A,2023-12-31,4100,,-3000\nA,2023-12-31,5200,,2000\n")
    with (ws / "rates.csv").open("a", encoding="utf-8") as f:
        f.write("USD,2023-12-31,average,152\nUSD,2023-12-31,closing,155\n")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2023-12-31")
    (p,) = [p for p in err.value.problems if p.kind == "equity_method.partial_disposal"]
    assert "A issued shares of its own (dilution: true) on 2022-07-01, in an earlier year" in p.message


def test_a32_held_by_a_usd_holding(tmp_path):
    """a-22's H (USD, wholly owned; cost ¥1,300,000 for USD 10,000) holding a-32's 40% of A (USD 4,000): the
    associate's figures as a-32 (gain 23,180, carrying 729,000, A's reserve 71,640); nothing in H's books.
    By hand: cash 700,000 + USD 6,000 × 150 = 1,600,000; H's reserve USD 10,000 × (150 − 130) = 200,000 less
    the translation on its cost of A, 4,000 × (150 − 130) = 80,000 (the cost is the group's at 130); reserve
    71,640 + 120,000 = 191,640; retained earnings 54,000 + 60,180 + 23,180 = 137,360."""
    ws = _copy(A22, tmp_path)
    _replace(ws / "group.yaml", ("  share: 0.3\n  cost: 1250\n",
                                 "  share: 0.3\n  dilution: true\n  equity_at_acquisition:\n    '3100': 14000\n"
                                 "    '3300': 1600\n"))
    _replace(ws / "rates.csv", ("USD,2022-06-30,closing,144\n", "USD,2022-06-30,closing,144\nUSD,2022-07-01,spot,146\n"))
    _replace(ws / "ledger" / "trial_balances.csv",
             ("H,2022-12-31,1100,,7250\nH,2022-12-31,1500,A,3000\nH,2022-12-31,3100,,-10000\nH,2022-12-31,4950,A,-250\n",
              "H,2022-12-31,1100,,6000\nH,2022-12-31,1500,A,4000\nH,2022-12-31,3100,,-10000\n"),
             ("A,2022-12-31,1400,,12200\nA,2022-12-31,3100,,-10000\n", "A,2022-12-31,1400,,16200\nA,2022-12-31,3100,,-14000\n"))
    res = Context.open(ws).consolidate("2022-12-31")
    (y,) = res.associate_sales
    assert (y.holder, y.gain, y.carrying, y.reserve) == ("H", Decimal(23180), Decimal(167040), Decimal(15020))
    j = res.to_json()
    assert _bs(j) == {"1100": Decimal(1600000), "1510": Decimal(729000), "3100": Decimal(-2000000),
                      "3300": Decimal(-137360), "3600": Decimal(-191640)}
    assert j["income_statement"] == {"4300": "-60180", "4950": "-23180"}
    _ok(j)


def test_a27_held_by_a_subsidiary_with_nci(tmp_path):
    """a-27 held by S, 80% P's (P pays 80,000 for S's 100,000). By hand: S's profit 2,000 + 4,200 + 6,400 = 12,600,
    NCI 20% = 2,520; NCI 20% × (100,000 + 18,600) = 23,720; retained earnings 80% × 18,600 = 14,880; cash
    120,000 + 64,000."""
    ws = _copy(A27, tmp_path)
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8").replace("- id: A\n  name: Associate KK",
                                                 "- id: S\n  name: Subsidiary KK\n  currency: JPY\n"
                                                 "- id: A\n  name: Associate KK")
    head, rows = text.split("holdings:\n")
    g.write_text(head + "holdings:\n- date: '2021-01-01'\n  holder: P\n  entity: S\n  share: 0.8\n"
                 "  cost: 80000\n  equity_at_acquisition:\n    '3100': 100000\n"
                 + rows.replace("holder: P", "holder: S"), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    lines = tb.read_text(encoding="utf-8").replace("\nP,", "\nS,")
    for y in ("2021-12-31", "2022-12-31"):
        lines += f"P,{y},1100,,120000\nP,{y},1500,S,80000\nP,{y},3100,,-200000\n"
    tb.write_text(lines, encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    (y,) = res.associate_sales
    assert (y.holder, y.gain) == ("S", Decimal(6400))
    j = res.to_json()
    assert _bs(j) == {"1100": Decimal(184000), "1510": Decimal(54600), "3100": Decimal(-200000),
                      "3300": Decimal(-14880), "3900": Decimal(-23720)}
    assert (j["profit"]["owners"], j["profit"]["nci"]) == ("10080", "2520")
    _ok(j)


def test_a27_with_a_dividend_before_the_issue(tmp_path):
    """a-27 with A declaring 5,000 before the issue (P gets 40%, 2,000; a-24): carrying on 06-30 46,400 − 2,000 =
    44,400, the quarter given up 11,100; A's equity after the issue 111,000 + 60,000 = 171,000, P's 30% of the
    issue 18,000: gain 6,900; 30% × 6,000 = 1,800, carrying 53,100 (30% × 177,000). Profit P's 4,000 − 2,000 +
    4,200 + 6,900 = 13,100; retained earnings 6,000 + 13,100."""
    ws = _copy(A27, tmp_path)
    _replace(ws / "group.yaml", ("    '3300': 16000\n", "    '3300': 11000\n"))
    _replace(ws / "ledger" / "trial_balances.csv",
             ("A,2022-06-30,1400,,116000\n", "A,2022-06-30,1400,,111000\nA,2022-06-30,3400,,5000\n"),
             ("A,2022-12-31,1400,,182000\n", "A,2022-12-31,1400,,177000\nA,2022-12-31,3400,,5000\n"),
             ("P,2022-12-31,1100,,64000\n", "P,2022-12-31,1100,,66000\nP,2022-12-31,4200,A,-2000\n"))
    res = Context.open(ws).consolidate("2022-12-31")
    (y,) = res.associate_sales
    assert (y.gain, y.carrying, y.issued) == (Decimal(6900), Decimal(11100), Decimal(18000))
    j = res.to_json()
    assert _bs(j) == {"1100": Decimal(66000), "1510": Decimal(53100), "3100": Decimal(-100000),
                      "3300": Decimal(-19100)}
    assert Decimal(j["profit"]["total"]) == Decimal(13100)
    _ok(j)


def test_a27_with_a_purchase_after_the_issue(tmp_path):
    """a-27 with 5% more bought on 2022-10-01 for 10,000 (A earns 3,000 a quarter in the second half; net assets
    179,000 on 09-30). By hand: the issue as a-27 (gain 6,400, carrying 52,800); 30% × 3,000 = 900, 53,700; the
    purchase 10,000 on (goodwill 10,000 − 8,950 = 1,050), 63,700; 35% × 3,000 = 1,050, carrying 64,750 (35% ×
    182,000 + 1,050). Profit 2,000 + 4,350 + 6,400 = 12,750; investing −10,000."""
    ws = _copy(A27, tmp_path)
    with (ws / "group.yaml").open("a", encoding="utf-8") as f:
        f.write("- date: '2022-10-01'\n  holder: P\n  entity: A\n  share: 0.35\n  cost: 10000\n")
    _replace(ws / "ledger" / "trial_balances.csv",
             ("P,2022-12-31,1100,,64000\nP,2022-12-31,1500,A,40000\n", "P,2022-12-31,1100,,54000\nP,2022-12-31,1500,A,50000\n"))
    with (ws / "ledger" / "trial_balances.csv").open("a", encoding="utf-8") as f:
        f.write("A,2022-09-30,1400,,179000\nA,2022-09-30,3100,,-160000\nA,2022-09-30,3300,,-10000\n"
                "A,2022-09-30,4100,,-24000\nA,2022-09-30,5200,,15000\n")
    res = Context.open(ws).consolidate("2022-12-31")
    (y,) = res.associate_sales
    assert (y.gain, y.carrying) == (Decimal(6400), Decimal(11600))
    j = res.to_json()
    assert _bs(j) == {"1100": Decimal(54000), "1510": Decimal(64750), "3100": Decimal(-100000),
                      "3300": Decimal(-18750)}
    assert j["income_statement"]["4300"] == "-4350" and Decimal(j["profit"]["total"]) == Decimal(12750)
    assert Decimal(j["cash_flows"]["investing"]["total"]) == Decimal(-10000)
    _ok(j)
