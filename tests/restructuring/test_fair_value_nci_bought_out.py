"""Outside shareholders whose NCI is measured at fair value, bought out in a merger in another currency (issue #10).

The worked cases are merger/s-28 (a USD holding absorbs its 80% USD subsidiary, cash to the 20%) and s-29 (the
same holding owned 80% by the group). Here the
same in a merger of sisters: s-14b (a JPY survivor absorbs an 80% USD sister held by the parent, cash to
every holder) with A's NCI at fair value. Both were refused (``simulate.currency``) before: the translation
difference on the NCI's own goodwill sits inside their NCI, not in the NCI step's share of the reserve.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from renketsu.api import Context

CASES = Path(__file__).parents[1] / "cases" / "merger"
S14B = CASES / "s-14b-jpy-survivor-absorbs-80pct-usd-sister-cash" / "workspace"


def test_s14b_with_the_nci_at_fair_value_passes_their_goodwill_difference_to_the_owners(tmp_path: Path):
    """s-14b with A's NCI at fair value USD 110,000 at acquisition (¥11,000,000 at 100; `nci_fair_value` is read in the
    subsidiary's currency; their 20% of the net
    assets USD 100,000: NCI goodwill USD 10,000). From the standards, before the engine was run: goodwill
    USD 50,000 × 110 = 5,500,000, of its translation the NCI's 10,000 × 10 = 100,000 inside the NCI; NCI
    before 20% × 66,000,000 + 1,100,000 = 14,300,000 (11,000,000 + 2,100,000 of profit + 1,100,000 of reserve
    + 100,000); the owners' reserve 4,800,000 as in s-14b. S (JPY) credits the outside shareholders 13,200,000
    + their goodwill 1,100,000 = 14,300,000 against ¥10,000,000: capital surplus 4,300,000; P's part 80% ×
    66,000,000 + P's goodwill 4,400,000 = 57,200,000 as in s-14b. After (IFRS 10.23, B96; IAS 21.48C): the NCI
    leaves for the cash; their exchange differences, 1,100,000 + 100,000 = 1,200,000, pass to the owners'
    reserve; capital surplus 4,300,000 − 1,200,000 = 3,100,000 (credit); goodwill stays 5,500,000; retained
    earnings unchanged."""
    ws = tmp_path / "s-14b-fv"
    shutil.copytree(S14B, ws)
    group = ws / "group.yaml"
    data = yaml.safe_load(group.read_text())
    for h in data["holdings"]:
        if h["entity"] == "A":
            h.update(nci_measurement="fair_value", nci_fair_value=110_000)
    group.write_text(yaml.safe_dump(data, sort_keys=False))
    sim = Context.open(ws).simulate("merge-a-2022").to_json()
    before = sim["consolidated_before"]["balance_sheet"]
    assert (before["1600"], before["3600"], before["3900"]) == ("5500000", "-4800000", "-14300000")
    assert sim["entities_after"]["S"]["balance_sheet"]["3200"] == "-21500000"
    assert sim["entities_after"]["S"]["balance_sheet"]["1600"] == "5500000"
    assert sim["consolidated_change"] == {
        "balance_sheet": {"1100": "-10000000", "3200": "-3100000", "3600": "-1200000", "3900": "14300000"},
        "income_statement": {}}
    assert sim["consolidated_after"]["balance_sheet"]["1600"] == "5500000"
    assert all(c["ok"] for c in sim["checks"])


def test_s14b_in_yen_with_the_nci_at_fair_value_credits_their_goodwill_once(tmp_path: Path):
    """The same with A booking in yen (its books × 100; NCI at fair value ¥11,000,000 at acquisition against
    their 20% of ¥50,000,000: NCI goodwill ¥1,000,000; P's goodwill 44,000,000 − 40,000,000 = 4,000,000). From
    the standards, before the engine was run: NCI before 20% × 60,000,000 + 1,000,000 = 13,000,000. S credits
    P's part 80% × 60,000,000 + P's goodwill 4,000,000 = 52,000,000 (capital surplus 12,000,000 after P's cash
    40,000,000) and the outside shareholders' 12,000,000 + their goodwill 1,000,000 = 13,000,000 (capital
    surplus 3,000,000 after their 10,000,000): 3200 −15,000,000 against goodwill 5,000,000 taken over once.
    After: the NCI leaves for the cash, capital surplus −3,000,000, nothing else. Before, P's part took the
    whole goodwill, the NCI's too, and the outside shareholders' theirs again: S credited 16,000,000, its books
    out by ¥1,000,000, which the consolidation after showed as a ``rounding`` loss, every check passing."""
    ws = tmp_path / "s-14b-fv-yen"
    shutil.copytree(S14B, ws)
    group = ws / "group.yaml"
    data = yaml.safe_load(group.read_text())
    for e in data["entities"]:
        if e["id"] == "A":
            e["currency"] = "JPY"
    for h in data["holdings"]:
        if h["entity"] == "A":
            h.update(nci_measurement="fair_value", nci_fair_value=11_000_000,
                     equity_at_acquisition={k: v * 100 for k, v in h["equity_at_acquisition"].items()})
    group.write_text(yaml.safe_dump(data, sort_keys=False))
    tb = ws / "ledger" / "trial_balances.csv"
    rows = []
    for r in tb.read_text().splitlines():
        if r.startswith("A,"):
            *head, amount = r.split(",")
            r = ",".join([*head, str(int(amount) * 100)])
        rows.append(r)
    tb.write_text("\n".join(rows) + "\n")
    sim = Context.open(ws).simulate("merge-a-2022").to_json()
    before = sim["consolidated_before"]["balance_sheet"]
    assert (before["1600"], before["3900"]) == ("5000000", "-13000000")
    assert sim["entities_after"]["S"]["balance_sheet"]["3200"] == "-15000000"
    assert sim["consolidated_change"] == {
        "balance_sheet": {"1100": "-10000000", "3200": "-3000000", "3900": "13000000"}, "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])
