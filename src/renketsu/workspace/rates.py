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
from pathlib import Path

from renketsu.model.errors import Problems
from renketsu.model.types import Source, Workspace

#: (currency, date, kind, fallback kind or None) -> what needs the rate.
Missing = dict[tuple[str, dt.date, str, str | None], list[str]]


def report_missing(problems: Problems, root: str, missing: Missing) -> None:
    """One problem per missing rate, with the row to add."""
    path = f"{root}/rates.csv"
    exists = Path(path).is_file()
    for (currency, date, kind, fallback), whys in sorted(missing.items(), key=str):
        wanted = kind + (f" (or {fallback})" if fallback else "")
        needs = "; ".join(dict.fromkeys(whys))
        row = f"'{currency},{date},{kind},RATE'"
        hint = (f"add the row {row} to rates.csv" if exists else
                f"rates.csv does not exist yet: create it with the header 'currency,date,kind,rate' and the row {row}")
        problems.add("rate.missing", f"no {wanted} rate for {currency} at {date}: needed for {needs}", Source(path), hint)


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
    for entity, periods in entity_periods.items():
        ent = g.entities.get(entity)
        if ent is None or ent.currency == rep:
            continue
        for p in periods:
            if p == g.fiscal_year_end_for(p):
                need(ent.currency, p, "closing", f"translating {entity}'s assets and liabilities")
                need(ent.currency, p, "average", f"translating {entity}'s income and expense")
    for h in g.holdings:
        if last is None or h.date > last:
            continue
        held, holder = g.entities.get(h.entity), g.entities.get(h.holder)
        if held is not None and held.currency != rep:
            need(held.currency, h.date, "spot", f"equity of {h.entity} at acquisition", "closing")
        if holder is not None and holder.currency != rep and h.cost is not None:
            need(holder.currency, h.date, "spot", f"cost of {h.entity}", "closing")
    report_missing(problems, ws.root, missing)
