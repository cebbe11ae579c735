"""Step ``adjustment`` — top-side consolidation adjustments from adjustments.csv.

Each adjustment id is one entry of kind ``adjustment``, posted as written (reporting
currency, never translated: a top-side adjustment of a foreign entity is an amount of
the group's, not of the entity's books), with the file's reason and rows in its
reason. An adjustment applies at its period and at every later period the group is
consolidated at, so that the equity it made stays in retained earnings: in a later
fiscal year its income and expense lines are booked on retained earnings (they were
that year's profit). A reversal (``reverses``) mirrors the adjustment it reverses:
from its period on, the two cancel.

An adjustment of a subsidiary with non-controlling interests is attributed to it: the
NCI bear their share of its effect on profit and retained earnings (like upstream
unrealised profit). The entity must be consolidated (the parent or a full subsidiary)
at the adjustment's period.
"""

from __future__ import annotations

import re
from collections import defaultdict
from fractions import Fraction

from renketsu.model.types import AdjustmentLine

from .entries import Entry
from .stage import Lines, StepIO

#: The tag the step writes at the end of an entry's reason: the id, and whether it is carried.
_TAG = re.compile(r"\[adjustments\.csv (?P<id>.+?)(?P<carried> carried from (?P<period>\d{4}-\d{2}-\d{2}))?\]$")


def adjustment_tag(entry: Entry) -> tuple[str, bool] | None:
    """(adjustment id, carried from an earlier fiscal year) of an entry this step posted, else None."""
    if entry.kind != "adjustment":
        return None
    m = _TAG.search(entry.reason)
    if m is None:
        return None
    return m.group("id"), m.group("carried") is not None


def adjustment(io: StepIO) -> None:
    """Post every adjustment whose period is on or before the run's period."""
    run = io.run
    by_id: dict[str, list[AdjustmentLine]] = defaultdict(list)
    for ln in run.ws.adjustments:
        if ln.period <= run.period:
            by_id[ln.id].append(ln)
    for aid, ls in by_id.items():
        first = ls[0]
        carried = first.period < run.real_fy_start
        if not _postable(io, aid, ls, own_period=first.period == run.period):
            continue
        re_acc = io.role("retained_earnings") if carried else None
        lines: Lines = []
        partners: dict[int, str] = {}
        for ln in ls:
            if ln.partner:
                partners[len(lines)] = ln.partner
            lines.append((ln.entity, re_acc if re_acc and run.is_profit(ln.account) else ln.account,
                          Fraction(ln.amount)))
        rows = ", ".join(str(ln.source.row) for ln in ls)
        what = f"reverses {first.reverses}: " if first.reverses else ""
        tag = f"{aid} carried from {first.period}" if carried else aid
        reason = f"top-side adjustment {what}{first.reason} (adjustments.csv rows {rows}) [adjustments.csv {tag}]"
        owner = first.entity
        attribute = owner if owner != run.group.parent and run.nci_ratio(owner) else None
        io.post("adjustment", owner, first.partner, lines, reason, attribute_to=attribute, line_partners=partners)


def _postable(io: StepIO, aid: str, ls: list[AdjustmentLine], own_period: bool) -> bool:
    """Whether every entity of the adjustment is consolidated; at its own period, a problem when not."""
    run = io.run
    bad = sorted({ln.entity for ln in ls if not run.is_consolidated(ln.entity)})
    if own_period:
        for ent in bad:
            where = next(ln.source for ln in ls if ln.entity == ent)
            io.problem("adjustment.entity_not_consolidated",
                       f"adjustment '{aid}' is booked on {ent}, which is not consolidated at {run.period} "
                       f"(method {run.own.method(ent)})", where,
                       "book top-side adjustments on the parent or a fully consolidated subsidiary")
    # later: an entity that left the group took the adjustment's effect with it
    return not bad


__all__ = ["adjustment", "adjustment_tag"]
