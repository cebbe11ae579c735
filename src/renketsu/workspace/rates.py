"""Exchange rates a workspace needs, checked before any consolidation (docs/format.md §4, §10.3).

``validate`` reports, for every entity keeping its books in another currency than the
reporting one: the closing and average rates at each fiscal year end its ledger holds,
and a spot (or closing) rate at each holding date that brings it in (equity at
acquisition) or at which a foreign holder pays (cost). Consolidating at another period
asks for that period's rates itself. One problem per missing (currency, date, kind),
naming everything that needs it, in the same words as the consolidation's.
"""

from __future__ import annotations

import datetime as dt

from renketsu.model.errors import Problems
from renketsu.model.types import Source, Workspace

from . import files

#: (currency, date, kind, fallback kind or None) -> what needs the rate.
Missing = dict[tuple[str, dt.date, str, str | None], list[str]]


#: How many of the things that need a rate a problem names before giving the count of the rest.
NAMED = 3


def report_missing(problems: Problems, root: str, missing: Missing) -> None:
    """One problem per missing currency and date (every kind it lacks), with the rows to add.

    A rate needed by many entities names the first :data:`NAMED` needs and the count of the others.
    """
    path = f"{root}/rates.csv"
    exists = files.kind(path) != "absent"
    by_day: dict[tuple[str, dt.date], list[tuple[str, str | None, list[str]]]] = {}
    for (currency, date, kind, fallback), whys in sorted(missing.items(), key=str):
        by_day.setdefault((currency, date), []).append((kind, fallback, whys))
    for (currency, date), kinds in sorted(by_day.items(), key=str):
        wanted = [kind + (f" (or {fallback})" if fallback else "") for kind, fallback, _ in kinds]
        needs = list(dict.fromkeys(w for _, _, whys in kinds for w in whys))
        shown = "; ".join(needs[:NAMED]) + (f"; and {len(needs) - NAMED} more" if len(needs) > NAMED else "")
        what = f"no {wanted[0]} rate for {currency} at {date}" + "".join(f", and no {w} rate" for w in wanted[1:])
        rows = [f"'{currency},{date},{kind},RATE'" for kind, _, _ in kinds]
        listed = rows[0] if len(rows) == 1 else ", ".join(rows[:-1]) + " and " + rows[-1]
        noun = "row" if len(rows) == 1 else "rows"
        hint = (f"add the {noun} {listed} to rates.csv" if exists else
                f"rates.csv does not exist yet: create it with the header 'currency,date,kind,rate' and the {noun} "
                f"{listed}")
        problems.add("rate.missing", f"{what}: needed for {shown}", Source(path), hint)


def check_rates(ws: Workspace, entity_periods: dict[str, list[dt.date]], problems: Problems) -> None:
    """Add a problem for every rate the workspace's fiscal year ends and holding dates need."""
    g = ws.group
    rep = g.reporting_currency
    have = {(r.currency, r.date, r.kind) for r in ws.rates}
    missing: Missing = {}

    def need(currency: str, date: dt.date, kind: str, why: str, fallback: str | None = None) -> None:
        if currency == rep or (currency, date, kind) in have or (fallback and (currency, date, fallback) in have):
            return
        missing.setdefault((currency, date, kind, fallback), []).append(why)

    last = max((p for ps in entity_periods.values() for p in ps), default=None)
    # Starting from opening balances (opening.csv), no rate before the start date is needed for the
    # entities it lists, and at the start date only the closing rate.
    start = ws.opening.start if ws.opening is not None else None
    opened = ws.opening.entities() if ws.opening is not None else set()
    for entity, periods in entity_periods.items():
        ent = g.entities.get(entity)
        if ent is None or ent.currency == rep:
            continue
        for p in periods:
            if p == g.fiscal_year_end_for(p):
                if start is not None and entity in opened and p < start:
                    continue
                need(ent.currency, p, "closing", f"translating {entity}'s assets and liabilities")
                if start is None or entity not in opened or p > start:
                    need(ent.currency, p, "average", f"translating {entity}'s income and expense")
    for h in g.holdings:
        if last is None or h.date > last:
            continue
        if start is not None and h.date <= start and h.entity in opened:
            continue
        held, holder = g.entities.get(h.entity), g.entities.get(h.holder)
        if held is not None and held.currency != rep:
            need(held.currency, h.date, "spot", f"equity of {h.entity} at acquisition", "closing")
        if holder is not None and holder.currency != rep and h.cost is not None:
            need(holder.currency, h.date, "spot", f"cost of {h.entity}", "closing")
    report_missing(problems, ws.root, missing)
