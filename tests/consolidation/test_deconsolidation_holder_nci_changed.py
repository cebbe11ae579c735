"""A holder's NCI ratio changed after the holder's own transaction with a subsidiary's NCI, and the subsidiary sold
(issue 10; docs/consolidation.md "The capital surplus of NCI transactions after a sale").

x-47 (tests/cases/deconsolidation/x-47-holder-nci-bought-after-its-sub-sold) pins the order change of H's NCI ratio
*after* the sale: P 80% of H, H 60% → 80% of S on 2022-01-01 for 25,000 (difference 3,000, H's NCI bearing 600, the
owners' capital surplus 2,400), H sells S on 2022-07-01 for 100,000, P buys 10% of H on 2023-01-01 for 12,000
(difference 500): capital surplus 2,900 debit, retained earnings 14,400, NCI 11,500.

These tests pin the other order — P buys 10% of H *before* the sale, on 2022-04-01 for 11,000 — worked by hand
before the engine ran (IFRS 10.23, B94, B96, B98–B99; ASBJ Statement 22 §§28–30). S earns 5,000 in each quarter
of 2022 to the sale (S's equity 110,000 on 2022-01-01, 115,000 on 2022-03-31, 120,000 on 2022-06-30).

- *2022-04-01*: H's net assets as consolidated 15,000 cash + 80% × 115,000 = 107,000 (= 100,000 + 60% × 10,000 −
  3,000 + 80% × 5,000); H's NCI 20% × 107,000 = 21,400, half moved **10,700**; price 11,000: difference **300**
  debit, the owners' capital surplus. In the engine's parts (docs/consolidation.md "NCI transactions at two
  levels"): 10,000 on H's own equity (difference 1,000), 1,000 of H's NCI's indirect share of S's equity since
  control (20% × 10,000 of H's share of it, half; credit 1,000), and (20% − 10%) × 3,000 = **300** of H's NCI's share
  of the S difference back to the owners' capital surplus (`investment._holder_nci_changed_differences`).
- From then S's NCI ratio 1 − 90% × 80% = 28%. Profit: S 10,000 (NCI 36% × 5,000 + 28% × 5,000 = 3,200) and the
  gain 100,000 + 20% × 120,000 − 120,000 = 4,000 attributed to H (its NCI 10%: 400): **14,000**, NCI **3,600**,
  owners **10,400** (3,200 + 3,600 + 3,600).
- 2022: cash 109,000 + 115,000 = **224,000**; capital surplus 2,400 + 300 = **2,700** debit; retained earnings
  4,800 + 10,400 = **15,200**; NCI **11,500** = 10% × 115,000 (65,200 − 22,000 − 600 − 10,700 + 3,600 − 24,000).
- 2023 (nothing happens): the same balance sheet; the 2,700 stays in capital surplus.

Before the fix the 300 was posted about H, not carried with S's position: 2022 capital surplus 2,400 and NCI 11,200
(H's NCI bearing the whole 600 still), 2023 capital surplus 2,400 and retained earnings 14,900, the equity statement
not rolling.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

X47 = Path(__file__).resolve().parents[1] / "cases" / "deconsolidation" / "x-47-holder-nci-bought-after-its-sub-sold" \
    / "workspace"

_P_2023 = """- date: '2023-01-01'
  holder: P
  entity: H
  share: 0.9
  cost: 12000
  equity_at_acquisition:
    '3100': 100000
    '3300': 15000
