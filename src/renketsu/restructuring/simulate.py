"""Simulating a restructuring (docs/format.md §9): entity entries, entities after, consolidated before/after/change.

The simulation stands on the day before the effective date ``Pf``:

1. *before*: the real consolidation at ``Pf`` (its closed balance sheet), and the same
   position as a closed frame (see :mod:`.frames`) — the two must agree (a check);
2. the event's entries in each entity's own books (:mod:`.merger`, :mod:`.transactions`);
3. *after*: the closed frame with those entries and the group as the event leaves it,
   consolidated with the entries that keep a common-control event neutral;
4. the change, line by line; the Companies Act checks; the facts after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

from renketsu.consolidation import STEPS, ConsolidationResult, consolidate
from renketsu.consolidation.run import Frame
from renketsu.consolidation.stage import LegacyRun as Run
from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.money import amount_str, currency_decimals
from renketsu.model.types import Acquisition, Merger, Workspace

from .frames import Books, Position, closed_position


@dataclass
class EntityEntry:
    """An entry in one entity's own books, made by the event."""

    entity: str
    lines: list[tuple[str, Decimal, str | None]]
    reason: str


@dataclass
class Plan:
    """What an event does, as the kind-specific module works it out."""

    #: Books after the event (balance-sheet accounts, closed), by entity; dissolved entities absent.
    books_after: dict[str, Books]
    #: What the event books to income and expense, by entity.
    income_after: dict[str, Books]
    entries: list[EntityEntry]
    #: The workspace as the event leaves it (group structure, ic_stock...).
    ws_after: Workspace
    #: Consolidation entries that keep the event's consolidated effect right: ``f(run)`` posts them.
    consolidation_entries: list = field(default_factory=list)
    legal: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    dissolved: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The retained earnings account the event's income is closed into.
    retained_earnings: str = "retained_earnings"
    #: Partners that no longer exist after the event -> the company that took them over.
    renames: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SimulationResult:
    event: str
    kind: str
    effective: dt.date
    position_date: dt.date
    before: ConsolidationResult
    #: The day-before position closed and consolidated: the baseline the after frame is compared with.
    before_frame: ConsolidationResult
    after: ConsolidationResult
    plan: Plan
    group_decimals: int
    entity_decimals: dict[str, int]
    checks: list[dict]

    def _statements(self, bs: dict[str, Decimal], pl: dict[str, Decimal]) -> dict:
        d = self.group_decimals
        return {"balance_sheet": {k: amount_str(v, d) for k, v in sorted(bs.items()) if v != 0},
                "income_statement": {k: amount_str(v, d) for k, v in sorted(pl.items()) if v != 0}}

    def consolidated_change(self) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
        bs_before, bs_after = self.before.balance_sheet, self.after.balance_sheet
        bs = {k: bs_after.get(k, Decimal(0)) - bs_before.get(k, Decimal(0)) for k in set(bs_before) | set(bs_after)}
        return {k: v for k, v in bs.items() if v != 0}, self.event_income()

    def event_income(self) -> dict[str, Decimal]:
        """What the event books to consolidated income: the after frame's income statement less the before frame's."""
        pl_b, pl_a = self.before_frame.income_statement, self.after.income_statement
        diff = {k: pl_a.get(k, Decimal(0)) - pl_b.get(k, Decimal(0)) for k in set(pl_a) | set(pl_b)}
        return {k: v for k, v in diff.items() if v != 0}

    def to_json(self) -> dict:
        bs_change, pl_change = self.consolidated_change()
        entities_after: dict[str, dict[str, object]] = {}
        for entity, books in sorted(self.plan.books_after.items()):
            d = self.entity_decimals.get(entity, self.group_decimals)
            bs: dict[str, Decimal] = {}
            for (acc, _p), v in books.items():
                bs[acc] = bs.get(acc, Decimal(0)) + v
            pl: dict[str, Decimal] = {}
            for (acc, _p), v in self.plan.income_after.get(entity, {}).items():
                pl[acc] = pl.get(acc, Decimal(0)) + v
            if pl:  # closed like §8: what the event books to income sits in retained earnings too
                re_acc = self.plan.retained_earnings
                bs[re_acc] = bs.get(re_acc, Decimal(0)) + sum(pl.values(), Decimal(0))
            entities_after[entity] = {"balance_sheet": {k: amount_str(v, d) for k, v in sorted(bs.items()) if v != 0},
                                      "income_statement": {k: amount_str(v, d) for k, v in sorted(pl.items()) if v != 0}}
        for entity in self.plan.dissolved:
            entities_after[entity] = {"balance_sheet": {}, "income_statement": {}, "dissolved": True}
        return {
            "format": "renketsu.simulation/1",
            "event": self.event,
            "kind": self.kind,
            "effective": self.effective.isoformat(),
            "position_date": self.position_date.isoformat(),
            "currency": self.before.currency,
            "legal": [c.to_json() for c in self.plan.legal],
            "entities_after": entities_after,
            "entity_entries": [
                {"entity": e.entity, "reason": e.reason,
                 "lines": [{"account": a, "amount": amount_str(v, self.entity_decimals.get(e.entity, self.group_decimals)),
                            **({"partner": p} if p else {})} for a, v, p in e.lines if v != 0]}
                for e in self.plan.entries],
            "consolidated_before": self._statements(self.before.balance_sheet, {}),
            "consolidated_after": self._statements(self.after.balance_sheet, self.event_income()),
            "consolidated_change": self._statements(bs_change, pl_change),
            "consolidation_entries": [e.to_json(self.group_decimals) for e in self.after.eliminations
                                      if e.step == "restructuring"],
            "facts_after": [f.to_json() for f in self.plan.facts],
            "notes": list(self.plan.notes),
            "checks": self.checks,
        }


