"""Several transactions with the NCI in one subsidiary (IFRS 10.23, B96; ASBJ 22 §§28–30): each change moves the
NCI's carrying amount at its own day — that after the last change plus the NCI's share of S's equity since — not
the NCI at control plus the ratio of the day × S's equity growth since control (which counted an earlier change
again). Variants of tests/cases/nci/n-26-several-nci-transactions (its README holds the base working)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from renketsu.api import Context

N26 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-26-several-nci-transactions" / "workspace"


def _copy(tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(N26, ws)
    return ws


def _bs(res) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in res.balance_sheet.items()}


def test_a_sale_then_a_purchase_in_one_year(tmp_path):
    """P 60% → sells 5% on 2022-04-01 for 6,000 (55%) → buys 15% on 2022-10-01 for 19,000 (70%).

    By hand: 04-01 S's equity 113,000, NCI 40% × 113,000 = 45,200 + 5% × 113,000 = 5,650 → 50,850 (45%), capital
    surplus 6,000 − 5,650 = 350 credit. 10-01 equity 119,000: NCI 50,850 + 45% × 6,000 = 53,550, moved 15/45 of it
    = 17,850 = 15% × 119,000 → 35,700 (30%), capital surplus 19,000 − 17,850 = 1,150 debit (the old engine moved
    (40,000 + 45% × 19,000) × 15/45 = 16,183.33). Year end: NCI 35,700 + 30% × 3,000 = 36,600 = 30% × 122,000;
    capital surplus net 800 debit; NCI's profit 40% × 3,000 + 45% × 6,000 + 30% × 3,000 = 4,800, owners 7,200;
    retained earnings 60% × 10,000 + 7,200 = 13,200. P's books: cash 40,000 + 6,000 − 19,000 = 27,000; investment
    60,000 − 5,000 + 19,000 = 74,000; gain 1,000 (reversed)."""
    ws = _copy(tmp_path)
    gy = ws / "group.yaml"
    text = gy.read_text(encoding="utf-8")
    text = text.replace("  share: 0.7\n  cost: 12000", "  share: 0.55\n  cost: 6000")
    text = text.replace("  share: 0.8\n  cost: 13000", "  share: 0.7\n  cost: 19000")
    text = text[:text.index("- date: '2023-07-01'")]
    gy.write_text(text, encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    rows = [r for r in tb.read_text(encoding="utf-8").splitlines()
            if not r.startswith(("P,2022-12-31", "P,2023", "S,2023"))]
    rows += ["P,2022-12-31,1100,,27000", "P,2022-12-31,1500,S,74000", "P,2022-12-31,3100,,-100000",
             "P,2022-12-31,4950,,-1000"]
    tb.write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    assert _bs(res) == {"1100": 109000, "1400": 40000, "3100": -100000, "3200": 800, "3300": -13200,
                        "3900": -36600}
    profit = res.to_json()["profit"]
    assert (profit["total"], profit["owners"], profit["nci"]) == ("12000", "7200", "4800")


def test_nci_at_fair_value(tmp_path):
    """n-26 with the NCI at fair value 44,000 at control (goodwill 60,000 + 44,000 − 100,000 = 4,000, the NCI's).

    By hand: 04-01 NCI 44,000 + 40% × 13,000 = 49,200, moved × 10/40 = 12,300 → 36,900, capital surplus
    12,000 − 12,300 = 300 credit. 10-01 NCI 36,900 + 30% × 6,000 = 38,700, moved × 10/30 = 12,900 → 25,800,
    capital surplus 13,000 − 12,900 = 100 debit (the old engine: (44,000 + 30% × 19,000) / 3 = 16,566.67).
    2022: NCI 25,800 + 20% × 3,000 = 26,400; capital surplus 200 credit; retained earnings 14,400.
    2023: the sale moves 10% × 126,000 = 12,600 (as a sale does: the NCI's share of S's net assets); NCI 26,400 +
    20% × 4,000 + 12,600 + 30% × 6,000 = 41,600; capital surplus 200 + 1,400 = 1,600 credit; retained earnings
    21,800; goodwill 4,000."""
    ws = _copy(tmp_path)
    gy = ws / "group.yaml"
    text = gy.read_text(encoding="utf-8")
    text = text.replace("  cost: 60000\n", "  cost: 60000\n  nci_measurement: fair_value\n  nci_fair_value: 44000\n")
    gy.write_text(text, encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    assert _bs(res) == {"1100": 121000, "1400": 40000, "1600": 4000, "3100": -100000, "3200": -1600,
                        "3300": -21800, "3900": -41600}
    before = Context.open(ws).consolidate("2022-12-31")
    assert _bs(before) == {"1100": 97000, "1400": 40000, "1600": 4000, "3100": -100000, "3200": -200,
                           "3300": -14400, "3900": -26400}


def test_nci_goodwill_left_after_two_purchases_and_a_sale(tmp_path):
    """test_nci_at_fair_value's group: the NCI's goodwill is theirs only for the part of their shares they keep.

    By hand: 4,000 at control (40%); the purchase of 10 of the 40 leaves 3,000, the one of 10 of the 30 leaves
    **2,000** (= NCI 26,400 − 20% × S's equity 122,000 at 2022-12-31); the sale of 2023 to the NCI leaves it whole
    (NCI 41,600 − 30% × 132,000 = **2,000**). The engine once reported 4,000 (the control date's) for both years."""
    ws = _copy(tmp_path)
    gy = ws / "group.yaml"
    text = gy.read_text(encoding="utf-8")
    text = text.replace("  cost: 60000\n", "  cost: 60000\n  nci_measurement: fair_value\n  nci_fair_value: 44000\n")
    gy.write_text(text, encoding="utf-8")
    for period in ("2022-12-31", "2023-12-31"):
        res = Context.open(ws).consolidate(period)
        assert Decimal(res.entities["S"]["nci_goodwill"]) == 2000, period
