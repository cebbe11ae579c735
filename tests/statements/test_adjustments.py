"""adjustments.csv: validation (every problem with file and row) and the ``adjustment`` step."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).parent.parent / "cases"
A = CASES / "statements" / "a-foreign-sub-fx-effect-nci-dividend" / "workspace"
HEAD = "id,period,entity,account,partner,amount,reason,reverses\n"
ACCRUAL = ("A1,2021-12-31,S,5200,,1000,bonus accrued,\n"
           "A1,2021-12-31,S,2200,,-1000,bonus accrued,\n")
REVERSAL = ("R1,2022-12-31,S,5200,,-1000,S booked the bonus,A1\n"
            "R1,2022-12-31,S,2200,,1000,S booked the bonus,A1\n")


def _ws(tmp_path: Path, rows: str) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(A, ws)
    (ws / "adjustments.csv").write_text(HEAD + rows, encoding="utf-8")
    return ws


def _problems(ws: Path) -> list[str]:
    with pytest.raises(RenketsuError) as e:
        Context.open(ws)
    return [f"{p.kind} {p}" for p in e.value.problems]


def test_reversal_problems_are_all_reported(tmp_path: Path):
    rows = (ACCRUAL + REVERSAL
            + "R2,2022-12-31,S,5200,,-1000,again,A1\nR2,2022-12-31,S,2200,,1000,again,A1\n"
            + "R3,2021-12-31,S,5200,,-1000,same period,A1\nR3,2021-12-31,S,2200,,1000,same period,\n")
    got = _problems(_ws(tmp_path, rows))
    kinds = [g.split()[0] for g in got]
    assert kinds.count("adjustment.reversed_twice") == 2, got
    assert "adjustment.reverses_later" in kinds and "adjustment.mixed_reverses" in kinds, got
    assert all("adjustments.csv:" in g for g in got), got
    assert any("adjustments.csv:9" in g for g in got if g.startswith("adjustment.mixed_reverses")), got


def test_no_adjustments_file_changes_nothing(tmp_path: Path):
    base = Context.open(A).consolidate("2022-12-31").to_json()
    ws = _ws(tmp_path, "")
    assert Context.open(ws).consolidate("2022-12-31").to_json() == base


def test_adjustment_and_its_reversal(tmp_path: Path):
    ctx = Context.open(_ws(tmp_path, ACCRUAL + REVERSAL))
    y1 = ctx.consolidate("2021-12-31").to_json()
    assert Decimal(y1["profit"]["total"]) == 41000 - 1000
    adj = [e for e in y1["eliminations"] if e["kind"] == "adjustment"]
    assert len(adj) == 1 and adj[0]["step"] == "adjustment" and "bonus accrued" in adj[0]["reason"]
    assert "adjustments.csv rows 2, 3" in adj[0]["reason"]
    y2 = ctx.consolidate("2022-12-31").to_json()
    base = Context.open(A).consolidate("2022-12-31").to_json()
    assert y2["balance_sheet"] == base["balance_sheet"]
    assert Decimal(y2["profit"]["total"]) == 54500 + 1000
    assert all(c["ok"] for c in y2["statement_checks"]), y2["statement_checks"]
    assert y2["changes_in_equity"]["total"]["adjustments"] == "0"


def test_adjustment_on_an_entity_not_consolidated(tmp_path: Path):
    ws = _ws(tmp_path, "A1,2021-12-31,S,5200,,1000,x,\nA1,2021-12-31,S,2200,,-1000,x,\n")
    g = ws / "group.yaml"
    g.write_text(g.read_text().replace("  share: 0.8\n", "  share: 0.3\n"))
    ctx = Context.open(ws)
    with pytest.raises(RenketsuError) as e:
        ctx.consolidate("2021-12-31")
    kinds = [p.kind for p in e.value.problems]
    assert "adjustment.entity_not_consolidated" in kinds, kinds
    assert "adjustments.csv:2" in str(e.value)


def test_a_non_cash_account_is_added_back_in_operating(tmp_path: Path):
    """P depreciates 5,000 in 2022 onto accumulated depreciation classified non_cash: profit falls,
    cash does not; the depreciation is a non-cash line in operating and nothing else moves."""
    ws = _ws(tmp_path, "")
    g = ws / "group.yaml"
    g.write_text(g.read_text().replace("- id: '1500'\n", "- id: '1460'\n  name: Accumulated depreciation\n"
                                       "  type: asset\n  cash_flow: non_cash\n- id: '1500'\n", 1))
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text() + "P,2022-12-31,1460,,-5000,\nP,2022-12-31,5200,,5000,\n")
    cf = Context.open(ws).consolidate("2022-12-31").to_json()["cash_flows"]
    op = {ln["key"]: (ln["label"], Decimal(ln["amount"])) for ln in cf["operating"]["lines"]}
    assert op["profit"][1] == 54500 - 5000
    assert op["1460"] == ("Accumulated depreciation (non-cash)", Decimal(5000))
    assert Decimal(cf["operating"]["total"]) == 54500
    assert Decimal(cf["investing"]["total"]) == 0
