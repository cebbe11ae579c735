"""The statement set: availability, classification, the shape of the keys."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).parent.parent / "cases"
A = CASES / "statements" / "a-foreign-sub-fx-effect-nci-dividend" / "workspace"


def test_without_a_prior_year_the_statements_say_why():
    j = Context.open(CASES / "translation" / "a-foreign-sub-cta" / "workspace").consolidate("2021-12-31").to_json()
    assert "cash_flows" not in j and "changes_in_equity" not in j and "comparative" not in j
    assert "2020-12-31" in j["statements_unavailable"]
    assert [e["entity"] for e in j["notes"]["group_entities"]] == ["S"]
    assert j["notes"]["group_entities"][0] | {} == {"entity": "S", "name": "US Sub Inc.", "country": None,
                                                   "currency": "USD", "method": "full", "interest": "0.8",
                                                   "votes": "0.8"}


def test_first_year_in_the_ledger_has_no_comparative():
    j = Context.open(A).consolidate("2021-12-31").to_json()
    assert "comparative" not in j
    assert "the ledger holds no trial balance at the prior fiscal year end 2020-12-31" == j["statements_unavailable"]


def _copy_with(tmp_path: Path, cash_flow: dict[str, str]) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(A, ws)
    g = yaml.safe_load((ws / "group.yaml").read_text())
    for acc in g["accounts"]:
        if acc["id"] in cash_flow:
            acc["cash_flow"] = cash_flow[acc["id"]]
    (ws / "group.yaml").write_text(yaml.safe_dump(g, sort_keys=False))
    return ws


def test_classification_moves_a_line_and_keeps_the_sum(tmp_path: Path):
    """S borrows USD 100 more (liabilities 2200 classified financing): a financing line at the
    year's average rate, and the extra cash's translation in the FX effect."""
    ws = _copy_with(tmp_path, {"2200": "financing"})
    csv = ws / "ledger" / "trial_balances.csv"
    text = csv.read_text().replace("S,2022-12-31,2200,,-300,", "S,2022-12-31,2200,,-400,").replace(
        "S,2022-12-31,1100,,900,", "S,2022-12-31,1100,,1000,")
    csv.write_text(text)
    j = Context.open(ws).consolidate("2022-12-31").to_json()
    cf = j["cash_flows"]
    fin = {ln["key"]: Decimal(ln["amount"]) for ln in cf["financing"]["lines"]}
    assert fin["2200"] == 100 * 115  # USD 100 borrowed, at the year's average
    assert Decimal(cf["fx_effect"]) == 7700 + 100 * (120 - 115)
    checks = {c["name"]: c["ok"] for c in j["statement_checks"]}
    assert checks["cash_flows_reconcile"] and checks["equity_statement_rolls"]


def test_an_unknown_classification_is_refused(tmp_path: Path):
    ws = _copy_with(tmp_path, {"1400": "sideways"})
    with pytest.raises(RenketsuError) as e:
        Context.open(ws)
    msg = str(e.value)
    assert "group.yaml" in msg and "cash_flow" in msg, msg
