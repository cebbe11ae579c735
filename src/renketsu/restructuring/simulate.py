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
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from renketsu.consolidation import STEPS, ConsolidationResult, consolidate
from renketsu.consolidation.run import Frame
from renketsu.consolidation.stage import LegacyRun as Run
from renketsu.ledger import Ledger
from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.money import amount_str, book
from renketsu.model.types import Workspace
from renketsu.ownership import ownership_at

from .books import Chart, entity_decimals
from .frames import closed_position
from .inputs import PlanInputs
from .plan import ConsolidationEntry, Plan
from .planners import PLANNERS
from .queries import Earlier
from .rates import EventRates


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
        entities_after: dict[str, dict] = {}
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


def _event_lines(ws: Workspace, plan: Plan, rates: EventRates, decimals: int) -> dict[str, dict[tuple[str, str | None], Decimal]]:
    """The event's entries in the entities' books, in the reporting currency, added up by entity, account
    and partner. An entry in another currency is translated at the position date's closing rate, each
    line booked half-even; a residue goes to the ``rounding`` account."""
    group = ws.group
    rates.require((group.entities[e.entity].currency, f"the event's entries in {group.entities[e.entity].currency}")
                  for e in plan.entries)
    rounding = Chart(group).of("rounding")
    out: dict[str, dict[tuple[str, str | None], Decimal]] = {}
    for entry in plan.entries:
        rate = rates.of_entity(entry.entity)
        lines = out.setdefault(entry.entity, {})
        residue = Decimal(0)
        for acc, amt, partner in entry.lines:
            value = amt if rate == 1 else book(Fraction(amt) * rate, decimals)
            residue += value
            lines[(acc, partner)] = lines.get((acc, partner), Decimal(0)) + value
        if residue:
            lines[(rounding, None)] = lines.get((rounding, None), Decimal(0)) - residue
    return out


def post_entry(run: Run, entry: ConsolidationEntry) -> None:
    """Post one of the plan's consolidation entries (step ``restructuring``)."""
    lines: list[tuple[str, str, Fraction | Decimal | int]] = [
        (ln.entity, ln.account if ln.account is not None else run.role(ln.role or ""), ln.amount) for ln in entry.lines]
    if entry.balance_to is not None:
        entity, role = entry.balance_to
        lines.append((entity, run.role(role), -sum((Fraction(x[2]) for x in lines), Fraction(0))))
    run.book.post("restructuring", "restructuring", entry.entity, entry.partner, lines, entry.reason,
                  attribute_to=entry.attribute_to, event=True)


def _restructuring_step(plan: Plan):
    entries = tuple(plan.consolidation_entries)

    def step(run: Run) -> None:
        for entry in entries:
            post_entry(run, entry)
    return step


def _check_position(ledger: Ledger, day: dt.date, entities: list[str]) -> None:
    have = {e for e, periods in ledger.entity_periods().items() if day in periods}
    missing = [e for e in entities if e not in have]
    if missing:
        raise RenketsuError([Problem(
            "simulate.no_position",
            f"the simulation stands on {day}, the day before the effective date, but the ledger has no trial balance "
            f"then for {', '.join(missing)}", None,
            f"add their rows with period {day} to ledger/ (the event is simulated on the position that day)")])


def _before_position_check(before: ConsolidationResult, before_frame: ConsolidationResult) -> dict:
    agree = before_frame.balance_sheet == before.balance_sheet
    if agree:
        detail = "the closed position consolidates to the same balance sheet as the ledger"
    else:
        keys = sorted(set(before.balance_sheet) | set(before_frame.balance_sheet))
        detail = "the closed position and the ledger consolidate differently: " + ", ".join(
            f"{k}: {before.balance_sheet.get(k, 0)} vs {before_frame.balance_sheet.get(k, 0)}"
            for k in keys if before.balance_sheet.get(k) != before_frame.balance_sheet.get(k))
    return {"name": "before_position_agrees", "ok": agree, "detail": detail}


def simulate(ws: Workspace, ledger: Ledger, event_id: str) -> SimulationResult:
    """Simulate event ``event_id`` of the workspace on its ledger (docs/format.md §9)."""
    event = ws.events.get(event_id)
    if event is None:
        known = ", ".join(sorted(ws.events)) or "none"
        raise RenketsuError(Problem("simulate.unknown_event", f"no event {event_id!r} in events.yaml (events: {known})",
                                    None, "pass one of the event ids"))
    planner = PLANNERS[event.kind]
    effective = planner.effective(event)
    day = effective - dt.timedelta(days=1)
    group = ws.group
    own = ownership_at(group, day)
    involved = [e for e, eo in own.entities.items() if eo.method in ("parent", "full", "equity")]
    involved += planner.parties(event)
    if planner.check is not None:
        planner.check(event, own, day)
    _check_position(ledger, day, sorted(set(involved)))

    before = consolidate(ws, ledger, day)
    position = closed_position(group, ledger, day)
    before_frame = consolidate(ws, ledger, day, frame=Frame())
    chart = Chart(group)
    rates = EventRates(ws, day)
    plan = planner.plan(PlanInputs(ws, own, position, Earlier(before, chart), Earlier(before_frame, chart), chart, rates),
                        event)

    steps = (*STEPS, ("restructuring", _restructuring_step(plan)))
    after = consolidate(plan.ws_after, ledger, day, steps_=steps,
                        frame=Frame(lines=_event_lines(ws, plan, rates, before.decimals), renames=plan.renames))
    checks = [_before_position_check(before, before_frame), *[{**c, "name": f"after.{c['name']}"} for c in after.checks]]
    decimals = {e: entity_decimals(ws, e) for e in group.entities}
    return SimulationResult(event_id, event.kind, effective, day, before, before_frame, after, plan, before.decimals,
                            decimals, checks)


__all__ = ["SimulationResult", "post_entry", "simulate"]
