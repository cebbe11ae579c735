"""An associate bought in steps after significant influence began: each purchase a tranche of its own — its
cost (and goodwill) at its own day's rate, its share of the associate's profit from its own day (IAS 28.10,
28.32; IAS 21.40, 21.44; jgaap ASBJ Statement 16 §12: each purchase's goodwill amortised from its own day).
The other years of the worked cases a-28 and a-29 (their working in each README.md), and a-28 with the second
purchase inside the year."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path


from renketsu.api import Context
from renketsu.consolidation import ConsolidationResult

CASES = Path(__file__).resolve().parent.parent / "cases" / "equity-method"
A28 = CASES / "a-28-foreign-associate-step-purchase/workspace"
A29 = CASES / "a-29-jgaap-associate-goodwill-per-purchase/workspace"


def _run(ws: Path, period: str) -> tuple[dict[str, Decimal], ConsolidationResult]:
    res = Context.open(ws).consolidate(period)
    assert res.ok, ([c for c in res.checks if not c["ok"]], res.problems)
    return res.balance_sheet, res


def test_foreign_associate_first_tranche_only() -> None:
    bs, res = _run(A28, "2021-12-31")
    assert bs == {"1100": 75000, "1510": 29700, "3100": -100000, "3300": -2100, "3600": -2600}
    assert res.income_statement == {"4300": -2100}


def test_foreign_associate_second_tranche_at_its_own_rate_and_from_its_own_day() -> None:
    # 250 + 20% x 200 = 290 USD and 120 + 10% x 100 = 130 USD, x 120 (the old engine: (384.40 + 60) x 120 = 53,328)
    bs, res = _run(A28, "2022-12-31")
    assert bs == {"1100": 61560, "1510": 50400, "3100": -100000, "3300": -5550, "3600": -6410}
    assert res.income_statement == {"4300": -3450}


def test_foreign_associate_year_after_the_step() -> None:
    bs, res = _run(A28, "2023-12-31")
    assert bs == {"1100": 61560, "1510": 58500, "3100": -100000, "3300": -9300, "3600": -10760}
    assert res.income_statement == {"4300": -3750}


def _bought_mid_year(tmp_path: Path) -> Path:
    """a-28 with the 10% bought on 2022-07-01 for 13,920 (USD 120 at 116) out of A's equity 1,150 then."""
    ws = tmp_path / "ws"
    shutil.copytree(A28, ws)
    group = (ws / "group.yaml").read_text()
    group = group.replace("- date: '2022-01-01'", "- date: '2022-07-01'").replace("cost: 13440", "cost: 13920")
    group = group.replace("    '3300': 100\n", "    '3300': 150\n")
    (ws / "group.yaml").write_text(group)
    with (ws / "rates.csv").open("a") as f:
        f.write("USD,2022-07-01,spot,116\n")
    tb = (ws / "ledger/trial_balances.csv").read_text().replace("61560", "61080").replace("38440", "38920")
    tb += ("A,2022-06-30,1100,,1150,\nA,2022-06-30,3100,,-1000,\nA,2022-06-30,3300,,-100,\n"
           "A,2022-06-30,4100,,-150,\nA,2022-06-30,5200,,100,\n")
    (ws / "ledger/trial_balances.csv").write_text(tb)
    return ws


def test_foreign_associate_bought_inside_the_year(tmp_path: Path) -> None:
    ws = _bought_mid_year(tmp_path)
    # 2022: share 20% x 100 x 115 + 10% x 50 x 115 = 2,875; carrying (290 + 120 + 10% x 50) x 120 = 49,800;
    # at historical rates 38,920 + 2,100 + 2,875 = 43,895, reserve 5,905
    bs, res = _run(ws, "2022-12-31")
    assert bs == {"1100": 61080, "1510": 49800, "3100": -100000, "3300": -4975, "3600": -5905}
    assert res.income_statement == {"4300": -2875}
    # 2023: retained 2,100 + 2,875 (the 2022 purchase's half year at 2022's average), share 30% x 100 x 125;
    # carrying (310 + 135) x 130 = 57,850; reserve 57,850 - 38,920 - 4,975 - 3,750 = 10,205
    bs, res = _run(ws, "2023-12-31")
    assert bs == {"1100": 61080, "1510": 57850, "3100": -100000, "3300": -8725, "3600": -10205}
    assert res.income_statement == {"4300": -3750}


def test_jgaap_goodwill_per_purchase() -> None:
    # goodwill 6,000 from 2021-01-01 and 3,000 from 2022-01-01, each over 60 months from its own day
    bs, res = _run(A29, "2022-12-31")
    assert bs == {"1100": 60000, "1510": 42150, "3100": -100000, "3300": -2150}
    assert res.income_statement == {"4300": -1250}
    am = [e for e in res.eliminations if e.kind == "goodwill_amortisation" and e.entity == "A"]
    assert sum(ln.amount for e in am for ln in e.lines if ln.account == "4300") == 1750


