"""Trial balances fetched column by column equal the ones fetched row by row (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.ledger import store

CASES = Path(__file__).resolve().parents[1] / "cases"
NO_DATES = CASES / "acquisition" / "s-8-step-acquisition" / "workspace"
DATES = CASES / "statements" / "a-foreign-sub-fx-effect-nci-dividend" / "workspace"


@pytest.mark.parametrize(("case", "has_dates"), [(NO_DATES, False), (DATES, True)])
@pytest.mark.parametrize("dated", [None, "all"])
def test_column_fetch_gives_the_same_trial_balances(monkeypatch, case, has_dates, dated):
    ctx = Context.open(case)
    periods = ctx.ledger.periods()
    entities = sorted(ctx.workspace.group.entities) if dated else None
    by_row = ctx.ledger.local_tbs(periods, dated=entities)
    monkeypatch.setattr(store, "_NUMPY_FETCH", 0)
    fresh = Context.open(case)
    assert fresh.ledger._has_dates() is has_dates  # without dates, the column path
    by_column = fresh.ledger.local_tbs(periods, dated=entities)
    assert sum(len(tb) for tb in by_column.values()) > 5
    assert {k: sorted(tb.items(), key=str) for k, tb in by_column.items()} == \
        {k: sorted(tb.items(), key=str) for k, tb in by_row.items()}
    assert all(type(v) is type(by_row[k][key]) for k, tb in by_column.items() for key, v in tb.items())