def _event_lines(plan: Plan, group) -> dict[str, dict[tuple[str, str | None], Decimal]]:
    """The event's entries in the entities' books, added up by entity, account and partner."""
    rep = group.reporting_currency
    wrong = sorted({e.entity for e in plan.entries if group.entities[e.entity].currency != rep})
    if wrong:
        raise RenketsuError([Problem("simulate.currency", f"{e} keeps its books in {group.entities[e].currency}: "
                                     f"events are simulated for companies booking in {rep}", None) for e in wrong])
    out: dict[str, dict[tuple[str, str | None], Decimal]] = {}
    for entry in plan.entries:
        lines = out.setdefault(entry.entity, {})
        for acc, amt, partner in entry.lines:
            lines[(acc, partner)] = lines.get((acc, partner), Decimal(0)) + amt
    return out


def _restructuring_step(plan: Plan):
    def step(run: Run) -> None:
        for post in plan.consolidation_entries:
            post(run)
    return step


def _check_position(ws: Workspace, ledger, day: dt.date, entities: list[str]) -> None:
    have = {e for e, periods in ledger.entity_periods().items() if day in periods}
    missing = [e for e in entities if e not in have]
    if missing:
        raise RenketsuError([Problem(
            "simulate.no_position",
            f"the simulation stands on {day}, the day before the effective date, but the ledger has no trial balance "
            f"then for {', '.join(missing)}", None,
            f"add their rows with period {day} to ledger/ (the event is simulated on the position that day)")])


def simulate(ctx, event_id: str) -> SimulationResult:
    ws: Workspace = ctx.workspace
    event = ws.events.get(event_id)
    if event is None:
        known = ", ".join(sorted(ws.events)) or "none"
        raise RenketsuError(Problem("simulate.unknown_event", f"no event {event_id!r} in events.yaml (events: {known})",
                                    None, "pass one of the event ids"))
    effective = event.effective if isinstance(event, Merger) else (
        event.holding.date if isinstance(event, Acquisition) else event.date)
    day = effective - dt.timedelta(days=1)
    group = ws.group
    own = ctx.ownership(day)
    involved = [e for e, eo in own.entities.items() if eo.method in ("parent", "full", "equity")]
    if isinstance(event, Merger):
        involved += [event.surviving, *event.absorbed]
        outside = [e for e in (event.surviving, *event.absorbed) if own.method(e) not in ("parent", "full")]
        if outside:
            raise RenketsuError([Problem(
                "simulate.merger_outside_group",
                f"event {event_id}: {e} is not controlled by the group on {day} (method {own.method(e)}): absorbing "
                "it, or being absorbed by it, is not a merger inside the group", event.source,
                "model the purchase first as kind: acquisition, or check the holdings") for e in outside])
    elif isinstance(event, Acquisition):
        involved += [event.holding.holder, event.holding.entity]
    else:
        involved += [event.holder, event.entity]
    _check_position(ws, ctx.ledger, day, sorted(set(involved)))

    before = ctx.consolidate(day)
    position = closed_position(group, ctx.ledger, day)
    before_frame = consolidate(ws, ctx.ledger, day, frame=Frame())

    if isinstance(event, Merger):
        from .merger import plan_merger

        plan = plan_merger(ws, event, own, position, before)
    elif isinstance(event, Acquisition):
        from .transactions import plan_acquisition

        plan = plan_acquisition(ws, event, own, position, before_frame)
    else:
        from .transactions import plan_disposal

        plan = plan_disposal(ws, event, own, position, before, before_frame)

    steps = (*STEPS, ("restructuring", _restructuring_step(plan)))
    after = consolidate(plan.ws_after, ctx.ledger, day, steps_=steps,
                        frame=Frame(lines=_event_lines(plan, group), renames=plan.renames))

    frames_agree = before_frame.balance_sheet == before.balance_sheet
    checks = [
        {"name": "before_position_agrees", "ok": frames_agree,
         "detail": "the closed position consolidates to the same balance sheet as the ledger" if frames_agree else
         "the closed position and the ledger consolidate differently: " + ", ".join(
             f"{k}: {before.balance_sheet.get(k, 0)} vs {before_frame.balance_sheet.get(k, 0)}"
             for k in sorted(set(before.balance_sheet) | set(before_frame.balance_sheet))
             if before.balance_sheet.get(k) != before_frame.balance_sheet.get(k))},
        *[{**c, "name": f"after.{c['name']}"} for c in after.checks],
    ]
    decimals = {e: (group.policies.decimals if group.policies.decimals is not None else currency_decimals(ent.currency))
                for e, ent in group.entities.items()}
    return SimulationResult(event_id, event.kind, effective, day, before, before_frame, after, plan, before.decimals, decimals, checks)


def replace_group(ws: Workspace, **changes) -> Workspace:
    return replace(ws, group=replace(ws.group, **changes))


__all__ = ["EntityEntry", "Plan", "Position", "SimulationResult", "replace_group", "simulate"]
