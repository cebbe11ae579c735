"""Every input check any command would make, for ``renketsu validate``.

Some problems of a workspace surface only when the engine works on it: a spot rate
needed at an acquisition, the equity at acquisition, earlier years' trial balances for
historical-rate translation, facts for a simulation. :func:`check_every_command`
runs the engine read-only, the way the commands do — consolidation at every fiscal
year end the ledger holds (the latest period when it holds none) and the simulation
of every event — and collects the problems (:class:`RenketsuError`) they raise, so
that ``validate`` says ok only when every command would accept the workspace.

Only RenketsuError is collected: any other exception is an engine defect and is
left to propagate.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from renketsu.model.errors import Problem, RenketsuError


def periods_to_check(ctx: Any) -> list[dt.date]:
    """The fiscal year ends at which the parent has a trial balance, else the ledger's latest period.

    (A period where only a subsidiary has rows is history for translation, not a period to consolidate;
    with opening.csv, periods up to its start date are its base, not periods to consolidate.)
    """
    g = ctx.workspace.group
    periods = ctx.periods()
    parent = set(ctx.ledger.entity_periods().get(g.parent, ()))
    ends = [p for p in periods if g.fiscal_year_end_for(p) == p and p in parent]
    opening = ctx.workspace.opening
    if opening is not None:  # from opening balances only the periods after the start date can be consolidated
        return [p for p in ends or periods[-1:] if p > opening.start]
    return ends or periods[-1:]


def check_every_command(ctx: Any) -> None:
    """Consolidate at every period of :func:`periods_to_check`, simulate every event; raise all problems found."""
    found: dict[str, Problem] = {}

    def attempt(fn: Any) -> None:
        try:
            fn()
        except RenketsuError as e:
            for p in e.problems:
                found.setdefault(str(p), p)

    for period in periods_to_check(ctx):
        attempt(lambda period=period: ctx.consolidate(period))
    for event_id in ctx.workspace.events:
        attempt(lambda event_id=event_id: ctx.simulate(event_id))
    if found:
        raise RenketsuError(list(found.values()))