"""
_Q1 = """S,2022-03-31,1100,,55000,
S,2022-03-31,1400,,70000,
S,2022-03-31,2200,,-10000,
S,2022-03-31,3100,,-100000,
S,2022-03-31,3300,,-10000,
S,2022-03-31,4100,,-7500,
S,2022-03-31,5200,,2500,
H,2022-03-31,1100,,15000,
H,2022-03-31,1500,S,85000,
H,2022-03-31,3100,,-100000,
"""


def _edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _before_the_sale(tmp_path: Path, framework: str) -> Path:
    """x-47 with P's purchase of 10% of H moved to 2022-04-01, for 11,000 (before H sells S)."""
    ws = tmp_path / f"x47-{framework}"
    shutil.copytree(X47, ws)
    g = ws / "group.yaml"
    _edit(g, (_P_2023, ""), ("- date: '2022-07-01'\n  holder: H",
                             "- date: '2022-04-01'\n  holder: P\n  entity: H\n  share: 0.9\n  cost: 11000\n"
                             "- date: '2022-07-01'\n  holder: H"))
    if framework == "jgaap":
        _edit(g, ("framework: ifrs\npolicies:\n  nci_measurement: proportionate\n",
                  "framework: jgaap\npolicies:\n  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n"))
    tb = ws / "ledger" / "trial_balances.csv"
    _edit(tb, ("P,2022-12-31,1100,,120000,\nP,2022-12-31,1500,H,80000,", "P,2022-12-31,1100,,109000,\nP,2022-12-31,1500,H,91000,"),
          ("P,2023-12-31,1100,,108000,\nP,2023-12-31,1500,H,92000,", "P,2023-12-31,1100,,109000,\nP,2023-12-31,1500,H,91000,"))
    with tb.open("a", encoding="utf-8") as f:
        f.write(_Q1)
    return ws


def _ok(res) -> None:
    j = res.to_json()
    assert all(c["ok"] for c in j["checks"]), j["checks"]
    assert all(c["ok"] for c in j["statement_checks"]), j["statement_checks"]


@pytest.mark.parametrize("framework", ["ifrs", "jgaap"])
def test_holder_nci_bought_before_the_sale_year_of_the_sale(tmp_path, framework):
    """2022: H's NCI's 300 share of the S difference moved to the owners' capital surplus is carried with S's
    position (capital surplus 2,700 debit, NCI 11,500), both frameworks (no goodwill)."""
    res = Context.open(_before_the_sale(tmp_path, framework)).consolidate("2022-12-31")
    expected = {"1100": 224000, "3100": -200000, "3200": 2700, "3300": -15200, "3900": -11500}
    assert {k: v for k, v in res.balance_sheet.items() if v} == {k: Decimal(v) for k, v in expected.items()}
    assert (res.profit_total, res.profit_nci) == (Decimal(14000), Decimal(3600))
    _ok(res)


@pytest.mark.parametrize("framework", ["ifrs", "jgaap"])
def test_holder_nci_bought_before_the_sale_year_after(tmp_path, framework):
    """2023 (nothing happens): capital surplus 2,700 debit and retained earnings 15,200 as 2022 closed, NCI 11,500;
    the equity statement rolls."""
    res = Context.open(_before_the_sale(tmp_path, framework)).consolidate("2023-12-31")
    expected = {"1100": 224000, "3100": -200000, "3200": 2700, "3300": -15200, "3900": -11500}
    assert {k: v for k, v in res.balance_sheet.items() if v} == {k: Decimal(v) for k, v in expected.items()}
    assert res.profit_total == 0
    _ok(res)


def test_x47_under_jgaap(tmp_path):
    """x-47 under jgaap (no goodwill, so nothing amortised): the same figures — capital surplus 2,900 debit, retained
    earnings 14,400, NCI 11,500 in 2023."""
    ws = tmp_path / "x47"
    shutil.copytree(X47, ws)
    _edit(ws / "group.yaml", ("framework: ifrs\npolicies:\n  nci_measurement: proportionate\n",
                              "framework: jgaap\npolicies:\n  nci_measurement: proportionate\n"
                              "  goodwill_amortisation_years: 10\n"))
    res = Context.open(ws).consolidate("2023-12-31")
    expected = {"1100": 223000, "3100": -200000, "3200": 2900, "3300": -14400, "3900": -11500}
    assert {k: v for k, v in res.balance_sheet.items() if v} == {k: Decimal(v) for k, v in expected.items()}
    _ok(res)


