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
