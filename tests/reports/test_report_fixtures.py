"""The hand-made fixtures hold the contract's invariants and agree with the shared cases."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml

from renketsu.reports.statements import account_breakdown

CASES = Path(__file__).resolve().parents[1] / "cases"
C03 = CASES / "investment" / "shared-c03-80pct-goodwill-dividend"
C08 = CASES / "merger" / "shared-c08-parent-absorbs-wholly-owned"


def test_c03_every_account_adds_up(c03_result):
    accounts = set(c03_result["balance_sheet"]) | set(c03_result["income_statement"])
    for c in c03_result["contributions"].values():
        accounts |= set(c)
    for a in accounts:
        b = account_breakdown(c03_result, a)
        assert b["total"] == b["reported"], a


def test_c03_balances_and_entries_net_to_zero(c03_result):
    assert sum(Decimal(v) for v in c03_result["balance_sheet"].values()) == 0
    assert -sum(Decimal(v) for v in c03_result["income_statement"].values()) == Decimal(c03_result["profit"]["total"])
    for e in c03_result["eliminations"]:
        assert sum(Decimal(ln["amount"]) for ln in e["lines"]) == 0, e["id"]
    for c in c03_result["contributions"].values():
        assert sum(Decimal(v) for v in c.values()) == 0


def test_c03_fixture_matches_expected(c03_result):
    exp = yaml.safe_load((C03 / "expected.yaml").read_text())["expect"]
    bs = {k: Decimal(v) for k, v in c03_result["balance_sheet"].items() if Decimal(v) != 0}
    assert bs == {str(k): Decimal(v) for k, v in exp["balance_sheet"].items()}
    assert {k: Decimal(v) for k, v in c03_result["income_statement"].items()} == \
        {str(k): Decimal(v) for k, v in exp["income_statement"].items()}
    assert {k: Decimal(v) for k, v in c03_result["profit"].items()} == \
        {k: Decimal(v) for k, v in exp["profit"].items()}


def test_c08_fixture_matches_expected(c08_sim):
    exp = yaml.safe_load((C08 / "expected.yaml").read_text())["expect"]
    for key in ("consolidated_before.balance_sheet", "consolidated_after.balance_sheet",
                "entities_after.P.balance_sheet", "entities_after.P.income_statement"):
        node = c08_sim
        for part in key.split("."):
            node = node[part]
        assert {k: Decimal(v) for k, v in node.items()} == {str(k): Decimal(v) for k, v in exp[key].items()}, key
    assert c08_sim["consolidated_change"] == {"balance_sheet": {}, "income_statement": {}}
