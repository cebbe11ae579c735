"""The translation reserve re-attributed on a change of interest keeping control (issue 10): a transaction with owners
(IAS 21.48C, IAS 1.106(d)(iii), IFRS 10.B96), never other comprehensive income.

Variants of tests/cases/nci/n-35 (n-27's group in 2022: P (JPY) 80% of S (USD) since 2021-01-01, no goodwill; S's
reserve 10,500 at 2021-12-31, 16,180 on 2022-07-01 (USD 1,160 × 115 − 117,220 at historical rates), 22,300 at
2022-12-31; S earns 6,720 to the day and 4,480 after, at the year's average 112). Each figure is worked in the test's
docstring; the worked cases n-21, n-29, n-34 to n-37 hold the others.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from renketsu.api import Context

N35 = Path(__file__).resolve().parent.parent / "cases" / "nci" / "n-35-foreign-nci-purchase-mid-year-the-year"

_PURCHASE = """- date: '2022-07-01'
  holder: P
  entity: S
  share: 0.9
  cost: 13000"""


def _variant(tmp_path: Path, share: str, cost: int, p_rows: dict[str, str]) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(N35 / "workspace", ws)
    group = (ws / "group.yaml").read_text(encoding="utf-8")
    assert _PURCHASE in group
    (ws / "group.yaml").write_text(group.replace(_PURCHASE, _PURCHASE.replace("share: 0.9", f"share: {share}")
                                                 .replace("cost: 13000", f"cost: {cost}")), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8")
    for old, new in p_rows.items():
        assert old in text
        text = text.replace(old, new)
    tb.write_text(text, encoding="utf-8")
    return ws


def _statement(ws: Path) -> tuple[dict, dict, dict]:
    out = Context.open(ws).consolidate("2022-12-31").to_json()
    assert all(c["ok"] for c in out["statement_checks"]), out["statement_checks"]
    eq = out["changes_in_equity"]
    return eq["3600"], eq["nci"], out["comprehensive_income"]


def test_all_the_nci_bought(tmp_path):
    """P buys the whole 20% on 2022-07-01 for ¥27,000 (80% → 100%). NCI moved 20% × 117,220 = 23,444 at historical
    rates + 20% × 16,180 = 3,236 of reserve re-attributed to the owners; capital surplus 27,000 − 23,444 = 3,556
    debit. OCI: owners 80% × 5,680 + 100% × 6,120 = 4,544 + 6,120 = 10,664; NCI 20% × 5,680 = 1,136. Owners' reserve
    8,400 + 10,664 + 3,236 = 22,300; NCI 24,200 + 1,344 + 1,136 − 23,444 − 3,236 = 0. (Main: OCI 13,900 and −2,100:
    with no NCI left at the closing the nci step posted nothing and the whole NCI's reserve fell in their OCI.)"""
    ws = _variant(tmp_path, "1.0", 27000, {"P,2022-12-31,1100,,17000": "P,2022-12-31,1100,,3000",
                                            "P,2022-12-31,1500,S,93000": "P,2022-12-31,1500,S,107000"})
    reserve, nci, ci = _statement(ws)
    assert (reserve["opening"], reserve["oci"], reserve["nci_transactions"], reserve["closing"]) == \
        ("8400", "10664", "3236", "22300")
    assert (nci["oci"], nci["nci_transactions"], nci["closing"]) == ("1136", "-26680", "0")
    assert (ci["owners"]["oci"], ci["nci"]["oci"]) == ("10664", "1136")


def test_a_sale_to_the_nci(tmp_path):
    """P sells 10% on 2022-07-01 for ¥14,000 (80% → 70%), its books taking out the average cost 10,000 with a gain
    of 4,000 (4950), which consolidation reverses. NCI + 10% × 117,220 = 11,722 at historical rates, capital surplus
    14,000 − 11,722 = 2,278 credit; reserve re-attributed to the NCI 10% × 16,180 = 1,618. OCI: owners 80% × 5,680 +
    70% × 6,120 = 4,544 + 4,284 = 8,828; NCI 20% × 5,680 + 30% × 6,120 = 1,136 + 1,836 = 2,972. Owners' reserve 8,400
    + 8,828 − 1,618 = 15,610 (70% × 22,300); NCI 24,200 + 2,688 (20% × 6,720 + 30% × 4,480) + 2,972 + 11,722 + 1,618
    = 43,200 (30% × USD 1,200 × 120). (Main: OCI 7,210 and 4,590.)"""
    ws = _variant(tmp_path, "0.7", 14000, {"P,2022-12-31,1100,,17000": "P,2022-12-31,1100,,44000\n"
                                                                        "P,2022-12-31,4950,,-4000",
                                            "P,2022-12-31,1500,S,93000": "P,2022-12-31,1500,S,70000"})
    reserve, nci, ci = _statement(ws)
    assert (reserve["oci"], reserve["nci_transactions"], reserve["closing"]) == ("8828", "-1618", "15610")
    assert (nci["profit"], nci["oci"], nci["nci_transactions"], nci["closing"]) == \
        ("2688", "2972", "13340", "43200")
    assert (ci["owners"]["oci"], ci["nci"]["oci"]) == ("8828", "2972")
