"""The comparative year shares the year's scan of the ledger (issue 12, item 2)."""

from __future__ import annotations

import json
from pathlib import Path

from renketsu.api import Context
from renketsu.ledger import Ledger

CASE = Path(__file__).resolve().parents[1] / "cases" / "statements" / "a-foreign-sub-fx-effect-nci-dividend" / "workspace"


def test_the_comparative_year_reads_no_period_again(monkeypatch):
    calls: list[list] = []
    original = Ledger._aggregate

    def counted(self, periods, entities, dated):
        calls.append(sorted(periods))
        return original(self, periods, entities, dated)

    ctx = Context.open(CASE)
    period = ctx.periods()[-1]
    monkeypatch.setattr(Ledger, "_aggregate", counted)
    res = ctx.consolidate(period)
    assert res.statements is not None and res.statements.comparative is not None  # the prior year ran
    assert len(calls) == 1, calls  # one scan for the year and its comparative year
    # the same result as a fresh context that reads the comparative year by itself first
    fresh = Context.open(CASE)
    monkeypatch.setattr(Ledger, "_aggregate", original)
    fresh.consolidate(ctx.periods()[-2])
    assert json.dumps(fresh.consolidate(period).to_json(), sort_keys=True) == json.dumps(res.to_json(), sort_keys=True)