def _with_goodwill(tmp_path: Path) -> Path:
    """The jgaap group above with H paying 72,000 for its 60% of S: goodwill 12,000 over 10 years, 100 a month from
    the month after control (H's books: cash 28,000 in 2021, 3,000 after buying S's 20%, 103,000 after the sale; gain
    in its books 100,000 − 97,000 = 3,000)."""
    ws = _before_the_sale(tmp_path, "jgaap")
    _edit(ws / "group.yaml", ("  holder: H\n  entity: S\n  share: 0.6\n  cost: 60000\n",
                              "  holder: H\n  entity: S\n  share: 0.6\n  cost: 72000\n"))
    _edit(ws / "ledger" / "trial_balances.csv",
          ("H,2021-12-31,1100,,40000,\nH,2021-12-31,1500,S,60000,", "H,2021-12-31,1100,,28000,\nH,2021-12-31,1500,S,72000,"),
          ("H,2022-12-31,1100,,115000,\nH,2022-12-31,3100,,-100000,\nH,2022-12-31,4950,S,-15000,",
           "H,2022-12-31,1100,,103000,\nH,2022-12-31,3100,,-100000,\nH,2022-12-31,4950,S,-3000,"),
          ("H,2023-12-31,1100,,115000,\nH,2023-12-31,3100,,-100000,\nH,2023-12-31,3300,,-15000,",
           "H,2023-12-31,1100,,103000,\nH,2023-12-31,3100,,-100000,\nH,2023-12-31,3300,,-3000,"),
          ("H,2022-03-31,1100,,15000,\nH,2022-03-31,1500,S,85000,", "H,2022-03-31,1100,,3000,\nH,2022-03-31,1500,S,97000,"))
    return ws


def test_holder_goodwill_amortised_then_its_nci_bought_then_sold_year_after(tmp_path):
    """H's goodwill in S amortised (jgaap), P buying 10% of H on 2022-04-01, H selling S on 2022-07-01; 2023, worked
    by hand before the engine ran. 2021: amortisation 1,100 (11 months), H's NCI bearing 220; profit 8,900, NCI
    4,980, owners 3,920. 2022-04-01: H's net assets as consolidated 100,000 + 6,000 − 3,000 + 4,000 − 1,400 (14
    months) = 105,600, half of H's NCI 21,120 moved, 10,560; price 11,000: difference 440 (of it (20% − 10%) × 1,400
    = 140 of H's NCI's share of the amortisation, posted about S so that the sale carries it). The sale: H's carrying
    amount 80% × 120,000 + 12,000 − 1,700 = 106,300, loss 6,300 (H's NCI 10%: −630). 2022 profit 10,000 − 600 −
    6,300 = 3,100; NCI 1,800 − 60 + 1,400 − 30 − 630 = 2,480, owners 620. Balance sheet (2022 and 2023): cash
    109,000 + 103,000 = 212,000; capital surplus 2,400 + 440 = 2,840 debit; retained earnings 3,920 + 620 = 4,540;
    NCI 10,300 = 10% × 103,000. Before the fix 2023 read capital surplus 2,700 and retained earnings 4,400."""
    res = Context.open(_with_goodwill(tmp_path)).consolidate("2023-12-31")
    expected = {"1100": 212000, "3100": -200000, "3200": 2840, "3300": -4540, "3900": -10300}
    assert {k: v for k, v in res.balance_sheet.items() if v} == {k: Decimal(v) for k, v in expected.items()}
    _ok(res)


def test_holder_goodwill_amortised_then_its_nci_bought_then_sold_year_of_the_sale_is_refused(tmp_path):
    """The year of that sale: H's NCI's share of the amortisation carried to the sale is not split at the ratios
    before and after P's purchase (the engine gave profit to owners 590, not 620, and capital surplus 2,700, not
    2,840): refused, naming H, S and the day of the change."""
    with pytest.raises(RenketsuError) as err:
        Context.open(_with_goodwill(tmp_path)).consolidate("2022-12-31")
    (p,) = [p for p in err.value.problems if p.kind == "deconsolidation.holder_goodwill_moved"]
    assert "H's goodwill in S was amortised" in p.message and "2022-04-01" in p.message