def test_jgaap_purchase_inside_the_year_earns_from_its_day() -> None:
    bs, res = _run(A29, "2023-12-31")
    assert bs == {"1100": 44500, "1510": 59100, "3100": -100000, "3300": -3600}
    assert res.income_statement == {"4300": -1450}


M2B = CASES.parent / "multinational/m-2b-associate-under-usd-holding/workspace"


def test_held_by_a_foreign_holder(tmp_path: Path) -> None:
    """m-2b with H (USD) buying 20% of A (USD) on 2023-01-01 for USD 8,000 and 10% more on 2024-01-01 for USD 3,600
    (A's equity 35,000 then, spot 140): the second tranche is USD 3,600 (not ¥504,000 at 130, USD 3,876.92) plus
    10% of A's change from 2024-01-01."""
    ws = tmp_path / "ws"
    shutil.copytree(M2B, ws)
    group = (ws / "group.yaml").read_text().replace("  share: 0.3\n  cost: 12000\n", "  share: 0.2\n  cost: 8000\n")
    group += ("- date: '2024-01-01'\n  holder: H\n  entity: A\n  share: 0.3\n  cost: 3600\n"
              "  equity_at_acquisition:\n    '3100': 20000\n    '3300': 15000\n")
    (ws / "group.yaml").write_text(group)
    with (ws / "rates.csv").open("a") as f:
        f.write("USD,2024-01-01,spot,140\n")
    tb = (ws / "ledger/trial_balances.csv").read_text()
    tb = tb.replace("H,2023-12-31,1100,,3000,", "H,2023-12-31,1100,,7000,").replace(
        "H,2023-12-31,1500,A,12000,", "H,2023-12-31,1500,A,8000,").replace(
        "H,2024-12-31,1100,,3600,", "H,2024-12-31,1100,,4000,").replace(
        "H,2024-12-31,1500,A,12000,", "H,2024-12-31,1500,A,11600,")
    (ws / "ledger/trial_balances.csv").write_text(tb)
    # 2023: (8,000 + 20% x 5,000) x 140 = 1,260,000
    bs, res = _run(ws, "2023-12-31")
    assert bs["1510"] == 1260000 and res.income_statement == {"4300": -135000}
    # 2024: (8,000 + 20% x 9,000) + (3,600 + 10% x 4,000) = 13,800 USD x 150 (the old engine: 2,186,538)
    bs, res = _run(ws, "2024-12-31")
    assert bs["1510"] == 2070000 and res.income_statement == {"4300": -261000}
    # the associate's reserve: 2,070,000 less 8,000 x 130 + 3,600 x 140 + 135,000 + 261,000 - 87,000 = 217,000
    em = [e for e in res.eliminations if e.kind == "equity_method" and e.entity == "A"]
    assert sum(ln.amount for e in em for ln in e.lines if ln.account == "3600" and ln.entity == "H") \
        == -217000 + (11600 * 150 - 1544000)


def test_jgaap_steps_then_a_sale_in_part(tmp_path: Path) -> None:
    """a-29 with a sale of 10% on 2023-07-01 for 15,000 instead of the third purchase (each step's goodwill its own,
    leaving pro rata with the part sold: a-33). By hand: carrying on 06-30 42,150 + 30% × 5,000 − (600 + 300) =
    42,750; a third sold 14,250, gain 750; goodwill left (3,100 + 2,150) × 2/3 = 3,500, 100 a month together
    (66.67 + 33.33), 600 to the year end; carrying 42,750 − 14,250 + 20% × 5,000 − 600 = 28,900 (20% × 130,000 +
    2,900). Before: refused, the sale's stretches carried one goodwill."""
    ws = tmp_path / "ws"
    shutil.copytree(A29, ws)
    group = (ws / "group.yaml").read_text().replace("  share: 0.4\n  cost: 15500\n", "  share: 0.2\n  cost: 15000\n")
    (ws / "group.yaml").write_text(group)
    tb = (ws / "ledger/trial_balances.csv").read_text().replace("P,2023-12-31,1100,,44500,", "P,2023-12-31,1100,,75000,")
    tb = tb.replace("P,2023-12-31,1500,A,55500,", "P,2023-12-31,1500,A,26667,").replace(
        "P,2023-12-31,3100,,-100000,", "P,2023-12-31,3100,,-100000,\nP,2023-12-31,4100,,-1667,")
    (ws / "ledger/trial_balances.csv").write_text(tb)
    _run(ws, "2022-12-31")  # before the sale
    res = Context.open(ws).consolidate("2023-12-31")
    (part,) = res.associate_sales
    assert (part.gain, part.carrying) == (Decimal(750), Decimal(14250))
    assert res.balance_sheet["1510"] == Decimal(28900)
